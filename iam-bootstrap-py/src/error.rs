//! Rust errors to Python exceptions: one hierarchy rooted at `IamBootstrapError`.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    _iam_bootstrap,
    IamBootstrapError,
    PyException,
    "Base class of every iam_bootstrap error."
);
create_exception!(
    _iam_bootstrap,
    ValidationError,
    IamBootstrapError,
    "Input was rejected before any API call."
);
create_exception!(
    _iam_bootstrap,
    NotFoundError,
    IamBootstrapError,
    "A resource does not exist."
);
create_exception!(
    _iam_bootstrap,
    AlreadyExistsError,
    IamBootstrapError,
    "A resource exists already."
);
create_exception!(
    _iam_bootstrap,
    AccessDeniedError,
    IamBootstrapError,
    "The caller may not perform the operation."
);
create_exception!(
    _iam_bootstrap,
    ThrottledError,
    IamBootstrapError,
    "The service throttled the call and retries did not get through."
);
create_exception!(
    _iam_bootstrap,
    ConflictError,
    IamBootstrapError,
    "The call conflicted with another one and retries did not get through."
);
create_exception!(
    _iam_bootstrap,
    PreconditionError,
    IamBootstrapError,
    "The account is not in a state where this can be done; the message says what to do."
);
create_exception!(
    _iam_bootstrap,
    TimeoutError,
    IamBootstrapError,
    "A bounded wait gave up."
);
create_exception!(
    _iam_bootstrap,
    ApplyError,
    IamBootstrapError,
    "A step of Plan.apply failed; the steps before it were applied."
);

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

/// The error's message followed by its causes (`a: b: c`).
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
    message
}

impl From<PyIamError> for PyErr {
    fn from(err: PyIamError) -> Self {
        use iam_bootstrap::Error as E;
        let core = match err {
            PyIamError::Py(err) => return err,
            PyIamError::Core(core) => core,
        };
        let message = chain(&core);
        match &core {
            E::Validation(v) => {
                let err = ValidationError::new_err(message);
                // Tests and callers read which field was rejected without parsing text.
                Python::attach(|py| {
                    let _ = err.value(py).setattr("field", v.field());
                    let _ = err.value(py).setattr("line", v.line());
                });
                err
            }
            E::NotFound { .. } => NotFoundError::new_err(message),
            E::AlreadyExists { .. } => AlreadyExistsError::new_err(message),
            E::AccessDenied { .. } => AccessDeniedError::new_err(message),
            E::Throttled { .. } => ThrottledError::new_err(message),
            E::Conflict { .. } => ConflictError::new_err(message),
            E::Precondition { .. } => PreconditionError::new_err(message),
            E::Timeout { .. } => TimeoutError::new_err(message),
            E::Apply { step, .. } => {
                let err = ApplyError::new_err(message);
                Python::attach(|py| {
                    let _ = err.value(py).setattr("step", *step);
                });
                err
            }
            _ => IamBootstrapError::new_err(message),
        }
    }
}

/// Adds the exception classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("IamBootstrapError", py.get_type::<IamBootstrapError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("AlreadyExistsError", py.get_type::<AlreadyExistsError>())?;
    m.add("AccessDeniedError", py.get_type::<AccessDeniedError>())?;
    m.add("ThrottledError", py.get_type::<ThrottledError>())?;
    m.add("ConflictError", py.get_type::<ConflictError>())?;
    m.add("PreconditionError", py.get_type::<PreconditionError>())?;
    m.add("TimeoutError", py.get_type::<TimeoutError>())?;
    m.add("ApplyError", py.get_type::<ApplyError>())?;
    Ok(())
}
