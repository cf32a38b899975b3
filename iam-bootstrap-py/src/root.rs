//! Root user and account hardening: the password policy.

use iam_bootstrap::{PasswordPolicy, PasswordPolicyBuilder};
use pyo3::prelude::*;

use crate::aws::PyAws;
use crate::error::{PyIamError, PyIamResult};
use crate::plan::PyPlan;
use crate::runtime;

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
        minimum_password_length: Option<u16>,
        require_symbols: Option<bool>,
        require_numbers: Option<bool>,
        require_uppercase_characters: Option<bool>,
        require_lowercase_characters: Option<bool>,
        allow_users_to_change_password: Option<bool>,
        max_password_age_days: Option<u16>,
        passwords_never_expire: bool,
        password_reuse_prevention: Option<u16>,
        hard_expiry: Option<bool>,
    ) -> PyIamResult<Self> {
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
    fn cis(max_password_age_days: Option<u16>) -> PyIamResult<Self> {
        let mut b = PasswordPolicyBuilder::cis();
        if let Some(days) = max_password_age_days {
            b = b.max_password_age_days(days);
        }
        Ok(PyPasswordPolicy(b.build()?))
    }

    /// Reads the account and returns the plan that converges it (reads only).
    fn plan(&self, py: Python<'_>, aws: &Bound<'_, PyAws>) -> PyIamResult<PyPlan> {
        let (spec, aws) = (self.0.clone(), aws.get().0.clone());
        let rt = runtime::get()?;
        Ok(PyPlan(py.detach(|| rt.block_on(spec.plan(&aws)))?))
    }

    /// Call `plan` asynchronously.
    fn plan_async<'py>(&self, py: Python<'py>, aws: &Bound<'py, PyAws>) -> PyResult<Bound<'py, PyAny>> {
        let (spec, aws) = (self.0.clone(), aws.get().0.clone());
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            Ok(PyPlan(spec.plan(&aws).await.map_err(PyIamError::from)?))
        })
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
