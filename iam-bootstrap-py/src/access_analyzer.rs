//! IAM Access Analyzer: policy validation merged with the offline lint, the custom policy
//! checks (as calls and as a role spec's plan gates), policy generation from CloudTrail and
//! unused access. Every call runs through an `Aws` handle, with an `_async` twin.

use iam_bootstrap::access_analyzer::{self as aa, AccessGates, GeneratedPolicy, GenerationRequest};
use iam_bootstrap::client::{AccessToCheck, AnalyzerPolicyType, AnalyzerResourceType};
use iam_bootstrap::names::{Arn, RoleName};
use iam_bootstrap::{ValidationError, ValidationReason};
use jiff::Timestamp;
use pyo3::prelude::*;
use pyo3::types::PyAny;
use serde::Serialize;

use crate::args::int;
use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::PyIamResult;
use crate::io;
use crate::plan::PyPlan;
use crate::policy::{PyPolicyDocument, context};
use crate::results::records;
use crate::roles::PyRoleSpec;

/// A value that reaches Python as one of the records of `iam_bootstrap/results.py`, built
/// only when Python takes it (on the awaiting loop's thread for `_async` calls).
pub(crate) struct Record {
    class: &'static str,
    value: serde_json::Value,
}

impl<'py> IntoPyObject<'py> for Record {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        crate::results::record(py, self.class, &self.value)
    }
}

fn record_of<T: Serialize>(class: &'static str, value: &T) -> Record {
    Record {
        class,
        // Our own types always serialize; `Null` would fail `from_dict` loudly.
        value: serde_json::to_value(value).unwrap_or_default(),
    }
}

/// `err`'s reason, reported for the argument `field` (the name types name what they check,
/// `role name`; Python users know the argument).
fn at(field: &str) -> impl Fn(ValidationError) -> ValidationError + '_ {
    move |err| ValidationError::new(field, err.reason().clone())
}

/// The access entries as Rust takes them, from `(actions, resources)` pairs.
fn entries(pairs: Vec<(Vec<String>, Vec<String>)>) -> Vec<AccessToCheck> {
    pairs
        .into_iter()
        .map(|(actions, resources)| AccessToCheck::new(actions, resources))
        .collect()
}

/// The custom policy checks a role's planning must pass (Rust `AccessGates`).
#[pyclass(
    name = "AccessGates",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object,
    eq
)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PyAccessGates(pub(crate) AccessGates);

#[pymethods]
impl PyAccessGates {
    #[new]
    #[pyo3(signature = (*, no_new_access=false, allow_new_access=false, access_not_granted=None,
        no_public_trust=false))]
    fn new(
        no_new_access: bool,
        allow_new_access: bool,
        access_not_granted: Option<Vec<(Vec<String>, Vec<String>)>>,
        no_public_trust: bool,
    ) -> PyIamResult<Self> {
        let gates = AccessGates {
            no_new_access,
            allow_new_access,
            access_not_granted: entries(access_not_granted.unwrap_or_default()),
            no_public_trust,
        };
        gates.validate()?;
        Ok(Self(gates))
    }

    /// Whether `CheckNoNewAccess` runs against the deployed role.
    #[getter]
    fn no_new_access(&self) -> bool {
        self.0.no_new_access
    }
    /// Whether new access the `no_new_access` gate finds is allowed (after review).
    #[getter]
    fn allow_new_access(&self) -> bool {
        self.0.allow_new_access
    }
    /// The forbidden access, as `(actions, resources)` pairs.
    #[getter]
    fn access_not_granted(&self) -> Vec<(Vec<String>, Vec<String>)> {
        self.0
            .access_not_granted
            .iter()
            .map(|a| (a.actions.clone(), a.resources.clone()))
            .collect()
    }
    /// Whether `CheckNoPublicAccess` runs on the trust policy.
    #[getter]
    fn no_public_trust(&self) -> bool {
        self.0.no_public_trust
    }

    /// Runs the gates on what `spec` would make of the role: a `GateReport`.
    fn check(&self, py: Python<'_>, spec: &PyRoleSpec, aws: &Bound<'_, PyAws>) -> PyIamResult<Record> {
        let (gates, spec) = (self.0.clone(), spec.0.clone());
        io::blocking(py, aws, move |aws| async move { gates.check(&spec, &aws).await })
            .map(|r| record_of("GateReport", &r))
    }

    /// Call `check` asynchronously.
    fn check_async(&self, spec: &PyRoleSpec, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let (gates, spec) = (self.0.clone(), spec.0.clone());
        io::awaitable(
            aws,
            move |aws| async move { gates.check(&spec, &aws).await },
            |r| record_of("GateReport", &r),
        )
    }

    /// Runs the gates, then plans the role (and the spec's own gates).
    fn plan(&self, py: Python<'_>, spec: &PyRoleSpec, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        let (gates, spec) = (self.0.clone(), spec.0.clone());
        io::blocking(py, aws, move |aws| async move { gates.plan(&spec, &aws).await }).map(PyPlan)
    }

    /// Call `plan` asynchronously.
    fn plan_async(&self, spec: &PyRoleSpec, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let (gates, spec) = (self.0.clone(), spec.0.clone());
        io::awaitable(
            aws,
            move |aws| async move { gates.plan(&spec, &aws).await },
            PyPlan,
        )
    }

    /// The gates as in a spec file's `access_gates` table.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::plan::to_python(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "AccessGates({})",
            serde_json::to_string(&self.0).unwrap_or_default()
        )
    }
}

fn policy_type(name: &str) -> Result<AnalyzerPolicyType, ValidationError> {
    [
        AnalyzerPolicyType::IdentityPolicy,
        AnalyzerPolicyType::ResourcePolicy,
        AnalyzerPolicyType::ServiceControlPolicy,
    ]
    .into_iter()
    .find(|t| t.as_str() == name)
    .ok_or_else(|| {
        ValidationError::new(
            "policy_type",
            ValidationReason::Format {
                expected: "IDENTITY_POLICY, RESOURCE_POLICY or SERVICE_CONTROL_POLICY".into(),
                actual: name.into(),
            },
        )
    })
}

fn resource_type(name: &str) -> Result<AnalyzerResourceType, ValidationError> {
    [
        AnalyzerResourceType::AssumeRolePolicyDocument,
        AnalyzerResourceType::S3Bucket,
        AnalyzerResourceType::KmsKey,
        AnalyzerResourceType::SqsQueue,
        AnalyzerResourceType::SecretsManagerSecret,
        AnalyzerResourceType::LambdaFunction,
    ]
    .into_iter()
    .find(|t| t.as_str() == name)
    .ok_or_else(|| {
        ValidationError::new(
            "resource_type",
            ValidationReason::Format {
                expected: "AWS::IAM::AssumeRolePolicyDocument, AWS::S3::Bucket, AWS::KMS::Key, \
                           AWS::SQS::Queue, AWS::SecretsManager::Secret or AWS::Lambda::Function"
                    .into(),
                actual: name.into(),
            },
        )
    })
}

/// One custom check, ready to run on any `Aws` (input checked when it is built).
#[derive(Debug, Clone)]
enum Check {
    NoNewAccess(String, String, AnalyzerPolicyType),
    AccessNotGranted(String, AccessToCheck, AnalyzerPolicyType),
    NoPublicAccess(String, AnalyzerResourceType),
}

impl Check {
    async fn run(self, aws: iam_bootstrap::Aws) -> iam_bootstrap::Result<Record> {
        let analyzer = aws.access_analyzer();
        let outcome = match self {
            Check::NoNewAccess(new, existing, kind) => {
                analyzer.check_no_new_access(&new, &existing, kind).await
            }
            Check::AccessNotGranted(document, access, kind) => {
                analyzer
                    .check_access_not_granted(&document, std::slice::from_ref(&access), kind)
                    .await
            }
            Check::NoPublicAccess(document, kind) => analyzer.check_no_public_access(&document, kind).await,
        }?;
        Ok(record_of("AccessCheckOutcome", &outcome))
    }
}

/// Access Analyzer's custom policy checks, called directly (Rust `Aws::access_analyzer`).
#[pyclass(
    name = "AccessAnalyzer",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug)]
pub(crate) struct PyAccessAnalyzer(Py<PyAws>);

impl PyAccessAnalyzer {
    fn run(&self, py: Python<'_>, check: Check) -> PyIamResult<Record> {
        io::blocking(py, self.0.bind(py), move |aws| check.run(aws))
    }

    fn run_async(&self, py: Python<'_>, check: Check) -> AsyncCall {
        io::awaitable(self.0.bind(py), move |aws| check.run(aws), |r| r)
    }
}

fn not_granted(
    document: &PyPolicyDocument,
    actions: Vec<String>,
    resources: Option<Vec<String>>,
    policy_type: &str,
) -> PyIamResult<Check> {
    let access = AccessToCheck::new(actions, resources.unwrap_or_default());
    access.validate()?;
    Ok(Check::AccessNotGranted(
        document.0.to_json(),
        access,
        self::policy_type(policy_type)?,
    ))
}

#[pymethods]
impl PyAccessAnalyzer {
    #[new]
    fn new(aws: Py<PyAws>) -> Self {
        Self(aws)
    }

    /// `CheckNoNewAccess`: whether `new` grants anything `existing` does not.
    #[pyo3(signature = (new, existing, *, policy_type="IDENTITY_POLICY"))]
    fn check_no_new_access(
        &self,
        py: Python<'_>,
        new: &PyPolicyDocument,
        existing: &PyPolicyDocument,
        policy_type: &str,
    ) -> PyIamResult<Record> {
        let check = Check::NoNewAccess(
            new.0.to_json(),
            existing.0.to_json(),
            self::policy_type(policy_type)?,
        );
        self.run(py, check)
    }

    /// Call `check_no_new_access` asynchronously.
    #[pyo3(signature = (new, existing, *, policy_type="IDENTITY_POLICY"))]
    fn check_no_new_access_async(
        &self,
        py: Python<'_>,
        new: &PyPolicyDocument,
        existing: &PyPolicyDocument,
        policy_type: &str,
    ) -> PyIamResult<AsyncCall> {
        let check = Check::NoNewAccess(
            new.0.to_json(),
            existing.0.to_json(),
            self::policy_type(policy_type)?,
        );
        Ok(self.run_async(py, check))
    }

    /// `CheckAccessNotGranted`: whether `document` grants any of `actions` (on `resources`).
    #[pyo3(signature = (document, actions, resources=None, *, policy_type="IDENTITY_POLICY"))]
    fn check_access_not_granted(
        &self,
        py: Python<'_>,
        document: &PyPolicyDocument,
        actions: Vec<String>,
        resources: Option<Vec<String>>,
        policy_type: &str,
    ) -> PyIamResult<Record> {
        let check = not_granted(document, actions, resources, policy_type)?;
        self.run(py, check)
    }

    /// Call `check_access_not_granted` asynchronously.
    #[pyo3(signature = (document, actions, resources=None, *, policy_type="IDENTITY_POLICY"))]
    fn check_access_not_granted_async(
        &self,
        py: Python<'_>,
        document: &PyPolicyDocument,
        actions: Vec<String>,
        resources: Option<Vec<String>>,
        policy_type: &str,
    ) -> PyIamResult<AsyncCall> {
        let check = not_granted(document, actions, resources, policy_type)?;
        Ok(self.run_async(py, check))
    }

    /// `CheckNoPublicAccess`: whether a resource policy (or trust policy) lets anyone in.
    #[pyo3(signature = (document, *, resource_type="AWS::IAM::AssumeRolePolicyDocument"))]
    fn check_no_public_access(
        &self,
        py: Python<'_>,
        document: &PyPolicyDocument,
        resource_type: &str,
    ) -> PyIamResult<Record> {
        let check = Check::NoPublicAccess(document.0.to_json(), self::resource_type(resource_type)?);
        self.run(py, check)
    }

    /// Call `check_no_public_access` asynchronously.
    #[pyo3(signature = (document, *, resource_type="AWS::IAM::AssumeRolePolicyDocument"))]
    fn check_no_public_access_async(
        &self,
        py: Python<'_>,
        document: &PyPolicyDocument,
        resource_type: &str,
    ) -> PyIamResult<AsyncCall> {
        let check = Check::NoPublicAccess(document.0.to_json(), self::resource_type(resource_type)?);
        Ok(self.run_async(py, check))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("AccessAnalyzer({})", self.0.bind(py).repr()?))
    }
}

/// `ValidatePolicy` and the offline lint together: a `ValidationReport` whose findings say
/// who reported them.
#[pyfunction]
#[pyo3(signature = (aws, document, context="identity"))]
pub(crate) fn validate_policy(
    py: Python<'_>,
    aws: &Bound<'_, PyAws>,
    document: &PyPolicyDocument,
    context: &str,
) -> PyIamResult<Record> {
    let (doc, context) = (document.0.clone(), self::context(context)?);
    io::blocking(py, aws, move |aws| async move {
        aa::validate_policy(&aws, &doc, context).await
    })
    .map(|r| record_of("ValidationReport", &r))
}

/// Call `validate_policy` asynchronously.
#[pyfunction]
#[pyo3(signature = (aws, document, context="identity"))]
pub(crate) fn validate_policy_async(
    aws: &Bound<'_, PyAws>,
    document: &PyPolicyDocument,
    context: &str,
) -> PyIamResult<AsyncCall> {
    let (doc, context) = (document.0.clone(), self::context(context)?);
    Ok(io::awaitable(
        aws,
        move |aws| async move { aa::validate_policy(&aws, &doc, context).await },
        |r| record_of("ValidationReport", &r),
    ))
}

/// An instant given as an ISO-8601 string or an aware `datetime`.
fn instant(field: &str, value: &Bound<'_, PyAny>) -> PyIamResult<Timestamp> {
    let text: String = match value.extract::<String>() {
        Ok(text) => text,
        Err(_) => value.call_method0("isoformat")?.extract()?,
    };
    text.parse::<Timestamp>().map_err(|e| {
        ValidationError::new(
            field,
            ValidationReason::Format {
                expected: format!("an ISO-8601 instant with its offset ({e})"),
                actual: text,
            },
        )
        .into()
    })
}

/// What to generate a policy from (Rust `GenerationRequest`): a role's activity in a
/// CloudTrail trail, over the last `days` days or between `start` and `end`.
#[pyclass(
    name = "GenerationRequest",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyGenerationRequest(GenerationRequest);

#[pymethods]
impl PyGenerationRequest {
    #[new]
    #[pyo3(signature = (role, *, trail, access_role, days=None, start=None, end=None, regions=None))]
    fn new(
        role: String,
        trail: String,
        access_role: String,
        #[pyo3(from_py_with = crate::args::any_opt_int)] days: Option<i128>,
        start: Option<Bound<'_, PyAny>>,
        end: Option<Bound<'_, PyAny>>,
        regions: Option<Vec<String>>,
    ) -> PyIamResult<Self> {
        let role = RoleName::new(role).map_err(at("role"))?;
        let trail = Arn::new(trail).map_err(at("trail"))?;
        let access_role = Arn::new(access_role).map_err(at("access_role"))?;
        if start.is_none() && end.is_some() {
            return Err(ValidationError::new(
                "end",
                ValidationReason::NotAllowed("an end needs a start".into()),
            )
            .into());
        }
        let mut request = match (days, start) {
            (Some(_), Some(_)) => {
                return Err(ValidationError::new(
                    "days",
                    ValidationReason::NotAllowed("give days or start (and end), not both".into()),
                )
                .into());
            }
            (None, Some(start)) => {
                let start = instant("start", &start)?;
                let end = match end {
                    Some(end) => instant("end", &end)?,
                    None => Timestamp::now(),
                };
                GenerationRequest::new(role, trail, access_role, start, end)?
            }
            (days, None) => {
                let days: u16 = int("days", days.unwrap_or(i128::from(aa::MAX_WINDOW_DAYS)))?;
                GenerationRequest::last_days(role, trail, access_role, i64::from(days))?
            }
        };
        request.regions = regions.unwrap_or_default();
        Ok(Self(request))
    }

    /// The request as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::plan::to_python(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "GenerationRequest(role={:?}, start={}, end={})",
            self.0.role.as_str(),
            self.0.start,
            self.0.end
        )
    }
}

/// A policy generated from CloudTrail, ready for review (Rust `GeneratedPolicy`).
#[pyclass(
    name = "GeneratedPolicy",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyGeneratedPolicy(GeneratedPolicy);

#[pymethods]
impl PyGeneratedPolicy {
    /// The role it was generated for.
    #[getter]
    fn role(&self) -> String {
        self.0.role.to_string()
    }
    /// The window's start (ISO-8601).
    #[getter]
    fn start(&self) -> String {
        self.0.start.to_string()
    }
    /// The window's end (ISO-8601).
    #[getter]
    fn end(&self) -> String {
        self.0.end.to_string()
    }
    /// The generated policies as one document.
    #[getter]
    fn document(&self) -> PyPolicyDocument {
        PyPolicyDocument(self.0.document.clone())
    }
    /// Every resource placeholder to fill before use, as `Placeholder` records.
    #[getter]
    fn placeholders<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        records(py, "Placeholder", &self.0.placeholders)
    }
    /// Whether AWS read the whole trail (False: the policy may miss activity).
    #[getter]
    fn trail_complete(&self) -> bool {
        self.0.trail_complete
    }
    /// The generated policy as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::plan::to_python(py, &self.0)
    }
    fn __repr__(&self) -> String {
        format!(
            "GeneratedPolicy(role={:?}, statements={}, placeholders={})",
            self.0.role.as_str(),
            self.0.document.statements().len(),
            self.0.placeholders.len()
        )
    }
}

/// Generates a policy from the role's CloudTrail activity (start, poll within the handle's
/// waits, read): a `GeneratedPolicy`.
#[pyfunction]
pub(crate) fn generate_policy(
    py: Python<'_>,
    aws: &Bound<'_, PyAws>,
    request: &PyGenerationRequest,
) -> PyIamResult<PyGeneratedPolicy> {
    let request = request.0.clone();
    io::blocking(py, aws, move |aws| async move {
        aa::generate_policy(&aws, &request).await
    })
    .map(PyGeneratedPolicy)
}

/// Call `generate_policy` asynchronously.
#[pyfunction]
pub(crate) fn generate_policy_async(aws: &Bound<'_, PyAws>, request: &PyGenerationRequest) -> AsyncCall {
    let request = request.0.clone();
    io::awaitable(
        aws,
        move |aws| async move { aa::generate_policy(&aws, &request).await },
        PyGeneratedPolicy,
    )
}

/// The proposal to tighten the role to what it used in the window: a `Proposal`.
#[pyfunction]
pub(crate) fn propose(
    py: Python<'_>,
    aws: &Bound<'_, PyAws>,
    generated: &PyGeneratedPolicy,
) -> PyIamResult<Record> {
    let generated = generated.0.clone();
    io::blocking(
        py,
        aws,
        move |aws| async move { aa::propose(&aws, &generated).await },
    )
    .map(|p| record_of("Proposal", &p))
}

/// Call `propose` asynchronously.
#[pyfunction]
pub(crate) fn propose_async(aws: &Bound<'_, PyAws>, generated: &PyGeneratedPolicy) -> AsyncCall {
    let generated = generated.0.clone();
    io::awaitable(
        aws,
        move |aws| async move { aa::propose(&aws, &generated).await },
        |r| record_of("Proposal", &r),
    )
}

fn unused_input(role: String, days: i128) -> PyIamResult<(RoleName, i64)> {
    let role = RoleName::new(role).map_err(at("role"))?;
    let days: u16 = int("days", days)?;
    Ok((role, i64::from(days)))
}

/// What the role has not used for `days` days (IAM's service-last-accessed report, polled
/// within the handle's waits), with a narrower policy: an `UnusedAccess`.
#[pyfunction]
#[pyo3(signature = (aws, role, days=90))]
pub(crate) fn unused_access(
    py: Python<'_>,
    aws: &Bound<'_, PyAws>,
    role: String,
    #[pyo3(from_py_with = crate::args::any_int)] days: i128,
) -> PyIamResult<Record> {
    let (role, days) = unused_input(role, days)?;
    io::blocking(py, aws, move |aws| async move {
        aa::unused_access(&aws, &role, days).await
    })
    .map(|u| record_of("UnusedAccess", &u))
}

/// Call `unused_access` asynchronously.
#[pyfunction]
#[pyo3(signature = (aws, role, days=90))]
pub(crate) fn unused_access_async(
    aws: &Bound<'_, PyAws>,
    role: String,
    #[pyo3(from_py_with = crate::args::any_int)] days: i128,
) -> PyIamResult<AsyncCall> {
    let (role, days) = unused_input(role, days)?;
    Ok(io::awaitable(
        aws,
        move |aws| async move { aa::unused_access(&aws, &role, days).await },
        |r| record_of("UnusedAccess", &r),
    ))
}

/// Adds the Access Analyzer classes and functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAccessGates>()?;
    m.add_class::<PyAccessAnalyzer>()?;
    m.add_class::<PyGenerationRequest>()?;
    m.add_class::<PyGeneratedPolicy>()?;
    m.add_function(wrap_pyfunction!(validate_policy, m)?)?;
    m.add_function(wrap_pyfunction!(validate_policy_async, m)?)?;
    m.add_function(wrap_pyfunction!(generate_policy, m)?)?;
    m.add_function(wrap_pyfunction!(generate_policy_async, m)?)?;
    m.add_function(wrap_pyfunction!(propose, m)?)?;
    m.add_function(wrap_pyfunction!(propose_async, m)?)?;
    m.add_function(wrap_pyfunction!(unused_access, m)?)?;
    m.add_function(wrap_pyfunction!(unused_access_async, m)?)?;
    Ok(())
}

/// One recorded call for `Aws.in_memory(activity=...)`: `(action, days_ago)` or
/// `(action, days_ago, resource)`.
#[derive(Debug, Clone, FromPyObject)]
pub(crate) enum Activity {
    WithResource(String, f64, String),
    Bare(String, f64),
}

/// Seeds an in-memory account with CloudTrail trails, its principals' activity (principal
/// ARN to calls) and how many polls its analysis jobs take.
pub(crate) fn seed(
    account: &iam_bootstrap::client::InMemory,
    trails: Vec<String>,
    activity: std::collections::BTreeMap<String, Vec<Activity>>,
    job_polls: u32,
) -> PyIamResult<()> {
    use iam_bootstrap::client::memory::ActivityEvent;
    for trail in trails {
        account.add_trail(&Arn::new(trail).map_err(at("trails"))?);
    }
    let now = Timestamp::now();
    for (principal, calls) in activity {
        let arn = Arn::new(principal).map_err(at("activity"))?;
        let mut events = Vec::new();
        for call in calls {
            let (action, days, resource) = match call {
                Activity::WithResource(action, days, resource) => (action, days, Some(resource)),
                Activity::Bare(action, days) => (action, days, None),
            };
            if !(0.0..=3650.0).contains(&days) {
                return Err(ValidationError::new(
                    "activity",
                    ValidationReason::NotAllowed(format!("{action}: days ago must be 0 to 3650, got {days}")),
                )
                .into());
            }
            let ago = jiff::SignedDuration::try_from_secs_f64(days * 86_400.0).unwrap_or_default();
            let at = now.checked_sub(ago).unwrap_or(now);
            let event = ActivityEvent::new(action, at);
            events.push(match resource {
                Some(resource) => event.on(resource),
                None => event,
            });
        }
        account.record_activity(&arn, events);
    }
    account.set_analysis_job_polls(job_polls);
    Ok(())
}
