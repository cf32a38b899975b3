//! The catalogue of root and account checks: stable IDs, severities, and what each maps to
//! in the CIS AWS Foundations Benchmark and in prowler.
//!
//! CIS control numbers are those of **CIS AWS Foundations Benchmark v3.0.0** ([`CIS_BENCHMARK`]);
//! they are the same in v1.4.0 through v3.0.0. The character-class and expiry rules of the
//! password policy were dropped from CIS in v1.4.0 (v1.2.0 had them as 1.5–1.8 and 1.11), so
//! those checks carry a prowler check name and no CIS control. Prowler names were checked
//! against `prowler/providers/aws/services/iam/*` and `prowler/compliance/aws/cis_3.0_aws.json`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::plan::{Finding, FindingSeverity, FindingStatus};

/// The benchmark and version the `cis` field of every [`Finding`] refers to.
pub const CIS_BENCHMARK: &str = "CIS AWS Foundations Benchmark v3.0.0";

/// The newest benchmark version whose control numbers were verified (against
/// `prowler/compliance/aws/cis_7.0_aws.json`, prowler commit 3e000faa of 2026-08-21): root
/// controls moved from section 1 to section 2, and 2.1.1 "Ensure centralized root access in
/// AWS Organizations" was added.
pub const CIS_BENCHMARK_LATEST: &str = "CIS AWS Foundations Benchmark v7.0.0";

/// One check of the root audit. [`RootCheck::id`] is stable: scripts may match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RootCheck {
    /// The root user has an MFA device.
    RootMfaEnabled,
    /// The root user's MFA device is hardware, not virtual.
    RootHardwareMfa,
    /// The root user has no access keys.
    RootAccessKeysAbsent,
    /// The root user was not used (password or access key) within the usage window.
    RootNotUsedRecently,
    /// The root user has no active X.509 signing certificate.
    RootSigningCertificatesAbsent,
    /// Passwords are at least 14 characters.
    #[serde(rename = "password-min-length-14")]
    PasswordMinLength14,
    /// The last 24 passwords cannot be reused.
    #[serde(rename = "password-reuse-24")]
    PasswordReuse24,
    /// Passwords need an uppercase letter.
    PasswordUppercase,
    /// Passwords need a lowercase letter.
    PasswordLowercase,
    /// Passwords need a number.
    PasswordNumber,
    /// Passwords need a symbol.
    PasswordSymbol,
    /// Passwords expire within 90 days (opt-in, see
    /// [`RootHardeningBuilder::check_password_expiry`](super::RootHardeningBuilder::check_password_expiry)).
    #[serde(rename = "password-expires-90-days")]
    PasswordExpires90Days,
    /// The account has an alias (the one the spec names, if it names one).
    AccountAliasSet,
    /// The root user has no password (login profile): a member account whose root
    /// credentials are managed centrally needs none.
    RootLoginProfileAbsent,
    /// The organization manages member accounts' root users centrally (root credentials
    /// management and root sessions enabled).
    CentralizedRootAccessEnabled,
}

impl RootCheck {
    /// Every check of the single-account audit, in report order.
    pub const ALL: [RootCheck; 13] = [
        RootCheck::RootMfaEnabled,
        RootCheck::RootHardwareMfa,
        RootCheck::RootAccessKeysAbsent,
        RootCheck::RootNotUsedRecently,
        RootCheck::RootSigningCertificatesAbsent,
        RootCheck::PasswordMinLength14,
        RootCheck::PasswordReuse24,
        RootCheck::PasswordUppercase,
        RootCheck::PasswordLowercase,
        RootCheck::PasswordNumber,
        RootCheck::PasswordSymbol,
        RootCheck::PasswordExpires90Days,
        RootCheck::AccountAliasSet,
    ];

    /// The checks only the organization audit ([`OrgRoot`](crate::org_root::OrgRoot)) runs:
    /// a root session can read the login profile, and the organization's features.
    pub const ORGANIZATION: [RootCheck; 2] = [
        RootCheck::RootLoginProfileAbsent,
        RootCheck::CentralizedRootAccessEnabled,
    ];

    /// The stable identifier (`root-mfa-enabled`).
    pub fn id(self) -> &'static str {
        self.meta().0
    }

    /// How serious a failure is.
    pub fn severity(self) -> FindingSeverity {
        self.meta().1
    }

    /// What the check verifies, in one line.
    pub fn title(self) -> &'static str {
        self.meta().2
    }

    /// The [`CIS_BENCHMARK`] control, if the benchmark has one.
    pub fn cis(self) -> Option<&'static str> {
        self.meta().3
    }

    /// The prowler check that corresponds, if any.
    pub fn prowler(self) -> Option<&'static str> {
        self.meta().4
    }

    /// The [`CIS_BENCHMARK_LATEST`] (v7.0.0) control, if the benchmark has one.
    pub fn cis_latest(self) -> Option<&'static str> {
        match self {
            RootCheck::CentralizedRootAccessEnabled => Some("2.1.1"),
            RootCheck::RootAccessKeysAbsent => Some("2.4"),
            RootCheck::RootMfaEnabled => Some("2.5"),
            RootCheck::RootHardwareMfa => Some("2.6"),
            RootCheck::RootNotUsedRecently => Some("2.7"),
            RootCheck::PasswordMinLength14 => Some("2.8"),
            RootCheck::PasswordReuse24 => Some("2.9"),
            _ => None,
        }
    }

    /// Every CIS control of the check, each with its benchmark version
    /// (`CIS AWS Foundations Benchmark v3.0.0 1.5`).
    pub fn cis_controls(self) -> Vec<String> {
        let v3 = self.cis().map(|c| format!("{CIS_BENCHMARK} {c}"));
        let latest = self.cis_latest().map(|c| format!("{CIS_BENCHMARK_LATEST} {c}"));
        v3.into_iter().chain(latest).collect()
    }

    /// Whether the check is about the root user itself (as opposed to account settings).
    pub fn is_root_user_check(self) -> bool {
        matches!(
            self,
            RootCheck::RootMfaEnabled
                | RootCheck::RootHardwareMfa
                | RootCheck::RootAccessKeysAbsent
                | RootCheck::RootNotUsedRecently
                | RootCheck::RootSigningCertificatesAbsent
                | RootCheck::RootLoginProfileAbsent
        )
    }

    /// The check with this [`id`](Self::id), if any.
    pub fn from_id(id: &str) -> Option<RootCheck> {
        Self::ALL
            .into_iter()
            .chain(Self::ORGANIZATION)
            .find(|check| check.id() == id)
    }

    /// A finding of this check.
    pub fn finding(self, status: FindingStatus, evidence: impl Into<String>) -> Finding {
        Finding {
            id: self.id().to_owned(),
            status,
            severity: self.severity(),
            title: self.title().to_owned(),
            evidence: evidence.into(),
            cis: self.cis().map(str::to_owned).into_iter().collect(),
            prowler: self.prowler().map(str::to_owned).into_iter().collect(),
            cis_controls: self.cis_controls(),
        }
    }

    #[allow(clippy::type_complexity)]
    fn meta(
        self,
    ) -> (
        &'static str,
        FindingSeverity,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
    ) {
        use FindingSeverity::*;
        match self {
            RootCheck::RootMfaEnabled => (
                "root-mfa-enabled",
                Critical,
                "MFA is enabled for the root user",
                Some("1.5"),
                Some("iam_root_mfa_enabled"),
            ),
            RootCheck::RootHardwareMfa => (
                "root-hardware-mfa",
                High,
                "the root user's MFA is a hardware device",
                Some("1.6"),
                Some("iam_root_hardware_mfa_enabled"),
            ),
            RootCheck::RootAccessKeysAbsent => (
                "root-access-keys-absent",
                Critical,
                "the root user has no access keys",
                Some("1.4"),
                Some("iam_no_root_access_key"),
            ),
            RootCheck::RootNotUsedRecently => (
                "root-not-used-recently",
                High,
                "the root user is not used for everyday tasks",
                Some("1.7"),
                Some("iam_avoid_root_usage"),
            ),
            RootCheck::RootSigningCertificatesAbsent => (
                "root-signing-certificates-absent",
                Medium,
                "the root user has no signing certificates",
                None,
                None,
            ),
            RootCheck::PasswordMinLength14 => (
                "password-min-length-14",
                Medium,
                "the password policy requires 14 or more characters",
                Some("1.8"),
                Some("iam_password_policy_minimum_length_14"),
            ),
            RootCheck::PasswordReuse24 => (
                "password-reuse-24",
                Medium,
                "the password policy prevents reuse of the last 24 passwords",
                Some("1.9"),
                Some("iam_password_policy_reuse_24"),
            ),
            RootCheck::PasswordUppercase => (
                "password-uppercase",
                Low,
                "the password policy requires an uppercase letter",
                None,
                Some("iam_password_policy_uppercase"),
            ),
            RootCheck::PasswordLowercase => (
                "password-lowercase",
                Low,
                "the password policy requires a lowercase letter",
                None,
                Some("iam_password_policy_lowercase"),
            ),
            RootCheck::PasswordNumber => (
                "password-number",
                Low,
                "the password policy requires a number",
                None,
                Some("iam_password_policy_number"),
            ),
            RootCheck::PasswordSymbol => (
                "password-symbol",
                Low,
                "the password policy requires a symbol",
                None,
                Some("iam_password_policy_symbol"),
            ),
            RootCheck::PasswordExpires90Days => (
                "password-expires-90-days",
                Low,
                "passwords expire within 90 days",
                None,
                Some("iam_password_policy_expires_passwords_within_90_days_or_less"),
            ),
            RootCheck::AccountAliasSet => (
                "account-alias-set",
                Informational,
                "the account has the expected alias",
                None,
                None,
            ),
            RootCheck::RootLoginProfileAbsent => (
                "root-login-profile-absent",
                High,
                "the root user has no password (login profile)",
                None,
                None,
            ),
            RootCheck::CentralizedRootAccessEnabled => (
                "centralized-root-access-enabled",
                High,
                "the organization manages member accounts' root users centrally",
                None,
                Some("iam_root_credentials_management_enabled"),
            ),
        }
    }
}

impl fmt::Display for RootCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let every: Vec<RootCheck> = RootCheck::ALL
            .into_iter()
            .chain(RootCheck::ORGANIZATION)
            .collect();
        let ids: BTreeSet<&str> = every.iter().map(|c| c.id()).collect();
        assert_eq!(ids.len(), every.len());
        for check in every {
            assert_eq!(RootCheck::from_id(check.id()), Some(check));
            // The serde name is the ID, so JSON and text agree.
            assert_eq!(
                serde_json::to_value(check).unwrap(),
                serde_json::Value::String(check.id().to_owned())
            );
        }
        assert_eq!(RootCheck::from_id("nope"), None);
    }

    #[test]
    fn cis_v3_mapping() {
        let cis: Vec<(&str, &str)> = RootCheck::ALL
            .iter()
            .filter_map(|c| c.cis().map(|n| (c.id(), n)))
            .collect();
        assert_eq!(
            cis,
            [
                ("root-mfa-enabled", "1.5"),
                ("root-hardware-mfa", "1.6"),
                ("root-access-keys-absent", "1.4"),
                ("root-not-used-recently", "1.7"),
                ("password-min-length-14", "1.8"),
                ("password-reuse-24", "1.9"),
            ]
        );
    }

    #[test]
    fn cis_v7_mapping_names_both_versions() {
        // Verified against prowler's cis_3.0_aws.json and cis_7.0_aws.json (see CIS_BENCHMARK_LATEST).
        let finding = RootCheck::RootMfaEnabled.finding(FindingStatus::Pass, "");
        assert_eq!(
            finding.cis_controls,
            [
                "CIS AWS Foundations Benchmark v3.0.0 1.5",
                "CIS AWS Foundations Benchmark v7.0.0 2.5"
            ]
        );
        assert_eq!(
            RootCheck::CentralizedRootAccessEnabled.cis_controls(),
            ["CIS AWS Foundations Benchmark v7.0.0 2.1.1"]
        );
        for check in RootCheck::ALL.into_iter().chain(RootCheck::ORGANIZATION) {
            // A check with a v3.0 control has one in v7.0 too.
            assert!(check.cis().is_none() || check.cis_latest().is_some(), "{check}");
        }
    }

    #[test]
    fn findings_carry_the_catalogue() {
        let finding = RootCheck::RootMfaEnabled.finding(FindingStatus::Fail, "AccountMFAEnabled=0");
        assert_eq!(finding.id, "root-mfa-enabled");
        assert_eq!(finding.severity, FindingSeverity::Critical);
        assert_eq!(finding.cis, ["1.5"]);
        assert_eq!(finding.prowler, ["iam_root_mfa_enabled"]);
        assert!(
            RootCheck::AccountAliasSet
                .finding(FindingStatus::Pass, "")
                .cis
                .is_empty()
        );
    }
}
