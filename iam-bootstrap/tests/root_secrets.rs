//! Secrets never leak: the MFA seed and QR code are searched for in everything the library
//! prints, logs or serializes during an enrollment (a failed one and a successful one).
//!
//! Alone in its binary because it installs a global tracing subscriber: a scoped one misses
//! events from callsites other test threads registered first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use iam_bootstrap::client::{InMemory, NewVirtualMfaDevice};
use iam_bootstrap::{Aws, MfaEnrollment, SeedTotp, VirtualMfa};

fn break_glass() -> VirtualMfa {
    VirtualMfa::builder("break-glass")
        .create_user(true)
        .build()
        .unwrap()
}

fn enrolled(outcome: MfaEnrollment) -> NewVirtualMfaDevice {
    match outcome {
        MfaEnrollment::Enrolled(device) => device,
        other => panic!("expected a new device, got {other:?}"),
    }
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
            let seen = Arc::new(Mutex::new(String::new()));
            let remember = {
                let seen = seen.clone();
                move |device: &NewVirtualMfaDevice| {
                    *seen.lock().unwrap() = device.base32_seed.expose_str().unwrap().to_owned();
                    Ok(("000000".to_owned(), "111111".to_owned()))
                }
            };
            let failure = break_glass().enroll(&aws, &remember).await.unwrap_err();
            let failed_seed = seen.lock().unwrap().clone();
            let device = enrolled(break_glass().enroll(&aws, &SeedTotp::new()).await.unwrap());
            (device, (failure, failed_seed))
        })
    };
    let (failure, failed_seed) = failure;
    let seed = device.base32_seed.expose_str().unwrap().to_owned();
    let qr = String::from_utf8_lossy(device.qr_code_png.expose()).into_owned();
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
        for secret in [&seed, &failed_seed, &qr] {
            assert!(!secret.is_empty());
            assert!(
                !text.contains(secret.as_str()),
                "a secret leaked into the {what}: {text}"
            );
        }
        // Not even the QR code's otpauth URI, which embeds the seed.
        assert!(
            !text.contains("otpauth://"),
            "the QR content leaked into the {what}"
        );
    }
    assert!(surfaces[1].1.contains("[REDACTED]"), "{}", surfaces[1].1);
}
