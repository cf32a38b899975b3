//! The connection settings an [`SdkBackendBuilder`](super::SdkBackendBuilder) checks before
//! anything is loaded or sent: the endpoint URL, static credentials and timeouts.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;

use crate::error::{ValidationError, ValidationReason};

/// How long establishing a connection may take by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one attempt of a call (request to answer) may take by default.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a call may take by default, all attempts and the backoff between them included.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// The three timeouts of every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Timeouts {
    pub(super) connect: Option<Duration>,
    pub(super) attempt: Option<Duration>,
    pub(super) operation: Option<Duration>,
}

impl Timeouts {
    /// The SDK's timeout configuration; unset values take the defaults above.
    ///
    /// # Errors
    /// A zero timeout: every call would fail.
    pub(super) fn to_config(self) -> Result<TimeoutConfig, ValidationError> {
        let connect = positive("connect_timeout", self.connect.unwrap_or(DEFAULT_CONNECT_TIMEOUT))?;
        let attempt = positive("attempt_timeout", self.attempt.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT))?;
        let operation = positive(
            "operation_timeout",
            self.operation.unwrap_or(DEFAULT_OPERATION_TIMEOUT),
        )?;
        Ok(TimeoutConfig::builder()
            .connect_timeout(connect)
            .operation_attempt_timeout(attempt)
            .operation_timeout(operation)
            .build())
    }
}

fn positive(field: &str, timeout: Duration) -> Result<Duration, ValidationError> {
    if timeout.is_zero() {
        return Err(ValidationError::new(
            field,
            ValidationReason::NotAllowed("a timeout must be longer than zero".into()),
        ));
    }
    Ok(timeout)
}

/// Checks an endpoint URL: `http` or `https`, a host, an optional port and path; no
/// credentials, spaces or control characters. The SDK itself would only fail at the first
/// call.
pub(super) fn check_endpoint_url(url: &str) -> Result<(), ValidationError> {
    let bad = || {
        ValidationError::new(
            "endpoint_url",
            ValidationReason::Format {
                expected: "an http:// or https:// URL with a host (http://127.0.0.1:5000)".into(),
                actual: url.to_owned(),
            },
        )
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(bad());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (host, port) = match authority.strip_prefix('[') {
        // An IPv6 literal: `[::1]:5000`.
        Some(v6) => {
            let (address, after) = v6.split_once(']').ok_or_else(bad)?;
            if address.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(bad());
            }
            (address, after.strip_prefix(':'))
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let host_ok = !host.is_empty()
        && (authority.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')));
    let port_ok = port.is_none_or(|port| port.parse::<u16>().is_ok());
    if host_ok && port_ok { Ok(()) } else { Err(bad()) }
}

/// Checks static credentials: both parts given, the key ID a plain token.
pub(super) fn check_static_credentials(access_key_id: &str, secret: &str) -> Result<(), ValidationError> {
    if access_key_id.is_empty() {
        return Err(ValidationError::new("access_key_id", ValidationReason::Missing));
    }
    if let Some((position, character)) = access_key_id
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric() && *c != '_')
    {
        return Err(ValidationError::new(
            "access_key_id",
            ValidationReason::Character {
                character,
                position,
                allowed: "letters, digits and underscores",
            },
        ));
    }
    if secret.is_empty() {
        // Never the secret itself in an error: only that it is missing.
        return Err(ValidationError::new(
            "secret_access_key",
            ValidationReason::Missing,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::client::sdk::SdkBackend;
    use crate::client::{IamApi, Operation};

    /// A builder for `endpoint` that needs nothing from the environment.
    fn builder(endpoint: &str) -> crate::client::SdkBackendBuilder {
        SdkBackend::builder()
            .endpoint_url(endpoint)
            .region("us-east-1")
            .static_credentials("testing", "testing")
    }

    #[tokio::test]
    async fn an_endpoint_that_never_answers_is_a_call_timeout() {
        // Accepts connections (the kernel completes the handshake) and never answers.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let backend = builder(&endpoint)
            .max_attempts(2)
            .attempt_timeout(Duration::from_millis(100))
            .operation_timeout(Duration::from_millis(300))
            .build()
            .await
            .unwrap();
        // Only a guard against the hang this test is about; no timing is asserted.
        let result = tokio::time::timeout(Duration::from_secs(60), backend.caller_identity())
            .await
            .expect("the configured timeouts end the call");
        match result {
            Err(Error::CallTimeout { operation, source }) => {
                assert_eq!(operation, Operation::GetCallerIdentity);
                assert!(source.is_some());
            }
            other => panic!("expected a call timeout, got {other:?}"),
        }
        drop(listener);
    }

    #[tokio::test]
    async fn build_refuses_bad_settings_before_any_call() {
        let cases = [
            (builder("localhost:5000"), "endpoint_url"),
            (
                builder("http://127.0.0.1:1").static_credentials("", "s"),
                "access_key_id",
            ),
            (
                builder("http://127.0.0.1:1").static_credentials("AKIA", ""),
                "secret_access_key",
            ),
            (
                builder("http://127.0.0.1:1").connect_timeout(Duration::ZERO),
                "connect_timeout",
            ),
            (
                builder("http://127.0.0.1:1").operation_timeout(Duration::ZERO),
                "operation_timeout",
            ),
        ];
        for (builder, field) in cases {
            match builder.build().await {
                Err(Error::Validation(err)) => assert_eq!(err.field(), field),
                other => panic!("{field}: expected a validation error, got {other:?}"),
            }
        }
    }

    #[test]
    fn endpoint_urls() {
        for good in [
            "http://127.0.0.1:5000",
            "https://iam.amazonaws.com",
            "http://localhost:4566/",
            "HTTPS://vpce-1.iam.us-east-1.vpce.amazonaws.com/path?x=1",
            "http://[::1]:5000",
            "http://moto_server",
        ] {
            assert_eq!(check_endpoint_url(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "127.0.0.1:5000",
            "ftp://example.com",
            "http://",
            "http://:5000",
            "http://host:port",
            "http://host:99999",
            "http://user:pw@host",
            "http://exa mple.com",
            "http://[::1",
            "http://[nope]:1",
            "not a url",
        ] {
            let err = check_endpoint_url(bad).unwrap_err();
            assert_eq!(err.field(), "endpoint_url", "{bad}");
        }
    }

    #[test]
    fn credentials_need_both_parts() {
        assert_eq!(check_static_credentials("AKIAIOSFODNN7EXAMPLE", "s3cret"), Ok(()));
        assert_eq!(
            check_static_credentials("", "s3cret").unwrap_err().field(),
            "access_key_id"
        );
        assert_eq!(
            check_static_credentials("AKIA EXAMPLE", "s3cret")
                .unwrap_err()
                .field(),
            "access_key_id"
        );
        let err = check_static_credentials("AKIAIOSFODNN7EXAMPLE", "").unwrap_err();
        assert_eq!(err.field(), "secret_access_key");
        assert_eq!(err.reason(), &ValidationReason::Missing);
    }

    #[test]
    fn timeouts_default_and_reject_zero() {
        let config = Timeouts::default().to_config().unwrap();
        assert_eq!(config.connect_timeout(), Some(DEFAULT_CONNECT_TIMEOUT));
        assert_eq!(config.operation_attempt_timeout(), Some(DEFAULT_ATTEMPT_TIMEOUT));
        assert_eq!(config.operation_timeout(), Some(DEFAULT_OPERATION_TIMEOUT));
        let zero = Timeouts {
            attempt: Some(Duration::ZERO),
            ..Timeouts::default()
        };
        assert_eq!(zero.to_config().unwrap_err().field(), "attempt_timeout");
    }
}
