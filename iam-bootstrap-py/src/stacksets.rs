//! Org-wide roles and policies through CloudFormation StackSets: `OperationPreferences`,
//! `OrgStackSet` (plan), `StackSetPlan` (apply), `StackSetOutcome`, and the read-only
//! `audit_drift`; every I/O call with an `_async` twin.

use iam_bootstrap::client::OperationPreferences;
use iam_bootstrap::names::StackSetName;
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::roles::CustomerPolicy;
use iam_bootstrap::stacksets::{
    DriftReport, OperationPreferencesBuilder, OrgStackSet, StackSetApply, StackSetOutcome, StackSetPlan,
    audit_drift,
};
use pyo3::prelude::*;

use crate::args::int;
use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::PyIamResult;
use crate::io;
use crate::plan::to_python;
use crate::policy::PyPolicyDocument;
use crate::roles::PyRoleSpec;

/// How a StackSet operation rolls out, checked when constructed.
#[pyclass(
    name = "OperationPreferences",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyOperationPreferences(OperationPreferences);

#[pymethods]
impl PyOperationPreferences {
    #[new]
    #[pyo3(signature = (*, max_concurrent_count=None, max_concurrent_percentage=None,
        failure_tolerance_count=None, failure_tolerance_percentage=None, region_order=None,
        parallel_regions=false))]
    fn new(
        #[pyo3(from_py_with = crate::args::any_opt_int)] max_concurrent_count: Option<i128>,
        #[pyo3(from_py_with = crate::args::any_opt_int)] max_concurrent_percentage: Option<i128>,
        #[pyo3(from_py_with = crate::args::any_opt_int)] failure_tolerance_count: Option<i128>,
        #[pyo3(from_py_with = crate::args::any_opt_int)] failure_tolerance_percentage: Option<i128>,
        region_order: Option<Vec<String>>,
        parallel_regions: bool,
    ) -> PyIamResult<Self> {
        Ok(Self(
            builder(
                max_concurrent_count,
                max_concurrent_percentage,
                failure_tolerance_count,
                failure_tolerance_percentage,
                region_order,
                parallel_regions,
            )?
            .build()?,
        ))
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "OperationPreferences({})",
            serde_json::to_string(&self.0).unwrap_or_default()
        )
    }
}

fn builder(
    max_concurrent_count: Option<i128>,
    max_concurrent_percentage: Option<i128>,
    failure_tolerance_count: Option<i128>,
    failure_tolerance_percentage: Option<i128>,
    region_order: Option<Vec<String>>,
    parallel_regions: bool,
) -> PyIamResult<OperationPreferencesBuilder> {
    let mut b = OperationPreferencesBuilder::new().parallel_regions(parallel_regions);
    if let Some(n) = max_concurrent_count {
        b = b.max_concurrent_count(int("max_concurrent_count", n)?);
    }
    if let Some(p) = max_concurrent_percentage {
        b = b.max_concurrent_percentage(int("max_concurrent_percentage", p)?);
    }
    if let Some(n) = failure_tolerance_count {
        b = b.failure_tolerance_count(int("failure_tolerance_count", n)?);
    }
    if let Some(p) = failure_tolerance_percentage {
        b = b.failure_tolerance_percentage(int("failure_tolerance_percentage", p)?);
    }
    if let Some(order) = region_order {
        b = b.region_order(order);
    }
    Ok(b)
}

fn builder_from(prefs: &OperationPreferences) -> OperationPreferencesBuilder {
    use iam_bootstrap::client::{AccountShare, RegionConcurrency};
    let mut b = OperationPreferencesBuilder::new()
        .parallel_regions(prefs.region_concurrency == RegionConcurrency::Parallel)
        .region_order(prefs.region_order.iter().map(|r| r.as_str().to_owned()));
    b = match prefs.max_concurrent {
        AccountShare::Count(n) => b.max_concurrent_count(n),
        AccountShare::Percentage(p) => b.max_concurrent_percentage(p),
        _ => b,
    };
    match prefs.failure_tolerance {
        AccountShare::Count(n) => b.failure_tolerance_count(n),
        AccountShare::Percentage(p) => b.failure_tolerance_percentage(p),
        _ => b,
    }
}

/// A role or customer managed policies in every account of some OUs (nested OUs included)
/// or of the whole organization, deployed by one service-managed StackSet.
#[pyclass(name = "OrgStackSet", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyOrgStackSet(OrgStackSet);

#[pymethods]
impl PyOrgStackSet {
    #[new]
    #[pyo3(signature = (*, regions, role=None, policies=None, name=None, ous=None, organization=false,
        preferences=None, retain_stacks_on_account_removal=false, spec_name=None, permission_set=None))]
    #[allow(clippy::too_many_arguments)] // Python's keyword-only arguments
    fn new(
        regions: Vec<String>,
        role: Option<PyRef<'_, PyRoleSpec>>,
        policies: Option<Vec<(String, PyRef<'_, PyPolicyDocument>)>>,
        name: Option<String>,
        ous: Option<Vec<String>>,
        organization: bool,
        preferences: Option<PyRef<'_, PyOperationPreferences>>,
        retain_stacks_on_account_removal: bool,
        spec_name: Option<String>,
        permission_set: Option<PyRef<'_, crate::identity_center::PyPermissionSetSpec>>,
    ) -> PyIamResult<Self> {
        let mut b = match (role, policies) {
            (Some(role), None) => OrgStackSet::role(role.0.clone()),
            (None, Some(policies)) => {
                let mut list = Vec::with_capacity(policies.len());
                for (index, (policy, document)) in policies.into_iter().enumerate() {
                    let policy_name = policy.parse().map_err(|e: iam_bootstrap::ValidationError| {
                        e.within(format!("policies[{index}]"))
                    })?;
                    list.push(CustomerPolicy::new(policy_name, document.0.clone()));
                }
                match &permission_set {
                    // The policies a permission set references, checked to be all there.
                    Some(set) => OrgStackSet::permission_set_policies(&set.0, list)?,
                    None => OrgStackSet::policies(list),
                }
            }
            _ => {
                return Err(iam_bootstrap::ValidationError::new(
                    "stack_set",
                    iam_bootstrap::ValidationReason::NotAllowed("give either role or policies".into()),
                )
                .into());
            }
        };
        if let Some(name) = name {
            b = b.name(name);
        }
        for ou in ous.unwrap_or_default() {
            b = b.target(AccountSelectorBuilder::ou(ou));
        }
        if organization {
            b = b.target(AccountSelectorBuilder::organization());
        }
        for region in regions {
            b = b.region(region);
        }
        if let Some(prefs) = preferences {
            b = b.preferences(builder_from(&prefs.0));
        }
        if let Some(spec) = spec_name {
            b = b.spec_name(spec);
        }
        Ok(Self(
            b.retain_stacks_on_account_removal(retain_stacks_on_account_removal)
                .build()?,
        ))
    }

    /// The StackSet's name.
    #[getter]
    fn name(&self) -> &str {
        self.0.name().as_str()
    }

    /// The template every account gets (a dict).
    fn template<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.template())
    }

    /// Reads the organization and the StackSet and plans the rollout (reads only).
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyStackSetPlan> {
        let spec = self.0.clone();
        io::blocking(py, aws, move |aws| async move { spec.plan(&aws).await }).map(PyStackSetPlan)
    }

    /// Call `plan` asynchronously.
    fn plan_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let spec = self.0.clone();
        io::awaitable(
            aws,
            move |aws| async move { spec.plan(&aws).await },
            PyStackSetPlan,
        )
    }

    fn __repr__(&self) -> String {
        format!("OrgStackSet(name={:?})", self.0.name().as_str())
    }
}

/// What applying an `OrgStackSet` would do; `str()` prints it for review.
#[pyclass(name = "StackSetPlan", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyStackSetPlan(pub(crate) StackSetPlan);

#[pymethods]
impl PyStackSetPlan {
    /// Whether applying it writes nothing.
    #[getter]
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The plan as a dict (change, targets, resolutions, deploy_to, add, update, retry,
    /// remove, running, preferences).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    /// Applies the plan; removals need `allow_deletions=True`.
    #[pyo3(signature = (aws, *, allow_deletions=false))]
    fn apply(
        &self,
        py: Python<'_>,
        aws: &Bound<'_, PyAws>,
        allow_deletions: bool,
    ) -> PyIamResult<PyStackSetOutcome> {
        let plan = self.0.clone();
        let options = StackSetApply::new().allow_deletions(allow_deletions);
        io::blocking(
            py,
            aws,
            move |aws| async move { plan.apply_with(&aws, options).await },
        )
        .map(PyStackSetOutcome)
    }

    /// Call `apply` asynchronously.
    #[pyo3(signature = (aws, *, allow_deletions=false))]
    fn apply_async(&self, aws: &Bound<'_, PyAws>, allow_deletions: bool) -> AsyncCall {
        let plan = self.0.clone();
        let options = StackSetApply::new().allow_deletions(allow_deletions);
        io::awaitable(
            aws,
            move |aws| async move { plan.apply_with(&aws, options).await },
            PyStackSetOutcome,
        )
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "StackSetPlan(stack_set={:?}, empty={})",
            self.0.stack_set.as_str(),
            self.0.is_empty()
        )
    }
}

/// What an apply did: its operations, every account's result, its own calls.
#[pyclass(
    name = "StackSetOutcome",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyStackSetOutcome(StackSetOutcome);

#[pymethods]
impl PyStackSetOutcome {
    /// Whether every operation succeeded and no account failed.
    #[getter]
    fn is_success(&self) -> bool {
        self.0.is_success()
    }

    /// The accounts that failed: dicts with `account`, `region`, `status` and `reason`.
    #[getter]
    fn failed<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.0.failed().map(|a| to_python(py, a)).collect()
    }

    /// The outcome as a dict (operations, accounts, calls).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "StackSetOutcome(success={}, accounts={})",
            self.0.is_success(),
            self.0.accounts.len()
        )
    }
}

/// What a drift audit found.
#[pyclass(name = "DriftReport", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyDriftReport(DriftReport);

#[pymethods]
impl PyDriftReport {
    /// The drifted instances: dicts with `account`, `region`, `status` and `resources`.
    #[getter]
    fn drifted<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.0.drifted().map(|i| to_python(py, i)).collect()
    }

    /// The report as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "DriftReport(stack_set={:?}, drifted={})",
            self.0.stack_set.as_str(),
            self.0.drifted().count()
        )
    }
}

fn drift_inputs(
    name: &str,
    preferences: Option<PyRef<'_, PyOperationPreferences>>,
) -> PyIamResult<(StackSetName, OperationPreferences)> {
    let name = StackSetName::new(name)?;
    let prefs = match preferences {
        Some(p) => p.0.clone(),
        None => OperationPreferences::default(),
    };
    Ok((name, prefs))
}

/// Starts drift detection on the StackSet `name`, polls it, and reports the drifted
/// instances and resources per account (read-only).
#[pyfunction(name = "audit_drift")]
#[pyo3(signature = (aws, name, *, preferences=None))]
pub(crate) fn py_audit_drift(
    py: Python<'_>,
    aws: &Bound<'_, PyAws>,
    name: &str,
    preferences: Option<PyRef<'_, PyOperationPreferences>>,
) -> PyIamResult<PyDriftReport> {
    let (name, prefs) = drift_inputs(name, preferences)?;
    io::blocking(py, aws, move |aws| async move {
        audit_drift(&aws, &name, &prefs).await
    })
    .map(PyDriftReport)
}

/// Call `audit_drift` asynchronously.
#[pyfunction(name = "audit_drift_async")]
#[pyo3(signature = (aws, name, *, preferences=None))]
pub(crate) fn py_audit_drift_async(
    aws: &Bound<'_, PyAws>,
    name: &str,
    preferences: Option<PyRef<'_, PyOperationPreferences>>,
) -> PyIamResult<AsyncCall> {
    let (name, prefs) = drift_inputs(name, preferences)?;
    Ok(io::awaitable(
        aws,
        move |aws| async move { audit_drift(&aws, &name, &prefs).await },
        PyDriftReport,
    ))
}

/// Registers the classes and functions.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyOperationPreferences>()?;
    m.add_class::<PyOrgStackSet>()?;
    m.add_class::<PyStackSetPlan>()?;
    m.add_class::<PyStackSetOutcome>()?;
    m.add_class::<PyDriftReport>()?;
    m.add_function(wrap_pyfunction!(py_audit_drift, m)?)?;
    m.add_function(wrap_pyfunction!(py_audit_drift_async, m)?)?;
    Ok(())
}
