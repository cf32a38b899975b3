//! Step two of the guide: an administrative user in IAM Identity Center.
//!
//! A spec ([`IdentityCenterSpec`], or the [`AdminProvisioning`] preset) names identity-store
//! users and groups, permission sets and account assignments. Planning reads the instance
//! ([`InstanceChoice`]), finds each thing by its unique name and plans only what is missing
//! or different, as [`IdentityCenterChange`]s:
//!
//! 1. users, groups, then memberships (found with `GetUserId` / `GetGroupId` /
//!    `GetGroupMembershipId`, created when missing, never duplicated);
//! 2. permission sets, converged field by field and policy by policy;
//! 3. account assignments (listed first, one `ListAccountAssignments` per account or, for
//!    several accounts, one `ListAccountAssignmentsForPrincipal` per principal, so only the
//!    missing ones are created), created
//!    with at most ten outstanding and each polled to SUCCEEDED or FAILED;
//! 4. `ProvisionPermissionSet` for every existing set whose content changed (a new set is
//!    provisioned to each account by the assignment that puts it there).
//!
//! Changes are data: they name things, and carry only the IDs known when the plan was
//! made; IDs of things created by earlier changes are found at apply time through the
//! apply-time context (the IDs earlier changes of the apply created) or a lookup.
//!
//! ```
//! use iam_bootstrap::{AdminProvisioning, Aws, DirectoryUserSpec};
//! use iam_bootstrap::client::InMemory;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let aws = Aws::in_memory(InMemory::new());
//! let admin = AdminProvisioning::builder()
//!     .user(DirectoryUserSpec::builder("jdoe").given_name("Jane").family_name("Doe").email("jane@example.com"))
//!     .group("Administrators")
//!     .accounts(["123456789012"])
//!     .build()?;
//! let plan = admin.plan(&aws).await?;
//! println!("{plan}");
//! plan.apply(&aws).await?;
//! assert!(admin.plan(&aws).await?.is_empty());
//! # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
//! ```

mod admin;
mod apply;
mod assignment;
mod change_text;
mod directory;
mod directory_plan;
mod existing_assignments;
mod inline_policy;
mod instance;
mod job_function;
mod observe;
mod permission_set;
mod permission_set_builder;
mod permission_set_plan;
mod policies;
mod poll;
mod provisioning;
mod resolve;
mod retire;
mod revoke;
mod session;
mod spec;

use serde::{Deserialize, Serialize};

pub use admin::{AdminProvisioning, AdminProvisioningBuilder};
pub use assignment::{AssignmentPrincipal, AssignmentSpec, AssignmentSpecBuilder};
pub use directory::{
    DirectoryGroupSpec, DirectoryGroupSpecBuilder, DirectoryUserSpec, DirectoryUserSpecBuilder,
};
pub use inline_policy::{INLINE_POLICY_MAX_CHARS, InlinePolicy};
pub use instance::InstanceChoice;
pub use job_function::JobFunction;
pub use permission_set::PermissionSetSpec;
pub use permission_set_builder::PermissionSetSpecBuilder;
pub use policies::{AwsManagedPolicy, CustomerManagedPolicy, PermissionSetBoundary};

/// The old name of [`PermissionSetBoundary`].
#[deprecated(note = "renamed to `PermissionSetBoundary`")]
pub type PermissionsBoundary = PermissionSetBoundary;
pub(crate) use retire::{Scope, plan as plan_retirement};
pub use revoke::{Revocation, RevocationBuilder};
pub use session::{SessionDuration, SessionLength};
pub use spec::{IdentityCenterSpec, IdentityCenterSpecBuilder};

use crate::client::{
    AccountAssignment, BoundaryRef, CustomerPolicyRef, NewDirectoryUser, PermissionSetFields, Tags,
};
use crate::error::ValidationError;
use crate::names::{
    AccountId, DirectoryGroupId, DirectoryGroupName, DirectoryUserId, DirectoryUserName, IdentityStoreId,
    InstanceArn, PermissionSetArn, PermissionSetName, PrincipalId,
};
use crate::protocol::{Lane, Stage};

/// `err` with its field replaced by `path` (names.rs says "user name"; specs say `user_name`).
pub(crate) fn field_error(path: &str, err: ValidationError) -> ValidationError {
    err.at(path)
}

/// A permission set named by a change: by name, with its ARN when it existed at plan time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionSetRef {
    /// The set's name.
    pub name: PermissionSetName,
    /// Its ARN, if the set existed when the plan was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<PermissionSetArn>,
}

/// One write to Identity Center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdentityCenterChange {
    /// `identitystore:CreateUser`.
    CreateUser {
        /// The identity store.
        identity_store_id: IdentityStoreId,
        /// The user's attributes.
        user: NewDirectoryUser,
    },
    /// `identitystore:CreateGroup`.
    CreateGroup {
        /// The identity store.
        identity_store_id: IdentityStoreId,
        /// The group's display name.
        group: DirectoryGroupName,
        /// Its description (may be empty).
        description: String,
    },
    /// `identitystore:CreateGroupMembership`.
    AddGroupMember {
        /// The identity store.
        identity_store_id: IdentityStoreId,
        /// The group.
        group: DirectoryGroupName,
        /// The group's ID, if it existed at plan time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group_id: Option<DirectoryGroupId>,
        /// The user.
        user: DirectoryUserName,
        /// The user's ID, if it existed at plan time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_id: Option<DirectoryUserId>,
    },
    /// `sso:CreatePermissionSet`, tagged as owned by the library.
    CreatePermissionSet {
        /// The instance.
        instance_arn: InstanceArn,
        /// Every field.
        fields: PermissionSetFields,
        /// Its tags, the ownership marker included.
        tags: Tags,
    },
    /// `sso:UpdatePermissionSet` with every field.
    UpdatePermissionSet {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The fields as they were.
        before: PermissionSetFields,
        /// The fields to write.
        after: PermissionSetFields,
    },
    /// `sso:AttachManagedPolicyToPermissionSet`.
    AttachManagedPolicy {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The AWS managed policy.
        policy_arn: String,
    },
    /// `sso:DetachManagedPolicyFromPermissionSet`.
    DetachManagedPolicy {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The AWS managed policy.
        policy_arn: String,
    },
    /// `sso:AttachCustomerManagedPolicyReferenceToPermissionSet`.
    AttachCustomerPolicy {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The policy, by name and path.
        policy: CustomerPolicyRef,
    },
    /// `sso:DetachCustomerManagedPolicyReferenceFromPermissionSet`.
    DetachCustomerPolicy {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The policy, by name and path.
        policy: CustomerPolicyRef,
    },
    /// `sso:PutInlinePolicyToPermissionSet`.
    PutInlinePolicy {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The validated document.
        document: String,
    },
    /// `sso:DeleteInlinePolicyFromPermissionSet`.
    DeleteInlinePolicy {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
    },
    /// `sso:PutPermissionsBoundaryToPermissionSet`.
    PutPermissionsBoundary {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The boundary.
        boundary: BoundaryRef,
    },
    /// `sso:DeletePermissionsBoundaryFromPermissionSet`.
    DeletePermissionsBoundary {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
    },
    /// `sso:TagResource` on a permission set.
    TagPermissionSet {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// Tags to add or overwrite.
        tags: Tags,
    },
    /// `sso:UntagResource` on a permission set: tags the spec does not name, found on a set
    /// the spec owns or adopts.
    UntagPermissionSet {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The keys of the tags to remove.
        keys: Vec<String>,
    },
    /// `sso:CreateAccountAssignment` for each account, at most `max_outstanding` at once,
    /// each polled to SUCCEEDED (FAILED stops the batch with its reason).
    CreateAccountAssignments {
        /// The instance.
        instance_arn: InstanceArn,
        /// The identity store (to find a principal created by an earlier change).
        identity_store_id: IdentityStoreId,
        /// The set.
        permission_set: PermissionSetRef,
        /// Who is assigned.
        principal: AssignmentPrincipal,
        /// The principal's ID, if it existed at plan time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        principal_id: Option<PrincipalId>,
        /// The accounts to create assignments in.
        accounts: Vec<AccountId>,
        /// How many creations may be in progress at once (1 to 10).
        max_outstanding: u8,
    },
    /// `sso:ProvisionPermissionSet` to every account the set is provisioned to and the
    /// accounts the spec assigns it in, each polled to SUCCEEDED.
    ProvisionPermissionSet {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The accounts the spec assigns the set in.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accounts: Vec<AccountId>,
    },
    /// `sso:DeleteAccountAssignment` for each assignment of a permission set the spec owns
    /// (an assignment belongs to the spec that owns its set), at most `max_outstanding` at
    /// once, each polled to SUCCEEDED (FAILED stops the batch with its reason). Deleting the
    /// last assignment of a set in an account deprovisions the set from it. An assignment
    /// already gone counts as deleted.
    DeleteAccountAssignments {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set.
        permission_set: PermissionSetRef,
        /// The assignments to delete (account, set and principal by ID).
        assignments: Vec<AccountAssignment>,
        /// How many deletions may be in progress at once (1 to 10).
        max_outstanding: u8,
    },
    /// `sso:DeletePermissionSet` on a set the spec owns (tagged with its name), after the
    /// deletion of every assignment of it (AWS refuses to delete a set still assigned or
    /// provisioned). A set already gone counts as deleted.
    DeletePermissionSet {
        /// The instance.
        instance_arn: InstanceArn,
        /// The set, with its ARN.
        permission_set: PermissionSetRef,
    },
    /// `identitystore:DeleteGroupMembership`: a user leaves a group (a prune of a group's
    /// members, a destroy, or a revocation). Already gone counts as done.
    RemoveGroupMember {
        /// The identity store.
        identity_store_id: IdentityStoreId,
        /// The group.
        group: DirectoryGroupName,
        /// The user, by user name (or by ID when the store did not say).
        user: String,
        /// The membership.
        membership_id: String,
    },
    /// `identitystore:DeleteUser`, for a user a spec lists for removal (the identity store
    /// cannot mark a user as the library's). Already gone counts as done.
    DeleteUser {
        /// The identity store.
        identity_store_id: IdentityStoreId,
        /// The user.
        user: DirectoryUserName,
        /// Its ID.
        user_id: DirectoryUserId,
    },
    /// `identitystore:DeleteGroup`, for a group a spec lists for removal. Already gone
    /// counts as done.
    DeleteGroup {
        /// The identity store.
        identity_store_id: IdentityStoreId,
        /// The group.
        group: DirectoryGroupName,
        /// Its ID.
        group_id: DirectoryGroupId,
    },
}

impl IdentityCenterChange {
    /// The instance and the existing-or-planned permission set a change edits (its fields,
    /// policies, boundary or tags); `None` for other changes (creating a set, provisioning
    /// one, directory and assignment changes).
    pub(crate) fn edited_permission_set(&self) -> Option<(&InstanceArn, &PermissionSetRef)> {
        use IdentityCenterChange as C;
        match self {
            C::UpdatePermissionSet {
                instance_arn,
                permission_set,
                ..
            }
            | C::AttachManagedPolicy {
                instance_arn,
                permission_set,
                ..
            }
            | C::DetachManagedPolicy {
                instance_arn,
                permission_set,
                ..
            }
            | C::AttachCustomerPolicy {
                instance_arn,
                permission_set,
                ..
            }
            | C::DetachCustomerPolicy {
                instance_arn,
                permission_set,
                ..
            }
            | C::PutInlinePolicy {
                instance_arn,
                permission_set,
                ..
            }
            | C::DeleteInlinePolicy {
                instance_arn,
                permission_set,
            }
            | C::PutPermissionsBoundary {
                instance_arn,
                permission_set,
                ..
            }
            | C::DeletePermissionsBoundary {
                instance_arn,
                permission_set,
            }
            | C::TagPermissionSet {
                instance_arn,
                permission_set,
                ..
            }
            | C::UntagPermissionSet {
                instance_arn,
                permission_set,
                ..
            } => Some((instance_arn, permission_set)),
            _ => None,
        }
    }

    /// When the change can run (see [`Change::stage`](crate::Change::stage)): users, groups
    /// and permission sets first; then memberships and assignments, which need them; then
    /// provisioning, which must follow the assignments of its set.
    pub(crate) fn stage(&self) -> Stage {
        use IdentityCenterChange as C;
        match self {
            C::AddGroupMember { .. } | C::CreateAccountAssignments { .. } => Stage::Uses,
            C::ProvisionPermissionSet { .. } => Stage::Provisioning,
            // Taking away runs in the reverse order: what grants access (assignments,
            // memberships) before what it grants (sets, groups, users).
            C::DeleteAccountAssignments { .. } | C::RemoveGroupMember { .. } => Stage::Retire,
            C::DeletePermissionSet { .. } | C::DeleteUser { .. } | C::DeleteGroup { .. } => {
                Stage::RetireFoundations
            }
            _ => Stage::Foundations,
        }
    }

    /// Whether the change deletes something (a prune, a destroy, a revocation, a removal
    /// the spec lists): applying it needs
    /// [`ApplyOptions::allow_deletions`](crate::ApplyOptions::allow_deletions).
    pub(crate) fn is_deletion(&self) -> bool {
        use IdentityCenterChange as C;
        matches!(
            self,
            C::DeleteAccountAssignments { .. }
                | C::DeletePermissionSet { .. }
                | C::RemoveGroupMember { .. }
                | C::DeleteUser { .. }
                | C::DeleteGroup { .. }
        )
    }

    /// The resource the change writes; changes of one lane run in plan order. Every
    /// assignment batch shares one lane: Identity Center's limit of ten outstanding
    /// creations is per instance, so batches take turns, each using the whole budget.
    pub(crate) fn lane(&self) -> Lane {
        use IdentityCenterChange as C;
        match self {
            C::CreateUser { user, .. } => Lane::DirectoryUser(user.user_name.clone()),
            C::CreateGroup { group, .. } => Lane::DirectoryGroup(group.to_string()),
            C::AddGroupMember { group, user, .. } => Lane::Membership {
                group: group.to_string(),
                user: user.to_string(),
            },
            C::CreatePermissionSet { fields, .. } => Lane::PermissionSet(fields.name.clone()),
            C::CreateAccountAssignments { instance_arn, .. }
            | C::DeleteAccountAssignments { instance_arn, .. } => {
                Lane::AccountAssignments(instance_arn.clone())
            }
            C::RemoveGroupMember { group, user, .. } => Lane::Membership {
                group: group.to_string(),
                user: user.clone(),
            },
            C::DeleteUser { user, .. } => Lane::DirectoryUser(user.clone()),
            C::DeleteGroup { group, .. } => Lane::DirectoryGroup(group.to_string()),
            C::UpdatePermissionSet { permission_set, .. }
            | C::AttachManagedPolicy { permission_set, .. }
            | C::DetachManagedPolicy { permission_set, .. }
            | C::AttachCustomerPolicy { permission_set, .. }
            | C::DetachCustomerPolicy { permission_set, .. }
            | C::PutInlinePolicy { permission_set, .. }
            | C::DeleteInlinePolicy { permission_set, .. }
            | C::PutPermissionsBoundary { permission_set, .. }
            | C::DeletePermissionsBoundary { permission_set, .. }
            | C::TagPermissionSet { permission_set, .. }
            | C::UntagPermissionSet { permission_set, .. }
            | C::ProvisionPermissionSet { permission_set, .. }
            | C::DeletePermissionSet { permission_set, .. } => {
                Lane::PermissionSet(permission_set.name.to_string())
            }
        }
    }
}
