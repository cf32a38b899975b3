//! [`InMemory`]: a whole AWS account in memory.
//!
//! It holds IAM (users, roles, customer managed policies with versions, attachments, inline
//! policies, the password policy, the alias, MFA devices, access keys, a credential report
//! with the `<root_account>` row) and Identity Center (an instance, identity-store users,
//! groups and memberships, permission sets, assignments and provisioning that go
//! IN_PROGRESS → SUCCEEDED or FAILED), and optionally the organization it manages (root,
//! nested OUs, accounts with their state and tags, delegated administrators, trusted
//! service access, account creation that settles after polls). It answers like AWS does, errors included, and it
//! models what emulators cannot: the root user, asynchronous failures, eventual
//! consistency, the 10-outstanding-assignments limit.
//!
//! ```
//! use iam_bootstrap::client::{IamApi, InMemory};
//! use iam_bootstrap::client::memory::{RootMfa, RootUser};
//!
//! # tokio_test_block_on(async {
//! let account = InMemory::builder().root(RootUser::default().with_access_keys(1)).build();
//! let summary = account.account_summary().await?;
//! assert_eq!(summary.account_access_keys_present(), Some(true));
//! assert_eq!(summary.account_mfa_enabled(), Some(false));
//! # Ok::<_, iam_bootstrap::Error>(()) });
//! # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
//! # }
//! ```

mod access_analyzer;
#[cfg(test)]
mod access_analyzer_tests;
mod activity;
mod central_root;
mod cloudformation;
mod config;
mod iam;
mod identity_center;
mod identity_center_retire;
mod last_accessed;
#[cfg(test)]
mod limits_tests;
mod org_state;
mod organization;
mod organizations;
#[cfg(test)]
mod organizations_tests;
mod report;
mod retire;
mod stacksets;
mod state;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub use activity::ActivityEvent;
pub use central_root::MemberRoot;
pub use config::{Caller, InMemoryBuilder, RootMfa, RootUser};
pub use organization::{MemberAccount, OrganizationTree};
pub use stacksets::StackSetTiming;

use crate::client::Instance;
use crate::names::{IdentityStoreId, InstanceArn};
use state::{KeyRecord, Report, State};

/// A stateful AWS account in memory. Clones share the same account.
///
/// It models what emulators cannot: the root user (credential report row, MFA, access keys),
/// Identity Center's asynchronous statuses and failures, and IAM's eventual consistency.
///
/// # Example
///
/// ```
/// use iam_bootstrap::client::memory::{Caller, RootUser};
/// use iam_bootstrap::{Aws, InMemory, RootAccessKeys, RootHardening};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// // An account whose root user still has an access key, audited as root.
/// let account = InMemory::builder()
///     .caller(Caller::Root)
///     .root(RootUser::default().with_access_keys(1))
///     .build();
/// let aws = Aws::in_memory(account.clone());
/// let spec = RootHardening::builder().root_access_keys(RootAccessKeys::Delete).build()?;
/// spec.plan(&aws).await?.apply(&aws).await?;
/// assert!(spec.plan(&aws).await?.changes.is_empty()); // the key is gone
/// # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct InMemory {
    state: Arc<Mutex<State>>,
}

impl Default for InMemory {
    fn default() -> Self {
        Self::new()
    }
}

/// An ISO-8601 UTC timestamp `days` ago, as AWS writes them in credential reports.
pub(super) fn days_ago(days: u32) -> String {
    let now = jiff::Timestamp::now();
    let then = now
        .checked_sub(jiff::SignedDuration::from_hours(i64::from(days) * 24))
        .unwrap_or(now);
    then.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

impl InMemory {
    /// A new account with the defaults of [`InMemoryBuilder`].
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Configures a new account.
    pub fn builder() -> InMemoryBuilder {
        InMemoryBuilder::default()
    }

    fn from_builder(builder: InMemoryBuilder) -> Self {
        let InMemoryBuilder {
            config,
            caller,
            root,
            organization,
        } = builder;
        let root_keys = (1..=root.access_keys)
            .map(|n| KeyRecord {
                id: format!("AKIAROOT{:012}", u64::from(n) + config.seed % 1_000_000),
                active: true,
                created_at: days_ago(400),
                last_used_at: root.access_key_last_used_days_ago.map(days_ago),
            })
            .collect();
        let mut state = State {
            config,
            tick: 0,
            next_id: 0,
            caller,
            root,
            root_keys,
            root_created_at: days_ago(400),
            password_policy: None,
            aliases: Vec::new(),
            users: BTreeMap::new(),
            virtual_mfa: BTreeMap::new(),
            roles: BTreeMap::new(),
            policies: BTreeMap::new(),
            report: Report::Absent,
            principal_visible_at: BTreeMap::new(),
            instances: Vec::new(),
            directory_users: BTreeMap::new(),
            directory_groups: BTreeMap::new(),
            memberships: BTreeMap::new(),
            permission_sets: BTreeMap::new(),
            assignments: Default::default(),
            assignment_requests: BTreeMap::new(),
            provisioning_requests: BTreeMap::new(),
            deletion_requests: BTreeMap::new(),
            provisioned: BTreeMap::new(),
            outdated: BTreeMap::new(),
            outstanding_assignments: 0,
            max_outstanding_assignments: 0,
            organization: None,
            activity: Default::default(),
            stack_sets: Default::default(),
            central_root: Default::default(),
        };
        if let Some(tree) = organization {
            state.plant(tree);
        }
        for _ in 0..state.config.identity_center_instances {
            let instance = Instance {
                arn: InstanceArn::generated(format!("arn:aws:sso:::instance/ssoins-{}", state.fresh_id(16))),
                identity_store_id: IdentityStoreId::generated(format!("d-{}", state.fresh_id(10))),
                owner_account_id: Some(state.account().to_string()),
                status: Some("ACTIVE".into()),
                name: None,
            };
            state.instances.push(instance);
        }
        Self {
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Locks the account for one call and advances its clock by one tick.
    fn call(&self) -> MutexGuard<'_, State> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.tick += 1;
        state
    }

    /// Locks the account without counting a call (for inspection and set-up).
    fn peek(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Changes the root user's MFA, as a person following a manual step would in the console.
    pub fn set_root_mfa(&self, mfa: RootMfa) {
        self.peek().root.mfa = mfa;
    }

    /// Changes who makes the calls.
    pub fn set_caller(&self, caller: Caller) {
        self.peek().caller = caller;
    }

    /// The most assignment creations that were ever IN_PROGRESS at the same time.
    pub fn max_outstanding_assignments(&self) -> u32 {
        self.peek().max_outstanding_assignments
    }

    /// Counts of what the account holds, for tests that check nothing was duplicated or
    /// orphaned.
    pub fn inventory(&self) -> Inventory {
        let state = self.peek();
        Inventory {
            iam_users: state.users.len(),
            roles: state.roles.len(),
            customer_policies: state.policies.len(),
            policy_versions: state.policies.values().map(|p| p.versions.len()).sum(),
            role_attachments: state.roles.values().map(|r| r.attached.len()).sum(),
            inline_role_policies: state.roles.values().map(|r| r.inline.len()).sum(),
            virtual_mfa_devices: state.virtual_mfa.len(),
            directory_users: state.directory_users.len(),
            directory_groups: state.directory_groups.len(),
            group_memberships: state.memberships.len(),
            permission_sets: state.permission_sets.len(),
            permission_set_policies: state
                .permission_sets
                .values()
                .map(|p| p.managed.len() + p.customer.len() + usize::from(p.inline.is_some()))
                .sum(),
            account_assignments: state.assignments.len(),
            password_policy: state.password_policy.is_some(),
            alias: state.aliases.first().cloned(),
            root_access_keys: state.root_keys.len(),
        }
    }
}

/// How many of each thing an [`InMemory`] account holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Inventory {
    /// IAM users.
    pub iam_users: usize,
    /// IAM roles.
    pub roles: usize,
    /// Customer managed policies.
    pub customer_policies: usize,
    /// Versions of customer managed policies, all together.
    pub policy_versions: usize,
    /// Managed policies attached to roles, all together.
    pub role_attachments: usize,
    /// Inline role policies, all together.
    pub inline_role_policies: usize,
    /// Virtual MFA devices, assigned or not.
    pub virtual_mfa_devices: usize,
    /// Identity-store users.
    pub directory_users: usize,
    /// Identity-store groups.
    pub directory_groups: usize,
    /// Identity-store group memberships.
    pub group_memberships: usize,
    /// Permission sets.
    pub permission_sets: usize,
    /// Policies (managed, customer, inline) attached to permission sets, all together.
    pub permission_set_policies: usize,
    /// Account assignments.
    pub account_assignments: usize,
    /// Whether a password policy is set.
    pub password_policy: bool,
    /// The account alias, if any.
    pub alias: Option<String>,
    /// Root access keys.
    pub root_access_keys: usize,
}
