//! Identity Center: the whole spec (`IdentityCenterSpec`), the administrator preset
//! (`AdminProvisioning`), and the Identity Center knobs of `Aws.in_memory(...)`.

use std::collections::BTreeMap;

use iam_bootstrap::client::memory::InMemoryBuilder;
use iam_bootstrap::names::{AccountId, InstanceArn};
use iam_bootstrap::{AdminProvisioning, IdentityCenterSpec, InstanceChoice, Revocation};
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
        instance_arn=None, max_outstanding_assignments=10, name=None, prune=false,
        remove_users=None, remove_groups=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        users: Option<Vec<PyRef<'_, PyDirectoryUserSpec>>>,
        groups: Option<Vec<PyRef<'_, PyDirectoryGroupSpec>>>,
        permission_sets: Option<Vec<PyRef<'_, PyPermissionSetSpec>>>,
        assignments: Option<Vec<PyRef<'_, PyAssignmentSpec>>>,
        instance_arn: Option<String>,
        #[pyo3(from_py_with = crate::args::any_int)] max_outstanding_assignments: i128,
        name: Option<String>,
        prune: bool,
        remove_users: Option<Vec<String>>,
        remove_groups: Option<Vec<String>>,
    ) -> PyIamResult<Self> {
        let max_outstanding_assignments: u8 =
            int("max_outstanding_assignments", max_outstanding_assignments)?;
        let mut b = IdentityCenterSpec::builder()
            .instance(instance(instance_arn)?)
            .max_outstanding_assignments(max_outstanding_assignments)
            .prune(prune);
        if let Some(name) = name {
            b = b.name(name);
        }
        for user in remove_users.unwrap_or_default() {
            b = b.remove_user(user);
        }
        for group in remove_groups.unwrap_or_default() {
            b = b.remove_group(group);
        }
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

    /// The spec's name (`"default"` when not given): what its permission sets are tagged
    /// with, so it prunes and destroys only its own.
    #[getter]
    fn name(&self) -> String {
        self.0.name().to_string()
    }

    /// Whether plans also delete what this spec owns and no longer names.
    #[getter]
    fn prune(&self) -> bool {
        self.0.prune()
    }

    /// Reads the instance and returns the plan that converges it (reads only). `prune`, if
    /// given, overrides the spec's own setting.
    #[pyo3(signature = (aws, *, prune=None))]
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>, prune: Option<bool>) -> PyIamResult<PyPlan> {
        plan_blocking(py, self.pruning(prune), aws)
    }

    /// Call `plan` asynchronously.
    #[pyo3(signature = (aws, *, prune=None))]
    fn plan_async(&self, aws: &Bound<'_, PyAws>, prune: Option<bool>) -> AsyncCall {
        plan_awaitable(self.pruning(prune), aws)
    }

    /// A plan that deletes everything this spec owns in Identity Center (the assignments
    /// of its permission sets, then the sets; the memberships it lists; the users and groups
    /// it lists for removal), in reverse dependency order, and nothing else (reads only;
    /// apply it with `allow_deletions=True`).
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

    fn __repr__(&self) -> String {
        crate::identity_center::json_repr("IdentityCenterSpec", &self.0)
    }
}

impl PyIdentityCenterSpec {
    /// The spec, with `prune` overriding its own setting when given.
    fn pruning(&self, prune: Option<bool>) -> IdentityCenterSpec {
        match prune {
            Some(prune) => self.0.with_prune(prune),
            None => self.0.clone(),
        }
    }
}

/// Revoking one person's access: out of the groups that grant it (`Administrators` unless
/// named), and optionally the user deleted with its assignments of the spec's own sets.
#[pyclass(name = "Revocation", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyRevocation(pub(crate) Revocation);

#[pymethods]
impl PyRevocation {
    #[new]
    #[pyo3(signature = (user_name, *, groups=None, delete_user=false, spec=None, instance_arn=None))]
    fn new(
        user_name: String,
        groups: Option<Vec<String>>,
        delete_user: bool,
        spec: Option<String>,
        instance_arn: Option<String>,
    ) -> PyIamResult<Self> {
        let mut b = Revocation::builder(user_name)
            .delete_user(delete_user)
            .instance(instance(instance_arn)?);
        for group in groups.unwrap_or_default() {
            b = b.group(group);
        }
        if let Some(spec) = spec {
            b = b.spec(spec);
        }
        Ok(Self(b.build()?))
    }

    /// The user.
    #[getter]
    fn user_name(&self) -> String {
        self.0.user().to_string()
    }

    /// The groups the user leaves.
    #[getter]
    fn groups(&self) -> Vec<String> {
        self.0.groups().iter().map(ToString::to_string).collect()
    }

    /// Whether the user is deleted too.
    #[getter]
    fn delete_user(&self) -> bool {
        self.0.deletes_user()
    }

    /// Reads the instance and returns the revocation's plan (reads only; every change is a
    /// deletion: apply it with `allow_deletions=True`).
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        let revocation = self.0.clone();
        io::blocking(py, aws, move |aws| async move { revocation.plan(&aws).await }).map(PyPlan)
    }

    /// Call `plan` asynchronously.
    fn plan_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let revocation = self.0.clone();
        io::awaitable(aws, move |aws| async move { revocation.plan(&aws).await }, PyPlan)
    }

    fn __repr__(&self) -> String {
        format!(
            "Revocation(user_name={:?}, groups={:?}, delete_user={})",
            self.user_name(),
            self.groups(),
            if self.0.deletes_user() { "True" } else { "False" }
        )
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
