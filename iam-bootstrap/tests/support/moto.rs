//! Reaching the moto server `scripts/test` starts.
//!
//! Tests that need it are marked `#[ignore = "needs moto ..."]`, so a plain `cargo test`
//! reports them as ignored (a visible skip, never a silent pass). `scripts/test` runs them
//! with `-- --include-ignored`; a test that runs without `IAM_BOOTSTRAP_TEST_ENDPOINT`
//! fails, so a missing emulator can never pass as a green run.

/// The variable holding the moto server's URL.
pub(crate) const ENDPOINT_VAR: &str = "IAM_BOOTSTRAP_TEST_ENDPOINT";

/// The moto server's URL; panics when it is not set (the test was asked for explicitly).
pub(crate) fn endpoint() -> String {
    std::env::var(ENDPOINT_VAR).unwrap_or_else(|_| {
        panic!(
            "{ENDPOINT_VAR} is not set: start a moto server and point it there \
             (scripts/test does), or leave the moto tests ignored"
        )
    })
}

/// A random moto account ID: moto keeps one isolated account per `x-moto-account-id`.
pub(crate) fn account() -> String {
    format!("{:012}", fastrand::u64(100_000_000_000..1_000_000_000_000))
}

/// A handle on a fresh, isolated moto account, with short waits.
#[cfg(feature = "sdk")]
pub(crate) async fn aws() -> iam_bootstrap::Aws {
    iam_bootstrap::Aws::builder()
        .endpoint_url(endpoint())
        .region("us-east-1")
        .static_credentials("testing", "testing")
        .header("x-moto-account-id", account())
        .waits(iam_bootstrap::WaitConfig::fast())
        .build()
        .await
        .expect("an SDK client for moto")
}
