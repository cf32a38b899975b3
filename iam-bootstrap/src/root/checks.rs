//! From what the audit read to findings: pure functions, one per check, each saying which
//! evidence decided.

use jiff::{SignedDuration, Timestamp};

use super::audit::{AuditReport, RootMfaKind};
use super::findings::RootCheck;
use super::hardening::{MfaRequirement, RootHardening};
use crate::client::{AccessKeyStatus, PasswordPolicySettings};
use crate::plan::{Finding, FindingStatus};

use FindingStatus::{Fail, NotApplicable, Pass, Unknown};

/// Why root MFA checks do not apply to a root user without credentials.
pub(crate) const NO_ROOT_CREDENTIALS: &str = "the root user has no password, no access keys and no signing \
     certificates: there is nothing for MFA to protect";

/// `Some(evidence)` when the root user has no password, no access key and no signing
/// certificate (credentials removed, or an account born without them): MFA does not apply.
fn root_without_credentials(report: &AuditReport) -> Option<String> {
    let row = report.root_row.as_ref()?;
    if report.credential_report_unavailable.is_some() {
        return None;
    }
    let no_password = row.password_enabled.value() == Some(&false);
    let no_keys = report.summary.access_keys_present == Some(false)
        && report.root_access_keys.as_ref().is_none_or(Vec::is_empty);
    let no_certs = report.summary.signing_certificates_present == Some(false);
    (no_password && no_keys && no_certs).then(|| {
        format!(
            "{NO_ROOT_CREDENTIALS} (credential report password_enabled=false, \
             AccountAccessKeysPresent=0, AccountSigningCertificatesPresent=0)"
        )
    })
}

/// Every check `spec` asks for, in [`RootCheck::ALL`] order.
pub(super) fn evaluate(spec: &RootHardening, report: &AuditReport) -> Vec<Finding> {
    let mut findings = vec![root_mfa(report)];
    if spec.mfa() == MfaRequirement::Hardware {
        findings.push(root_hardware_mfa(report));
    }
    findings.push(root_access_keys(report));
    findings.push(root_usage(report, spec.root_usage_window_days()));
    findings.push(root_certificates(report));
    findings.extend(password(
        report.password_policy.as_ref(),
        spec.check_password_expiry(),
    ));
    if let Some(expected) = spec.account_alias() {
        let check = RootCheck::AccountAliasSet;
        findings.push(match report.account_alias.as_deref() {
            Some(alias) if alias == expected.as_str() => {
                check.finding(Pass, format!("the alias is `{alias}`"))
            }
            Some(alias) => check.finding(
                Fail,
                format!("the alias is `{alias}`, the spec asks for `{expected}`"),
            ),
            None => check.finding(
                Fail,
                format!("the account has no alias, the spec asks for `{expected}`"),
            ),
        });
    }
    findings
}

/// Why root checks cannot be decided from the report, if they cannot.
fn no_root_row(report: &AuditReport) -> Option<String> {
    if let Some(why) = &report.credential_report_unavailable {
        return Some(format!("the credential report is unavailable: {why}"));
    }
    report.root_row.is_none().then(|| {
        "the credential report has no <root_account> row (emulators such as moto have none), \
         so the root user cannot be assessed"
            .to_owned()
    })
}

fn flag(name: &str, value: Option<bool>) -> String {
    match value {
        Some(v) => format!("GetAccountSummary {name}={}", u8::from(v)),
        None => format!("GetAccountSummary has no {name}"),
    }
}

fn root_mfa(report: &AuditReport) -> Finding {
    let check = RootCheck::RootMfaEnabled;
    let live = flag("AccountMFAEnabled", report.summary.mfa_enabled);
    if report.summary.mfa_enabled != Some(true)
        && let Some(why) = root_without_credentials(report)
    {
        return check.finding(NotApplicable, why);
    }
    if let Some(why) = no_root_row(report) {
        return check.finding(Unknown, format!("{why}; {live} is not corroborated"));
    }
    // The summary is live; the report may be hours old, so it only adds context.
    let stale = report
        .root_row
        .as_ref()
        .filter(|row| Some(row.mfa_active.is_true()) != report.summary.mfa_enabled)
        .map(|_| " (the credential report, up to 4 hours old, still says otherwise)")
        .unwrap_or_default();
    match report.summary.mfa_enabled {
        Some(true) => check.finding(Pass, format!("{live}{stale}")),
        Some(false) => check.finding(Fail, format!("{live}{stale}")),
        None => check.finding(Unknown, live),
    }
}

fn root_hardware_mfa(report: &AuditReport) -> Finding {
    let check = RootCheck::RootHardwareMfa;
    let root = report.root_arn();
    if report.root_mfa == RootMfaKind::Absent
        && let Some(why) = root_without_credentials(report)
    {
        return check.finding(NotApplicable, why);
    }
    match report.root_mfa {
        RootMfaKind::Hardware => check.finding(
            Pass,
            format!("AccountMFAEnabled=1 and ListVirtualMFADevices assigns no virtual device to {root}"),
        ),
        RootMfaKind::Virtual => check.finding(
            Fail,
            format!(
                "virtual MFA device {} is assigned to {root} (ListVirtualMFADevices)",
                report.root_virtual_mfa_devices.join(", ")
            ),
        ),
        RootMfaKind::Absent => check.finding(
            Fail,
            "the root user has no MFA device at all (AccountMFAEnabled=0)",
        ),
        RootMfaKind::Unknown => check.finding(
            Unknown,
            no_root_row(report).unwrap_or_else(|| "AccountMFAEnabled was not returned".into()),
        ),
    }
}

fn root_access_keys(report: &AuditReport) -> Finding {
    let check = RootCheck::RootAccessKeysAbsent;
    let used = report
        .root_row
        .as_ref()
        .and_then(|row| {
            let keys = row.access_keys.iter().filter(|k| k.active.is_true());
            keys.filter_map(|k| k.last_used_date.value()).max().copied()
        })
        .map(|at| format!("; the credential report shows one last used {at}"))
        .unwrap_or_default();
    // Signed in as root, the live list is the most direct evidence there is.
    if let Some(keys) = &report.root_access_keys {
        if keys.is_empty() {
            return check.finding(Pass, "ListAccessKeys as the root user lists no keys");
        }
        let listed: Vec<String> = keys
            .iter()
            .map(|k| {
                let status = match k.status {
                    AccessKeyStatus::Active => "active",
                    AccessKeyStatus::Inactive => "inactive",
                };
                format!("{} ({status})", k.id)
            })
            .collect();
        return check.finding(
            Fail,
            format!(
                "ListAccessKeys as the root user lists {}{used}",
                listed.join(", ")
            ),
        );
    }
    let live = flag("AccountAccessKeysPresent", report.summary.access_keys_present);
    if let Some(why) = no_root_row(report) {
        return check.finding(Unknown, format!("{why}; {live} is not corroborated"));
    }
    match report.summary.access_keys_present {
        Some(true) => check.finding(Fail, format!("{live}{used}")),
        Some(false) => check.finding(Pass, live),
        None => check.finding(Unknown, live),
    }
}

fn whole_days_between(then: Timestamp, now: Timestamp) -> i64 {
    now.duration_since(then).as_secs() / SignedDuration::from_hours(24).as_secs()
}

fn root_usage(report: &AuditReport, window_days: u32) -> Finding {
    let check = RootCheck::RootNotUsedRecently;
    if report.caller_is_root {
        return check.finding(
            Fail,
            format!(
                "this audit runs as the root user ({}); use an administrative user for everyday tasks",
                report.caller.arn
            ),
        );
    }
    if let Some(why) = no_root_row(report) {
        return check.finding(Unknown, why);
    }
    let Some(row) = &report.root_row else {
        return check.finding(Unknown, "no <root_account> row");
    };
    let as_of = report
        .credential_report_generated_at
        .map(|t| format!(" (credential report of {t})"))
        .unwrap_or_default();
    match row.last_used() {
        Some((at, what)) => {
            let days = whole_days_between(at, report.audited_at);
            let evidence = format!("the root {what} was last used {at}, {days} day(s) ago{as_of}");
            // Whole days, compared inclusively, as prowler's iam_avoid_root_usage does.
            if days <= i64::from(window_days) {
                check.finding(Fail, format!("{evidence}, within the {window_days}-day window"))
            } else {
                check.finding(Pass, evidence)
            }
        }
        None if row.usage_is_known() => check.finding(
            Pass,
            format!("the credential report shows no use of the root password or access keys{as_of}"),
        ),
        None => check.finding(
            Unknown,
            format!("the credential report's last-used columns are missing or unreadable{as_of}"),
        ),
    }
}

fn root_certificates(report: &AuditReport) -> Finding {
    let check = RootCheck::RootSigningCertificatesAbsent;
    let live = flag(
        "AccountSigningCertificatesPresent",
        report.summary.signing_certificates_present,
    );
    if let Some(why) = no_root_row(report) {
        return check.finding(Unknown, format!("{why}; {live} is not corroborated"));
    }
    match report.summary.signing_certificates_present {
        Some(true) => check.finding(Fail, live),
        Some(false) => check.finding(Pass, live),
        None => check.finding(Unknown, live),
    }
}

fn password(policy: Option<&PasswordPolicySettings>, check_expiry: bool) -> Vec<Finding> {
    let source = if policy.is_some() {
        "GetAccountPasswordPolicy"
    } else {
        "no password policy is set, so AWS defaults apply"
    };
    let p = policy.cloned().unwrap_or_default();
    let yes_no = |b: bool| if b { "required" } else { "not required" };
    let status = |ok: bool| if ok { Pass } else { Fail };
    let mut findings = vec![
        RootCheck::PasswordMinLength14.finding(
            status(p.minimum_password_length >= 14),
            format!("{source}: minimum length {}", p.minimum_password_length),
        ),
        RootCheck::PasswordReuse24.finding(
            status(p.password_reuse_prevention.is_some_and(|n| n >= 24)),
            format!(
                "{source}: reuse prevention {}",
                p.password_reuse_prevention
                    .map_or_else(|| "off".to_owned(), |n| format!("{n} passwords"))
            ),
        ),
        RootCheck::PasswordUppercase.finding(
            status(p.require_uppercase_characters),
            format!("{source}: uppercase {}", yes_no(p.require_uppercase_characters)),
        ),
        RootCheck::PasswordLowercase.finding(
            status(p.require_lowercase_characters),
            format!("{source}: lowercase {}", yes_no(p.require_lowercase_characters)),
        ),
        RootCheck::PasswordNumber.finding(
            status(p.require_numbers),
            format!("{source}: numbers {}", yes_no(p.require_numbers)),
        ),
        RootCheck::PasswordSymbol.finding(
            status(p.require_symbols),
            format!("{source}: symbols {}", yes_no(p.require_symbols)),
        ),
    ];
    if check_expiry {
        findings.push(RootCheck::PasswordExpires90Days.finding(
            status(p.max_password_age.is_some_and(|d| d <= 90)),
            format!(
                "{source}: {}",
                p.max_password_age.map_or_else(
                    || "passwords never expire".to_owned(),
                    |d| format!("passwords expire after {d} days")
                )
            ),
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_days_round_down() {
        let now: Timestamp = "2025-01-10T12:00:00Z".parse().unwrap();
        let day_ago: Timestamp = "2025-01-09T11:59:00Z".parse().unwrap();
        assert_eq!(whole_days_between(day_ago, now), 1);
        let hours_ago: Timestamp = "2025-01-10T01:00:00Z".parse().unwrap();
        assert_eq!(whole_days_between(hours_ago, now), 0);
    }

    #[test]
    fn password_checks_against_defaults_and_cis() {
        let failing = password(None, true);
        assert_eq!(failing.len(), 7);
        assert!(failing.iter().all(|f| f.status == Fail), "{failing:?}");
        assert!(
            failing[0].evidence.contains("AWS defaults"),
            "{}",
            failing[0].evidence
        );

        let cis = crate::PasswordPolicy::cis().merged_onto(&PasswordPolicySettings {
            max_password_age: Some(90),
            ..PasswordPolicySettings::default()
        });
        let passing = password(Some(&cis), true);
        assert!(passing.iter().all(|f| f.status == Pass), "{passing:?}");
        assert_eq!(password(Some(&cis), false).len(), 6);
    }
}
