//! A run that changes an assigned permission set and stops before provisioning it leaves
//! accounts with the previous copy. The re-plan must notice (IAM Identity Center lists those
//! accounts as `LATEST_PERMISSION_SET_NOT_PROVISIONED`) and provision again, then converge.
//!
//! In memory only: moto ignores the provisioning-status filter (it lists every provisioned
//! account), so it cannot show an outdated copy apart from a current one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use crate::support;

use std::sync::Arc;

use iam_bootstrap::client::layer::{FaultKind, Faults, Layered};
use iam_bootstrap::client::{IdentityCenterApi, InMemory, Operation, ProvisionedAccounts};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::{AdminProvisioning, Aws, WaitConfig};

fn admin(session: &str) -> AdminProvisioning {
    support::admin_builder(&support::accounts(2))
        .session_duration(session)
        .build()
        .unwrap()
}

fn aws(memory: &InMemory) -> Aws {
    Aws::in_memory(memory.clone())
        .with_waits(WaitConfig::fast())
        .with_rate_limit(None)
}

/// The accounts whose copy of the admin set is outdated, asked as the plan asks.
async fn outdated(memory: &InMemory) -> Vec<AccountId> {
    let instance = memory.list_instances().await.unwrap().remove(0);
    let sets = memory.list_permission_sets(&instance.arn).await.unwrap();
    assert_eq!(sets.len(), 1);
    memory
        .list_accounts_for_provisioned_permission_set(&instance.arn, &sets[0], ProvisionedAccounts::Outdated)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_change_that_was_never_provisioned_is_provisioned_by_the_rerun() {
    let memory = InMemory::builder().build();
    admin("PT1H")
        .plan(&aws(&memory))
        .await
        .unwrap()
        .apply(&aws(&memory))
        .await
        .unwrap();
    // Assignments provisioned the new set: every account holds its latest copy.
    assert!(outdated(&memory).await.is_empty());

    // The run that lengthens the session dies at its provisioning call.
    let faults = Faults::new(1).fail_operation(Operation::ProvisionPermissionSet, 1, FaultKind::Service);
    let (iam, idc) =
        Layered::new(faults.clone(), Arc::new(memory.clone()), Arc::new(memory.clone())).into_arcs();
    let faulty = Aws::new(iam, idc)
        .with_waits(WaitConfig::fast())
        .with_rate_limit(None);
    let longer = admin("PT2H");
    longer
        .plan(&faulty)
        .await
        .unwrap()
        .apply(&faulty)
        .await
        .unwrap_err();
    assert_eq!(faults.injected(), 1);
    assert_eq!(
        outdated(&memory).await.len(),
        2,
        "both accounts hold the 1-hour copy"
    );

    // The set itself now matches the spec; the re-plan still provisions it, and only that.
    let clean = aws(&memory);
    let plan = longer.plan(&clean).await.unwrap();
    let changes: Vec<String> = plan.changes.iter().map(ToString::to_string).collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(
        changes[0].starts_with("provision permission set `AdministratorAccess`"),
        "{changes:?}"
    );
    plan.apply(&clean).await.unwrap();
    assert!(outdated(&memory).await.is_empty());
    assert!(longer.plan(&clean).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_converged_set_costs_one_read_to_know_its_copies_are_current() {
    let memory = InMemory::builder().build();
    let spec = admin("PT1H");
    spec.plan(&aws(&memory))
        .await
        .unwrap()
        .apply(&aws(&memory))
        .await
        .unwrap();
    let again = aws(&memory);
    assert!(spec.plan(&again).await.unwrap().is_empty());
    assert_eq!(
        again
            .calls()
            .calls(Operation::ListAccountsForProvisionedPermissionSet),
        1
    );
    assert_eq!(again.calls().writes(), 0);
}
