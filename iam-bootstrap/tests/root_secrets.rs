//! Secrets never leak: the MFA seed and QR code (as they are, in hex and in base64) are
//! searched for in everything the library prints, logs or serializes during an enrollment (a
//! failed one and a successful one).
//!
//! Alone in its binary because it installs a global tracing subscriber: a scoped one misses
//! events from callsites other test threads registered first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

#[allow(dead_code)]
mod support;

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use iam_bootstrap::client::{InMemory, NewVirtualMfaDevice};
use iam_bootstrap::{Aws, MfaEnrollment, SeedTotp};
use support::{break_glass, enrolled};

/// The ways a secret could appear in text: itself (bytes that are not UTF-8 as
/// `from_utf8_lossy` shows them), lowercase hex, standard base64 — as the Python test searches.
fn forms(raw: &[u8]) -> Vec<String> {
    use base64::Engine as _;
    assert!(raw.len() >= 8, "too short to search for");
    vec![
        String::from_utf8_lossy(raw).into_owned(),
        raw.iter().map(|b| format!("{b:02x}")).collect(),
        base64::engine::general_purpose::STANDARD.encode(raw),
    ]
}

/// A tracing subscriber that writes every span and event field, at every level, to a buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields(Arc<Mutex<String>>);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn Debug) {
        let mut out = self.0.lock().unwrap();
        out.push_str(&format!("{}={value:?}\n", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Fields(self.0.clone()));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(self.0.clone()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Fields(self.0.clone()));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn the_seed_and_qr_code_never_reach_debug_logs_json_or_errors() {
    let capture = Capture::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());

    tracing::subscriber::set_global_default(capture.clone()).unwrap();
    let (device, failure) = {
        runtime.block_on(async {
            // A failed attempt first, so the error path is searched too.
            let seen = Arc::new(Mutex::new((String::new(), Vec::new())));
            let remember = {
                let seen = seen.clone();
                move |device: &NewVirtualMfaDevice| {
                    *seen.lock().unwrap() = (
                        device.base32_seed.expose_str().unwrap().to_owned(),
                        device.qr_code_png.expose().to_vec(),
                    );
                    Ok(("000000".to_owned(), "111111".to_owned()))
                }
            };
            let failure = break_glass().enroll(&aws, &remember).await.unwrap_err();
            let failed_seed = seen.lock().unwrap().clone();
            let device = enrolled(break_glass().enroll(&aws, &SeedTotp::new()).await.unwrap());
            (device, (failure, failed_seed))
        })
    };
    let (failure, (failed_seed, failed_qr)) = failure;
    let seed = device.base32_seed.expose_str().unwrap().to_owned();
    let qr = device.qr_code_png.expose().to_vec();
    let secrets: Vec<String> = [seed.as_bytes(), failed_seed.as_bytes(), &qr, &failed_qr]
        .into_iter()
        .flat_map(forms)
        .collect();
    assert_eq!(secrets.len(), 12, "three forms of each of four secrets");
    let logs = capture.0.lock().unwrap().clone();
    assert!(
        logs.contains("virtual MFA device enabled"),
        "the capture works: {logs}"
    );

    let mut surfaces = vec![
        ("logs", logs),
        (
            "Debug of the enrollment",
            format!("{:?}", MfaEnrollment::Enrolled(device)),
        ),
        ("Display of the error", failure.to_string()),
        ("Debug of the error", format!("{failure:?}")),
    ];
    let mut source = std::error::Error::source(&failure);
    while let Some(cause) = source {
        surfaces.push(("error source", cause.to_string()));
        source = cause.source();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let plan = runtime
        .block_on(iam_bootstrap::RootHardening::default().plan(&aws))
        .unwrap();
    surfaces.push(("plan JSON", plan.to_json().unwrap()));
    surfaces.push(("plan text", plan.to_string()));
    surfaces.push(("inventory", format!("{:?}", memory.inventory())));

    for (what, text) in &surfaces {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "a secret leaked into the {what} (as {secret}): {text}"
            );
        }
        // Not even the QR code's otpauth URI, which embeds the seed.
        assert!(
            !text.contains("otpauth://"),
            "the QR content leaked into the {what}"
        );
    }
    assert!(surfaces[1].1.contains("[REDACTED]"), "{}", surfaces[1].1);

    other_secrets_never_leak(&capture);
    assume_root_credentials_never_leak(&capture);
}

/// `sts:AssumeRoot` session credentials, through the SDK backend (answers from
/// aws-smithy-mocks rules: moto has no AssumeRoot) driven by an organization audit whose
/// session call fails: Debug of the session, the report's JSON and table, the failure and
/// the logs are searched for the session's key ID, secret and token.
#[cfg(feature = "test-util")]
fn assume_root_credentials_never_leak(capture: &Capture) {
    use aws_sdk_iam::operation::list_organizations_features::ListOrganizationsFeaturesOutput;
    use aws_sdk_sts::operation::assume_root::AssumeRootOutput;
    use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree};
    use iam_bootstrap::client::{CentralRootApi, RootTaskPolicy, SdkBackend};
    use iam_bootstrap::mock_sdk_client;
    use iam_bootstrap::names::AccountId;
    use iam_bootstrap::org_root::OrgRoot;
    use iam_bootstrap::test_util::aws_smithy_mocks::{RuleMode, mock};

    const KEY_ID: &str = "ASIASESSIONKEY000042";
    const SECRET: &str = "AssumeRootSessionSecretKeyValue0123456789";
    const TOKEN: &str = "AssumeRootSessionTokenValueIQoJb3JpZ2luX2VjEXAMPLE";
    let assume = mock!(aws_sdk_sts::Client::assume_root).then_output(|| {
        AssumeRootOutput::builder()
            .credentials(
                aws_sdk_sts::types::Credentials::builder()
                    .access_key_id(KEY_ID)
                    .secret_access_key(SECRET)
                    .session_token(TOKEN)
                    .expiration(aws_smithy_types::DateTime::from_secs(4_102_444_800))
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let features = mock!(aws_sdk_iam::Client::list_organizations_features).then_output(|| {
        ListOrganizationsFeaturesOutput::builder()
            .enabled_features(aws_sdk_iam::types::FeatureType::RootCredentialsManagement)
            .enabled_features(aws_sdk_iam::types::FeatureType::RootSessions)
            .build()
    });
    // The session's first call fails: the error path is searched too.
    let refused = mock!(aws_sdk_iam::Client::get_login_profile).then_http_response(|| {
        aws_smithy_runtime_api::client::orchestrator::HttpResponse::new(
            aws_smithy_runtime_api::http::StatusCode::try_from(403).unwrap(),
            aws_smithy_types::body::SdkBody::from(
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error></ErrorResponse>",
            ),
        )
    });
    let no_rules: [&iam_bootstrap::test_util::aws_smithy_mocks::Rule; 0] = [];
    let sdk = SdkBackend::from_clients(
        mock_sdk_client!(aws_sdk_iam, RuleMode::MatchAny, [&features, &refused]),
        mock_sdk_client!(aws_sdk_sts, RuleMode::MatchAny, [&assume]),
        mock_sdk_client!(aws_sdk_ssoadmin, no_rules),
        mock_sdk_client!(aws_sdk_identitystore, no_rules),
    );
    let member = AccountId::new("222222222222").unwrap();
    let memory = InMemory::builder()
        .organization(
            OrganizationTree::new()
                .service_access("iam.amazonaws.com")
                .account(MemberAccount::new(member.clone(), "member")),
        )
        .build();
    let sdk = Arc::new(sdk);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (session_debug, report) = runtime.block_on(async {
        let session = sdk
            .assume_root(&member, RootTaskPolicy::AuditRootUserCredentials, 900)
            .await
            .unwrap();
        let debug = format!("{session:?} {:?}", session.api());
        drop(session);
        let org_root = OrgRoot::builder(Aws::in_memory(memory), sdk.clone())
            .build()
            .unwrap();
        (debug, org_root.audit().await.unwrap())
    });
    assert_eq!(assume.num_calls(), 2, "the audit assumed a session of its own");
    assert_eq!(report.totals.failed, 1, "{report}");
    let logs = capture.0.lock().unwrap().clone();
    let surfaces = [
        ("Debug of the session", session_debug),
        ("report JSON", report.to_json()),
        ("report table", report.to_string()),
        ("Debug of the report", format!("{report:?}")),
        ("Debug of the backend", format!("{sdk:?}")),
    ];
    let mut secrets = forms(SECRET.as_bytes());
    secrets.extend(forms(TOKEN.as_bytes()));
    secrets.push(KEY_ID.to_owned());
    for (what, text) in &surfaces {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "a session credential leaked into the {what} (as {secret}): {text}"
            );
        }
    }
    // The logs at every level: never the secret key. (The SDK's own TRACE events of
    // aws-sigv4 print the canonical request, whose `x-amz-security-token` header is the
    // session token, as for any temporary credentials: not a level to run in production.)
    for secret in forms(SECRET.as_bytes()) {
        assert!(
            !logs.contains(&secret),
            "the session's secret key leaked into the logs"
        );
    }
    assert!(logs.contains("AssumeRoot"), "the capture saw the session's calls");
}

#[cfg(not(feature = "test-util"))]
fn assume_root_credentials_never_leak(_: &Capture) {}

/// An access key secret handed to the SDK backend, and everything a whole bootstrap prints:
/// the same search over Debug of the handles and builders, the SDK's own logs (at every
/// level, during a call that fails), error chains, plan and outcome JSON, progress events.
#[cfg(feature = "sdk")]
fn other_secrets_never_leak(capture: &Capture) {
    const SECRET_KEY: &str = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY";
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let builder = Aws::builder()
        .endpoint_url("http://127.0.0.1:9")
        .region("us-east-1")
        .static_credentials("AKIAIOSFODNN7EXAMPLE", SECRET_KEY)
        .max_attempts(1);
    let mut surfaces = vec![
        ("Debug of the AwsBuilder", format!("{builder:?}")),
        (
            "Debug of the SdkBackendBuilder",
            format!(
                "{:?}",
                iam_bootstrap::client::SdkBackend::builder()
                    .static_credentials("AKIAIOSFODNN7EXAMPLE", SECRET_KEY)
            ),
        ),
    ];
    assert!(
        surfaces[0].1.contains("AKIAIOSFODNN7EXAMPLE") && surfaces[0].1.contains("[REDACTED]"),
        "the key ID is shown, the secret redacted: {}",
        surfaces[0].1
    );
    let (aws, failure) = runtime.block_on(async {
        let aws = builder.build().await.unwrap();
        // Nothing listens on port 9: the SDK signs the request with the secret, then fails.
        let name = iam_bootstrap::names::RoleName::new("r").unwrap();
        let failure = aws.iam().get_role(&name).await.unwrap_err();
        (aws, failure)
    });
    // The handle says where its calls go, and nothing of who makes them.
    assert_eq!(aws.region(), Some("us-east-1"));
    assert_eq!(aws.endpoint_url(), Some("http://127.0.0.1:9"));
    let shown = format!("{aws:?}");
    assert!(
        shown.contains("\"us-east-1\"") && shown.contains("\"http://127.0.0.1:9\""),
        "{shown}"
    );
    assert!(
        !shown.contains("AKIAIOSFODNN7EXAMPLE"),
        "not even the key ID: {shown}"
    );
    surfaces.push(("Debug of the Aws handle", shown));
    surfaces.push(("Display of the SDK error", failure.to_string()));
    surfaces.push(("Debug of the SDK error", format!("{failure:?}")));
    let mut source = std::error::Error::source(&failure);
    while let Some(cause) = source {
        surfaces.push(("SDK error source", format!("{cause} / {cause:?}")));
        source = cause.source();
    }

    // A whole bootstrap, as the example runs it, with progress events.
    let memory = InMemory::builder()
        .caller(iam_bootstrap::client::memory::Caller::Root)
        .root(iam_bootstrap::client::memory::RootUser::default().with_access_keys(2))
        .build();
    let local = Aws::in_memory(memory);
    let spec =
        iam_bootstrap::Bootstrap::from_toml_str(include_str!("../../examples/specs/starter.toml")).unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let (plan, outcome) = runtime.block_on(async {
        let plan = spec.plan(&local).await.unwrap();
        let options = iam_bootstrap::ApplyOptions::default()
            .progress(move |e| sink.lock().unwrap().push(serde_json::to_string(e).unwrap()));
        let outcome = plan.apply_with(&local, options).await.unwrap();
        (plan, outcome)
    });
    surfaces.push(("bootstrap plan JSON", plan.to_json().unwrap()));
    surfaces.push(("bootstrap plan text", plan.to_string()));
    surfaces.push(("outcome JSON", serde_json::to_string(&outcome).unwrap()));
    surfaces.push(("outcome text", outcome.to_string()));
    surfaces.push(("progress events", events.lock().unwrap().join("\n")));
    surfaces.push(("Debug of the spec", format!("{spec:?}")));
    let logs = capture.0.lock().unwrap().clone();
    assert!(logs.contains("applied"), "the capture still works: {logs}");
    surfaces.push(("logs", logs));

    for (what, text) in &surfaces {
        for secret in forms(SECRET_KEY.as_bytes()) {
            assert!(
                !text.contains(&secret),
                "the secret access key leaked into the {what} (as {secret}): {text}"
            );
        }
    }
}

#[cfg(not(feature = "sdk"))]
fn other_secrets_never_leak(_: &Capture) {}

/// Compiles only if `T` does not implement the trait (ambiguity otherwise), as
/// static_assertions' `assert_not_impl_any!` does.
trait NotClone<A> {
    fn check() {}
}
impl<T: ?Sized> NotClone<()> for T {}
impl<T: Clone> NotClone<u8> for T {}

trait NotSerialize<A> {
    fn check() {}
}
impl<T: ?Sized> NotSerialize<()> for T {}
impl<T: ?Sized + serde::Serialize> NotSerialize<u8> for T {}

#[test]
fn secrets_cannot_be_copied_or_serialized() {
    // A secret exists once (zeroized when it drops) and never reaches JSON: no `Clone`, no
    // `Serialize`, on the secret and on everything that carries one.
    <iam_bootstrap::Secret as NotClone<_>>::check();
    <iam_bootstrap::Secret as NotSerialize<_>>::check();
    <NewVirtualMfaDevice as NotClone<_>>::check();
    <NewVirtualMfaDevice as NotSerialize<_>>::check();
    <MfaEnrollment as NotClone<_>>::check();
    <MfaEnrollment as NotSerialize<_>>::check();
    // An AssumeRoot session carries credentials (inside its backend object).
    <iam_bootstrap::client::RootSession as NotClone<_>>::check();
    <iam_bootstrap::client::RootSession as NotSerialize<_>>::check();
}
