//! `OrgRoot`: root user hardening across an organization through centralized root access
//! (enable as a plan, the AssumeRoot audit, credential removal), with its plans and reports.

use std::collections::BTreeMap;

use iam_bootstrap::client::memory::{MemberAccount, MemberRoot, OrganizationTree};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::org_root::{
    CredentialKind, EnablePlan, OrgRoot, OrgRootReport, RemovalOutcome, RemovalPlan,
};
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::{Error, PreconditionReason};
use pyo3::prelude::*;
use serde::Deserialize;

use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::{PyIamError, PyIamResult};
use crate::plan::to_python;
use crate::results::{record, records};
use crate::{io, runtime};

/// A member account's root user for `Aws.in_memory(member_roots=...)`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MemberRootArgs {
    #[serde(default)]
    password: bool,
    #[serde(default)]
    access_keys: Vec<String>,
    #[serde(default)]
    signing_certificates: Vec<String>,
    #[serde(default)]
    mfa_devices: Vec<String>,
    #[serde(default)]
    ou: Option<String>,
}

/// Adds `member_roots` (account ID -> root user) to `tree` as member accounts.
pub(crate) fn plant(
    mut tree: OrganizationTree,
    member_roots: BTreeMap<String, Bound<'_, PyAny>>,
) -> PyIamResult<OrganizationTree> {
    for (id, value) in member_roots {
        let args: MemberRootArgs = pythonize::depythonize(&value).map_err(|e| {
            PyIamError::from(Error::Validation(iam_bootstrap::ValidationError::new(
                format!("member_roots[{id}]"),
                iam_bootstrap::ValidationReason::Format {
                    expected: "a dict of password, access_keys, signing_certificates, mfa_devices, ou".into(),
                    actual: e.to_string(),
                },
            )))
        })?;
        let mut root = if args.password {
            MemberRoot::with_password()
        } else {
            MemberRoot::new()
        };
        for key in args.access_keys {
            root = root.access_key(key, true, None);
        }
        for cert in args.signing_certificates {
            root = root.signing_certificate(cert);
        }
        for device in args.mfa_devices {
            root = root.mfa_device(device);
        }
        let account = AccountId::new(id.clone())?;
        let member = MemberAccount::new(account, format!("member-{id}")).root_user(root);
        tree = tree.account(match args.ou {
            Some(ou) => member.in_ou(ou),
            None => member,
        });
    }
    Ok(tree)
}

/// Root user hardening across an organization: `plan_enable` / `apply_enable`, `audit`,
/// `plan_removal` / `apply_removal`, each with an `_async` twin.
#[pyclass(name = "OrgRoot", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyOrgRoot(OrgRoot);

#[pymethods]
impl PyOrgRoot {
    #[new]
    #[pyo3(signature = (aws, *, ou=None, except_accounts=None, concurrency=16, sts_rate=600, session_seconds=900))]
    fn new(
        aws: &Bound<'_, PyAws>,
        ou: Option<String>,
        except_accounts: Option<Vec<String>>,
        #[pyo3(from_py_with = crate::args::any_int)] concurrency: i128,
        #[pyo3(from_py_with = crate::args::any_int)] sts_rate: i128,
        #[pyo3(from_py_with = crate::args::any_int)] session_seconds: i128,
    ) -> PyIamResult<Self> {
        let aws = aws.get().0.clone();
        let selector = match ou {
            Some(ou) => AccountSelectorBuilder::ou(ou),
            None => AccountSelectorBuilder::organization(),
        }
        .except(except_accounts.unwrap_or_default())
        .build()?;
        let api = aws.central_root().ok_or_else(|| Error::Precondition {
            reason: PreconditionReason::NoOrganizationsBackend,
            problem: "this Aws handle has no centralized-root backend".into(),
            remedy: "use Aws.in_memory(...) or Aws.connect(...)".into(),
        })?;
        let org_root = OrgRoot::builder(aws, api)
            .accounts(selector)
            .concurrency(crate::args::int("concurrency", concurrency)?)
            .sts_rate(crate::args::int("sts_rate", sts_rate)?)
            .session_seconds(crate::args::int("session_seconds", session_seconds)?)
            .build()?;
        Ok(Self(org_root))
    }

    /// What enabling centralized root access still needs (reads only).
    fn plan_enable(&self, py: Python<'_>) -> PyIamResult<PyEnablePlan> {
        let org_root = self.0.clone();
        Ok(PyEnablePlan(runtime::block_on(py, async move {
            org_root.plan_enable().await
        })??))
    }

    /// Call `plan_enable` asynchronously.
    fn plan_enable_async(&self) -> AsyncCall {
        let org_root = self.0.clone();
        io::coroutine(async move {
            org_root
                .plan_enable()
                .await
                .map(PyEnablePlan)
                .map_err(PyIamError::from)
        })
    }

    /// Makes the plan's writes (none for an empty plan).
    fn apply_enable(&self, py: Python<'_>, plan: &Bound<'_, PyEnablePlan>) -> PyIamResult<()> {
        let org_root = self.0.clone();
        let plan = plan.get().0.clone();
        Ok(runtime::block_on(py, async move {
            org_root.apply_enable(&plan).await
        })??)
    }

    /// Call `apply_enable` asynchronously.
    fn apply_enable_async(&self, plan: &Bound<'_, PyEnablePlan>) -> AsyncCall {
        let org_root = self.0.clone();
        let plan = plan.get().0.clone();
        io::coroutine(async move { org_root.apply_enable(&plan).await.map_err(PyIamError::from) })
    }

    /// Audits every selected member account's root user in an AssumeRoot session.
    fn audit(&self, py: Python<'_>) -> PyIamResult<PyOrgRootReport> {
        let org_root = self.0.clone();
        Ok(PyOrgRootReport(runtime::block_on(py, async move {
            org_root.audit().await
        })??))
    }

    /// Call `audit` asynchronously.
    fn audit_async(&self) -> AsyncCall {
        let org_root = self.0.clone();
        io::coroutine(async move {
            org_root
                .audit()
                .await
                .map(PyOrgRootReport)
                .map_err(PyIamError::from)
        })
    }

    /// Plans the deletion of the root credentials of `kinds` (`"login-profile"`,
    /// `"access-keys"`, `"signing-certificates"`, `"mfa-devices"`) in every selected account.
    fn plan_removal(&self, py: Python<'_>, kinds: Vec<String>) -> PyIamResult<PyRemovalPlan> {
        let kinds = parse_kinds(&kinds)?;
        let org_root = self.0.clone();
        Ok(PyRemovalPlan(runtime::block_on(py, async move {
            org_root.plan_removal(&kinds).await
        })??))
    }

    /// Call `plan_removal` asynchronously.
    fn plan_removal_async(&self, kinds: Vec<String>) -> PyIamResult<AsyncCall> {
        let kinds = parse_kinds(&kinds)?;
        let org_root = self.0.clone();
        Ok(io::coroutine(async move {
            org_root
                .plan_removal(&kinds)
                .await
                .map(PyRemovalPlan)
                .map_err(PyIamError::from)
        }))
    }

    /// Applies a removal plan: per account done, failed (with why) or skipped.
    fn apply_removal(
        &self,
        py: Python<'_>,
        plan: &Bound<'_, PyRemovalPlan>,
    ) -> PyIamResult<PyRemovalOutcome> {
        let org_root = self.0.clone();
        let plan = plan.get().0.clone();
        Ok(PyRemovalOutcome(runtime::block_on(py, async move {
            org_root.apply_removal(&plan).await
        })??))
    }

    /// Call `apply_removal` asynchronously.
    fn apply_removal_async(&self, plan: &Bound<'_, PyRemovalPlan>) -> AsyncCall {
        let org_root = self.0.clone();
        let plan = plan.get().0.clone();
        io::coroutine(async move {
            org_root
                .apply_removal(&plan)
                .await
                .map(PyRemovalOutcome)
                .map_err(PyIamError::from)
        })
    }

    fn __repr__(&self) -> String {
        match self.0.selector() {
            Some(selector) => format!("OrgRoot(accounts={selector})"),
            None => "OrgRoot()".to_owned(),
        }
    }
}

fn parse_kinds(kinds: &[String]) -> PyIamResult<Vec<CredentialKind>> {
    Ok(CredentialKind::parse_list(&kinds.join(","))?)
}

/// What enabling centralized root access still needs.
#[pyclass(name = "EnablePlan", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyEnablePlan(EnablePlan);

#[pymethods]
impl PyEnablePlan {
    /// The writes, in order (`"trusted_access_for_iam"`, `"root_credentials_management"`,
    /// `"root_sessions"`).
    #[getter]
    fn steps(&self) -> Vec<String> {
        self.0
            .steps
            .iter()
            .filter_map(|s| serde_json::to_value(s).ok()?.as_str().map(str::to_owned))
            .collect()
    }

    /// Whether there is nothing to write.
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The plan as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("EnablePlan(steps={:?})", self.steps())
    }
}

/// The organization's root audit: per account, per finding, totals.
#[pyclass(name = "OrgRootReport", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyOrgRootReport(OrgRootReport);

#[pymethods]
impl PyOrgRootReport {
    /// The organization-level finding `centralized-root-access-enabled`.
    #[getter]
    fn centralized_root<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record(py, "Finding", &self.0.centralized_root)
    }

    /// One account's findings (empty unless it was audited).
    fn findings<'py>(&self, py: Python<'py>, account: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let found = self.0.accounts.iter().find(|a| a.account.as_str() == account);
        records(py, "Finding", found.map(|a| a.findings()).unwrap_or_default())
    }

    /// Each account's result: `"audited"`, `"failed"` or `"skipped"`.
    #[getter]
    fn results(&self) -> BTreeMap<String, String> {
        self.0
            .accounts
            .iter()
            .map(|a| {
                let result = serde_json::to_value(&a.result)
                    .ok()
                    .and_then(|v| v.get("result")?.as_str().map(str::to_owned))
                    .unwrap_or_default();
                (a.account.to_string(), result)
            })
            .collect()
    }

    /// The totals as plain Python objects.
    #[getter]
    fn totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.totals)
    }

    /// The report as JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The report as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        let t = &self.0.totals;
        format!(
            "OrgRootReport(accounts={}, audited={}, failing={}, failed={}, skipped={})",
            t.accounts, t.audited, t.failing_accounts, t.failed, t.skipped
        )
    }
}

/// The root credentials to delete, per account.
#[pyclass(name = "RemovalPlan", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyRemovalPlan(RemovalPlan);

#[pymethods]
impl PyRemovalPlan {
    /// Whether nothing is to be deleted.
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The deletions per account, as their printed lines.
    #[getter]
    fn changes(&self) -> BTreeMap<String, Vec<String>> {
        self.0
            .accounts
            .iter()
            .map(|a| {
                (
                    a.account.to_string(),
                    a.changes.iter().map(ToString::to_string).collect(),
                )
            })
            .collect()
    }

    /// The plan as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("RemovalPlan(accounts={})", self.0.accounts.len())
    }
}

/// What applying a removal plan did, per account.
#[pyclass(
    name = "RemovalOutcome",
    module = "iam_bootstrap",
    frozen,
    skip_from_py_object
)]
#[derive(Debug, Clone)]
pub(crate) struct PyRemovalOutcome(RemovalOutcome);

#[pymethods]
impl PyRemovalOutcome {
    /// Whether no account failed.
    fn all_done(&self) -> bool {
        self.0.all_done()
    }

    /// The accounts that failed, with why.
    #[getter]
    fn failed(&self) -> BTreeMap<String, String> {
        self.0
            .failed()
            .into_iter()
            .map(|(account, failure)| (account.to_string(), failure.message.clone()))
            .collect()
    }

    /// The outcome as JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The outcome as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "RemovalOutcome(accounts={}, failed={})",
            self.0.accounts.len(),
            self.0.failed().len()
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyOrgRoot>()?;
    m.add_class::<PyEnablePlan>()?;
    m.add_class::<PyOrgRootReport>()?;
    m.add_class::<PyRemovalPlan>()?;
    m.add_class::<PyRemovalOutcome>()?;
    Ok(())
}
