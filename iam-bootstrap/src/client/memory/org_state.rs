//! What the in-memory organization holds, how it is planted from an
//! [`OrganizationTree`], and the lookups its calls share.

use std::collections::{BTreeMap, BTreeSet};

use super::organization::{OrganizationTree, path_segments};
use super::state::State;
use crate::client::{
    Account, AccountState, CreateAccountState, CreateAccountStatus, FeatureSet, Operation as Op,
    Organization, OrganizationResource, ParentId, Tags,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::{AccountId, CreateAccountRequestId, OrganizationId, OuId, RootId};

/// An OU as the organization holds it.
#[derive(Debug, Clone)]
pub(super) struct OuRecord {
    pub(super) name: String,
    pub(super) parent: ParentId,
    pub(super) tags: Tags,
}

/// An account as the organization holds it.
#[derive(Debug, Clone)]
pub(super) struct AccountRecord {
    pub(super) name: String,
    pub(super) email: String,
    pub(super) state: AccountState,
    pub(super) parent: ParentId,
    pub(super) tags: Tags,
    /// When it joined (a tick), which orders listings as AWS does.
    pub(super) joined: u64,
}

/// A `CreateAccount` request and how it ends.
#[derive(Debug, Clone)]
pub(super) struct CreateRequest {
    /// `DescribeCreateAccountStatus` answers IN_PROGRESS this many more times.
    pub(super) polls_left: u32,
    pub(super) account_name: String,
    /// The account it creates, or the failure reason.
    pub(super) outcome: std::result::Result<AccountId, String>,
    /// What the account is created with when it succeeds.
    pub(super) pending: Option<(AccountId, AccountRecord)>,
}

/// An organization.
#[derive(Debug, Clone)]
pub(super) struct OrgState {
    pub(super) id: OrganizationId,
    pub(super) feature_set: FeatureSet,
    pub(super) management: AccountId,
    pub(super) management_email: String,
    pub(super) root: RootId,
    pub(super) root_tags: Tags,
    pub(super) ous: BTreeMap<OuId, OuRecord>,
    pub(super) accounts: BTreeMap<AccountId, AccountRecord>,
    pub(super) delegated: BTreeMap<AccountId, BTreeSet<String>>,
    pub(super) service_access: BTreeSet<String>,
    pub(super) create_requests: BTreeMap<String, CreateRequest>,
}

impl OrgState {
    /// The ARN of a resource of this organization (`account`, `ou`, `root`).
    pub(super) fn arn(&self, kind: &str, id: &str) -> String {
        format!(
            "arn:aws:organizations::{}:{kind}/{}/{id}",
            self.management, self.id
        )
    }

    /// Whether `parent` exists.
    pub(super) fn has_parent(&self, parent: &ParentId) -> bool {
        match parent {
            ParentId::Root(id) => *id == self.root,
            ParentId::Ou(id) => self.ous.contains_key(id),
        }
    }

    /// The child OU of `parent` named `name`, if any.
    pub(super) fn child_ou(&self, parent: &ParentId, name: &str) -> Option<OuId> {
        self.ous
            .iter()
            .find(|(_, ou)| ou.parent == *parent && ou.name == name)
            .map(|(id, _)| id.clone())
    }
}

/// An email for an account that was given none.
pub(super) fn default_email(name: &str) -> String {
    let local: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
        .collect::<String>()
        .to_ascii_lowercase();
    format!(
        "{}@example.com",
        if local.is_empty() { "account" } else { &local }
    )
}

impl State {
    /// A number unique within this account, for account IDs (12 digits).
    pub(super) fn fresh_account_id(&mut self) -> AccountId {
        loop {
            self.next_id += 1;
            let mixed = self.next_id.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.config.seed;
            let id = AccountId::generated(format!("{:012}", mixed % 1_000_000_000_000));
            let taken = *self.account() == id
                || self
                    .organization
                    .as_ref()
                    .is_some_and(|org| org.accounts.contains_key(&id));
            if !taken {
                return id;
            }
        }
    }

    /// A new organization with this account as its management account.
    pub(super) fn found_organization(&mut self, feature_set: FeatureSet) -> OrgState {
        // fresh_id yields lowercase hex, which the ID patterns accept.
        let id = OrganizationId::generated(format!("o-{}", self.fresh_id(10)));
        let root = RootId::generated(format!("r-{}", self.fresh_id(4)));
        let management = self.account().clone();
        let management_email = "management@example.com".to_owned();
        let mut accounts = BTreeMap::new();
        accounts.insert(
            management.clone(),
            AccountRecord {
                name: "management".into(),
                email: management_email.clone(),
                state: AccountState::Active,
                parent: ParentId::Root(root.clone()),
                tags: Tags::new(),
                joined: 0,
            },
        );
        OrgState {
            id,
            feature_set,
            management,
            management_email,
            root,
            root_tags: Tags::new(),
            ous: BTreeMap::new(),
            accounts,
            delegated: BTreeMap::new(),
            service_access: BTreeSet::new(),
            create_requests: BTreeMap::new(),
        }
    }

    /// A fresh OU ID under `org`'s root.
    pub(super) fn fresh_ou_id(&mut self, root: &RootId) -> OuId {
        let root_suffix = root.as_str().trim_start_matches("r-");
        OuId::generated(format!("ou-{root_suffix}-{}", self.fresh_id(8)))
    }

    /// The OU at `path` in `org`, created with its parents if missing.
    fn ensure_path(&mut self, org: &mut OrgState, path: &str) -> ParentId {
        let mut parent = ParentId::Root(org.root.clone());
        for name in path_segments(path) {
            parent = match org.child_ou(&parent, name) {
                Some(id) => ParentId::Ou(id),
                None => {
                    let id = self.fresh_ou_id(&org.root);
                    org.ous.insert(
                        id.clone(),
                        OuRecord {
                            name: name.to_owned(),
                            parent: parent.clone(),
                            tags: Tags::new(),
                        },
                    );
                    ParentId::Ou(id)
                }
            };
        }
        parent
    }

    /// Builds the organization `tree` describes.
    pub(super) fn plant(&mut self, tree: OrganizationTree) {
        let mut org = self.found_organization(tree.feature_set);
        org.root_tags = tree.root_tags;
        for (path, tags) in tree.ous {
            if let ParentId::Ou(id) = self.ensure_path(&mut org, &path)
                && let Some(ou) = org.ous.get_mut(&id)
            {
                ou.tags.extend(tags);
            }
        }
        for (joined, account) in (1..).zip(tree.accounts) {
            let parent = self.ensure_path(&mut org, &account.path);
            let email = account.email.unwrap_or_else(|| default_email(&account.name));
            if let Some(root) = account.root {
                self.central_root.members.insert(account.id.clone(), root);
            }
            org.accounts.insert(
                account.id,
                AccountRecord {
                    name: account.name,
                    email,
                    state: account.state,
                    parent,
                    tags: account.tags,
                    joined,
                },
            );
        }
        for (account, service) in tree.delegated {
            org.delegated.entry(account).or_default().insert(service);
        }
        org.service_access.extend(tree.service_access);
        self.organization = Some(org);
    }
}

pub(super) fn not_in_use(op: Op) -> Error {
    Error::service(
        op,
        "AWSOrganizationsNotInUseException",
        "your account is not a member of an organization",
    )
}

pub(super) fn parent_not_found(parent: &ParentId) -> Error {
    match parent {
        ParentId::Root(id) => Error::not_found(Kind::OrganizationRoot, id.as_str()),
        ParentId::Ou(id) => Error::not_found(Kind::OrganizationalUnit, id.as_str()),
    }
}

impl State {
    pub(super) fn org(&self, op: Op) -> Result<&OrgState> {
        self.organization.as_ref().ok_or_else(|| not_in_use(op))
    }

    pub(super) fn org_mut(&mut self, op: Op) -> Result<&mut OrgState> {
        self.organization.as_mut().ok_or_else(|| not_in_use(op))
    }
}

impl OrgState {
    pub(super) fn describe(&self) -> Organization {
        Organization {
            id: self.id.clone(),
            arn: format!(
                "arn:aws:organizations::{}:organization/{}",
                self.management, self.id
            ),
            feature_set: self.feature_set,
            management_account_id: self.management.clone(),
            management_account_email: Some(self.management_email.clone()),
        }
    }

    pub(super) fn account(&self, id: &AccountId, record: &AccountRecord) -> Account {
        Account {
            id: id.clone(),
            arn: self.arn("account", id.as_str()),
            name: record.name.clone(),
            email: record.email.clone(),
            state: record.state,
        }
    }

    /// Accounts matching `keep`, in the order they joined (as AWS lists them).
    pub(super) fn accounts_where(&self, keep: impl Fn(&AccountRecord) -> bool) -> Vec<Account> {
        let mut found: Vec<_> = self.accounts.iter().filter(|(_, r)| keep(r)).collect();
        found.sort_by_key(|(id, r)| (r.joined, (*id).clone()));
        found.into_iter().map(|(id, r)| self.account(id, r)).collect()
    }

    pub(super) fn tags_mut(&mut self, resource: &OrganizationResource) -> Result<&mut Tags> {
        match resource {
            OrganizationResource::Account(id) => self
                .accounts
                .get_mut(id)
                .map(|a| &mut a.tags)
                .ok_or_else(|| Error::not_found(Kind::OrganizationAccount, id.as_str())),
            OrganizationResource::Ou(id) => self
                .ous
                .get_mut(id)
                .map(|o| &mut o.tags)
                .ok_or_else(|| Error::not_found(Kind::OrganizationalUnit, id.as_str())),
            OrganizationResource::Root(id) if *id == self.root => Ok(&mut self.root_tags),
            OrganizationResource::Root(id) => Err(Error::not_found(Kind::OrganizationRoot, id.as_str())),
        }
    }
}

impl State {
    /// Moves a `CreateAccount` request one poll forward and reports where it stands.
    pub(super) fn poll_create(&mut self, request: &CreateAccountRequestId) -> Result<CreateAccountStatus> {
        let op = Op::DescribeCreateAccountStatus;
        let org = self.org_mut(op)?;
        let record = org
            .create_requests
            .get_mut(request.as_str())
            .ok_or_else(|| Error::not_found(Kind::CreateAccountRequest, request.as_str()))?;
        record.polls_left = record.polls_left.saturating_sub(1);
        let in_progress = record.polls_left > 0;
        if !in_progress && let Some((id, mut account)) = record.pending.take() {
            account.joined = org.accounts.values().map(|a| a.joined).max().unwrap_or(0) + 1;
            org.accounts.insert(id, account);
        }
        let record = record.clone();
        Ok(create_status(request, &record, in_progress))
    }
}

pub(super) fn create_status(
    request: &CreateAccountRequestId,
    record: &CreateRequest,
    in_progress: bool,
) -> CreateAccountStatus {
    let (state, account_id, failure_reason) = match (&record.outcome, in_progress) {
        (_, true) => (CreateAccountState::InProgress, None, None),
        (Ok(id), false) => (CreateAccountState::Succeeded, Some(id.clone()), None),
        (Err(reason), false) => (CreateAccountState::Failed, None, Some(reason.clone())),
    };
    CreateAccountStatus {
        request_id: request.clone(),
        state,
        account_id,
        account_name: Some(record.account_name.clone()),
        failure_reason,
    }
}

/// AWS allows five levels of OUs under the root.
pub(super) const MAX_OU_DEPTH: usize = 5;

pub(super) fn constraint(op: Op, reason: &str) -> Error {
    Error::service(op, "ConstraintViolationException", reason)
}

pub(super) fn depth(org: &OrgState, parent: &ParentId) -> usize {
    let mut depth = 0;
    let mut current = parent.clone();
    while let ParentId::Ou(id) = &current {
        depth += 1;
        match org.ous.get(id) {
            Some(ou) if depth <= org.ous.len() => current = ou.parent.clone(),
            _ => break,
        }
    }
    depth
}
