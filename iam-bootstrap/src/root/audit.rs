//! The read-only audit: what the account says about its root user and sign-in settings.
//!
//! Sources, and which one decides what:
//!
//! - `GetAccountSummary` is live: it decides whether root MFA, access keys and signing
//!   certificates are present *now*.
//! - The credential report may be up to four hours old (IAM reuses reports), so it decides
//!   only "when was the root user last used", and its `<root_account>` row corroborates that
//!   the backend models the root user at all. Without that row (moto has none) every root
//!   check is [`FindingStatus::Unknown`](crate::FindingStatus::Unknown): never a false pass.
//! - When the caller *is* root, `ListAccessKeys` lists the root keys live (their IDs are
//!   what a plan deletes).
//! - `ListVirtualMFADevices` tells hardware from virtual: MFA is on and no virtual device
//!   is assigned to the root ARN ⇒ hardware (prowler's and CIS 1.6's method).

use std::fmt;
use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;

use super::checks;
use super::findings::RootCheck;
use super::hardening::RootHardening;
use super::report::{CredentialReport, CredentialReportRow};
use crate::aws::Aws;
use crate::client::{AccessKey, CallerIdentity, CredentialOwner, PasswordPolicySettings};
use crate::error::{Error, Result};
use crate::plan::{Finding, FindingStatus};

/// What kind of MFA protects the root user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RootMfaKind {
    /// No MFA device.
    Absent,
    /// A virtual device (authenticator app).
    Virtual,
    /// A hardware device (TOTP token or FIDO security key).
    Hardware,
    /// Could not be determined (see the findings' evidence).
    Unknown,
}

impl fmt::Display for RootMfaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RootMfaKind::Absent => "none",
            RootMfaKind::Virtual => "virtual",
            RootMfaKind::Hardware => "hardware",
            RootMfaKind::Unknown => "unknown",
        })
    }
}

/// The root-related flags of `GetAccountSummary` (`None`: the service did not return it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RootSummary {
    /// `AccountMFAEnabled`.
    pub mfa_enabled: Option<bool>,
    /// `AccountAccessKeysPresent`.
    pub access_keys_present: Option<bool>,
    /// `AccountSigningCertificatesPresent`.
    pub signing_certificates_present: Option<bool>,
}

/// Everything the audit read, and the findings it drew from it.
///
/// Print it (`{report}`) for people, [`AuditReport::to_json`] for machines.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AuditReport {
    /// When the audit ran.
    pub audited_at: Timestamp,
    /// Who ran it (`sts:GetCallerIdentity`).
    pub caller: CallerIdentity,
    /// Whether the caller is the root user (or a root session from `sts:AssumeRoot`).
    pub caller_is_root: bool,
    /// The root flags of `GetAccountSummary`.
    pub summary: RootSummary,
    /// The root user's MFA, as far as it could be told.
    pub root_mfa: RootMfaKind,
    /// The serial numbers of virtual MFA devices assigned to the root user.
    pub root_virtual_mfa_devices: Vec<String>,
    /// The root access keys, listed live; `None` unless the caller is root.
    pub root_access_keys: Option<Vec<AccessKey>>,
    /// When the credential report was generated.
    pub credential_report_generated_at: Option<Timestamp>,
    /// The report's `<root_account>` row, if it has one.
    pub root_row: Option<CredentialReportRow>,
    /// Why the credential report could not be read, if it could not.
    pub credential_report_unavailable: Option<String>,
    /// The account password policy; `None` when none is set (AWS defaults apply).
    pub password_policy: Option<PasswordPolicySettings>,
    /// The account alias, if any.
    pub account_alias: Option<String>,
    /// The findings, in [`RootCheck::ALL`] order.
    pub findings: Vec<Finding>,
}

impl AuditReport {
    /// The finding of `check`, if the audit ran it.
    pub fn finding(&self, check: RootCheck) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == check.id())
    }

    /// The status of `check`, if the audit ran it.
    pub fn status(&self, check: RootCheck) -> Option<FindingStatus> {
        self.finding(check).map(|f| f.status)
    }

    /// Findings that failed.
    pub fn failed(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.status == FindingStatus::Fail)
    }

    /// Findings that could not be decided.
    pub fn unknown(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.status == FindingStatus::Unknown)
    }

    /// The root user's ARN (`arn:aws:iam::<account>:root`).
    pub fn root_arn(&self) -> String {
        root_arn(&self.caller)
    }

    /// The report as pretty-printed JSON (it holds no secrets).
    ///
    /// # Errors
    /// Only if serde_json fails, which this report (strings, numbers, booleans) does not cause.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }
}

impl fmt::Display for AuditReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flag = |v: Option<bool>| v.map_or("?", |b| if b { "yes" } else { "no" });
        writeln!(
            f,
            "Root audit of account {} (as {}{})",
            self.caller.account,
            self.caller.arn,
            if self.caller_is_root {
                ", the root user"
            } else {
                ""
            }
        )?;
        writeln!(
            f,
            "  summary: MFA {}, access keys {}, signing certificates {}; root MFA kind: {}",
            flag(self.summary.mfa_enabled),
            flag(self.summary.access_keys_present),
            flag(self.summary.signing_certificates_present),
            self.root_mfa
        )?;
        match (&self.credential_report_unavailable, &self.root_row) {
            (Some(why), _) => writeln!(f, "  credential report: unavailable ({why})")?,
            (None, None) => writeln!(f, "  credential report: no <root_account> row")?,
            (None, Some(_)) => writeln!(
                f,
                "  credential report: generated {}",
                self.credential_report_generated_at
                    .map_or_else(|| "at an unknown time".to_owned(), |t| t.to_string())
            )?,
        }
        writeln!(
            f,
            "  alias: {}",
            self.account_alias.as_deref().unwrap_or("(none)")
        )?;
        let failed = self.failed().count();
        let unknown = self.unknown().count();
        writeln!(
            f,
            "Findings ({} checks, {failed} failed, {unknown} unknown):",
            self.findings.len()
        )?;
        for finding in &self.findings {
            writeln!(f, "  {finding}")?;
        }
        Ok(())
    }
}

pub(super) fn root_arn(caller: &CallerIdentity) -> String {
    format!("arn:aws:iam::{}:root", caller.account)
}

/// Reads the account and draws the findings `spec` asks for.
pub(super) async fn run(spec: &RootHardening, aws: &Aws) -> Result<AuditReport> {
    let iam = aws.iam();
    let caller = iam.caller_identity().await?;
    let caller_is_root = caller.is_root();
    let summary = iam.account_summary().await?;
    let summary = RootSummary {
        mfa_enabled: summary.account_mfa_enabled(),
        access_keys_present: summary.account_access_keys_present(),
        signing_certificates_present: summary.account_signing_certificates_present(),
    };
    let (report, unavailable) = match credential_report(aws).await? {
        Ok(report) => (Some(report), None),
        Err(why) => (None, Some(why)),
    };
    let root_row = report.as_ref().and_then(|r| r.root().cloned());

    let root_virtual_mfa_devices = if summary.mfa_enabled == Some(true) {
        let root = root_arn(&caller);
        iam.list_virtual_mfa_devices()
            .await?
            .into_iter()
            .filter(|d| d.user_arn.as_deref() == Some(root.as_str()))
            .map(|d| d.serial_number)
            .collect()
    } else {
        Vec::new()
    };
    let root_mfa = match (summary.mfa_enabled, &root_row) {
        (Some(true), Some(_)) if root_virtual_mfa_devices.is_empty() => RootMfaKind::Hardware,
        (Some(true), Some(_)) => RootMfaKind::Virtual,
        (Some(false), Some(_)) => RootMfaKind::Absent,
        _ => RootMfaKind::Unknown,
    };
    let root_access_keys = if caller_is_root {
        Some(iam.list_access_keys(&CredentialOwner::Caller).await?)
    } else {
        None
    };
    let password_policy = iam.get_password_policy().await?;
    let account_alias = iam.list_account_aliases().await?.into_iter().next();

    let mut report = AuditReport {
        audited_at: Timestamp::now(),
        caller,
        caller_is_root,
        summary,
        root_mfa,
        root_virtual_mfa_devices,
        root_access_keys,
        credential_report_generated_at: report.as_ref().and_then(|r| r.generated_at),
        root_row,
        credential_report_unavailable: unavailable,
        password_policy,
        account_alias,
        findings: Vec::new(),
    };
    report.findings = checks::evaluate(spec, &report);
    Ok(report)
}

/// Generates the credential report and reads it, polling with bounded exponential backoff.
///
/// `Ok(Err(why))` when the caller may not read it (the audit goes on; root checks that need
/// it become unknown).
async fn credential_report(aws: &Aws) -> Result<std::result::Result<CredentialReport, String>> {
    let waits = aws.waits();
    let started = tokio::time::Instant::now();
    // At least 1 ms, so a zero interval cannot turn the wait into a busy loop.
    let floor = Duration::from_millis(1);
    let mut pause = waits.initial_interval.max(floor);
    loop {
        match aws.iam().generate_credential_report().await {
            Ok(true) => match aws.iam().get_credential_report().await {
                Ok(Some(raw)) => return Ok(Ok(CredentialReport::parse(&raw)?)),
                // Expired between the two calls: generate again.
                Ok(None) => {}
                Err(err @ Error::AccessDenied { .. }) => return Ok(Err(denied(&err))),
                Err(err) => return Err(err),
            },
            Ok(false) => {}
            Err(err @ Error::AccessDenied { .. }) => return Ok(Err(denied(&err))),
            Err(err) => return Err(err),
        }
        let waited = started.elapsed();
        if waited + pause > waits.timeout {
            return Err(Error::Timeout {
                what: "the IAM credential report".into(),
                waited,
            });
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(waits.max_interval.max(floor));
    }
}

fn denied(err: &Error) -> String {
    format!("{err} (the audit needs iam:GenerateCredentialReport and iam:GetCredentialReport)")
}
