//! Resolving [`AccountSelector`]s against an organization: the reads, cached so several
//! selectors of one plan read each OU once, and what each selector came to.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use futures::stream::{self, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use super::selector::{AccountSelector, AccountTag, OuPath, OuRef};
use crate::aws::Aws;
use crate::client::{Account, AccountState, OrganizationResource, OrganizationalUnit, ParentId, Tags};
use crate::error::{Error, PreconditionReason, ResourceKind, Result};
use crate::names::AccountId;

/// How many Organizations reads one resolution keeps in flight (the layers' rate limit
/// and the SDK's retries still apply; Organizations allows a few requests per second).
const READS_IN_FLIGHT: usize = 8;

/// An account a selector reached but does not target, because it is not ACTIVE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedAccount {
    /// The account.
    pub id: AccountId,
    /// Its state (SUSPENDED, PENDING_CLOSURE, ...).
    pub state: AccountState,
}

/// What one selector came to, for the plan: a reviewer sees the blast radius before apply.
///
/// Printed as `OU Root/Workloads (3 nested OUs) -> 42 accounts; skipped, not ACTIVE:
/// 222222222222 (SUSPENDED)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectorResolution {
    /// The selector as written (`OU Root/Workloads except 222222222222`).
    pub selector: String,
    /// For an OU selector, how many OUs are nested under it (0 when not recursive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested_ous: Option<usize>,
    /// The ACTIVE accounts it targets, exclusions removed.
    pub accounts: Vec<AccountId>,
    /// Accounts it reached that are not ACTIVE, so not targeted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedAccount>,
    /// Accounts it reached that its `except` list removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<AccountId>,
}

impl fmt::Display for SelectorResolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.selector)?;
        match self.nested_ous {
            Some(1) => f.write_str(" (1 nested OU)")?,
            Some(n) if n > 0 => write!(f, " ({n} nested OUs)")?,
            _ => {}
        }
        let n = self.accounts.len();
        write!(f, " -> {n} account{}", if n == 1 { "" } else { "s" })?;
        if !self.skipped.is_empty() {
            let list: Vec<String> = self
                .skipped
                .iter()
                .map(|s| format!("{} ({})", s.id, s.state))
                .collect();
            write!(f, "; skipped, not ACTIVE: {}", list.join(", "))?;
        }
        if !self.excluded.is_empty() {
            let list: Vec<&str> = self.excluded.iter().map(AccountId::as_str).collect();
            write!(f, "; excluded: {}", list.join(", "))?;
        }
        Ok(())
    }
}

/// Reads an organization on demand and remembers what it read.
#[derive(Debug)]
pub struct OrganizationReader<'a> {
    aws: &'a Aws,
    root: Option<ParentId>,
    management: Option<AccountId>,
    ous: BTreeMap<ParentId, Vec<OrganizationalUnit>>,
    accounts: BTreeMap<ParentId, Vec<Account>>,
    everything: Option<Vec<Account>>,
    tags: BTreeMap<AccountId, Tags>,
}

fn missing_ou(name: String, problem: String) -> Error {
    Error::Precondition {
        reason: PreconditionReason::MissingReference {
            kind: ResourceKind::OrganizationalUnit,
            name,
        },
        problem,
        remedy: "name an OU of the organization (by ID, or by path from Root), or create it first".into(),
    }
}

impl<'a> OrganizationReader<'a> {
    /// A reader that has read nothing yet.
    pub fn new(aws: &'a Aws) -> Self {
        Self {
            aws,
            root: None,
            management: None,
            ous: BTreeMap::new(),
            accounts: BTreeMap::new(),
            everything: None,
            tags: BTreeMap::new(),
        }
    }

    /// The organization's root.
    ///
    /// # Errors
    /// [`Error::Precondition`] ([`PreconditionReason::NotInOrganization`]) when the
    /// caller's account is in no organization; backend errors.
    pub async fn root(&mut self) -> Result<ParentId> {
        if let Some(root) = &self.root {
            return Ok(root.clone());
        }
        let orgs = self.aws.organizations();
        let Some(organization) = orgs.describe_organization().await? else {
            return Err(Error::Precondition {
                reason: PreconditionReason::NotInOrganization,
                problem: "the spec selects accounts of an organization, and this account is in none".into(),
                remedy: "run it with the organization's management account (or a delegated \
                         administrator), or list account IDs only"
                    .into(),
            });
        };
        self.management = Some(organization.management_account_id);
        let root = orgs
            .list_roots()
            .await?
            .into_iter()
            .next()
            .map(|r| ParentId::Root(r.id))
            .ok_or_else(|| Error::not_found(ResourceKind::OrganizationRoot, "Root"))?;
        self.root = Some(root.clone());
        Ok(root)
    }

    /// The organization's management account, once [`root`](Self::root) has read it.
    pub fn management_account(&self) -> Option<&AccountId> {
        self.management.as_ref()
    }

    /// The OUs directly under `parent`.
    async fn children(&mut self, parent: &ParentId) -> Result<&[OrganizationalUnit]> {
        if !self.ous.contains_key(parent) {
            let found = self
                .aws
                .organizations()
                .list_organizational_units_for_parent(parent)
                .await?;
            self.ous.insert(parent.clone(), found);
        }
        Ok(self.ous.get(parent).map(Vec::as_slice).unwrap_or_default())
    }

    /// Where `ou` is.
    ///
    /// # Errors
    /// [`Error::Precondition`] ([`PreconditionReason::MissingReference`], kind
    /// organizational unit) naming the OU when the organization has none such.
    pub async fn locate(&mut self, ou: &OuRef) -> Result<ParentId> {
        match ou {
            OuRef::Path(path) => self.locate_path(path).await,
            OuRef::Id(id) => {
                self.root().await?;
                let parent = ParentId::Ou(id.clone());
                match self.children(&parent).await {
                    Ok(_) => Ok(parent),
                    Err(err) if err.is_not_found() => Err(missing_ou(
                        id.to_string(),
                        format!(
                            "an account selector names the OU {id}, which the organization does not have"
                        ),
                    )),
                    Err(err) => Err(err),
                }
            }
        }
    }

    async fn locate_path(&mut self, path: &OuPath) -> Result<ParentId> {
        let mut parent = self.root().await?;
        let mut walked = String::from("Root");
        for segment in path.segments() {
            let next = self
                .children(&parent)
                .await?
                .iter()
                .find(|ou| ou.name == segment.as_str())
                .map(|ou| ParentId::Ou(ou.id.clone()));
            parent = next.ok_or_else(|| {
                missing_ou(
                    path.to_string(),
                    format!(
                        "an account selector names the OU {path}, and {walked} has no OU named `{segment}`"
                    ),
                )
            })?;
            walked = format!("{walked}/{segment}");
        }
        Ok(parent)
    }

    /// The accounts under `top` (and under every OU nested in it when `recursive`), and how
    /// many nested OUs there are. Each level's OUs are read concurrently.
    pub async fn subtree(&mut self, top: &ParentId, recursive: bool) -> Result<(usize, Vec<Account>)> {
        let mut level = vec![top.clone()];
        let mut nested = 0;
        let mut found = Vec::new();
        while !level.is_empty() {
            // What each parent of this level still needs: its accounts, and (when
            // recursive) its child OUs; a parent walked to by path has the latter already.
            let unread: Vec<(ParentId, bool, bool)> = level
                .iter()
                .map(|p| {
                    let accounts = !self.accounts.contains_key(p);
                    let ous = recursive && !self.ous.contains_key(p);
                    (p.clone(), accounts, ous)
                })
                .filter(|(_, accounts, ous)| *accounts || *ous)
                .collect();
            let aws = self.aws;
            let orgs = aws.organizations();
            type Read = (ParentId, Option<Vec<Account>>, Option<Vec<OrganizationalUnit>>);
            let reads: Vec<Read> = stream::iter(unread)
                .map(|(parent, accounts, ous)| async move {
                    // The two listings of a parent are independent: one round trip, not two.
                    let (accounts, ous) = futures::try_join!(
                        async {
                            if accounts {
                                orgs.list_accounts_for_parent(&parent).await.map(Some)
                            } else {
                                Ok(None)
                            }
                        },
                        async {
                            if ous {
                                orgs.list_organizational_units_for_parent(&parent).await.map(Some)
                            } else {
                                Ok(None)
                            }
                        }
                    )?;
                    Ok::<_, Error>((parent, accounts, ous))
                })
                .buffered(READS_IN_FLIGHT)
                .try_collect()
                .await?;
            for (parent, accounts, ous) in reads {
                if let Some(accounts) = accounts {
                    self.accounts.insert(parent.clone(), accounts);
                }
                if let Some(ous) = ous {
                    self.ous.insert(parent, ous);
                }
            }
            let mut next = Vec::new();
            for parent in &level {
                found.extend(self.accounts.get(parent).cloned().unwrap_or_default());
                if recursive {
                    let children = self.ous.get(parent).map(Vec::as_slice).unwrap_or_default();
                    next.extend(children.iter().map(|ou| ParentId::Ou(ou.id.clone())));
                }
            }
            nested += next.len();
            level = next;
        }
        Ok((nested, found))
    }

    /// Every account of the organization.
    pub async fn everything(&mut self) -> Result<Vec<Account>> {
        if self.everything.is_none() {
            self.root().await?;
            self.everything = Some(self.aws.organizations().list_accounts().await?);
        }
        Ok(self.everything.clone().unwrap_or_default())
    }

    /// The accounts of the organization carrying `tag` (whatever their state).
    ///
    /// # Errors
    /// [`Error::Precondition`] ([`PreconditionReason::MissingReference`], kind account
    /// tag) naming the tag when no account carries it.
    pub async fn tagged(&mut self, tag: &AccountTag) -> Result<Vec<Account>> {
        let all = self.everything().await?;
        let unread: Vec<AccountId> = all
            .iter()
            .map(|a| a.id.clone())
            .filter(|id| !self.tags.contains_key(id))
            .collect();
        let aws = self.aws;
        let orgs = aws.organizations();
        let read: Vec<(AccountId, Tags)> = stream::iter(unread)
            .map(|id| async move {
                let tags = orgs
                    .list_tags_for_resource(&OrganizationResource::Account(id.clone()))
                    .await?;
                Ok::<_, Error>((id, tags))
            })
            .buffered(READS_IN_FLIGHT)
            .try_collect()
            .await?;
        self.tags.extend(read);
        let matching: Vec<Account> = all
            .into_iter()
            .filter(|a| {
                self.tags
                    .get(&a.id)
                    .and_then(|t| t.get(tag.key()))
                    .is_some_and(|v| v == tag.value())
            })
            .collect();
        if matching.is_empty() {
            return Err(Error::Precondition {
                reason: PreconditionReason::MissingReference {
                    kind: ResourceKind::AccountTag,
                    name: tag.to_string(),
                },
                problem: format!(
                    "an account selector names the tag {tag}, and no account of the organization carries it"
                ),
                remedy: "tag the accounts first, or fix the selector".into(),
            });
        }
        Ok(matching)
    }

    /// Resolves one selector: reads what it needs, keeps ACTIVE accounts, drops exclusions.
    ///
    /// # Errors
    /// As [`locate`](Self::locate) and [`tagged`](Self::tagged); backend errors.
    pub async fn resolve(&mut self, selector: &AccountSelector) -> Result<SelectorResolution> {
        let (nested_ous, reached) = match selector {
            AccountSelector::Account(id) => {
                return Ok(SelectorResolution {
                    selector: selector.to_string(),
                    nested_ous: None,
                    accounts: vec![id.clone()],
                    skipped: Vec::new(),
                    excluded: Vec::new(),
                });
            }
            AccountSelector::Ou { ou, recursive, .. } => {
                let top = self.locate(ou).await?;
                let (nested, accounts) = self.subtree(&top, *recursive).await?;
                (Some(nested), accounts)
            }
            AccountSelector::Tag { tag, .. } => (None, self.tagged(tag).await?),
            AccountSelector::Organization { .. } => (None, self.everything().await?),
        };
        let except: BTreeSet<&AccountId> = selector.except().iter().collect();
        let mut resolution = SelectorResolution {
            selector: selector.to_string(),
            nested_ous,
            accounts: Vec::new(),
            skipped: Vec::new(),
            excluded: Vec::new(),
        };
        for account in reached {
            if except.contains(&account.id) {
                resolution.excluded.push(account.id);
            } else if account.state == AccountState::Active {
                resolution.accounts.push(account.id);
            } else {
                resolution.skipped.push(SkippedAccount {
                    id: account.id,
                    state: account.state,
                });
            }
        }
        Ok(resolution)
    }
}
