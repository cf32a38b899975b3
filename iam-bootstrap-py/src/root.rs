//! Root user and account hardening: the password policy and `RootHardening`.

use iam_bootstrap::{
    MfaRequirement, PasswordPolicy, PasswordPolicyBuilder, RootAccessKeys, RootHardening, ValidationError,
    ValidationReason,
};
use pyo3::prelude::*;

use crate::args::{int, opt_int};
use crate::audit::PyAuditReport;
use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::PyIamResult;
use crate::io;
use crate::plan::PyPlan;

/// The account password policy to converge to. Fields left as `None` keep the account's
/// current values (the library reads, merges and writes the complete policy).
#[pyclass(
    name = "PasswordPolicy",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyPasswordPolicy(pub(crate) PasswordPolicy);

#[pymethods]
impl PyPasswordPolicy {
    #[new]
    #[pyo3(signature = (*, minimum_password_length=None, require_symbols=None, require_numbers=None,
        require_uppercase_characters=None, require_lowercase_characters=None,
        allow_users_to_change_password=None, max_password_age_days=None, passwords_never_expire=false,
        password_reuse_prevention=None, hard_expiry=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        #[pyo3(from_py_with = crate::args::any_opt_int)] minimum_password_length: Option<i128>,
        require_symbols: Option<bool>,
        require_numbers: Option<bool>,
        require_uppercase_characters: Option<bool>,
        require_lowercase_characters: Option<bool>,
        allow_users_to_change_password: Option<bool>,
        #[pyo3(from_py_with = crate::args::any_opt_int)] max_password_age_days: Option<i128>,
        passwords_never_expire: bool,
        #[pyo3(from_py_with = crate::args::any_opt_int)] password_reuse_prevention: Option<i128>,
        hard_expiry: Option<bool>,
    ) -> PyIamResult<Self> {
        let minimum_password_length = opt_int("minimum_password_length", minimum_password_length)?;
        let max_password_age_days = opt_int("max_password_age_days", max_password_age_days)?;
        let password_reuse_prevention = opt_int("password_reuse_prevention", password_reuse_prevention)?;
        let mut b = PasswordPolicy::builder();
        if let Some(v) = minimum_password_length {
            b = b.minimum_password_length(v);
        }
        if let Some(v) = require_symbols {
            b = b.require_symbols(v);
        }
        if let Some(v) = require_numbers {
            b = b.require_numbers(v);
        }
        if let Some(v) = require_uppercase_characters {
            b = b.require_uppercase_characters(v);
        }
        if let Some(v) = require_lowercase_characters {
            b = b.require_lowercase_characters(v);
        }
        if let Some(v) = allow_users_to_change_password {
            b = b.allow_users_to_change_password(v);
        }
        if let Some(days) = max_password_age_days {
            b = b.max_password_age_days(days);
        }
        if passwords_never_expire {
            b = b.passwords_never_expire();
        }
        if let Some(v) = password_reuse_prevention {
            b = b.password_reuse_prevention(v);
        }
        if let Some(v) = hard_expiry {
            b = b.hard_expiry(v);
        }
        Ok(PyPasswordPolicy(b.build()?))
    }

    /// The CIS benchmark policy: 14+ characters, 24 remembered, all character classes.
    #[staticmethod]
    #[pyo3(signature = (*, max_password_age_days=None))]
    fn cis(
        #[pyo3(from_py_with = crate::args::any_opt_int)] max_password_age_days: Option<i128>,
    ) -> PyIamResult<Self> {
        let mut b = PasswordPolicyBuilder::cis();
        if let Some(days) = opt_int("max_password_age_days", max_password_age_days)? {
            b = b.max_password_age_days(days);
        }
        Ok(PyPasswordPolicy(b.build()?))
    }

    /// Reads the account and returns the plan that converges it (reads only).
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        let spec = self.0.clone();
        io::blocking(py, aws, move |aws| async move { spec.plan(&aws).await }).map(PyPlan)
    }

    /// Call `plan` asynchronously.
    fn plan_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let spec = self.0.clone();
        io::awaitable(aws, move |aws| async move { spec.plan(&aws).await }, PyPlan)
    }

    #[getter]
    fn minimum_password_length(&self) -> Option<u16> {
        self.0.minimum_password_length()
    }

    #[getter]
    fn password_reuse_prevention(&self) -> Option<u16> {
        self.0.password_reuse_prevention()
    }

    fn __repr__(&self) -> String {
        format!(
            "PasswordPolicy({})",
            serde_json::to_string(&self.0).unwrap_or_default()
        )
    }
}

/// A string argument that must be one of `allowed` (a `ValidationError` naming `field` otherwise).
pub(crate) fn one_of<T: Copy>(field: &str, value: &str, allowed: &[(&str, T)]) -> PyIamResult<T> {
    allowed
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|(name, _)| *name).collect();
            ValidationError::new(
                field,
                ValidationReason::Format {
                    expected: format!("one of {}", names.join(", ")),
                    actual: value.to_owned(),
                },
            )
            .into()
        })
}

/// Step one of the guide: audit the root user and plan its hardening.
#[pyclass(name = "RootHardening", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyRootHardening(pub(crate) RootHardening);

#[pymethods]
impl PyRootHardening {
    #[new]
    #[pyo3(signature = (*, password_policy=None, account_alias=None, root_access_keys="keep",
        deactivate_before_delete=false, require_root_caller=false, mfa="hardware",
        root_usage_window_days=1, check_password_expiry=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        password_policy: Option<&Bound<'_, PyPasswordPolicy>>,
        account_alias: Option<String>,
        root_access_keys: &str,
        deactivate_before_delete: bool,
        require_root_caller: bool,
        mfa: &str,
        #[pyo3(from_py_with = crate::args::any_int)] root_usage_window_days: i128,
        check_password_expiry: bool,
    ) -> PyIamResult<Self> {
        let root_usage_window_days = int("root_usage_window_days", root_usage_window_days)?;
        let keys = one_of(
            "root_access_keys",
            root_access_keys,
            &[
                ("keep", RootAccessKeys::Keep),
                ("deactivate", RootAccessKeys::Deactivate),
                ("delete", RootAccessKeys::Delete),
            ],
        )?;
        let mfa = one_of(
            "mfa",
            mfa,
            &[
                ("hardware", MfaRequirement::Hardware),
                ("any", MfaRequirement::Any),
            ],
        )?;
        let mut b = RootHardening::builder()
            .root_access_keys(keys)
            .deactivate_before_delete(deactivate_before_delete)
            .require_root_caller(require_root_caller)
            .mfa(mfa)
            .root_usage_window_days(root_usage_window_days)
            .check_password_expiry(check_password_expiry);
        if let Some(policy) = password_policy {
            b = b.password_policy(policy.get().0.clone());
        }
        if let Some(alias) = account_alias {
            b = b.account_alias(alias);
        }
        Ok(PyRootHardening(b.build()?))
    }

    /// Reads the account and returns the audit (no writes).
    fn audit(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyAuditReport> {
        let spec = self.0.clone();
        io::blocking(py, aws, move |aws| async move { spec.audit(&aws).await }).map(PyAuditReport)
    }

    /// Call `audit` asynchronously.
    fn audit_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let spec = self.0.clone();
        io::awaitable(
            aws,
            move |aws| async move { spec.audit(&aws).await },
            PyAuditReport,
        )
    }

    /// Audits, then returns the plan: changes, manual steps and the audit's findings (reads only).
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        let spec = self.0.clone();
        io::blocking(py, aws, move |aws| async move { spec.plan(&aws).await }).map(PyPlan)
    }

    /// Call `plan` asynchronously.
    fn plan_async(&self, aws: &Bound<'_, PyAws>) -> AsyncCall {
        let spec = self.0.clone();
        io::awaitable(aws, move |aws| async move { spec.plan(&aws).await }, PyPlan)
    }

    /// The plan for an audit this spec already made (no call).
    fn plan_from_audit(&self, report: &Bound<'_, PyAuditReport>) -> PyIamResult<PyPlan> {
        Ok(PyPlan(self.0.plan_from_audit(report.get().0.clone())?))
    }

    fn __repr__(&self) -> String {
        format!(
            "RootHardening({})",
            serde_json::to_string(&self.0).unwrap_or_default()
        )
    }
}
