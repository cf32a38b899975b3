//! `Aws`: the handle every call runs against.

use iam_bootstrap::client::InMemory;
use iam_bootstrap::client::memory::{Caller, RootMfa, RootUser};
use iam_bootstrap::names::RoleName;
use pyo3::prelude::*;

use crate::args::{int, opt_int};
use crate::error::PyIamResult;
use crate::root::one_of;
use crate::runtime;
use iam_bootstrap::{ValidationError, ValidationReason};

/// A connection to an AWS account: real AWS, an endpoint such as a local emulator, or an
/// in-memory account (the flag: for the repr, which says which).
#[pyclass(name = "Aws", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyAws(pub(crate) iam_bootstrap::Aws, InMemoryAccount);

/// Whether an [`PyAws`] is an in-memory account (no region, no endpoint to show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InMemoryAccount(bool);

#[pymethods]
impl PyAws {
    /// A fresh in-memory account (no AWS account or credentials needed). The keyword
    /// arguments set up the caller and the root user, which emulators cannot model, and
    /// Identity Center's asynchronous states, failures and limits.
    #[staticmethod]
    #[pyo3(signature = (*, caller="role", root_access_keys=0, root_access_key_last_used_days_ago=None,
        root_mfa="none", root_password_last_used_days_ago=Some(0), root_signing_certificate=false,
        credential_report_root_row=true,
        // Identity Center (#5)
        assignment_polls=1, provisioning_polls=1, identity_center_instances=1,
        fail_assignments_to=None, max_outstanding_assignments=10,
        // Access Analyzer (#19)
        trails=None, activity=None, analysis_job_polls=0,
        // Organizations (#15)
        organization=None, account_limit=None, create_account_polls=0,
        // StackSets (#20)
        organization_accounts=None, fail_stack_instances=None,
        // Centralized root access (#16)
        member_roots=None))]
    #[allow(clippy::too_many_arguments)]
    fn in_memory(
        caller: &str,
        #[pyo3(from_py_with = crate::args::any_int)] root_access_keys: i128,
        #[pyo3(from_py_with = crate::args::any_opt_int)] root_access_key_last_used_days_ago: Option<i128>,
        root_mfa: &str,
        #[pyo3(from_py_with = crate::args::any_opt_int)] root_password_last_used_days_ago: Option<i128>,
        root_signing_certificate: bool,
        credential_report_root_row: bool,
        // Identity Center (#5)
        #[pyo3(from_py_with = crate::args::any_int)] assignment_polls: i128,
        #[pyo3(from_py_with = crate::args::any_int)] provisioning_polls: i128,
        #[pyo3(from_py_with = crate::args::any_int)] identity_center_instances: i128,
        fail_assignments_to: Option<std::collections::BTreeMap<String, String>>,
        #[pyo3(from_py_with = crate::args::any_int)] max_outstanding_assignments: i128,
        // Access Analyzer (#19)
        trails: Option<Vec<String>>,
        activity: Option<std::collections::BTreeMap<String, Vec<crate::access_analyzer::Activity>>>,
        #[pyo3(from_py_with = crate::args::any_int)] analysis_job_polls: i128,
        // Organizations (#15)
        organization: Option<Vec<String>>,
        #[pyo3(from_py_with = crate::args::any_opt_int)] account_limit: Option<i128>,
        #[pyo3(from_py_with = crate::args::any_int)] create_account_polls: i128,
        // StackSets (#20)
        organization_accounts: Option<std::collections::BTreeMap<String, String>>,
        fail_stack_instances: Option<std::collections::BTreeMap<String, String>>,
        // Centralized root access (#16)
        member_roots: Option<std::collections::BTreeMap<String, Bound<'_, PyAny>>>,
    ) -> PyIamResult<Self> {
        // Counts arrive as any Python int; a negative one is a ValidationError (see `args`).
        let root_access_keys: u8 = int("root_access_keys", root_access_keys)?;
        let root_access_key_last_used_days_ago = opt_int(
            "root_access_key_last_used_days_ago",
            root_access_key_last_used_days_ago,
        )?;
        let root_password_last_used_days_ago = opt_int(
            "root_password_last_used_days_ago",
            root_password_last_used_days_ago,
        )?;
        let caller = if one_of("caller", caller, &[("root", true), ("role", false)])? {
            Caller::Root
        } else {
            Caller::Role(RoleName::new("OrganizationAccountAccessRole")?)
        };
        let mfa = one_of(
            "root_mfa",
            root_mfa,
            &[
                ("none", RootMfa::None),
                ("virtual", RootMfa::Virtual),
                ("hardware", RootMfa::Hardware),
            ],
        )?;
        let root = RootUser::default()
            .with_access_keys(root_access_keys)
            .with_access_key_last_used_days_ago(root_access_key_last_used_days_ago)
            .with_mfa(mfa)
            .with_password_last_used_days_ago(root_password_last_used_days_ago)
            .with_signing_certificate(root_signing_certificate);
        let builder = InMemory::builder()
            .caller(caller)
            .root(root)
            .credential_report_root_row(credential_report_root_row);
        // Identity Center (#5)
        let builder = crate::identity_center_spec::InMemoryIdentityCenter {
            assignment_polls: int("assignment_polls", assignment_polls)?,
            provisioning_polls: int("provisioning_polls", provisioning_polls)?,
            identity_center_instances: int("identity_center_instances", identity_center_instances)?,
            fail_assignments_to,
            max_outstanding_assignments: int("max_outstanding_assignments", max_outstanding_assignments)?,
        }
        .apply(builder)?;
        // Organizations (#15): the account manages an organization with these OU paths.
        let mut builder = builder.create_account_polls(int("create_account_polls", create_account_polls)?);
        if organization.is_some() || organization_accounts.is_some() || member_roots.is_some() {
            let mut tree = organization.unwrap_or_default().into_iter().fold(
                iam_bootstrap::client::memory::OrganizationTree::new(),
                |tree, path| tree.ou(path),
            );
            // StackSets (#20): member accounts (ID -> OU path) for rollouts to reach.
            for (id, path) in organization_accounts.unwrap_or_default() {
                let account = iam_bootstrap::names::AccountId::new(id.as_str())?;
                tree =
                    tree.account(iam_bootstrap::client::memory::MemberAccount::new(account, id).in_ou(path));
            }
            // Centralized root access (#16): member accounts with their own root users.
            let tree = crate::org_root::plant(tree, member_roots.unwrap_or_default())?;
            builder = builder.organization(tree);
        }
        if let Some(limit) = opt_int::<usize>("account_limit", account_limit)? {
            builder = builder.account_limit(limit);
        }
        let account = builder.build();
        for (id, reason) in fail_stack_instances.unwrap_or_default() {
            let id = iam_bootstrap::names::AccountId::new(id)?;
            account.fail_stack_instances(&id, Some(&reason));
        }
        // Access Analyzer (#19)
        crate::access_analyzer::seed(
            &account,
            trails.unwrap_or_default(),
            activity.unwrap_or_default(),
            int("analysis_job_polls", analysis_job_polls)?,
        )?;
        Ok(PyAws(
            iam_bootstrap::Aws::in_memory(account),
            InMemoryAccount(true),
        ))
    }

    /// Connects to AWS (or `endpoint_url`) with the usual configuration chain. The settings
    /// are checked before anything is loaded or sent; unset timeouts and attempts take the
    /// Rust builder's defaults. `emulator_gaps="moto"` declares moto's gaps
    /// ([`iam_bootstrap::EmulatorGaps::moto`]).
    #[staticmethod]
    #[allow(clippy::too_many_arguments)] // Python's keyword-only arguments, one per option
    #[pyo3(signature = (*, endpoint_url=None, region=None, profile=None, access_key_id=None,
        secret_access_key=None, headers=None, emulator_gaps=None, timeout=None,
        attempt_timeout=None, connect_timeout=None, max_attempts=None))]
    fn connect(
        py: Python<'_>,
        endpoint_url: Option<String>,
        region: Option<String>,
        profile: Option<String>,
        access_key_id: Option<String>,
        secret_access_key: Option<String>,
        headers: Option<Vec<(String, String)>>,
        emulator_gaps: Option<&str>,
        timeout: Option<f64>,
        attempt_timeout: Option<f64>,
        connect_timeout: Option<f64>,
        #[pyo3(from_py_with = crate::args::any_opt_int)] max_attempts: Option<i128>,
    ) -> PyIamResult<Self> {
        let mut builder = iam_bootstrap::Aws::builder();
        if let Some(emulator) = emulator_gaps {
            builder = builder.emulator_gaps(one_of(
                "emulator_gaps",
                emulator,
                &[("moto", iam_bootstrap::EmulatorGaps::moto())],
            )?);
        }
        if let Some(url) = endpoint_url {
            builder = builder.endpoint_url(url);
        }
        if let Some(region) = region {
            builder = builder.region(region);
        }
        if let Some(profile) = profile {
            builder = builder.profile(profile);
        }
        // One part without the other is refused by the builder (the missing part is empty),
        // not silently replaced by the default credential chain.
        if access_key_id.is_some() || secret_access_key.is_some() {
            builder = builder.static_credentials(
                access_key_id.unwrap_or_default(),
                secret_access_key.unwrap_or_default(),
            );
        }
        for (name, value) in headers.unwrap_or_default() {
            builder = builder.header(name, value);
        }
        if let Some(timeout) = seconds("timeout", timeout)? {
            builder = builder.operation_timeout(timeout);
        }
        if let Some(timeout) = seconds("attempt_timeout", attempt_timeout)? {
            builder = builder.attempt_timeout(timeout);
        }
        if let Some(timeout) = seconds("connect_timeout", connect_timeout)? {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(attempts) = opt_int::<u32>("max_attempts", max_attempts)? {
            if attempts == 0 {
                let reason = ValidationReason::Range {
                    min: 1,
                    max: i64::from(u32::MAX),
                    actual: 0,
                };
                return Err(ValidationError::new("max_attempts", reason).into());
            }
            builder = builder.max_attempts(attempts);
        }
        let aws = runtime::block_on(py, builder.build())??;
        Ok(PyAws(aws, InMemoryAccount(false)))
    }

    /// Calls made so far, by operation (`{"iam:GetRole": 2, ...}`).
    fn calls(&self) -> std::collections::BTreeMap<String, u64> {
        self.0
            .calls()
            .by_operation
            .iter()
            .map(|(op, stats)| (op.to_string(), stats.calls))
            .collect()
    }

    /// The region calls go to (`None` in memory, or when none was resolved).
    #[getter]
    fn region(&self) -> Option<&str> {
        self.0.region()
    }

    /// The endpoint calls go to, if one was set (`None`: AWS's own, or in memory).
    #[getter]
    fn endpoint_url(&self) -> Option<&str> {
        self.0.endpoint_url()
    }

    /// Where calls go, never who makes them: `Aws.in_memory()`, or
    /// `Aws(region='us-east-1', endpoint_url='http://127.0.0.1:5000')` (no endpoint shown
    /// for AWS's own).
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        if self.1 == InMemoryAccount(true) {
            return Ok("Aws.in_memory()".to_owned());
        }
        // Python's own repr of the strings, so quotes and escapes read as Python.
        let text =
            |value: Option<&str>| -> PyResult<String> { Ok(value.into_pyobject(py)?.repr()?.to_string()) };
        let mut parts = vec![format!("region={}", text(self.0.region())?)];
        if let Some(url) = self.0.endpoint_url() {
            parts.push(format!("endpoint_url={}", text(Some(url))?));
        }
        Ok(format!("Aws({})", parts.join(", ")))
    }
}

/// A timeout given in seconds: finite and above zero.
fn seconds(field: &str, value: Option<f64>) -> PyIamResult<Option<std::time::Duration>> {
    let Some(value) = value else { return Ok(None) };
    match std::time::Duration::try_from_secs_f64(value) {
        Ok(timeout) if !timeout.is_zero() => Ok(Some(timeout)),
        _ => {
            let reason = ValidationReason::Format {
                expected: "a number of seconds above zero".into(),
                actual: value.to_string(),
            };
            Err(ValidationError::new(field, reason).into())
        }
    }
}
