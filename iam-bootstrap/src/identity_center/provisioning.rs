//! `ProvisionPermissionSet`: a permission set's changes reach accounts only when it is
//! provisioned again.
//!
//! A plan provisions every existing set whose content it changes, after the assignments, to
//! every account it is provisioned to and every account the spec assigns it in. A set the
//! plan creates is not provisioned separately: `CreateAccountAssignment` provisions the set
//! to its account, and every assignment of a new set is created by the same plan, after the
//! set's policies (a separate call would push the same content again). Applying lists
//! the accounts the set is provisioned to: if there are any, one call with
//! `ALL_PROVISIONED_ACCOUNTS` reaches them all; assigned accounts not among them (on AWS,
//! creating an assignment provisions its account, so normally none; moto does not) get a
//! call each. Each status is polled only while it is IN_PROGRESS (moto reports SUCCEEDED
//! at once and answers HTTP 500 to the status call).
//!
//! If a run stops between a content change and its provisioning, the re-plan sees a set
//! whose content matches the spec; it still provisions it when
//! `ListAccountsForProvisionedPermissionSet` with `LATEST_PERMISSION_SET_NOT_PROVISIONED`
//! names an account with an outdated copy (one read per unchanged set; skipped only for an
//! emulator that ignores the filter, as moto does: [`EmulatorGaps::provisioning_status_filter`](crate::EmulatorGaps::provisioning_status_filter)).

use crate::aws::Aws;
use crate::client::{Operation, ProvisionTarget, ProvisionedAccounts};
use crate::error::Result;
use crate::names::{AccountId, InstanceArn, PermissionSetArn};

use super::poll;

/// Whether some account holds a copy of the set older than its content: a change whose
/// provisioning never ran (the run that made it stopped first), which a re-run must finish.
/// Always `false` when the handle declares that its emulator ignores the filter
/// ([`EmulatorGaps::provisioning_status_filter`](crate::EmulatorGaps::provisioning_status_filter)).
pub(super) async fn has_outdated_copies(
    aws: &Aws,
    instance: &InstanceArn,
    set_arn: &PermissionSetArn,
) -> Result<bool> {
    if aws.emulator_gaps().provisioning_status_filter {
        return Ok(false);
    }
    let outdated = aws
        .identity_center()
        .list_accounts_for_provisioned_permission_set(instance, set_arn, ProvisionedAccounts::Outdated)
        .await?;
    Ok(!outdated.is_empty())
}

/// Pushes the set's current content to every account it is provisioned to and to
/// `assigned` (the accounts the spec assigns it in).
pub(super) async fn provision(
    aws: &Aws,
    instance: &InstanceArn,
    (set_arn, set_name): (&PermissionSetArn, &str),
    assigned: &[AccountId],
) -> Result<()> {
    let idc = aws.identity_center();
    let provisioned = idc
        .list_accounts_for_provisioned_permission_set(instance, set_arn, ProvisionedAccounts::All)
        .await?;
    let mut targets: Vec<ProvisionTarget> = assigned
        .iter()
        .filter(|a| !provisioned.contains(a))
        .map(|a| ProvisionTarget::Account(a.clone()))
        .collect();
    if !provisioned.is_empty() {
        targets.insert(0, ProvisionTarget::AllProvisioned);
    }
    if targets.is_empty() {
        tracing::info!(permission_set = set_name, "in no account: nothing to provision");
    }
    for target in &targets {
        let status = idc.provision_permission_set(instance, set_arn, target).await?;
        let what = format!("provisioning of permission set `{set_name}`");
        poll::settle(
            aws,
            Operation::ProvisionPermissionSet,
            &what,
            status,
            |request_id| async move {
                idc.describe_permission_set_provisioning_status(instance, &request_id)
                    .await
            },
        )
        .await?;
    }
    Ok(())
}
