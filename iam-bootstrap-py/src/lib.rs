//! Python bindings for iam-bootstrap: the `iam_bootstrap._iam_bootstrap` extension module.
//!
//! Classes mirror the Rust types one to one (frozen, so they are safe to share between
//! threads); every I/O call has a blocking form that releases the GIL and an `_async` twin.

mod access_analyzer;
mod args;
mod audit;
mod awaitable;
mod aws;
mod error;
mod identity_center;
mod identity_center_spec;
mod io;
mod logs;
mod mfa;
mod org_root;
mod organization;
mod plan;
mod policy;
mod policy_chain;
mod results;
mod roles;
mod root;
mod runtime;
mod spec;
mod stacksets;

use pyo3::prelude::*;

/// The extension module.
#[pymodule(gil_used = false)]
fn _iam_bootstrap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The library's `tracing` records reach Python's `logging` (see `logs`).
    logs::install(m.py())?;
    // No runtime thread may touch Python once the interpreter starts exiting.
    runtime::install(m)?;
    m.add_class::<awaitable::AsyncCall>()?;
    m.add_class::<aws::PyAws>()?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<spec::PyBootstrap>()?;
    m.add_class::<organization::PyAccountSpec>()?;
    m.add_class::<plan::PyOutcome>()?;
    m.add_class::<root::PyPasswordPolicy>()?;
    identity_center::register(m)?;
    m.add_class::<policy::PyPolicyDocument>()?;
    m.add_function(wrap_pyfunction!(policy::lint, m)?)?;
    m.add_function(wrap_pyfunction!(policy::allows, m)?)?;
    m.add_function(wrap_pyfunction!(policy::pack, m)?)?;
    m.add_function(wrap_pyfunction!(policy::check_access_not_granted, m)?)?;
    m.add_function(wrap_pyfunction!(policy::check_no_new_access, m)?)?;
    m.add_function(wrap_pyfunction!(policy_chain::expand_actions, m)?)?;
    m.add_function(wrap_pyfunction!(policy_chain::evaluate_chain, m)?)?;
    m.add_class::<roles::PyTrust>()?;
    m.add_class::<roles::PyRoleSpec>()?;
    m.add_function(wrap_pyfunction!(roles::py_required_policy, m)?)?;
    m.add_class::<root::PyRootHardening>()?;
    m.add_class::<audit::PyAuditReport>()?;
    m.add_class::<mfa::PyVirtualMfa>()?;
    m.add_class::<mfa::PyMfaEnrollment>()?;
    access_analyzer::register(m)?;
    stacksets::register(m)?;
    org_root::register(m)?;
    Ok(())
}
