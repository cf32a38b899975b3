//! Root hardening on the in-memory account only: moto cannot model the root user (its
//! credential report has no `<root_account>` row and its summary flags stay 0), so every
//! root-user scenario lives here: the audit's findings in this file, plans and applies in
//! `root_in_memory_plan.rs`. The scenarios both backends share are in
//! `iam_bootstrap::conformance` (`root_*`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::time::Duration;

use iam_bootstrap::client::memory::{Caller, RootMfa, RootUser};
use iam_bootstrap::client::{InMemory, Operation, PasswordPolicySettings};
use iam_bootstrap::{
    Aws, Error, FindingStatus, MfaRequirement, PasswordPolicy, PasswordPolicyBuilder, RootAccessKeys,
    RootCheck, RootHardening, WaitConfig,
};

use FindingStatus::{Fail, Pass, Unknown};

fn account(caller: Caller, root: RootUser) -> InMemory {
    InMemory::builder().caller(caller).root(root).build()
}

fn role() -> Caller {
    Caller::Role("Admin".parse().unwrap())
}

fn audit_only() -> RootHardening {
    RootHardening::default()
}

fn full_spec() -> RootHardening {
    RootHardening::builder()
        .password_policy(PasswordPolicy::cis())
        .account_alias("example-corp")
        .root_access_keys(RootAccessKeys::Delete)
        .build()
        .unwrap()
}

async fn statuses(aws: &Aws, spec: &RootHardening) -> Vec<(String, FindingStatus)> {
    let report = spec.audit(aws).await.unwrap();
    report.findings.iter().map(|f| (f.id.clone(), f.status)).collect()
}

fn status_of(list: &[(String, FindingStatus)], check: RootCheck) -> FindingStatus {
    list.iter()
        .find(|(id, _)| id == check.id())
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("no finding {check} in {list:?}"))
}

#[tokio::test]
async fn a_new_account_signed_in_as_root_fails_the_root_checks() {
    let aws = Aws::in_memory(account(Caller::Root, RootUser::default().with_access_keys(1)));
    let report = audit_only().audit(&aws).await.unwrap();
    assert!(report.caller_is_root);
    for check in [
        RootCheck::RootMfaEnabled,
        RootCheck::RootHardwareMfa,
        RootCheck::RootAccessKeysAbsent,
        RootCheck::RootNotUsedRecently,
        RootCheck::PasswordMinLength14,
        RootCheck::PasswordReuse24,
        RootCheck::PasswordSymbol,
    ] {
        assert_eq!(report.status(check), Some(Fail), "{check}: {report}");
    }
    assert_eq!(
        report.status(RootCheck::RootSigningCertificatesAbsent),
        Some(Pass)
    );
    // Opt-in and spec-driven checks are not run by default.
    assert_eq!(report.status(RootCheck::PasswordExpires90Days), None);
    assert_eq!(report.status(RootCheck::AccountAliasSet), None);
    let keys = report.finding(RootCheck::RootAccessKeysAbsent).unwrap();
    assert!(
        keys.evidence
            .contains("ListAccessKeys as the root user lists AKIAROOT"),
        "{}",
        keys.evidence
    );
    assert_eq!(keys.cis, ["1.4"]);
    assert_eq!(keys.prowler, ["iam_no_root_access_key"]);
    assert_eq!(aws.calls().writes(), 0, "an audit writes nothing");
}

#[tokio::test]
async fn root_keys_seen_by_a_non_root_caller_come_from_the_live_summary() {
    let root = RootUser::hardened()
        .with_access_keys(2)
        .with_access_key_last_used_days_ago(Some(3));
    let aws = Aws::in_memory(account(role(), root));
    let report = audit_only().audit(&aws).await.unwrap();
    assert_eq!(report.root_access_keys, None, "only root may list root keys");
    let keys = report.finding(RootCheck::RootAccessKeysAbsent).unwrap();
    assert_eq!(keys.status, Fail);
    assert!(
        keys.evidence.contains("AccountAccessKeysPresent=1"),
        "{}",
        keys.evidence
    );
    assert!(keys.evidence.contains("last used"), "{}", keys.evidence);
    // Used three days ago: outside the default one-day window, inside a seven-day one.
    assert_eq!(report.status(RootCheck::RootNotUsedRecently), Some(Pass));
    let week = RootHardening::builder()
        .root_usage_window_days(7)
        .build()
        .unwrap();
    assert_eq!(
        status_of(&statuses(&aws, &week).await, RootCheck::RootNotUsedRecently),
        Fail
    );
}

#[tokio::test]
async fn root_used_yesterday_fails_and_old_or_no_use_passes() {
    let cases = [
        (Some(1), Fail, "1 day(s) ago"),
        (Some(0), Fail, "0 day(s) ago"),
        (Some(120), Pass, "120 day(s) ago"),
        (None, Pass, "no use"),
    ];
    for (days, expected, evidence) in cases {
        let root = RootUser::hardened().with_password_last_used_days_ago(days);
        let aws = Aws::in_memory(account(role(), root));
        let report = audit_only().audit(&aws).await.unwrap();
        let usage = report.finding(RootCheck::RootNotUsedRecently).unwrap();
        assert_eq!(usage.status, expected, "{days:?}: {}", usage.evidence);
        assert!(usage.evidence.contains(evidence), "{days:?}: {}", usage.evidence);
        assert_eq!(usage.cis, ["1.7"]);
    }
}

#[tokio::test]
async fn no_mfa_fails_both_mfa_checks_and_plans_the_console_step() {
    let aws = Aws::in_memory(account(role(), RootUser::hardened().with_mfa(RootMfa::None)));
    let plan = audit_only().plan(&aws).await.unwrap();
    let status = |id: &str| plan.findings.iter().find(|f| f.id == id).unwrap().status;
    assert_eq!(status("root-mfa-enabled"), Fail);
    assert_eq!(status("root-hardware-mfa"), Fail);
    assert!(plan.is_empty(), "root MFA has no API: {plan}");
    let step = &plan.manual_steps[0];
    assert_eq!(step.id, "root-mfa");
    assert!(step.title.contains("hardware"), "{}", step.title);
    assert!(step.instructions.iter().any(|i| i.contains("Assign MFA device")));
    assert!(step.verification.contains("AccountMFAEnabled=1"));
}

#[tokio::test]
async fn a_root_user_without_credentials_makes_mfa_not_applicable_not_a_failure() {
    let aws = Aws::in_memory(account(role(), RootUser::without_credentials()));
    let plan = audit_only().plan(&aws).await.unwrap();
    for id in ["root-mfa-enabled", "root-hardware-mfa"] {
        let finding = plan.findings.iter().find(|f| f.id == id).unwrap();
        assert_eq!(finding.status, FindingStatus::NotApplicable, "{finding}");
        assert!(
            finding.evidence.contains("nothing for MFA to protect"),
            "{}",
            finding.evidence
        );
    }
    assert!(
        plan.manual_steps.is_empty(),
        "no MFA step for a root user without credentials: {plan}"
    );
    // With a password (AWS's `not_supported`), no MFA is a failure as before.
    let with_password = Aws::in_memory(account(
        role(),
        RootUser {
            password: true,
            ..RootUser::without_credentials()
        },
    ));
    let plan = audit_only().plan(&with_password).await.unwrap();
    assert_eq!(
        plan.findings
            .iter()
            .find(|f| f.id == "root-mfa-enabled")
            .unwrap()
            .status,
        Fail
    );
}

#[tokio::test]
async fn hardware_mfa_passes_and_virtual_mfa_fails_the_hardware_check_only() {
    let hardware = Aws::in_memory(account(role(), RootUser::hardened()));
    let plan = audit_only().plan(&hardware).await.unwrap();
    assert!(plan.manual_steps.is_empty(), "{plan}");
    let report = audit_only().audit(&hardware).await.unwrap();
    assert_eq!(report.status(RootCheck::RootMfaEnabled), Some(Pass));
    assert_eq!(report.status(RootCheck::RootHardwareMfa), Some(Pass));
    assert!(
        report
            .finding(RootCheck::RootHardwareMfa)
            .unwrap()
            .evidence
            .contains("ListVirtualMFADevices"),
        "the evidence says how hardware was told from virtual"
    );

    let virtual_mfa = Aws::in_memory(account(role(), RootUser::hardened().with_mfa(RootMfa::Virtual)));
    let plan = audit_only().plan(&virtual_mfa).await.unwrap();
    let status = |id: &str| plan.findings.iter().find(|f| f.id == id).unwrap().status;
    assert_eq!(status("root-mfa-enabled"), Pass);
    assert_eq!(status("root-hardware-mfa"), Fail);
    assert_eq!(plan.manual_steps[0].id, "root-hardware-mfa");

    let any = RootHardening::builder().mfa(MfaRequirement::Any).build().unwrap();
    let plan = any.plan(&virtual_mfa).await.unwrap();
    assert!(plan.findings.iter().all(|f| f.id != "root-hardware-mfa"));
    assert!(plan.manual_steps.is_empty());
}

#[tokio::test]
async fn a_missing_root_row_is_unknown_never_a_pass() {
    let memory = InMemory::builder()
        .caller(role())
        .root(RootUser::hardened())
        .credential_report_root_row(false)
        .build();
    let aws = Aws::in_memory(memory);
    let report = audit_only().audit(&aws).await.unwrap();
    assert!(report.root_row.is_none());
    let root_checks: Vec<_> = report
        .findings
        .iter()
        .filter(|f| RootCheck::from_id(&f.id).is_some_and(RootCheck::is_root_user_check))
        .collect();
    assert_eq!(root_checks.len(), 5);
    for finding in root_checks {
        assert_eq!(finding.status, Unknown, "{finding}");
        assert!(
            finding.evidence.contains("<root_account>"),
            "{}",
            finding.evidence
        );
    }
    // Unknown MFA still gets the manual step: a person must check it.
    let plan = audit_only().plan(&aws).await.unwrap();
    assert_eq!(plan.manual_steps[0].id, "root-mfa");
}

#[tokio::test]
async fn a_weak_password_policy_fails_then_converges() {
    let aws = Aws::in_memory(account(role(), RootUser::hardened()));
    let mut weak = PasswordPolicySettings::default();
    weak.minimum_password_length = 8;
    weak.password_reuse_prevention = Some(5);
    weak.require_numbers = true;
    weak.max_password_age = Some(365);
    aws.iam().update_password_policy(&weak).await.unwrap();
    let spec = RootHardening::builder()
        .password_policy(
            PasswordPolicyBuilder::cis()
                .max_password_age_days(90)
                .build()
                .unwrap(),
        )
        .check_password_expiry(true)
        .build()
        .unwrap();
    let before = statuses(&aws, &spec).await;
    for check in [
        RootCheck::PasswordMinLength14,
        RootCheck::PasswordReuse24,
        RootCheck::PasswordUppercase,
        RootCheck::PasswordLowercase,
        RootCheck::PasswordSymbol,
        RootCheck::PasswordExpires90Days,
    ] {
        assert_eq!(status_of(&before, check), Fail, "{check}");
    }
    assert_eq!(status_of(&before, RootCheck::PasswordNumber), Pass);

    let plan = spec.plan(&aws).await.unwrap();
    assert_eq!(plan.changes.len(), 1, "{plan}");
    assert_eq!(plan.apply(&aws).await.unwrap().calls.writes(), 1);
    let after = statuses(&aws, &spec).await;
    assert!(
        after
            .iter()
            .filter(|(id, _)| id.starts_with("password-"))
            .all(|(_, s)| *s == Pass),
        "{after:?}"
    );
    let again = spec.plan(&aws).await.unwrap();
    assert!(again.is_empty());
    assert_eq!(again.apply(&aws).await.unwrap().calls.total(), 0);
}

#[tokio::test]
async fn a_clean_account_has_no_failing_or_unknown_finding_and_plans_nothing() {
    let aws = Aws::in_memory(account(role(), RootUser::hardened()));
    let spec = RootHardening::builder()
        .password_policy(
            PasswordPolicyBuilder::cis()
                .max_password_age_days(90)
                .build()
                .unwrap(),
        )
        .account_alias("example-corp")
        .check_password_expiry(true)
        .root_access_keys(RootAccessKeys::Delete)
        .build()
        .unwrap();
    spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();

    let report = spec.audit(&aws).await.unwrap();
    assert_eq!(report.findings.len(), RootCheck::ALL.len(), "every check ran");
    assert_eq!(report.failed().count(), 0, "{report}");
    assert_eq!(report.unknown().count(), 0, "{report}");
    let plan = spec.plan(&aws).await.unwrap();
    assert!(plan.is_empty() && plan.manual_steps.is_empty(), "{plan}");
    assert_eq!(plan.apply(&aws).await.unwrap().calls.total(), 0);
}

#[tokio::test]
async fn a_manual_mfa_step_is_detected_by_the_next_audit_even_with_a_stale_report() {
    // AWS reuses a credential report for four hours: the next audit reads the old one.
    let memory = InMemory::builder()
        .caller(role())
        .root(RootUser::hardened().with_mfa(RootMfa::None))
        .credential_report_reuse_calls(1_000)
        .build();
    let aws = Aws::in_memory(memory.clone());
    let plan = audit_only().plan(&aws).await.unwrap();
    assert_eq!(plan.manual_steps[0].id, "root-mfa");

    memory.set_root_mfa(RootMfa::Hardware); // a person follows the step in the console
    let report = audit_only().audit(&aws).await.unwrap();
    assert_eq!(
        report.root_row.as_ref().map(|r| r.mfa_active.is_true()),
        Some(false),
        "stale"
    );
    let mfa = report.finding(RootCheck::RootMfaEnabled).unwrap();
    assert_eq!(mfa.status, Pass, "the live summary decides: {}", mfa.evidence);
    assert!(mfa.evidence.contains("still says otherwise"), "{}", mfa.evidence);
    assert_eq!(report.status(RootCheck::RootHardwareMfa), Some(Pass));
    assert!(audit_only().plan(&aws).await.unwrap().manual_steps.is_empty());
}

/// On tokio's paused clock (it advances when every task waits), so the pauses and the
/// timeout are exact and cost no real time.
#[tokio::test(start_paused = true)]
async fn the_credential_report_wait_backs_off_and_is_bounded() {
    let slow = InMemory::builder().credential_report_generation_calls(3).build();
    let aws = Aws::in_memory(slow);
    audit_only().audit(&aws).await.unwrap();
    // One call starts the report, three more see it through.
    assert_eq!(aws.calls().calls(Operation::GenerateCredentialReport), 4);

    let never = InMemory::builder()
        .credential_report_generation_calls(1_000)
        .build();
    let tiny = WaitConfig::new(
        Duration::from_millis(1),
        Duration::from_millis(4),
        Duration::from_millis(40),
    );
    let aws = Aws::in_memory(never).with_waits(tiny);
    let err = audit_only().audit(&aws).await.unwrap_err();
    match &err {
        Error::Timeout { what, waited } => {
            assert!(what.contains("credential report"), "{err}");
            // The last poll at 39 ms: another 4 ms pause would pass the 40 ms bound.
            assert_eq!(*waited, Duration::from_millis(39), "{err}");
        }
        other => panic!("expected a timeout, got {other}"),
    }
    let polls = aws.calls().calls(Operation::GenerateCredentialReport);
    // Backoff, not a busy loop: polls at 0, 1, 3, 7, 11, ... 39 ms (pauses of 1, 2, then 4).
    assert_eq!(polls, 12);
}

#[tokio::test]
async fn the_report_reads_as_text_and_json() {
    let aws = Aws::in_memory(account(Caller::Root, RootUser::default().with_access_keys(1)));
    let report = audit_only().audit(&aws).await.unwrap();
    let text = report.to_string();
    assert!(text.contains("Root audit of account 123456789012"), "{text}");
    assert!(
        text.contains("[FAIL   ] critical      MFA is enabled for the root user"),
        "{text}"
    );
    assert!(text.contains("(CIS 1.5)"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json().unwrap()).unwrap();
    assert_eq!(json["caller_is_root"], true);
    assert_eq!(json["root_mfa"], "absent");
    assert_eq!(json["findings"][0]["id"], "root-mfa-enabled");
    assert_eq!(json["findings"][0]["status"], "fail");
    assert_eq!(json["findings"][0]["prowler"][0], "iam_root_mfa_enabled");
    assert_eq!(json["root_row"]["user"], "<root_account>");

    let plan = full_spec().plan(&aws).await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&plan.to_json().unwrap()).unwrap();
    let actions: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "delete_root_access_key",
            "update_password_policy",
            "set_account_alias"
        ]
    );
    assert_eq!(json["changes"][2]["after"], "example-corp");
    let round_trip: iam_bootstrap::Plan = serde_json::from_value(json).unwrap();
    assert_eq!(round_trip, plan);
}
