//! How an [`IdentityCenterChange`] reads in a plan.

use std::fmt;

use super::IdentityCenterChange;
use super::permission_set_plan::FieldsDelta;
use super::policies::BoundaryText;
use crate::names::AccountId;
use crate::ownership::{OWNERSHIP_TAG_KEY, OWNERSHIP_TAG_VALUE};

/// The last segment of a policy ARN, for readable plans.
fn policy_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

impl fmt::Display for IdentityCenterChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use IdentityCenterChange as C;
        match self {
            C::CreateUser { user, .. } => write!(
                f,
                "create Identity Center user `{}` ({}, {})",
                user.user_name, user.display_name, user.email
            ),
            C::CreateGroup { group, .. } => write!(f, "create Identity Center group `{group}`"),
            C::AddGroupMember { group, user, .. } => write!(f, "add user `{user}` to group `{group}`"),
            C::CreatePermissionSet { fields, .. } => write!(
                f,
                "create permission set `{}` (session {}, tagged {OWNERSHIP_TAG_KEY}={OWNERSHIP_TAG_VALUE})",
                fields.name, fields.session_duration
            ),
            C::UpdatePermissionSet {
                permission_set,
                before,
                after,
                ..
            } => write!(
                f,
                "update permission set `{}`: {}",
                permission_set.name,
                FieldsDelta(before, after)
            ),
            C::AttachManagedPolicy {
                permission_set,
                policy_arn,
                ..
            } => write!(
                f,
                "attach AWS managed policy `{}` to permission set `{}`",
                policy_name(policy_arn),
                permission_set.name
            ),
            C::DetachManagedPolicy {
                permission_set,
                policy_arn,
                ..
            } => write!(
                f,
                "detach AWS managed policy `{}` from permission set `{}`",
                policy_name(policy_arn),
                permission_set.name
            ),
            C::AttachCustomerPolicy {
                permission_set,
                policy,
                ..
            } => write!(
                f,
                "attach customer managed policy `{}{}` to permission set `{}`",
                policy.path, policy.name, permission_set.name
            ),
            C::DetachCustomerPolicy {
                permission_set,
                policy,
                ..
            } => write!(
                f,
                "detach customer managed policy `{}{}` from permission set `{}`",
                policy.path, policy.name, permission_set.name
            ),
            C::PutInlinePolicy {
                permission_set,
                document,
                ..
            } => write!(
                f,
                "put the inline policy ({} characters) on permission set `{}`",
                crate::limits::policy_size(document),
                permission_set.name
            ),
            C::DeleteInlinePolicy { permission_set, .. } => {
                write!(
                    f,
                    "delete the inline policy of permission set `{}`",
                    permission_set.name
                )
            }
            C::PutPermissionsBoundary {
                permission_set,
                boundary,
                ..
            } => write!(
                f,
                "set the permissions boundary of permission set `{}` to {}",
                permission_set.name,
                BoundaryText(boundary)
            ),
            C::DeletePermissionsBoundary { permission_set, .. } => write!(
                f,
                "remove the permissions boundary of permission set `{}`",
                permission_set.name
            ),
            C::TagPermissionSet {
                permission_set, tags, ..
            } => {
                let tags: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(
                    f,
                    "tag permission set `{}` with {}",
                    permission_set.name,
                    tags.join(", ")
                )
            }
            C::UntagPermissionSet {
                permission_set, keys, ..
            } => write!(
                f,
                "remove tag(s) {} from permission set `{}`",
                keys.join(", "),
                permission_set.name
            ),
            C::CreateAccountAssignments {
                permission_set,
                principal,
                accounts,
                max_outstanding,
                ..
            } => {
                let list: Vec<&str> = accounts.iter().map(AccountId::as_str).collect();
                write!(
                    f,
                    "assign {principal} permission set `{}` in {} account(s) ({}), at most {max_outstanding} at a time",
                    permission_set.name,
                    accounts.len(),
                    list.join(", ")
                )
            }
            C::ProvisionPermissionSet { permission_set, .. } => write!(
                f,
                "provision permission set `{}` to every account it is in",
                permission_set.name
            ),
            C::DeleteAccountAssignments {
                permission_set,
                assignments,
                max_outstanding,
                ..
            } => {
                let list: Vec<String> = assignments
                    .iter()
                    .map(|a| {
                        format!(
                            "{} {} in {}",
                            a.principal.principal_type(),
                            a.principal.as_str(),
                            a.account_id
                        )
                    })
                    .collect();
                write!(
                    f,
                    "delete {} account assignment(s) of permission set `{}` ({}), at most {max_outstanding} at a time",
                    assignments.len(),
                    permission_set.name,
                    list.join(", ")
                )
            }
            C::DeletePermissionSet { permission_set, .. } => write!(
                f,
                "delete permission set `{}` (after its assignments, which deprovisions it)",
                permission_set.name
            ),
            C::RemoveGroupMember { group, user, .. } => {
                write!(f, "remove user `{user}` from group `{group}`")
            }
            C::DeleteUser { user, .. } => write!(f, "delete Identity Center user `{user}`"),
            C::DeleteGroup { group, .. } => write!(f, "delete Identity Center group `{group}`"),
        }
    }
}
