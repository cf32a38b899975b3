//! Identity Center: the whole spec (`IdentityCenterSpec`), the administrator preset
//! (`AdminProvisioning`), and the Identity Center knobs of `Aws.in_memory(...)`.

use std::collections::BTreeMap;

use iam_bootstrap::client::memory::InMemoryBuilder;
use iam_bootstrap::names::{AccountId, InstanceArn};
use iam_bootstrap::{AdminProvisioning, IdentityCenterSpec, InstanceChoice};
use pyo3::prelude::*;

use crate::args::int;
use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::PyIamResult;
use crate::identity_center::{
    PyAssignmentSpec, PyDirectoryGroupSpec, PyDirectoryUserSpec, PyPermissionSetSpec, account_selectors,
    invalid,
};
use crate::io;
use crate::plan::PyPlan;

/// The instance a spec names by ARN (checked here, so a malformed ARN is a
/// `ValidationError` on `instance_arn` before any call), or the only one.
fn instance(arn: Option<String>) -> PyIamResult<InstanceChoice> {
    Ok(match arn {
        None => InstanceChoice::Only,
        Some(arn) => InstanceChoice::ByArn(
            InstanceArn::new(arn)
                .map_err(|e| iam_bootstrap::ValidationError::new("instance_arn", e.reason().clone()))?,
        ),
    })
}

/// Plans `spec` on `aws`, blocking with the GIL released (the preset plans as its spec).
fn plan_blocking(py: Python<'_>, spec: IdentityCenterSpec, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
    io::blocking(py, aws, move |aws| async move { spec.plan(&aws).await }).map(PyPlan)
}

/// Plans `spec` on `aws` as an awaitable.
fn plan_awaitable(spec: IdentityCenterSpec, aws: &Bound<'_, PyAws>) -> AsyncCall {
    io::awaitable(aws, move |aws| async move { spec.plan(&aws).await }, PyPlan)
}

/// Users, groups, permission sets and assignments in one Identity Center instance.
#[pyclass(
    name = "IdentityCenterSpec",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyIdentityCenterSpec(pub(crate) IdentityCenterSpec);

#[pymethods]
impl PyIdentityCenterSpec {
    #[new]
    #[pyo3(signature = (*, users=None, groups=None, permission_sets=None, assignments=None,
        instance_arn=None, max_outstanding_assignments=10))]
    fn new(
        users: Option<Vec<PyRef<'_, PyDirectoryUserSpec>>>,
        groups: Option<Vec<PyRef<'_, PyDirectoryGroupSpec>>>,
        permission_sets: Option<Vec<PyRef<'_, PyPermissionSetSpec>>>,
        assignments: Option<Vec<PyRef<'_, PyAssignmentSpec>>>,
        instance_arn: Option<String>,
        #[pyo3(from_py_with = crate::args::any_int)] max_outstanding_assignments: i128,
    ) -> PyIamResult<Self> {
        let max_outstanding_assignments: u8 =
            int("max_outstanding_assignments", max_outstanding_assignments)?;
        let mut b = IdentityCenterSpec::builder()
            .instance(instance(instance_arn)?)
            .max_outstanding_assignments(max_outstanding_assignments);
        for user in users.unwrap_or_default() {
            b = b.user(user.0.clone());
        }
        for group in groups.unwrap_or_default() {
            b = b.group(group.0.clone());
        }
        for set in permission_sets.unwrap_or_default() {
            b = b.permission_set(set.0.clone());
        }
        for assignment in assignments.unwrap_or_default() {
            b = b.assignment(assignment.0.clone());
        }
        Ok(Self(b.build()?))
    }

    /// Parses and validates a spec written as JSON.
    #[staticmethod]
    fn from_json(text: &str) -> PyIamResult<Self> {
        serde_json::from_str(text)
            .map(Self)
            .map_err(|e| invalid("identity_center", e.to_string()))
    }

    /// The spec as JSON.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.0).map_err(crate::error::package_error)
    }

    /// Reads the instance and returns the plan that converges it (reads only).
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        plan_blocking(py, self.0.clone(), aws)
    }

    /// Call `plan` asynchronously.
    fn plan_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        plan_awaitable(self.0.clone(), aws)
    }

    fn __repr__(&self) -> String {
        crate::identity_center::json_repr("IdentityCenterSpec", &self.0)
    }
}

/// The guide's administrator: user, `Administrators` group, `AdministratorAccess`
/// permission set with one-hour sessions, the group assigned in each account, provisioned.
#[pyclass(
    name = "AdminProvisioning",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyAdminProvisioning(pub(crate) AdminProvisioning);

#[pymethods]
impl PyAdminProvisioning {
    #[new]
    #[pyo3(signature = (*, user, accounts, group="Administrators".to_owned(), group_description=None,
        permission_set="AdministratorAccess".to_owned(), session_duration="PT1H".to_owned(),
        instance_arn=None, adopt_permission_set=false, max_outstanding_assignments=10))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        user: PyRef<'_, PyDirectoryUserSpec>,
        accounts: Vec<Bound<'_, PyAny>>,
        group: String,
        group_description: Option<String>,
        permission_set: String,
        session_duration: String,
        instance_arn: Option<String>,
        adopt_permission_set: bool,
        #[pyo3(from_py_with = crate::args::any_int)] max_outstanding_assignments: i128,
    ) -> PyIamResult<Self> {
        let max_outstanding_assignments: u8 =
            int("max_outstanding_assignments", max_outstanding_assignments)?;
        let mut b = AdminProvisioning::builder()
            .user(user.0.clone())
            .group(group)
            .permission_set(permission_set)
            .session_duration(session_duration)
            .instance(instance(instance_arn)?)
            .adopt_permission_set(adopt_permission_set)
            .max_outstanding_assignments(max_outstanding_assignments);
        for selector in account_selectors(accounts)? {
            b = b.select(selector);
        }
        if let Some(description) = group_description {
            b = b.group_description(description);
        }
        Ok(Self(b.build()?))
    }

    /// The general spec this preset stands for.
    #[getter]
    fn spec(&self) -> PyIdentityCenterSpec {
        PyIdentityCenterSpec(self.0.spec().clone())
    }

    /// The preset as JSON.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.0).map_err(crate::error::package_error)
    }

    /// Reads the instance and returns the plan that converges it (reads only).
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        plan_blocking(py, self.0.spec().clone(), aws)
    }

    /// Call `plan` asynchronously.
    fn plan_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        plan_awaitable(self.0.spec().clone(), aws)
    }

    fn __repr__(&self) -> String {
        crate::identity_center::json_repr("AdminProvisioning", &self.0)
    }
}

/// The Identity Center knobs of `Aws.in_memory(...)`.
pub(crate) struct InMemoryIdentityCenter {
    pub(crate) assignment_polls: u32,
    pub(crate) provisioning_polls: u32,
    pub(crate) identity_center_instances: usize,
    pub(crate) fail_assignments_to: Option<BTreeMap<String, String>>,
    pub(crate) max_outstanding_assignments: u32,
}

impl InMemoryIdentityCenter {
    /// Applies the knobs to an in-memory account builder.
    pub(crate) fn apply(self, builder: InMemoryBuilder) -> PyIamResult<InMemoryBuilder> {
        let mut builder = builder
            .assignment_polls(self.assignment_polls)
            .provisioning_polls(self.provisioning_polls)
            .identity_center_instances(self.identity_center_instances)
            .max_outstanding_assignments(self.max_outstanding_assignments);
        for (account, reason) in self.fail_assignments_to.unwrap_or_default() {
            let account = AccountId::new(account).map_err(|e| {
                iam_bootstrap::ValidationError::new("fail_assignments_to", e.reason().clone())
            })?;
            builder = builder.fail_assignments_to(account, reason);
        }
        Ok(builder)
    }
}
