//! Results as the typed records of `iam_bootstrap/results.py` (frozen dataclasses that
//! mirror the Rust types field for field): the record is built from the value's JSON form by
//! the class's `from_dict`, so the two cannot disagree about field names.

use iam_bootstrap::policy::{Decision, Evaluation};
use iam_bootstrap::{Change, ManualStep};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};
use serde::Serialize;

use crate::error::{package_error, python_words};
use crate::plan::to_python;

/// `iam_bootstrap.results`, imported once.
fn module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("iam_bootstrap.results").map(Bound::unbind))
        .map(|module| module.bind(py))
}

/// `value` as an instance of the record class `class`.
pub(crate) fn record<'py, T: Serialize>(
    py: Python<'py>,
    class: &str,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    module(py)?
        .getattr(class)?
        .call_method1("from_dict", (to_python(py, value)?,))
}

/// Each of `values` as an instance of the record class `class`.
pub(crate) fn records<'py, 'a, T: Serialize + 'a>(
    py: Python<'py>,
    class: &str,
    values: impl IntoIterator<Item = &'a T>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let class = module(py)?.getattr(class)?;
    values
        .into_iter()
        .map(|value| class.call_method1("from_dict", (to_python(py, value)?,)))
        .collect()
}

/// A plan's change as a `Change`: capability, action, the printed line and its own fields.
pub(crate) fn change<'py>(py: Python<'py>, change: &Change) -> PyResult<Bound<'py, PyAny>> {
    let mut details = match serde_json::to_value(change) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(other) => return Err(package_error(format!("a change serialized as {other}"))),
        Err(err) => return Err(package_error(err)),
    };
    let mut tag = |key: &str| match details.remove(key) {
        Some(serde_json::Value::String(text)) => text,
        _ => String::new(),
    };
    let (capability, action) = (tag("capability"), tag("action"));
    let kwargs = PyDict::new(py);
    kwargs.set_item("capability", capability)?;
    kwargs.set_item("action", action)?;
    kwargs.set_item("description", change.to_string())?;
    kwargs.set_item("details", to_python(py, &details)?)?;
    module(py)?.getattr("Change")?.call((), Some(&kwargs))
}

/// Manual steps as `ManualStep`s, in Python's words (`root_access_keys="delete"`).
pub(crate) fn manual_steps<'py>(py: Python<'py>, steps: &[ManualStep]) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let steps: Vec<ManualStep> = steps
        .iter()
        .map(|step| {
            ManualStep::new(
                step.id.clone(),
                python_words(&step.title),
                step.instructions.iter().map(|i| python_words(i)).collect(),
                python_words(&step.verification),
            )
        })
        .collect();
    records(py, "ManualStep", &steps)
}

/// An evaluation as an `Evaluation` (a named tuple: `decision, statement = ...` still works).
pub(crate) fn evaluation<'py>(py: Python<'py>, evaluation: &Evaluation) -> PyResult<Bound<'py, PyAny>> {
    let decision = match evaluation.decision {
        Decision::Allow => "Allow",
        Decision::ImplicitDeny => "ImplicitDeny",
        Decision::ExplicitDeny => "ExplicitDeny",
    };
    module(py)?
        .getattr("Evaluation")?
        .call1((decision, evaluation.statement))
}
