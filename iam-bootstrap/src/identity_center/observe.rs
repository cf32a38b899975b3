//! What a saved plan checks before writing to Identity Center (see [`crate::observe`]):
//! one read of the resource the change writes, the same read the planner made.

use super::IdentityCenterChange as C;
use crate::aws::Aws;
use crate::error::Result;
use crate::names::{
    DirectoryGroupId, DirectoryGroupName, DirectoryUserId, DirectoryUserName, IdentityStoreId, InstanceArn,
    PermissionSetArn,
};
use crate::observe::fingerprint;

/// The read that checks a change's resource (one call).
pub(super) enum Checked<'a> {
    /// `GetUserId` by user name.
    User {
        store: &'a IdentityStoreId,
        name: &'a DirectoryUserName,
    },
    /// `GetGroupId` by display name.
    Group {
        store: &'a IdentityStoreId,
        name: &'a DirectoryGroupName,
    },
    /// `GetGroupMembershipId` between existing principals.
    Membership {
        store: &'a IdentityStoreId,
        group_id: &'a DirectoryGroupId,
        user_id: &'a DirectoryUserId,
    },
    /// `DescribePermissionSet` of an existing set.
    PermissionSet {
        instance: &'a InstanceArn,
        arn: &'a PermissionSetArn,
    },
}

impl C {
    /// What a saved plan reads again before this change: a directory user's or group's ID,
    /// a membership, or an existing permission set's fields. Nothing (`None`) for what is
    /// idempotent or fails safely on a changed account: creating a permission set (a name
    /// taken since fails), changes to a set this plan creates, memberships of principals
    /// this plan creates, account assignments (creating an existing one is a no-op) and
    /// provisioning. The planner records the same read's answer (see `directory_plan` and
    /// `spec`), so the check compares like with like.
    pub(super) fn checked(&self) -> Option<Checked<'_>> {
        match self {
            C::CreateUser {
                identity_store_id,
                user,
            } => Some(Checked::User {
                store: identity_store_id,
                name: &user.user_name,
            }),
            C::CreateGroup {
                identity_store_id,
                group,
                ..
            } => Some(Checked::Group {
                store: identity_store_id,
                name: group,
            }),
            C::AddGroupMember {
                identity_store_id,
                group_id: Some(group_id),
                user_id: Some(user_id),
                ..
            } => Some(Checked::Membership {
                store: identity_store_id,
                group_id,
                user_id,
            }),
            // An existing set's fields, for the changes that edit one; nothing else.
            other => other.edited_permission_set().and_then(|(instance, set)| {
                set.arn
                    .as_ref()
                    .map(|arn| Checked::PermissionSet { instance, arn })
            }),
        }
    }

    /// A fingerprint of [`checked`](Self::checked)'s read, made now (`None`: no check).
    pub(crate) async fn observe(&self, aws: &Aws) -> Result<Option<String>> {
        let idc = aws.identity_center();
        Ok(Some(match self.checked() {
            None => return Ok(None),
            Some(Checked::User { store, name }) => fingerprint(&idc.find_user(store, name).await?),
            Some(Checked::Group { store, name }) => fingerprint(&idc.find_group(store, name).await?),
            Some(Checked::Membership {
                store,
                group_id,
                user_id,
            }) => fingerprint(&idc.find_group_membership(store, group_id, user_id).await?),
            Some(Checked::PermissionSet { instance, arn }) => {
                fingerprint(&idc.describe_permission_set(instance, arn).await?)
            }
        }))
    }
}
