//! Which account assignments exist already, read as cheaply as the API allows.
//!
//! `ListAccountAssignments` answers for one account and permission set, so checking a
//! principal in N accounts takes N calls. `ListAccountAssignmentsForPrincipal` answers for
//! one user or group across every account and set, so a plan that checks a principal in
//! more than one account lists it once (one call per page) and remembers the answer. AWS
//! serves that operation to the organization instance's management account only; when it
//! is refused (a delegated administrator, a policy without the action), the plan falls
//! back to one `ListAccountAssignments` per account, which every caller may use.

use std::collections::BTreeMap;

use super::AssignmentSpec;
use crate::aws::Aws;
use crate::client::AccountAssignment;
use crate::error::Result;
use crate::names::{AccountId, DirectoryPrincipal, InstanceArn, PermissionSetArn};

/// Assignments by principal, listed at most once per plan. `None`: the per-principal
/// listing was refused, so this principal is checked account by account.
#[derive(Debug, Default)]
pub(super) struct ExistingAssignments {
    by_principal: BTreeMap<DirectoryPrincipal, Option<Vec<AccountAssignment>>>,
}

impl ExistingAssignments {
    /// The principal's assignments (every account and set), listed on first use.
    async fn of_principal(
        &mut self,
        aws: &Aws,
        instance: &InstanceArn,
        principal: &DirectoryPrincipal,
    ) -> Option<&[AccountAssignment]> {
        if !self.by_principal.contains_key(principal) {
            let listed = aws
                .identity_center()
                .list_account_assignments_for_principal(instance, principal)
                .await;
            let listed = match listed {
                Ok(listed) => Some(listed),
                Err(error) => {
                    tracing::debug!(%error, "listing by principal refused; listing by account");
                    None
                }
            };
            self.by_principal.insert(principal.clone(), listed);
        }
        self.by_principal.get(principal).and_then(Option::as_deref)
    }

    /// The accounts of `spec` where the principal does not have the set yet. Unknown IDs
    /// (created by the plan) mean all. `checks` is how many (set, account) pairs the plan
    /// checks for this principal: above one, listing the principal once is cheaper.
    pub(super) async fn missing_accounts(
        &mut self,
        aws: &Aws,
        instance: &InstanceArn,
        spec: &AssignmentSpec,
        (set_arn, principal): (Option<&PermissionSetArn>, Option<&DirectoryPrincipal>),
        checks: usize,
    ) -> Result<Vec<AccountId>> {
        let (Some(set_arn), Some(principal)) = (set_arn, principal) else {
            return Ok(spec.accounts().to_vec());
        };
        if checks > 1
            && let Some(listed) = self.of_principal(aws, instance, principal).await
        {
            let has = |account: &AccountId| {
                listed.iter().any(|a| {
                    &a.account_id == account && &a.permission_set_arn == set_arn && &a.principal == principal
                })
            };
            return Ok(spec.accounts().iter().filter(|a| !has(a)).cloned().collect());
        }
        let mut missing = Vec::new();
        for account in spec.accounts() {
            let listed = aws
                .identity_center()
                .list_account_assignments(instance, account, set_arn)
                .await?;
            if !listed.iter().any(|a| &a.principal == principal) {
                missing.push(account.clone());
            }
        }
        Ok(missing)
    }
}
