//! The tokio runtime the blocking calls run on.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use std::sync::OnceLock;

/// The pid that created the runtime: a forked child inherits the memory but not the
/// runtime's threads, so using it there would hang. We refuse instead.
static OWNER_PID: OnceLock<u32> = OnceLock::new();

/// The shared runtime (pyo3-async-runtimes' own, so async twins and blocking calls share it).
pub(crate) fn get() -> PyResult<&'static tokio::runtime::Runtime> {
    let pid = std::process::id();
    let owner = *OWNER_PID.get_or_init(|| pid);
    if owner != pid {
        return Err(PyRuntimeError::new_err(
            "iam_bootstrap cannot be used in a process forked after it was first used; \
             import and use it in the child only, or use the 'spawn' start method",
        ));
    }
    crate::logs::refresh();
    Ok(pyo3_async_runtimes::tokio::get_runtime())
}

/// `pyo3_async_runtimes::tokio::future_into_py`, after refreshing the log levels as
/// [`get`] does for blocking calls.
pub(crate) fn future_into_py<F, T>(py: Python<'_>, future: F) -> PyResult<Bound<'_, PyAny>>
where
    F: std::future::Future<Output = PyResult<T>> + Send + 'static,
    T: for<'py> IntoPyObject<'py> + Send + 'static,
{
    crate::logs::refresh();
    pyo3_async_runtimes::tokio::future_into_py(py, future)
}
