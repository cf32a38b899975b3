//! The tokio runtime every call runs on, and the rules that keep its threads away from a
//! dying interpreter.
//!
//! Runtime threads reach Python in a few places: waking an event loop when an awaited call
//! finishes, progress and MFA-code callbacks, and log records. Each goes through
//! [`with_python`], which refuses once the interpreter starts shutting down. The atexit hook
//! registered by [`install`] closes that gate and waits until every runtime thread that
//! got through has left Python, then cancels the calls still in flight. `atexit` runs at
//! the start of `Py_FinalizeEx`, while the interpreter is whole; a runtime thread that
//! attached to Python after it (a finished call resolving its asyncio future, say) would
//! abort the process ("PyGILState_Release: thread state must be current").

use std::future::Future;
use std::sync::{Condvar, LazyLock, Mutex, OnceLock};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::runtime::Runtime;
use tokio::sync::watch;

/// The pid that created the runtime: a forked child inherits the memory but not the
/// runtime's threads, so using it there would hang. We refuse instead.
static OWNER_PID: OnceLock<u32> = OnceLock::new();

/// The runtime, built on first use.
static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// How often a blocking call takes the GIL back to look for signals (Ctrl-C).
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// How long the exit hook waits for runtime threads still inside Python (a progress
/// callback that never returns must not hang the interpreter's exit forever).
const EXIT_GRACE: Duration = Duration::from_secs(10);

/// The runtime, after checking the process did not fork since it was built.
pub(crate) fn get() -> PyResult<&'static Runtime> {
    let pid = std::process::id();
    let owner = *OWNER_PID.get_or_init(|| pid);
    if owner != pid {
        return Err(PyRuntimeError::new_err(
            "iam_bootstrap cannot be used in a process forked after it was first used; \
             import and use it in the child only, or use the 'spawn' start method",
        ));
    }
    if gate().closed {
        return Err(PyRuntimeError::new_err("the interpreter is shutting down"));
    }
    crate::logs::refresh();
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("iam-bootstrap")
        .build()
        .map_err(|err| PyRuntimeError::new_err(format!("cannot start the tokio runtime: {err}")))?;
    // Another thread may have won the race; its runtime is used and ours dropped unused.
    Ok(RUNTIME.get_or_init(|| rt))
}

/// Runs `future` to completion with the GIL released, taking it back every
/// [`SIGNAL_CHECK`] to run Python's signal handlers: Ctrl-C drops the future (a call
/// against an endpoint that never answers included) and raises `KeyboardInterrupt`.
pub(crate) fn block_on<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let rt = get()?;
    py.detach(|| {
        rt.block_on(async {
            tokio::pin!(future);
            let mut ticks = tokio::time::interval(SIGNAL_CHECK);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first tick is immediate; signals that arrived before the call count too.
            loop {
                tokio::select! {
                    biased;
                    output = &mut future => return Ok(output),
                    _ = ticks.tick() => Python::attach(|py| py.check_signals())?,
                }
            }
        })
    })
}

/// Whether the interpreter is shutting down, and how many runtime threads are inside Python.
#[derive(Default)]
struct Gate {
    closed: bool,
    inside: usize,
}

static GATE: Mutex<Gate> = Mutex::new(Gate {
    closed: false,
    inside: 0,
});
static LEFT: Condvar = Condvar::new();

/// Tells the calls in flight to stop (see [`until_shutdown`]).
static SHUTDOWN: LazyLock<watch::Sender<bool>> = LazyLock::new(|| watch::Sender::new(false));

fn gate() -> std::sync::MutexGuard<'static, Gate> {
    // A panic while holding this lock cannot leave the counts inconsistent (each critical
    // section is one assignment), so a poisoned lock is still good.
    GATE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A runtime thread's permission to be inside Python: while one exists, the exit hook waits.
pub(crate) struct Pass(());

impl Pass {
    /// A pass, unless the interpreter is shutting down.
    pub(crate) fn get() -> Option<Pass> {
        let mut gate = gate();
        if gate.closed {
            return None;
        }
        gate.inside += 1;
        Some(Pass(()))
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        let mut gate = gate();
        gate.inside = gate.inside.saturating_sub(1);
        if gate.inside == 0 {
            LEFT.notify_all();
        }
    }
}

/// Runs `f` with the GIL held, unless the interpreter is shutting down (then `None`).
/// Every runtime thread reaches Python through here.
pub(crate) fn with_python<R>(f: impl for<'py> FnOnce(Python<'py>) -> R) -> Option<R> {
    let _pass = Pass::get()?;
    Python::try_attach(f)
}

/// Completes when the interpreter starts shutting down: calls in flight race it and are
/// dropped (cancelled) at exit rather than running on against a dead interpreter.
pub(crate) async fn until_shutdown() {
    let mut closed = SHUTDOWN.subscribe();
    // An error means the sender is gone, which a static never is; treat it as shutdown.
    let _ = closed.wait_for(|closed| *closed).await;
}

/// The exit hook: closes the gate, waits (GIL released) for the runtime threads inside
/// Python to leave, then cancels the calls in flight.
#[pyfunction]
fn _shutdown(py: Python<'_>) {
    gate().closed = true;
    py.detach(|| {
        let gate = gate();
        let _ = LEFT.wait_timeout_while(gate, EXIT_GRACE, |gate| gate.inside > 0);
    });
    SHUTDOWN.send_replace(true);
}

/// Registers the exit hook with `atexit`.
pub(crate) fn install(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let hook = wrap_pyfunction!(_shutdown, m)?;
    m.py().import("atexit")?.call_method1("register", (hook,))?;
    Ok(())
}
