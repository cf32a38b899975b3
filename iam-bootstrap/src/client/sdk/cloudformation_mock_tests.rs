//! The CloudFormation adapter against aws-smithy-mocks, for what moto cannot answer:
//! request shapes (OU targets, operation preferences as counts or percentages), errors as
//! CloudFormation sends them (awsQuery: the code in an XML body), and drift detection,
//! which moto does not implement.

use aws_sdk_cloudformation::operation::create_stack_instances::CreateStackInstancesOutput;
use aws_sdk_cloudformation::operation::detect_stack_set_drift::DetectStackSetDriftOutput;
use aws_sdk_cloudformation::operation::list_stack_instance_resource_drifts::ListStackInstanceResourceDriftsOutput;
use aws_sdk_cloudformation::types as sdk;
use aws_smithy_mocks::{RuleMode, mock};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::SdkBackend;
use crate::client::{
    AccountShare, CloudFormationApi, InstancesRequest, OperationPreferences, ParentId, RegionConcurrency,
};
use crate::error::Error;
use crate::mock_sdk_client as mock_client;
use crate::names::{AccountId, OuId, Region, StackSetName, StackSetOperationId};

fn backend(cfn: aws_sdk_cloudformation::Client) -> SdkBackend {
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    SdkBackend::from_clients(
        mock_client!(aws_sdk_iam, no_rules),
        mock_client!(aws_sdk_sts, no_rules),
        mock_client!(aws_sdk_ssoadmin, no_rules),
        mock_client!(aws_sdk_identitystore, no_rules),
    )
    .with_cloudformation_client(cfn)
}

fn xml_error(status: u16, code: &str) -> HttpResponse {
    let body = format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>"
    );
    HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body))
}

fn name() -> StackSetName {
    StackSetName::new("org-roles").unwrap()
}

const OPERATION: &str = "0f4a9c1e-1b2c-4d5e-8f90-123456789abc";

fn request() -> InstancesRequest {
    let preferences = OperationPreferences {
        region_order: vec![Region::new("eu-west-1").unwrap()],
        region_concurrency: RegionConcurrency::Parallel,
        max_concurrent: AccountShare::Percentage(25),
        failure_tolerance: AccountShare::Count(2),
    };
    InstancesRequest::new(
        vec![ParentId::Ou(OuId::new("ou-ab12-cdef5678").unwrap())],
        vec![
            Region::new("us-east-1").unwrap(),
            Region::new("eu-west-1").unwrap(),
        ],
        preferences,
    )
}

#[tokio::test]
async fn instances_go_to_ous_with_the_preferences_as_given() {
    let rule = mock!(aws_sdk_cloudformation::Client::create_stack_instances)
        .match_requests(|r| {
            let targets = r.deployment_targets().map(|t| t.organizational_unit_ids().to_vec());
            let prefs = r.operation_preferences();
            r.stack_set_name() == Some("org-roles")
                && targets == Some(vec!["ou-ab12-cdef5678".to_owned()])
                && r.regions() == ["us-east-1", "eu-west-1"]
                // No account list: service-managed targets are OUs.
                && r.accounts().is_empty()
                && prefs.and_then(|p| p.max_concurrent_percentage()) == Some(25)
                && prefs.and_then(|p| p.max_concurrent_count()).is_none()
                && prefs.and_then(|p| p.failure_tolerance_count()) == Some(2)
                && prefs.and_then(|p| p.region_concurrency_type()) == Some(&sdk::RegionConcurrencyType::Parallel)
                && prefs.map(|p| p.region_order().to_vec()) == Some(vec!["eu-west-1".to_owned()])
        })
        .then_output(|| CreateStackInstancesOutput::builder().operation_id(OPERATION).build());
    let cfn = backend(mock_client!(aws_sdk_cloudformation, [&rule]));
    let id = cfn.create_stack_instances(&name(), &request()).await.unwrap();
    assert_eq!(id.as_str(), OPERATION);
}

#[tokio::test]
async fn a_running_operation_is_a_conflict_and_a_missing_set_is_none() {
    let busy = mock!(aws_sdk_cloudformation::Client::create_stack_instances)
        .then_http_response(|| xml_error(409, "OperationInProgressException"));
    let absent = mock!(aws_sdk_cloudformation::Client::describe_stack_set)
        .then_http_response(|| xml_error(404, "StackSetNotFoundException"));
    let cfn = backend(mock_client!(
        aws_sdk_cloudformation,
        RuleMode::MatchAny,
        [&busy, &absent]
    ));
    let err = cfn.create_stack_instances(&name(), &request()).await.unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(cfn.describe_stack_set(&name()).await.unwrap(), None);
}

#[tokio::test]
async fn drift_detection_and_drifted_resources_through_every_page() {
    let detect = mock!(aws_sdk_cloudformation::Client::detect_stack_set_drift)
        .match_requests(|r| r.stack_set_name() == Some("org-roles"))
        .then_output(|| {
            DetectStackSetDriftOutput::builder()
                .operation_id(OPERATION)
                .build()
        });
    let drift = |logical: &str| {
        sdk::StackInstanceResourceDriftsSummary::builder()
            .stack_id("arn:aws:cloudformation:us-east-1:222222222222:stack/s/1")
            .logical_resource_id(logical)
            .physical_resource_id("ci-deployer")
            .resource_type("AWS::IAM::Role")
            .stack_resource_drift_status(sdk::StackResourceDriftStatus::Modified)
            .timestamp(aws_smithy_types::DateTime::from_secs(0))
            .build()
    };
    let first = mock!(aws_sdk_cloudformation::Client::list_stack_instance_resource_drifts)
        .match_requests(|r| {
            r.next_token().is_none()
                && r.stack_instance_account() == Some("222222222222")
                && r.operation_id() == Some(OPERATION)
                && r.stack_instance_resource_drift_statuses()
                    == [
                        sdk::StackResourceDriftStatus::Modified,
                        sdk::StackResourceDriftStatus::Deleted,
                    ]
        })
        .then_output(move || {
            ListStackInstanceResourceDriftsOutput::builder()
                .summaries(drift("Role"))
                .next_token("t1")
                .build()
        });
    let second = mock!(aws_sdk_cloudformation::Client::list_stack_instance_resource_drifts)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(move || {
            ListStackInstanceResourceDriftsOutput::builder()
                .summaries(drift("Policy"))
                .build()
        });
    let cfn = backend(mock_client!(aws_sdk_cloudformation, [&detect, &first, &second]));
    let id = cfn
        .detect_stack_set_drift(&name(), &OperationPreferences::default())
        .await
        .unwrap();
    assert_eq!(id, StackSetOperationId::new(OPERATION).unwrap());
    let drifts = cfn
        .list_stack_instance_resource_drifts(
            &name(),
            &AccountId::new("222222222222").unwrap(),
            &Region::new("us-east-1").unwrap(),
            &id,
        )
        .await
        .unwrap();
    let logical: Vec<&str> = drifts.iter().map(|d| d.logical_id.as_str()).collect();
    assert_eq!(logical, ["Role", "Policy"]);
    assert_eq!(drifts[0].difference, "MODIFIED");
    assert_eq!(drifts[0].physical_id.as_deref(), Some("ci-deployer"));
}
