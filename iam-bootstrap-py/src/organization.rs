//! `AccountSpec`: a member account of the organization, created when missing (the guide's
//! "Sign up for an AWS account", the organization's way). A `Bootstrap` takes them under
//! `accounts` (`Bootstrap.from_dict({"accounts": [spec.to_dict()], ...})`).

use std::collections::BTreeMap;

use iam_bootstrap::organization::AccountSpec;
use pyo3::prelude::*;

use crate::error::PyIamResult;
use crate::identity_center::json_repr;

/// A member account: found by its root user's email (never created twice), created with
/// `CreateAccount` when missing, then moved into its OU and tagged.
#[pyclass(name = "AccountSpec", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyAccountSpec(pub(crate) AccountSpec);

#[pymethods]
impl PyAccountSpec {
    #[new]
    #[pyo3(signature = (name, email, *, ou=None, tags=None, role_name=None))]
    fn new(
        name: String,
        email: String,
        ou: Option<String>,
        tags: Option<BTreeMap<String, String>>,
        role_name: Option<String>,
    ) -> PyIamResult<Self> {
        let mut builder = AccountSpec::builder(name, email);
        if let Some(ou) = ou {
            builder = builder.ou(ou);
        }
        for (key, value) in tags.unwrap_or_default() {
            builder = builder.tag(key, value);
        }
        if let Some(role) = role_name {
            builder = builder.role_name(role);
        }
        Ok(Self(builder.build()?))
    }

    /// The account's name.
    #[getter]
    fn name(&self) -> &str {
        self.0.name().as_str()
    }
    /// Its root user's email.
    #[getter]
    fn email(&self) -> &str {
        self.0.email().as_str()
    }
    /// Its OU as given (an ID or a path), or `None` for the root.
    #[getter]
    fn ou(&self) -> Option<String> {
        self.0.ou().map(ToString::to_string)
    }
    /// Its tags.
    #[getter]
    fn tags(&self) -> BTreeMap<String, String> {
        self.0.tags().clone()
    }

    /// The spec as a dict, the form `Bootstrap.from_dict` takes under `accounts`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pythonize::pythonize(py, &self.0).map_err(crate::error::package_error)
    }

    fn __repr__(&self) -> String {
        json_repr("AccountSpec", &self.0)
    }
}
