//! The action catalog's expansion and the full evaluation chain.

use iam_bootstrap::policy::{self, PolicyChain, PolicyDocument, PrincipalType, Request};
use iam_bootstrap::{ValidationError, ValidationReason};
use pyo3::prelude::*;
use pyo3::types::PyAny;

use crate::error::PyIamResult;
use crate::policy::{PyPolicyDocument, context_keys};
use crate::results::record;

/// Every action of the catalog that `pattern` (`s3:Get*`) matches, as `prefix:Name`.
#[pyfunction]
pub(crate) fn expand_actions(pattern: &str) -> Vec<String> {
    policy::expand_actions(pattern)
}

fn docs(documents: &[PyRef<'_, PyPolicyDocument>]) -> Vec<PolicyDocument> {
    documents.iter().map(|d| d.0.clone()).collect()
}

/// Evaluates a request through every policy type (`ChainEvaluation`).
#[pyfunction]
#[pyo3(signature = (
    action, resource, *, principal, context=None, identity=Vec::new(), resource_policy=None,
    resource_kind="other", resource_account=None, permissions_boundary=None,
    session_policy=None, scps=Vec::new(), rcps=Vec::new()
))]
#[allow(clippy::too_many_arguments)] // one keyword argument per policy type, as Python calls it
pub(crate) fn evaluate_chain<'py>(
    py: Python<'py>,
    action: &str,
    resource: &str,
    principal: &str,
    context: Option<Bound<'py, PyAny>>,
    identity: Vec<PyRef<'py, PyPolicyDocument>>,
    resource_policy: Option<PyRef<'py, PyPolicyDocument>>,
    resource_kind: &str,
    resource_account: Option<String>,
    permissions_boundary: Option<PyRef<'py, PyPolicyDocument>>,
    session_policy: Option<PyRef<'py, PyPolicyDocument>>,
    scps: Vec<Vec<PyRef<'py, PyPolicyDocument>>>,
    rcps: Vec<Vec<PyRef<'py, PyPolicyDocument>>>,
) -> PyIamResult<Bound<'py, PyAny>> {
    let mut request = Request::new(action, resource).with_principal(PrincipalType::Aws, principal);
    if let Some(context) = context {
        for (key, values) in context_keys(&context)? {
            request = request.with_context(key, values);
        }
    }
    let mut chain = PolicyChain::new();
    for doc in docs(&identity) {
        chain = chain.identity(doc);
    }
    if let Some(doc) = resource_policy {
        let doc = doc.0.clone();
        chain = match resource_kind {
            "other" => chain.resource_policy(doc),
            "role_trust" => chain.role_trust_policy(doc),
            "kms_key" => chain.kms_key_policy(doc),
            _ => {
                let reason = ValidationReason::Format {
                    expected: "one of other, role_trust, kms_key".into(),
                    actual: resource_kind.to_owned(),
                };
                return Err(ValidationError::new("resource_kind", reason).into());
            }
        };
    }
    if let Some(account) = resource_account {
        chain = chain.resource_account(account);
    }
    if let Some(doc) = permissions_boundary {
        chain = chain.permissions_boundary(doc.0.clone());
    }
    if let Some(doc) = session_policy {
        chain = chain.session_policy(doc.0.clone());
    }
    for level in &scps {
        chain = chain.scp_level(docs(level));
    }
    for level in &rcps {
        chain = chain.rcp_level(docs(level));
    }
    let answer = chain.evaluate(&request);
    let explained = Explained {
        answer: &answer,
        explanation: answer.to_string(),
    };
    Ok(record(py, "ChainEvaluation", &explained)?)
}

/// The evaluation and its one-line explanation, as `ChainEvaluation.from_dict` reads them.
#[derive(serde::Serialize)]
struct Explained<'a> {
    #[serde(flatten)]
    answer: &'a policy::ChainEvaluation,
    explanation: String,
}
