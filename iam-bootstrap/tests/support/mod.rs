//! Helpers shared by several test binaries (each uses a part, hence the `dead_code` allow
//! where it is declared).

pub(crate) mod listing;
pub(crate) mod moto;

use std::sync::Arc;
use std::time::Duration;

use iam_bootstrap::client::layer::{Layer, Layered, RetryConfig};
use iam_bootstrap::client::{IamApi, IdentityCenterApi, InMemory, NewVirtualMfaDevice};
use iam_bootstrap::{
    AdminProvisioning, AdminProvisioningBuilder, Aws, Bootstrap, DirectoryUserSpec, MfaEnrollment,
    VirtualMfa, WaitConfig,
};

/// The starter spec the `bootstrap` example applies: all three steps of the guide.
pub(crate) const STARTER: &str = include_str!("../../../examples/specs/starter.toml");

/// The starter spec with its account IDs replaced by `account`.
pub(crate) fn starter_for(account: &str) -> Bootstrap {
    Bootstrap::from_toml_str(&STARTER.replace("123456789012", account)).expect("the starter spec loads")
}

/// Short retries, for layers that inject retryable failures.
pub(crate) fn fast_retry(max_attempts: u32) -> RetryConfig {
    RetryConfig::new(max_attempts, Duration::from_millis(1), Duration::from_millis(10))
}

/// `backend` wrapped in `layer`, with the usual stack (retry, rate limit, counter) above.
pub(crate) fn layered(
    layer: impl Layer,
    iam: Arc<dyn IamApi>,
    idc: Arc<dyn IdentityCenterApi>,
    retry: RetryConfig,
) -> Aws {
    let (iam, idc) = Layered::new(layer, iam, idc).into_arcs();
    Aws::new(iam, idc)
        .with_retry(retry)
        .with_waits(WaitConfig::fast())
}

/// An in-memory account behind `layer`.
pub(crate) fn layered_memory(memory: &InMemory, layer: impl Layer, retry: RetryConfig) -> Aws {
    layered(layer, Arc::new(memory.clone()), Arc::new(memory.clone()), retry)
}

/// The error and every cause, joined.
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Plans and applies `spec`.
pub(crate) async fn run(spec: &Bootstrap, aws: &Aws) -> iam_bootstrap::Result<iam_bootstrap::Outcome> {
    spec.plan(aws).await?.apply(aws).await
}

/// `n` distinct account IDs, from 100000000000 up.
pub(crate) fn accounts(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{:012}", 100_000_000_000u64 + i as u64))
        .collect()
}

/// The admin preset for user `jdoe` (Jane Doe) and group Administrators in `accounts`, to
/// be finished (`.session_duration(..)`, ...) and built.
pub(crate) fn admin_builder(accounts: &[String]) -> AdminProvisioningBuilder {
    AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("Jane")
                .family_name("Doe")
                .email("jane.doe@example.com"),
        )
        .group("Administrators")
        .accounts(accounts.iter().cloned())
}

/// [`admin_builder`], built.
pub(crate) fn admin(accounts: &[String]) -> AdminProvisioning {
    admin_builder(accounts).build().expect("the admin preset builds")
}

/// A break-glass IAM user's virtual MFA, creating the user.
pub(crate) fn break_glass() -> VirtualMfa {
    VirtualMfa::builder("break-glass")
        .create_user(true)
        .build()
        .expect("the break-glass MFA spec builds")
}

/// The device of an enrollment that created one.
pub(crate) fn enrolled(outcome: MfaEnrollment) -> NewVirtualMfaDevice {
    match outcome {
        MfaEnrollment::Enrolled(device) => device,
        other => panic!("expected a new device, got {other:?}"),
    }
}
