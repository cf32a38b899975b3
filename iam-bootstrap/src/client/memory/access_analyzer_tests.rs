//! The in-memory Access Analyzer and last-accessed reports: the offline peer the example and
//! the higher-level tests run against, since moto serves neither.

use jiff::{SignedDuration, Timestamp};

use super::{ActivityEvent, InMemory};
use crate::Aws;
use crate::client::{
    AccessAnalyzerApi, AccessGranularity, AccessToCheck, AnalyzerPolicyType, AnalyzerResourceType, IamApi,
    JobStatus, NewRole, Operation, PolicyGenerationRequest, PolicyValidationInput,
};
use crate::error::{Error, PreconditionReason, Resource, ResourceKind};
use crate::names::{Arn, IamPath, RoleName};
use crate::policy::{LintSeverity, PolicyContext};

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","ec2:DescribeInstances","cloudformation:*"],"Resource":"*"}]}"#;
const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:123456789012:trail/management";

fn days_ago(days: i64) -> Timestamp {
    Timestamp::now() - SignedDuration::from_hours(24 * days)
}

async fn account_with_role() -> (InMemory, Arn) {
    let account = InMemory::new();
    let name = RoleName::new("ci-deployer").unwrap();
    let role = account
        .create_role(&NewRole {
            name: name.clone(),
            path: IamPath::root(),
            description: None,
            max_session_duration: 3600,
            assume_role_policy: TRUST.into(),
            permissions_boundary: None,
            tags: Default::default(),
        })
        .await
        .unwrap();
    account.put_role_policy(&name, "deploy", POLICY).await.unwrap();
    let arn = Arn::new(role.arn).unwrap();
    account.add_trail(&Arn::new(TRAIL).unwrap());
    account.record_activity(
        &arn,
        [
            ActivityEvent::new("s3:PutObject", days_ago(3)).on("arn:aws:s3:::${BucketName}/${ObjectName}"),
            ActivityEvent::new("s3:GetObject", days_ago(2)).on("arn:aws:s3:::${BucketName}/${ObjectName}"),
            ActivityEvent::new("cloudformation:DescribeStacks", days_ago(1)),
            ActivityEvent::new("cloudformation:UpdateStack", days_ago(200)),
        ],
    );
    (account, arn)
}

fn request(principal: &Arn, trail: &str, days: i64) -> PolicyGenerationRequest {
    PolicyGenerationRequest {
        principal_arn: principal.clone(),
        trail_arn: Arn::new(trail).unwrap(),
        access_role_arn: Arn::new("arn:aws:iam::123456789012:role/trail-reader").unwrap(),
        regions: vec![],
        start: days_ago(days),
        end: Timestamp::now(),
    }
}

#[tokio::test]
async fn generation_reads_the_window_after_the_polls() {
    let (account, arn) = account_with_role().await;
    account.set_analysis_job_polls(1);
    let job = account
        .start_policy_generation(&request(&arn, TRAIL, 90))
        .await
        .unwrap();
    assert_eq!(
        account.get_generated_policy(&job).await.unwrap().status,
        JobStatus::InProgress
    );
    let done = account.get_generated_policy(&job).await.unwrap();
    assert_eq!(done.status, JobStatus::Succeeded);
    let doc: serde_json::Value = serde_json::from_str(&done.policies[0]).unwrap();
    let statements = doc["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 2, "{doc}");
    // UpdateStack was 200 days ago: outside the 90-day window.
    assert_eq!(
        statements[0]["Action"],
        serde_json::json!(["cloudformation:DescribeStacks"])
    );
    assert_eq!(statements[0]["Resource"], serde_json::json!(["*"]));
    assert_eq!(
        statements[1]["Action"],
        serde_json::json!(["s3:GetObject", "s3:PutObject"])
    );
    assert_eq!(
        statements[1]["Resource"],
        serde_json::json!(["arn:aws:s3:::${BucketName}/${ObjectName}"])
    );
}

#[tokio::test]
async fn an_unknown_trail_fails_the_job_with_aws_reason_and_cancel_stops_a_running_one() {
    let (account, arn) = account_with_role().await;
    let other = "arn:aws:cloudtrail:us-east-1:123456789012:trail/missing";
    let job = account
        .start_policy_generation(&request(&arn, other, 30))
        .await
        .unwrap();
    match account.get_generated_policy(&job).await.unwrap().status {
        JobStatus::Failed { code, message } => {
            assert_eq!(code, "RESOURCE_NOT_FOUND_ERROR");
            assert!(message.contains("trail/missing"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    account.set_analysis_job_polls(5);
    let job = account
        .start_policy_generation(&request(&arn, TRAIL, 30))
        .await
        .unwrap();
    account.cancel_policy_generation(&job).await.unwrap();
    assert_eq!(
        account.get_generated_policy(&job).await.unwrap().status,
        JobStatus::Canceled
    );
    let err = account.get_generated_policy("nope").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                resource: Resource {
                    kind: ResourceKind::PolicyGenerationJob,
                    ..
                },
                ..
            }
        ),
        "{err:?}"
    );
    let mut backwards = request(&arn, TRAIL, 30);
    backwards.end = backwards.start - SignedDuration::from_hours(1);
    let err = account.start_policy_generation(&backwards).await.unwrap_err();
    assert!(matches!(err, Error::Service { ref code, .. } if code.as_deref() == Some("ValidationException")));
}

#[tokio::test]
async fn last_accessed_lists_allowed_services_with_their_last_use() {
    let (account, arn) = account_with_role().await;
    let job = account
        .generate_service_last_accessed_details(&arn, AccessGranularity::ActionLevel)
        .await
        .unwrap();
    let report = account.get_service_last_accessed_details(&job).await.unwrap();
    assert_eq!(report.status, JobStatus::Succeeded);
    let names: Vec<&str> = report.services.iter().map(|s| s.namespace.as_str()).collect();
    assert_eq!(names, ["cloudformation", "ec2", "s3"]);
    let ec2 = &report.services[1];
    assert_eq!(ec2.last_authenticated, None, "never used");
    assert_eq!(ec2.tracked_actions[0].action, "DescribeInstances");
    let s3 = &report.services[2];
    assert!(s3.last_authenticated.is_some());
    let missing = Arn::new("arn:aws:iam::123456789012:role/none").unwrap();
    let err = account
        .generate_service_last_accessed_details(&missing, AccessGranularity::ServiceLevel)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn validation_answers_with_aws_issue_codes_where_they_agree() {
    let account = InMemory::new();
    let doc = r#"{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","iam:passrole"],"Resource":"*"}]}"#;
    let found = account
        .validate_policy(&PolicyValidationInput::for_context(doc, PolicyContext::Identity))
        .await
        .unwrap();
    let codes: Vec<&str> = found.iter().map(|f| f.issue_code.as_str()).collect();
    assert!(codes.contains(&"MISSING_VERSION"), "{codes:?}");
    assert!(codes.contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE"), "{codes:?}");
    assert!(codes.contains(&"REDUNDANT_ACTION"), "{codes:?}");
    let broken = account
        .validate_policy(&PolicyValidationInput::for_context("{", PolicyContext::Identity))
        .await
        .unwrap();
    assert_eq!((broken.len(), broken[0].severity), (1, LintSeverity::Error));
}

#[tokio::test]
async fn custom_checks_run_the_offline_evaluator() {
    let account = InMemory::new();
    let old =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let new = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}"#;
    let out = account
        .check_no_new_access(new, old, AnalyzerPolicyType::IdentityPolicy)
        .await
        .unwrap();
    assert!(!out.passes);
    assert!(out.reasons[0].description.contains("s3:PutObject"), "{out:?}");
    assert!(
        account
            .check_no_new_access(old, new, AnalyzerPolicyType::IdentityPolicy)
            .await
            .unwrap()
            .passes
    );
    let access = [AccessToCheck {
        actions: vec!["s3:PutObject".into()],
        resources: vec![],
    }];
    assert!(
        !account
            .check_access_not_granted(new, &access, AnalyzerPolicyType::IdentityPolicy)
            .await
            .unwrap()
            .passes
    );
    let public = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    let out = account
        .check_no_public_access(public, AnalyzerResourceType::S3Bucket)
        .await
        .unwrap();
    assert_eq!((out.passes, out.reasons.len()), (false, 1));
}

#[tokio::test]
async fn the_handle_layers_and_counts_access_analyzer_calls() {
    let aws = Aws::in_memory(InMemory::new());
    let input = PolicyValidationInput::for_context(POLICY, PolicyContext::Identity);
    aws.access_analyzer().validate_policy(&input).await.unwrap();
    assert_eq!(
        aws.calls()
            .by_operation
            .get(&Operation::ValidatePolicy)
            .map(|s| s.calls),
        Some(1)
    );
    let bare = Aws::for_tests(
        std::sync::Arc::new(InMemory::new()),
        std::sync::Arc::new(InMemory::new()),
    );
    let err = bare.access_analyzer().validate_policy(&input).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::NoAccessAnalyzerBackend,
                ..
            }
        ),
        "{err:?}"
    );
    let with = bare.with_access_analyzer(std::sync::Arc::new(InMemory::new()));
    assert!(with.access_analyzer().validate_policy(&input).await.is_ok());
}
