//! [`OrganizationTree`]: describes an in-memory organization to build.

use crate::client::{AccountState, FeatureSet, Tags};
use crate::names::AccountId;

/// An account as [`OrganizationTree`] describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct MemberAccount {
    pub(super) id: AccountId,
    pub(super) name: String,
    pub(super) email: Option<String>,
    pub(super) path: String,
    pub(super) state: AccountState,
    pub(super) tags: Tags,
    pub(super) root: Option<super::MemberRoot>,
}

impl MemberAccount {
    /// An ACTIVE account directly under the root, named `name`, with no tags.
    pub fn new(id: AccountId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            email: None,
            path: "/".into(),
            state: AccountState::Active,
            tags: Tags::new(),
            root: None,
        }
    }

    /// Places it in the OU at `path` (`/Workloads/Prod`; `/` is the root). Missing OUs on
    /// the way are created.
    pub fn in_ou(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Its state (default ACTIVE).
    pub fn state(mut self, state: AccountState) -> Self {
        self.state = state;
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// Its root user's credentials (default: none at all, see [`MemberRoot`](super::MemberRoot)).
    pub fn root_user(mut self, root: super::MemberRoot) -> Self {
        self.root = Some(root);
        self
    }

    /// Its root user's email (default `<name>@example.com`, lowercased, spaces removed).
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
}

/// Describes an organization for [`InMemoryBuilder::organization`](super::InMemoryBuilder::organization):
/// the in-memory account becomes its management account.
///
/// ```
/// use iam_bootstrap::client::AccountState;
/// use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree};
/// use iam_bootstrap::client::InMemory;
/// use iam_bootstrap::names::AccountId;
///
/// let tree = OrganizationTree::new()
///     .ou("/Sandbox")
///     .account(MemberAccount::new(AccountId::new("111111111111")?, "prod-a").in_ou("/Workloads/Prod"))
///     .account(
///         MemberAccount::new(AccountId::new("222222222222")?, "old")
///             .in_ou("/Workloads/Prod")
///             .state(AccountState::Suspended)
///             .tag("env", "prod"),
///     )
///     .delegated_administrator(AccountId::new("111111111111")?, "sso.amazonaws.com")
///     .service_access("sso.amazonaws.com");
/// let org = InMemory::builder().organization(tree).build();
/// # let _ = org;
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct OrganizationTree {
    pub(super) feature_set: FeatureSet,
    pub(super) ous: Vec<(String, Tags)>,
    pub(super) accounts: Vec<MemberAccount>,
    pub(super) root_tags: Tags,
    pub(super) delegated: Vec<(AccountId, String)>,
    pub(super) service_access: Vec<String>,
}

impl Default for OrganizationTree {
    fn default() -> Self {
        Self::new()
    }
}

impl OrganizationTree {
    /// An organization with all features and nothing but its management account.
    pub fn new() -> Self {
        Self {
            feature_set: FeatureSet::All,
            ous: Vec::new(),
            accounts: Vec::new(),
            root_tags: Tags::new(),
            delegated: Vec::new(),
            service_access: Vec::new(),
        }
    }

    /// Its feature set (default ALL).
    pub fn feature_set(mut self, feature_set: FeatureSet) -> Self {
        self.feature_set = feature_set;
        self
    }

    /// An OU at `path` (`/Workloads/Prod`), with its parents.
    pub fn ou(self, path: impl Into<String>) -> Self {
        self.tagged_ou(path, Tags::new())
    }

    /// An OU at `path` with tags.
    pub fn tagged_ou(mut self, path: impl Into<String>, tags: Tags) -> Self {
        self.ous.push((path.into(), tags));
        self
    }

    /// A member account.
    pub fn account(mut self, account: MemberAccount) -> Self {
        self.accounts.push(account);
        self
    }

    /// Tags on the root.
    pub fn root_tags(mut self, tags: Tags) -> Self {
        self.root_tags = tags;
        self
    }

    /// Registers `account` as delegated administrator of `service` (a service principal).
    pub fn delegated_administrator(mut self, account: AccountId, service: impl Into<String>) -> Self {
        self.delegated.push((account, service.into()));
        self
    }

    /// Enables trusted access for `service` (a service principal).
    pub fn service_access(mut self, service: impl Into<String>) -> Self {
        self.service_access.push(service.into());
        self
    }
}

/// The segments of an OU path (`/Workloads/Prod` → `["Workloads", "Prod"]`).
pub(super) fn path_segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}
