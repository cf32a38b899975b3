//! The Access Analyzer adapter (and IAM's last-accessed calls) against aws-smithy-mocks.
//!
//! moto has no Access Analyzer and no service-last-accessed reports, so these request-shape
//! tests are the SDK backend's only offline check; the in-memory backend is the offline
//! peer the rest of the suite runs against. They check what is sent (policy and resource
//! types, trail, access role and window, placeholders asked for, paging), how answers map
//! (severities, locations, job statuses with AWS's reason) and errors as the services send
//! them (restJson1 and awsQuery).

use aws_sdk_accessanalyzer::operation::check_access_not_granted::CheckAccessNotGrantedOutput;
use aws_sdk_accessanalyzer::operation::check_no_new_access::CheckNoNewAccessOutput;
use aws_sdk_accessanalyzer::operation::check_no_public_access::CheckNoPublicAccessOutput;
use aws_sdk_accessanalyzer::operation::get_generated_policy::GetGeneratedPolicyOutput;
use aws_sdk_accessanalyzer::operation::start_policy_generation::StartPolicyGenerationOutput;
use aws_sdk_accessanalyzer::operation::validate_policy::ValidatePolicyOutput;
use aws_sdk_accessanalyzer::types as sdk;
use aws_sdk_iam::operation::generate_service_last_accessed_details::GenerateServiceLastAccessedDetailsOutput;
use aws_sdk_iam::operation::get_service_last_accessed_details::GetServiceLastAccessedDetailsOutput;
use aws_smithy_mocks::{Rule, RuleMode, mock};

use crate::mock_sdk_client as mock_client;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::DateTime;
use aws_smithy_types::body::SdkBody;

use super::SdkBackend;
use crate::client::{
    AccessAnalyzerApi, AccessGranularity, AccessToCheck, AnalyzerPolicyType, AnalyzerResourceType, IamApi,
    JobStatus, Operation, PolicyGenerationRequest, PolicyValidationInput,
};
use crate::error::{Error, PreconditionReason, ResourceKind};
use crate::names::Arn;
use crate::policy::{LintSeverity, PolicyContext};

fn backend(analyzer: aws_sdk_accessanalyzer::Client) -> SdkBackend {
    let no_rules: [&Rule; 0] = [];
    SdkBackend::from_clients(
        mock_client!(aws_sdk_iam, no_rules),
        mock_client!(aws_sdk_sts, no_rules),
        mock_client!(aws_sdk_ssoadmin, no_rules),
        mock_client!(aws_sdk_identitystore, no_rules),
    )
    .with_access_analyzer_client(analyzer)
}

fn iam_backend(iam: aws_sdk_iam::Client) -> SdkBackend {
    let no_rules: [&Rule; 0] = [];
    SdkBackend::from_clients(
        iam,
        mock_client!(aws_sdk_sts, no_rules),
        mock_client!(aws_sdk_ssoadmin, no_rules),
        mock_client!(aws_sdk_identitystore, no_rules),
    )
}

/// An Access Analyzer error response (restJson1: the code in `x-amzn-errortype`).
fn error(status: u16, code: &'static str) -> HttpResponse {
    let mut response = HttpResponse::new(
        StatusCode::try_from(status).unwrap(),
        SdkBody::from(r#"{"message":"m"}"#),
    );
    response.headers_mut().insert("x-amzn-errortype", code);
    response.headers_mut().insert("content-type", "application/json");
    response
}

const DOC: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#;

fn finding(code: &str, kind: sdk::ValidatePolicyFindingType, statement: i32) -> sdk::ValidatePolicyFinding {
    let location = sdk::Location::builder()
        .path(sdk::PathElement::Value("Statement".into()))
        .path(sdk::PathElement::Index(statement))
        .path(sdk::PathElement::Value("Resource".into()))
        .build()
        .unwrap();
    sdk::ValidatePolicyFinding::builder()
        .finding_details("details")
        .finding_type(kind)
        .issue_code(code)
        .learn_more_link("https://example.com")
        .locations(location)
        .build()
        .unwrap()
}

#[tokio::test]
async fn validate_policy_sends_the_trust_type_and_reads_every_page() {
    let first = mock!(aws_sdk_accessanalyzer::Client::validate_policy)
        .match_requests(|r| {
            r.next_token().is_none()
                && r.policy_document() == Some(DOC)
                && r.policy_type() == Some(&sdk::PolicyType::ResourcePolicy)
                && r.validate_policy_resource_type() == Some(&sdk::ValidatePolicyResourceType::RoleTrust)
        })
        .then_output(|| {
            ValidatePolicyOutput::builder()
                .findings(finding(
                    "PASS_ROLE_WITH_STAR_IN_RESOURCE",
                    sdk::ValidatePolicyFindingType::SecurityWarning,
                    0,
                ))
                .next_token("t1")
                .build()
                .unwrap()
        });
    let second = mock!(aws_sdk_accessanalyzer::Client::validate_policy)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(|| {
            ValidatePolicyOutput::builder()
                .findings(finding(
                    "REDUNDANT_ACTION",
                    sdk::ValidatePolicyFindingType::Suggestion,
                    2,
                ))
                .build()
                .unwrap()
        });
    let client = mock_client!(aws_sdk_accessanalyzer, RuleMode::Sequential, [&first, &second]);
    let found = backend(client)
        .validate_policy(&PolicyValidationInput::for_context(DOC, PolicyContext::Trust))
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].severity, LintSeverity::SecurityWarning);
    assert_eq!(found[0].issue_code, "PASS_ROLE_WITH_STAR_IN_RESOURCE");
    assert_eq!(found[0].statement, Some(0));
    assert_eq!(found[0].path.as_deref(), Some("Statement[0].Resource"));
    assert_eq!(
        (found[1].severity, found[1].statement),
        (LintSeverity::Suggestion, Some(2))
    );
}

#[tokio::test]
async fn validate_policy_sends_identity_and_scp_types_without_a_resource_type() {
    let identity = mock!(aws_sdk_accessanalyzer::Client::validate_policy)
        .match_requests(|r| {
            r.policy_type() == Some(&sdk::PolicyType::IdentityPolicy)
                && r.validate_policy_resource_type().is_none()
        })
        .then_output(|| {
            ValidatePolicyOutput::builder()
                .set_findings(Some(vec![]))
                .build()
                .unwrap()
        });
    let scp = mock!(aws_sdk_accessanalyzer::Client::validate_policy)
        .match_requests(|r| r.policy_type() == Some(&sdk::PolicyType::ServiceControlPolicy))
        .then_output(|| {
            ValidatePolicyOutput::builder()
                .set_findings(Some(vec![]))
                .build()
                .unwrap()
        });
    let client = mock_client!(aws_sdk_accessanalyzer, RuleMode::Sequential, [&identity, &scp]);
    let sdk = backend(client);
    for context in [PolicyContext::PermissionsBoundary, PolicyContext::Scp] {
        let input = PolicyValidationInput::for_context(DOC, context);
        assert!(sdk.validate_policy(&input).await.unwrap().is_empty());
    }
    assert_eq!(identity.num_calls() + scp.num_calls(), 2);
}

#[tokio::test]
async fn custom_checks_send_documents_and_map_fail_reasons() {
    let new_access = mock!(aws_sdk_accessanalyzer::Client::check_no_new_access)
        .match_requests(|r| {
            r.new_policy_document() == Some("new")
                && r.existing_policy_document() == Some("old")
                && r.policy_type() == Some(&sdk::AccessCheckPolicyType::IdentityPolicy)
        })
        .then_output(|| {
            CheckNoNewAccessOutput::builder()
                .result(sdk::CheckNoNewAccessResult::Fail)
                .message("new access")
                .reasons(
                    sdk::ReasonSummary::builder()
                        .description("s3:PutObject")
                        .statement_index(1)
                        .build(),
                )
                .build()
        });
    let not_granted = mock!(aws_sdk_accessanalyzer::Client::check_access_not_granted)
        .match_requests(|r| {
            let access = r.access();
            access.len() == 1
                && access[0].actions() == ["iam:PassRole"]
                && access[0].resources().is_empty()
                && r.policy_type() == Some(&sdk::AccessCheckPolicyType::IdentityPolicy)
        })
        .then_output(|| {
            CheckAccessNotGrantedOutput::builder()
                .result(sdk::CheckAccessNotGrantedResult::Pass)
                .message("ok")
                .build()
        });
    let public = mock!(aws_sdk_accessanalyzer::Client::check_no_public_access)
        .match_requests(|r| r.resource_type() == Some(&sdk::AccessCheckResourceType::S3Bucket))
        .then_output(|| {
            CheckNoPublicAccessOutput::builder()
                .result(sdk::CheckNoPublicAccessResult::Fail)
                .build()
        });
    let client = mock_client!(aws_sdk_accessanalyzer, [&new_access, &not_granted, &public]);
    let sdk = backend(client);
    let out = sdk
        .check_no_new_access("new", "old", AnalyzerPolicyType::IdentityPolicy)
        .await
        .unwrap();
    assert!(!out.passes);
    assert_eq!(out.reasons[0].description, "s3:PutObject");
    assert_eq!(out.reasons[0].statement, Some(1));
    let access = [AccessToCheck {
        actions: vec!["iam:PassRole".into()],
        resources: vec![],
    }];
    let out = sdk
        .check_access_not_granted("doc", &access, AnalyzerPolicyType::IdentityPolicy)
        .await
        .unwrap();
    assert!(out.passes);
    let out = sdk
        .check_no_public_access("doc", AnalyzerResourceType::S3Bucket)
        .await
        .unwrap();
    assert!(!out.passes);
    // SCPs are refused before anything is sent.
    let err = sdk
        .check_no_new_access("new", "old", AnalyzerPolicyType::ServiceControlPolicy)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert_eq!(new_access.num_calls(), 1);
}

fn generation_request() -> PolicyGenerationRequest {
    PolicyGenerationRequest {
        principal_arn: Arn::new("arn:aws:iam::111122223333:role/ci-deployer").unwrap(),
        trail_arn: Arn::new("arn:aws:cloudtrail:us-east-1:111122223333:trail/org").unwrap(),
        access_role_arn: Arn::new("arn:aws:iam::111122223333:role/analyzer-trail-reader").unwrap(),
        regions: vec!["us-east-1".into()],
        start: jiff::Timestamp::from_second(1_700_000_000).unwrap(),
        end: jiff::Timestamp::from_second(1_702_592_000).unwrap(),
    }
}

#[tokio::test]
async fn policy_generation_sends_trail_role_and_window_and_asks_for_placeholders() {
    let start = mock!(aws_sdk_accessanalyzer::Client::start_policy_generation)
        .match_requests(|r| {
            let trail = r.cloud_trail_details().unwrap();
            r.policy_generation_details().unwrap().principal_arn()
                == "arn:aws:iam::111122223333:role/ci-deployer"
                && trail.access_role() == "arn:aws:iam::111122223333:role/analyzer-trail-reader"
                && trail.trails()[0].cloud_trail_arn()
                    == "arn:aws:cloudtrail:us-east-1:111122223333:trail/org"
                && trail.trails()[0].regions() == ["us-east-1"]
                && trail.trails()[0].all_regions() == Some(false)
                && trail.start_time().secs() == 1_700_000_000
                && trail.end_time().map(DateTime::secs) == Some(1_702_592_000)
        })
        .then_output(|| {
            StartPolicyGenerationOutput::builder()
                .job_id("job-1")
                .build()
                .unwrap()
        });
    let done = mock!(aws_sdk_accessanalyzer::Client::get_generated_policy)
        .match_requests(|r| {
            r.job_id() == Some("job-1")
                && r.include_resource_placeholders() == Some(true)
                && r.include_service_level_template() == Some(false)
        })
        .then_output(|| {
            let job = sdk::JobDetails::builder()
                .job_id("job-1")
                .status(sdk::JobStatus::Succeeded)
                .started_on(DateTime::from_secs(0))
                .build()
                .unwrap();
            let result = sdk::GeneratedPolicyResult::builder()
                .properties(
                    sdk::GeneratedPolicyProperties::builder()
                        .principal_arn("arn:aws:iam::111122223333:role/ci-deployer")
                        .is_complete(false)
                        .build()
                        .unwrap(),
                )
                .generated_policies(sdk::GeneratedPolicy::builder().policy("{}").build().unwrap())
                .build();
            GetGeneratedPolicyOutput::builder()
                .job_details(job)
                .generated_policy_result(result)
                .build()
        });
    let client = mock_client!(aws_sdk_accessanalyzer, [&start, &done]);
    let sdk = backend(client);
    let job = sdk.start_policy_generation(&generation_request()).await.unwrap();
    assert_eq!(job, "job-1");
    let result = sdk.get_generated_policy(&job).await.unwrap();
    assert_eq!(result.status, JobStatus::Succeeded);
    assert_eq!(result.policies, ["{}"]);
    assert!(!result.trail_complete);
}

#[tokio::test]
async fn a_failed_generation_keeps_aws_code_and_message() {
    let failed = mock!(aws_sdk_accessanalyzer::Client::get_generated_policy).then_output(|| {
        let job = sdk::JobDetails::builder()
            .job_id("job-2")
            .status(sdk::JobStatus::Failed)
            .started_on(DateTime::from_secs(0))
            .job_error(
                sdk::JobError::builder()
                    .code(sdk::JobErrorCode::AuthorizationError)
                    .message("cannot read the trail bucket")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        GetGeneratedPolicyOutput::builder().job_details(job).build()
    });
    let client = mock_client!(aws_sdk_accessanalyzer, [&failed]);
    let result = backend(client).get_generated_policy("job-2").await.unwrap();
    assert_eq!(
        result.status,
        JobStatus::Failed {
            code: "AUTHORIZATION_ERROR".into(),
            message: "cannot read the trail bucket".into()
        }
    );
}

#[tokio::test]
async fn access_analyzer_errors_are_typed() {
    let validation = mock!(aws_sdk_accessanalyzer::Client::validate_policy)
        .then_http_response(|| error(400, "ValidationException"));
    let denied = mock!(aws_sdk_accessanalyzer::Client::check_no_new_access)
        .then_http_response(|| error(403, "AccessDeniedException"));
    let missing = mock!(aws_sdk_accessanalyzer::Client::get_generated_policy)
        .then_http_response(|| error(404, "ResourceNotFoundException"));
    let quota = mock!(aws_sdk_accessanalyzer::Client::start_policy_generation)
        .then_http_response(|| error(402, "ServiceQuotaExceededException"));
    let client = mock_client!(aws_sdk_accessanalyzer, [&validation, &denied, &missing, &quota]);
    let sdk = backend(client);
    let input = PolicyValidationInput::for_context(DOC, PolicyContext::Identity);
    match sdk.validate_policy(&input).await.unwrap_err() {
        Error::Service { code, .. } => assert_eq!(code.as_deref(), Some("ValidationException")),
        other => panic!("{other:?}"),
    }
    let err = sdk
        .check_no_new_access("a", "b", AnalyzerPolicyType::IdentityPolicy)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::AccessDenied { .. }), "{err:?}");
    let err = sdk.get_generated_policy("nope").await.unwrap_err();
    assert_eq!(
        err.resource(),
        Some(&crate::Resource::new(ResourceKind::PolicyGenerationJob, "nope")),
        "{err:?}"
    );
    assert_eq!(err.operation(), Some(Operation::GetGeneratedPolicy), "{err:?}");
    let err = sdk
        .start_policy_generation(&generation_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::LimitExceeded { .. }), "{err:?}");
}

#[tokio::test]
async fn a_backend_without_the_client_is_a_precondition() {
    let no_rules: [&Rule; 0] = [];
    let sdk = SdkBackend::from_clients(
        mock_client!(aws_sdk_iam, no_rules),
        mock_client!(aws_sdk_sts, no_rules),
        mock_client!(aws_sdk_ssoadmin, no_rules),
        mock_client!(aws_sdk_identitystore, no_rules),
    );
    let err = sdk.get_generated_policy("job").await.unwrap_err();
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
}

fn last_accessed_page(
    marker: Option<&str>,
    service: &str,
    used: Option<i64>,
) -> GetServiceLastAccessedDetailsOutput {
    let action = aws_sdk_iam::types::TrackedActionLastAccessed::builder()
        .action_name("PutObject")
        .set_last_accessed_time(used.map(DateTime::from_secs))
        .build();
    GetServiceLastAccessedDetailsOutput::builder()
        .job_status(aws_sdk_iam::types::JobStatusType::Completed)
        .job_creation_date(DateTime::from_secs(0))
        .job_completion_date(DateTime::from_secs(1))
        .services_last_accessed(
            aws_sdk_iam::types::ServiceLastAccessed::builder()
                .service_name(format!("Amazon {service}"))
                .service_namespace(service)
                .set_last_authenticated(used.map(DateTime::from_secs))
                .tracked_actions_last_accessed(action)
                .build()
                .unwrap(),
        )
        .is_truncated(marker.is_some())
        .set_marker(marker.map(str::to_owned))
        .build()
        .unwrap()
}

#[tokio::test]
async fn last_accessed_sends_arn_and_granularity_and_follows_markers() {
    let generate = mock!(aws_sdk_iam::Client::generate_service_last_accessed_details)
        .match_requests(|r| {
            r.arn() == Some("arn:aws:iam::111122223333:role/ci-deployer")
                && r.granularity()
                    == Some(&aws_sdk_iam::types::AccessAdvisorUsageGranularityType::ActionLevel)
        })
        .then_output(|| {
            GenerateServiceLastAccessedDetailsOutput::builder()
                .job_id("la-1")
                .build()
        });
    let first = mock!(aws_sdk_iam::Client::get_service_last_accessed_details)
        .match_requests(|r| r.job_id() == Some("la-1") && r.marker().is_none())
        .then_output(|| last_accessed_page(Some("m1"), "s3", Some(1_700_000_000)));
    let second = mock!(aws_sdk_iam::Client::get_service_last_accessed_details)
        .match_requests(|r| r.marker() == Some("m1"))
        .then_output(|| last_accessed_page(None, "ec2", None));
    let client = mock_client!(aws_sdk_iam, RuleMode::Sequential, [&generate, &first, &second]);
    let sdk = iam_backend(client);
    let arn = Arn::new("arn:aws:iam::111122223333:role/ci-deployer").unwrap();
    let job = sdk
        .generate_service_last_accessed_details(&arn, AccessGranularity::ActionLevel)
        .await
        .unwrap();
    let report = sdk.get_service_last_accessed_details(&job).await.unwrap();
    assert_eq!(report.status, JobStatus::Succeeded);
    let namespaces: Vec<&str> = report.services.iter().map(|s| s.namespace.as_str()).collect();
    assert_eq!(namespaces, ["s3", "ec2"]);
    assert_eq!(
        report.services[0].last_authenticated.map(|t| t.as_second()),
        Some(1_700_000_000)
    );
    assert_eq!(report.services[0].tracked_actions[0].action, "PutObject");
    assert_eq!(report.services[1].last_authenticated, None);
}

#[tokio::test]
async fn a_failed_last_accessed_job_keeps_iams_error() {
    let failed = mock!(aws_sdk_iam::Client::get_service_last_accessed_details).then_output(|| {
        GetServiceLastAccessedDetailsOutput::builder()
            .job_status(aws_sdk_iam::types::JobStatusType::Failed)
            .job_creation_date(DateTime::from_secs(0))
            .job_completion_date(DateTime::from_secs(1))
            .set_services_last_accessed(Some(vec![]))
            .error(
                aws_sdk_iam::types::ErrorDetails::builder()
                    .code("ServiceFailure")
                    .message("try again")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    });
    let client = mock_client!(aws_sdk_iam, [&failed]);
    let report = iam_backend(client)
        .get_service_last_accessed_details("la-2")
        .await
        .unwrap();
    assert_eq!(
        report.status,
        JobStatus::Failed {
            code: "ServiceFailure".into(),
            message: "try again".into()
        }
    );
}

/// A role spec's gates through the SDK adapter (IAM in memory; moto has no Access Analyzer):
/// one `CheckAccessNotGranted` per access entry (AWS takes one per request), the identity
/// and trust policy types, and a failing answer's reason in the typed error.
#[tokio::test]
async fn a_gated_role_spec_sends_one_request_per_check_and_entry() {
    use crate::access_analyzer::AccessGates;
    use crate::roles::{RoleSpec, Trust};
    use crate::{Aws, InMemory};

    let spec = |gates: AccessGates| {
        RoleSpec::builder("reader")
            .trust(Trust::service("lambda.amazonaws.com"))
            .inline_policy(
                "read",
                crate::policy::PolicyDocument::allow(["s3:GetObject"], ["arn:aws:s3:::reports/*"]),
            )
            .access_gates(gates)
            .build()
            .unwrap()
    };
    let aws = Aws::in_memory(InMemory::new());
    spec(AccessGates::new())
        .plan(&aws)
        .await
        .unwrap()
        .apply(&aws)
        .await
        .unwrap();

    let new_access = mock!(aws_sdk_accessanalyzer::Client::check_no_new_access)
        .match_requests(|r| {
            r.policy_type() == Some(&sdk::AccessCheckPolicyType::IdentityPolicy)
                && r.new_policy_document()
                    .is_some_and(|d| d.contains("s3:GetObject"))
                && r.existing_policy_document()
                    .is_some_and(|d| d.contains("s3:GetObject"))
        })
        .then_output(|| {
            CheckNoNewAccessOutput::builder()
                .result(sdk::CheckNoNewAccessResult::Pass)
                .message("no new access")
                .build()
        });
    let pass_role = mock!(aws_sdk_accessanalyzer::Client::check_access_not_granted)
        .match_requests(|r| r.access().len() == 1 && r.access()[0].actions() == ["iam:PassRole"])
        .then_output(|| {
            CheckAccessNotGrantedOutput::builder()
                .result(sdk::CheckAccessNotGrantedResult::Pass)
                .message("ok")
                .build()
        });
    let put_object = mock!(aws_sdk_accessanalyzer::Client::check_access_not_granted)
        .match_requests(|r| {
            r.access().len() == 1
                && r.access()[0].actions() == ["s3:PutObject"]
                && r.access()[0].resources() == ["arn:aws:s3:::reports/*"]
        })
        .then_output(|| {
            CheckAccessNotGrantedOutput::builder()
                .result(sdk::CheckAccessNotGrantedResult::Fail)
                .message("grants")
                .reasons(
                    sdk::ReasonSummary::builder()
                        .description(
                            "One or more of the listed actions or resources in the statement with index: 0.",
                        )
                        .statement_index(0)
                        .build(),
                )
                .build()
        });
    let trust = mock!(aws_sdk_accessanalyzer::Client::check_no_public_access)
        .match_requests(|r| {
            r.resource_type() == Some(&sdk::AccessCheckResourceType::RoleTrust)
                && r.policy_document()
                    .is_some_and(|d| d.contains("lambda.amazonaws.com"))
        })
        .then_output(|| {
            CheckNoPublicAccessOutput::builder()
                .result(sdk::CheckNoPublicAccessResult::Pass)
                .message("not public")
                .build()
        });
    // MatchAny: each rule answers every request it matches.
    let client = mock_client!(
        aws_sdk_accessanalyzer,
        RuleMode::MatchAny,
        [&new_access, &pass_role, &put_object, &trust]
    );
    let aws = aws.with_access_analyzer(std::sync::Arc::new(backend(client)));

    let converged = spec(
        AccessGates::new()
            .no_new_access()
            .deny_access(["iam:PassRole"], Vec::<String>::new())
            .no_public_trust(),
    );
    assert!(converged.plan(&aws).await.unwrap().is_empty());

    let forbidden = spec(
        AccessGates::new()
            .no_new_access()
            .deny_access(["iam:PassRole"], Vec::<String>::new())
            .deny_access(["s3:PutObject"], ["arn:aws:s3:::reports/*"]),
    );
    match forbidden.plan(&aws).await.unwrap_err() {
        Error::Precondition {
            reason: PreconditionReason::AccessCheckFailed { role, check },
            problem,
            ..
        } => {
            assert_eq!((role.as_str(), check), ("reader", "access_not_granted"));
            assert!(problem.contains("statement with index: 0"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(new_access.num_calls(), 2);
    assert_eq!(pass_role.num_calls(), 2);
    assert_eq!((trust.num_calls(), put_object.num_calls()), (1, 1));
}

#[tokio::test]
async fn throttling_and_conflicts_from_access_analyzer_are_typed() {
    let throttled = mock!(aws_sdk_accessanalyzer::Client::check_access_not_granted)
        .then_http_response(|| error(429, "ThrottlingException"));
    let conflict = mock!(aws_sdk_accessanalyzer::Client::start_policy_generation)
        .then_http_response(|| error(409, "ConflictException"));
    let client = mock_client!(aws_sdk_accessanalyzer, [&throttled, &conflict]);
    let sdk = backend(client);
    let access = [AccessToCheck {
        actions: vec!["iam:PassRole".into()],
        resources: vec![],
    }];
    let err = sdk
        .check_access_not_granted("doc", &access, AnalyzerPolicyType::IdentityPolicy)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Throttled { .. }), "{err:?}");
    let err = sdk
        .start_policy_generation(&generation_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
}
