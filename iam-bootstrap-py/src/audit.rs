//! `AuditReport`: what the root audit read and found.

use iam_bootstrap::AuditReport;
use pyo3::prelude::*;

use crate::plan::to_python;
use crate::results::records;

/// What the root audit read (caller, summary flags, credential report row, password policy,
/// alias) and its findings, each mapped to a CIS control and a prowler check.
#[pyclass(name = "AuditReport", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyAuditReport(pub(crate) AuditReport);

#[pymethods]
impl PyAuditReport {
    /// The findings, as `Finding` records.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        records(py, "Finding", &self.0.findings)
    }

    /// Findings that failed.
    fn failed<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        records(py, "Finding", self.0.failed())
    }

    /// Findings that could not be decided.
    fn unknown<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        records(py, "Finding", self.0.unknown())
    }

    /// The status of one check (`"pass"`, `"fail"`, `"unknown"`, `"not_applicable"`),
    /// `None` if it did not run.
    fn status(&self, check_id: &str) -> Option<String> {
        self.0
            .findings
            .iter()
            .find(|f| f.id == check_id)
            .and_then(|f| serde_json::to_value(f.status).ok()?.as_str().map(str::to_owned))
    }

    /// The caller's ARN.
    #[getter]
    fn caller_arn(&self) -> String {
        self.0.caller.arn.clone()
    }

    /// The account ID.
    #[getter]
    fn account_id(&self) -> String {
        self.0.caller.account.clone()
    }

    /// Whether the caller is the root user.
    #[getter]
    fn caller_is_root(&self) -> bool {
        self.0.caller_is_root
    }

    /// The root user's MFA: `"absent"`, `"virtual"`, `"hardware"` or `"unknown"`.
    #[getter]
    fn root_mfa(&self) -> String {
        serde_json::to_value(self.0.root_mfa)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Whether the credential report has a `<root_account>` row.
    #[getter]
    fn has_root_row(&self) -> bool {
        self.0.root_row.is_some()
    }

    /// The account alias, if any.
    #[getter]
    fn account_alias(&self) -> Option<String> {
        self.0.account_alias.clone()
    }

    /// The whole report as JSON.
    fn to_json(&self) -> PyResult<String> {
        self.0.to_json().map_err(crate::error::package_error)
    }

    /// The whole report as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "AuditReport(account={}, findings={}, failed={}, unknown={})",
            self.0.caller.account,
            self.0.findings.len(),
            self.0.failed().count(),
            self.0.unknown().count()
        )
    }
}
