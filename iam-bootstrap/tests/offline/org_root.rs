//! Root user hardening across an organization (centralized root access) on the in-memory
//! organization: enable as a plan, the AssumeRoot audit, credential removal, convergence,
//! per-account failure isolation, task-policy enforcement, session refresh and bad input.
//! moto serves none of these APIs; the SDK request shapes are pinned in
//! `client/sdk/central_root_mock_tests.rs`.

use std::sync::Arc;
use std::time::Duration;

use iam_bootstrap::client::memory::{MemberAccount, MemberRoot, OrganizationTree};
use iam_bootstrap::client::{
    AccountState, CallerIdentity, CentralRootApi, FeatureSet, InMemory, Operation, RootTaskPolicy,
};
use iam_bootstrap::mock::MockIamApi;
use iam_bootstrap::names::AccountId;
use iam_bootstrap::org_root::{AccountResult, CredentialKind, EnableStep, OrgRoot, RemovalResult};
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::{Aws, Error, FindingStatus, PreconditionReason};

fn id(n: u64) -> AccountId {
    AccountId::new(format!("{n:012}")).unwrap()
}

const VIRTUAL_MFA: &str = "arn:aws:iam::333333333333:mfa/root";

/// A: password, an access key, a certificate, no MFA. B: no credentials at all. C: password
/// and a virtual MFA device. D: AssumeRoot refused (an SCP). E: suspended.
fn tree() -> OrganizationTree {
    OrganizationTree::new()
        .account(
            MemberAccount::new(id(111_111_111_111), "a")
                .in_ou("/Workloads")
                .root_user(
                    MemberRoot::with_password()
                        .access_key("AKIAROOTA00000000001", true, None)
                        .signing_certificate("CERTA"),
                ),
        )
        .account(MemberAccount::new(id(222_222_222_222), "b").in_ou("/Workloads"))
        .account(
            MemberAccount::new(id(333_333_333_333), "c")
                .root_user(MemberRoot::with_password().mfa_device(VIRTUAL_MFA)),
        )
        .account(
            MemberAccount::new(id(444_444_444_444), "d")
                .root_user(MemberRoot::with_password().refuse_assume_root("denied by an SCP")),
        )
        .account(MemberAccount::new(id(555_555_555_555), "e").state(AccountState::Suspended))
}

fn org_root(memory: &InMemory) -> OrgRoot {
    OrgRoot::builder(Aws::in_memory(memory.clone()), Arc::new(memory.clone()))
        .concurrency(3)
        .build()
        .unwrap()
}

async fn enabled() -> (InMemory, OrgRoot) {
    let memory = InMemory::builder().organization(tree()).build();
    let org_root = org_root(&memory);
    org_root
        .apply_enable(&org_root.plan_enable().await.unwrap())
        .await
        .unwrap();
    (memory, org_root)
}

#[tokio::test]
async fn enable_plans_what_is_missing_and_converges() {
    let memory = InMemory::builder().organization(tree()).build();
    let org_root = org_root(&memory);
    let plan = org_root.plan_enable().await.unwrap();
    assert_eq!(
        plan.steps,
        [
            EnableStep::TrustedAccessForIam,
            EnableStep::RootCredentialsManagement,
            EnableStep::RootSessions
        ]
    );
    // Before it is enabled, the audit says so, and no member is worked on.
    let before = org_root.audit().await.unwrap();
    assert_eq!(before.centralized_root.status, FindingStatus::Fail);
    assert_eq!(
        before.centralized_root.cis_controls,
        ["CIS AWS Foundations Benchmark v7.0.0 2.1.1"]
    );
    assert_eq!(before.totals.audited, 0);
    assert_eq!(
        memory.root_sessions_granted(RootTaskPolicy::AuditRootUserCredentials),
        0
    );

    org_root.apply_enable(&plan).await.unwrap();
    let features = memory.organizations_root_features();
    assert!(features.root_credentials_management && features.root_sessions);
    // A converged organization plans nothing, and the empty plan makes no call.
    let aws = Aws::in_memory(memory.clone());
    let counted = OrgRoot::builder(aws.clone(), Arc::new(memory.clone()))
        .build()
        .unwrap();
    let again = counted.plan_enable().await.unwrap();
    assert!(again.is_empty(), "{again}");
    let calls = aws.calls();
    counted.apply_enable(&again).await.unwrap();
    assert_eq!(aws.calls().total(), calls.total());
    assert_eq!(aws.calls().writes(), 0);
}

#[tokio::test]
async fn enabling_a_feature_without_trusted_access_is_refused_by_the_backend() {
    let memory = InMemory::builder().organization(tree()).build();
    let err = memory.enable_root_sessions().await.unwrap_err();
    assert!(
        err.to_string().contains("EnableOrganizationsRootSessions"),
        "{err}"
    );
}

#[tokio::test]
async fn a_caller_that_is_not_management_nor_delegated_admin_is_refused_at_plan_time() {
    let memory = InMemory::builder().organization(tree()).build();
    let mut iam = MockIamApi::new();
    iam.expect_caller_identity().returning(|| {
        Ok(CallerIdentity::new(
            "111111111111",
            "arn:aws:iam::111111111111:role/ops",
            "ID",
        ))
    });
    let aws =
        Aws::for_tests(Arc::new(iam), Arc::new(memory.clone())).with_organizations(Arc::new(memory.clone()));
    let org_root = OrgRoot::builder(aws, Arc::new(memory.clone())).build().unwrap();
    for err in [
        org_root.plan_enable().await.unwrap_err(),
        org_root.audit().await.unwrap_err(),
    ] {
        match &err {
            Error::Precondition {
                reason: PreconditionReason::NotRootAccessAdministrator { caller_account },
                ..
            } => assert_eq!(caller_account, "111111111111"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        memory.root_sessions_granted(RootTaskPolicy::AuditRootUserCredentials),
        0
    );

    // Registered as IAM's delegated administrator, the same caller may.
    let delegated = InMemory::builder()
        .organization(tree().delegated_administrator(id(111_111_111_111), "iam.amazonaws.com"))
        .build();
    let mut iam = MockIamApi::new();
    iam.expect_caller_identity().returning(|| {
        Ok(CallerIdentity::new(
            "111111111111",
            "arn:aws:iam::111111111111:role/ops",
            "ID",
        ))
    });
    let aws = Aws::for_tests(Arc::new(iam), Arc::new(delegated.clone()))
        .with_organizations(Arc::new(delegated.clone()));
    let org_root = OrgRoot::builder(aws, Arc::new(delegated)).build().unwrap();
    assert!(!org_root.plan_enable().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_organization_without_all_features_is_refused() {
    let memory = InMemory::builder()
        .organization(tree().feature_set(FeatureSet::ConsolidatedBilling))
        .build();
    let err = org_root(&memory).plan_enable().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::OrganizationWithoutAllFeatures,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn audit_reports_every_account_and_isolates_failures() {
    let (memory, org_root) = enabled().await;
    let report = org_root.audit().await.unwrap();
    assert_eq!(report.centralized_root.status, FindingStatus::Pass);
    assert_eq!(
        report.centralized_root.prowler,
        ["iam_root_credentials_management_enabled"]
    );

    let status = |account: u64, finding: &str| {
        report
            .account(&id(account))
            .unwrap()
            .findings()
            .iter()
            .find(|f| f.id == finding)
            .map(|f| f.status)
    };
    assert_eq!(
        status(111_111_111_111, "root-mfa-enabled"),
        Some(FindingStatus::Fail)
    );
    assert_eq!(
        status(111_111_111_111, "root-access-keys-absent"),
        Some(FindingStatus::Fail)
    );
    assert_eq!(
        status(111_111_111_111, "root-signing-certificates-absent"),
        Some(FindingStatus::Fail)
    );
    assert_eq!(
        status(111_111_111_111, "root-login-profile-absent"),
        Some(FindingStatus::Fail)
    );
    // No credentials: MFA does not apply, with the reason.
    let b = report.account(&id(222_222_222_222)).unwrap();
    assert_eq!(b.findings()[0].status, FindingStatus::NotApplicable);
    assert!(b.findings()[0].evidence.contains("nothing for MFA to protect"));
    assert!(!b.is_failing());
    assert_eq!(
        status(333_333_333_333, "root-mfa-enabled"),
        Some(FindingStatus::Pass)
    );
    assert_eq!(
        status(333_333_333_333, "root-hardware-mfa"),
        Some(FindingStatus::Fail)
    );
    // Findings name the benchmark version with each control.
    let mfa = &report.account(&id(111_111_111_111)).unwrap().findings()[0];
    assert_eq!(
        mfa.cis_controls,
        [
            "CIS AWS Foundations Benchmark v3.0.0 1.5",
            "CIS AWS Foundations Benchmark v7.0.0 2.5"
        ]
    );

    // D's refusal is D's result only.
    match &report.account(&id(444_444_444_444)).unwrap().result {
        AccountResult::Failed { failure } => {
            assert!(failure.assume_root, "{failure:?}");
            assert_eq!(failure.operation, Some(Operation::AssumeRoot));
        }
        other => panic!("{other:?}"),
    }
    // The suspended account and the management account are skipped, with why.
    let management = Aws::in_memory(memory.clone()).account_id().await.unwrap();
    match &report.account(&management).unwrap().result {
        AccountResult::Skipped { why, manual_steps } => {
            assert!(why.contains("cannot be targeted by sts:AssumeRoot"), "{why}");
            assert_eq!(manual_steps[0].id, "management-account-root");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        report.account(&id(555_555_555_555)).unwrap().result,
        AccountResult::Skipped { .. }
    ));
    let totals = &report.totals;
    assert_eq!(
        (totals.accounts, totals.audited, totals.failed, totals.skipped),
        (6, 3, 1, 2)
    );
    assert_eq!(totals.failing_accounts, 2);
    assert_eq!(totals.findings["root-mfa-enabled"].not_applicable, 1);
    assert_eq!(totals.findings["root-login-profile-absent"].fail, 2);
    // One audit session per audited account (and the refused one).
    assert_eq!(
        memory.root_sessions_granted(RootTaskPolicy::AuditRootUserCredentials),
        3
    );
    let table = report.to_string();
    assert!(table.contains("444444444444   ERROR"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["totals"]["audited"], 3);
    // Auditing changed nothing.
    assert!(memory.member_root(&id(111_111_111_111)).has_password());
}

#[tokio::test]
async fn the_selector_limits_the_accounts() {
    let (_memory, org_root) = enabled().await;
    let selected = OrgRoot::builder(Aws::in_memory(_memory.clone()), Arc::new(_memory.clone()))
        .accounts(AccountSelectorBuilder::ou("Root/Workloads").build().unwrap())
        .build()
        .unwrap();
    let report = selected.audit().await.unwrap();
    let accounts: Vec<&str> = report.accounts.iter().map(|a| a.account.as_str()).collect();
    assert_eq!(accounts, ["111111111111", "222222222222"]);
    assert!(org_root.selector().is_none());
}

#[tokio::test]
async fn an_audit_session_cannot_delete() {
    let (memory, _) = enabled().await;
    let session = memory
        .assume_root(
            &id(111_111_111_111),
            RootTaskPolicy::AuditRootUserCredentials,
            900,
        )
        .await
        .unwrap();
    let err = session
        .api()
        .delete_access_key("AKIAROOTA00000000001")
        .await
        .unwrap_err();
    assert_eq!(err.operation(), Some(Operation::DeleteAccessKey));
    assert!(matches!(err, Error::AccessDenied { .. }), "{err:?}");
    assert!(session.api().delete_login_profile().await.is_err());
    assert_eq!(memory.member_root(&id(111_111_111_111)).access_keys().len(), 1);
    // The management account cannot be targeted, nor can a session outlast 900 s.
    let management = Aws::in_memory(memory.clone()).account_id().await.unwrap();
    assert!(
        memory
            .assume_root(&management, RootTaskPolicy::AuditRootUserCredentials, 900)
            .await
            .is_err()
    );
    assert!(
        memory
            .assume_root(
                &id(111_111_111_111),
                RootTaskPolicy::AuditRootUserCredentials,
                901
            )
            .await
            .is_err()
    );
}

#[tokio::test]
async fn removal_deletes_only_the_kinds_opted_into_and_converges() {
    let (memory, org_root) = enabled().await;
    let kinds = [CredentialKind::LoginProfile, CredentialKind::AccessKeys];
    let plan = org_root.plan_removal(&kinds).await.unwrap();
    let planned: Vec<&str> = plan.accounts.iter().map(|a| a.account.as_str()).collect();
    // B has nothing; D could not be audited and is listed as not planned.
    assert_eq!(planned, ["111111111111", "333333333333"]);
    assert_eq!(plan.accounts[0].changes.len(), 2);
    assert!(plan.not_planned.iter().any(|(a, _)| *a == id(444_444_444_444)));

    let outcome = org_root.apply_removal(&plan).await.unwrap();
    assert!(outcome.all_done(), "{outcome}");
    assert!(
        outcome
            .accounts
            .iter()
            .any(|(a, r)| *a == id(444_444_444_444) && matches!(r, RemovalResult::Skipped { .. }))
    );
    let a = memory.member_root(&id(111_111_111_111));
    assert!(!a.has_password() && a.access_keys().is_empty());
    // Not opted into: the certificate and C's MFA device stay.
    assert_eq!(a.signing_certificates().len(), 1);
    assert_eq!(memory.member_root(&id(333_333_333_333)).mfa_devices().len(), 1);
    assert_eq!(
        memory.root_sessions_granted(RootTaskPolicy::DeleteRootUserCredentials),
        2
    );

    // Re-run: nothing left to plan; the old plan applied again finds it all gone: success.
    assert!(org_root.plan_removal(&kinds).await.unwrap().is_empty());
    assert!(org_root.apply_removal(&plan).await.unwrap().all_done());

    // The remaining kinds, then the audit is clean wherever it could look.
    let rest = org_root.plan_removal(&CredentialKind::ALL).await.unwrap();
    org_root.apply_removal(&rest).await.unwrap();
    let report = org_root.audit().await.unwrap();
    for account in [111_111_111_111, 333_333_333_333] {
        let findings = report.account(&id(account)).unwrap().findings();
        assert!(
            findings.iter().all(|f| f.status != FindingStatus::Fail),
            "{findings:?}"
        );
        assert_eq!(findings[0].status, FindingStatus::NotApplicable);
    }
}

#[tokio::test]
async fn a_session_near_expiry_is_assumed_again() {
    let (memory, _) = enabled().await;
    // Sessions of 30 s with a 60 s margin: every call finds its session too close to expiry.
    let org_root = OrgRoot::builder(Aws::in_memory(memory.clone()), Arc::new(memory.clone()))
        .accounts(AccountSelectorBuilder::account("111111111111").build().unwrap())
        .session_seconds(30)
        .refresh_margin(Duration::from_secs(60))
        .build()
        .unwrap();
    let report = org_root.audit().await.unwrap();
    let a = report.account(&id(111_111_111_111)).unwrap();
    // GetLoginProfile, ListAccessKeys, GetAccessKeyLastUsed, ListSigningCertificates, ListMFADevices.
    assert_eq!(a.sessions, 5);
    assert_eq!(
        memory.root_sessions_granted(RootTaskPolicy::AuditRootUserCredentials),
        5
    );
}

#[tokio::test]
async fn bad_input_is_refused_before_any_call() {
    let memory = InMemory::builder().organization(tree()).build();
    let aws = Aws::in_memory(memory.clone());
    let builder = || OrgRoot::builder(aws.clone(), Arc::new(memory.clone()));
    assert_eq!(
        builder().session_seconds(901).build().unwrap_err().field(),
        "session_seconds"
    );
    assert_eq!(
        builder().concurrency(0).build().unwrap_err().field(),
        "concurrency"
    );
    assert_eq!(builder().sts_rate(0).build().unwrap_err().field(), "sts_rate");
    assert_eq!(
        CredentialKind::parse_list("login-profile,nope")
            .unwrap_err()
            .field(),
        "fix"
    );
    assert_eq!(
        CredentialKind::parse_list("login-profile, access-keys").unwrap(),
        [CredentialKind::LoginProfile, CredentialKind::AccessKeys]
    );
    let org_root = builder().build().unwrap();
    assert!(matches!(
        org_root.plan_removal(&[]).await.unwrap_err(),
        Error::Validation(_)
    ));
    assert_eq!(aws.calls().total(), 0);
}

const SPEC_SECTION: &str = r#"
[org_root]
accounts = { organization = true, except = ["555555555555"] }
enable = true
remove = ["login-profile", "access-keys"]
"#;

#[test]
fn the_spec_section_loads_from_toml_and_json_and_round_trips() {
    let spec = iam_bootstrap::Bootstrap::from_toml_str(SPEC_SECTION).unwrap();
    let section = spec.org_root.as_ref().unwrap();
    assert!(section.enable());
    assert_eq!(
        section.remove(),
        [CredentialKind::LoginProfile, CredentialKind::AccessKeys]
    );
    assert_eq!(
        section.accounts().unwrap().to_string(),
        "the organization except 555555555555"
    );
    let json = serde_json::to_string(&spec).unwrap();
    assert_eq!(iam_bootstrap::Bootstrap::from_json_str(&json).unwrap(), spec);
    let toml = spec.to_toml_string().unwrap();
    assert_eq!(iam_bootstrap::Bootstrap::from_toml_str(&toml).unwrap(), spec);
    let json = r#"{"org_root": {"accounts": {"ou": "Root/Workloads"}}}"#;
    let audit_only = iam_bootstrap::Bootstrap::from_json_str(json).unwrap();
    let section = audit_only.org_root.unwrap();
    assert!(!section.enable() && section.remove().is_empty());
}

#[tokio::test]
async fn the_spec_section_enables_removes_and_converges() {
    let memory = InMemory::builder().organization(tree()).build();
    let aws = Aws::in_memory(memory.clone());
    let spec = iam_bootstrap::Bootstrap::from_toml_str(SPEC_SECTION).unwrap();
    // The shared plan leaves the section out; its own plan starts with enabling.
    assert!(spec.plan(&aws).await.unwrap().is_empty());
    let plan = spec.plan_org_root(&aws).await.unwrap().unwrap();
    assert_eq!(plan.enable.as_ref().unwrap().steps.len(), 3);
    assert!(plan.removal.is_none() && plan.report.is_none(), "{plan}");
    assert!(!plan.is_empty());
    assert_eq!(
        memory.root_sessions_granted(RootTaskPolicy::AuditRootUserCredentials),
        0
    );

    // Applying enables, then plans and applies the removals the enabling made possible.
    let outcome = spec.apply_org_root(&aws, &plan).await.unwrap();
    assert_eq!(outcome.enabled.len(), 3);
    let removal = outcome.removal.as_ref().unwrap();
    assert!(removal.all_done(), "{outcome}");
    let a = memory.member_root(&id(111_111_111_111));
    assert!(!a.has_password() && a.access_keys().is_empty());
    assert_eq!(a.signing_certificates().len(), 1, "not opted into");
    assert!(!memory.member_root(&id(333_333_333_333)).has_password());

    // Converged: the plan is empty and applying it writes nothing.
    let deletes = memory.root_sessions_granted(RootTaskPolicy::DeleteRootUserCredentials);
    let again = spec.plan_org_root(&aws).await.unwrap().unwrap();
    assert!(again.is_empty(), "{again}");
    assert!(again.enable.as_ref().unwrap().is_empty());
    let before = aws.calls().writes();
    let outcome = spec.apply_org_root(&aws, &again).await.unwrap();
    assert!(outcome.is_empty(), "{outcome}");
    assert_eq!(aws.calls().writes(), before);
    assert_eq!(
        memory.root_sessions_granted(RootTaskPolicy::DeleteRootUserCredentials),
        deletes
    );
}

#[tokio::test]
async fn an_audit_only_spec_section_reports_and_writes_nothing() {
    let (memory, _) = enabled().await;
    let aws = Aws::in_memory(memory.clone());
    let spec =
        iam_bootstrap::Bootstrap::from_toml_str("[org_root]\naccounts = { ou = \"Root/Workloads\" }\n")
            .unwrap();
    let plan = spec.plan_org_root(&aws).await.unwrap().unwrap();
    assert!(plan.is_empty() && plan.enable.is_none() && plan.removal.is_none());
    let report = plan.report.as_ref().unwrap();
    let audited: Vec<&str> = report.accounts.iter().map(|a| a.account.as_str()).collect();
    assert_eq!(audited, ["111111111111", "222222222222"]);
    assert!(spec.apply_org_root(&aws, &plan).await.unwrap().is_empty());
    assert!(memory.member_root(&id(111_111_111_111)).has_password());
    assert_eq!(
        memory.root_sessions_granted(RootTaskPolicy::DeleteRootUserCredentials),
        0
    );
    // A spec without the section plans nothing for it.
    let none = iam_bootstrap::Bootstrap::from_toml_str("").unwrap();
    assert!(none.plan_org_root(&aws).await.unwrap().is_none());
}
