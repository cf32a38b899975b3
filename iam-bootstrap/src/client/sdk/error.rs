//! The one place that turns AWS SDK errors into [`Error`]s.
//!
//! Classification goes by the service's error code where there is one
//! (`NoSuchEntity`, `ResourceNotFoundException`, ...) and by HTTP status where there is
//! not: moto answers some refusals with a bare 403.

use aws_sdk_iam::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;

use crate::client::Operation;
use crate::error::{Error, Resource, ResourceKind};

/// Error codes that mean "no such resource".
const NOT_FOUND: &[&str] = &[
    "NoSuchEntity",
    "ResourceNotFoundException",
    "ResourceNotFound",
    // Organizations names what it did not find.
    "AccountNotFoundException",
    "OrganizationalUnitNotFoundException",
    "ParentNotFoundException",
    "SourceParentNotFoundException",
    "DestinationParentNotFoundException",
    "RootNotFoundException",
    "ChildNotFoundException",
    "TargetNotFoundException",
    "CreateAccountStatusNotFoundException",
    // CloudFormation StackSets.
    "StackSetNotFoundException",
    "OperationNotFoundException",
    "StackInstanceNotFoundException",
];
/// Error codes that mean "it exists already".
const ALREADY_EXISTS: &[&str] = &[
    "EntityAlreadyExists",
    "EntityAlreadyExistsException",
    "AlreadyInOrganizationException",
    "DuplicateOrganizationalUnitException",
    "DuplicateAccountException",
    "AccountAlreadyRegisteredException",
    "NameAlreadyExistsException",
];
/// Error codes that mean "slow down".
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
];
/// Error codes that mean "not allowed".
const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnrecognizedClientException",
];
/// Error codes that mean "concurrent modification; try again".
const CONFLICT: &[&str] = &[
    "ConflictException",
    // CloudFormation: another StackSet operation is running.
    "OperationInProgressException",
    "ConcurrentModification",
    "ConcurrentModificationException",
];
/// Error codes that mean "over a quota".
const LIMIT: &[&str] = &[
    "LimitExceeded",
    "LimitExceededException",
    "ServiceQuotaExceededException",
];

/// Converts an SDK error from `operation` on the resource `kind`/`name` into an [`Error`].
pub(crate) fn map_sdk_error<E>(
    operation: Operation,
    kind: ResourceKind,
    name: &str,
    err: SdkError<E, HttpResponse>,
) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    if is_timeout(&err) {
        return Error::CallTimeout {
            operation,
            source: Some(Box::new(err)),
        };
    }
    // No answer at all (refused, reset, DNS, TLS): not a service's verdict, so neither
    // `Service` nor retry-worthy classification applies.
    if matches!(err, SdkError::DispatchFailure(_)) {
        return Error::Transport {
            operation,
            source: Box::new(err),
        };
    }
    let code = err.code().map(str::to_owned);
    let status = err.raw_response().map(|r| r.status().as_u16());
    let message = err.message().map(str::to_owned);
    classify(operation, kind, name, code, status, message, Box::new(err))
}

/// Whether the call ran out of time: the operation or attempt timeout (the SDK's own
/// `TimeoutError`), or the HTTP client's connect or read timeout (a dispatch failure).
fn is_timeout<E>(err: &SdkError<E, HttpResponse>) -> bool {
    match err {
        SdkError::TimeoutError(_) => true,
        SdkError::DispatchFailure(failure) => failure.is_timeout(),
        _ => false,
    }
}

/// The classification itself, separate from the SDK types so it can be tested directly.
pub(crate) fn classify(
    operation: Operation,
    kind: ResourceKind,
    name: &str,
    code: Option<String>,
    status: Option<u16>,
    message: Option<String>,
    source: crate::BoxError,
) -> Error {
    let is = |codes: &[&str]| code.as_deref().is_some_and(|c| codes.contains(&c));
    let source = Some(source);
    let resource = || Resource::new(kind, name);
    if is(NOT_FOUND) {
        Error::NotFound {
            operation: Some(operation),
            resource: resource(),
            source,
        }
    } else if is(ALREADY_EXISTS) {
        Error::AlreadyExists {
            operation: Some(operation),
            resource: resource(),
            source,
        }
    } else if is(THROTTLED) || status == Some(429) {
        Error::Throttled { operation, source }
    } else if is(ACCESS_DENIED) || (code.is_none() && status == Some(403)) {
        Error::AccessDenied {
            operation,
            resource: Some(resource()),
            source,
        }
    } else if is(CONFLICT) {
        Error::Conflict { operation, source }
    } else if is(LIMIT) {
        Error::LimitExceeded {
            operation,
            message: message.unwrap_or_default(),
            source,
        }
    } else {
        Error::Service {
            operation,
            code,
            source,
        }
    }
}

/// `Ok(None)` for "not found", so lookups can report absence without an error.
pub(crate) fn absent_as_none<T>(result: Result<T, Error>) -> Result<Option<T>, Error> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(code: Option<&str>, status: Option<u16>) -> Error {
        classify(
            Operation::GetRole,
            ResourceKind::Role,
            "r",
            code.map(str::to_owned),
            status,
            Some("msg".into()),
            "boom".into(),
        )
    }

    #[test]
    fn codes_pick_the_variant() {
        let missing = run(Some("NoSuchEntity"), Some(404));
        assert!(matches!(missing, Error::NotFound { .. }));
        assert_eq!(missing.resource(), Some(&Resource::new(ResourceKind::Role, "r")));
        assert_eq!(missing.operation(), Some(Operation::GetRole));
        assert_eq!(missing.to_string(), "role `r` not found calling iam:GetRole");
        assert!(matches!(
            run(Some("ResourceNotFoundException"), Some(400)),
            Error::NotFound { .. }
        ));
        assert!(matches!(
            run(Some("EntityAlreadyExists"), Some(409)),
            Error::AlreadyExists { .. }
        ));
        assert!(matches!(
            run(Some("ParentNotFoundException"), Some(400)),
            Error::NotFound { .. }
        ));
        assert!(matches!(
            run(Some("DuplicateOrganizationalUnitException"), Some(400)),
            Error::AlreadyExists { .. }
        ));
        assert!(matches!(
            run(Some("Throttling"), Some(400)),
            Error::Throttled { .. }
        ));
        assert!(matches!(
            run(Some("ThrottlingException"), Some(400)),
            Error::Throttled { .. }
        ));
        assert!(matches!(
            run(Some("ConflictException"), Some(409)),
            Error::Conflict { .. }
        ));
        assert!(matches!(
            run(Some("LimitExceeded"), Some(409)),
            Error::LimitExceeded { .. }
        ));
        assert!(matches!(
            run(Some("AccessDeniedException"), Some(400)),
            Error::AccessDenied { .. }
        ));
        match run(Some("MalformedPolicyDocument"), Some(400)) {
            Error::Service { code, .. } => {
                assert_eq!(code.as_deref(), Some("MalformedPolicyDocument"))
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_bare_403_is_access_denied() {
        // moto answers some refused calls with HTTP 403 and no error code.
        assert!(matches!(run(None, Some(403)), Error::AccessDenied { .. }));
        assert!(matches!(run(None, Some(429)), Error::Throttled { .. }));
        assert!(matches!(run(None, Some(500)), Error::Service { code: None, .. }));
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_transport_error_that_names_the_cause() {
        use crate::client::IamApi;
        // A loopback port that was free a moment ago: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let sdk = crate::client::SdkBackend::builder()
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .region("us-east-1")
            .static_credentials("testing", "testing")
            .max_attempts(1)
            .build()
            .await
            .unwrap();
        let role = crate::names::RoleName::new("r").unwrap();
        let err = sdk.get_role(&role).await.unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(
                err,
                Error::Transport {
                    operation: Operation::GetRole,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            text.starts_with("could not reach the service calling iam:GetRole: ")
                && text.to_lowercase().contains("refused"),
            "{text}"
        );
        assert!(std::error::Error::source(&err).is_some(), "the SDK error is kept");
    }

    #[test]
    fn not_found_becomes_none() {
        let missing: Result<u8, Error> = Err(run(Some("NoSuchEntity"), None));
        assert_eq!(absent_as_none(missing).unwrap(), None);
        let denied: Result<u8, Error> = Err(run(Some("AccessDenied"), None));
        assert!(absent_as_none(denied).is_err());
        assert_eq!(absent_as_none(Ok::<u8, Error>(1)).unwrap(), Some(1));
    }
}
