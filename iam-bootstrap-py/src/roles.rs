//! Least-privilege roles: trust presets and role specs.

use std::time::Duration;

use iam_bootstrap::roles::{RoleSpec, Trust, required_policy};
use pyo3::prelude::*;
use pyo3::types::PyAny;

use crate::args::int;
use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::PyIamResult;
use crate::io;
use crate::plan::{PyPlan, to_python};
use crate::policy::PyPolicyDocument;

/// Who may assume a role. Build one with the static constructors.
#[pyclass(name = "Trust", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyTrust(Trust);

#[pymethods]
impl PyTrust {
    /// An AWS service, on behalf of this account only (`aws:SourceAccount`), and only from
    /// resources matching `source_arns` when given.
    #[staticmethod]
    #[pyo3(signature = (service, source_arns=None))]
    fn service(service: String, source_arns: Option<Vec<String>>) -> Self {
        Self(match source_arns {
            Some(arns) => Trust::service_from(service, arns),
            None => Trust::service(service),
        })
    }
    /// A third party's account that must present `external_id`.
    #[staticmethod]
    fn third_party(account: String, external_id: String) -> Self {
        Self(Trust::third_party(account, external_id))
    }
    /// People in another account of yours, with MFA.
    #[staticmethod]
    fn account_with_mfa(account: String) -> Self {
        Self(Trust::account_with_mfa(account))
    }
    /// People in this account, with MFA.
    #[staticmethod]
    fn same_account_with_mfa() -> Self {
        Self(Trust::same_account_with_mfa())
    }
    /// GitHub Actions workflows of `repository` (`owner/repo`) for `git_ref`.
    #[staticmethod]
    fn github_actions(repository: String, git_ref: String) -> Self {
        Self(Trust::github_actions(repository, git_ref))
    }
    /// Federation through a SAML provider of this account.
    #[staticmethod]
    fn saml(provider: String) -> Self {
        Self(Trust::saml(provider))
    }
    /// A custom trust policy.
    #[staticmethod]
    fn custom(document: &PyPolicyDocument) -> Self {
        Self(Trust::custom(document.0.clone()))
    }
    fn __repr__(&self) -> String {
        format!("Trust({})", serde_json::to_string(&self.0).unwrap_or_default())
    }
}

/// A least-privilege IAM role, checked offline when constructed.
#[pyclass(name = "RoleSpec", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyRoleSpec(pub(crate) RoleSpec);

#[pymethods]
impl PyRoleSpec {
    #[new]
    #[pyo3(signature = (name, *, trust, path=None, description=None, max_session_seconds=3600, tags=None,
        managed_policies=None, inline_policies=None, customer_policies=None, boundary_arn=None,
        boundary_policy=None, adopt=false, allow_security_warnings=false, pack_inline_policies=false,
        access_gates=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        name: String,
        trust: &PyTrust,
        path: Option<String>,
        description: Option<String>,
        #[pyo3(from_py_with = crate::args::any_int)] max_session_seconds: i128,
        tags: Option<Vec<(String, String)>>,
        managed_policies: Option<Vec<String>>,
        inline_policies: Option<Vec<(String, PyRef<'_, PyPolicyDocument>)>>,
        customer_policies: Option<Vec<(String, PyRef<'_, PyPolicyDocument>)>>,
        boundary_arn: Option<String>,
        boundary_policy: Option<String>,
        adopt: bool,
        allow_security_warnings: bool,
        pack_inline_policies: bool,
        access_gates: Option<PyRef<'_, crate::access_analyzer::PyAccessGates>>,
    ) -> PyIamResult<Self> {
        let max_session_seconds: u64 = int("max_session_seconds", max_session_seconds)?;
        let mut b = RoleSpec::builder(name)
            .trust(trust.0.clone())
            .max_session(Duration::from_secs(max_session_seconds))
            .adopt(adopt)
            .allow_security_warnings(allow_security_warnings)
            .pack_inline_policies(pack_inline_policies);
        if let Some(path) = path {
            b = b.path(path);
        }
        if let Some(description) = description {
            b = b.description(description);
        }
        for (key, value) in tags.unwrap_or_default() {
            b = b.tag(key, value);
        }
        for arn in managed_policies.unwrap_or_default() {
            b = b.managed_policy(arn);
        }
        for (name, document) in inline_policies.unwrap_or_default() {
            b = b.inline_policy(name, document.0.clone());
        }
        for (name, document) in customer_policies.unwrap_or_default() {
            b = b.customer_policy(name, document.0.clone());
        }
        if let Some(arn) = boundary_arn {
            b = b.boundary_arn(arn);
        }
        if let Some(name) = boundary_policy {
            b = b.boundary_policy(name);
        }
        if let Some(gates) = access_gates {
            b = b.access_gates(gates.0.clone());
        }
        Ok(Self(b.build()?))
    }

    /// The role name.
    #[getter]
    fn name(&self) -> String {
        self.0.name().to_string()
    }

    /// The Access Analyzer gates planning must pass (empty `AccessGates`: none).
    #[getter]
    fn access_gates(&self) -> crate::access_analyzer::PyAccessGates {
        crate::access_analyzer::PyAccessGates(self.0.access_gates().clone())
    }

    /// Lint findings kept for review, as `PolicyFinding` records.
    #[getter]
    fn lint_findings<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        crate::results::records(py, "PolicyFinding", self.0.lint_findings())
    }

    /// Reads the account and plans the differences (reads only).
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        let spec = self.0.clone();
        io::blocking(py, aws, move |aws| async move { spec.plan(&aws).await }).map(PyPlan)
    }

    /// Call `plan` asynchronously.
    fn plan_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let spec = self.0.clone();
        io::awaitable(aws, move |aws| async move { spec.plan(&aws).await }, PyPlan)
    }

    /// The role as a CloudFormation template (a dict), for StackSets.
    fn to_cloudformation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.to_cloudformation())
    }

    fn __repr__(&self) -> String {
        format!("RoleSpec(name={:?})", self.0.name().as_str())
    }
}

/// The least-privilege policy that lets a principal plan and apply `specs`.
#[pyfunction(name = "required_policy")]
pub(crate) fn py_required_policy(specs: Vec<PyRef<'_, PyRoleSpec>>) -> PyPolicyDocument {
    let specs: Vec<RoleSpec> = specs.iter().map(|s| s.0.clone()).collect();
    let refs: Vec<&RoleSpec> = specs.iter().collect();
    PyPolicyDocument(required_policy(&refs))
}
