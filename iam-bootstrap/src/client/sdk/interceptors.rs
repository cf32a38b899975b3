//! Hooks into the SDK's request pipeline: extra headers and a retry classifier.

use std::str::FromStr;
use std::sync::Arc;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextMut, InterceptorContext,
};
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::HeaderValue;
use aws_smithy_types::config_bag::ConfigBag;

use crate::error::{ValidationError, ValidationReason};

/// Adds fixed headers to every request (before signing, so they are signed too).
#[derive(Debug, Clone)]
pub(super) struct StaticHeaders(Arc<Vec<(String, String)>>);

impl StaticHeaders {
    pub(super) fn new(headers: Vec<(String, String)>) -> Self {
        Self(Arc::new(headers))
    }

    /// Rejects header names and values HTTP does not allow, before any request is built.
    pub(super) fn check(headers: &[(String, String)]) -> Result<(), ValidationError> {
        for (name, value) in headers {
            let name_ok = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !name_ok {
                return Err(ValidationError::new(
                    "header name",
                    ValidationReason::Format {
                        expected: "an HTTP token".into(),
                        actual: name.clone(),
                    },
                ));
            }
            if HeaderValue::from_str(value).is_err() {
                return Err(ValidationError::new(
                    "header value",
                    ValidationReason::Format {
                        expected: "visible ASCII".into(),
                        actual: value.clone(),
                    },
                ));
            }
        }
        Ok(())
    }
}

impl Intercept for StaticHeaders {
    fn name(&self) -> &'static str {
        "iam-bootstrap-static-headers"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let headers = context.request_mut().headers_mut();
        for (name, value) in self.0.iter() {
            headers.insert(name.clone(), value.clone());
        }
        Ok(())
    }
}

/// Marks Identity Center's `ConflictException` (HTTP 409) as a transient error, so the
/// SDK's standard retry strategy retries it with backoff like throttling.
#[derive(Debug, Clone, Copy)]
pub(super) struct ConflictIsTransient;

impl ClassifyRetry for ConflictIsTransient {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(response) = ctx.response() else {
            return RetryAction::NoActionIndicated;
        };
        let error_type = response.headers().get("x-amzn-errortype").unwrap_or_default();
        if error_type.starts_with("ConflictException") || response.status().as_u16() == 409 {
            RetryAction::transient_error()
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "iam-bootstrap-conflict-is-transient"
    }
}
