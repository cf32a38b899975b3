//! The two ways every I/O call is offered to Python: blocking (on the shared runtime, with
//! the GIL released so other Python threads run, Ctrl-C honoured) and as a coroutine (the
//! `_async` twin, an [`AsyncCall`]).

use std::future::Future;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;

use crate::awaitable::{AsyncCall, Deliver};
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
    Ok(runtime::block_on(py, call(aws))??)
}

/// `call(aws)` as a coroutine; its result converted with `wrap`.
pub(crate) fn awaitable<T, P, F, Fut>(aws: &Bound<'_, PyAws>, call: F, wrap: fn(T) -> P) -> AsyncCall
where
    F: FnOnce(iam_bootstrap::Aws) -> Fut + Send + 'static,
    Fut: Future<Output = iam_bootstrap::Result<T>> + Send + 'static,
    T: Send + 'static,
    P: for<'py> IntoPyObject<'py> + Send + 'static,
{
    let aws = aws.get().0.clone();
    coroutine(async move { call(aws).await.map(wrap).map_err(PyIamError::from) })
}

/// Any future whose result Python can take, as a coroutine. The result (or error) is
/// converted to Python objects only when the awaiting task picks it up, on the loop's
/// thread: runtime threads never build Python objects.
pub(crate) fn coroutine<P, Fut>(future: Fut) -> AsyncCall
where
    Fut: Future<Output = PyIamResult<P>> + Send + 'static,
    P: for<'py> IntoPyObject<'py> + Send + 'static,
{
    AsyncCall::new(async move {
        let result = future.await;
        Box::new(move |py: Python<'_>| {
            let value = result.map_err(PyErr::from)?;
            Ok(value.into_bound_py_any(py)?.unbind())
        }) as Deliver
    })
}
