//! What a saved plan checks before writing a role or a customer policy (see
//! [`crate::observe`]): one read of the resource the change writes.

use super::RoleChange;
use crate::aws::Aws;
use crate::error::Result;
use crate::names::Arn;
use crate::observe::fingerprint;

impl RoleChange {
    /// A policy's record (its default version, tags) or a role's (trust, description,
    /// session length, boundary, tags), `absent` if it does not exist.
    pub(crate) async fn observe(&self, aws: &Aws) -> Result<Option<String>> {
        let iam = aws.iam();
        let seen = match self {
            RoleChange::CreatePolicy { policy } => {
                let account = aws.account_id().await?;
                let arn = Arn::customer_policy(&account, &policy.path, &policy.name);
                fingerprint(&iam.get_policy(&arn).await?)
            }
            RoleChange::CreatePolicyVersion { arn, .. } | RoleChange::DeletePolicyVersion { arn, .. } => {
                fingerprint(&iam.get_policy(arn).await?)
            }
            RoleChange::CreateRole { role } => fingerprint(&iam.get_role(&role.name).await?),
            RoleChange::UpdateRole { name, .. }
            | RoleChange::UpdateTrust { name, .. }
            | RoleChange::AttachPolicy { name, .. }
            | RoleChange::DetachPolicy { name, .. }
            | RoleChange::PutInlinePolicy { name, .. }
            | RoleChange::DeleteInlinePolicy { name, .. }
            | RoleChange::PutBoundary { name, .. }
            | RoleChange::DeleteBoundary { name }
            | RoleChange::TagRole { name, .. }
            | RoleChange::UntagRole { name, .. } => fingerprint(&iam.get_role(name).await?),
        };
        Ok(Some(seen))
    }
}
