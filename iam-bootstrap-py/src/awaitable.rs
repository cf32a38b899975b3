//! `AsyncCall`: what every `_async` function returns, a coroutine over a Rust future.
//!
//! Nothing runs when it is created, so `asyncio.run(spec.plan_async(aws))`,
//! `asyncio.create_task` and task groups all work (they want a coroutine; an
//! `asyncio.Future` made at call time needs a running loop and is refused by them). The
//! first `send` (the first step of the task awaiting it) spawns the Rust future on the
//! runtime and waits on an `asyncio.Future` of the running loop. When the Rust future
//! finishes, its result is stored on the Rust side and the loop is woken through
//! `call_soon_threadsafe` (via [`runtime::with_python`], never after the interpreter
//! started exiting); the result becomes Python objects on the loop's thread, in the task.
//!
//! Cancelling the task (or closing, or dropping the coroutine) aborts the Rust task, so
//! the Rust future is dropped.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyRuntimeError, PyStopIteration};
use pyo3::prelude::*;
use pyo3::types::{PyAny, PyTuple, PyType};
use tokio::task::AbortHandle;

use crate::runtime;

/// The finished call's result, turned into Python objects on the loop's thread.
pub(crate) type Deliver = Box<dyn for<'py> FnOnce(Python<'py>) -> PyResult<Py<PyAny>> + Send>;

/// A call not started yet.
type Pending = Pin<Box<dyn Future<Output = Deliver> + Send>>;

/// Where the runtime leaves the result for the task to pick up.
type Slot = Arc<Mutex<Option<Deliver>>>;

/// A coroutine for one call into the library: await it, or hand it to
/// `asyncio.run`, `asyncio.create_task` or a `TaskGroup`.
#[pyclass(name = "AsyncCall", module = "iam_bootstrap", frozen)]
pub(crate) struct AsyncCall {
    state: Mutex<State>,
}

enum State {
    /// Created, not awaited yet.
    New(Pending),
    /// Running on the runtime; `waiter` is the iterator of the loop's future it waits on.
    Running {
        waiter: Py<PyAny>,
        slot: Slot,
        // Held for its `Drop`: aborts the task when this state is left.
        _task: AbortOnDrop,
    },
    /// Finished, failed, cancelled or closed.
    Done,
}

/// Aborts the runtime task when the coroutine is finished with or dropped unfinished.
struct AbortOnDrop(AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl AsyncCall {
    /// A coroutine that runs `future` when awaited.
    pub(crate) fn new(future: impl Future<Output = Deliver> + Send + 'static) -> Self {
        Self {
            state: Mutex::new(State::New(Box::pin(future))),
        }
    }

    fn state(&self) -> PyResult<std::sync::MutexGuard<'_, State>> {
        self.state
            .lock()
            .map_err(|_| PyRuntimeError::new_err("AsyncCall used after a panic"))
    }

    /// Starts the call on the runtime: returns the iterator of the loop future it completes.
    fn start(py: Python<'_>, pending: Pending) -> PyResult<State> {
        let rt = runtime::get()?;
        let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
        let future = event_loop.call_method0("create_future")?;
        let waiter = future.call_method0("__await__")?.unbind();
        let slot: Slot = Arc::default();
        let wake = Wake {
            event_loop: Some(event_loop.unbind()),
            future: Some(future.unbind()),
        };
        let filled = slot.clone();
        let task = rt.spawn(async move {
            // Dropped last, on every path (a finished call, a panic, an abort): the loop
            // always learns that the call is over.
            let _wake = wake;
            tokio::select! {
                biased;
                () = runtime::until_shutdown() => {}
                deliver = pending => {
                    if let Ok(mut slot) = filled.lock() {
                        *slot = Some(deliver);
                    }
                }
            }
        });
        Ok(State::Running {
            waiter,
            slot,
            _task: AbortOnDrop(task.abort_handle()),
        })
    }

    /// One step: `send(value)` into the waiter, the call's result when it is done.
    fn step(&self, py: Python<'_>, value: Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let (waiter, slot) = {
            let mut state = self.state()?;
            if let State::New(_) = &*state {
                let State::New(pending) = std::mem::replace(&mut *state, State::Done) else {
                    return Err(PyRuntimeError::new_err("AsyncCall state changed while starting"));
                };
                *state = Self::start(py, pending)?;
            }
            match &*state {
                State::Running { waiter, slot, .. } => (waiter.clone_ref(py), slot.clone()),
                _ => {
                    return Err(PyRuntimeError::new_err(
                        "cannot reuse an already awaited AsyncCall",
                    ));
                }
            }
        };
        match waiter.bind(py).call_method1("send", (value,)) {
            Ok(yielded) => Ok(yielded.unbind()),
            Err(err) if err.is_instance_of::<PyStopIteration>(py) => {
                *self.state()? = State::Done;
                let deliver = slot.lock().ok().and_then(|mut slot| slot.take());
                let deliver = deliver.ok_or_else(|| {
                    PyRuntimeError::new_err("the call ended without a result (it panicked)")
                })?;
                let value = deliver(py)?;
                Err(PyStopIteration::new_err((value,)))
            }
            Err(err) => {
                *self.state()? = State::Done;
                Err(err)
            }
        }
    }
}

#[pymethods]
impl AsyncCall {
    fn __await__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.step(py, py.None().into_bound(py))
    }

    /// Advances the call (the coroutine protocol; the event loop calls it).
    #[pyo3(signature = (value, /))]
    fn send(&self, py: Python<'_>, value: Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.step(py, value)
    }

    /// Raises `typ` (an exception, or a class with `val` its argument) in the call: the
    /// Rust future is dropped and the exception propagates.
    #[pyo3(signature = (typ, val=None, tb=None, /))]
    fn throw(
        &self,
        py: Python<'_>,
        typ: Bound<'_, PyAny>,
        val: Option<Bound<'_, PyAny>>,
        tb: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        // Dropping the running state aborts the Rust task.
        *self.state()? = State::Done;
        let err = match typ.cast::<PyType>() {
            Ok(class) => {
                let args = match val {
                    Some(val) if val.is_instance(class)? => return Err(PyErr::from_value(val)),
                    Some(val) if !val.is_none() => PyTuple::new(py, [val])?,
                    _ => PyTuple::empty(py),
                };
                PyErr::from_value(class.call1(args)?)
            }
            Err(_) => PyErr::from_value(typ),
        };
        if let Some(tb) = tb.filter(|tb| !tb.is_none()) {
            err.value(py).setattr("__traceback__", tb)?;
        }
        Err(err)
    }

    /// Stops the call (its Rust future is dropped).
    fn close(&self) -> PyResult<()> {
        *self.state()? = State::Done;
        Ok(())
    }

    fn __repr__(&self) -> String {
        let state = match self.state.lock().as_deref() {
            Ok(State::New(_)) => "not started",
            Ok(State::Running { .. }) => "running",
            _ => "done",
        };
        format!("AsyncCall({state})")
    }
}

/// Wakes the loop when dropped (the call is over): `future.set_result(None)`, from the loop.
struct Wake {
    event_loop: Option<Py<PyAny>>,
    future: Option<Py<PyAny>>,
}

impl Drop for Wake {
    fn drop(&mut self) {
        let (Some(event_loop), Some(future)) = (self.event_loop.take(), self.future.take()) else {
            return;
        };
        runtime::with_python(|py| {
            let (event_loop, future) = (event_loop.into_bound(py), future.into_bound(py));
            // A closed loop (its `asyncio.run` returned) raises: nobody waits any more.
            let _ = wrap_pyfunction!(_wake, py)
                .and_then(|wake| event_loop.call_method1("call_soon_threadsafe", (wake, future)));
        });
    }
}

/// Resolves the future a call's task waits on, unless the task was cancelled meanwhile.
#[pyfunction]
fn _wake(future: &Bound<'_, PyAny>) -> PyResult<()> {
    if !future.call_method0("done")?.is_truthy()? {
        future.call_method1("set_result", (future.py().None(),))?;
    }
    Ok(())
}
