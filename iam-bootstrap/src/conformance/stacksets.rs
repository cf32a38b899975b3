//! A role rolled out to an OU with a service-managed StackSet, on the organization
//! [`build_tree`] makes: planned per account, applied, converged, updated only when the
//! template changes as a policy (not as text), and never adopted when not owned.
//!
//! What both peers share is checked here. What moto (5.2) does not model is left to the
//! in-memory engine's own tests (tests/offline/org_stacksets.rs): moto runs every operation
//! to SUCCEEDED at once (no RUNNING, no per-account failure, no `OperationInProgress`), lists
//! no per-account results for an operation that targets OUs, expands an OU target one level
//! deep only (so this scenario targets Prod, whose nested OU is one level down), deploys to
//! accounts that are not ACTIVE, ignores automatic deployment and does not implement drift
//! detection at all.

use std::collections::BTreeSet;

use super::organizations::{BuiltTree, build_tree};
use super::{Check, Failure, ensure, ensure_eq, unique};
use crate::Aws;
use crate::client::{NewStackSet, StackSetOperationStatus};
use crate::error::{Error, PreconditionReason};
use crate::names::{AccountId, StackSetName};
use crate::organization::AccountSelectorBuilder;
use crate::policy::PolicyDocument;
use crate::roles::{RoleSpec, Trust};
use crate::stacksets::{OperationPreferencesBuilder, OrgStackSet, StackSetChange};

fn role(actions: &[&str]) -> Result<RoleSpec, Failure> {
    Ok(RoleSpec::builder("org-audit-read")
        .trust(Trust::account_with_mfa("123456789012"))
        .inline_policy("read", PolicyDocument::allow(actions.iter().copied(), ["*"]))
        .build()?)
}

fn rollout(name: &str, role: RoleSpec) -> Result<OrgStackSet, Failure> {
    Ok(OrgStackSet::role(role)
        .name(name)
        .target(AccountSelectorBuilder::ou("Root/Workloads/Prod"))
        .region("us-east-1")
        .preferences(
            OperationPreferencesBuilder::new()
                .max_concurrent_percentage(50)
                .failure_tolerance_percentage(10),
        )
        .build()?)
}

/// Plan, apply, converge, update as a policy, refuse the unowned.
pub async fn org_stack_set_rolls_out_and_converges(aws: &Aws) -> Check {
    let tree: BuiltTree = build_tree(aws).await?;
    let expected: BTreeSet<AccountId> = tree
        .prod_accounts
        .iter()
        .chain(&tree.payments_accounts)
        .filter(|id| !tree.closed.contains(*id))
        .cloned()
        .collect();
    let name = unique("org-roles");
    let spec = rollout(&name, role(&["s3:GetObject", "s3:ListBucket"])?)?;

    let plan = spec.plan(aws).await?;
    ensure_eq(
        plan.change.clone(),
        Some(StackSetChange::Create),
        "the first plan's change",
    )?;
    let planned: BTreeSet<AccountId> = plan.add.iter().map(|key| key.account.clone()).collect();
    ensure_eq(
        &planned,
        &expected,
        "accounts planned (ACTIVE, nested OU included)",
    )?;
    ensure_eq(plan.add.len(), expected.len(), "instances planned (one region)")?;

    let outcome = plan.apply(aws).await?;
    ensure(outcome.is_success(), || format!("the rollout failed: {outcome}"))?;
    ensure(
        outcome
            .operations
            .iter()
            .all(|op| op.status == StackSetOperationStatus::Succeeded && op.polls >= 1),
        || format!("operations: {:?}", outcome.operations),
    )?;
    // Per-account results, where the peer lists them (moto lists none for OU targets).
    ensure(
        outcome
            .accounts
            .iter()
            .filter(|a| a.region.is_some())
            .all(|a| matches!(a.status, crate::stacksets::AccountStatus::Succeeded)),
        || format!("accounts: {:?}", outcome.accounts),
    )?;
    let set_name = StackSetName::new(name.as_str())?;
    let instances = aws.cloudformation().list_stack_instances(&set_name).await?;
    let deployed: BTreeSet<AccountId> = instances.iter().map(|i| i.account.clone()).collect();
    ensure(deployed.is_superset(&expected), || {
        format!("deployed {deployed:?}, expected at least {expected:?}")
    })?;

    // Converged: nothing to do, and applying writes nothing.
    let again = spec.plan(aws).await?;
    ensure(again.is_empty(), || format!("the re-plan is not empty:\n{again}"))?;
    let before = aws.calls().writes();
    let outcome = again.apply(aws).await?;
    ensure_eq(aws.calls().writes() - before, 0, "writes of a converged apply")?;
    ensure_eq(outcome.calls.writes(), 0, "writes counted by the converged apply")?;

    // The same policy written differently is the same template.
    let reordered = rollout(&name, role(&["s3:ListBucket", "s3:GetObject"])?)?;
    let same = reordered.plan(aws).await?;
    ensure(same.is_empty(), || {
        format!("a reordered policy made a plan:\n{same}")
    })?;

    // A real change updates the StackSet and every instance.
    let changed = rollout(
        &name,
        role(&["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"])?,
    )?;
    let plan = changed.plan(aws).await?;
    ensure(
        matches!(&plan.change, Some(StackSetChange::Update { differences }) if differences.iter().any(|d| d.contains("PolicyDocument"))),
        || format!("expected a policy update, got {:?}", plan.change),
    )?;
    ensure_eq(plan.update.len(), expected.len(), "instances updated")?;
    let outcome = plan.apply(aws).await?;
    ensure(outcome.is_success(), || format!("the update failed: {outcome}"))?;
    ensure(
        outcome
            .operations
            .iter()
            .all(|op| op.status == StackSetOperationStatus::Succeeded),
        || format!("operations: {:?}", outcome.operations),
    )?;
    let settled = changed.plan(aws).await?;
    ensure(settled.is_empty(), || {
        format!("the update did not converge:\n{settled}")
    })?;

    // A StackSet of the name that the library did not create is refused, not adopted.
    let foreign = StackSetName::new(unique("foreign"))?;
    aws.cloudformation()
        .create_stack_set(&NewStackSet::new(foreign.clone(), r#"{"Resources":{}}"#))
        .await?;
    let intruder = rollout(foreign.as_str(), role(&["s3:GetObject"])?)?;
    match intruder.plan(aws).await {
        Err(Error::Precondition {
            reason: PreconditionReason::StackSetNotOwned { name },
            ..
        }) if name == foreign.as_str() => {}
        other => return Err(Failure(format!("expected StackSetNotOwned, got {other:?}"))),
    }
    Ok(())
}
