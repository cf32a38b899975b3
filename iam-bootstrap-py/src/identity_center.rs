//! Identity Center: the parts of a spec (users, groups, permission sets, assignments) and
//! job functions. The spec itself and the administrator preset are in `identity_center_spec.rs`.

use std::collections::BTreeMap;

use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::{
    AssignmentSpec, DirectoryGroupSpec, DirectoryUserSpec, JobFunction, PermissionSetSpec,
    PermissionSetSpecBuilder, ValidationError, ValidationReason,
};
use pyo3::prelude::*;
use pyo3::types::PyAny;

use crate::error::{PyIamError, PyIamResult};

/// `Name({...})`: a spec's repr, its compact JSON (specs hold no secrets).
pub(crate) fn json_repr(name: &str, spec: &impl serde::Serialize) -> String {
    format!("{name}({})", serde_json::to_string(spec).unwrap_or_default())
}

/// A `ValidationError` for `field`.
pub(crate) fn invalid(field: &str, message: impl Into<String>) -> PyIamError {
    iam_bootstrap::ValidationError::new(field, ValidationReason::NotAllowed(message.into())).into()
}

/// An AWS managed policy for a job function, with its real ARN.
#[pyclass(
    name = "JobFunction",
    module = "iam_bootstrap",
    frozen,
    eq,
    eq_int,
    from_py_object
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PyJobFunction {
    AdministratorAccess,
    PowerUserAccess,
    ReadOnlyAccess,
    ViewOnlyAccess,
    SecurityAudit,
    Billing,
    DatabaseAdministrator,
    NetworkAdministrator,
    SystemAdministrator,
    DataScientist,
    SupportUser,
}

impl PyJobFunction {
    const ALL: [PyJobFunction; 11] = [
        PyJobFunction::AdministratorAccess,
        PyJobFunction::PowerUserAccess,
        PyJobFunction::ReadOnlyAccess,
        PyJobFunction::ViewOnlyAccess,
        PyJobFunction::SecurityAudit,
        PyJobFunction::Billing,
        PyJobFunction::DatabaseAdministrator,
        PyJobFunction::NetworkAdministrator,
        PyJobFunction::SystemAdministrator,
        PyJobFunction::DataScientist,
        PyJobFunction::SupportUser,
    ];

    fn core(self) -> JobFunction {
        match self {
            PyJobFunction::AdministratorAccess => JobFunction::AdministratorAccess,
            PyJobFunction::PowerUserAccess => JobFunction::PowerUserAccess,
            PyJobFunction::ReadOnlyAccess => JobFunction::ReadOnlyAccess,
            PyJobFunction::ViewOnlyAccess => JobFunction::ViewOnlyAccess,
            PyJobFunction::SecurityAudit => JobFunction::SecurityAudit,
            PyJobFunction::Billing => JobFunction::Billing,
            PyJobFunction::DatabaseAdministrator => JobFunction::DatabaseAdministrator,
            PyJobFunction::NetworkAdministrator => JobFunction::NetworkAdministrator,
            PyJobFunction::SystemAdministrator => JobFunction::SystemAdministrator,
            PyJobFunction::DataScientist => JobFunction::DataScientist,
            PyJobFunction::SupportUser => JobFunction::SupportUser,
        }
    }
}

#[pymethods]
impl PyJobFunction {
    /// The policy ARN (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`).
    #[getter]
    fn arn(&self) -> String {
        self.core().arn()
    }

    /// The policy name (`ViewOnlyAccess`).
    #[getter]
    fn policy_name(&self) -> &'static str {
        self.core().policy_name()
    }

    /// Every job function.
    #[staticmethod]
    fn all() -> Vec<PyJobFunction> {
        Self::ALL.to_vec()
    }

    /// The lesser-privilege preset: a permission set with this policy, a description, and
    /// a 1-hour session (4 hours for the read-only functions).
    fn permission_set(&self) -> PyIamResult<PyPermissionSetSpec> {
        Ok(PyPermissionSetSpec(self.core().permission_set().build()?))
    }
}

/// A permission set granting exactly `document` as its inline policy, after the checks a
/// least-privilege role gets (grammar, 10,240 characters, no SECURITY_WARNING finding unless
/// allowed).
#[pyfunction]
#[pyo3(signature = (name, document, *, allow_security_warnings=false, session_duration=None))]
pub(crate) fn least_privilege_permission_set(
    name: &str,
    document: &crate::policy::PyPolicyDocument,
    allow_security_warnings: bool,
    session_duration: Option<String>,
) -> PyIamResult<PyPermissionSetSpec> {
    let mut builder =
        iam_bootstrap::roles::least_privilege_permission_set(name, &document.0, allow_security_warnings)?;
    if let Some(duration) = session_duration {
        builder = builder.session_duration(duration);
    }
    Ok(PyPermissionSetSpec(builder.build()?))
}

/// A user in the Identity Center identity store (created when missing, never rewritten).
#[pyclass(
    name = "DirectoryUserSpec",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyDirectoryUserSpec(pub(crate) DirectoryUserSpec);

#[pymethods]
impl PyDirectoryUserSpec {
    #[new]
    #[pyo3(signature = (user_name, *, given_name, family_name, email, display_name=None))]
    fn new(
        user_name: String,
        given_name: String,
        family_name: String,
        email: String,
        display_name: Option<String>,
    ) -> PyIamResult<Self> {
        let mut builder = DirectoryUserSpec::builder(user_name)
            .given_name(given_name)
            .family_name(family_name)
            .email(email);
        if let Some(name) = display_name {
            builder = builder.display_name(name);
        }
        Ok(Self(builder.build()?))
    }

    #[getter]
    fn user_name(&self) -> &str {
        self.0.user_name().as_str()
    }
    #[getter]
    fn display_name(&self) -> &str {
        self.0.display_name()
    }
    #[getter]
    fn email(&self) -> &str {
        self.0.email().as_str()
    }

    fn __repr__(&self) -> String {
        format!("DirectoryUserSpec({:?})", self.0.user_name().as_str())
    }
}

/// A group in the identity store and the users that must be in it.
#[pyclass(
    name = "DirectoryGroupSpec",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyDirectoryGroupSpec(pub(crate) DirectoryGroupSpec);

#[pymethods]
impl PyDirectoryGroupSpec {
    #[new]
    #[pyo3(signature = (name, *, description=None, members=None))]
    fn new(name: String, description: Option<String>, members: Option<Vec<String>>) -> PyIamResult<Self> {
        let mut builder = DirectoryGroupSpec::builder(name);
        if let Some(description) = description {
            builder = builder.description(description);
        }
        for member in members.unwrap_or_default() {
            builder = builder.member(member);
        }
        Ok(Self(builder.build()?))
    }

    #[getter]
    fn name(&self) -> &str {
        self.0.name().as_str()
    }
    #[getter]
    fn members(&self) -> Vec<String> {
        self.0.members().iter().map(ToString::to_string).collect()
    }

    fn __repr__(&self) -> String {
        json_repr("DirectoryGroupSpec", &self.0)
    }
}

/// `"name"` or `"/path/name"` as a (name, path) pair.
fn name_and_path(text: &str) -> (String, Option<String>) {
    match text.rsplit_once('/') {
        Some((path, name)) => (name.to_owned(), Some(format!("{path}/"))),
        None => (text.to_owned(), None),
    }
}

/// A permission set. Policies: AWS managed by ARN or `JobFunction`, customer managed as
/// `"name"` or `"/path/name"`; the boundary is an AWS managed ARN, a customer managed name,
/// or `"none"` (left as it is when not given).
#[pyclass(
    name = "PermissionSetSpec",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyPermissionSetSpec(pub(crate) PermissionSetSpec);

#[pymethods]
impl PyPermissionSetSpec {
    #[new]
    #[pyo3(signature = (name, *, description=None, session_duration=None, relay_state=None,
        managed_policies=None, customer_managed_policies=None, inline_policy=None,
        permissions_boundary=None, tags=None, adopt=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        name: String,
        description: Option<String>,
        session_duration: Option<String>,
        relay_state: Option<String>,
        managed_policies: Option<Vec<Bound<'_, PyAny>>>,
        customer_managed_policies: Option<Vec<String>>,
        inline_policy: Option<Bound<'_, PyAny>>,
        permissions_boundary: Option<String>,
        tags: Option<BTreeMap<String, String>>,
        adopt: bool,
    ) -> PyIamResult<Self> {
        let mut b: PermissionSetSpecBuilder = PermissionSetSpec::builder(name).adopt(adopt);
        if let Some(v) = description {
            b = b.description(v);
        }
        if let Some(v) = session_duration {
            b = b.session_duration(v);
        }
        if let Some(v) = relay_state {
            b = b.relay_state(v);
        }
        for policy in managed_policies.unwrap_or_default() {
            b = match policy.extract::<PyJobFunction>() {
                Ok(function) => b.job_function(function.core()),
                Err(_) => b.managed_policy(policy.extract::<String>()?),
            };
        }
        for policy in customer_managed_policies.unwrap_or_default() {
            let (name, path) = name_and_path(&policy);
            b = b.customer_managed_policy(name, path.as_deref());
        }
        if let Some(document) = inline_policy {
            let text = match document.extract::<String>() {
                Ok(text) => text,
                Err(_) => pythonize::depythonize::<serde_json::Value>(&document)
                    .map_err(|e| invalid("inline_policy", e.to_string()))?
                    .to_string(),
            };
            b = b.inline_policy(text);
        }
        b = match permissions_boundary.as_deref() {
            None => b,
            Some("none") => b.no_permissions_boundary(),
            Some(arn) if arn.starts_with("arn:") => b.aws_managed_boundary(arn),
            Some(name) => {
                let (name, path) = name_and_path(name);
                b.customer_managed_boundary(name, path.as_deref())
            }
        };
        for (key, value) in tags.unwrap_or_default() {
            b = b.tag(key, value);
        }
        Ok(Self(b.build()?))
    }

    #[getter]
    fn name(&self) -> &str {
        self.0.name().as_str()
    }
    #[getter]
    fn session_duration(&self) -> String {
        self.0.session_duration().to_string()
    }
    #[getter]
    fn managed_policies(&self) -> Vec<String> {
        self.0
            .managed_policies()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn __repr__(&self) -> String {
        json_repr("PermissionSetSpec", &self.0)
    }
}

/// `accounts` as Python gives them: account IDs (`str`) and selector dicts
/// (`{"ou": "Root/Workloads"}`, `{"tag": "env=prod"}`, `{"organization": True, "except": [...]}`),
/// the forms spec files take. A value of another shape is a `ValidationError` naming
/// `accounts[n]`; the builder checks the rest.
pub(crate) fn account_selectors(accounts: Vec<Bound<'_, PyAny>>) -> PyIamResult<Vec<AccountSelectorBuilder>> {
    accounts
        .iter()
        .enumerate()
        .map(|(n, value)| {
            pythonize::depythonize::<AccountSelectorBuilder>(value).map_err(|e| {
                ValidationError::new(
                    format!("accounts[{n}]"),
                    ValidationReason::Format {
                        expected:
                            "an account ID, or a dict with `ou`, `tag` or `organization` (and `except`)"
                                .into(),
                        actual: e.to_string(),
                    },
                )
                .into()
            })
        })
        .collect()
}

/// A user or group gets a permission set in accounts (give exactly one of `group`, `user`).
#[pyclass(
    name = "AssignmentSpec",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyAssignmentSpec(pub(crate) AssignmentSpec);

#[pymethods]
impl PyAssignmentSpec {
    #[new]
    #[pyo3(signature = (permission_set, *, accounts, group=None, user=None))]
    fn new(
        permission_set: String,
        accounts: Vec<Bound<'_, PyAny>>,
        group: Option<String>,
        user: Option<String>,
    ) -> PyIamResult<Self> {
        let builder = AssignmentSpec::builder(permission_set).selectors(account_selectors(accounts)?);
        let builder = match (group, user) {
            (Some(group), None) => builder.group(group),
            (None, Some(user)) => builder.user(user),
            _ => return Err(invalid("principal", "give exactly one of group and user")),
        };
        Ok(Self(builder.build()?))
    }

    fn __repr__(&self) -> String {
        json_repr("AssignmentSpec", &self.0)
    }
}

/// Adds the classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(least_privilege_permission_set, m)?)?;
    m.add_class::<PyJobFunction>()?;
    m.add_class::<PyDirectoryUserSpec>()?;
    m.add_class::<PyDirectoryGroupSpec>()?;
    m.add_class::<PyPermissionSetSpec>()?;
    m.add_class::<PyAssignmentSpec>()?;
    m.add_class::<crate::identity_center_spec::PyIdentityCenterSpec>()?;
    m.add_class::<crate::identity_center_spec::PyRevocation>()?;
    m.add_class::<crate::identity_center_spec::PyAdminProvisioning>()?;
    Ok(())
}
