//! Domain types that go in and out of [`IdentityCenterApi`](super::IdentityCenterApi).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::names::{
    AccountId, DirectoryPrincipal, DirectoryUserId, DirectoryUserName, IdentityStoreId, InstanceArn,
    PermissionSetArn,
};

use super::iam_types::Tags;

/// An IAM Identity Center instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Instance {
    /// The instance ARN (`arn:aws:sso:::instance/ssoins-...`).
    pub arn: InstanceArn,
    /// The ID of its identity store (`d-...`).
    pub identity_store_id: IdentityStoreId,
    /// The account that owns it, if reported.
    pub owner_account_id: Option<String>,
    /// Its status (`ACTIVE`, ...), if reported.
    pub status: Option<String>,
    /// Its name, if it has one.
    pub name: Option<String>,
}

/// What [`IdentityCenterApi::create_user`](super::IdentityCenterApi::create_user) needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewDirectoryUser {
    /// The unique user name.
    pub user_name: DirectoryUserName,
    /// The name shown in the access portal.
    pub display_name: String,
    /// `Name.GivenName`.
    pub given_name: String,
    /// `Name.FamilyName`.
    pub family_name: String,
    /// The primary work email.
    pub email: String,
}

/// A user in the identity store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DirectoryUser {
    /// The store's ID for the user.
    pub user_id: DirectoryUserId,
    /// The unique user name.
    pub user_name: String,
    /// The display name, if set.
    pub display_name: Option<String>,
    /// `Name.GivenName`, if set.
    pub given_name: Option<String>,
    /// `Name.FamilyName`, if set.
    pub family_name: Option<String>,
    /// The primary email, if set.
    pub email: Option<String>,
}

/// A permission set as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PermissionSet {
    /// Its ARN.
    pub arn: PermissionSetArn,
    /// Its name.
    pub name: String,
    /// Its description, if any.
    pub description: Option<String>,
    /// ISO-8601 session duration (`PT1H`), if reported.
    pub session_duration: Option<String>,
    /// The relay state URL, if any.
    pub relay_state: Option<String>,
}

/// Every field of a permission set that `CreatePermissionSet` / `UpdatePermissionSet` take.
///
/// Always complete: moto's parser breaks on a missing session duration, and AWS's
/// `UpdatePermissionSet` treats missing fields as "leave alone", so sending everything
/// makes both behave the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PermissionSetFields {
    /// Its name (ignored by updates: names cannot change).
    pub name: String,
    /// Its description.
    pub description: String,
    /// ISO-8601 session duration (`PT1H` .. `PT12H`).
    pub session_duration: String,
    /// The relay state URL, if any.
    pub relay_state: Option<String>,
}

/// A customer managed policy referenced by name (and path) from a permission set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerPolicyRef {
    /// The policy name, which must exist in every account the set is provisioned to.
    pub name: String,
    /// The policy path (`/` by default).
    pub path: String,
}

/// A permission set's permissions boundary as the client traits send and return it. The spec's
/// form is [`identity_center::PermissionSetBoundary`](crate::identity_center::PermissionSetBoundary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BoundaryRef {
    /// An AWS managed policy, by ARN.
    Managed(String),
    /// A customer managed policy, by name and path.
    Customer(CustomerPolicyRef),
}

/// Who receives an account assignment (sso-admin's `PrincipalType`). Not the policy language's
/// [`policy::PrincipalType`](crate::policy::PrincipalType), the kinds of a `Principal` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DirectoryPrincipalType {
    /// An identity-store user.
    User,
    /// An identity-store group.
    Group,
}

impl fmt::Display for DirectoryPrincipalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DirectoryPrincipalType::User => "USER",
            DirectoryPrincipalType::Group => "GROUP",
        })
    }
}

/// An account assignment: a principal gets a permission set in an account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountAssignment {
    /// The AWS account.
    pub account_id: AccountId,
    /// The permission set ARN.
    pub permission_set_arn: PermissionSetArn,
    /// The user or group (`principal_type` and `principal_id` on the wire).
    #[serde(flatten)]
    pub principal: DirectoryPrincipal,
}

/// The state of an asynchronous Identity Center request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AsyncState {
    /// Still running: poll again.
    InProgress,
    /// Done.
    Succeeded,
    /// Gave up; see the failure reason.
    Failed,
}

/// An asynchronous request's status (assignment creation, provisioning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AsyncStatus {
    /// The ID to poll with.
    pub request_id: String,
    /// Where it stands.
    pub state: AsyncState,
    /// Why it failed, when it did.
    pub failure_reason: Option<String>,
}

/// Where `ProvisionPermissionSet` pushes a permission set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProvisionTarget {
    /// One account.
    Account(AccountId),
    /// Every account the set is already provisioned to.
    AllProvisioned,
}

/// Which accounts `ListAccountsForProvisionedPermissionSet` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProvisionedAccounts {
    /// Every account the set is provisioned to.
    All,
    /// Only those whose copy predates the set's latest change
    /// (`LATEST_PERMISSION_SET_NOT_PROVISIONED`): a change that was never provisioned,
    /// for example because the run that made it stopped first.
    Outdated,
}

/// Tags for sso-admin resources (same shape as IAM's).
pub type ResourceTags = Tags;

// Constructors: the types are `#[non_exhaustive]` (a field can be added without breaking
// anyone), so code outside the crate (a mock's answers, a direct call's request) builds them
// here and sets any other public field afterwards.

impl Instance {
    /// An instance with its identity store; owner, status and name unknown.
    pub fn new(arn: InstanceArn, identity_store_id: IdentityStoreId) -> Self {
        Self {
            arn,
            identity_store_id,
            owner_account_id: None,
            status: None,
            name: None,
        }
    }
}

impl NewDirectoryUser {
    /// A user to create, displayed as `given_name family_name`.
    pub fn new(
        user_name: DirectoryUserName,
        given_name: impl Into<String>,
        family_name: impl Into<String>,
        email: impl Into<String>,
    ) -> Self {
        let (given_name, family_name) = (given_name.into(), family_name.into());
        Self {
            user_name,
            display_name: format!("{given_name} {family_name}"),
            given_name,
            family_name,
            email: email.into(),
        }
    }
}

impl DirectoryUser {
    /// A user as read back, with only its ID and name.
    pub fn new(user_id: DirectoryUserId, user_name: impl Into<String>) -> Self {
        Self {
            user_id,
            user_name: user_name.into(),
            display_name: None,
            given_name: None,
            family_name: None,
            email: None,
        }
    }
}

impl PermissionSet {
    /// A permission set as read back, with only its ARN and name.
    pub fn new(arn: PermissionSetArn, name: impl Into<String>) -> Self {
        Self {
            arn,
            name: name.into(),
            description: None,
            session_duration: None,
            relay_state: None,
        }
    }
}

impl PermissionSetFields {
    /// What to create a permission set with: no description, one-hour sessions
    /// (`PT1H`), no relay state.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            session_duration: "PT1H".to_owned(),
            relay_state: None,
        }
    }
}

impl CustomerPolicyRef {
    /// A customer managed policy by name and path.
    pub fn new(name: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: path.into(),
        }
    }
}

impl AccountAssignment {
    /// `principal` has `permission_set_arn` in `account_id`.
    pub fn new(
        account_id: AccountId,
        permission_set_arn: PermissionSetArn,
        principal: DirectoryPrincipal,
    ) -> Self {
        Self {
            account_id,
            permission_set_arn,
            principal,
        }
    }
}

impl AsyncStatus {
    /// The status of request `request_id`, with no failure reason.
    pub fn new(request_id: impl Into<String>, state: AsyncState) -> Self {
        Self {
            request_id: request_id.into(),
            state,
            failure_reason: None,
        }
    }
}

/// A user's membership of an identity-store group, as `ListGroupMemberships` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupMember {
    /// The membership's ID (what `DeleteGroupMembership` takes).
    pub membership_id: String,
    /// The member user's ID.
    pub user_id: DirectoryUserId,
}

impl GroupMember {
    /// A membership as `ListGroupMemberships` reports it.
    pub fn new(membership_id: impl Into<String>, user_id: DirectoryUserId) -> Self {
        Self {
            membership_id: membership_id.into(),
            user_id,
        }
    }
}
