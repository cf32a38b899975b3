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
//!
//! Even cached, asking costs: every `debug!`/`info!` in the library (and in the AWS SDK)
//! would reach pyo3-log's per-target lookup, about a tenth of an in-memory run's time. So
//! on every reset the `log` crate's global maximum level is set to the lowest level any
//! Python logger lets through (and `logging.disable` allows): with Python's default
//! (WARNING) the library's info and debug records cost one comparison each.

use std::sync::OnceLock;

use log::LevelFilter;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::runtime;

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

/// pyo3-log's logger, silent once the interpreter starts exiting: records come from
/// runtime threads too, which must not reach Python then (see `runtime`).
struct Gated(pyo3_log::Logger);

impl log::Log for Gated {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        runtime::Pass::get().is_some_and(|_pass| self.0.enabled(metadata))
    }

    fn log(&self, record: &log::Record<'_>) {
        if let Some(_pass) = runtime::Pass::get() {
            self.0.log(record);
        }
    }

    fn flush(&self) {}
}

/// Installs the bridge, unless another extension installed a `log` logger first (then
/// that one stays in place and records go wherever it sends them).
pub(crate) fn install(py: Python<'_>) -> PyResult<()> {
    let logger = pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels)?;
    let reset = logger.reset_handle();
    if log::set_boxed_logger(Box::new(Gated(logger))).is_ok() {
        let sentinel = py
            .import("logging")?
            .call_method1("getLogger", (SENTINEL,))?
            .unbind();
        let _ = BRIDGE.set(Bridge { reset, sentinel });
        set_max_level(py);
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
            set_max_level(py);
            // Fills the sentinel's `_cache` again; a failure only means a reset next time.
            let _ = sentinel.call_method1("isEnabledFor", (WARNING,));
        }
    });
}

/// Sets `log`'s global maximum to what Python would let through; if Python cannot be asked,
/// to pyo3-log's own default (Debug), which lets pyo3-log decide per record.
fn set_max_level(py: Python<'_>) {
    log::set_max_level(python_max_level(py).unwrap_or(LevelFilter::Debug));
}

/// The most verbose Rust level some Python logger would emit: the lowest effective level of
/// the root logger and of every logger created so far (a Rust target maps to the logger of
/// the same dotted name, which inherits from its parents), raised by `logging.disable`.
/// Never above Debug: that is the most pyo3-log forwards by default.
fn python_max_level(py: Python<'_>) -> PyResult<LevelFilter> {
    let logging = py.import("logging")?;
    let root = logging.getattr("root")?;
    let manager = root.getattr("manager")?;
    let logger_class = logging.getattr("Logger")?;
    let mut lowest: i64 = root.call_method0("getEffectiveLevel")?.extract()?;
    // A copy: iterating Python's dict while another thread adds a logger would fail.
    let loggers = manager.getattr("loggerDict")?.cast_into::<PyDict>()?.copy()?;
    for logger in loggers.values() {
        // Placeholders (parents nobody asked for) have no level of their own.
        if logger.is_instance(&logger_class)? {
            lowest = lowest.min(logger.call_method0("getEffectiveLevel")?.extract()?);
        }
    }
    let disabled_up_to: i64 = manager.getattr("disable")?.extract()?;
    Ok(filter_for(lowest.max(disabled_up_to.saturating_add(1))))
}

/// The `log` filter for "Python emits records at `threshold` and above", with pyo3-log's
/// mapping of Rust levels to Python's (Trace 5, Debug 10, Info 20, Warn 30, Error 40).
fn filter_for(threshold: i64) -> LevelFilter {
    match threshold {
        ..=10 => LevelFilter::Debug,
        11..=20 => LevelFilter::Info,
        21..=30 => LevelFilter::Warn,
        31..=40 => LevelFilter::Error,
        _ => LevelFilter::Off,
    }
}
