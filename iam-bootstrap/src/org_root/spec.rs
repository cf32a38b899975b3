//! The `[org_root]` section of a [`Bootstrap`](crate::Bootstrap) spec: centralized root
//! access enabled, member accounts' root users audited, and the credential kinds opted into
//! removed.
//!
//! Its plan is an [`OrgRootPlan`] beside the spec's shared [`Plan`](crate::Plan) (see
//! [`Bootstrap::plan_org_root`](crate::Bootstrap::plan_org_root)): its removals are per
//! member account, in `AssumeRoot` sessions, with a result per account, which the shared
//! plan's changes (one account, stop at the first failure) do not carry.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{CredentialKind, EnablePlan, EnableStep, OrgRoot, OrgRootReport, RemovalOutcome, RemovalPlan};
use crate::aws::Aws;
use crate::error::{Error, PreconditionReason, Result, ValidationError, ValidationReason};
use crate::organization::{AccountSelector, AccountSelectorBuilder};

/// The `[org_root]` section as loaded: which member accounts, whether to enable centralized
/// root access, and which root credential kinds to remove (none: audit only).
///
/// ```
/// use iam_bootstrap::Bootstrap;
/// use iam_bootstrap::org_root::CredentialKind;
///
/// let spec = Bootstrap::from_toml_str(r#"
///     [org_root]
///     accounts = { organization = true, except = ["222222222222"] }
///     enable = true
///     remove = ["login-profile", "access-keys"]
/// "#)?;
/// let section = spec.org_root.as_ref().unwrap();
/// assert_eq!(section.remove(), [CredentialKind::LoginProfile, CredentialKind::AccessKeys]);
///
/// let err = Bootstrap::from_toml_str("[org_root]\nremove = [\"access-keys\", \"access-keys\"]\n").unwrap_err();
/// assert_eq!((err.field(), err.line()), ("org_root.remove[1]", Some(2)));
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct OrgRootSpec {
    /// Which member accounts (one selector; `None`: the whole organization).
    #[serde(skip_serializing_if = "Option::is_none")]
    accounts: Option<AccountSelector>,
    /// Whether to plan the trusted access and `EnableOrganizationsRoot*` calls still missing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    enable: bool,
    /// The credential kinds to delete, each opted into (empty: audit only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    remove: Vec<CredentialKind>,
}

impl OrgRootSpec {
    /// A section: the selector (`None`: the whole organization), whether to enable, what to remove.
    ///
    /// # Errors
    /// [`ValidationError`] (`remove[i]`) for a kind named twice.
    pub fn new(
        accounts: Option<AccountSelector>,
        enable: bool,
        remove: Vec<CredentialKind>,
    ) -> std::result::Result<Self, ValidationError> {
        for (i, kind) in remove.iter().enumerate() {
            if remove[..i].contains(kind) {
                return Err(ValidationError::new(
                    format!("remove[{i}]"),
                    ValidationReason::NotAllowed(format!("`{kind}` is listed twice")),
                ));
            }
        }
        Ok(Self {
            accounts,
            enable,
            remove,
        })
    }

    /// The selector (`None`: the whole organization).
    pub fn accounts(&self) -> Option<&AccountSelector> {
        self.accounts.as_ref()
    }

    /// Whether enabling centralized root access is planned.
    pub fn enable(&self) -> bool {
        self.enable
    }

    /// The credential kinds removed (empty: audit only).
    pub fn remove(&self) -> &[CredentialKind] {
        &self.remove
    }

    /// The [`OrgRoot`] this section configures, over `aws`'s centralized-root backend.
    fn org_root(&self, aws: &Aws) -> Result<OrgRoot> {
        let api = aws.central_root().ok_or_else(|| Error::Precondition {
            reason: PreconditionReason::NoOrganizationsBackend,
            problem: "the spec has an org_root section and this Aws handle has no centralized-root backend"
                .into(),
            remedy: "use Aws::in_memory or Aws::from_sdk (they carry one), or Aws::with_central_root".into(),
        })?;
        let mut builder = OrgRoot::builder(aws.clone(), Arc::clone(&api));
        if let Some(selector) = &self.accounts {
            builder = builder.accounts(selector.clone());
        }
        Ok(builder.build()?)
    }

    /// Plans the section (reads only): the enable steps (with `enable`), then, once
    /// centralized root access is on, the removal of the kinds opted into, or the audit
    /// when none is.
    ///
    /// # Errors
    /// The errors of [`OrgRoot::plan_enable`], [`OrgRoot::audit`], [`OrgRoot::plan_removal`].
    pub async fn plan(&self, aws: &Aws) -> Result<OrgRootPlan> {
        let org_root = self.org_root(aws)?;
        let enable = if self.enable {
            Some(org_root.plan_enable().await?)
        } else {
            None
        };
        // Member accounts can be read only once root sessions are on: planned after enabling.
        let mut plan = OrgRootPlan {
            enable,
            report: None,
            removal: None,
        };
        if plan.enable.as_ref().is_some_and(|e| !e.is_empty()) {
            return Ok(plan);
        }
        if self.remove.is_empty() {
            plan.report = Some(org_root.audit().await?);
        } else {
            plan.removal = Some(org_root.plan_removal(&self.remove).await?);
        }
        Ok(plan)
    }

    /// Applies `plan`: the enable steps, then the removals (planned now if enabling came
    /// first). A converged plan makes no write.
    ///
    /// # Errors
    /// The errors of [`OrgRoot::apply_enable`] and of planning the removal; a failure in
    /// one account is in the outcome, not an error.
    pub async fn apply(&self, aws: &Aws, plan: &OrgRootPlan) -> Result<OrgRootOutcome> {
        let org_root = self.org_root(aws)?;
        let mut outcome = OrgRootOutcome::default();
        if let Some(enable) = plan.enable.as_ref().filter(|e| !e.is_empty()) {
            org_root.apply_enable(enable).await?;
            outcome.enabled = enable.steps.clone();
        }
        if self.remove.is_empty() {
            return Ok(outcome);
        }
        let removal = match &plan.removal {
            Some(removal) => removal.clone(),
            None => org_root.plan_removal(&self.remove).await?,
        };
        if !removal.is_empty() {
            outcome.removal = Some(org_root.apply_removal(&removal).await?);
        }
        Ok(outcome)
    }
}

/// The section as written: `accounts` one selector, `enable`, `remove` the kinds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgRootSpecForm {
    #[serde(default)]
    accounts: Option<AccountSelectorBuilder>,
    #[serde(default)]
    enable: bool,
    #[serde(default)]
    remove: Vec<CredentialKind>,
}

impl TryFrom<OrgRootSpecForm> for OrgRootSpec {
    type Error = ValidationError;

    fn try_from(form: OrgRootSpecForm) -> std::result::Result<Self, ValidationError> {
        let accounts = form
            .accounts
            .map(AccountSelectorBuilder::build)
            .transpose()
            .map_err(|e| e.within("accounts"))?;
        OrgRootSpec::new(accounts, form.enable, form.remove)
    }
}

crate::spec::capture::deserialize_via!(OrgRootSpec, OrgRootSpecForm);

/// What planning the `[org_root]` section found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrgRootPlan {
    /// The enable steps (`None` when the section does not set `enable`).
    pub enable: Option<EnablePlan>,
    /// The audit, when no kind is to be removed (and centralized root access is on).
    pub report: Option<OrgRootReport>,
    /// The removals, when kinds are (and centralized root access is on; else planned when
    /// the enable steps are applied).
    pub removal: Option<RemovalPlan>,
}

impl OrgRootPlan {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.enable.as_ref().is_none_or(EnablePlan::is_empty)
            && self.removal.as_ref().is_none_or(RemovalPlan::is_empty)
    }
}

impl fmt::Display for OrgRootPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(enable) = &self.enable {
            write!(f, "{enable}")?;
            if !enable.is_empty() {
                writeln!(f, "(member accounts are audited once it is enabled)")?;
            }
        }
        if let Some(report) = &self.report {
            write!(f, "{report}")?;
        }
        if let Some(removal) = &self.removal {
            write!(f, "{removal}")?;
        }
        Ok(())
    }
}

/// What applying an [`OrgRootPlan`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrgRootOutcome {
    /// The enable steps made.
    pub enabled: Vec<EnableStep>,
    /// The removals, per account (`None` when nothing was to be removed).
    pub removal: Option<RemovalOutcome>,
}

impl OrgRootOutcome {
    /// Whether no write was made.
    pub fn is_empty(&self) -> bool {
        self.enabled.is_empty() && self.removal.is_none()
    }
}

impl fmt::Display for OrgRootOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.enabled {
            writeln!(f, "✓ {step}")?;
        }
        if let Some(removal) = &self.removal {
            write!(f, "{removal}")?;
        }
        Ok(())
    }
}
