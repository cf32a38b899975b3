//! Mocking one level lower than [`mock`](crate::mock): real AWS SDK clients whose responses
//! come from [`aws_smithy_mocks`] rules (feature `test-util`), for tests of request shapes and
//! error mapping that must go through the SDK's own serializers, deserializers and retries.
//!
//! [`mock_sdk_client!`](crate::mock_sdk_client) builds such a client the way
//! `aws_smithy_mocks::mock_client!` does, but without the SDKs' `test-util` feature, so a
//! test build resolves the AWS SDKs with the same features as the program it tests (a
//! feature the SDKs do not share would compile every one of them a second time).
//!
//! ```
//! use aws_sdk_iam::operation::get_role::GetRoleOutput;
//! use aws_sdk_iam::types::Role;
//! use iam_bootstrap::mock_sdk_client;
//! use iam_bootstrap::test_util::aws_smithy_mocks::mock;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let role = Role::builder()
//!     .path("/")
//!     .role_name("deployer")
//!     .role_id("AROAEXAMPLE")
//!     .arn("arn:aws:iam::111111111111:role/deployer")
//!     .create_date(aws_smithy_types::DateTime::from_secs(0))
//!     .build()?;
//! let rule = mock!(aws_sdk_iam::Client::get_role)
//!     .then_output(move || GetRoleOutput::builder().role(role.clone()).build());
//! let iam = mock_sdk_client!(aws_sdk_iam, [&rule]);
//!
//! let answer = iam.get_role().role_name("deployer").send().await?;
//! assert_eq!(answer.role().map(|r| r.role_name()), Some("deployer"));
//! assert_eq!(rule.num_calls(), 1);
//! # Ok(())
//! # }
//! ```

pub use aws_smithy_mocks;

/// An AWS SDK client (`aws_sdk_iam`, `aws_sdk_ssoadmin`, ...) that answers from
/// [`aws_smithy_mocks`] rules instead of the network: region `us-east-1`, fixed dummy
/// credentials, the latest behavior version, and an HTTP client that refuses to send.
///
/// The forms are those of `aws_smithy_mocks::mock_client!`: `(crate, rules)`,
/// `(crate, rule_mode, rules)` and `(crate, rule_mode, rules, |config_builder| ...)`.
#[macro_export]
macro_rules! mock_sdk_client {
    ($aws_crate:ident, $rules:expr) => {
        $crate::mock_sdk_client!(
            $aws_crate,
            $crate::test_util::aws_smithy_mocks::RuleMode::Sequential,
            $rules
        )
    };
    ($aws_crate:ident, $rule_mode:expr, $rules:expr) => {
        $crate::mock_sdk_client!($aws_crate, $rule_mode, $rules, |conf| conf)
    };
    ($aws_crate:ident, $rule_mode:expr, $rules:expr, $additional_configuration:expr) => {{
        let mut interceptor =
            $crate::test_util::aws_smithy_mocks::MockResponseInterceptor::new().rule_mode($rule_mode);
        for rule in $rules {
            interceptor = interceptor.with_rule(rule)
        }
        // Lets callers write a closure without naming the builder type.
        fn coerce<T: Fn($aws_crate::config::Builder) -> $aws_crate::config::Builder>(f: T) -> T {
            f
        }
        $aws_crate::client::Client::from_conf(
            coerce($additional_configuration)(
                $aws_crate::config::Config::builder()
                    .behavior_version($aws_crate::config::BehaviorVersion::latest())
                    .region($aws_crate::config::Region::new("us-east-1"))
                    .credentials_provider($aws_crate::config::Credentials::new(
                        "AKIDMOCKSDKCLIENT",
                        "mock-sdk-client-secret",
                        None,
                        None,
                        "mock_sdk_client",
                    ))
                    .http_client($crate::test_util::aws_smithy_mocks::create_mock_http_client())
                    .interceptor(interceptor),
            )
            .build(),
        )
    }};
}
