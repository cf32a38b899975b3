//! The crate's one error type, and the validation error every builder returns.
//!
//! Messages are lowercase and carry no trailing period. Most do not repeat their source's
//! text (walk [`std::error::Error::source`] for the chain; the Python bindings join it); the
//! two that wrap a cause several layers deep say it themselves: [`Error::Apply`] ends with
//! its root cause, and [`Error::Transport`] with what the connection answered.

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
///
/// # Example
///
/// ```
/// use iam_bootstrap::{Error, PasswordPolicy};
///
/// // Bad input is `Error::Validation` naming the field, before any call.
/// let err: Error = PasswordPolicy::builder().minimum_password_length(200).build().unwrap_err().into();
/// match &err {
///     Error::Validation(invalid) => assert!(invalid.field().contains("minimum_password_length")),
///     other => panic!("unexpected {other}"),
/// }
/// assert!(!err.is_retryable());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input was rejected before any API call was made.
    #[error(transparent)]
    Validation(#[from] ValidationError),

    /// The resource does not exist.
    ///
    /// Build one (in a mock, say) with [`Error::not_found`], and
    /// [`Error::calling`] to name the call.
    #[error("{resource} not found{}", calling(operation))]
    #[non_exhaustive]
    NotFound {
        /// The API operation that did not find it (`None` when the library itself looked
        /// for it in what a list call returned, or a backend did not say).
        operation: Option<Operation>,
        /// What was looked for.
        resource: Resource,
        /// The backend's error, if any.
        #[source]
        source: Option<BoxError>,
    },

    /// The resource exists already.
    ///
    /// Build one with [`Error::already_exists`], and [`Error::calling`] to name the call.
    #[error("{resource} already exists{}", calling(operation))]
    #[non_exhaustive]
    AlreadyExists {
        /// The API operation that would have created it (`None` when a backend did not say).
        operation: Option<Operation>,
        /// What was to be created.
        resource: Resource,
        /// The backend's error, if any.
        #[source]
        source: Option<BoxError>,
    },

    /// The caller may not perform the operation.
    ///
    /// Build one with [`Error::access_denied`], and [`Error::on`] to name the resource.
    #[error("access denied calling {operation}{}", on(resource))]
    #[non_exhaustive]
    AccessDenied {
        /// The API operation that was refused.
        operation: Operation,
        /// What it would have acted on (`None` for calls on no single resource, such as a
        /// list, or a refusal injected by a test layer).
        resource: Option<Resource>,
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

    /// The request never got an answer: the connection was refused or reset, the name did
    /// not resolve, or TLS failed (a call that ran out of time is [`Error::CallTimeout`]).
    /// The message ends with the innermost
    /// cause (`Connection refused`), which is several sources deep.
    #[error("could not reach the service calling {operation}: {}", innermost(source.as_ref()))]
    Transport {
        /// The API operation that was being sent.
        operation: Operation,
        /// The SDK's error.
        #[source]
        source: BoxError,
    },

    /// The account is not in a state where the request can be carried out; `remedy` says
    /// what to do about it.
    #[error("{problem}; {remedy}")]
    Precondition {
        /// Which precondition failed, for code to match on.
        reason: PreconditionReason,
        /// What is missing or wrong, in words.
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

    /// Organizations gave up creating an account: its `CreateAccount` request ended FAILED.
    #[error("creating account `{account}` failed: {reason} ({})", reason.remedy())]
    AccountCreationFailed {
        /// The account's name.
        account: String,
        /// The `CreateAccount` request.
        request_id: String,
        /// Why, typed.
        reason: crate::organization::CreateAccountFailure,
    },

    /// A bounded wait gave up.
    #[error("gave up waiting for {what} after {waited:?}")]
    Timeout {
        /// What was being waited for.
        what: String,
        /// How long the wait lasted.
        waited: Duration,
    },

    /// A call got no answer in time: the connect, attempt or operation timeout of the
    /// connection ran out (see `SdkBackendBuilder`); the source says which.
    #[error("no answer calling {operation} in time")]
    CallTimeout {
        /// The API operation that got no answer.
        operation: Operation,
        /// The backend's error.
        #[source]
        source: Option<BoxError>,
    },

    /// A plan is applied to an account that is no longer as the plan saw it: the resource
    /// that `change` writes was changed since it was planned. Nothing was written; plan
    /// again, review, apply the new plan.
    #[error("plan step {step} ({change}) is stale: {resource} changed since the plan was made; plan again")]
    StalePlan {
        /// The zero-based index of the first change that writes the resource.
        step: usize,
        /// That change, as printed in the plan.
        change: String,
        /// The resource that changed (`role:deployer`).
        resource: String,
    },

    /// A step of [`Plan::apply`](crate::Plan::apply) failed; the steps before it were applied.
    /// The message ends with the root cause's (`source()` still returns the error itself).
    #[error("plan step {step} ({change}) failed: {}", cause_text(source))]
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

    /// [`Error::NotFound`] for `kind` `name`, with no operation and no source yet.
    ///
    /// ```
    /// use iam_bootstrap::{Error, ResourceKind, client::Operation};
    ///
    /// let err = Error::not_found(ResourceKind::Role, "ci-deployer").calling(Operation::AttachRolePolicy);
    /// assert!(err.is_not_found());
    /// assert_eq!(err.to_string(), "role `ci-deployer` not found calling iam:AttachRolePolicy");
    /// ```
    pub fn not_found(kind: ResourceKind, name: impl Into<String>) -> Self {
        Error::NotFound {
            operation: None,
            resource: Resource::new(kind, name),
            source: None,
        }
    }

    /// [`Error::AlreadyExists`] for `kind` `name`, with no operation and no source yet.
    pub fn already_exists(kind: ResourceKind, name: impl Into<String>) -> Self {
        Error::AlreadyExists {
            operation: None,
            resource: Resource::new(kind, name),
            source: None,
        }
    }

    /// [`Error::AccessDenied`] for `operation`, with no resource and no source yet.
    ///
    /// ```
    /// use iam_bootstrap::{Error, ResourceKind, client::Operation};
    ///
    /// let err = Error::access_denied(Operation::CreateRole).on(ResourceKind::Role, "ci-deployer");
    /// assert_eq!(err.to_string(), "access denied calling iam:CreateRole on role `ci-deployer`");
    /// assert_eq!(err.operation(), Some(Operation::CreateRole));
    /// assert_eq!(err.resource().map(|r| r.name.as_str()), Some("ci-deployer"));
    /// ```
    pub fn access_denied(operation: Operation) -> Self {
        Error::AccessDenied {
            operation,
            resource: None,
            source: None,
        }
    }

    /// The same error, naming `operation` as the call that failed, when it names none yet
    /// ([`Error::NotFound`], [`Error::AlreadyExists`]); other errors are returned as they are.
    #[must_use]
    pub fn calling(mut self, operation: Operation) -> Self {
        if let Error::NotFound { operation: op, .. } | Error::AlreadyExists { operation: op, .. } = &mut self
        {
            op.get_or_insert(operation);
        }
        self
    }

    /// The same error, naming the resource `kind` `name` the refused call was about, when
    /// it names none yet ([`Error::AccessDenied`]); other errors are returned as they are.
    #[must_use]
    pub fn on(mut self, kind: ResourceKind, name: impl Into<String>) -> Self {
        if let Error::AccessDenied { resource, .. } = &mut self {
            resource.get_or_insert_with(|| Resource::new(kind, name));
        }
        self
    }

    /// The same error with `source` as its backend cause ([`Error::NotFound`],
    /// [`Error::AlreadyExists`], [`Error::AccessDenied`]); other errors are returned as
    /// they are.
    #[must_use]
    pub fn with_source(mut self, cause: impl Into<BoxError>) -> Self {
        if let Error::NotFound { source, .. }
        | Error::AlreadyExists { source, .. }
        | Error::AccessDenied { source, .. } = &mut self
        {
            *source = Some(cause.into());
        }
        self
    }

    /// The API operation this error is about, whatever its variant (`None` for errors
    /// that are not about one call, such as [`Error::Validation`]).
    pub fn operation(&self) -> Option<Operation> {
        match self.root_cause() {
            Error::NotFound { operation, .. } | Error::AlreadyExists { operation, .. } => *operation,
            Error::AccessDenied { operation, .. }
            | Error::Throttled { operation, .. }
            | Error::Conflict { operation, .. }
            | Error::LimitExceeded { operation, .. }
            | Error::Service { operation, .. }
            | Error::Transport { operation, .. }
            | Error::AsyncFailed { operation, .. }
            | Error::CallTimeout { operation, .. } => Some(*operation),
            _ => None,
        }
    }

    /// The resource this error is about ([`Error::NotFound`], [`Error::AlreadyExists`],
    /// and [`Error::AccessDenied`] when it names one), looking through [`Error::Apply`].
    pub fn resource(&self) -> Option<&Resource> {
        match self.root_cause() {
            Error::NotFound { resource, .. } | Error::AlreadyExists { resource, .. } => Some(resource),
            Error::AccessDenied { resource, .. } => resource.as_ref(),
            _ => None,
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

/// ` calling iam:GetRole`, or nothing.
fn calling(operation: &Option<Operation>) -> String {
    operation.map(|op| format!(" calling {op}")).unwrap_or_default()
}

/// ` on role `name``, or nothing.
fn on(resource: &Option<Resource>) -> String {
    resource.as_ref().map(|r| format!(" on {r}")).unwrap_or_default()
}

/// A resource an error is about: its kind and its name, ARN or ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Resource {
    /// What kind of resource.
    pub kind: ResourceKind,
    /// Its name, ARN or ID.
    pub name: String,
}

impl Resource {
    /// The resource `kind` `name`.
    pub fn new(kind: ResourceKind, name: impl Into<String>) -> Self {
        Self {
            kind,
            name: name.into(),
        }
    }
}

impl fmt::Display for Resource {
    /// `role `ci-deployer``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.kind, self.name)
    }
}

/// The innermost error of a `source()` chain, as text.
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// `err`'s root cause, followed by the innermost backend message when that says more
/// (`CreateRole failed with MalformedPolicyDocument: Syntax errors in policy`).
fn cause_text(err: &Error) -> String {
    let root = err.root_cause();
    let text = root.to_string();
    let Some(source) = std::error::Error::source(root) else {
        return text;
    };
    let detail = innermost(source);
    if detail.is_empty() || text.contains(&detail) {
        text
    } else {
        format!("{text}: {detail}")
    }
}

/// Why an account is not in a state where a request can be carried out
/// ([`Error::Precondition`]): match on this rather than on the message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PreconditionReason {
    /// The resource exists but was not created by iam-bootstrap (it lacks the ownership
    /// tag) and would have to change; the spec must adopt it, or name another one.
    NotOwned {
        /// What kind of resource.
        kind: ResourceKind,
        /// Its name or ARN.
        name: String,
    },
    /// IAM Identity Center is not enabled in the account and region.
    IdentityCenterNotEnabled,
    /// There are several Identity Center instances and the spec did not choose one.
    AmbiguousInstance {
        /// The ARNs of the instances.
        instances: Vec<crate::names::InstanceArn>,
    },
    /// No Identity Center instance has the ARN the spec chose.
    UnknownInstance {
        /// The ARN the spec chose.
        arn: crate::names::InstanceArn,
    },
    /// Only the root user can do this, and the caller is not a root session.
    NotRootSession {
        /// The caller's ARN.
        caller: String,
    },
    /// The spec refers to a resource that neither exists nor is in the spec.
    MissingReference {
        /// What kind of resource.
        kind: ResourceKind,
        /// Its name.
        name: String,
    },
    /// A role exists at another path than the spec's, and IAM cannot move roles.
    RolePathMismatch {
        /// The role.
        role: String,
        /// The path it has.
        path: String,
    },
    /// The source of MFA codes failed (a caller-supplied callback, say).
    MfaCodesUnavailable,
    /// The handle (or SDK backend) was built without an Organizations backend.
    NoOrganizationsBackend,
    /// The plan deletes resources (it prunes or destroys) and the apply did not opt in with
    /// [`ApplyOptions::allow_deletions`](crate::ApplyOptions::allow_deletions).
    DeletionsNotAllowed {
        /// How many of the plan's changes delete something.
        deletions: usize,
    },
    /// The spec selects accounts of an organization, and the caller's account is in none.
    NotInOrganization,
    /// A caller other than the organization's management account (a delegated
    /// administrator of IAM Identity Center) would assign in the management account, or
    /// change a permission set provisioned to it: AWS allows that to the management
    /// account only.
    ManagementAccountReserved {
        /// The management account.
        management_account: String,
    },
    /// The handle (or SDK backend) was built without an Access Analyzer backend.
    NoAccessAnalyzerBackend,
    /// The organization has consolidated billing only; the request needs all features.
    OrganizationWithoutAllFeatures,
    /// The caller is neither the organization's management account nor a delegated
    /// administrator for `iam.amazonaws.com`, so it cannot manage member accounts' root users.
    NotRootAccessAdministrator {
        /// The caller's account.
        caller_account: String,
    },
    /// A role change would grant access that a check the role spec asked for forbids
    /// (`CheckNoNewAccess`, `CheckAccessNotGranted`, `CheckNoPublicAccess`).
    AccessCheckFailed {
        /// The role.
        role: String,
        /// The check that failed (`no_new_access`, `access_not_granted`, `no_public_access`);
        /// the error's problem says why, as the checker put it.
        check: &'static str,
    },
    /// The handle (or SDK backend) was built without a CloudFormation backend.
    NoCloudFormationBackend,
    /// A StackSet of the spec's name exists and the library does not own it (no ownership
    /// tag, or self-managed permissions): it is neither adopted nor rewritten.
    StackSetNotOwned {
        /// The StackSet.
        name: String,
    },
    /// A spec's StackSet rollout left accounts failed (or its operation failed), so the
    /// steps that need what it deploys (a permission set's customer managed policies)
    /// were not started.
    StackSetRolloutFailed {
        /// The StackSet.
        stack_set: String,
        /// The accounts that failed (empty when the operation failed as a whole).
        accounts: Vec<crate::names::AccountId>,
    },
}

/// The kinds of resources named in errors ([`Resource`]).
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
    /// A user's (or the root user's) password: its login profile.
    LoginProfile,
    /// An X.509 signing certificate.
    SigningCertificate,
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
    /// A tag on accounts of an organization (`env=prod`), as an account selector names it.
    AccountTag,
    /// An Access Analyzer policy-generation job.
    PolicyGenerationJob,
    /// An IAM service-last-accessed report job.
    LastAccessedJob,
    /// A CloudFormation StackSet.
    StackSet,
    /// A StackSet operation.
    StackSetOperation,
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
            ResourceKind::LoginProfile => "login profile",
            ResourceKind::SigningCertificate => "signing certificate",
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
            ResourceKind::AccountTag => "account tag",
            ResourceKind::PolicyGenerationJob => "policy-generation job",
            ResourceKind::LastAccessedJob => "service-last-accessed job",
            ResourceKind::StackSet => "stack set",
            ResourceKind::StackSetOperation => "stack set operation",
        })
    }
}

/// Input rejected before any API call: which field, and why.
///
/// `field` is the whole path to the value at fault, in the spec's own keys
/// (`admin.user.user_name`, `roles[1].trust.repository`; a builder's error names the key
/// relative to what it builds: `name`, `trust.repository`), so a message points at what to
/// fix. An error from a spec file also carries the 1-based line of that key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field}: {}{reason}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ValidationError {
    // Box<str>, with the u32 line, keeps `Error` as small as before the line was added.
    field: Box<str>,
    reason: ValidationReason,
    // u32 keeps `Error` small (clippy's result_large_err); a spec has fewer lines.
    line: Option<std::num::NonZeroU32>,
}

impl ValidationError {
    /// A validation error for `field`.
    pub fn new(field: impl Into<String>, reason: ValidationReason) -> Self {
        Self {
            field: field.into().into_boxed_str(),
            reason,
            line: None,
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

    /// The 1-based line of the rejected key in the spec file it came from (`None` for
    /// input that did not come from a file, or when the file has no such key: a missing
    /// value is reported at the line of the table that lacks it).
    pub fn line(&self) -> Option<usize> {
        self.line.map(|l| l.get() as usize)
    }

    /// The same error with `prefix` put in front of the field path
    /// (`name` inside `roles[2]` becomes `roles[2].name`).
    #[must_use]
    pub fn within(mut self, prefix: impl fmt::Display) -> Self {
        let prefix = prefix.to_string();
        let field = if self.field.is_empty() {
            prefix
        } else if prefix.is_empty() {
            self.field.into_string()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        self.field = field.into_boxed_str();
        self
    }

    /// The same reason for another field: a name type says what it checks (`role name`),
    /// the builder that took it says which key held it (`name`).
    #[must_use]
    pub(crate) fn at(mut self, field: impl Into<String>) -> Self {
        self.field = field.into().into_boxed_str();
        self
    }

    /// The same error, located at `line` of its spec file.
    #[must_use]
    pub(crate) fn on_line(mut self, line: Option<usize>) -> Self {
        self.line = line
            .and_then(|l| u32::try_from(l).ok())
            .and_then(std::num::NonZeroU32::new);
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
    /// A spec file could not be read as a spec: its syntax, an unknown key, a value of the
    /// wrong type. (The line is [`ValidationError::line`].)
    #[error("{message}")]
    SpecFile {
        /// What the parser says is wrong.
        message: String,
    },
}
