//! The Organizations adapter against aws-smithy-mocks: request shapes (pagination through
//! empty pages that carry a next token, the parent sent), response mapping and errors as
//! Organizations sends them (awsJson 1.1: the code in `x-amzn-errortype`).

use aws_sdk_organizations::operation::create_account::CreateAccountOutput;
use aws_sdk_organizations::operation::describe_create_account_status::DescribeCreateAccountStatusOutput;
use aws_sdk_organizations::operation::list_accounts_for_parent::ListAccountsForParentOutput;
use aws_sdk_organizations::operation::list_organizational_units_for_parent::ListOrganizationalUnitsForParentOutput;
use aws_sdk_organizations::operation::list_roots::ListRootsOutput;
use aws_sdk_organizations::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_organizations::types as sdk;
use aws_smithy_mocks::{RuleMode, mock};

use crate::mock_sdk_client as mock_client;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::SdkBackend;
use crate::client::{
    AccountState, CreateAccountState, NewAccount, Operation, OrganizationResource, OrganizationsApi,
    ParentId, Tags,
};
use crate::error::{Error, ResourceKind};
use crate::names::{AccountEmail, AccountId, AccountName, CreateAccountRequestId, OuId, RootId};

fn backend(organizations: aws_sdk_organizations::Client) -> SdkBackend {
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    SdkBackend::from_clients(
        mock_client!(aws_sdk_iam, no_rules),
        mock_client!(aws_sdk_sts, no_rules),
        mock_client!(aws_sdk_ssoadmin, no_rules),
        mock_client!(aws_sdk_identitystore, no_rules),
    )
    .with_organizations_client(organizations)
}

/// An Organizations error response.
fn error(code: &'static str) -> HttpResponse {
    let mut response = HttpResponse::new(
        StatusCode::try_from(400).unwrap(),
        SdkBody::from(r#"{"Message":"m"}"#),
    );
    response.headers_mut().insert("x-amzn-errortype", code);
    response
        .headers_mut()
        .insert("content-type", "application/x-amz-json-1.1");
    response
}

fn account(id: &str, state: Option<sdk::AccountState>, status: Option<sdk::AccountStatus>) -> sdk::Account {
    sdk::Account::builder()
        .id(id)
        .arn(format!(
            "arn:aws:organizations::111111111111:account/o-abcdefghij/{id}"
        ))
        .name(format!("acct-{id}"))
        .email(format!("{id}@example.com"))
        .set_state(state)
        .set_status(status)
        .build()
}

fn ou_id() -> OuId {
    OuId::new("ou-ab12-cdef5678").unwrap()
}

#[tokio::test]
async fn accounts_for_parent_go_through_an_empty_page_with_a_token() {
    let first = mock!(aws_sdk_organizations::Client::list_accounts_for_parent)
        .match_requests(|r| r.next_token().is_none() && r.parent_id() == Some("ou-ab12-cdef5678"))
        .then_output(|| {
            ListAccountsForParentOutput::builder()
                .accounts(account("222222222222", Some(sdk::AccountState::Active), None))
                .next_token("t1")
                .build()
        });
    let empty = mock!(aws_sdk_organizations::Client::list_accounts_for_parent)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(|| {
            ListAccountsForParentOutput::builder()
                .set_accounts(Some(Vec::new()))
                .next_token("t2")
                .build()
        });
    let last = mock!(aws_sdk_organizations::Client::list_accounts_for_parent)
        .match_requests(|r| r.next_token() == Some("t2"))
        .then_output(|| {
            ListAccountsForParentOutput::builder()
                .accounts(account("333333333333", Some(sdk::AccountState::Suspended), None))
                .build()
        });
    let client = mock_client!(aws_sdk_organizations, RuleMode::MatchAny, [&first, &empty, &last]);
    let accounts = backend(client)
        .list_accounts_for_parent(&ParentId::Ou(ou_id()))
        .await
        .unwrap();
    let seen: Vec<_> = accounts.iter().map(|a| (a.id.as_str(), a.state)).collect();
    assert_eq!(
        seen,
        [
            ("222222222222", AccountState::Active),
            ("333333333333", AccountState::Suspended)
        ]
    );
    assert_eq!(
        (first.num_calls(), empty.num_calls(), last.num_calls()),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn ous_and_roots_page_too() {
    let ous = mock!(aws_sdk_organizations::Client::list_organizational_units_for_parent)
        .sequence()
        .output(|| {
            ListOrganizationalUnitsForParentOutput::builder()
                .set_organizational_units(Some(Vec::new()))
                .next_token("t1")
                .build()
        })
        .output(|| {
            ListOrganizationalUnitsForParentOutput::builder()
                .organizational_units(
                    sdk::OrganizationalUnit::builder()
                        .id("ou-ab12-cdef5678")
                        .name("Prod")
                        .build(),
                )
                .build()
        })
        .build();
    let roots = mock!(aws_sdk_organizations::Client::list_roots)
        .sequence()
        .output(|| ListRootsOutput::builder().next_token("t1").build())
        .output(|| {
            ListRootsOutput::builder()
                .roots(sdk::Root::builder().id("r-ab12").name("Root").build())
                .build()
        })
        .build();
    let client = mock_client!(aws_sdk_organizations, RuleMode::MatchAny, [&ous, &roots]);
    let sdk = backend(client);
    let root = RootId::new("r-ab12").unwrap();
    let found = sdk
        .list_organizational_units_for_parent(&ParentId::Root(root.clone()))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, ou_id());
    assert_eq!(found[0].name, "Prod");
    let listed = sdk.list_roots().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, root);
    assert_eq!((ous.num_calls(), roots.num_calls()), (2, 2));
}

#[tokio::test]
async fn a_state_falls_back_to_the_retired_status() {
    let rule = mock!(aws_sdk_organizations::Client::list_accounts_for_parent).then_output(|| {
        ListAccountsForParentOutput::builder()
            .accounts(account(
                "222222222222",
                None,
                Some(sdk::AccountStatus::PendingClosure),
            ))
            .accounts(account("333333333333", None, None))
            .accounts(account(
                "444444444444",
                Some(sdk::AccountState::from("SOMETHING_NEW")),
                None,
            ))
            .build()
    });
    let accounts = backend(mock_client!(aws_sdk_organizations, [&rule]))
        .list_accounts_for_parent(&ParentId::Ou(ou_id()))
        .await
        .unwrap();
    let states: Vec<_> = accounts.iter().map(|a| a.state).collect();
    assert_eq!(
        states,
        [
            AccountState::PendingClosure,
            AccountState::Unknown,
            AccountState::Unknown
        ]
    );
}

#[tokio::test]
async fn a_malformed_id_from_the_service_is_an_error_not_a_panic() {
    let rule = mock!(aws_sdk_organizations::Client::list_accounts_for_parent).then_output(|| {
        ListAccountsForParentOutput::builder()
            .accounts(account("not-an-id", Some(sdk::AccountState::Active), None))
            .build()
    });
    let result = backend(mock_client!(aws_sdk_organizations, [&rule]))
        .list_accounts_for_parent(&ParentId::Ou(ou_id()))
        .await;
    assert!(
        matches!(&result, Err(Error::Service { code: Some(code), .. }) if code == "MalformedResponse"),
        "{result:?}"
    );
}

#[tokio::test]
async fn not_in_an_organization_is_none_and_unknown_ids_are_not_found() {
    let describe = mock!(aws_sdk_organizations::Client::describe_organization)
        .then_http_response(|| error("AWSOrganizationsNotInUseException"));
    let account = mock!(aws_sdk_organizations::Client::describe_account)
        .then_http_response(|| error("AccountNotFoundException"));
    let parent = mock!(aws_sdk_organizations::Client::list_accounts_for_parent)
        .then_http_response(|| error("ParentNotFoundException"));
    let client = mock_client!(
        aws_sdk_organizations,
        RuleMode::MatchAny,
        [&describe, &account, &parent]
    );
    let sdk = backend(client);
    assert_eq!(sdk.describe_organization().await.unwrap(), None);
    let id = AccountId::new("222222222222").unwrap();
    assert_eq!(sdk.describe_account(&id).await.unwrap(), None);
    match sdk.list_accounts_for_parent(&ParentId::Ou(ou_id())).await {
        Err(Error::NotFound {
            operation, resource, ..
        }) => {
            assert_eq!(operation, Some(Operation::ListAccountsForParent));
            assert_eq!(resource.kind, ResourceKind::OrganizationalUnit);
            assert_eq!(resource.name, "ou-ab12-cdef5678");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn create_account_sends_the_spec_and_reads_the_status() {
    let create = mock!(aws_sdk_organizations::Client::create_account)
        .match_requests(|r| {
            r.account_name() == Some("Prod A")
                && r.email() == Some("aws+prod-a@example.com")
                && r.tags().iter().any(|t| t.key() == "env" && t.value() == "prod")
        })
        .then_output(|| {
            CreateAccountOutput::builder()
                .create_account_status(
                    sdk::CreateAccountStatus::builder()
                        .id("car-0123abcd")
                        .state(sdk::CreateAccountState::InProgress)
                        .build(),
                )
                .build()
        });
    let status = mock!(aws_sdk_organizations::Client::describe_create_account_status)
        .match_requests(|r| r.create_account_request_id() == Some("car-0123abcd"))
        .then_output(|| {
            DescribeCreateAccountStatusOutput::builder()
                .create_account_status(
                    sdk::CreateAccountStatus::builder()
                        .id("car-0123abcd")
                        .state(sdk::CreateAccountState::Failed)
                        .failure_reason(sdk::CreateAccountFailureReason::EmailAlreadyExists)
                        .build(),
                )
                .build()
        });
    let client = mock_client!(aws_sdk_organizations, RuleMode::MatchAny, [&create, &status]);
    let sdk = backend(client);
    let new = NewAccount {
        name: AccountName::new("Prod A").unwrap(),
        email: AccountEmail::new("aws+prod-a@example.com").unwrap(),
        role_name: None,
        tags: Tags::from([("env".to_owned(), "prod".to_owned())]),
    };
    let started = sdk.create_account(&new).await.unwrap();
    assert_eq!(started.state, CreateAccountState::InProgress);
    let request = CreateAccountRequestId::new("car-0123abcd").unwrap();
    assert_eq!(started.request_id, request);
    let failed = sdk.describe_create_account_status(&request).await.unwrap();
    assert_eq!(failed.state, CreateAccountState::Failed);
    assert_eq!(failed.failure_reason.as_deref(), Some("EMAIL_ALREADY_EXISTS"));
    assert_eq!((create.num_calls(), status.num_calls()), (1, 1));
}

#[tokio::test]
async fn tags_are_read_from_every_page() {
    let rule = mock!(aws_sdk_organizations::Client::list_tags_for_resource)
        .sequence()
        .output(|| {
            ListTagsForResourceOutput::builder()
                .tags(sdk::Tag::builder().key("env").value("prod").build().unwrap())
                .next_token("t1")
                .build()
        })
        .output(|| ListTagsForResourceOutput::builder().next_token("t2").build())
        .output(|| {
            ListTagsForResourceOutput::builder()
                .tags(sdk::Tag::builder().key("team").value("core").build().unwrap())
                .build()
        })
        .build();
    let resource = OrganizationResource::Account(AccountId::new("222222222222").unwrap());
    let tags = backend(mock_client!(aws_sdk_organizations, RuleMode::Sequential, [&rule]))
        .list_tags_for_resource(&resource)
        .await
        .unwrap();
    assert_eq!(
        tags,
        Tags::from([
            ("env".to_owned(), "prod".to_owned()),
            ("team".to_owned(), "core".to_owned())
        ])
    );
    assert_eq!(rule.num_calls(), 3);
}

#[tokio::test]
async fn a_backend_without_an_organizations_client_says_so() {
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    let sdk = SdkBackend::from_clients(
        mock_client!(aws_sdk_iam, no_rules),
        mock_client!(aws_sdk_sts, no_rules),
        mock_client!(aws_sdk_ssoadmin, no_rules),
        mock_client!(aws_sdk_identitystore, no_rules),
    );
    assert!(matches!(sdk.list_roots().await, Err(Error::Precondition { .. })));
}

/// What moto cannot model: a creation that ends FAILED. Through the SDK's HTTP layer, the
/// plan's CreateAccount change polls until FAILED and maps the reason to a typed error.
#[tokio::test]
async fn a_failed_creation_is_a_typed_error_through_the_sdk() {
    let create = mock!(aws_sdk_organizations::Client::create_account).then_output(|| {
        CreateAccountOutput::builder()
            .create_account_status(
                sdk::CreateAccountStatus::builder()
                    .id("car-0123abcd")
                    .state(sdk::CreateAccountState::InProgress)
                    .build(),
            )
            .build()
    });
    let status = mock!(aws_sdk_organizations::Client::describe_create_account_status).then_output(|| {
        DescribeCreateAccountStatusOutput::builder()
            .create_account_status(
                sdk::CreateAccountStatus::builder()
                    .id("car-0123abcd")
                    .state(sdk::CreateAccountState::Failed)
                    .failure_reason(sdk::CreateAccountFailureReason::AccountLimitExceeded)
                    .build(),
            )
            .build()
    });
    let client = mock_client!(aws_sdk_organizations, RuleMode::MatchAny, [&create, &status]);
    let sdk = std::sync::Arc::new(backend(client));
    let aws = crate::Aws::new(sdk.clone(), sdk.clone())
        .with_organizations(sdk)
        .with_waits(crate::WaitConfig::fast());
    let root = ParentId::Root(RootId::new("r-ab12").unwrap());
    let change = crate::organization::OrganizationChange::CreateAccount {
        name: AccountName::new("Prod A").unwrap(),
        email: AccountEmail::new("aws+prod-a@example.com").unwrap(),
        role_name: None,
        tags: Tags::new(),
        root: root.clone(),
        destination: root,
        ou: "Root".into(),
    };
    let plan = crate::Plan {
        changes: vec![change.into()],
        ..crate::Plan::default()
    };
    let err = plan.apply(&aws).await.unwrap_err();
    match err.root_cause() {
        Error::AccountCreationFailed {
            account,
            request_id,
            reason,
        } => {
            assert_eq!(
                (account.as_str(), request_id.as_str()),
                ("Prod A", "car-0123abcd")
            );
            assert_eq!(
                *reason,
                crate::organization::CreateAccountFailure::AccountLimitExceeded
            );
        }
        other => panic!("expected a typed creation failure, got {other:?}"),
    }
    assert_eq!((create.num_calls(), status.num_calls()), (1, 1));
}

#[tokio::test]
async fn parents_and_pending_creations_are_read() {
    let parents = mock!(aws_sdk_organizations::Client::list_parents)
        .match_requests(|r| r.child_id() == Some("222222222222"))
        .then_output(|| {
            aws_sdk_organizations::operation::list_parents::ListParentsOutput::builder()
                .parents(
                    sdk::Parent::builder()
                        .id("ou-ab12-cdef5678")
                        .r#type(sdk::ParentType::OrganizationalUnit)
                        .build(),
                )
                .build()
        });
    let pending = mock!(aws_sdk_organizations::Client::list_create_account_status)
        .match_requests(|r| r.states() == [sdk::CreateAccountState::InProgress])
        .then_output(|| {
            aws_sdk_organizations::operation::list_create_account_status::ListCreateAccountStatusOutput::builder()
                .create_account_statuses(
                    sdk::CreateAccountStatus::builder()
                        .id("car-0123abcd")
                        .account_name("Prod A")
                        .state(sdk::CreateAccountState::InProgress)
                        .build(),
                )
                .build()
        });
    let sdk = backend(mock_client!(
        aws_sdk_organizations,
        RuleMode::MatchAny,
        [&parents, &pending]
    ));
    let parent = sdk
        .list_parent(&AccountId::new("222222222222").unwrap())
        .await
        .unwrap();
    assert_eq!(parent, ParentId::Ou(OuId::new("ou-ab12-cdef5678").unwrap()));
    let started = sdk.list_create_account_requests_in_progress().await.unwrap();
    assert_eq!(started.len(), 1);
    assert_eq!(started[0].account_name.as_deref(), Some("Prod A"));
    assert_eq!(started[0].state, CreateAccountState::InProgress);
}
