//! How an [`InMemory`](super::InMemory) account starts and behaves.

use super::organization::OrganizationTree;
use crate::names::{AccountId, RoleName, UserName};

/// Who calls the in-memory account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The root user.
    Root,
    /// An IAM user.
    User(UserName),
    /// A session of an IAM role.
    Role(RoleName),
}

/// How the root user is protected by MFA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootMfa {
    /// No MFA device.
    None,
    /// A virtual (authenticator app) device.
    Virtual,
    /// A hardware device (key fob or FIDO key).
    Hardware,
}

/// The root user's state, which AWS lets nobody change by API but the root user itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RootUser {
    /// How many access keys the root user has (0 to 2).
    pub access_keys: u8,
    /// Days since a root access key was last used, if ever.
    pub access_key_last_used_days_ago: Option<u32>,
    /// Its MFA.
    pub mfa: RootMfa,
    /// Days since the root password was last used to sign in, if ever.
    pub password_last_used_days_ago: Option<u32>,
    /// Whether it has an active X.509 signing certificate.
    pub signing_certificate: bool,
    /// Whether it has a password. AWS writes `not_supported` in the credential report's
    /// `password_enabled` column of a root user that has one; without one (a member
    /// account whose root credentials were removed centrally) the in-memory report says
    /// `false`.
    pub password: bool,
}

impl Default for RootUser {
    /// A new account's root user: no keys, no MFA, signed in today (to create the account).
    fn default() -> Self {
        Self {
            access_keys: 0,
            access_key_last_used_days_ago: None,
            mfa: RootMfa::None,
            password_last_used_days_ago: Some(0),
            signing_certificate: false,
            password: true,
        }
    }
}

impl RootUser {
    /// A root user that has been secured as the guide asks: hardware MFA, no keys, no
    /// recent sign-in.
    pub fn hardened() -> Self {
        Self {
            access_keys: 0,
            access_key_last_used_days_ago: None,
            mfa: RootMfa::Hardware,
            password_last_used_days_ago: Some(120),
            signing_certificate: false,
            password: true,
        }
    }

    /// Sets the number of access keys (at most 2, as AWS allows).
    pub fn with_access_keys(mut self, keys: u8) -> Self {
        self.access_keys = keys.min(2);
        self
    }

    /// Sets when the root access keys were last used.
    pub fn with_access_key_last_used_days_ago(mut self, days: Option<u32>) -> Self {
        self.access_key_last_used_days_ago = days;
        self
    }

    /// Sets the MFA state.
    pub fn with_mfa(mut self, mfa: RootMfa) -> Self {
        self.mfa = mfa;
        self
    }

    /// Sets when the root password was last used.
    pub fn with_password_last_used_days_ago(mut self, days: Option<u32>) -> Self {
        self.password_last_used_days_ago = days;
        self
    }

    /// A root user with no credentials at all: no password, no keys, no certificate, no MFA
    /// (credentials removed through centralized root access, or an account born without).
    pub fn without_credentials() -> Self {
        Self {
            access_keys: 0,
            access_key_last_used_days_ago: None,
            mfa: RootMfa::None,
            password_last_used_days_ago: None,
            signing_certificate: false,
            password: false,
        }
    }

    /// Gives the root user a signing certificate.
    pub fn with_signing_certificate(mut self, present: bool) -> Self {
        self.signing_certificate = present;
        self
    }
}

/// Behaviour knobs of the in-memory account.
#[derive(Debug, Clone)]
pub(super) struct Config {
    pub(super) account_id: AccountId,
    pub(super) seed: u64,
    pub(super) identity_center_instances: usize,
    pub(super) assignment_polls: u32,
    pub(super) provisioning_polls: u32,
    pub(super) failing_accounts: Vec<(AccountId, String)>,
    pub(super) failing_deletions: Vec<(AccountId, String)>,
    pub(super) max_outstanding_assignments: u32,
    pub(super) principal_propagation_calls: u64,
    pub(super) report_root_row: bool,
    pub(super) report_generation_calls: u32,
    pub(super) report_ttl_calls: Option<u64>,
    pub(super) attached_policies_per_role_quota: i64,
    pub(super) check_mfa_codes: bool,
    pub(super) create_account_polls: u32,
    pub(super) account_limit: Option<usize>,
}

/// Builds an [`InMemory`](super::InMemory) account.
#[derive(Debug, Clone)]
#[must_use]
pub struct InMemoryBuilder {
    pub(super) config: Config,
    pub(super) caller: Caller,
    pub(super) root: RootUser,
    pub(super) organization: Option<OrganizationTree>,
}

impl Default for InMemoryBuilder {
    fn default() -> Self {
        Self {
            config: Config {
                // 123456789012 is the documentation account; it always parses.
                account_id: AccountId::known("123456789012"),
                seed: 0,
                identity_center_instances: 1,
                assignment_polls: 1,
                provisioning_polls: 1,
                failing_accounts: Vec::new(),
                failing_deletions: Vec::new(),
                max_outstanding_assignments: 10,
                principal_propagation_calls: 0,
                report_root_row: true,
                report_generation_calls: 1,
                report_ttl_calls: None,
                attached_policies_per_role_quota: crate::limits::ATTACHED_POLICIES_PER_ROLE_DEFAULT as i64,
                check_mfa_codes: true,
                create_account_polls: 1,
                account_limit: None,
            },
            caller: Caller::Role(RoleName::known("OrganizationAccountAccessRole")),
            root: RootUser::default(),
            organization: None,
        }
    }
}

impl InMemoryBuilder {
    /// The account ID (default `123456789012`).
    pub fn account_id(mut self, account: AccountId) -> Self {
        self.config.account_id = account;
        self
    }

    /// Who makes the calls (default: a session of `OrganizationAccountAccessRole`).
    pub fn caller(mut self, caller: Caller) -> Self {
        self.caller = caller;
        self
    }

    /// The root user's state (default: [`RootUser::default`], a new account's).
    pub fn root(mut self, root: RootUser) -> Self {
        self.root = root;
        self
    }

    /// Seeds the generated IDs (default 0), so two accounts do not share IDs.
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// How many Identity Center instances exist (default 1; 0: Identity Center is not enabled).
    pub fn identity_center_instances(mut self, count: usize) -> Self {
        self.config.identity_center_instances = count;
        self
    }

    /// How many times an assignment's status reads IN_PROGRESS before it settles (default 1).
    pub fn assignment_polls(mut self, polls: u32) -> Self {
        self.config.assignment_polls = polls;
        self
    }

    /// How many times a provisioning status reads IN_PROGRESS before it settles (default 1).
    pub fn provisioning_polls(mut self, polls: u32) -> Self {
        self.config.provisioning_polls = polls;
        self
    }

    /// Assignments to `account` end FAILED with `reason`.
    pub fn fail_assignments_to(mut self, account: AccountId, reason: impl Into<String>) -> Self {
        self.config.failing_accounts.push((account, reason.into()));
        self
    }

    /// Assignment deletions in `account` end FAILED with `reason` (creations there succeed).
    pub fn fail_assignment_deletions_in(mut self, account: AccountId, reason: impl Into<String>) -> Self {
        self.config.failing_deletions.push((account, reason.into()));
        self
    }

    /// How many assignment creations may be IN_PROGRESS at once before further ones are
    /// throttled (default 10, Identity Center's limit).
    pub fn max_outstanding_assignments(mut self, max: u32) -> Self {
        self.config.max_outstanding_assignments = max;
        self
    }

    /// A new role or user can be named in a trust policy only after this many further calls
    /// (default 0). Models IAM's eventual consistency ("Invalid principal in policy").
    pub fn principal_propagation_calls(mut self, calls: u64) -> Self {
        self.config.principal_propagation_calls = calls;
        self
    }

    /// Whether the credential report has a `<root_account>` row (default true; moto has none).
    pub fn credential_report_root_row(mut self, present: bool) -> Self {
        self.config.report_root_row = present;
        self
    }

    /// How many `GenerateCredentialReport` calls a report takes (default 1 after the first).
    pub fn credential_report_generation_calls(mut self, calls: u32) -> Self {
        self.config.report_generation_calls = calls;
        self
    }

    /// A complete report is reused for this many calls before a new one is generated
    /// (default: never reused). AWS reuses reports for four hours.
    pub fn credential_report_reuse_calls(mut self, calls: u64) -> Self {
        self.config.report_ttl_calls = Some(calls);
        self
    }

    /// `AttachedPoliciesPerRoleQuota` (default 10).
    pub fn attached_policies_per_role_quota(mut self, quota: i64) -> Self {
        self.config.attached_policies_per_role_quota = quota;
        self
    }

    /// Whether `EnableMFADevice` checks its codes against the device's seed (default true;
    /// moto does not check).
    pub fn check_mfa_codes(mut self, check: bool) -> Self {
        self.config.check_mfa_codes = check;
        self
    }

    /// Makes the account the management account of the organization `tree` describes
    /// (default: no organization, until `CreateOrganization`).
    pub fn organization(mut self, tree: OrganizationTree) -> Self {
        self.organization = Some(tree);
        self
    }

    /// How many times a `CreateAccount` status reads IN_PROGRESS before it settles
    /// (default 1).
    pub fn create_account_polls(mut self, polls: u32) -> Self {
        self.config.create_account_polls = polls;
        self
    }

    /// The most accounts the organization may hold, the management account included;
    /// `CreateAccount` beyond it fails with `ACCOUNT_LIMIT_EXCEEDED` (default: no limit).
    pub fn account_limit(mut self, limit: usize) -> Self {
        self.config.account_limit = Some(limit);
        self
    }

    /// Builds the account.
    pub fn build(self) -> super::InMemory {
        super::InMemory::from_builder(self)
    }
}
