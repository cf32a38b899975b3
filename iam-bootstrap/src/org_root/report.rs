//! The organization's root report: per account, per finding, and totals; JSON and a table.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::audit::RootCredentials;
use crate::client::{Operation, OrganizationsRootFeatures};
use crate::error::Error;
use crate::names::AccountId;
use crate::organization::SelectorResolution;
use crate::plan::{Finding, FindingStatus, ManualStep};

/// Why one account's work failed: the call and what the service said (never a credential).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountFailure {
    /// The call that failed (`sts:AssumeRoot`, `iam:ListAccessKeys`), when known.
    pub operation: Option<Operation>,
    /// Whether `AssumeRoot` itself failed (no session was obtained).
    pub assume_root: bool,
    /// The error, as text.
    pub message: String,
}

impl AccountFailure {
    pub(super) fn from_error(err: &Error) -> Self {
        let operation = err.operation();
        Self {
            operation,
            assume_root: operation == Some(Operation::AssumeRoot),
            message: err.to_string(),
        }
    }
}

impl fmt::Display for AccountFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What happened to one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AccountResult {
    /// Audited: its root user's credentials and the findings.
    Audited {
        /// What the session read.
        credentials: RootCredentials,
        /// The findings, in the single-account audit's order.
        findings: Vec<Finding>,
    },
    /// The work failed; the other accounts went on.
    Failed {
        /// Why.
        failure: AccountFailure,
    },
    /// Not worked on.
    Skipped {
        /// Why (the management account, or an account that is not ACTIVE).
        why: String,
        /// What a person does instead (for the management account: the single-account
        /// audit's manual steps).
        manual_steps: Vec<ManualStep>,
    },
}

/// One account of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountReport {
    /// The account.
    pub account: AccountId,
    /// What happened.
    #[serde(flatten)]
    pub result: AccountResult,
    /// How many `AssumeRoot` sessions its work took (more than one when a session neared
    /// expiry).
    pub sessions: u32,
}

impl AccountReport {
    /// Its findings (none unless audited).
    pub fn findings(&self) -> &[Finding] {
        match &self.result {
            AccountResult::Audited { findings, .. } => findings,
            _ => &[],
        }
    }

    /// Whether any finding failed.
    pub fn is_failing(&self) -> bool {
        self.findings().iter().any(|f| f.status == FindingStatus::Fail)
    }
}

/// How one finding came out across the accounts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FindingTotals {
    /// Accounts that pass.
    pub pass: usize,
    /// Accounts that fail.
    pub fail: usize,
    /// Accounts where it does not apply.
    pub not_applicable: usize,
    /// Accounts where it could not be decided.
    pub unknown: usize,
}

/// The report's totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Totals {
    /// Accounts selected (the management account included).
    pub accounts: usize,
    /// Accounts audited.
    pub audited: usize,
    /// Accounts whose audit failed.
    pub failed: usize,
    /// Accounts skipped.
    pub skipped: usize,
    /// Audited accounts with at least one failing finding.
    pub failing_accounts: usize,
    /// Per finding ID.
    pub findings: BTreeMap<String, FindingTotals>,
}

impl Totals {
    pub(super) fn of(accounts: &[AccountReport]) -> Self {
        let mut totals = Totals {
            accounts: accounts.len(),
            ..Totals::default()
        };
        for account in accounts {
            match &account.result {
                AccountResult::Audited { findings, .. } => {
                    totals.audited += 1;
                    for finding in findings {
                        let entry = totals.findings.entry(finding.id.clone()).or_default();
                        match finding.status {
                            FindingStatus::Pass => entry.pass += 1,
                            FindingStatus::Fail => entry.fail += 1,
                            FindingStatus::NotApplicable => entry.not_applicable += 1,
                            FindingStatus::Unknown => entry.unknown += 1,
                        }
                    }
                }
                AccountResult::Failed { .. } => totals.failed += 1,
                AccountResult::Skipped { .. } => totals.skipped += 1,
            }
            totals.failing_accounts += usize::from(account.is_failing());
        }
        totals
    }
}

/// The organization's root audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrgRootReport {
    /// The organization-level finding `centralized-root-access-enabled`.
    pub centralized_root: Finding,
    /// What `ListOrganizationsFeatures` answered.
    pub features: OrganizationsRootFeatures,
    /// How the selector resolved.
    pub selection: SelectorResolution,
    /// Per account, ordered by account ID.
    pub accounts: Vec<AccountReport>,
    /// Totals.
    pub totals: Totals,
}

impl OrgRootReport {
    /// The report as pretty JSON (no credential is ever in it).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
    }

    /// The account's entry, if selected.
    pub fn account(&self, account: &AccountId) -> Option<&AccountReport> {
        self.accounts.iter().find(|a| a.account == *account)
    }
}

impl fmt::Display for OrgRootReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.centralized_root)?;
        writeln!(f, "accounts: {}", self.selection)?;
        writeln!(f, "{:<14} {:<8} failing findings", "ACCOUNT", "RESULT")?;
        for account in &self.accounts {
            let (result, detail) = match &account.result {
                AccountResult::Audited { findings, .. } => {
                    let failing: Vec<&str> = findings
                        .iter()
                        .filter(|f| f.status == FindingStatus::Fail)
                        .map(|f| f.id.as_str())
                        .collect();
                    let detail = if failing.is_empty() {
                        "-".to_owned()
                    } else {
                        failing.join(", ")
                    };
                    (if failing.is_empty() { "PASS" } else { "FAIL" }, detail)
                }
                AccountResult::Failed { failure } => ("ERROR", failure.message.clone()),
                AccountResult::Skipped { why, .. } => ("SKIPPED", why.clone()),
            };
            writeln!(f, "{:<14} {result:<8} {detail}", account.account.as_str())?;
        }
        writeln!(
            f,
            "\n{:<34} {:>5} {:>5} {:>5} {:>7}",
            "FINDING", "PASS", "FAIL", "N/A", "UNKNOWN"
        )?;
        for (id, t) in &self.totals.findings {
            writeln!(
                f,
                "{id:<34} {:>5} {:>5} {:>5} {:>7}",
                t.pass, t.fail, t.not_applicable, t.unknown
            )?;
        }
        let t = &self.totals;
        write!(
            f,
            "\n{} accounts: {} audited ({} failing), {} failed, {} skipped",
            t.accounts, t.audited, t.failing_accounts, t.failed, t.skipped
        )
    }
}
