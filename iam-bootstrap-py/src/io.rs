//! The two ways every I/O call is offered to Python: blocking (on the shared runtime, with
//! the GIL released so other Python threads run) and as an awaitable (the `_async` twin).

use std::future::Future;

use pyo3::prelude::*;
use pyo3::types::PyAny;

use crate::aws::PyAws;
use crate::error::{PyIamError, PyIamResult};
use crate::runtime;

/// Runs `call(aws)` to completion with the GIL released.
pub(crate) fn blocking<T, F, Fut>(py: Python<'_>, aws: &Bound<'_, PyAws>, call: F) -> PyIamResult<T>
where
    F: FnOnce(iam_bootstrap::Aws) -> Fut + Send,
    Fut: Future<Output = iam_bootstrap::Result<T>> + Send,
    T: Send,
{
    let aws = aws.get().0.clone();
    let rt = runtime::get()?;
    Ok(py.detach(|| rt.block_on(call(aws)))?)
}

/// `call(aws)` as a Python awaitable; its result converted with `wrap`.
pub(crate) fn awaitable<'py, T, P, F, Fut>(
    py: Python<'py>,
    aws: &Bound<'py, PyAws>,
    call: F,
    wrap: fn(T) -> P,
) -> PyResult<Bound<'py, PyAny>>
where
    F: FnOnce(iam_bootstrap::Aws) -> Fut + Send + 'static,
    Fut: Future<Output = iam_bootstrap::Result<T>> + Send + 'static,
    T: Send + 'static,
    P: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let aws = aws.get().0.clone();
    runtime::future_into_py(py, async move {
        let value = call(aws).await.map_err(PyIamError::from)?;
        Ok(wrap(value))
    })
}
