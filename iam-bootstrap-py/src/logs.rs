//! The library's `tracing` records reach Python's `logging` (logger names follow the Rust
//! modules: `iam_bootstrap.apply`), through pyo3-log.
//!
//! Asking Python whether a logger is enabled costs a few microseconds (the GIL, a
//! `getLogger`, `isEnabledFor` calls); uncached, that was most of the time of an in-memory
//! plan and apply, which log a record or two per change. So pyo3-log caches loggers and
//! their levels, and the cache is dropped whenever Python's levels may have changed (pytest's
//! caplog changes them between calls). CPython tells us when: every `Logger.setLevel` and
//! `logging.disable` clears each logger's private `_cache` dict. A sentinel logger's
//! `_cache`, filled after each reset, is checked at the start of every call into the
//! library (the caller holds the GIL then): empty means "levels changed", so the cache is
//! dropped. Where `_cache` does not exist (another Python), the cache is dropped on every
//! call, which is correct and merely slower. Not noticed: setting `Logger.disabled` by hand.

use std::sync::OnceLock;

use pyo3::prelude::*;

/// The cache's reset handle, and the sentinel whose `_cache` says whether to use it.
struct Bridge {
    reset: pyo3_log::ResetHandle,
    sentinel: Py<PyAny>,
}

static BRIDGE: OnceLock<Bridge> = OnceLock::new();

/// `logging.WARNING`: any level fills the sentinel's `_cache`.
const WARNING: u8 = 30;

/// A logger only this module asks about: had it been `iam_bootstrap`, whoever asked that
/// logger next (pytest's caplog does, right after changing the level) would refill its
/// `_cache` and hide the change.
const SENTINEL: &str = "iam_bootstrap._levels_sentinel";

/// Installs the bridge, unless another extension installed a `log` logger first (then
/// that one stays in place and records go wherever it sends them).
pub(crate) fn install(py: Python<'_>) -> PyResult<()> {
    let logger = pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels)?;
    if let Ok(reset) = logger.install() {
        let sentinel = py
            .import("logging")?
            .call_method1("getLogger", (SENTINEL,))?
            .unbind();
        let _ = BRIDGE.set(Bridge { reset, sentinel });
    }
    Ok(())
}

/// Drops the cached loggers and levels if Python's levels changed since the last call.
pub(crate) fn refresh() {
    let Some(bridge) = BRIDGE.get() else { return };
    Python::attach(|py| {
        let sentinel = bridge.sentinel.bind(py);
        let unchanged = sentinel
            .getattr("_cache")
            .and_then(|cache| cache.len())
            .is_ok_and(|n| n > 0);
        if !unchanged {
            bridge.reset.reset();
            // Fills the sentinel's `_cache` again; a failure only means a reset next time.
            let _ = sentinel.call_method1("isEnabledFor", (WARNING,));
        }
    });
}
