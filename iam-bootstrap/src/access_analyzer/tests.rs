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
    RoleSpec::builder()
        .name("ci-deployer")
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
            severity: crate::policy::Severity::SecurityWarning,
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
    let spec = RoleSpec::builder()
        .name("open")
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
