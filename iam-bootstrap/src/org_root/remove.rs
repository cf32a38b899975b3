//! Removing member accounts' root credentials: a plan per account from a fresh audit, each
//! kind opted into explicitly, applied in an `IAMDeleteRootUserCredentials` session.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::OrgRoot;
use super::report::{AccountFailure, AccountResult};
use super::session::SessionHolder;
use crate::client::RootTaskPolicy;
use crate::error::{Error, Result, ValidationError, ValidationReason};
use crate::names::AccountId;

/// A kind of root credential to remove; none is removed unless named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CredentialKind {
    /// The root password (`DeleteLoginProfile`).
    LoginProfile,
    /// Root access keys (`DeleteAccessKey`).
    AccessKeys,
    /// Root X.509 signing certificates (`DeleteSigningCertificate`).
    SigningCertificates,
    /// Root MFA devices (`DeactivateMFADevice`).
    MfaDevices,
}

impl CredentialKind {
    /// Every kind.
    pub const ALL: [CredentialKind; 4] = [
        CredentialKind::LoginProfile,
        CredentialKind::AccessKeys,
        CredentialKind::SigningCertificates,
        CredentialKind::MfaDevices,
    ];

    /// The name used on command lines and in JSON (`login-profile`).
    pub fn name(self) -> &'static str {
        match self {
            CredentialKind::LoginProfile => "login-profile",
            CredentialKind::AccessKeys => "access-keys",
            CredentialKind::SigningCertificates => "signing-certificates",
            CredentialKind::MfaDevices => "mfa-devices",
        }
    }

    /// Parses a comma-separated list (`login-profile,access-keys`).
    ///
    /// # Errors
    /// [`ValidationError`] naming the unknown kind.
    pub fn parse_list(text: &str) -> std::result::Result<Vec<CredentialKind>, ValidationError> {
        let mut kinds = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let kind = part.parse()?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        Ok(kinds)
    }
}

impl FromStr for CredentialKind {
    type Err = ValidationError;

    fn from_str(text: &str) -> std::result::Result<Self, ValidationError> {
        Self::ALL.into_iter().find(|k| k.name() == text).ok_or_else(|| {
            ValidationError::new(
                "fix",
                ValidationReason::Format {
                    expected: "login-profile, access-keys, signing-certificates or mfa-devices".into(),
                    actual: text.to_owned(),
                },
            )
        })
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One deletion in a member account's root session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RootCredentialChange {
    /// `DeleteLoginProfile`.
    DeleteLoginProfile,
    /// `DeleteAccessKey`.
    DeleteAccessKey {
        /// The access key ID (not a secret).
        key_id: String,
    },
    /// `DeleteSigningCertificate`.
    DeleteSigningCertificate {
        /// The certificate ID.
        certificate_id: String,
    },
    /// `DeactivateMFADevice`.
    DeactivateMfaDevice {
        /// The device's serial number.
        serial_number: String,
    },
}

impl fmt::Display for RootCredentialChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RootCredentialChange::DeleteLoginProfile => write!(f, "delete the root password (login profile)"),
            RootCredentialChange::DeleteAccessKey { key_id } => write!(f, "delete root access key {key_id}"),
            RootCredentialChange::DeleteSigningCertificate { certificate_id } => {
                write!(f, "delete root signing certificate {certificate_id}")
            }
            RootCredentialChange::DeactivateMfaDevice { serial_number } => {
                write!(f, "deactivate root MFA device {serial_number}")
            }
        }
    }
}

/// The deletions planned in one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountRemoval {
    /// The member account.
    pub account: AccountId,
    /// The deletions, credentials that sign in first, MFA devices last.
    pub changes: Vec<RootCredentialChange>,
}

/// What [`OrgRoot::plan_removal`] found to delete, and which accounts it could not plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RemovalPlan {
    /// The kinds opted into.
    pub kinds: Vec<CredentialKind>,
    /// Accounts with something to delete (accounts with nothing open are left out).
    pub accounts: Vec<AccountRemoval>,
    /// Accounts the audit could not read or skipped, with why.
    pub not_planned: Vec<(AccountId, String)>,
}

impl RemovalPlan {
    /// Whether nothing is to be deleted.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}

impl fmt::Display for RemovalPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.accounts.is_empty() {
            writeln!(
                f,
                "no root credentials of the chosen kinds are left: nothing to do"
            )?;
        }
        for account in &self.accounts {
            writeln!(f, "account {}:", account.account)?;
            for change in &account.changes {
                writeln!(f, "  - {change}")?;
            }
        }
        for (account, why) in &self.not_planned {
            writeln!(f, "account {account}: not planned ({why})")?;
        }
        Ok(())
    }
}

/// What applying a [`RemovalPlan`] did in one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RemovalResult {
    /// Every planned deletion is done (or was already).
    Done {
        /// How many deletions the plan had for the account.
        deletions: usize,
    },
    /// A call failed; deletions before it stay done, and a re-plan shows what is left.
    Failed {
        /// Why.
        failure: AccountFailure,
    },
    /// Not worked on (the plan could not audit it, or it is the management account).
    Skipped {
        /// Why.
        why: String,
    },
}

/// What applying a [`RemovalPlan`] did, per account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RemovalOutcome {
    /// Per account, by account ID.
    pub accounts: Vec<(AccountId, RemovalResult)>,
}

impl RemovalOutcome {
    /// Whether every planned account is done (skipped accounts aside).
    pub fn all_done(&self) -> bool {
        self.accounts
            .iter()
            .all(|(_, result)| !matches!(result, RemovalResult::Failed { .. }))
    }

    /// The accounts that failed, with why.
    pub fn failed(&self) -> Vec<(&AccountId, &AccountFailure)> {
        self.accounts
            .iter()
            .filter_map(|(account, result)| match result {
                RemovalResult::Failed { failure } => Some((account, failure)),
                _ => None,
            })
            .collect()
    }

    /// The outcome as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
    }
}

impl fmt::Display for RemovalOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (account, result) in &self.accounts {
            match result {
                RemovalResult::Done { deletions } => {
                    writeln!(f, "{account}: done ({deletions} deletion(s))")?
                }
                RemovalResult::Failed { failure } => writeln!(f, "{account}: FAILED: {failure}")?,
                RemovalResult::Skipped { why } => writeln!(f, "{account}: skipped ({why})")?,
            }
        }
        Ok(())
    }
}

/// Something already gone is what the deletion wanted.
fn gone_is_done(result: Result<()>) -> Result<()> {
    match result {
        Err(err) if err.is_not_found() => Ok(()),
        other => other,
    }
}

async fn apply_account(holder: &mut SessionHolder, changes: &[RootCredentialChange]) -> Result<usize> {
    for change in changes {
        let session = holder.get().await?;
        let api = session.api();
        gone_is_done(match change {
            RootCredentialChange::DeleteLoginProfile => api.delete_login_profile().await,
            RootCredentialChange::DeleteAccessKey { key_id } => api.delete_access_key(key_id).await,
            RootCredentialChange::DeleteSigningCertificate { certificate_id } => {
                api.delete_signing_certificate(certificate_id).await
            }
            RootCredentialChange::DeactivateMfaDevice { serial_number } => {
                api.deactivate_mfa_device(serial_number).await
            }
        })?;
    }
    Ok(changes.len())
}

impl OrgRoot {
    /// Audits the selected accounts and plans the deletion of every root credential of the
    /// `kinds` named. A re-run after a complete apply plans nothing.
    ///
    /// # Errors
    /// [`ValidationError`] (before any call) when `kinds` is empty;
    /// the errors of [`audit`](Self::audit).
    pub async fn plan_removal(&self, kinds: &[CredentialKind]) -> Result<RemovalPlan> {
        if kinds.is_empty() {
            return Err(Error::Validation(ValidationError::new(
                "fix",
                ValidationReason::Missing,
            )));
        }
        let report = self.audit().await?;
        let wants = |kind| kinds.contains(&kind);
        let mut plan = RemovalPlan {
            kinds: kinds.to_vec(),
            accounts: Vec::new(),
            not_planned: Vec::new(),
        };
        for account in report.accounts {
            let credentials = match account.result {
                AccountResult::Audited { credentials, .. } => credentials,
                AccountResult::Failed { failure } => {
                    plan.not_planned.push((account.account, failure.message));
                    continue;
                }
                AccountResult::Skipped { why, .. } => {
                    plan.not_planned.push((account.account, why));
                    continue;
                }
            };
            let mut changes = Vec::new();
            if wants(CredentialKind::LoginProfile) && credentials.login_profile {
                changes.push(RootCredentialChange::DeleteLoginProfile);
            }
            if wants(CredentialKind::AccessKeys) {
                changes.extend(
                    credentials
                        .access_keys
                        .into_iter()
                        .map(|k| RootCredentialChange::DeleteAccessKey { key_id: k.id }),
                );
            }
            if wants(CredentialKind::SigningCertificates) {
                changes.extend(
                    credentials
                        .signing_certificates
                        .into_iter()
                        .map(|c| RootCredentialChange::DeleteSigningCertificate { certificate_id: c.id }),
                );
            }
            if wants(CredentialKind::MfaDevices) {
                changes.extend(credentials.mfa_devices.into_iter().map(|d| {
                    RootCredentialChange::DeactivateMfaDevice {
                        serial_number: d.serial_number,
                    }
                }));
            }
            if !changes.is_empty() {
                plan.accounts.push(AccountRemoval {
                    account: account.account,
                    changes,
                });
            }
        }
        Ok(plan)
    }

    /// Applies `plan`: per account, one `IAMDeleteRootUserCredentials` session and its
    /// deletions (something already gone counts as done). One account's failure is its
    /// result; the other accounts go on.
    ///
    /// # Errors
    /// None of its own: failures are per account in the outcome. (`Result` for parity with
    /// the other applies.)
    pub async fn apply_removal(&self, plan: &RemovalPlan) -> Result<RemovalOutcome> {
        let sessions = self.sessions();
        let accounts = plan.accounts.iter().map(|a| a.account.clone()).collect();
        let results = self
            .fan_out(accounts, |account| {
                let changes = plan
                    .accounts
                    .iter()
                    .find(|a| a.account == account)
                    .map(|a| a.changes.as_slice())
                    .unwrap_or_default();
                let mut holder = sessions.for_account(account, RootTaskPolicy::DeleteRootUserCredentials);
                async move {
                    let result = apply_account(&mut holder, changes).await;
                    // The session and its credentials go now, with the holder.
                    drop(holder);
                    result
                }
            })
            .await;
        let mut accounts: Vec<(AccountId, RemovalResult)> = results
            .into_iter()
            .map(|(account, result)| {
                let result = match result {
                    Ok(deletions) => RemovalResult::Done { deletions },
                    Err(err) => RemovalResult::Failed {
                        failure: AccountFailure::from_error(&err),
                    },
                };
                (account, result)
            })
            .collect();
        accounts.extend(
            plan.not_planned
                .iter()
                .map(|(account, why)| (account.clone(), RemovalResult::Skipped { why: why.clone() })),
        );
        accounts.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(RemovalOutcome { accounts })
    }
}
