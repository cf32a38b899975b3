//! `Plan` and `Outcome`: what a spec would change, and what applying it did.

use iam_bootstrap::{ApplyOptions, ProgressEvent};
use pyo3::prelude::*;
use pyo3::types::PyAny;

use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::PyIamResult;
use crate::{io, results, runtime};

/// Converts any serializable value to plain Python objects (dicts, lists, str, int).
pub(crate) fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(PyErr::from)
}

/// Apply options; the progress callback is called with the GIL held, from the worker thread
/// that applied the change. Errors raised by the callback are printed, not propagated: a
/// progress bar must not be able to stop a half-applied run. `check_observed` unset leaves
/// the Rust rule: a loaded plan is checked, a fresh one is not.
pub(crate) fn options(
    concurrency: usize,
    progress: Option<Py<PyAny>>,
    allow_deletions: bool,
    check_observed: Option<bool>,
) -> ApplyOptions {
    let mut options = ApplyOptions::default()
        .concurrency(concurrency)
        .allow_deletions(allow_deletions);
    if let Some(check) = check_observed {
        options = options.check_observed(check);
    }
    match progress {
        None => options,
        Some(callback) => options.progress(move |event: &ProgressEvent| {
            // Skipped once the interpreter is exiting (see `runtime`).
            runtime::with_python(|py| {
                let result = crate::results::record(py, "ProgressEvent", event)
                    .and_then(|event| callback.call1(py, (event,)));
                if let Err(err) = result {
                    err.print(py);
                }
            });
        }),
    }
}

/// What a spec would change: changes, manual steps and findings. Review it, then `apply` it.
#[pyclass(name = "Plan", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyPlan(pub(crate) iam_bootstrap::Plan);

#[pymethods]
impl PyPlan {
    /// The changes, as `Change` records (`str(change)` is the printed line).
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.0
            .changes
            .iter()
            .map(|change| results::change(py, change))
            .collect()
    }

    /// The manual steps, as `ManualStep` records.
    #[getter]
    fn manual_steps<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        results::manual_steps(py, &self.0.manual_steps)
    }

    /// How each account selector resolved, as the plan prints it
    /// (`OU Root/Workloads (3 nested OUs) -> 42 accounts; skipped, not ACTIVE: ...`).
    #[getter]
    fn selections(&self) -> Vec<String> {
        self.0.selections.iter().map(ToString::to_string).collect()
    }

    /// The audit findings, as `Finding` records.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        results::records(py, "Finding", &self.0.findings)
    }

    /// Whether there is nothing to write.
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many changes delete a resource (marked `[DELETE]` in the text; applying them
    /// needs `allow_deletions=True`).
    #[getter]
    fn deletions(&self) -> usize {
        self.0.deletions()
    }

    /// The whole plan as JSON.
    fn to_json(&self) -> PyResult<String> {
        self.0.to_json().map_err(crate::error::package_error)
    }

    /// Reads a plan saved with `to_json` (planned in CI, reviewed, applied later). Applying
    /// it first checks that the account is still as the plan saw it (`StalePlanError`
    /// naming the change, nothing written, if not). Raises `ValidationError` for text that
    /// is not a plan.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, pyo3::types::PyType>, json: &str) -> PyIamResult<PyPlan> {
        Ok(PyPlan(iam_bootstrap::Plan::from_json(json)?))
    }

    /// Pickling goes through the JSON form, `Plan.from_json(plan.to_json())`: an unpickled
    /// plan is a loaded one, checked before its first write.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().to_json()?,)))
    }

    /// A copy in this process is the same plan, origin included (a fresh plan stays fresh).
    fn __copy__(&self) -> PyPlan {
        self.clone()
    }

    /// As `__copy__`: a plan holds no Python objects to copy deeply.
    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> PyPlan {
        self.clone()
    }

    /// `"planned"` for a plan just computed (applied without reading again), `"loaded"`
    /// for one from `from_json` or unpickling (checked against the account first).
    #[getter]
    fn origin(&self) -> &'static str {
        match self.0.origin {
            iam_bootstrap::PlanOrigin::Loaded => "loaded",
            _ => "planned",
        }
    }

    /// The whole plan as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    /// Applies the changes (independent ones concurrently, up to `concurrency`); stops at
    /// the first failure (`ApplyError`). `progress`, if given, is called with each progress
    /// event (`ChangeApplied(step=3)`, ...). A plan that deletes anything (a prune or a
    /// destroy) is refused before any call (`PreconditionError`, reason
    /// `deletions_not_allowed`) unless `allow_deletions=True`. A loaded plan is checked
    /// against the account first; `check_observed=True`/`False` forces or skips that check.
    #[pyo3(signature = (aws, *, concurrency=8, progress=None, allow_deletions=false, check_observed=None))]
    fn apply(
        &self,
        py: Python<'_>,
        aws: &Bound<'_, PyAws>,
        #[pyo3(from_py_with = crate::args::any_int)] concurrency: i128,
        progress: Option<Py<PyAny>>,
        allow_deletions: bool,
        check_observed: Option<bool>,
    ) -> PyIamResult<PyOutcome> {
        let concurrency = crate::args::int("concurrency", concurrency)?;
        // Borrowed, not cloned: the frozen plan and handle outlive the call.
        let (plan, aws) = (&self.0, &aws.get().0);
        let options = options(concurrency, progress, allow_deletions, check_observed);
        let outcome = runtime::block_on(py, plan.apply_with(aws, options))??;
        Ok(PyOutcome(outcome))
    }

    /// Call `apply` asynchronously.
    #[pyo3(signature = (aws, *, concurrency=8, progress=None, allow_deletions=false, check_observed=None))]
    fn apply_async(
        &self,
        aws: &Bound<'_, PyAws>,
        #[pyo3(from_py_with = crate::args::any_int)] concurrency: i128,
        progress: Option<Py<PyAny>>,
        allow_deletions: bool,
        check_observed: Option<bool>,
    ) -> PyIamResult<AsyncCall> {
        let concurrency = crate::args::int("concurrency", concurrency)?;
        let plan = self.0.clone();
        let options = options(concurrency, progress, allow_deletions, check_observed);
        Ok(io::awaitable(
            aws,
            move |aws| async move { plan.apply_with(&aws, options).await },
            PyOutcome,
        ))
    }

    fn __len__(&self) -> usize {
        self.0.changes.len()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "Plan(changes={}, manual_steps={}, findings={})",
            self.0.changes.len(),
            self.0.manual_steps.len(),
            self.0.findings.len()
        )
    }
}

/// What `Plan.apply` did.
#[pyclass(name = "Outcome", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyOutcome(pub(crate) iam_bootstrap::Outcome);

#[pymethods]
impl PyOutcome {
    /// The changes applied, as printed.
    #[getter]
    fn applied(&self) -> Vec<String> {
        self.0.applied.clone()
    }

    /// Calls made while applying, by operation (`{"iam:UpdateAccountPasswordPolicy": 1}`).
    #[getter]
    fn calls(&self) -> std::collections::BTreeMap<String, u64> {
        self.0
            .calls
            .by_operation
            .iter()
            .map(|(op, s)| (op.to_string(), s.calls))
            .collect()
    }

    /// How many calls wrote.
    #[getter]
    fn writes(&self) -> u64 {
        self.0.calls.writes()
    }

    /// How many calls read.
    #[getter]
    fn reads(&self) -> u64 {
        self.0.calls.reads()
    }

    /// The outcome as JSON.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.0).map_err(crate::error::package_error)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "Outcome(applied={}, writes={})",
            self.0.applied.len(),
            self.0.calls.writes()
        )
    }
}
