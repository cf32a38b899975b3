//! Centralized root access through the real SDK against aws-smithy-mocks rules. moto
//! implements none of it (no `sts:AssumeRoot`, no `ListOrganizationsFeatures`, no root
//! sessions), so these tests pin the request shapes instead: the task policy ARN and the
//! duration sent to AssumeRoot, the regional STS endpoint it goes to, the session's calls
//! signed with the session's credentials and sent without a user name, and the mapping of
//! answers and errors.

use std::sync::{Arc, Mutex};

use aws_sdk_iam::operation::get_access_key_last_used::GetAccessKeyLastUsedOutput;
use aws_sdk_iam::operation::get_login_profile::GetLoginProfileOutput;
use aws_sdk_iam::operation::list_access_keys::ListAccessKeysOutput;
use aws_sdk_iam::operation::list_mfa_devices::ListMfaDevicesOutput;
use aws_sdk_iam::operation::list_organizations_features::ListOrganizationsFeaturesOutput;
use aws_sdk_iam::operation::list_signing_certificates::ListSigningCertificatesOutput;
use aws_sdk_iam::types as iam;
use aws_sdk_sts::operation::assume_root::AssumeRootOutput;
use aws_smithy_mocks::{RuleMode, mock};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;

use super::SdkBackend;
use crate::client::{CentralRootApi, RootTaskPolicy};
use crate::mock_sdk_client as mock_client;
use crate::names::AccountId;

const SESSION_KEY_ID: &str = "ASIAROOTSESSION00001";
const SESSION_SECRET: &str = "root-session-secret-do-not-leak";
const SESSION_TOKEN: &str = "root-session-token-do-not-leak";

/// Records the URI and the `Authorization` header of every request as sent.
#[derive(Debug, Clone, Default)]
struct Sent(Arc<Mutex<Vec<(String, String)>>>);

impl Intercept for Sent {
    fn name(&self) -> &'static str {
        "record-sent-requests"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let auth = request
            .headers()
            .get("authorization")
            .unwrap_or_default()
            .to_owned();
        self.0.lock().unwrap().push((request.uri().to_owned(), auth));
        Ok(())
    }
}

fn member() -> AccountId {
    AccountId::new("222222222222").unwrap()
}

fn assume_root_rule(task: RootTaskPolicy) -> aws_smithy_mocks::Rule {
    mock!(aws_sdk_sts::Client::assume_root)
        .match_requests(move |r| {
            r.target_principal() == Some("222222222222")
                && r.task_policy_arn().and_then(|p| p.arn()) == Some(task.arn())
                && r.duration_seconds() == Some(900)
        })
        .then_output(|| {
            AssumeRootOutput::builder()
                .credentials(
                    aws_sdk_sts::types::Credentials::builder()
                        .access_key_id(SESSION_KEY_ID)
                        .secret_access_key(SESSION_SECRET)
                        .session_token(SESSION_TOKEN)
                        .expiration(aws_smithy_types::DateTime::from_secs(4_102_444_800))
                        .build()
                        .unwrap(),
                )
                .build()
        })
}

fn backend(
    iam_rules: &[&aws_smithy_mocks::Rule],
    sts_rule: &aws_smithy_mocks::Rule,
    sent: &Sent,
) -> SdkBackend {
    let no_rules: [&aws_smithy_mocks::Rule; 0] = [];
    let iam_sent = sent.clone();
    let sts_sent = sent.clone();
    SdkBackend::from_clients(
        mock_client!(
            aws_sdk_iam,
            RuleMode::MatchAny,
            iam_rules.iter().copied(),
            move |c| c.interceptor(iam_sent.clone())
        ),
        mock_client!(aws_sdk_sts, RuleMode::MatchAny, [sts_rule], move |c| c
            .interceptor(sts_sent.clone())),
        mock_client!(aws_sdk_ssoadmin, no_rules),
        mock_client!(aws_sdk_identitystore, no_rules),
    )
}

#[tokio::test]
async fn audit_session_sends_the_task_policy_to_regional_sts_and_no_user_name() {
    let sent = Sent::default();
    let assume = assume_root_rule(RootTaskPolicy::AuditRootUserCredentials);
    let login = mock!(aws_sdk_iam::Client::get_login_profile)
        .match_requests(|r| r.user_name().is_none())
        .then_output(|| {
            GetLoginProfileOutput::builder()
                .login_profile(
                    iam::LoginProfile::builder()
                        .user_name("root")
                        .create_date(aws_smithy_types::DateTime::from_secs(0))
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let keys = mock!(aws_sdk_iam::Client::list_access_keys)
        .match_requests(|r| r.user_name().is_none())
        .then_output(|| {
            ListAccessKeysOutput::builder()
                .set_access_key_metadata(Some(vec![
                    iam::AccessKeyMetadata::builder()
                        .access_key_id("AKIAROOTKEY000000001")
                        .status(iam::StatusType::Active)
                        .build(),
                ]))
                .build()
                .unwrap()
        });
    let last_used = mock!(aws_sdk_iam::Client::get_access_key_last_used)
        .match_requests(|r| r.access_key_id() == Some("AKIAROOTKEY000000001"))
        .then_output(|| {
            GetAccessKeyLastUsedOutput::builder()
                .access_key_last_used(
                    iam::AccessKeyLastUsed::builder()
                        .last_used_date(aws_smithy_types::DateTime::from_secs(1_700_000_000))
                        .service_name("s3")
                        .region("us-east-1")
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let certs = mock!(aws_sdk_iam::Client::list_signing_certificates)
        .match_requests(|r| r.user_name().is_none())
        .then_output(|| {
            ListSigningCertificatesOutput::builder()
                .set_certificates(Some(Vec::new()))
                .build()
                .unwrap()
        });
    let mfa = mock!(aws_sdk_iam::Client::list_mfa_devices)
        .match_requests(|r| r.user_name().is_none())
        .then_output(|| {
            ListMfaDevicesOutput::builder()
                .set_mfa_devices(Some(Vec::new()))
                .build()
                .unwrap()
        });
    let sdk = backend(&[&login, &keys, &last_used, &certs, &mfa], &assume, &sent);

    let session = sdk
        .assume_root(&member(), RootTaskPolicy::AuditRootUserCredentials, 900)
        .await
        .unwrap();
    assert_eq!(assume.num_calls(), 1);
    let debug = format!("{session:?}");
    assert!(
        !debug.contains(SESSION_SECRET) && !debug.contains(SESSION_TOKEN) && !debug.contains(SESSION_KEY_ID),
        "{debug}"
    );

    let api = session.api();
    assert!(api.has_login_profile().await.unwrap());
    let listed = api.list_access_keys().await.unwrap();
    assert_eq!(listed.len(), 1);
    let used = api.access_key_last_used(&listed[0].id).await.unwrap();
    assert_eq!(used.map(|t| t.as_second()), Some(1_700_000_000));
    assert!(api.list_signing_certificates().await.unwrap().is_empty());
    assert!(api.list_mfa_devices().await.unwrap().is_empty());
    // Every rule matched only requests without a user name.
    for rule in [&login, &keys, &last_used, &certs, &mfa] {
        assert_eq!(rule.num_calls(), 1);
    }

    let sent = sent.0.lock().unwrap();
    // AssumeRoot went to the regional endpoint of the configured region, not sts.amazonaws.com.
    assert!(
        sent[0].0.starts_with("https://sts.us-east-1.amazonaws.com"),
        "{:?}",
        sent[0]
    );
    // The caller signed AssumeRoot; the session's calls are signed with the session's key.
    assert!(sent[0].1.contains("AKIDMOCKSDKCLIENT"), "{}", sent[0].1);
    assert_eq!(sent.len(), 6);
    for (uri, auth) in &sent[1..] {
        assert!(auth.contains(SESSION_KEY_ID), "{uri}: {auth}");
        assert!(!auth.contains(SESSION_SECRET), "{auth}");
    }
}

#[tokio::test]
async fn delete_session_asks_for_the_delete_task_policy_and_deletes_without_a_user_name() {
    let sent = Sent::default();
    let assume = assume_root_rule(RootTaskPolicy::DeleteRootUserCredentials);
    let delete_login = mock!(aws_sdk_iam::Client::delete_login_profile)
        .match_requests(|r| r.user_name().is_none())
        .then_output(|| {
            aws_sdk_iam::operation::delete_login_profile::DeleteLoginProfileOutput::builder().build()
        });
    let delete_key = mock!(aws_sdk_iam::Client::delete_access_key)
        .match_requests(|r| r.user_name().is_none() && r.access_key_id() == Some("AKIAROOTKEY000000001"))
        .then_output(|| aws_sdk_iam::operation::delete_access_key::DeleteAccessKeyOutput::builder().build());
    let delete_cert = mock!(aws_sdk_iam::Client::delete_signing_certificate)
        .match_requests(|r| r.user_name().is_none() && r.certificate_id() == Some("CERT1"))
        .then_output(|| {
            aws_sdk_iam::operation::delete_signing_certificate::DeleteSigningCertificateOutput::builder()
                .build()
        });
    let deactivate = mock!(aws_sdk_iam::Client::deactivate_mfa_device)
        .match_requests(|r| {
            r.user_name().is_none() && r.serial_number() == Some("arn:aws:iam::222222222222:mfa/root")
        })
        .then_output(|| {
            aws_sdk_iam::operation::deactivate_mfa_device::DeactivateMfaDeviceOutput::builder().build()
        });
    let sdk = backend(
        &[&delete_login, &delete_key, &delete_cert, &deactivate],
        &assume,
        &sent,
    );
    let session = sdk
        .assume_root(&member(), RootTaskPolicy::DeleteRootUserCredentials, 900)
        .await
        .unwrap();
    let api = session.api();
    api.delete_login_profile().await.unwrap();
    api.delete_access_key("AKIAROOTKEY000000001").await.unwrap();
    api.delete_signing_certificate("CERT1").await.unwrap();
    api.deactivate_mfa_device("arn:aws:iam::222222222222:mfa/root")
        .await
        .unwrap();
    for rule in [&assume, &delete_login, &delete_key, &delete_cert, &deactivate] {
        assert_eq!(rule.num_calls(), 1);
    }
}

#[tokio::test]
async fn features_map_and_a_missing_login_profile_is_none() {
    let sent = Sent::default();
    let features = mock!(aws_sdk_iam::Client::list_organizations_features).then_output(|| {
        ListOrganizationsFeaturesOutput::builder()
            .organization_id("o-abcdefghij")
            .enabled_features(iam::FeatureType::RootSessions)
            .build()
    });
    let assume = assume_root_rule(RootTaskPolicy::AuditRootUserCredentials);
    let no_login = mock!(aws_sdk_iam::Client::get_login_profile).then_http_response(|| {
        HttpResponse::new(
            StatusCode::try_from(404).unwrap(),
            SdkBody::from(
                "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>m</Message></Error></ErrorResponse>",
            ),
        )
    });
    let sdk = backend(&[&features, &no_login], &assume, &sent);
    let read = sdk.list_organizations_features().await.unwrap();
    assert!(read.root_sessions && !read.root_credentials_management);
    let session = sdk
        .assume_root(&member(), RootTaskPolicy::AuditRootUserCredentials, 900)
        .await
        .unwrap();
    assert!(!session.api().has_login_profile().await.unwrap());
}
