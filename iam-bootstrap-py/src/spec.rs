//! `Bootstrap`: the whole guide from one TOML or JSON document.

use iam_bootstrap::Bootstrap;
use pyo3::prelude::*;

use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::PyIamResult;
use crate::io;
use crate::plan::{PyOutcome, PyPlan};
use crate::policy::PyPolicyDocument;

/// Root hardening, the Identity Center administrator, permission sets and least-privilege
/// roles in one document. Loading checks everything; errors name the line and the field.
#[pyclass(name = "Bootstrap", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyBootstrap(Bootstrap);

#[pymethods]
impl PyBootstrap {
    /// Parses and checks a TOML document.
    #[staticmethod]
    fn from_toml(text: &str) -> PyIamResult<Self> {
        Ok(Self(Bootstrap::from_toml_str(text)?))
    }

    /// Checks a spec built in code: the dict `to_json()` describes (`{"root": {...},
    /// "roles": [...]}`), with the same checks and error paths as `from_json`.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyIamResult<Self> {
        let value: serde_json::Value = pythonize::depythonize(data)
            .map_err(|e| crate::identity_center::invalid("spec", e.to_string()))?;
        Ok(Self(Bootstrap::from_json_str(&value.to_string())?))
    }

    /// Parses and checks a JSON document.
    #[staticmethod]
    fn from_json(text: &str) -> PyIamResult<Self> {
        Ok(Self(Bootstrap::from_json_str(text)?))
    }

    /// The spec as TOML.
    fn to_toml(&self) -> PyIamResult<String> {
        Ok(self.0.to_toml_string()?)
    }

    /// The spec as JSON.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.0).map_err(crate::error::package_error)
    }

    /// The least-privilege policy that lets a principal plan and apply this spec.
    fn required_policy(&self) -> PyPolicyDocument {
        PyPolicyDocument(self.0.required_policy())
    }

    /// The names of the roles.
    #[getter]
    fn roles(&self) -> Vec<String> {
        self.0.roles().iter().map(|r| r.name().to_string()).collect()
    }

    /// The spec's name (`name = "..."`; `"default"` when omitted): what it tags its roles
    /// and policies with, so it prunes and destroys only its own.
    #[getter]
    fn name(&self) -> String {
        self.0.name.to_string()
    }

    /// Whether plans also delete the roles and policies this spec owns and no longer names.
    #[getter]
    fn prune(&self) -> bool {
        self.0.prune
    }

    /// Plans the three steps (reads only), merged in dependency order. `prune`, if given,
    /// overrides the spec's own `prune` setting.
    #[pyo3(signature = (aws, *, prune=None))]
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>, prune: Option<bool>) -> PyIamResult<PyPlan> {
        let spec = self.pruning(prune);
        io::blocking(py, aws, move |aws| async move { spec.plan(&aws).await }).map(PyPlan)
    }

    /// Call `plan` asynchronously.
    #[pyo3(signature = (aws, *, prune=None))]
    fn plan_async(&self, aws: &Bound<'_, PyAws>, prune: Option<bool>) -> AsyncCall {
        let spec = self.pruning(prune);
        io::awaitable(aws, move |aws| async move { spec.plan(&aws).await }, PyPlan)
    }

    /// A plan that deletes every role and customer managed policy this spec owns, in
    /// reverse dependency order, and nothing else (reads only; apply it with
    /// `allow_deletions=True`).
    fn destroy_plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        let spec = self.0.clone();
        io::blocking(py, aws, move |aws| async move { spec.destroy_plan(&aws).await }).map(PyPlan)
    }

    /// Call `destroy_plan` asynchronously.
    fn destroy_plan_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let spec = self.0.clone();
        io::awaitable(
            aws,
            move |aws| async move { spec.destroy_plan(&aws).await },
            PyPlan,
        )
    }

    /// Plans and applies in two passes, so accounts the spec creates can be targeted by it:
    /// its `accounts` first (created, placed, tagged), then every other step, planned once
    /// they exist. Stops at the first failure (`ApplyError`; a failed creation is an
    /// `AsyncFailedError` whose `reason` is AWS's, `EMAIL_ALREADY_EXISTS`, ...).
    #[pyo3(signature = (aws, *, concurrency=8, progress=None, allow_deletions=false))]
    fn apply(
        &self,
        py: Python<'_>,
        aws: &Bound<'_, PyAws>,
        #[pyo3(from_py_with = crate::args::any_int)] concurrency: i128,
        progress: Option<Py<PyAny>>,
        allow_deletions: bool,
    ) -> PyIamResult<PyOutcome> {
        let concurrency = crate::args::int("concurrency", concurrency)?;
        let options = crate::plan::options(concurrency, progress, allow_deletions, None);
        let spec = self.0.clone();
        io::blocking(py, aws, move |aws| async move { spec.apply(&aws, options).await }).map(PyOutcome)
    }

    /// Call `apply` asynchronously.
    #[pyo3(signature = (aws, *, concurrency=8, progress=None, allow_deletions=false))]
    fn apply_async(
        &self,
        aws: &Bound<'_, PyAws>,
        #[pyo3(from_py_with = crate::args::any_int)] concurrency: i128,
        progress: Option<Py<PyAny>>,
        allow_deletions: bool,
    ) -> PyIamResult<AsyncCall> {
        let concurrency = crate::args::int("concurrency", concurrency)?;
        let options = crate::plan::options(concurrency, progress, allow_deletions, None);
        let spec = self.0.clone();
        Ok(io::awaitable(
            aws,
            move |aws| async move { spec.apply(&aws, options).await },
            PyOutcome,
        ))
    }

    /// The names of the member accounts the spec wants in the organization.
    #[getter]
    fn accounts(&self) -> Vec<String> {
        self.0.accounts.iter().map(|a| a.name().to_string()).collect()
    }

    /// One plan per step of the guide: `[("Step 1: ...", Plan), ...]`.
    /// Plans the `[[stacksets]]` rollouts (reads only), one `StackSetPlan` per entry, in
    /// the spec's order: beside `plan`'s shared plan; `apply` rolls them out first.
    fn plan_stacksets(
        &self,
        py: Python<'_>,
        aws: &Bound<'_, PyAws>,
    ) -> PyIamResult<Vec<crate::stacksets::PyStackSetPlan>> {
        let spec = self.0.clone();
        let plans = io::blocking(py, aws, move |aws| async move { spec.plan_stacksets(&aws).await })?;
        Ok(plans.into_iter().map(crate::stacksets::PyStackSetPlan).collect())
    }

    /// Call `plan_stacksets` asynchronously.
    fn plan_stacksets_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let spec = self.0.clone();
        io::awaitable(
            aws,
            move |aws| async move { spec.plan_stacksets(&aws).await },
            |plans| {
                plans
                    .into_iter()
                    .map(crate::stacksets::PyStackSetPlan)
                    .collect::<Vec<_>>()
            },
        )
    }

    /// The names of the StackSets of the `[[stacksets]]` entries.
    #[getter]
    fn stacksets(&self) -> PyIamResult<Vec<String>> {
        Ok(self.0.rollouts()?.iter().map(|r| r.name().to_string()).collect())
    }

    fn plan_steps(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<Vec<(String, PyPlan)>> {
        let spec = self.0.clone();
        let steps = io::blocking(py, aws, move |aws| async move { spec.plan_steps(&aws).await })?;
        Ok(steps
            .into_iter()
            .map(|(step, plan)| (step.to_string(), PyPlan(plan)))
            .collect())
    }

    fn __repr__(&self) -> String {
        let py_bool = |set: bool| if set { "True" } else { "False" };
        format!(
            "Bootstrap(root={}, admin={}, identity_center={}, roles={:?})",
            py_bool(self.0.root.is_some()),
            py_bool(self.0.admin.is_some()),
            py_bool(self.0.identity_center.is_some()),
            self.roles()
        )
    }
}

impl PyBootstrap {
    /// The spec, with its `prune` setting overridden when `prune` is given.
    fn pruning(&self, prune: Option<bool>) -> Bootstrap {
        let mut spec = self.0.clone();
        if let Some(prune) = prune {
            spec.prune = prune;
        }
        spec
    }
}
