//! [`RootHardening`]: the spec for step one of the guide, "Secure your AWS account root user".

use serde::{Deserialize, Serialize};

use super::audit::{self, AuditReport};
use super::password_policy::PasswordPolicy;
use super::plan;
use crate::aws::Aws;
use crate::error::{Result, ValidationError, ValidationReason};
use crate::names::AccountAlias;
use crate::plan::Plan;

/// Which root MFA the audit accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MfaRequirement {
    /// Any MFA device; the hardware check (CIS 1.6, a Level 2 control) is not run.
    Any,
    /// A hardware device (TOTP token or FIDO security key), as CIS 1.6 asks.
    #[default]
    Hardware,
}

/// What to do with root access keys. Only the root user can remove them by API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RootAccessKeys {
    /// Report them; the plan carries a manual step to remove them.
    #[default]
    Keep,
    /// Make them inactive (reversible); a later run with `Delete` removes them.
    Deactivate,
    /// Delete them (optionally deactivating each first, see
    /// [`RootHardeningBuilder::deactivate_before_delete`]).
    Delete,
}

/// The root user and account sign-in settings to converge to.
///
/// [`audit`](Self::audit) only reads; [`plan`](Self::plan) reads and returns the changes
/// (password policy, alias, root access keys), the manual steps no API can do (root MFA
/// is console-only) and the audit's findings.
///
/// ```
/// use iam_bootstrap::{Aws, PasswordPolicy, RootAccessKeys, RootHardening};
/// use iam_bootstrap::client::InMemory;
/// use iam_bootstrap::client::memory::{Caller, RootUser};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let account = InMemory::builder()
///     .caller(Caller::Root)
///     .root(RootUser::default().with_access_keys(1))
///     .build();
/// let aws = Aws::in_memory(account);
/// let spec = RootHardening::builder()
///     .password_policy(PasswordPolicy::cis())
///     .account_alias("example-corp")
///     .root_access_keys(RootAccessKeys::Delete)
///     .build()?;
/// let plan = spec.plan(&aws).await?;
/// assert_eq!(plan.changes.len(), 3); // delete the key, password policy, alias
/// assert_eq!(plan.manual_steps[0].id, "root-mfa"); // console-only
/// plan.apply(&aws).await?;
/// assert!(spec.plan(&aws).await?.is_empty());
/// # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RootHardening {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password_policy: Option<PasswordPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    account_alias: Option<AccountAlias>,
    #[serde(default)]
    root_access_keys: RootAccessKeys,
    #[serde(default)]
    deactivate_before_delete: bool,
    #[serde(default)]
    require_root_caller: bool,
    #[serde(default)]
    mfa: MfaRequirement,
    #[serde(default = "default_window")]
    root_usage_window_days: u32,
    #[serde(default)]
    check_password_expiry: bool,
}

const fn default_window() -> u32 {
    1
}

/// The longest root usage window accepted (ten years).
const MAX_WINDOW_DAYS: u32 = 3650;

impl Default for RootHardening {
    /// Audit only: every check, no changes.
    fn default() -> Self {
        Self {
            password_policy: None,
            account_alias: None,
            root_access_keys: RootAccessKeys::Keep,
            deactivate_before_delete: false,
            require_root_caller: false,
            mfa: MfaRequirement::Hardware,
            root_usage_window_days: default_window(),
            check_password_expiry: false,
        }
    }
}

impl RootHardening {
    /// A builder, starting from the audit-only [`Default`].
    pub fn builder() -> RootHardeningBuilder {
        RootHardeningBuilder::default()
    }

    /// Checks every field (specs read from files skip the builder).
    ///
    /// # Errors
    /// [`ValidationError`] naming the field.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if let Some(policy) = &self.password_policy {
            policy.validate()?;
        }
        let window = self.root_usage_window_days;
        if !(1..=MAX_WINDOW_DAYS).contains(&window) {
            return Err(ValidationError::new(
                "root_usage_window_days",
                ValidationReason::Range {
                    min: 1,
                    max: i64::from(MAX_WINDOW_DAYS),
                    actual: i64::from(window),
                },
            ));
        }
        if self.deactivate_before_delete && self.root_access_keys != RootAccessKeys::Delete {
            return Err(ValidationError::new(
                "deactivate_before_delete",
                ValidationReason::NotAllowed("only applies when root access keys are deleted".into()),
            ));
        }
        Ok(())
    }

    /// The password policy to converge to, if any.
    pub fn password_policy(&self) -> Option<&PasswordPolicy> {
        self.password_policy.as_ref()
    }
    /// The account alias to converge to, if any.
    pub fn account_alias(&self) -> Option<&AccountAlias> {
        self.account_alias.as_ref()
    }
    /// What to do with root access keys.
    pub fn root_access_keys(&self) -> RootAccessKeys {
        self.root_access_keys
    }
    /// Whether each active root key is deactivated before it is deleted.
    pub fn deactivate_before_delete(&self) -> bool {
        self.deactivate_before_delete
    }
    /// Whether planning fails (rather than adding a manual step) when root keys must be
    /// removed and the caller is not root.
    pub fn require_root_caller(&self) -> bool {
        self.require_root_caller
    }
    /// The root MFA the audit accepts.
    pub fn mfa(&self) -> MfaRequirement {
        self.mfa
    }
    /// A root use this many whole days ago or fewer fails `root-not-used-recently`.
    pub fn root_usage_window_days(&self) -> u32 {
        self.root_usage_window_days
    }
    /// Whether the opt-in `password-expires-90-days` check runs.
    pub fn check_password_expiry(&self) -> bool {
        self.check_password_expiry
    }

    /// Reads the account and returns the findings (no writes; `GenerateCredentialReport`
    /// is the only call that makes IAM do work).
    ///
    /// # Errors
    /// [`Error::Validation`](crate::Error::Validation) before any call for an invalid spec;
    /// [`Error::Timeout`](crate::Error::Timeout) if the credential report is not ready
    /// within [`Aws::waits`]; backend errors.
    pub async fn audit(&self, aws: &Aws) -> Result<AuditReport> {
        self.validate()?;
        audit::run(self, aws).await
    }

    /// Audits, then plans the changes and manual steps that harden the account.
    ///
    /// # Errors
    /// As [`audit`](Self::audit), and
    /// [`Error::Precondition`](crate::Error::Precondition) when root keys must be removed,
    /// the caller is not root and [`require_root_caller`](Self::require_root_caller) is set.
    pub async fn plan(&self, aws: &Aws) -> Result<Plan> {
        let report = self.audit(aws).await?;
        plan::plan(self, report)
    }

    /// Plans from an audit this spec already made (to print the audit and plan without
    /// reading the account twice). Makes no call: what a saved copy of the plan checks
    /// before writing is what the audit read.
    ///
    /// # Errors
    /// As [`plan`](Self::plan), minus the backend errors.
    pub fn plan_from_audit(&self, report: AuditReport) -> Result<Plan> {
        self.validate()?;
        plan::plan(self, report)
    }
}

/// Builds a [`RootHardening`]; [`build`](Self::build) validates.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct RootHardeningBuilder {
    spec: RootHardening,
    alias: Option<String>,
}

impl RootHardeningBuilder {
    /// Converge the account password policy (read-merge-write), e.g. [`PasswordPolicy::cis`].
    pub fn password_policy(mut self, policy: PasswordPolicy) -> Self {
        self.spec.password_policy = Some(policy);
        self
    }

    /// Set the account alias: 3–63 lowercase letters, digits and single hyphens, not 12
    /// digits. A new alias replaces the old one (an account has one).
    pub fn account_alias(mut self, alias: impl Into<String>) -> Self {
        self.alias = Some(alias.into());
        self
    }

    /// What to do with root access keys (default [`RootAccessKeys::Keep`]).
    pub fn root_access_keys(mut self, keys: RootAccessKeys) -> Self {
        self.spec.root_access_keys = keys;
        self
    }

    /// Deactivate each active root key before deleting it, so a key whose deletion fails
    /// is at least unusable (only with [`RootAccessKeys::Delete`]).
    pub fn deactivate_before_delete(mut self, deactivate: bool) -> Self {
        self.spec.deactivate_before_delete = deactivate;
        self
    }

    /// When root keys must be removed and the caller is not root: fail planning with
    /// [`Error::Precondition`](crate::Error::Precondition) (`true`) or plan a manual step
    /// (`false`, the default).
    pub fn require_root_caller(mut self, require: bool) -> Self {
        self.spec.require_root_caller = require;
        self
    }

    /// Which root MFA passes (default [`MfaRequirement::Hardware`]).
    pub fn mfa(mut self, mfa: MfaRequirement) -> Self {
        self.spec.mfa = mfa;
        self
    }

    /// A root use this many whole days ago or fewer fails `root-not-used-recently`
    /// (1 to 3,650; default 1, prowler's threshold).
    pub fn root_usage_window_days(mut self, days: u32) -> Self {
        self.spec.root_usage_window_days = days;
        self
    }

    /// Also check that passwords expire within 90 days (prowler's
    /// `iam_password_policy_expires_passwords_within_90_days_or_less`). Off by default: CIS
    /// dropped the control in v1.4.0 and NIST SP 800-63B advises against forced rotation.
    pub fn check_password_expiry(mut self, check: bool) -> Self {
        self.spec.check_password_expiry = check;
        self
    }

    /// Validates and returns the spec.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field (`account_alias`, `password_policy.*`,
    /// `root_usage_window_days`, `deactivate_before_delete`).
    pub fn build(mut self) -> Result<RootHardening, ValidationError> {
        if let Some(alias) = self.alias.take() {
            let alias = AccountAlias::new(alias)
                .map_err(|e| ValidationError::new("account_alias", e.reason().clone()))?;
            self.spec.account_alias = Some(alias);
        }
        self.spec.validate()?;
        Ok(self.spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_names_the_field() {
        let err = RootHardening::builder()
            .account_alias("Bad_Alias")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "account_alias", "{err}");
        let err = RootHardening::builder()
            .account_alias("123456789012")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "account_alias", "{err}");
        let err = RootHardening::builder()
            .root_usage_window_days(0)
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "root_usage_window_days");
        let err = RootHardening::builder()
            .deactivate_before_delete(true)
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "deactivate_before_delete");
        assert!(
            RootHardening::builder()
                .root_access_keys(RootAccessKeys::Delete)
                .deactivate_before_delete(true)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn deserializes_with_defaults_and_validates() {
        let spec: RootHardening = serde_json::from_str(
            r#"{"account_alias": "example-corp", "root_access_keys": "delete", "password_policy": {"minimum_password_length": 14}}"#,
        )
        .unwrap();
        assert_eq!(spec.root_usage_window_days(), 1);
        assert_eq!(spec.mfa(), MfaRequirement::Hardware);
        assert_eq!(spec.root_access_keys(), RootAccessKeys::Delete);
        assert!(serde_json::from_str::<RootHardening>(r#"{"account_alias": "UPPER"}"#).is_err());
        assert!(serde_json::from_str::<RootHardening>(r#"{"alias": "x"}"#).is_err());
        let zero: RootHardening = serde_json::from_str(r#"{"root_usage_window_days": 0}"#).unwrap();
        assert!(zero.validate().is_err());
    }
}
