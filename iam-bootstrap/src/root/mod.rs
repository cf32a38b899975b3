//! Step one of the guide: secure the root user and the account's sign-in settings.
//!
//! - [`RootHardening::audit`] reads the account summary, the credential report, the
//!   password policy, the alias and who the caller is, and returns an [`AuditReport`] of
//!   typed [`Finding`](crate::Finding)s, each mapped to its CIS control and prowler check
//!   ([`RootCheck`]).
//! - [`RootHardening::plan`] turns it into a [`Plan`](crate::Plan): the password policy
//!   (read-merge-write), the account alias, root access keys (only the root user can remove
//!   them), and [`ManualStep`](crate::ManualStep)s for what no API can do — root MFA is
//!   console-only. A later audit detects that a manual step was done.
//! - [`VirtualMfa`] enrolls a virtual MFA device for an IAM user (a break-glass user, say)
//!   and hands its seed and QR code to the caller exactly once.

mod audit;
mod checks;
pub(crate) use checks::NO_ROOT_CREDENTIALS;
mod findings;
mod hardening;
mod mfa;
mod password_policy;
mod plan;
mod report;
mod steps;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use audit::{AuditReport, RootMfaKind, RootSummary};
pub use findings::{CIS_BENCHMARK, CIS_BENCHMARK_LATEST, RootCheck};
pub use hardening::{MfaRequirement, RootAccessKeys, RootHardening, RootHardeningBuilder};
pub use mfa::{MfaEnrollment, SeedTotp, TotpSource, VirtualMfa, VirtualMfaBuilder};
pub use password_policy::{PasswordExpiry, PasswordPolicy, PasswordPolicyBuilder};
pub use plan::DELETE_ROOT_CREDENTIALS_TASK_POLICY;
pub use report::{
    CredentialReport, CredentialReportRow, ROOT_ROW_USER, ReportAccessKey, ReportCertificate, ReportValue,
};

use crate::aws::Aws;
use crate::client::{AccessKeyStatus, CredentialOwner, PasswordPolicySettings};
use crate::error::{Error, PreconditionReason, Result};
use crate::names::AccountAlias;
use crate::observe::fingerprint;
use crate::protocol::{ApplyContext, Lane, Stage};
use password_policy::PolicyDelta;

/// A write that hardens the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RootChange {
    /// `UpdateAccountPasswordPolicy` with every field (the API resets omitted ones).
    UpdatePasswordPolicy {
        /// The policy before, `None` if the account had none.
        before: Option<PasswordPolicySettings>,
        /// The complete policy to write.
        after: PasswordPolicySettings,
    },
    /// `CreateAccountAlias`. An account has one alias and a new one overwrites the old in
    /// a single call, so the account is never without one.
    SetAccountAlias {
        /// The alias before, if any.
        before: Option<String>,
        /// The alias to set.
        after: AccountAlias,
    },
    /// `UpdateAccessKey` to `Inactive` for a root access key (needs a root session).
    DeactivateRootAccessKey {
        /// The access key ID (not a secret).
        key_id: String,
    },
    /// `DeleteAccessKey` for a root access key (needs a root session).
    DeleteRootAccessKey {
        /// The access key ID (not a secret).
        key_id: String,
    },
}

impl RootChange {
    pub(crate) async fn apply(&self, aws: &Aws, context: &ApplyContext) -> Result<()> {
        match self {
            RootChange::UpdatePasswordPolicy { after, .. } => aws.iam().update_password_policy(after).await,
            RootChange::SetAccountAlias { after, .. } => aws.iam().create_account_alias(after.as_str()).await,
            RootChange::DeactivateRootAccessKey { key_id } => {
                ensure_root_caller(aws, context).await?;
                let result = aws
                    .iam()
                    .update_access_key(&CredentialOwner::Caller, key_id, AccessKeyStatus::Inactive)
                    .await;
                already_gone_is_done(result)
            }
            RootChange::DeleteRootAccessKey { key_id } => {
                ensure_root_caller(aws, context).await?;
                already_gone_is_done(
                    aws.iam()
                        .delete_access_key(&CredentialOwner::Caller, key_id)
                        .await,
                )
            }
        }
    }
}

/// A key deleted since the plan was made (by an earlier, interrupted run) is what the
/// change wanted; only safe once the caller is known to be root, so that "not found"
/// cannot mean "looked at some IAM user's keys".
fn already_gone_is_done(result: Result<()>) -> Result<()> {
    match result {
        Err(err) if err.is_not_found() => Ok(()),
        other => other,
    }
}

/// Root key changes act on "the caller's" keys: applied with a handle that is not root,
/// they would target an IAM user's keys. Checked once per apply.
async fn ensure_root_caller(aws: &Aws, context: &ApplyContext) -> Result<()> {
    if context.root_caller_confirmed() {
        return Ok(());
    }
    let caller = aws.iam().caller_identity().await?;
    if !caller.is_root() {
        return Err(Error::Precondition {
            reason: PreconditionReason::NotRootSession {
                caller: caller.arn.to_string(),
            },
            problem: format!(
                "root access key changes need a root session, but the caller is {}",
                caller.arn
            ),
            remedy: format!(
                "apply the plan signed in as the root user, or with an `sts:AssumeRoot` session \
                 (task policy {})",
                plan::DELETE_ROOT_CREDENTIALS_TASK_POLICY
            ),
        });
    }
    context.confirm_root_caller();
    Ok(())
}

impl RootChange {
    /// Account settings depend on nothing else.
    pub(crate) fn stage(&self) -> Stage {
        Stage::Foundations
    }

    /// What a saved plan checks before writing (see [`crate::observe`]): the password
    /// policy, or the aliases. Root key changes need no check: they act on key IDs the plan
    /// names, a key already gone is done, and the caller is checked to be root first.
    pub(crate) async fn observe(&self, aws: &Aws) -> Result<Option<String>> {
        Ok(match self {
            RootChange::UpdatePasswordPolicy { .. } => {
                Some(fingerprint(&aws.iam().get_password_policy().await?))
            }
            RootChange::SetAccountAlias { .. } => {
                Some(fingerprint(&Some(aws.iam().list_account_aliases().await?)))
            }
            RootChange::DeactivateRootAccessKey { .. } | RootChange::DeleteRootAccessKey { .. } => None,
        })
    }

    /// One lane per account setting.
    pub(crate) fn lane(&self) -> Lane {
        match self {
            RootChange::UpdatePasswordPolicy { .. } => Lane::PasswordPolicy,
            RootChange::SetAccountAlias { .. } => Lane::AccountAlias,
            // Deactivate-then-delete of one key must stay in order; one lane for all root keys.
            RootChange::DeactivateRootAccessKey { .. } | RootChange::DeleteRootAccessKey { .. } => {
                Lane::RootAccessKeys
            }
        }
    }
}

impl fmt::Display for RootChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RootChange::UpdatePasswordPolicy { before, after } => {
                write!(
                    f,
                    "update the account password policy: {}",
                    PolicyDelta(before.as_ref(), after)
                )
            }
            RootChange::SetAccountAlias {
                before: Some(old),
                after,
            } => {
                write!(f, "set the account alias to `{after}` (replaces `{old}`)")
            }
            RootChange::SetAccountAlias { before: None, after } => {
                write!(f, "set the account alias to `{after}`")
            }
            RootChange::DeactivateRootAccessKey { key_id } => {
                write!(f, "deactivate root access key {key_id}")
            }
            RootChange::DeleteRootAccessKey { key_id } => write!(f, "delete root access key {key_id}"),
        }
    }
}
