//! Rust errors to Python exceptions: one class per variant of `iam_bootstrap::Error`, all
//! deriving from `IamBootstrapError`, with the attributes that say what failed.
//!
//! The classes are defined in Python (`iam_bootstrap/exceptions.py`): only there can they
//! also derive from the builtins (`TimeoutError`, `LookupError`, `ValueError`), take
//! keyword attributes and pickle. The extension imports them when it first raises one.

use std::time::Duration;

use iam_bootstrap::Error as E;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

/// Either a core error or a Python one, so `?` works on both in binding code.
#[derive(Debug)]
pub(crate) enum PyIamError {
    Core(iam_bootstrap::Error),
    Py(PyErr),
}

impl From<iam_bootstrap::Error> for PyIamError {
    fn from(err: iam_bootstrap::Error) -> Self {
        PyIamError::Core(err)
    }
}

impl From<iam_bootstrap::ValidationError> for PyIamError {
    fn from(err: iam_bootstrap::ValidationError) -> Self {
        PyIamError::Core(err.into())
    }
}

impl From<PyErr> for PyIamError {
    fn from(err: PyErr) -> Self {
        PyIamError::Py(err)
    }
}

pub(crate) type PyIamResult<T> = Result<T, PyIamError>;

/// Rust spellings in the core's messages, and what a Python user writes instead.
const PYTHON_WORDS: &[(&str, &str)] = &[
    ("`RootAccessKeys::Keep`", "`root_access_keys=\"keep\"`"),
    (
        "`RootAccessKeys::Deactivate`",
        "`root_access_keys=\"deactivate\"`",
    ),
    ("`RootAccessKeys::Delete`", "`root_access_keys=\"delete\"`"),
    ("(InstanceChoice::ByArn)", "(`instance_arn=...`)"),
];

/// `text` with the Rust spellings of options replaced by their Python keyword arguments.
pub(crate) fn python_words(text: &str) -> String {
    PYTHON_WORDS
        .iter()
        .fold(text.to_owned(), |text, (rust, python)| text.replace(rust, python))
}

/// The error's message followed by its causes (`a: b: c`), in Python's words.
fn chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    python_words(&message)
}

/// `iam_bootstrap.exceptions`, imported once.
fn exceptions(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("iam_bootstrap.exceptions").map(Bound::unbind))
        .map(|module| module.bind(py))
}

/// An instance of the exception class `class`, with `message` and keyword attributes.
fn instance<'py>(
    py: Python<'py>,
    class: &str,
    message: String,
    attributes: &[(&str, Bound<'py, PyAny>)],
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    for (name, value) in attributes {
        kwargs.set_item(name, value)?;
    }
    exceptions(py)?.getattr(class)?.call((message,), Some(&kwargs))
}

/// A serde-named value (`permission_set` for `ResourceKind::PermissionSet`).
fn serde_name<T: serde::Serialize + std::fmt::Display>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| value.to_string())
}

/// The Python exception for a core error (its class, message and attributes).
/// The reason of a precondition error as Python sees it: the variant's snake_case name.
fn precondition_reason(reason: &iam_bootstrap::PreconditionReason) -> &'static str {
    use iam_bootstrap::PreconditionReason as R;
    match reason {
        R::NotOwned { .. } => "not_owned",
        R::IdentityCenterNotEnabled => "identity_center_not_enabled",
        R::AmbiguousInstance { .. } => "ambiguous_instance",
        R::UnknownInstance { .. } => "unknown_instance",
        R::NotRootSession { .. } => "not_root_session",
        R::MissingReference { .. } => "missing_reference",
        R::RolePathMismatch { .. } => "role_path_mismatch",
        R::MfaCodesUnavailable => "mfa_codes_unavailable",
        R::NoOrganizationsBackend => "no_organizations_backend",
        R::DeletionsNotAllowed { .. } => "deletions_not_allowed",
        R::NotInOrganization => "not_in_organization",
        R::ManagementAccountReserved { .. } => "management_account_reserved",
        R::NoAccessAnalyzerBackend => "no_access_analyzer_backend",
        R::AccessCheckFailed { .. } => "access_check_failed",
        R::NoCloudFormationBackend => "no_cloudformation_backend",
        R::StackSetNotOwned { .. } => "stack_set_not_owned",
        R::StackSetRolloutFailed { .. } => "stack_set_rollout_failed",
        R::OrganizationWithoutAllFeatures => "organization_without_all_features",
        R::NotRootAccessAdministrator { .. } => "not_root_access_administrator",
        // Non-exhaustive: a reason added later still has a name.
        _ => "other",
    }
}

/// `iam:GetRole`, or None.
fn operation_name<'py>(
    py: Python<'py>,
    operation: Option<&iam_bootstrap::client::Operation>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(operation.map(ToString::to_string).into_pyobject(py)?.into_any())
}

fn exception<'py>(py: Python<'py>, core: &E) -> PyResult<Bound<'py, PyAny>> {
    let message = chain(core);
    let s = |text: &str| text.into_pyobject(py).map(|v| v.into_any());
    match core {
        E::Validation(v) => instance(
            py,
            "ValidationError",
            message,
            &[
                ("field", s(v.field())?),
                ("reason", s(&python_words(&v.reason().to_string()))?),
                ("line", v.line().into_pyobject(py)?.into_any()),
            ],
        ),
        E::NotFound {
            operation, resource, ..
        }
        | E::AlreadyExists {
            operation, resource, ..
        } => instance(
            py,
            if matches!(core, E::NotFound { .. }) {
                "NotFoundError"
            } else {
                "AlreadyExistsError"
            },
            message,
            &[
                ("kind", s(&serde_name(&resource.kind))?),
                ("name", s(&resource.name)?),
                ("operation", operation_name(py, operation.as_ref())?),
            ],
        ),
        E::AccessDenied {
            operation, resource, ..
        } => instance(
            py,
            "AccessDeniedError",
            message,
            &[
                ("operation", s(&operation.to_string())?),
                (
                    "kind",
                    resource
                        .as_ref()
                        .map(|r| serde_name(&r.kind))
                        .into_pyobject(py)?
                        .into_any(),
                ),
                (
                    "name",
                    resource
                        .as_ref()
                        .map(|r| r.name.as_str())
                        .into_pyobject(py)?
                        .into_any(),
                ),
            ],
        ),
        E::Throttled { operation, .. } => instance(
            py,
            "ThrottledError",
            message,
            &[("operation", s(&operation.to_string())?)],
        ),
        E::Conflict { operation, .. } => instance(
            py,
            "ConflictError",
            message,
            &[("operation", s(&operation.to_string())?)],
        ),
        E::LimitExceeded {
            operation,
            message: limit,
            ..
        } => instance(
            py,
            "LimitExceededError",
            message,
            &[("operation", s(&operation.to_string())?), ("limit", s(limit)?)],
        ),
        E::Service { operation, code, .. } => instance(
            py,
            "ServiceError",
            message,
            &[
                ("operation", s(&operation.to_string())?),
                ("code", code.as_deref().into_pyobject(py)?.into_any()),
            ],
        ),
        E::Precondition {
            reason,
            problem,
            remedy,
        } => instance(
            py,
            "PreconditionError",
            message,
            &[
                ("reason", s(precondition_reason(reason))?),
                ("problem", s(&python_words(problem))?),
                ("remedy", s(&python_words(remedy))?),
            ],
        ),
        E::AsyncFailed {
            operation,
            request_id,
            reason,
        } => instance(
            py,
            "AsyncFailedError",
            message,
            &[
                ("operation", s(&operation.to_string())?),
                ("request_id", s(request_id)?),
                ("reason", s(reason)?),
            ],
        ),
        // A failed account creation is an asynchronous failure; `reason` is AWS's code.
        E::AccountCreationFailed {
            request_id, reason, ..
        } => instance(
            py,
            "AsyncFailedError",
            message,
            &[
                (
                    "operation",
                    s(&iam_bootstrap::client::Operation::CreateAccount.to_string())?,
                ),
                ("request_id", s(request_id)?),
                ("reason", s(&reason.to_string())?),
            ],
        ),
        E::Timeout { what, waited } => instance(
            py,
            "TimeoutError",
            message,
            &[
                ("what", s(what)?),
                (
                    "waited",
                    Duration::as_secs_f64(waited).into_pyobject(py)?.into_any(),
                ),
            ],
        ),
        E::Transport { operation, .. } => instance(
            py,
            "TransportError",
            message,
            &[("operation", s(&operation.to_string())?)],
        ),
        E::StalePlan {
            step,
            change,
            resource,
        } => instance(
            py,
            "StalePlanError",
            message,
            &[
                ("step", step.into_pyobject(py)?.into_any()),
                ("change", s(change)?),
                ("resource", s(resource)?),
            ],
        ),
        E::CallTimeout { operation, .. } => instance(
            py,
            "CallTimeoutError",
            message,
            &[("operation", s(&operation.to_string())?)],
        ),
        E::Apply { step, change, source } => {
            // Raised *from* the step's own error, so `except`/`isinstance` see its type.
            let cause = exception(py, source)?;
            instance(
                py,
                "ApplyError",
                message,
                &[
                    ("step", step.into_pyobject(py)?.into_any()),
                    ("change", s(change)?),
                    ("cause", cause),
                ],
            )
        }
        // `Error` is non-exhaustive: a variant added later is still an `IamBootstrapError`.
        _ => exceptions(py)?.getattr("IamBootstrapError")?.call1((message,)),
    }
}

impl From<PyIamError> for PyErr {
    fn from(err: PyIamError) -> Self {
        match err {
            PyIamError::Py(err) => err,
            PyIamError::Core(core) => Python::attach(|py| match exception(py, &core) {
                Ok(value) => PyErr::from_value(value),
                // Only if the package's own module cannot be imported: say so.
                Err(err) => err,
            }),
        }
    }
}

/// The package's base exception with `message`, for failures that have no core variant
/// (a value that cannot be serialized, say): never a bare builtin.
pub(crate) fn package_error(message: impl std::fmt::Display) -> PyErr {
    Python::attach(|py| {
        match exceptions(py).and_then(|m| m.getattr("IamBootstrapError")?.call1((message.to_string(),))) {
            Ok(value) => PyErr::from_value(value),
            Err(err) => err,
        }
    })
}
