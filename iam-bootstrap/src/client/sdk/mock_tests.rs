//! The SDK adapter against aws-smithy-mocks: every error mapping goes through the real SDK
//! deserializers and retry machinery, with canned wire responses instead of a network.
//!
//! Errors are given as HTTP responses (status, body, headers as AWS sends them) rather than
//! as modeled error structs: a struct built with its builder carries no error code, which
//! no real response lacks, so it would test a case that cannot happen.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_sdk_iam::operation::get_role::GetRoleOutput;
use aws_sdk_ssoadmin::operation::create_account_assignment::CreateAccountAssignmentOutput;
use aws_sdk_ssoadmin::types::{AccountAssignmentOperationStatus, StatusValues};
use aws_smithy_mocks::{RuleMode, mock};

use crate::mock_sdk_client as mock_client;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::SdkBackend;
use crate::client::{
    AccountAssignment, AsyncState, BoundaryRef, IamApi, IdentityCenterApi, NewRole, Operation,
};
use crate::error::{Error, Resource, ResourceKind};
use crate::names::{AccountId, DirectoryGroupId, IamPath, InstanceArn, PermissionSetArn, RoleName};

fn backend(iam: aws_sdk_iam::Client, sso: aws_sdk_ssoadmin::Client) -> SdkBackend {
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    SdkBackend::from_clients(
        iam,
        mock_client!(aws_sdk_sts, no_rules),
        sso,
        mock_client!(aws_sdk_identitystore, no_rules),
    )
}

fn no_sso() -> aws_sdk_ssoadmin::Client {
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    mock_client!(aws_sdk_ssoadmin, no_rules)
}

fn role_name() -> RoleName {
    RoleName::new("deployer").unwrap()
}

#[tokio::test]
async fn no_such_entity_is_none() {
    let rule =
        mock!(aws_sdk_iam::Client::get_role).then_http_response(|| xml_error(404, Some("NoSuchEntity")));
    let sdk = backend(mock_client!(aws_sdk_iam, [&rule]), no_sso());
    assert_eq!(sdk.get_role(&role_name()).await.unwrap(), None);
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn missing_password_policy_is_none() {
    let rule = mock!(aws_sdk_iam::Client::get_account_password_policy)
        .then_http_response(|| xml_error(404, Some("NoSuchEntity")));
    let sdk = backend(mock_client!(aws_sdk_iam, [&rule]), no_sso());
    assert_eq!(sdk.get_password_policy().await.unwrap(), None);
}

#[tokio::test]
async fn entity_already_exists_is_already_exists() {
    let rule = mock!(aws_sdk_iam::Client::create_role)
        .then_http_response(|| xml_error(409, Some("EntityAlreadyExists")));
    let sdk = backend(mock_client!(aws_sdk_iam, [&rule]), no_sso());
    let role = NewRole {
        name: role_name(),
        path: IamPath::root(),
        description: None,
        max_session_duration: 3600,
        assume_role_policy: "{}".into(),
        permissions_boundary: None,
        tags: Default::default(),
    };
    let err = sdk.create_role(&role).await.unwrap_err();
    match &err {
        Error::AlreadyExists {
            operation, resource, ..
        } => {
            assert_eq!(*operation, Some(Operation::CreateRole));
            assert_eq!(*resource, Resource::new(ResourceKind::Role, "deployer"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "role `deployer` already exists calling iam:CreateRole"
    );
}

fn xml_error(status: u16, code: Option<&str>) -> HttpResponse {
    let body = match code {
        Some(code) => format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>"
        ),
        None => String::new(),
    };
    HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body))
}

#[tokio::test]
async fn a_bare_403_is_access_denied() {
    // moto answers some refusals with 403 and no error code in the body.
    let rule = mock!(aws_sdk_iam::Client::get_role).then_http_response(|| xml_error(403, None));
    let sdk = backend(mock_client!(aws_sdk_iam, [&rule]), no_sso());
    let err = sdk.get_role(&role_name()).await.unwrap_err();
    match &err {
        Error::AccessDenied {
            operation, resource, ..
        } => {
            assert_eq!(operation.to_string(), "iam:GetRole");
            assert_eq!(*resource, Some(Resource::new(ResourceKind::Role, "deployer")));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "access denied calling iam:GetRole on role `deployer`"
    );
    assert_eq!(err.operation(), Some(Operation::GetRole));
}

#[tokio::test]
async fn unmodelled_codes_keep_their_code() {
    let rule = mock!(aws_sdk_iam::Client::get_role)
        .then_http_response(|| xml_error(400, Some("MalformedPolicyDocument")));
    let sdk = backend(mock_client!(aws_sdk_iam, [&rule]), no_sso());
    match sdk.get_role(&role_name()).await {
        Err(Error::Service { code, .. }) => assert_eq!(code.as_deref(), Some("MalformedPolicyDocument")),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn throttling_is_retried_by_the_sdk_then_surfaces_as_throttled() {
    let rule = mock!(aws_sdk_iam::Client::get_role)
        .sequence()
        .http_response(|| xml_error(400, Some("Throttling")))
        .times(3)
        .build();
    let iam = mock_client!(aws_sdk_iam, RuleMode::Sequential, [&rule], |c| c.retry_config(
        RetryConfig::standard()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1))
    ));
    let sdk = backend(iam, no_sso());
    assert!(matches!(
        sdk.get_role(&role_name()).await,
        Err(Error::Throttled { .. })
    ));
    assert_eq!(rule.num_calls(), 3, "the SDK's retry strategy made every attempt");
}

#[tokio::test]
async fn trust_policies_are_url_decoded() {
    let rule = mock!(aws_sdk_iam::Client::get_role).then_output(|| {
        GetRoleOutput::builder()
            .role(
                aws_sdk_iam::types::Role::builder()
                    .role_name("deployer")
                    .path("/")
                    .role_id("AROA1")
                    .arn("arn:aws:iam::123456789012:role/deployer")
                    .create_date(aws_smithy_types::DateTime::from_secs(0))
                    .assume_role_policy_document(
                        "%7B%22Version%22%3A%222012-10-17%22%2C%22x%22%3A%22a%2Bb%20c%22%7D",
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let sdk = backend(mock_client!(aws_sdk_iam, [&rule]), no_sso());
    let role = sdk.get_role(&role_name()).await.unwrap().unwrap();
    assert_eq!(role.assume_role_policy, r#"{"Version":"2012-10-17","x":"a+b c"}"#);
}

/// What Identity Center sends for a conflict (awsJson 1.1: the code in `x-amzn-errortype`).
fn conflict() -> HttpResponse {
    let mut response = HttpResponse::new(
        StatusCode::try_from(409).unwrap(),
        SdkBody::from(r#"{"message":"busy"}"#),
    );
    response
        .headers_mut()
        .insert("x-amzn-errortype", "ConflictException");
    response
        .headers_mut()
        .insert("content-type", "application/x-amz-json-1.1");
    response
}

fn assignment() -> AccountAssignment {
    AccountAssignment {
        account_id: AccountId::new("111122223333").unwrap(),
        permission_set_arn: set(),
        principal: DirectoryGroupId::new("0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d")
            .unwrap()
            .into(),
    }
}

#[tokio::test]
async fn sso_admin_conflicts_are_retried_by_the_sdk() {
    // Identity Center answers ConflictException while another change is in flight; the
    // library's retry classifier makes the SDK retry it like throttling.
    let rule = mock!(aws_sdk_ssoadmin::Client::create_account_assignment)
        .sequence()
        .http_response(conflict)
        .times(2)
        .output(|| {
            CreateAccountAssignmentOutput::builder()
                .account_assignment_creation_status(
                    AccountAssignmentOperationStatus::builder()
                        .request_id("req-1")
                        .status(StatusValues::InProgress)
                        .build(),
                )
                .build()
        })
        .build();
    let sso = mock_client!(aws_sdk_ssoadmin, RuleMode::Sequential, [&rule], |c| {
        SdkBackend::sso_admin_config(
            c.retry_config(
                RetryConfig::standard()
                    .with_max_attempts(4)
                    .with_initial_backoff(Duration::from_millis(1)),
            ),
        )
    });
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    let sdk = backend(mock_client!(aws_sdk_iam, no_rules), sso);
    let status = sdk
        .create_account_assignment(&instance(), &assignment())
        .await
        .unwrap();
    assert_eq!(status.state, AsyncState::InProgress);
    assert_eq!(status.request_id, "req-1");
    assert_eq!(rule.num_calls(), 3);
}

#[tokio::test]
async fn without_the_classifier_a_conflict_surfaces_at_once() {
    let rule = mock!(aws_sdk_ssoadmin::Client::create_account_assignment).then_http_response(conflict);
    let sso = mock_client!(aws_sdk_ssoadmin, RuleMode::Sequential, [&rule], |c| c
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(1))
        ));
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    let sdk = backend(mock_client!(aws_sdk_iam, no_rules), sso);
    let result = sdk.create_account_assignment(&instance(), &assignment()).await;
    assert!(matches!(result, Err(Error::Conflict { .. })), "{result:?}");
    assert_eq!(rule.num_calls(), 1);
}

/// An Identity Center (awsJson 1.1) error: the code in `x-amzn-errortype`.
fn sso_error(status: u16, code: &str) -> HttpResponse {
    let mut response = HttpResponse::new(
        StatusCode::try_from(status).unwrap(),
        SdkBody::from(r#"{"message":"m"}"#),
    );
    response.headers_mut().insert("x-amzn-errortype", code.to_owned());
    response
        .headers_mut()
        .insert("content-type", "application/x-amz-json-1.1");
    response
}

const INSTANCE: &str = "arn:aws:sso:::instance/ssoins-0000000000000001";
const SET: &str = "arn:aws:sso:::permissionSet/ssoins-0000000000000001/ps-0000000000000001";
const SET_2: &str = "arn:aws:sso:::permissionSet/ssoins-0000000000000001/ps-0000000000000002";

fn instance() -> InstanceArn {
    INSTANCE.parse().unwrap()
}

fn set() -> PermissionSetArn {
    SET.parse().unwrap()
}

fn sso_backend(rules: &[&aws_smithy_mocks::Rule]) -> SdkBackend {
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    let sso = mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, rules);
    backend(mock_client!(aws_sdk_iam, no_rules), sso)
}

#[tokio::test]
async fn untag_resource_sends_the_instance_the_set_and_every_key() {
    let rule = mock!(aws_sdk_ssoadmin::Client::untag_resource)
        .match_requests(|req| {
            req.instance_arn() == Some(INSTANCE)
                && req.resource_arn() == Some(SET)
                && req.tag_keys() == ["cost-center", "owner"]
        })
        .then_output(|| aws_sdk_ssoadmin::operation::untag_resource::UntagResourceOutput::builder().build());
    let sdk = sso_backend(&[&rule]);
    sdk.untag_resource(
        &instance(),
        &set(),
        &["cost-center".to_owned(), "owner".to_owned()],
    )
    .await
    .unwrap();
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn a_set_without_a_boundary_reads_as_none() {
    // Every plan of an existing set now reads its boundary; AWS answers a set without one
    // with ResourceNotFoundException, which must read as "no boundary", not fail the plan.
    let rule = mock!(aws_sdk_ssoadmin::Client::get_permissions_boundary_for_permission_set)
        .match_requests(|req| req.instance_arn() == Some(INSTANCE) && req.permission_set_arn() == Some(SET))
        .then_http_response(|| sso_error(400, "ResourceNotFoundException"));
    let sdk = sso_backend(&[&rule]);
    assert_eq!(
        sdk.get_permissions_boundary(&instance(), &set()).await.unwrap(),
        None
    );
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn a_boundary_reads_back_as_managed_or_customer() {
    use aws_sdk_ssoadmin::operation::get_permissions_boundary_for_permission_set::GetPermissionsBoundaryForPermissionSetOutput as Out;
    use aws_sdk_ssoadmin::types::{CustomerManagedPolicyReference, PermissionsBoundary};
    let managed = mock!(aws_sdk_ssoadmin::Client::get_permissions_boundary_for_permission_set)
        .match_requests(|req| req.permission_set_arn() == Some(SET))
        .then_output(|| {
            Out::builder()
                .permissions_boundary(
                    PermissionsBoundary::builder()
                        .managed_policy_arn("arn:aws:iam::aws:policy/PowerUserAccess")
                        .build(),
                )
                .build()
        });
    let customer = mock!(aws_sdk_ssoadmin::Client::get_permissions_boundary_for_permission_set)
        .match_requests(|req| req.permission_set_arn() == Some(SET_2))
        .then_output(|| {
            Out::builder()
                .permissions_boundary(
                    PermissionsBoundary::builder()
                        .customer_managed_policy_reference(
                            CustomerManagedPolicyReference::builder()
                                .name("limit")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        });
    let sdk = sso_backend(&[&managed, &customer]);
    assert_eq!(
        sdk.get_permissions_boundary(&instance(), &set()).await.unwrap(),
        Some(BoundaryRef::Managed(
            "arn:aws:iam::aws:policy/PowerUserAccess".into()
        ))
    );
    // A reference without a path is at `/`.
    assert_eq!(
        sdk.get_permissions_boundary(&instance(), &SET_2.parse().unwrap())
            .await
            .unwrap(),
        Some(BoundaryRef::Customer(crate::client::CustomerPolicyRef {
            name: "limit".into(),
            path: "/".into()
        }))
    );
}

#[tokio::test]
async fn list_tags_reads_every_page() {
    use aws_sdk_ssoadmin::operation::list_tags_for_resource::ListTagsForResourceOutput as Out;
    use aws_sdk_ssoadmin::types::Tag;
    let tag = |k: &str, v: &str| Tag::builder().key(k).value(v).build().unwrap();
    let first = mock!(aws_sdk_ssoadmin::Client::list_tags_for_resource)
        .match_requests(|req| {
            req.instance_arn() == Some(INSTANCE)
                && req.resource_arn() == Some(SET)
                && req.next_token().is_none()
        })
        .then_output(move || {
            Out::builder()
                .tags(tag("managed-by", "iam-bootstrap"))
                .next_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_ssoadmin::Client::list_tags_for_resource)
        .match_requests(|req| req.next_token() == Some("page-2"))
        .then_output(move || Out::builder().tags(tag("owner", "alice")).build());
    let sdk = sso_backend(&[&first, &second]);
    let tags = sdk.list_tags(&instance(), &set()).await.unwrap();
    assert_eq!(tags.len(), 2, "{tags:?}");
    assert_eq!(tags.get("owner").map(String::as_str), Some("alice"));
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

/// A destroy lists each named principal's assignments once: every page of it (AWS pages
/// by 100 at most, and may answer a page with a token and few items).
#[tokio::test]
async fn list_account_assignments_for_principal_reads_every_page() {
    use aws_sdk_ssoadmin::operation::list_account_assignments_for_principal::ListAccountAssignmentsForPrincipalOutput as Out;
    use aws_sdk_ssoadmin::types::{AccountAssignmentForPrincipal, PrincipalType};
    const GROUP: &str = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
    let item = |account: &str, set: &str| {
        AccountAssignmentForPrincipal::builder()
            .account_id(account)
            .permission_set_arn(set)
            .principal_type(PrincipalType::Group)
            .principal_id(GROUP)
            .build()
    };
    let first = mock!(aws_sdk_ssoadmin::Client::list_account_assignments_for_principal)
        .match_requests(|req| {
            req.instance_arn() == Some(INSTANCE)
                && req.principal_id() == Some(GROUP)
                && req.principal_type() == Some(&PrincipalType::Group)
                && req.next_token().is_none()
        })
        .then_output(move || {
            Out::builder()
                .account_assignments(item("111111111111", SET))
                .next_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_ssoadmin::Client::list_account_assignments_for_principal)
        .match_requests(|req| req.next_token() == Some("page-2"))
        .then_output(move || {
            Out::builder()
                .account_assignments(item("222222222222", SET_2))
                .build()
        });
    let sdk = sso_backend(&[&first, &second]);
    let group = crate::names::DirectoryPrincipal::Group(DirectoryGroupId::new(GROUP).unwrap());
    let listed = sdk
        .list_account_assignments_for_principal(&instance(), &group)
        .await
        .unwrap();
    let accounts: Vec<&str> = listed.iter().map(|a| a.account_id.as_str()).collect();
    assert_eq!(accounts, ["111111111111", "222222222222"]);
    assert_eq!(listed[1].permission_set_arn.as_str(), SET_2);
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn an_identifier_of_the_wrong_shape_in_a_response_is_a_malformed_response() {
    // The boundary is typed: an ARN that is not a permission set's does not leave the
    // backend as one, whatever the peer sends.
    use aws_sdk_ssoadmin::operation::list_permission_sets::ListPermissionSetsOutput as Out;
    let rule = mock!(aws_sdk_ssoadmin::Client::list_permission_sets)
        .match_requests(|req| req.instance_arn() == Some(INSTANCE))
        .then_output(|| {
            Out::builder()
                .permission_sets(SET)
                .permission_sets("ps-1")
                .build()
        });
    let sdk = sso_backend(&[&rule]);
    let err = sdk.list_permission_sets(&instance()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Service { operation: Operation::ListPermissionSets, code: Some(code), .. } if code == "MalformedResponse"),
        "{err:?}"
    );
}

// Moved from the integration tests: the SDK (not our layer) retries a throttled call.
#[tokio::test]
async fn the_sdk_retries_throttling_until_it_gets_through() {
    use aws_sdk_iam::types::Role;

    let throttling = || {
        HttpResponse::new(
            400.try_into().unwrap(),
            SdkBody::from(
                "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow down</Message></Error></ErrorResponse>",
            ),
        )
    };
    let role = Role::builder()
        .role_name("app")
        .path("/")
        .role_id("AROAEXAMPLE")
        .arn("arn:aws:iam::123456789012:role/app")
        .create_date(aws_smithy_types::DateTime::from_secs(0))
        .assume_role_policy_document("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D")
        .build()
        .unwrap();
    let rule = mock!(aws_sdk_iam::Client::get_role)
        .sequence()
        .http_response(throttling)
        .times(2)
        .output(move || GetRoleOutput::builder().role(role.clone()).build())
        .build();
    let iam = mock_client!(aws_sdk_iam, RuleMode::Sequential, [&rule], |c| c.retry_config(
        aws_config::retry::RetryConfig::standard()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1))
    ));
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    let sdk = SdkBackend::from_clients(
        iam,
        mock_client!(aws_sdk_sts, no_rules),
        mock_client!(aws_sdk_ssoadmin, no_rules),
        mock_client!(aws_sdk_identitystore, no_rules),
    );
    let name = RoleName::new("app").unwrap();
    let found = IamApi::get_role(&sdk, &name).await.unwrap();
    assert_eq!(found.unwrap().name.as_str(), "app");
    assert_eq!(rule.num_calls(), 3, "two throttled attempts, then the answer");
}

#[tokio::test]
async fn an_assignment_deletion_is_polled_to_its_failure_reason() {
    use aws_sdk_ssoadmin::operation::delete_account_assignment::DeleteAccountAssignmentOutput;
    use aws_sdk_ssoadmin::operation::describe_account_assignment_deletion_status::DescribeAccountAssignmentDeletionStatusOutput;
    let delete = mock!(aws_sdk_ssoadmin::Client::delete_account_assignment)
        .match_requests(|req| {
            req.instance_arn() == Some(INSTANCE)
                && req.permission_set_arn() == Some(SET)
                && req.target_id() == Some("111122223333")
                && req.principal_id() == Some("0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d")
        })
        .then_output(|| {
            DeleteAccountAssignmentOutput::builder()
                .account_assignment_deletion_status(
                    AccountAssignmentOperationStatus::builder()
                        .request_id("req-9")
                        .status(StatusValues::InProgress)
                        .build(),
                )
                .build()
        });
    let describe = mock!(aws_sdk_ssoadmin::Client::describe_account_assignment_deletion_status)
        .match_requests(|req| req.account_assignment_deletion_request_id() == Some("req-9"))
        .then_output(|| {
            DescribeAccountAssignmentDeletionStatusOutput::builder()
                .account_assignment_deletion_status(
                    AccountAssignmentOperationStatus::builder()
                        .request_id("req-9")
                        .status(StatusValues::Failed)
                        .failure_reason("Received a 404 status error: Not supported account")
                        .build(),
                )
                .build()
        });
    let sdk = sso_backend(&[&delete, &describe]);
    let status = sdk
        .delete_account_assignment(&instance(), &assignment())
        .await
        .unwrap();
    assert_eq!(
        (status.state, status.request_id.as_str()),
        (AsyncState::InProgress, "req-9")
    );
    let polled = sdk
        .describe_account_assignment_deletion_status(&instance(), "req-9")
        .await
        .unwrap();
    assert_eq!(polled.state, AsyncState::Failed);
    assert!(polled.failure_reason.unwrap().contains("Not supported account"));
}

#[tokio::test]
async fn deleting_a_set_still_assigned_is_a_conflict_and_a_gone_one_is_not_found() {
    let conflict = mock!(aws_sdk_ssoadmin::Client::delete_permission_set)
        .then_http_response(|| sso_error(400, "ConflictException"));
    let result = sso_backend(&[&conflict])
        .delete_permission_set(&instance(), &set())
        .await;
    assert!(matches!(result, Err(Error::Conflict { .. })), "{result:?}");
    let gone = mock!(aws_sdk_ssoadmin::Client::delete_permission_set)
        .then_http_response(|| sso_error(400, "ResourceNotFoundException"));
    let result = sso_backend(&[&gone])
        .delete_permission_set(&instance(), &set())
        .await;
    assert!(result.unwrap_err().is_not_found());
}
