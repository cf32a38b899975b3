//! The real backend: the AWS SDK for Rust, configured by aws-config.
//!
//! Throttling is retried by the SDK's own retry machinery (standard mode, exponential
//! backoff with jitter). Identity Center additionally answers `ConflictException` (HTTP
//! 409) while another change to the same resource is in flight; AWS's guidance is to retry
//! it, so a retry classifier marks sso-admin's 409s as transient.

mod access_analyzer;
mod access_analyzer_convert;
#[cfg(test)]
mod access_analyzer_mock_tests;
mod central_root;
#[cfg(test)]
mod central_root_mock_tests;
mod cloudformation;
mod cloudformation_convert;
#[cfg(test)]
mod cloudformation_mock_tests;
mod error;
mod iam;
mod identity_center;
mod interceptors;
mod last_accessed;
#[cfg(test)]
mod mock_tests;
mod organizations;
mod organizations_convert;
#[cfg(test)]
mod organizations_mock_tests;
mod settings;

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use secrecy::zeroize::Zeroizing;

pub(crate) use error::{absent_as_none, map_sdk_error};
use interceptors::{ConflictIsTransient, StaticHeaders};
use settings::Timeouts;
pub use settings::{DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_OPERATION_TIMEOUT};

use crate::error::{Error, Result};

/// The SDK clients for IAM, STS, sso-admin, the identity store, Organizations, IAM
/// Access Analyzer and CloudFormation, sharing one configuration.
#[derive(Debug, Clone)]
pub struct SdkBackend {
    pub(crate) iam: aws_sdk_iam::Client,
    pub(crate) sts: aws_sdk_sts::Client,
    pub(crate) sso: aws_sdk_ssoadmin::Client,
    pub(crate) identity_store: aws_sdk_identitystore::Client,
    /// `None` only for backends built by [`SdkBackend::from_clients`] without
    /// [`SdkBackend::with_organizations_client`].
    pub(crate) organizations: Option<aws_sdk_organizations::Client>,
    /// `None` only for backends built by [`SdkBackend::from_clients`] without
    /// [`SdkBackend::with_access_analyzer_client`].
    pub(crate) access_analyzer: Option<aws_sdk_accessanalyzer::Client>,
    /// `None` only for backends built by [`SdkBackend::from_clients`] without
    /// [`SdkBackend::with_cloudformation_client`].
    pub(crate) cloudformation: Option<aws_sdk_cloudformation::Client>,
    /// The region the configuration resolved to, if any.
    region: Option<String>,
    /// The endpoint every request goes to, if one was configured.
    endpoint_url: Option<String>,
}

impl SdkBackend {
    /// A backend configured like the AWS CLI: environment, shared config and profile,
    /// `AWS_ENDPOINT_URL`, region chain.
    ///
    /// # Errors
    /// As [`SdkBackendBuilder::build`].
    pub async fn from_env() -> Result<Self> {
        Self::builder().build().await
    }

    /// A builder to set the endpoint, region, profile, retries or credentials.
    pub fn builder() -> SdkBackendBuilder {
        SdkBackendBuilder::default()
    }

    /// The region the configuration resolved to (builder, environment, profile), if any.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint every request goes to (builder, `AWS_ENDPOINT_URL`, profile), if one
    /// was configured; `None` means AWS's own endpoints, and for
    /// [`SdkBackend::from_clients`], whose clients keep their endpoints to themselves.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// A backend over an already loaded `aws_config::SdkConfig`.
    pub fn from_sdk_config(config: &aws_config::SdkConfig) -> Self {
        Self::from_parts(config, &[])
    }

    /// A backend over clients built elsewhere (custom HTTP clients, interceptors, test
    /// doubles). Note that sso-admin clients built this way lack the library's conflict
    /// retry classifier unless [`SdkBackend::sso_admin_config`] was applied to their config.
    /// Organizations calls fail with [`Error::Precondition`] until
    /// [`SdkBackend::with_organizations_client`] adds that client, and Access Analyzer calls
    /// until [`SdkBackend::with_access_analyzer_client`] does, and CloudFormation calls until
    /// [`SdkBackend::with_cloudformation_client`] does.
    pub fn from_clients(
        iam: aws_sdk_iam::Client,
        sts: aws_sdk_sts::Client,
        sso: aws_sdk_ssoadmin::Client,
        identity_store: aws_sdk_identitystore::Client,
    ) -> Self {
        // Identity Center is the regional service (IAM is global).
        let region = sso.config().region().map(ToString::to_string);
        Self {
            iam,
            sts,
            sso,
            identity_store,
            organizations: None,
            access_analyzer: None,
            cloudformation: None,
            region,
            endpoint_url: None,
        }
    }

    /// Uses `client` for Organizations calls.
    #[must_use]
    pub fn with_organizations_client(mut self, client: aws_sdk_organizations::Client) -> Self {
        self.organizations = Some(client);
        self
    }

    /// Uses `client` for IAM Access Analyzer calls.
    #[must_use]
    pub fn with_access_analyzer_client(mut self, client: aws_sdk_accessanalyzer::Client) -> Self {
        self.access_analyzer = Some(client);
        self
    }

    /// Uses `client` for CloudFormation (StackSet) calls.
    #[must_use]
    pub fn with_cloudformation_client(mut self, client: aws_sdk_cloudformation::Client) -> Self {
        self.cloudformation = Some(client);
        self
    }

    /// Adds what the library needs to an sso-admin client configuration: the retry
    /// classifier that treats `ConflictException` as transient.
    pub fn sso_admin_config(builder: aws_sdk_ssoadmin::config::Builder) -> aws_sdk_ssoadmin::config::Builder {
        builder.retry_classifier(ConflictIsTransient)
    }

    fn from_parts(config: &aws_config::SdkConfig, headers: &[(String, String)]) -> Self {
        let headers = StaticHeaders::new(headers.to_vec());
        let iam = aws_sdk_iam::config::Builder::from(config)
            .interceptor(headers.clone())
            .build();
        let sts = aws_sdk_sts::config::Builder::from(config)
            .interceptor(headers.clone())
            .build();
        let sso = Self::sso_admin_config(aws_sdk_ssoadmin::config::Builder::from(config))
            .interceptor(headers.clone())
            .build();
        // No conflict classifier here: the identity store's conflicts on create are
        // uniqueness violations, which a retry cannot fix (see `conflict_means_exists`).
        let identity_store = aws_sdk_identitystore::config::Builder::from(config)
            .interceptor(headers.clone())
            .build();
        let organizations = aws_sdk_organizations::config::Builder::from(config)
            .interceptor(headers.clone())
            .build();
        let access_analyzer = aws_sdk_accessanalyzer::config::Builder::from(config)
            .interceptor(headers.clone())
            .build();
        let cloudformation = aws_sdk_cloudformation::config::Builder::from(config)
            .interceptor(headers)
            .build();
        Self {
            iam: aws_sdk_iam::Client::from_conf(iam),
            sts: aws_sdk_sts::Client::from_conf(sts),
            sso: aws_sdk_ssoadmin::Client::from_conf(sso),
            identity_store: aws_sdk_identitystore::Client::from_conf(identity_store),
            organizations: Some(aws_sdk_organizations::Client::from_conf(organizations)),
            access_analyzer: Some(aws_sdk_accessanalyzer::Client::from_conf(access_analyzer)),
            cloudformation: Some(aws_sdk_cloudformation::Client::from_conf(cloudformation)),
            region: config.region().map(ToString::to_string),
            endpoint_url: config.endpoint_url().map(str::to_owned),
        }
    }
}

/// Configures an [`SdkBackend`]. Unset values come from the usual AWS configuration chain;
/// unset timeouts are [`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_ATTEMPT_TIMEOUT`] and
/// [`DEFAULT_OPERATION_TIMEOUT`]. A call that runs out of time fails with
/// [`Error::CallTimeout`].
///
/// `Debug` never shows the secret access key (it is zeroized when the builder drops, as
/// the SDK's own credentials are).
#[derive(Clone, Default)]
#[must_use]
pub struct SdkBackendBuilder {
    endpoint_url: Option<String>,
    region: Option<String>,
    profile: Option<String>,
    max_attempts: Option<u32>,
    initial_backoff: Option<Duration>,
    static_credentials: Option<(String, Zeroizing<String>)>,
    headers: Vec<(String, String)>,
    timeouts: Timeouts,
}

impl std::fmt::Debug for SdkBackendBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SdkBackendBuilder")
            .field("endpoint_url", &self.endpoint_url)
            .field("region", &self.region)
            .field("profile", &self.profile)
            .field("max_attempts", &self.max_attempts)
            .field("initial_backoff", &self.initial_backoff)
            .field(
                "static_credentials",
                &self.static_credentials.as_ref().map(|(id, _)| (id, "[REDACTED]")),
            )
            .field("headers", &self.headers)
            .field("timeouts", &self.timeouts)
            .finish()
    }
}

impl SdkBackendBuilder {
    /// Send every request to this endpoint (a local emulator, a VPC endpoint).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// The region (Identity Center is regional; IAM is global).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The shared-config profile to load.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// How many times the SDK tries a call that failed with a retryable error (default 5).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// The first retry's backoff (default: the SDK's, 1 s); later ones grow exponentially.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = Some(backoff);
        self
    }

    /// Fixed credentials instead of the provider chain (for emulators and tests).
    pub fn static_credentials(mut self, access_key_id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.static_credentials = Some((access_key_id.into(), Zeroizing::new(secret.into())));
        self
    }

    /// An extra header on every request, e.g. moto's `x-moto-account-id` to isolate tests.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How long establishing a connection may take (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = Some(timeout);
        self
    }

    /// How long one attempt of a call may take, from sending the request to the end of
    /// the answer (default [`DEFAULT_ATTEMPT_TIMEOUT`]). An attempt that runs out is retried
    /// while the operation timeout allows.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.attempt = Some(timeout);
        self
    }

    /// How long a call may take in all, its retries and their backoff included (default
    /// [`DEFAULT_OPERATION_TIMEOUT`]).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.operation = Some(timeout);
        self
    }

    /// Checks the settings, loads the configuration and builds the clients.
    ///
    /// # Errors
    /// [`Error::Validation`], before anything is loaded or sent, for a malformed endpoint
    /// URL (`endpoint_url`), static credentials with an empty or malformed part
    /// (`access_key_id`, `secret_access_key`), a zero timeout, or a header name or value
    /// that is not valid HTTP.
    pub async fn build(self) -> Result<SdkBackend> {
        StaticHeaders::check(&self.headers)?;
        if let Some(url) = &self.endpoint_url {
            settings::check_endpoint_url(url)?;
        }
        if let Some((id, secret)) = &self.static_credentials {
            settings::check_static_credentials(id, secret)?;
        }
        let timeouts = self.timeouts.to_config()?;
        let mut retry = RetryConfig::standard().with_max_attempts(self.max_attempts.unwrap_or(5));
        if let Some(backoff) = self.initial_backoff {
            retry = retry.with_initial_backoff(backoff);
        }
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(retry)
            .timeout_config(timeouts);
        if let Some(url) = self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some(region) = self.region {
            loader = loader.region(aws_config::Region::new(region));
        }
        if let Some(profile) = self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some((id, secret)) = self.static_credentials {
            loader = loader.credentials_provider(aws_sdk_iam::config::Credentials::new(
                id,
                secret.as_str(),
                None,
                None,
                "iam-bootstrap-static",
            ));
        }
        let config = loader.load().await;
        Ok(SdkBackend::from_parts(&config, &self.headers))
    }
}

/// A response field that does not parse as the library's type.
pub(crate) fn malformed(operation: crate::client::Operation, err: crate::error::ValidationError) -> Error {
    Error::Service {
        operation,
        code: Some("MalformedResponse".to_owned()),
        source: Some(Box::new(err)),
    }
}

/// A response field the service must send, parsed as the library's type: a missing field
/// is [`missing`], one that does not parse [`malformed`].
pub(crate) fn parsed<T: std::str::FromStr<Err = crate::error::ValidationError>>(
    operation: crate::client::Operation,
    field: &str,
    value: Option<&str>,
) -> Result<T> {
    value
        .ok_or_else(|| missing(operation, field))?
        .parse()
        .map_err(|e| malformed(operation, e))
}

/// Maps a response field the service must send but did not.
pub(crate) fn missing(operation: crate::client::Operation, field: &str) -> Error {
    Error::Service {
        operation,
        code: Some("MissingField".to_owned()),
        source: Some(format!("the response has no {field}").into()),
    }
}
