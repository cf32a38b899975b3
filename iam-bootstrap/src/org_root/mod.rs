//! Root user hardening across an AWS Organization through centralized root access.
//!
//! - [`OrgRoot::plan_enable`]: the prerequisites (all features, trusted access for
//!   `iam.amazonaws.com`), `ListOrganizationsFeatures`, and the `EnableOrganizationsRoot*`
//!   calls still missing, as an [`EnablePlan`]; a converged organization plans nothing.
//! - [`OrgRoot::audit`]: per selected member account, `sts:AssumeRoot` with the
//!   `IAMAuditRootUserCredentials` task policy, then the root user's login profile, access
//!   keys (with last use), signing certificates and MFA devices, as [`Finding`](crate::Finding)s
//!   with the single-account audit's IDs; one [`OrgRootReport`] with totals.
//! - [`OrgRoot::plan_removal`] / [`OrgRoot::apply_removal`]: the credential kinds opted into
//!   ([`CredentialKind`]) deleted per account in an `IAMDeleteRootUserCredentials` session.
//! - [`OrgRootSpec`]: the same as a spec's `[org_root]` section ([`crate::Bootstrap`]).
//!
//! Accounts are worked on concurrently (bounded), `AssumeRoot` calls are kept under STS's
//! rate, a session is assumed again when it nears expiry, and one account's failure is
//! reported for that account while the others go on. Session credentials stay inside the
//! backend's session object and are dropped when the account's work ends.
//!
//! ```
//! use std::sync::Arc;
//! use iam_bootstrap::client::memory::{MemberAccount, MemberRoot, OrganizationTree};
//! use iam_bootstrap::client::InMemory;
//! use iam_bootstrap::names::AccountId;
//! use iam_bootstrap::org_root::{CredentialKind, OrgRoot};
//! use iam_bootstrap::Aws;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let tree = OrganizationTree::new()
//!     .service_access("iam.amazonaws.com")
//!     .account(MemberAccount::new(AccountId::new("111111111111")?, "prod").root_user(MemberRoot::with_password()));
//! let memory = InMemory::builder().organization(tree).build();
//! let aws = Aws::in_memory(memory.clone());
//! let org_root = OrgRoot::builder(aws, Arc::new(memory)).build()?;
//! org_root.apply_enable(&org_root.plan_enable().await?).await?;
//! let report = org_root.audit().await?;
//! assert_eq!(report.totals.failing_accounts, 1); // a root password
//! let plan = org_root.plan_removal(&[CredentialKind::LoginProfile]).await?;
//! let outcome = org_root.apply_removal(&plan).await?;
//! assert!(outcome.all_done());
//! assert!(org_root.plan_removal(&[CredentialKind::LoginProfile]).await?.is_empty());
//! # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
//! ```

mod audit;
mod enable;
mod remove;
mod report;
mod session;
mod spec;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

pub use audit::RootCredentials;
pub use enable::{EnablePlan, EnableStep};
pub use remove::{
    AccountRemoval, CredentialKind, RemovalOutcome, RemovalPlan, RemovalResult, RootCredentialChange,
};
pub use report::{AccountFailure, AccountReport, AccountResult, FindingTotals, OrgRootReport, Totals};
pub use spec::{OrgRootOutcome, OrgRootPlan, OrgRootSpec};

use crate::aws::Aws;
use crate::client::{ASSUME_ROOT_MAX_SECONDS, CentralRootApi};
use crate::error::{ValidationError, ValidationReason};
use crate::organization::AccountSelector;

/// STS's default request rate for an account (requests per second), which `AssumeRoot`
/// calls share.
pub const STS_DEFAULT_RATE: u32 = 600;

/// Root user hardening of an organization's member accounts (see the [module](self) docs).
#[derive(Debug, Clone)]
pub struct OrgRoot {
    aws: Aws,
    api: Arc<dyn CentralRootApi>,
    selector: Option<AccountSelector>,
    concurrency: usize,
    sts_rate: NonZeroU32,
    session_seconds: u32,
    refresh_margin: Duration,
}

impl OrgRoot {
    /// Starts a configuration: `aws` reads the organization (and who the caller is), `api`
    /// makes the centralized-root calls.
    pub fn builder(aws: Aws, api: Arc<dyn CentralRootApi>) -> OrgRootBuilder {
        OrgRootBuilder {
            aws,
            api,
            selector: None,
            concurrency: 16,
            sts_rate: STS_DEFAULT_RATE,
            session_seconds: ASSUME_ROOT_MAX_SECONDS,
            refresh_margin: Duration::from_secs(60),
        }
    }

    /// The selector (`None`: every account of the organization).
    pub fn selector(&self) -> Option<&AccountSelector> {
        self.selector.as_ref()
    }
}

/// Configures an [`OrgRoot`].
#[derive(Debug)]
#[must_use]
pub struct OrgRootBuilder {
    aws: Aws,
    api: Arc<dyn CentralRootApi>,
    selector: Option<AccountSelector>,
    concurrency: usize,
    sts_rate: u32,
    session_seconds: u32,
    refresh_margin: Duration,
}

impl OrgRootBuilder {
    /// Which member accounts (default: the whole organization).
    pub fn accounts(mut self, selector: AccountSelector) -> Self {
        self.selector = Some(selector);
        self
    }

    /// How many accounts are worked on at once (default 16, at least 1).
    pub fn concurrency(mut self, accounts: usize) -> Self {
        self.concurrency = accounts;
        self
    }

    /// At most this many `AssumeRoot` calls a second (default [`STS_DEFAULT_RATE`]).
    pub fn sts_rate(mut self, per_second: u32) -> Self {
        self.sts_rate = per_second;
        self
    }

    /// How long each session is asked for, 1 to 900 seconds (default 900).
    pub fn session_seconds(mut self, seconds: u32) -> Self {
        self.session_seconds = seconds;
        self
    }

    /// A session this close to expiry is assumed again before the next call (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The configuration, checked before any call.
    ///
    /// # Errors
    /// [`ValidationError`] for a concurrency or rate of 0, or a session length outside 1–900 s.
    pub fn build(self) -> Result<OrgRoot, ValidationError> {
        let range = |field: &str, min: i64, max: i64, actual: i64| {
            if actual < min || actual > max {
                Err(ValidationError::new(
                    field,
                    ValidationReason::Range { min, max, actual },
                ))
            } else {
                Ok(())
            }
        };
        let concurrency = i64::try_from(self.concurrency).unwrap_or(i64::MAX);
        range("concurrency", 1, 1024, concurrency)?;
        range(
            "session_seconds",
            1,
            i64::from(ASSUME_ROOT_MAX_SECONDS),
            i64::from(self.session_seconds),
        )?;
        let sts_rate = NonZeroU32::new(self.sts_rate).ok_or_else(|| {
            ValidationError::new(
                "sts_rate",
                ValidationReason::Range {
                    min: 1,
                    max: i64::from(u32::MAX),
                    actual: 0,
                },
            )
        })?;
        Ok(OrgRoot {
            aws: self.aws,
            api: self.api,
            selector: self.selector,
            concurrency: self.concurrency,
            sts_rate,
            session_seconds: self.session_seconds,
            refresh_margin: self.refresh_margin,
        })
    }
}
