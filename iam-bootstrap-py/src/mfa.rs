//! `VirtualMfa` and `MfaEnrollment`: a virtual MFA device for an IAM user, whose seed and
//! QR code reach Python exactly once.

use std::sync::Mutex;

use async_trait::async_trait;
use iam_bootstrap::client::NewVirtualMfaDevice;
use iam_bootstrap::{MfaEnrollment, SeedTotp, TotpSource, VirtualMfa};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::awaitable::AsyncCall;
use crate::aws::PyAws;
use crate::error::PyIamResult;
use crate::{io, runtime};

/// Enrolls a virtual MFA device for one IAM user (a break-glass user, say).
#[pyclass(name = "VirtualMfa", module = "iam_bootstrap", frozen, skip_from_py_object)]
#[derive(Debug, Clone)]
pub(crate) struct PyVirtualMfa(VirtualMfa);

/// A Python callable `(seed_base32, qr_code_png) -> (code1, code2)` as a code source. The
/// exception it raises is kept, so Python sees its own error rather than a translation.
struct PyCodes {
    callable: Py<PyAny>,
    raised: Mutex<Option<PyErr>>,
}

#[async_trait]
impl TotpSource for PyCodes {
    async fn consecutive_codes(
        &self,
        device: &NewVirtualMfaDevice,
    ) -> iam_bootstrap::Result<(String, String)> {
        // `None` once the interpreter is exiting (see `runtime`): no codes, enrollment stops.
        let result = runtime::with_python(|py| {
            let seed = device.base32_seed.expose_str().unwrap_or_default();
            let qr = PyBytes::new(py, device.qr_code_png.expose());
            self.callable
                .call1(py, (seed, qr))
                .and_then(|codes| codes.extract::<(String, String)>(py))
        })
        .unwrap_or_else(|| Err(PyRuntimeError::new_err("the interpreter is shutting down")));
        result.map_err(|err| {
            if let Ok(mut raised) = self.raised.lock() {
                *raised = Some(err);
            }
            iam_bootstrap::Error::Precondition {
                reason: iam_bootstrap::PreconditionReason::MfaCodesUnavailable,
                problem: "the codes callable raised".into(),
                remedy: "see the Python exception".into(),
            }
        })
    }
}

async fn enroll(
    mfa: VirtualMfa,
    aws: iam_bootstrap::Aws,
    codes: Option<Py<PyAny>>,
) -> PyIamResult<PyMfaEnrollment> {
    let result = match codes {
        None => mfa.enroll(&aws, &SeedTotp::new()).await,
        Some(callable) => {
            let source = PyCodes {
                callable,
                raised: Mutex::new(None),
            };
            let result = mfa.enroll(&aws, &source).await;
            if let (Err(_), Ok(mut raised)) = (&result, source.raised.lock())
                && let Some(err) = raised.take()
            {
                return Err(err.into());
            }
            result
        }
    };
    Ok(PyMfaEnrollment::from(result?))
}

#[pymethods]
impl PyVirtualMfa {
    #[new]
    #[pyo3(signature = (user_name, *, device_name=None, path=None, create_user=false))]
    fn new(
        user_name: String,
        device_name: Option<String>,
        path: Option<String>,
        create_user: bool,
    ) -> PyIamResult<Self> {
        let mut b = VirtualMfa::builder(user_name).create_user(create_user);
        if let Some(name) = device_name {
            b = b.device_name(name);
        }
        if let Some(path) = path {
            b = b.path(path);
        }
        Ok(PyVirtualMfa(b.build()?))
    }

    /// Creates the device, gets two consecutive codes (from `codes(seed_base32, qr_code_png)`,
    /// or computed from the seed when `codes` is None), enables it. Deletes the new device if
    /// anything fails. A user that already has MFA is left alone.
    #[pyo3(signature = (aws, codes=None))]
    fn enroll(
        &self,
        py: Python<'_>,
        aws: &Bound<'_, PyAws>,
        codes: Option<Py<PyAny>>,
    ) -> PyIamResult<PyMfaEnrollment> {
        let (mfa, aws) = (self.0.clone(), aws.get().0.clone());
        runtime::block_on(py, enroll(mfa, aws, codes))?
    }

    /// Call `enroll` asynchronously.
    #[pyo3(signature = (aws, codes=None))]
    fn enroll_async(&self, aws: &Bound<'_, PyAws>, codes: Option<Py<PyAny>>) -> AsyncCall {
        let (mfa, aws) = (self.0.clone(), aws.get().0.clone());
        io::coroutine(enroll(mfa, aws, codes))
    }

    #[getter]
    fn user_name(&self) -> String {
        self.0.user().to_string()
    }

    #[getter]
    fn device_name(&self) -> String {
        self.0.device_name().to_owned()
    }

    fn __repr__(&self) -> String {
        format!(
            "VirtualMfa(user_name={:?}, device_name={:?})",
            self.0.user().as_str(),
            self.0.device_name()
        )
    }
}

/// The result of `VirtualMfa.enroll`. The seed and QR code can each be taken once; they
/// never appear in `repr`, `str` or any serialization.
#[pyclass(name = "MfaEnrollment", module = "iam_bootstrap", frozen, skip_from_py_object)]
pub(crate) struct PyMfaEnrollment {
    serial_numbers: Vec<String>,
    already_enabled: bool,
    // Taken at most once; the Rust copy is zeroized when taken (dropped) or with the object.
    seed: Mutex<Option<iam_bootstrap::Secret>>,
    qr_code_png: Mutex<Option<iam_bootstrap::Secret>>,
}

impl From<MfaEnrollment> for PyMfaEnrollment {
    fn from(enrollment: MfaEnrollment) -> Self {
        match enrollment {
            MfaEnrollment::Enrolled(device) => Self {
                serial_numbers: vec![device.serial_number],
                already_enabled: false,
                seed: Mutex::new(Some(device.base32_seed)),
                qr_code_png: Mutex::new(Some(device.qr_code_png)),
            },
            MfaEnrollment::AlreadyEnabled { serial_numbers } => Self {
                serial_numbers,
                already_enabled: true,
                seed: Mutex::new(None),
                qr_code_png: Mutex::new(None),
            },
            // `MfaEnrollment` is non-exhaustive; a future outcome carries no secret here.
            _ => Self {
                serial_numbers: Vec::new(),
                already_enabled: false,
                seed: Mutex::new(None),
                qr_code_png: Mutex::new(None),
            },
        }
    }
}

fn take(slot: &Mutex<Option<iam_bootstrap::Secret>>) -> Option<iam_bootstrap::Secret> {
    slot.lock().ok().and_then(|mut s| s.take())
}

#[pymethods]
impl PyMfaEnrollment {
    /// The device's serial number (the first, if the user already had several).
    #[getter]
    fn serial_number(&self) -> Option<String> {
        self.serial_numbers.first().cloned()
    }

    /// Every serial number (several only if the user already had devices).
    #[getter]
    fn serial_numbers(&self) -> Vec<String> {
        self.serial_numbers.clone()
    }

    /// True if the user already had an MFA device and nothing was written.
    #[getter]
    fn already_enabled(&self) -> bool {
        self.already_enabled
    }

    /// The base32 seed, the first time only (then None). Store it now: AWS never shows it again.
    fn take_seed<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        // Straight from the secret into the Python string: no intermediate Rust `String`
        // is left behind un-zeroized (the `Secret` is zeroized when it drops here).
        take(&self.seed).and_then(|s| s.expose_str().map(|seed| PyString::new(py, seed)))
    }

    /// The QR code PNG, the first time only (then None).
    fn take_qr_code_png<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        take(&self.qr_code_png).map(|s| PyBytes::new(py, s.expose()))
    }

    fn __repr__(&self) -> String {
        format!(
            "MfaEnrollment(serial_number={:?}, already_enabled={}, seed=[REDACTED], qr_code_png=[REDACTED])",
            self.serial_numbers
                .first()
                .map(String::as_str)
                .unwrap_or_default(),
            if self.already_enabled { "True" } else { "False" }
        )
    }
}
