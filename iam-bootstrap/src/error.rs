//! The crate's one error type, and the validation error every builder returns.
//!
//! Messages are lowercase, carry no trailing period and do not repeat their source's text:
//! walk [`std::error::Error::source`] for the cause (the Python bindings join the chain).

use std::fmt;
use std::time::Duration;

use crate::client::Operation;
use crate::policy::PolicyError;

/// A boxed error from a backend, kept as the `source` of an [`Error`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in iam-bootstrap.
///
/// Backend failures are classified into the variants callers act on (not found, already
/// exists, access denied, throttled, conflict); whatever else a service answers is
/// [`Error::Service`] with the service's error code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input was rejected before any API call was made.
    #[error(transparent)]
    Validation(#[from] ValidationError),

    /// The resource does not exist.
    #[error("{kind} `{name}` not found")]
    NotFound {
        /// What kind of resource was looked for.
        kind: ResourceKind,
        /// Its name, ARN or ID.
        name: String,
        /// The backend's error, if any.
        #[source]
        source: Option<BoxError>,
    },

    /// The resource exists already.
    #[error("{kind} `{name}` already exists")]
    AlreadyExists {
        /// What kind of resource was created.
        kind: ResourceKind,
        /// Its name, ARN or ID.
        name: String,
        /// The backend's error, if any.
        #[source]
        source: Option<BoxError>,
    },

    /// The caller may not perform the operation.
    #[error("access denied calling {operation}")]
    AccessDenied {
        /// The API operation that was refused.
        operation: Operation,
        /// The backend's error.
        #[source]
        source: Option<BoxError>,
    },

    /// The service asked the caller to slow down, and retries did not get through.
    #[error("throttled calling {operation}")]
    Throttled {
        /// The API operation that was throttled.
        operation: Operation,
        /// The backend's error.
        #[source]
        source: Option<BoxError>,
    },

    /// The operation conflicts with another one in progress, and retries did not get through.
    #[error("conflict calling {operation}")]
    Conflict {
        /// The API operation that conflicted.
        operation: Operation,
        /// The backend's error.
        #[source]
        source: Option<BoxError>,
    },

    /// An account quota or service limit would be exceeded.
    #[error("limit exceeded calling {operation}: {message}")]
    LimitExceeded {
        /// The API operation that hit the limit.
        operation: Operation,
        /// What the service said about the limit.
        message: String,
        /// The backend's error.
        #[source]
        source: Option<BoxError>,
    },

    /// Any other failure answered by a service.
    #[error("{operation} failed with {}", code.as_deref().unwrap_or("no error code"))]
    Service {
        /// The API operation that failed.
        operation: Operation,
        /// The service's error code (for example `MalformedPolicyDocument`), when it sent one.
        code: Option<String>,
        /// The backend's error.
        #[source]
        source: Option<BoxError>,
    },

    /// The account is not in a state where the request can be carried out; `remedy` says
    /// what to do about it.
    #[error("{problem}; {remedy}")]
    Precondition {
        /// What is missing or wrong.
        problem: String,
        /// What the caller can do about it.
        remedy: String,
    },

    /// An asynchronous operation reported that it failed.
    #[error("{operation} request `{request_id}` failed: {reason}")]
    AsyncFailed {
        /// The operation whose status was polled.
        operation: Operation,
        /// The request the service was tracking.
        request_id: String,
        /// The service's failure reason.
        reason: String,
    },

    /// A bounded wait gave up.
    #[error("gave up waiting for {what} after {waited:?}")]
    Timeout {
        /// What was being waited for.
        what: String,
        /// How long the wait lasted.
        waited: Duration,
    },

    /// A step of [`Plan::apply`](crate::Plan::apply) failed; the steps before it were applied.
    #[error("plan step {step} ({change}) failed")]
    Apply {
        /// The zero-based index of the failed change.
        step: usize,
        /// The failed change, as printed in the plan.
        change: String,
        /// Why it failed.
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// The innermost error of an [`Error::Apply`] chain (or `self`).
    pub fn root_cause(&self) -> &Error {
        match self {
            Error::Apply { source, .. } => source.root_cause(),
            other => other,
        }
    }

    /// Whether retrying the same call later may succeed (throttling and conflicts).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.root_cause(),
            Error::Throttled { .. } | Error::Conflict { .. }
        )
    }

    /// Whether this is [`Error::NotFound`] (possibly inside [`Error::Apply`]).
    pub fn is_not_found(&self) -> bool {
        matches!(self.root_cause(), Error::NotFound { .. })
    }

    pub(crate) fn not_found(kind: ResourceKind, name: impl Into<String>) -> Self {
        Error::NotFound {
            kind,
            name: name.into(),
            source: None,
        }
    }

    pub(crate) fn already_exists(kind: ResourceKind, name: impl Into<String>) -> Self {
        Error::AlreadyExists {
            kind,
            name: name.into(),
            source: None,
        }
    }

    pub(crate) fn service(operation: Operation, code: &str, message: impl Into<String>) -> Self {
        Error::Service {
            operation,
            code: Some(code.to_owned()),
            source: Some(message.into().into()),
        }
    }
}

/// The kinds of resources named in [`Error::NotFound`] and [`Error::AlreadyExists`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResourceKind {
    /// An IAM user.
    User,
    /// An IAM role.
    Role,
    /// An IAM group.
    Group,
    /// A managed policy.
    Policy,
    /// A version of a managed policy.
    PolicyVersion,
    /// An inline policy of a user, role or group.
    InlinePolicy,
    /// The account password policy.
    PasswordPolicy,
    /// The account alias.
    AccountAlias,
    /// An access key.
    AccessKey,
    /// An MFA device.
    MfaDevice,
    /// The credential report.
    CredentialReport,
    /// An IAM Identity Center instance.
    Instance,
    /// A user in the Identity Center identity store.
    DirectoryUser,
    /// A group in the Identity Center identity store.
    DirectoryGroup,
    /// A group membership in the identity store.
    GroupMembership,
    /// An Identity Center permission set.
    PermissionSet,
    /// An account assignment.
    AccountAssignment,
    /// An AWS organization.
    Organization,
    /// The root of an organization.
    OrganizationRoot,
    /// An organizational unit.
    OrganizationalUnit,
    /// An account of an organization.
    OrganizationAccount,
    /// A `CreateAccount` request.
    CreateAccountRequest,
    /// A delegated administrator registration.
    DelegatedAdministrator,
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResourceKind::User => "user",
            ResourceKind::Role => "role",
            ResourceKind::Group => "group",
            ResourceKind::Policy => "policy",
            ResourceKind::PolicyVersion => "policy version",
            ResourceKind::InlinePolicy => "inline policy",
            ResourceKind::PasswordPolicy => "password policy",
            ResourceKind::AccountAlias => "account alias",
            ResourceKind::AccessKey => "access key",
            ResourceKind::MfaDevice => "MFA device",
            ResourceKind::CredentialReport => "credential report",
            ResourceKind::Instance => "Identity Center instance",
            ResourceKind::DirectoryUser => "identity-store user",
            ResourceKind::DirectoryGroup => "identity-store group",
            ResourceKind::GroupMembership => "group membership",
            ResourceKind::PermissionSet => "permission set",
            ResourceKind::AccountAssignment => "account assignment",
            ResourceKind::Organization => "organization",
            ResourceKind::OrganizationRoot => "organization root",
            ResourceKind::OrganizationalUnit => "organizational unit",
            ResourceKind::OrganizationAccount => "account",
            ResourceKind::CreateAccountRequest => "create-account request",
            ResourceKind::DelegatedAdministrator => "delegated administrator",
        })
    }
}

/// Input rejected before any API call: which field, and why.
///
/// `field` is a path into the input (`password_policy.minimum_length`,
/// `roles[1].trust.statement[0].Principal`), so a message points at what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field}: {reason}")]
pub struct ValidationError {
    field: String,
    reason: ValidationReason,
}

impl ValidationError {
    /// A validation error for `field`.
    pub fn new(field: impl Into<String>, reason: ValidationReason) -> Self {
        Self {
            field: field.into(),
            reason,
        }
    }

    /// The path of the field that was rejected.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// Why it was rejected.
    pub fn reason(&self) -> &ValidationReason {
        &self.reason
    }

    /// The same error with `prefix` put in front of the field path
    /// (`name` inside `roles[2]` becomes `roles[2].name`).
    #[must_use]
    pub fn within(mut self, prefix: impl fmt::Display) -> Self {
        self.field = if self.field.is_empty() {
            prefix.to_string()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        self
    }
}

/// Why a value was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationReason {
    /// A required value was not given.
    #[error("a value is required")]
    Missing,
    /// The value's length is outside the allowed range.
    #[error("length must be {min} to {max} characters, got {actual}")]
    Length {
        /// The shortest allowed length.
        min: usize,
        /// The longest allowed length.
        max: usize,
        /// The length given.
        actual: usize,
    },
    /// The value contains a character that is not allowed.
    #[error("character {character:?} at position {position} is not allowed (allowed: {allowed})")]
    Character {
        /// The offending character.
        character: char,
        /// Its zero-based position (in characters).
        position: usize,
        /// What is allowed, in words.
        allowed: &'static str,
    },
    /// A number is outside the allowed range.
    #[error("must be between {min} and {max}, got {actual}")]
    Range {
        /// The smallest allowed value.
        min: i64,
        /// The largest allowed value.
        max: i64,
        /// The value given.
        actual: i64,
    },
    /// The value does not have the expected form.
    #[error("expected {expected}, got {actual:?}")]
    Format {
        /// The expected form, in words.
        expected: String,
        /// The value given (never a secret).
        actual: String,
    },
    /// A policy document is invalid.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The value is well-formed but not allowed here.
    #[error("{0}")]
    NotAllowed(String),
    /// A spec file could not be read as a spec.
    #[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    SpecFile {
        /// The 1-based line of the problem, when the parser knows it.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
}
