//! Domain types that go in and out of [`OrganizationsApi`](super::OrganizationsApi).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::iam_types::Tags;
use crate::names::{
    AccountEmail, AccountId, AccountName, CreateAccountRequestId, OrganizationId, OuId, RoleName, RootId,
};

/// Which features an organization has enabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeatureSet {
    /// Every feature (service control policies, trusted access, delegated administrators).
    All,
    /// Consolidated billing only.
    ConsolidatedBilling,
}

/// An organization as `DescribeOrganization` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Organization {
    /// Its ID.
    pub id: OrganizationId,
    /// Its ARN.
    pub arn: String,
    /// Its feature set.
    pub feature_set: FeatureSet,
    /// The management account.
    pub management_account_id: AccountId,
    /// The management account's email, when reported.
    pub management_account_email: Option<String>,
}

/// The root of an organization (there is one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationRoot {
    /// Its ID.
    pub id: RootId,
    /// Its ARN.
    pub arn: String,
    /// Its name (`Root`).
    pub name: String,
}

/// An organizational unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationalUnit {
    /// Its ID.
    pub id: OuId,
    /// Its ARN.
    pub arn: String,
    /// Its name (unique among its siblings).
    pub name: String,
}

/// Where an OU or an account lives: the root or an OU.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParentId {
    /// The organization's root.
    Root(RootId),
    /// An organizational unit.
    Ou(OuId),
}

impl ParentId {
    /// The ID as AWS writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ParentId::Root(id) => id.as_str(),
            ParentId::Ou(id) => id.as_str(),
        }
    }
}

impl fmt::Display for ParentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<RootId> for ParentId {
    fn from(id: RootId) -> Self {
        ParentId::Root(id)
    }
}

impl From<OuId> for ParentId {
    fn from(id: OuId) -> Self {
        ParentId::Ou(id)
    }
}

/// Something Organizations can tag: an account, an OU or the root.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OrganizationResource {
    /// A member or management account.
    Account(AccountId),
    /// An organizational unit.
    Ou(OuId),
    /// The root.
    Root(RootId),
}

impl OrganizationResource {
    /// The ID as AWS writes it.
    pub fn as_str(&self) -> &str {
        match self {
            OrganizationResource::Account(id) => id.as_str(),
            OrganizationResource::Ou(id) => id.as_str(),
            OrganizationResource::Root(id) => id.as_str(),
        }
    }
}

impl fmt::Display for OrganizationResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<ParentId> for OrganizationResource {
    fn from(parent: ParentId) -> Self {
        match parent {
            ParentId::Root(id) => OrganizationResource::Root(id),
            ParentId::Ou(id) => OrganizationResource::Ou(id),
        }
    }
}

/// An account's life-cycle state (`State`, which replaced the retired `Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountState {
    /// In use: the only state the library targets.
    Active,
    /// Suspended (closed or suspended by AWS).
    Suspended,
    /// Closing.
    PendingClosure,
    /// Closed.
    Closed,
    /// A state this version does not know; never targeted.
    Unknown,
}

impl AccountState {
    /// The state as AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::Active => "ACTIVE",
            AccountState::Suspended => "SUSPENDED",
            AccountState::PendingClosure => "PENDING_CLOSURE",
            AccountState::Closed => "CLOSED",
            AccountState::Unknown => "UNKNOWN",
        }
    }

    /// Parses AWS's spelling; anything else is [`AccountState::Unknown`].
    pub fn from_aws(value: &str) -> Self {
        match value {
            "ACTIVE" => AccountState::Active,
            "SUSPENDED" => AccountState::Suspended,
            "PENDING_CLOSURE" => AccountState::PendingClosure,
            "CLOSED" => AccountState::Closed,
            _ => AccountState::Unknown,
        }
    }
}

impl fmt::Display for AccountState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account of the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Account {
    /// Its ID.
    pub id: AccountId,
    /// Its ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// Its root user's email.
    pub email: String,
    /// Its state.
    pub state: AccountState,
}

/// What [`OrganizationsApi::create_account`](super::OrganizationsApi::create_account) needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewAccount {
    /// The account's name.
    pub name: AccountName,
    /// Its root user's email (unique across AWS).
    pub email: AccountEmail,
    /// The role the management account may assume in it (AWS's default:
    /// `OrganizationAccountAccessRole`).
    pub role_name: Option<RoleName>,
    /// Tags to create it with.
    pub tags: Tags,
}

/// Where a `CreateAccount` request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CreateAccountState {
    /// Still running: poll again.
    InProgress,
    /// The account exists.
    Succeeded,
    /// Gave up; see the failure reason.
    Failed,
}

/// A `CreateAccount` request's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateAccountStatus {
    /// The ID to poll with.
    pub request_id: CreateAccountRequestId,
    /// Where it stands.
    pub state: CreateAccountState,
    /// The new account, once it exists.
    pub account_id: Option<AccountId>,
    /// The requested name.
    pub account_name: Option<String>,
    /// AWS's failure reason (`EMAIL_ALREADY_EXISTS`, `ACCOUNT_LIMIT_EXCEEDED`, ...).
    pub failure_reason: Option<String>,
}

/// An account registered as a delegated administrator of at least one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DelegatedAdministrator {
    /// The account.
    pub id: AccountId,
    /// Its name.
    pub name: String,
    /// Its state.
    pub state: AccountState,
}

// Constructors: the types are `#[non_exhaustive]` (AWS adds fields; so can we without breaking
// anyone), so code outside the crate (a mock's answers, a direct call's request) builds them
// here and sets any other public field afterwards.

impl Organization {
    /// An organization; the management account's email unknown.
    pub fn new(
        id: OrganizationId,
        arn: impl Into<String>,
        feature_set: FeatureSet,
        management_account_id: AccountId,
    ) -> Self {
        Self {
            id,
            arn: arn.into(),
            feature_set,
            management_account_id,
            management_account_email: None,
        }
    }
}

impl OrganizationRoot {
    /// The organization's root.
    pub fn new(id: RootId, arn: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id,
            arn: arn.into(),
            name: name.into(),
        }
    }
}

impl OrganizationalUnit {
    /// An organizational unit.
    pub fn new(id: OuId, arn: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id,
            arn: arn.into(),
            name: name.into(),
        }
    }
}

impl Account {
    /// A member account as Organizations lists it.
    pub fn new(
        id: AccountId,
        arn: impl Into<String>,
        name: impl Into<String>,
        email: impl Into<String>,
        state: AccountState,
    ) -> Self {
        Self {
            id,
            arn: arn.into(),
            name: name.into(),
            email: email.into(),
            state,
        }
    }
}

impl NewAccount {
    /// An account to create, with AWS's default role name and no tags.
    pub fn new(name: AccountName, email: AccountEmail) -> Self {
        Self {
            name,
            email,
            role_name: None,
            tags: Tags::default(),
        }
    }
}

impl CreateAccountStatus {
    /// The status of creation request `request_id`; account and failure unknown.
    pub fn new(request_id: CreateAccountRequestId, state: CreateAccountState) -> Self {
        Self {
            request_id,
            state,
            account_id: None,
            account_name: None,
            failure_reason: None,
        }
    }
}

impl DelegatedAdministrator {
    /// A delegated administrator account.
    pub fn new(id: AccountId, name: impl Into<String>, state: AccountState) -> Self {
        Self {
            id,
            name: name.into(),
            state,
        }
    }
}
