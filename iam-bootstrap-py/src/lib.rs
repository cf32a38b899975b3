//! Python bindings for iam-bootstrap: the `iam_bootstrap._iam_bootstrap` extension module.
//!
//! Classes mirror the Rust types one to one (frozen, so they are safe to share between
//! threads); every I/O call has a blocking form that releases the GIL and an `_async` twin.

mod audit;
mod aws;
mod error;
mod identity_center;
mod identity_center_spec;
mod io;
mod mfa;
mod plan;
mod policy;
mod roles;
mod root;
mod runtime;
mod spec;

use pyo3::prelude::*;

/// The extension module.
#[pymodule(gil_used = false)]
fn _iam_bootstrap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The library logs through `tracing`; with its `log` feature those records reach
    // Python's `logging` (logger names follow the Rust modules: `iam_bootstrap.apply`).
    // No caching: Python code changes logger levels at run time (pytest's caplog does), and
    // the library logs a handful of records per change, so asking Python each time is cheap.
    // A logger installed earlier (another extension) is left in place.
    let _ = pyo3_log::Logger::new(m.py(), pyo3_log::Caching::Nothing)?.install();
    m.add_class::<aws::PyAws>()?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<spec::PyBootstrap>()?;
    m.add_class::<plan::PyOutcome>()?;
    m.add_class::<root::PyPasswordPolicy>()?;
    identity_center::register(m)?;
    m.add_class::<policy::PyPolicyDocument>()?;
    m.add_class::<policy::PyLintFinding>()?;
    m.add_function(wrap_pyfunction!(policy::lint, m)?)?;
    m.add_function(wrap_pyfunction!(policy::allows, m)?)?;
    m.add_function(wrap_pyfunction!(policy::pack, m)?)?;
    m.add_function(wrap_pyfunction!(policy::check_access_not_granted, m)?)?;
    m.add_function(wrap_pyfunction!(policy::check_no_new_access, m)?)?;
    m.add_class::<roles::PyTrust>()?;
    m.add_class::<roles::PyRoleSpec>()?;
    m.add_function(wrap_pyfunction!(roles::py_required_policy, m)?)?;
    m.add_class::<root::PyRootHardening>()?;
    m.add_class::<audit::PyAuditReport>()?;
    m.add_class::<mfa::PyVirtualMfa>()?;
    m.add_class::<mfa::PyMfaEnrollment>()?;
    error::register(m)?;
    Ok(())
}
