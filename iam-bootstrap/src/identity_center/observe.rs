//! What a saved plan checks before writing to Identity Center (see [`crate::observe`]):
//! one read of the resource the change writes.

use super::{IdentityCenterChange as C, PermissionSetRef};
use crate::aws::Aws;
use crate::error::Result;
use crate::observe::fingerprint;

impl C {
    /// A directory user's or group's ID (`absent` if there is none), a membership, or an
    /// existing permission set's fields. No check (`None`) for what is idempotent or fails
    /// safely on a changed account: creating a permission set (a name taken since fails),
    /// changes to a set this plan creates, memberships of principals this plan creates,
    /// account assignments (creating an existing one is a no-op) and provisioning.
    pub(crate) async fn observe(&self, aws: &Aws) -> Result<Option<String>> {
        let idc = aws.identity_center();
        Ok(match self {
            C::CreateUser {
                identity_store_id,
                user,
            } => Some(fingerprint(
                &idc.find_user(identity_store_id, &user.user_name).await?,
            )),
            C::CreateGroup {
                identity_store_id,
                group,
                ..
            } => Some(fingerprint(&idc.find_group(identity_store_id, group).await?)),
            C::AddGroupMember {
                identity_store_id,
                group_id: Some(group_id),
                user_id: Some(user_id),
                ..
            } => Some(fingerprint(
                &idc.find_group_membership(identity_store_id, group_id, user_id)
                    .await?,
            )),
            // An existing set's fields, for the changes that edit one; nothing else.
            other => match other.edited_permission_set() {
                Some((instance_arn, PermissionSetRef { arn: Some(arn), .. })) => Some(fingerprint(
                    &idc.describe_permission_set(instance_arn, arn).await?,
                )),
                _ => None,
            },
        })
    }
}
