//! AWS's rule for a delegated administrator of IAM Identity Center: it cannot create or
//! change account assignments in the organization's management account, nor change a
//! permission set provisioned there. AWS refuses such a write only when it is made, after
//! the writes before it, so a plan that reads the organization checks it first.

use std::collections::BTreeMap;

use crate::aws::Aws;
use crate::client::ProvisionedAccounts;
use crate::error::{Error, PreconditionReason, Result};
use crate::identity_center::IdentityCenterChange;
use crate::names::{AccountId, InstanceArn, PermissionSetArn};
use crate::plan::{Change, Plan};

fn refused(management: &AccountId, what: String) -> Error {
    Error::Precondition {
        reason: PreconditionReason::ManagementAccountReserved {
            management_account: management.to_string(),
        },
        problem: format!(
            "{what}; AWS allows only the management account {management} to do that (a delegated \
             administrator of IAM Identity Center cannot manage assignments in the management \
             account or permission sets provisioned to it)"
        ),
        remedy: format!(
            "leave the management account out (`except = [\"{management}\"]`) and use a permission \
             set that is not provisioned to it, or run this part from the management account"
        ),
    }
}

/// The existing permission set a change writes (edits or provisions): (instance, ARN, name).
fn written_set(change: &IdentityCenterChange) -> Option<(&InstanceArn, &PermissionSetArn, &str)> {
    let (instance, set) = match change {
        IdentityCenterChange::ProvisionPermissionSet {
            instance_arn,
            permission_set,
            ..
        } => (instance_arn, permission_set),
        other => other.edited_permission_set()?,
    };
    Some((instance, set.arn.as_ref()?, set.name.as_str()))
}

/// Refuses `plan` when the caller is not `management` (a delegated administrator, say) and
/// the plan assigns in the management account or changes a permission set provisioned to
/// it. One `GetCallerIdentity`; then one `ListAccountsForProvisionedPermissionSet` per
/// existing set the plan changes, only for a caller other than the management account.
///
/// # Errors
/// [`Error::Precondition`] ([`PreconditionReason::ManagementAccountReserved`]); backend
/// errors.
pub(crate) async fn check(aws: &Aws, management: &AccountId, plan: &Plan) -> Result<()> {
    if plan.changes.is_empty() {
        return Ok(());
    }
    let caller = aws.iam().caller_identity().await?.account;
    if caller == management.as_str() {
        return Ok(());
    }
    let mut sets: BTreeMap<(&InstanceArn, &PermissionSetArn), &str> = BTreeMap::new();
    for change in &plan.changes {
        let Change::IdentityCenter(change) = change else {
            continue;
        };
        if let IdentityCenterChange::CreateAccountAssignments {
            permission_set,
            principal,
            accounts,
            ..
        } = change.as_ref()
            && accounts.contains(management)
        {
            return Err(refused(
                management,
                format!(
                    "the plan assigns `{}` to {principal} in the management account",
                    permission_set.name
                ),
            ));
        }
        if let Some((instance, arn, name)) = written_set(change) {
            sets.insert((instance, arn), name);
        }
    }
    let idc = aws.identity_center();
    for ((instance, arn), name) in sets {
        let accounts = idc
            .list_accounts_for_provisioned_permission_set(instance, arn, ProvisionedAccounts::All)
            .await?;
        if accounts.contains(management) {
            return Err(refused(
                management,
                format!(
                    "the plan changes the permission set `{name}`, which is provisioned to the management account"
                ),
            ));
        }
    }
    Ok(())
}
