//! Step three of the guide: least-privilege IAM roles.
//!
//! A [`RoleSpec`] names a role's trust (typed [`Trust`] presets or a custom document), its
//! managed, inline and customer managed policies, its permissions boundary, session length
//! and tags. Building it checks everything offline; planning reads the role and plans only
//! the differences (trust compared semantically, URL-decoded; policies by content);
//! applying retries while IAM propagates a principal created moments ago.
//!
//! ```
//! use iam_bootstrap::roles::{RoleSpec, Trust};
//! use iam_bootstrap::policy::PolicyDocument;
//!
//! let role = RoleSpec::builder("ci-deployer")
//!     .trust(Trust::github_actions("my-org/my-repo", "refs/heads/main"))
//!     .inline_policy("artifacts", PolicyDocument::allow(["s3:PutObject"], ["arn:aws:s3:::artifacts/*"]))
//!     .build()?;
//! assert_eq!(role.name().as_str(), "ci-deployer");
//! # Ok::<_, iam_bootstrap::ValidationError>(())
//! ```

mod checks;
pub(crate) mod cloudformation;
mod diff;
mod file;
mod manifest;
mod observe;
mod permission_sets;
pub(crate) mod retire;
mod spec;
mod trust;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use checks::{MAX_ATTACHED_POLICIES, PolicyFinding};
pub use manifest::required_policy;
pub use permission_sets::{LESSER_PRIVILEGE_JOB_FUNCTIONS, least_privilege_permission_set};
pub use spec::{CustomerPolicy, RoleBoundary, RoleSpec, RoleSpecBuilder};

/// The old name of [`RoleBoundary`].
#[deprecated(note = "renamed to `RoleBoundary`")]
pub type Boundary = RoleBoundary;
pub use trust::{GITHUB_OIDC_PROVIDER, Trust};

use crate::aws::Aws;
use crate::client::{NewPolicy, NewRole, Tags};
use crate::error::{Error, Result};
use crate::names::{Arn, RoleName};
use crate::protocol::{ApplyContext, Lane, Stage};
use crate::wait::retry_while;

/// A write that converges a role or its policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RoleChange {
    /// `CreatePolicy` (tagged as owned).
    CreatePolicy {
        /// The policy to create.
        policy: NewPolicy,
    },
    /// `CreatePolicyVersion`, set as the default.
    CreatePolicyVersion {
        /// The policy.
        arn: Arn,
        /// The new document, as JSON.
        document: String,
    },
    /// `DeletePolicyVersion` (the oldest non-default one, to stay under IAM's five versions).
    DeletePolicyVersion {
        /// The policy.
        arn: Arn,
        /// The version to delete.
        version_id: String,
    },
    /// `CreateRole` (trust, boundary, session length and tags in one call).
    CreateRole {
        /// The role to create.
        role: NewRole,
    },
    /// `UpdateRole`: description and maximum session duration.
    UpdateRole {
        /// The role.
        name: RoleName,
        /// The new description (`None` clears it).
        description: Option<String>,
        /// The new maximum session, in seconds.
        max_session_duration: u32,
    },
    /// `UpdateAssumeRolePolicy`.
    UpdateTrust {
        /// The role.
        name: RoleName,
        /// The new trust policy, as JSON.
        document: String,
    },
    /// `AttachRolePolicy`.
    AttachPolicy {
        /// The role.
        name: RoleName,
        /// The policy.
        arn: Arn,
    },
    /// `DetachRolePolicy`.
    DetachPolicy {
        /// The role.
        name: RoleName,
        /// The policy.
        arn: Arn,
    },
    /// `PutRolePolicy`.
    PutInlinePolicy {
        /// The role.
        name: RoleName,
        /// The inline policy's name.
        policy: String,
        /// Its document, as JSON.
        document: String,
    },
    /// `DeleteRolePolicy`.
    DeleteInlinePolicy {
        /// The role.
        name: RoleName,
        /// The inline policy's name.
        policy: String,
    },
    /// `PutRolePermissionsBoundary`.
    PutBoundary {
        /// The role.
        name: RoleName,
        /// The boundary policy.
        arn: Arn,
    },
    /// `DeleteRolePermissionsBoundary`.
    DeleteBoundary {
        /// The role.
        name: RoleName,
    },
    /// `TagRole`.
    TagRole {
        /// The role.
        name: RoleName,
        /// Tags to add or change.
        tags: Tags,
    },
    /// `UntagRole`.
    UntagRole {
        /// The role.
        name: RoleName,
        /// Tag keys to remove.
        keys: Vec<String>,
    },
    /// Deletes a role the spec owns and no longer names (prune) or that it destroys:
    /// `DetachRolePolicy` for each attached policy, `DeleteRolePolicy` for each inline one,
    /// `RemoveRoleFromInstanceProfile` for each instance profile holding it, then
    /// `DeleteRole`. A role or part already gone counts as deleted.
    DeleteRole {
        /// The role.
        name: RoleName,
    },
    /// Deletes a customer managed policy the spec owns and no longer names (prune) or that
    /// it destroys: `DeletePolicyVersion` for each non-default version, then `DeletePolicy`
    /// (after the roles that attached it: deletions run in reverse dependency order). A
    /// policy already gone counts as deleted.
    DeletePolicy {
        /// The policy.
        arn: Arn,
    },
}

/// IAM rejects a trust policy that names a principal it has not propagated yet with
/// `MalformedPolicyDocument: Invalid principal in policy`; that passes within seconds.
fn is_invalid_principal(err: &Error) -> bool {
    let Error::Service { code: Some(code), .. } = err else {
        return false;
    };
    if code != "MalformedPolicyDocument" {
        return false;
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if cause.to_string().contains("Invalid principal") {
            return true;
        }
        source = cause.source();
    }
    false
}

impl RoleChange {
    pub(crate) async fn apply(&self, aws: &Aws, _context: &ApplyContext) -> Result<()> {
        let iam = aws.iam();
        match self {
            RoleChange::CreatePolicy { policy } => iam.create_policy(policy).await.map(drop),
            RoleChange::CreatePolicyVersion { arn, document } => {
                iam.create_policy_version(arn, document, true).await.map(drop)
            }
            RoleChange::DeletePolicyVersion { arn, version_id } => {
                iam.delete_policy_version(arn, version_id).await
            }
            RoleChange::CreateRole { role } => {
                let what = format!(
                    "IAM to accept the principals in the trust policy of role {}",
                    role.name
                );
                retry_while(aws.waits(), &what, is_invalid_principal, || iam.create_role(role))
                    .await
                    .map(drop)
            }
            RoleChange::UpdateRole {
                name,
                description,
                max_session_duration,
            } => {
                iam.update_role(
                    name,
                    description.as_deref().unwrap_or_default(),
                    *max_session_duration,
                )
                .await
            }
            RoleChange::UpdateTrust { name, document } => {
                let what = format!("IAM to accept the principals in the trust policy of role {name}");
                retry_while(aws.waits(), &what, is_invalid_principal, || {
                    iam.update_assume_role_policy(name, document)
                })
                .await
            }
            RoleChange::AttachPolicy { name, arn } => iam.attach_role_policy(name, arn).await,
            RoleChange::DetachPolicy { name, arn } => iam.detach_role_policy(name, arn).await,
            RoleChange::PutInlinePolicy {
                name,
                policy,
                document,
            } => iam.put_role_policy(name, policy, document).await,
            RoleChange::DeleteInlinePolicy { name, policy } => iam.delete_role_policy(name, policy).await,
            RoleChange::PutBoundary { name, arn } => iam.put_role_permissions_boundary(name, arn).await,
            RoleChange::DeleteBoundary { name } => iam.delete_role_permissions_boundary(name).await,
            RoleChange::TagRole { name, tags } => iam.tag_role(name, tags).await,
            RoleChange::UntagRole { name, keys } => iam.untag_role(name, keys).await,
            RoleChange::DeleteRole { name } => retire::delete_role(aws, name).await,
            RoleChange::DeletePolicy { arn } => retire::delete_policy(aws, arn).await,
        }
    }
}

impl RoleChange {
    /// Customer managed policies (stage 0) come before the roles that attach them or use
    /// them as a boundary (stage 1).
    pub(crate) fn stage(&self) -> Stage {
        match self {
            RoleChange::CreatePolicy { .. }
            | RoleChange::CreatePolicyVersion { .. }
            | RoleChange::DeletePolicyVersion { .. } => Stage::Foundations,
            RoleChange::DeleteRole { .. } => Stage::Retire,
            RoleChange::DeletePolicy { .. } => Stage::RetireFoundations,
            _ => Stage::Uses,
        }
    }

    /// Whether the change deletes a resource (a prune or a destroy): applying it needs
    /// [`ApplyOptions::allow_deletions`](crate::ApplyOptions::allow_deletions).
    pub(crate) fn is_deletion(&self) -> bool {
        matches!(
            self,
            RoleChange::DeleteRole { .. } | RoleChange::DeletePolicy { .. }
        )
    }

    /// One lane per policy and per role.
    pub(crate) fn lane(&self) -> Lane {
        match self.written() {
            Written::NewPolicy(policy) => Lane::Policy(format!("{}{}", policy.path, policy.name)),
            Written::Policy(arn) => policy_lane(arn),
            Written::Role(name) => role_lane(name),
        }
    }

    /// The one resource this change writes (its lane, and what a saved plan re-reads).
    pub(crate) fn written(&self) -> Written<'_> {
        match self {
            RoleChange::CreatePolicy { policy } => Written::NewPolicy(policy),
            RoleChange::CreatePolicyVersion { arn, .. }
            | RoleChange::DeletePolicyVersion { arn, .. }
            | RoleChange::DeletePolicy { arn } => Written::Policy(arn),
            RoleChange::CreateRole { role } => Written::Role(&role.name),
            RoleChange::UpdateRole { name, .. }
            | RoleChange::UpdateTrust { name, .. }
            | RoleChange::AttachPolicy { name, .. }
            | RoleChange::DetachPolicy { name, .. }
            | RoleChange::PutInlinePolicy { name, .. }
            | RoleChange::DeleteInlinePolicy { name, .. }
            | RoleChange::PutBoundary { name, .. }
            | RoleChange::DeleteBoundary { name }
            | RoleChange::TagRole { name, .. }
            | RoleChange::UntagRole { name, .. }
            | RoleChange::DeleteRole { name } => Written::Role(name),
        }
    }
}

/// The resource a [`RoleChange`] writes.
pub(crate) enum Written<'a> {
    /// A customer managed policy the change creates (its ARN needs the account).
    NewPolicy(&'a NewPolicy),
    /// An existing customer managed policy.
    Policy(&'a Arn),
    /// A role.
    Role(&'a RoleName),
}

/// The lane of a customer managed policy's changes (`policy:/path/name`).
fn policy_lane(arn: &Arn) -> Lane {
    Lane::Policy(arn.resource().trim_start_matches("policy").to_owned())
}

/// The lane of a role's changes.
fn role_lane(name: &RoleName) -> Lane {
    Lane::Role(name.clone())
}

/// ` at /path/`, or nothing for the root path.
fn at_path(path: &crate::names::IamPath) -> String {
    if path.as_str() == "/" {
        String::new()
    } else {
        format!(" at {path}")
    }
}

impl fmt::Display for RoleChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleChange::CreatePolicy { policy } => {
                write!(
                    f,
                    "create customer managed policy {}{}",
                    policy.name,
                    at_path(&policy.path)
                )
            }
            RoleChange::CreatePolicyVersion { arn, .. } => {
                write!(f, "publish a new default version of policy {arn}")
            }
            RoleChange::DeletePolicyVersion { arn, version_id } => {
                write!(
                    f,
                    "delete version {version_id} of policy {arn} (IAM keeps at most five)"
                )
            }
            RoleChange::CreateRole { role } => write!(
                f,
                "create role {}{} (max session {} h{})",
                role.name,
                at_path(&role.path),
                role.max_session_duration / 3600,
                role.permissions_boundary
                    .as_ref()
                    .map(|b| format!(", boundary {b}"))
                    .unwrap_or_default()
            ),
            RoleChange::UpdateRole {
                name,
                description,
                max_session_duration,
            } => write!(
                f,
                "update role {name}: description {:?}, max session {max_session_duration} s",
                description.as_deref().unwrap_or("")
            ),
            RoleChange::UpdateTrust { name, .. } => write!(f, "replace the trust policy of role {name}"),
            RoleChange::AttachPolicy { name, arn } => write!(f, "attach {arn} to role {name}"),
            RoleChange::DetachPolicy { name, arn } => write!(f, "detach {arn} from role {name}"),
            RoleChange::PutInlinePolicy { name, policy, .. } => {
                write!(f, "put inline policy {policy} on role {name}")
            }
            RoleChange::DeleteInlinePolicy { name, policy } => {
                write!(f, "delete inline policy {policy} of role {name}")
            }
            RoleChange::PutBoundary { name, arn } => {
                write!(f, "set the permissions boundary of role {name} to {arn}")
            }
            RoleChange::DeleteBoundary { name } => {
                write!(f, "remove the permissions boundary of role {name}")
            }
            RoleChange::TagRole { name, tags } => {
                let list: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "tag role {name}: {}", list.join(", "))
            }
            RoleChange::UntagRole { name, keys } => write!(f, "untag role {name}: {}", keys.join(", ")),
            RoleChange::DeleteRole { name } => write!(
                f,
                "delete role {name} (detach its policies, delete its inline policies, remove it from its instance profiles)"
            ),
            RoleChange::DeletePolicy { arn } => {
                write!(
                    f,
                    "delete customer managed policy {arn} (and its non-default versions)"
                )
            }
        }
    }
}
