//! The Access Analyzer recipes against the in-memory account (the offline peer: moto has no
//! Access Analyzer) and against mocks for the faults the in-memory account does not make.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::client::memory::ActivityEvent;
use crate::client::{GeneratedPolicyResult, JobStatus, MockAccessAnalyzerApi};
use crate::error::{Error, PreconditionReason};
use crate::names::{Arn, RoleName};
use crate::policy::{LintCode, PolicyContext, PolicyDocument};
use crate::roles::{RoleSpec, Trust};
use crate::{Aws, InMemory};

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:123456789012:trail/management";
const READER: &str = "arn:aws:iam::123456789012:role/access-analyzer-trail-reader";

fn days_ago(days: i64) -> Timestamp {
    Timestamp::now() - SignedDuration::from_hours(24 * days)
}

fn deployer(actions: &[&str]) -> RoleSpec {
    RoleSpec::builder("ci-deployer")
        .trust(Trust::service("codebuild.amazonaws.com"))
        .inline_policy("deploy", PolicyDocument::allow(actions.iter().copied(), ["*"]))
        .allow_security_warnings(true)
        .build()
        .unwrap()
}

/// An account holding `ci-deployer` (S3, CloudFormation and EC2 reads) with 30 days of
/// activity that used S3 and CloudFormation only.
async fn seeded() -> (Aws, InMemory, RoleName) {
    let account = InMemory::new();
    let aws = Aws::in_memory(account.clone());
    let spec = deployer(&["s3:*", "cloudformation:*", "ec2:Describe*"]);
    spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let role = aws.iam().get_role(spec.name()).await.unwrap().unwrap();
    let arn = Arn::new(role.arn).unwrap();
    account.add_trail(&Arn::new(TRAIL).unwrap());
    account.record_activity(
        &arn,
        [
            ActivityEvent::new("s3:PutObject", days_ago(5)).on("arn:aws:s3:::${BucketName}/${ObjectName}"),
            ActivityEvent::new("cloudformation:UpdateStack", days_ago(4))
                .on("arn:aws:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}"),
            ActivityEvent::new("cloudformation:DescribeStacks", days_ago(4)),
        ],
    );
    (aws, account, spec.name().clone())
}

#[tokio::test]
async fn validation_labels_findings_by_source() {
    let aws = Aws::in_memory(InMemory::new());
    let doc = PolicyDocument::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","s3:GetObject","s3:getobject"],"Resource":"*"}]}"#,
    )
    .unwrap();
    let report = validate_policy(&aws, &doc, PolicyContext::Identity)
        .await
        .unwrap();
    assert!(!report.has_errors());
    let pass_role = report
        .findings
        .iter()
        .find(|f| f.lint_code == Some(LintCode::PassRoleOnAllResources))
        .unwrap();
    assert_eq!(pass_role.source, FindingSource::Both);
    assert_eq!(
        pass_role.issue_code.as_deref(),
        Some("PASS_ROLE_WITH_STAR_IN_RESOURCE")
    );
    // The in-memory peer runs the same lint: nothing is reported by one side only.
    assert_eq!(report.from_source(FindingSource::Offline).count(), 0);
    assert_eq!(report.from_source(FindingSource::AccessAnalyzer).count(), 0);
}

#[tokio::test]
async fn validation_keeps_what_only_aws_reports() {
    let mut analyzer = MockAccessAnalyzerApi::new();
    analyzer.expect_validate_policy().returning(|input| {
        assert_eq!(
            input.policy_type,
            crate::client::AnalyzerPolicyType::ResourcePolicy
        );
        Ok(vec![crate::client::PolicyValidationFinding {
            severity: crate::policy::LintSeverity::SecurityWarning,
            issue_code: "TRUST_POLICY_LOOKS_ODD".into(),
            details: "from AWS".into(),
            learn_more: "link".into(),
            statement: Some(0),
            path: Some("Statement[0]".into()),
        }])
    });
    let aws = Aws::in_memory(InMemory::new()).with_access_analyzer(Arc::new(analyzer));
    let trust =
        Trust::service("lambda.amazonaws.com").render(&crate::names::AccountId::new("123456789012").unwrap());
    let report = validate_policy(&aws, &trust, PolicyContext::Trust).await.unwrap();
    let only_aws: Vec<_> = report.from_source(FindingSource::AccessAnalyzer).collect();
    assert_eq!(only_aws.len(), 1);
    assert_eq!(only_aws[0].message, "from AWS");
}

#[tokio::test]
async fn gates_refuse_new_access_and_forbidden_actions_before_any_write() {
    let (aws, account, _) = seeded().await;
    let before = account.inventory();
    let wider = deployer(&["s3:*", "cloudformation:*", "ec2:Describe*", "iam:PassRole"]);
    let err = AccessGates::new()
        .no_new_access()
        .plan(&wider, &aws)
        .await
        .unwrap_err();
    match &err {
        Error::Precondition {
            reason: PreconditionReason::AccessCheckFailed { role, check },
            problem,
            ..
        } => {
            assert_eq!((role.as_str(), *check), ("ci-deployer", "no_new_access"));
            assert!(problem.contains("iam:PassRole"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    // Allowed after review: it plans (and says what was new).
    let gates = AccessGates::new().no_new_access().allow_new_access(true);
    let report = gates.check(&wider, &aws).await.unwrap();
    assert!(!report.no_new_access.unwrap().passes);
    assert!(!gates.plan(&wider, &aws).await.unwrap().changes.is_empty());
    // A narrower change passes the gate.
    let narrower = deployer(&["s3:*"]);
    AccessGates::new()
        .no_new_access()
        .plan(&narrower, &aws)
        .await
        .unwrap();
    let err = AccessGates::new()
        .deny_access(["iam:PassRole"], Vec::<String>::new())
        .plan(&wider, &aws)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::AccessCheckFailed {
                    check: "access_not_granted",
                    ..
                },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(account.inventory(), before, "nothing was written");
}

#[tokio::test]
async fn a_public_trust_policy_fails_its_gate() {
    let aws = Aws::in_memory(InMemory::new());
    let open = PolicyDocument::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#,
    )
    .unwrap();
    let spec = RoleSpec::builder("open")
        .trust(Trust::custom(open))
        .allow_security_warnings(true)
        .build()
        .unwrap();
    let err = AccessGates::new()
        .no_public_trust()
        .check(&spec, &aws)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::AccessCheckFailed {
                    check: "no_public_access",
                    ..
                },
                ..
            }
        ),
        "{err:?}"
    );
    let closed = deployer(&["s3:GetObject"]);
    let report = AccessGates::new()
        .no_public_trust()
        .check(&closed, &aws)
        .await
        .unwrap();
    assert!(report.no_public_trust.unwrap().passes);
}

#[tokio::test]
async fn generation_proposes_a_checked_narrowing_with_placeholders_marked() {
    let (aws, account, role) = seeded().await;
    account.set_analysis_job_polls(2);
    let request = GenerationRequest::last_days(
        role.clone(),
        Arn::new(TRAIL).unwrap(),
        Arn::new(READER).unwrap(),
        30,
    )
    .unwrap();
    let generated = generate_policy(&aws, &request).await.unwrap();
    let names: Vec<&str> = generated
        .placeholders
        .iter()
        .flat_map(|p| p.names.iter().map(String::as_str))
        .collect();
    assert!(
        names.contains(&"BucketName") && names.contains(&"StackName"),
        "{names:?}"
    );
    let proposal = propose(&aws, &generated).await.unwrap();
    assert!(
        proposal
            .summary
            .starts_with("tighten role ci-deployer to what it used between ")
    );
    assert!(proposal.narrower, "the evaluator finds no new access");
    assert!(
        proposal.removed_actions.contains(&"ec2:Describe*".to_owned()),
        "{:?}",
        proposal.removed_actions
    );
    assert!(
        !proposal
            .findings
            .iter()
            .any(|f| f.code == LintCode::InvalidPolicy),
        "{:?}",
        proposal.findings
    );
}

#[tokio::test]
async fn failed_and_cancelled_jobs_are_typed_with_aws_reason() {
    let (aws, _, role) = seeded().await;
    let missing = "arn:aws:cloudtrail:us-east-1:123456789012:trail/gone";
    let request = GenerationRequest::last_days(
        role.clone(),
        Arn::new(missing).unwrap(),
        Arn::new(READER).unwrap(),
        30,
    )
    .unwrap();
    match generate_policy(&aws, &request).await.unwrap_err() {
        Error::AsyncFailed { reason, .. } => {
            assert!(reason.starts_with("RESOURCE_NOT_FOUND_ERROR: "), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let mut analyzer = MockAccessAnalyzerApi::new();
    analyzer
        .expect_start_policy_generation()
        .returning(|_| Ok("job-9".into()));
    analyzer.expect_get_generated_policy().returning(|_| {
        Ok(GeneratedPolicyResult {
            status: JobStatus::Canceled,
            policies: vec![],
            trail_complete: true,
        })
    });
    let aws = aws.with_access_analyzer(Arc::new(analyzer));
    let request =
        GenerationRequest::last_days(role, Arn::new(TRAIL).unwrap(), Arn::new(READER).unwrap(), 30).unwrap();
    match generate_policy(&aws, &request).await.unwrap_err() {
        Error::AsyncFailed {
            request_id, reason, ..
        } => {
            assert_eq!(request_id, "job-9");
            assert!(reason.starts_with("CANCELED"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_job_that_never_ends_times_out_and_is_cancelled() {
    let (aws, _, role) = seeded().await;
    let mut analyzer = MockAccessAnalyzerApi::new();
    analyzer
        .expect_start_policy_generation()
        .returning(|_| Ok("job-slow".into()));
    analyzer.expect_get_generated_policy().returning(|_| {
        Ok(GeneratedPolicyResult {
            status: JobStatus::InProgress,
            policies: vec![],
            trail_complete: true,
        })
    });
    analyzer
        .expect_cancel_policy_generation()
        .withf(|job| job == "job-slow")
        .times(1)
        .returning(|_| Ok(()));
    let aws = aws.with_access_analyzer(Arc::new(analyzer));
    let request =
        GenerationRequest::last_days(role, Arn::new(TRAIL).unwrap(), Arn::new(READER).unwrap(), 30).unwrap();
    let err = generate_policy(&aws, &request).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[test]
fn requests_are_checked_before_any_call() {
    let role = RoleName::new("r").unwrap();
    let trail = Arn::new(TRAIL).unwrap();
    let reader = Arn::new(READER).unwrap();
    let now = Timestamp::now();
    let err = GenerationRequest::new(role.clone(), trail.clone(), reader.clone(), now, now).unwrap_err();
    assert_eq!(err.field(), "end");
    let err = GenerationRequest::last_days(role.clone(), trail.clone(), reader.clone(), 91).unwrap_err();
    assert_eq!(err.field(), "start");
    let err = GenerationRequest::last_days(role.clone(), reader.clone(), reader.clone(), 30).unwrap_err();
    assert_eq!(err.field(), "trail");
    let err = GenerationRequest::last_days(role, trail.clone(), trail, 30).unwrap_err();
    assert_eq!(err.field(), "access_role");
}

#[tokio::test]
async fn unused_services_become_findings_and_a_narrower_policy() {
    let (aws, _, role) = seeded().await;
    let unused = unused_access(&aws, &role, 90).await.unwrap();
    let services: Vec<(&str, Option<&str>)> = unused
        .findings
        .iter()
        .map(|f| (f.namespace.as_str(), f.action.as_deref()))
        .collect();
    assert_eq!(services, [("ec2", None)]);
    assert!(
        unused.findings[0]
            .message
            .contains("has not used Amazon EC2 (ec2) in 90 days")
    );
    let proposal = unused.proposal.unwrap();
    assert!(proposal.narrower);
    assert_eq!(proposal.removed_actions, ["ec2:Describe*"]);
    let kept = super::generate::named_actions(&proposal.proposed);
    assert_eq!(kept, ["cloudformation:*", "s3:*"]);
}

// Gates as part of a role spec: the spec's planning runs them (in-memory: moto has no
// Access Analyzer, so the in-memory backend is the offline peer).

fn gated(actions: &[&str], gates: AccessGates) -> RoleSpec {
    RoleSpec::builder("ci-deployer")
        .trust(Trust::service("codebuild.amazonaws.com"))
        .inline_policy("deploy", PolicyDocument::allow(actions.iter().copied(), ["*"]))
        .allow_security_warnings(true)
        .access_gates(gates)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_spec_with_gates_fails_planning_unless_it_allows_the_new_access() {
    let (aws, account, _) = seeded().await;
    let before = account.inventory();
    let wider = ["s3:*", "cloudformation:*", "ec2:Describe*", "iam:PassRole"];
    let err = gated(&wider, AccessGates::new().no_new_access())
        .plan(&aws)
        .await
        .unwrap_err();
    match &err {
        Error::Precondition {
            reason: PreconditionReason::AccessCheckFailed { role, check },
            problem,
            ..
        } => {
            assert_eq!((role.as_str(), *check), ("ci-deployer", "no_new_access"));
            // The checker's reason, as it put it.
            assert!(problem.contains("new access: iam:PassRole"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(account.inventory(), before, "nothing was written");

    // Allowed after review: it plans, and the plan says what the gate found.
    let allowed = gated(&wider, AccessGates::new().no_new_access().allow_new_access(true));
    let plan = allowed.plan(&aws).await.unwrap();
    assert!(!plan.is_empty());
    let finding = plan
        .findings
        .iter()
        .find(|f| f.id == "access-gate-no-new-access")
        .unwrap();
    assert_eq!(finding.status, crate::plan::FindingStatus::Fail);
    assert!(finding.evidence.contains("iam:PassRole"), "{}", finding.evidence);
    plan.apply(&aws).await.unwrap();

    // Converged: the gates pass (nothing new against what is deployed) and nothing is written.
    let strict = gated(
        &wider,
        AccessGates::new()
            .no_new_access()
            .deny_access(["iam:CreateUser"], Vec::<String>::new())
            .no_public_trust(),
    );
    let again = strict.plan(&aws).await.unwrap();
    assert!(again.is_empty(), "{again}");
    let passed: Vec<&str> = again
        .findings
        .iter()
        .filter(|f| f.status == crate::plan::FindingStatus::Pass)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        passed,
        [
            "access-gate-no-new-access",
            "access-gate-access-not-granted",
            "access-gate-no-public-trust"
        ]
    );
    // The same gate asked for twice (in the spec and around its plan) is reported once.
    let twice = AccessGates::new()
        .no_new_access()
        .plan(&strict, &aws)
        .await
        .unwrap();
    assert_eq!(twice.findings, again.findings);
    let outcome = again.apply(&aws).await.unwrap();
    assert_eq!(outcome.calls.writes(), 0);
}

#[tokio::test]
async fn a_spec_forbidding_access_fails_even_for_a_new_role() {
    let aws = Aws::in_memory(InMemory::new());
    let spec = gated(
        &["s3:GetObject", "iam:PassRole"],
        AccessGates::new()
            .deny_access(["s3:PutObject"], ["arn:aws:s3:::artifacts/*"])
            .deny_access(["iam:PassRole"], Vec::<String>::new()),
    );
    let err = spec.plan(&aws).await.unwrap_err();
    match &err {
        Error::Precondition {
            reason: PreconditionReason::AccessCheckFailed { role, check },
            problem,
            ..
        } => {
            assert_eq!((role.as_str(), *check), ("ci-deployer", "access_not_granted"));
            assert!(problem.contains("iam:PassRole"), "{problem}");
            assert!(
                !problem.contains("s3:PutObject"),
                "only the failing entry: {problem}"
            );
        }
        other => panic!("{other:?}"),
    }
    // A new role has nothing deployed to compare with: no_new_access does not block it.
    let fresh = gated(&["s3:GetObject"], AccessGates::new().no_new_access());
    assert!(!fresh.plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_public_trust_in_a_gated_spec_fails_planning() {
    let aws = Aws::in_memory(InMemory::new());
    let open = PolicyDocument::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#,
    )
    .unwrap();
    let spec = RoleSpec::builder("open")
        .trust(Trust::custom(open))
        .allow_security_warnings(true)
        .access_gates(AccessGates::new().no_public_trust())
        .build()
        .unwrap();
    let err = spec.plan(&aws).await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Precondition {
                reason: PreconditionReason::AccessCheckFailed {
                    check: "no_public_access",
                    ..
                },
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn bad_gate_input_is_refused_before_any_call() {
    // A mock with no expectations: any call would panic.
    let aws = Aws::in_memory(InMemory::new()).with_access_analyzer(Arc::new(MockAccessAnalyzerApi::new()));
    let spec = deployer(&["s3:GetObject"]);
    let bad = AccessGates::new().deny_access(["s3:GetObject"], ["not-an-arn"]);
    match bad.check(&spec, &aws).await.unwrap_err() {
        Error::Validation(e) => assert_eq!(e.field(), "access_gates.access_not_granted[0].resources[0]"),
        other => panic!("{other:?}"),
    }
    let err = RoleSpec::builder("ci-deployer")
        .trust(Trust::service("codebuild.amazonaws.com"))
        .access_gates(AccessGates::new().allow_new_access(true))
        .build()
        .unwrap_err();
    assert_eq!(err.field(), "access_gates.allow_new_access");
}

#[tokio::test]
async fn gates_load_from_a_spec_file_and_run_when_it_plans() {
    let toml = r#"
[[roles]]
name = "ci-deployer"
trust = { preset = "service", service = "codebuild.amazonaws.com" }
allow_security_warnings = true
inline_policies.deploy = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "iam:PassRole"], Resource = "*" }] }

[roles.access_gates]
no_new_access = true
no_public_trust = true
access_not_granted = [{ actions = ["iam:PassRole"] }, { actions = ["s3:PutObject"], resources = ["arn:aws:s3:::artifacts/*"] }]
"#;
    let spec = crate::Bootstrap::from_toml_str(toml).unwrap();
    let gates = spec.roles()[0].access_gates();
    assert!(gates.no_new_access && gates.no_public_trust && !gates.allow_new_access);
    assert_eq!(gates.access_not_granted.len(), 2);
    assert_eq!(
        gates.access_not_granted[1].resources,
        ["arn:aws:s3:::artifacts/*"]
    );
    // Round trip: the gates are written back out.
    let back = crate::Bootstrap::from_toml_str(&spec.to_toml_string().unwrap()).unwrap();
    assert_eq!(back.roles()[0].access_gates(), gates);
    let json = crate::Bootstrap::from_json_str(&serde_json::to_string(&spec).unwrap()).unwrap();
    assert_eq!(json.roles()[0].access_gates(), gates);

    let aws = Aws::in_memory(InMemory::new());
    match spec.plan(&aws).await.unwrap_err() {
        Error::Precondition {
            reason: PreconditionReason::AccessCheckFailed { role, check },
            ..
        } => assert_eq!((role.as_str(), check), ("ci-deployer", "access_not_granted")),
        other => panic!("{other:?}"),
    }

    // Bad gate input is a load error naming the field and its line.
    let bad = toml.replace(r#"actions = ["iam:PassRole"]"#, r#"actions = ["PassRole"]"#);
    let err = crate::Bootstrap::from_toml_str(&bad).unwrap_err();
    assert_eq!(
        err.field(),
        "roles[0].access_gates.access_not_granted[0].actions[0]"
    );
    let unknown = toml.replace("no_public_trust = true", "no_public_bucket = true");
    let err = crate::Bootstrap::from_toml_str(&unknown).unwrap_err();
    assert!(err.to_string().contains("no_public_bucket"), "{err}");
}

// Faults of the last-accessed report: every wait is bounded, and a failed report is typed
// with IAM's reason.

#[tokio::test(start_paused = true)]
async fn a_last_accessed_report_that_never_finishes_times_out() {
    let (aws, account, role) = seeded().await;
    account.set_analysis_job_polls(u32::MAX);
    let err = unused_access(&aws, &role, 90).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn a_failed_last_accessed_report_is_async_failed_with_iams_reason() {
    use crate::client::{MockIamApi, MockIdentityCenterApi, Role, ServiceLastAccessedReport};
    let mut iam = MockIamApi::new();
    iam.expect_get_role().returning(|name| {
        Ok(Some(Role {
            name: name.clone(),
            path: crate::names::IamPath::root(),
            arn: format!("arn:aws:iam::123456789012:role/{name}"),
            description: None,
            max_session_duration: 3600,
            assume_role_policy: "{}".into(),
            permissions_boundary: None,
            tags: Default::default(),
        }))
    });
    iam.expect_generate_service_last_accessed_details()
        .times(1)
        .returning(|_, _| Ok("la-7".into()));
    iam.expect_get_service_last_accessed_details()
        .withf(|job| job == "la-7")
        .times(1)
        .returning(|_| {
            Ok(ServiceLastAccessedReport {
                status: JobStatus::Failed {
                    code: "ServiceFailure".into(),
                    message: "try again later".into(),
                },
                services: vec![],
            })
        });
    let aws = Aws::new(Arc::new(iam), Arc::new(MockIdentityCenterApi::new()));
    let role = RoleName::new("ci-deployer").unwrap();
    match unused_access(&aws, &role, 90).await.unwrap_err() {
        Error::AsyncFailed {
            request_id, reason, ..
        } => {
            assert_eq!(request_id, "la-7");
            assert_eq!(reason, "ServiceFailure: try again later");
        }
        other => panic!("{other:?}"),
    }
}
