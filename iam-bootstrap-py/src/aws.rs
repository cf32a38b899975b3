//! `Aws`: the handle every call runs against.

use iam_bootstrap::client::InMemory;
use iam_bootstrap::client::memory::{Caller, RootMfa, RootUser};
use iam_bootstrap::names::RoleName;
use pyo3::prelude::*;

use crate::error::PyIamResult;
use crate::root::one_of;
use crate::runtime;

/// A connection to an AWS account: real AWS, an endpoint such as a local emulator, or an
/// in-memory account.
#[pyclass(name = "Aws", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyAws(pub(crate) iam_bootstrap::Aws);

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
        fail_assignments_to=None, max_outstanding_assignments=10))]
    #[allow(clippy::too_many_arguments)]
    fn in_memory(
        caller: &str,
        root_access_keys: u8,
        root_access_key_last_used_days_ago: Option<u32>,
        root_mfa: &str,
        root_password_last_used_days_ago: Option<u32>,
        root_signing_certificate: bool,
        credential_report_root_row: bool,
        // Identity Center (#5)
        assignment_polls: u32,
        provisioning_polls: u32,
        identity_center_instances: usize,
        fail_assignments_to: Option<std::collections::BTreeMap<String, String>>,
        max_outstanding_assignments: u32,
    ) -> PyIamResult<Self> {
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
            assignment_polls,
            provisioning_polls,
            identity_center_instances,
            fail_assignments_to,
            max_outstanding_assignments,
        }
        .apply(builder)?;
        Ok(PyAws(iam_bootstrap::Aws::in_memory(builder.build())))
    }

    /// Connects to AWS (or `endpoint_url`) with the usual configuration chain.
    /// `emulator_gaps="moto"` declares moto's gaps ([`iam_bootstrap::EmulatorGaps::moto`]).
    #[staticmethod]
    #[allow(clippy::too_many_arguments)] // Python's keyword-only arguments, one per option
    #[pyo3(signature = (*, endpoint_url=None, region=None, profile=None, access_key_id=None, secret_access_key=None, headers=None, emulator_gaps=None))]
    fn connect(
        py: Python<'_>,
        endpoint_url: Option<String>,
        region: Option<String>,
        profile: Option<String>,
        access_key_id: Option<String>,
        secret_access_key: Option<String>,
        headers: Option<Vec<(String, String)>>,
        emulator_gaps: Option<&str>,
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
        if let (Some(id), Some(secret)) = (access_key_id, secret_access_key) {
            builder = builder.static_credentials(id, secret);
        }
        for (name, value) in headers.unwrap_or_default() {
            builder = builder.header(name, value);
        }
        let rt = runtime::get()?;
        let aws = py.detach(|| rt.block_on(builder.build()))?;
        Ok(PyAws(aws))
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

    fn __repr__(&self) -> String {
        "Aws(...)".to_owned()
    }
}
