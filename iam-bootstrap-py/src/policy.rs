//! The policy language: documents, validation, lint, offline access checks, packing.

use std::str::FromStr;

use iam_bootstrap::policy::{self, PolicyContext, PolicyDocument, Request, SizeLimit};
use iam_bootstrap::{ValidationError, ValidationReason};
use pyo3::prelude::*;
use pyo3::types::{PyAny, PyMapping};

use crate::error::PyIamResult;
use crate::plan::to_python;
use crate::results::{record, records};

fn invalid(field: &str, err: policy::PolicyError) -> ValidationError {
    ValidationError::new(field, ValidationReason::Policy(err))
}

pub(crate) fn context(name: &str) -> Result<PolicyContext, ValidationError> {
    PolicyContext::from_str(name).map_err(|e| invalid("context", e))
}

fn size_limit(name: &str) -> Result<SizeLimit, ValidationError> {
    Ok(match name {
        "trust" => SizeLimit::Trust,
        "managed" => SizeLimit::Managed,
        "role_inline" => SizeLimit::RoleInline,
        "user_inline" => SizeLimit::UserInline,
        "group_inline" => SizeLimit::GroupInline,
        "permission_set_inline" => SizeLimit::PermissionSetInline,
        "scp" => SizeLimit::Scp,
        "rcp" => SizeLimit::Rcp,
        "session" => SizeLimit::Session,
        other => {
            return Err(ValidationError::new(
                "limit",
                ValidationReason::Format {
                    expected:
                        "trust, managed, role_inline, user_inline, group_inline, permission_set_inline, scp, rcp or session"
                            .into(),
                    actual: other.into(),
                },
            ));
        }
    })
}

/// An IAM policy document, parsed from any JSON form AWS accepts (URL-encoded too).
#[pyclass(
    name = "PolicyDocument",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object,
    eq
)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PyPolicyDocument(pub(crate) PolicyDocument);

#[pymethods]
impl PyPolicyDocument {
    /// Parses a document (raw JSON or the URL-encoded text IAM returns).
    #[staticmethod]
    fn from_json(text: &str) -> PyIamResult<Self> {
        Ok(Self(
            PolicyDocument::from_json(text).map_err(|e| invalid("policy", e))?,
        ))
    }

    /// One statement allowing `actions` on `resources`.
    #[staticmethod]
    fn allow(actions: Vec<String>, resources: Vec<String>) -> Self {
        Self(PolicyDocument::allow(actions, resources))
    }

    /// Compact JSON, in AWS's element order.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Indented JSON.
    fn to_json_pretty(&self) -> String {
        self.0.to_json_pretty()
    }

    /// The document as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    /// Size as IAM counts it: non-whitespace characters.
    fn size(&self) -> usize {
        self.0.size()
    }

    /// Checks grammar and size for `context` (`identity` (a managed policy),
    /// `inline_identity`, `trust`, `resource`, `s3_bucket`, `kms_key`, `permissions_boundary`,
    /// `permission_set_inline`, `scp`, `rcp`, `session`).
    #[pyo3(signature = (context="identity"))]
    fn validate(&self, context: &str) -> PyIamResult<()> {
        let context = self::context(context)?;
        self.0.validate(context).map_err(|e| invalid("policy", e))?;
        Ok(())
    }

    /// Whether the documents mean the same (order, one-vs-many, duplicates, Sids aside).
    fn semantic_eq(&self, other: &Self) -> bool {
        self.0.semantic_eq(&other.0)
    }

    /// Statements added and removed going from this document to `new`, as JSON strings.
    fn diff(&self, new: &Self) -> (Vec<String>, Vec<String>) {
        let diff = self.0.diff(&new.0);
        let json = |s: &policy::Statement| serde_json::to_string(s).unwrap_or_default();
        (
            diff.added.iter().map(json).collect(),
            diff.removed.iter().map(json).collect(),
        )
    }

    fn __len__(&self) -> usize {
        self.0.statements().len()
    }

    fn __str__(&self) -> String {
        self.0.to_json_pretty()
    }

    fn __repr__(&self) -> String {
        format!("PolicyDocument({})", self.0.to_json())
    }
}

/// Lint findings for `document` used as `context`.
#[pyfunction]
#[pyo3(signature = (document, context="identity"))]
pub(crate) fn lint<'py>(
    py: Python<'py>,
    document: &PyPolicyDocument,
    context: &str,
) -> PyIamResult<Vec<Bound<'py, PyAny>>> {
    let context = self::context(context)?;
    Ok(records(py, "LintFinding", &policy::lint(&document.0, context))?)
}

/// Context keys as a Python user writes them: a mapping (or pairs) of key to a value or a
/// list of values.
pub(crate) fn context_keys(context: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Vec<String>)>> {
    let pairs = match context.cast::<PyMapping>() {
        Ok(mapping) => mapping.items()?.into_any(),
        Err(_) => context.clone(),
    };
    pairs
        .try_iter()?
        .map(|pair| {
            let (key, values): (String, Bound<'_, PyAny>) = pair?.extract()?;
            // A str is a sequence too: one value, not one per character.
            let values = match values.extract::<String>() {
                Ok(value) => vec![value],
                Err(_) => values.extract::<Vec<String>>()?,
            };
            Ok((key, values))
        })
        .collect()
}

/// Evaluates a request against `documents` like IAM does: an `Evaluation` (decision and
/// the deciding (document, statement) indexes, or None).
#[pyfunction]
#[pyo3(signature = (documents, action, resource, *, context=None))]
pub(crate) fn allows<'py>(
    py: Python<'py>,
    documents: Vec<PyRef<'py, PyPolicyDocument>>,
    action: &str,
    resource: &str,
    context: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let docs: Vec<PolicyDocument> = documents.iter().map(|d| d.0.clone()).collect();
    let mut request = Request::new(action, resource);
    if let Some(context) = context {
        for (key, values) in context_keys(&context)? {
            request = request.with_context(key, values);
        }
    }
    crate::results::evaluation(py, &policy::allows(&docs, &request))
}

/// Packs the statements of `documents` into the fewest documents that each fit `limit`
/// (`managed`, `role_inline`, ...), and at most `max_documents` of them if given.
#[pyfunction]
#[pyo3(signature = (documents, limit="managed", max_documents=None))]
pub(crate) fn pack(
    documents: Vec<PyRef<'_, PyPolicyDocument>>,
    limit: &str,
    #[pyo3(from_py_with = crate::args::any_opt_int)] max_documents: Option<i128>,
) -> PyIamResult<Vec<PyPolicyDocument>> {
    let limit = size_limit(limit)?;
    let max_documents = crate::args::opt_int::<usize>("max_documents", max_documents)?;
    let statements: Vec<policy::Statement> =
        documents.iter().flat_map(|d| d.0.statements().to_vec()).collect();
    let packed = match max_documents {
        Some(max) => policy::pack_within(statements, limit, max),
        None => policy::pack(statements, limit),
    }
    .map_err(|e| invalid("policy", e))?;
    Ok(packed.into_iter().map(PyPolicyDocument).collect())
}

/// `None` when `documents` grant none of `actions` on `resources` (each pair is checked,
/// counting conditions as possibly true); otherwise the first grant (`AccessGranted`).
#[pyfunction]
pub(crate) fn check_access_not_granted<'py>(
    py: Python<'py>,
    documents: Vec<PyRef<'py, PyPolicyDocument>>,
    actions: Vec<String>,
    resources: Vec<String>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let docs: Vec<PolicyDocument> = documents.iter().map(|d| d.0.clone()).collect();
    match policy::check_access_not_granted(&docs, actions, resources) {
        Ok(()) => Ok(None),
        Err(granted) => Ok(Some(record(py, "AccessGranted", &granted)?)),
    }
}

/// The accesses `new` grants that `old` does not (`NewGrant`s); empty when none.
#[pyfunction]
pub(crate) fn check_no_new_access<'py>(
    py: Python<'py>,
    old: Vec<PyRef<'py, PyPolicyDocument>>,
    new: Vec<PyRef<'py, PyPolicyDocument>>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let old: Vec<PolicyDocument> = old.iter().map(|d| d.0.clone()).collect();
    let new: Vec<PolicyDocument> = new.iter().map(|d| d.0.clone()).collect();
    match policy::check_no_new_access(&old, &new) {
        Ok(()) => Ok(Vec::new()),
        Err(access) => records(py, "NewGrant", &access.grants),
    }
}
