//! Root hardening plans on the in-memory account only (moto cannot model the root user):
//! root key deletion and deactivation, root sessions, aliases, invalid specs, and
//! convergence after a failure at any write. The audit's scenarios are in `root_in_memory.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::sync::Arc;

use iam_bootstrap::client::layer::{FaultKind, Faults, Layered};
use iam_bootstrap::client::memory::{Caller, RootUser};
use iam_bootstrap::client::{AccessKeyStatus, CredentialOwner, InMemory, Operation};
use iam_bootstrap::{
    Aws, Change, Error, FindingStatus, PasswordPolicy, PreconditionReason, RootAccessKeys, RootChange,
    RootCheck, RootHardening, WaitConfig,
};

use FindingStatus::{Fail, Pass};

fn account(caller: Caller, root: RootUser) -> InMemory {
    InMemory::builder().caller(caller).root(root).build()
}

fn role() -> Caller {
    Caller::Role("Admin".parse().unwrap())
}

fn full_spec() -> RootHardening {
    RootHardening::builder()
        .password_policy(PasswordPolicy::cis())
        .account_alias("example-corp")
        .root_access_keys(RootAccessKeys::Delete)
        .build()
        .unwrap()
}

#[tokio::test]
async fn root_keys_are_deleted_when_signed_in_as_root_and_a_rerun_writes_nothing() {
    let memory = account(Caller::Root, RootUser::default().with_access_keys(2));
    let aws = Aws::in_memory(memory.clone());
    let plan = full_spec().plan(&aws).await.unwrap();
    let deletions = plan
        .changes
        .iter()
        .filter(|c| matches!(c, Change::Root(RootChange::DeleteRootAccessKey { .. })))
        .count();
    assert_eq!(deletions, 2, "{plan}");
    assert!(
        plan.changes[0]
            .to_string()
            .starts_with("delete root access key AKIAROOT"),
        "keys first: {plan}"
    );
    let outcome = plan.apply(&aws).await.unwrap();
    assert_eq!(outcome.calls.calls(Operation::DeleteAccessKey), 2);
    assert_eq!(
        outcome.calls.calls(Operation::GetCallerIdentity),
        1,
        "checked once per apply"
    );
    assert_eq!(memory.inventory().root_access_keys, 0);
    assert_eq!(memory.inventory().alias.as_deref(), Some("example-corp"));

    let again = full_spec().plan(&aws).await.unwrap();
    assert!(again.is_empty(), "{again}");
    assert_eq!(again.apply(&aws).await.unwrap().calls.writes(), 0);
    let report = full_spec().audit(&aws).await.unwrap();
    assert_eq!(report.status(RootCheck::RootAccessKeysAbsent), Some(Pass));
}

#[tokio::test]
async fn keys_can_be_deactivated_first_or_only() {
    let memory = account(Caller::Root, RootUser::default().with_access_keys(1));
    let aws = Aws::in_memory(memory.clone());
    let spec = RootHardening::builder()
        .root_access_keys(RootAccessKeys::Delete)
        .deactivate_before_delete(true)
        .build()
        .unwrap();
    let plan = spec.plan(&aws).await.unwrap();
    let lines: Vec<String> = plan.changes.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("deactivate root access key"), "{lines:?}");
    assert!(lines[1].starts_with("delete root access key"), "{lines:?}");

    let only = RootHardening::builder()
        .root_access_keys(RootAccessKeys::Deactivate)
        .build()
        .unwrap();
    only.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let keys = aws
        .iam()
        .list_access_keys(&CredentialOwner::Caller)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].status, AccessKeyStatus::Inactive);
    assert!(
        only.plan(&aws).await.unwrap().is_empty(),
        "inactive keys are converged for Deactivate"
    );
    // Deactivated keys still exist: the finding keeps failing until they are deleted.
    assert_eq!(
        only.audit(&aws)
            .await
            .unwrap()
            .status(RootCheck::RootAccessKeysAbsent),
        Some(Fail)
    );
    // Delete-first now has nothing to deactivate.
    let plan = spec.plan(&aws).await.unwrap();
    assert_eq!(plan.changes.len(), 1, "{plan}");
}

#[tokio::test]
async fn a_non_root_caller_that_requires_deletion_gets_a_typed_error_and_no_write() {
    let aws = Aws::in_memory(account(role(), RootUser::hardened().with_access_keys(1)));
    let spec = RootHardening::builder()
        .root_access_keys(RootAccessKeys::Delete)
        .require_root_caller(true)
        .password_policy(PasswordPolicy::cis())
        .build()
        .unwrap();
    let err = spec.plan(&aws).await.unwrap_err();
    let Error::Precondition {
        reason: PreconditionReason::NotRootSession { caller },
        remedy,
        ..
    } = &err
    else {
        panic!("expected a precondition error, got {err:?}");
    };
    assert!(caller.contains("assumed-role/Admin"), "{caller}");
    assert!(remedy.contains("sign in as the root user"), "{remedy}");
    assert!(remedy.contains("assume-root"), "{remedy}");
    assert!(
        remedy.contains("arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"),
        "{remedy}"
    );
    assert_eq!(aws.calls().writes(), 0);
}

#[tokio::test]
async fn a_non_root_caller_gets_a_manual_step_for_root_keys_by_default() {
    let aws = Aws::in_memory(account(role(), RootUser::hardened().with_access_keys(1)));
    let plan = full_spec().plan(&aws).await.unwrap();
    assert!(
        plan.changes
            .iter()
            .all(|c| !matches!(c, Change::Root(RootChange::DeleteRootAccessKey { .. }))),
        "the plan holds no change it cannot apply: {plan}"
    );
    let step = plan
        .manual_steps
        .iter()
        .find(|s| s.id == "root-access-keys")
        .unwrap();
    assert!(
        step.instructions
            .iter()
            .any(|i| i.contains("IAMDeleteRootUserCredentials")),
        "{step}"
    );
    assert!(step.verification.contains("AccountAccessKeysPresent=0"));
}

#[tokio::test]
async fn root_key_changes_applied_with_a_non_root_handle_are_refused() {
    let memory = account(Caller::Root, RootUser::default().with_access_keys(1));
    let aws = Aws::in_memory(memory.clone());
    let plan = full_spec().plan(&aws).await.unwrap();
    memory.set_caller(role());
    let err = plan.apply(&aws).await.unwrap_err();
    assert!(
        matches!(
            err.root_cause(),
            Error::Precondition {
                reason: PreconditionReason::NotRootSession { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(memory.inventory().root_access_keys, 1);
    assert_eq!(aws.calls().writes(), 0);
}

#[tokio::test]
async fn an_invalid_spec_makes_no_call() {
    let aws = Aws::in_memory(InMemory::new());
    let spec: RootHardening = serde_json::from_str(r#"{"root_usage_window_days": 0}"#).unwrap();
    let err = spec.plan(&aws).await.unwrap_err();
    assert!(
        matches!(err, Error::Validation(ref v) if v.field() == "root_usage_window_days"),
        "{err}"
    );
    let bad_policy: RootHardening =
        serde_json::from_str(r#"{"password_policy": {"minimum_password_length": 200}}"#).unwrap();
    assert!(matches!(bad_policy.audit(&aws).await, Err(Error::Validation(_))));
    assert_eq!(aws.calls().total(), 0);
}

#[tokio::test]
async fn an_alias_is_replaced_in_one_call() {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    aws.iam().create_account_alias("old-name").await.unwrap();
    let plan = full_spec().plan(&aws).await.unwrap();
    let alias = plan.changes.last().unwrap().to_string();
    assert_eq!(
        alias,
        "set the account alias to `example-corp` (replaces `old-name`)"
    );
    plan.apply(&aws).await.unwrap();
    assert_eq!(aws.iam().list_account_aliases().await.unwrap(), ["example-corp"]);
}

/// A handle on `memory` whose calls go through `faults`.
fn faulty(memory: &InMemory, faults: Faults) -> Aws {
    let layered = Layered::new(faults, Arc::new(memory.clone()), Arc::new(memory.clone()));
    let (iam, idc) = layered.into_arcs();
    Aws::new(iam, idc).with_waits(WaitConfig::fast())
}

#[tokio::test]
async fn convergent_after_a_failure_at_any_write() {
    let spec = RootHardening::builder()
        .password_policy(PasswordPolicy::cis())
        .account_alias("example-corp")
        .root_access_keys(RootAccessKeys::Delete)
        .deactivate_before_delete(true)
        .build()
        .unwrap();
    let fresh = || account(Caller::Root, RootUser::default().with_access_keys(2));
    let reference = fresh();
    let writes = {
        let aws = Aws::in_memory(reference.clone());
        spec.plan(&aws)
            .await
            .unwrap()
            .apply(&aws)
            .await
            .unwrap()
            .calls
            .writes()
    };
    assert_eq!(writes, 6, "2 deactivations, 2 deletions, policy, alias");
    for k in 1..=writes {
        let memory = fresh();
        let broken = faulty(&memory, Faults::new(k).fail_nth_write(k, FaultKind::Service));
        let err = spec
            .plan(&broken)
            .await
            .unwrap()
            .apply(&broken)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Apply { .. }), "write {k}: {err:?}");

        let aws = Aws::in_memory(memory.clone());
        let outcome = spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
        assert_eq!(
            outcome.calls.writes(),
            writes - (k - 1),
            "write {k}: the re-run only does what is left"
        );
        assert_eq!(memory.inventory(), reference.inventory(), "write {k}");
        assert!(spec.plan(&aws).await.unwrap().is_empty(), "write {k}");
    }
}
