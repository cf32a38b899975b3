//! Virtual MFA for an IAM user that needs one (a break-glass user, say).
//!
//! `CreateVirtualMFADevice` returns the TOTP seed and a QR code of it once and never again;
//! `EnableMFADevice` then needs two consecutive codes from it. [`VirtualMfa::enroll`] does
//! both, gets the codes from a caller-supplied [`TotpSource`], and hands the seed and QR code
//! to the caller inside [`MfaEnrollment::Enrolled`] as [`Secret`](crate::Secret)s: never in
//! `Debug`, `Display`, logs or JSON, zeroized on drop, not `Clone`.
//!
//! This is a direct operation rather than a plan [`Change`](crate::Change): plans are data
//! that can be printed and serialized, and the secrets must go to exactly one place.
//!
//! Convergent: a failure after the device was created deletes the unassigned device; a run
//! that died before it could (a crash, a failed delete) leaves one that the next run finds by
//! its name and deletes before creating a fresh one. A user that already has an MFA device is
//! left alone, with no write.

use async_trait::async_trait;

use crate::aws::Aws;
use crate::client::{CredentialOwner, NewVirtualMfaDevice, Tags};
use crate::error::{Error, ResourceKind, Result, ValidationError, ValidationReason};
use crate::names::{IamPath, UserName};

/// Supplies two consecutive TOTP codes for a device being enrolled: a person reading an
/// authenticator after scanning the QR code, or [`SeedTotp`] computing them from the seed.
///
/// Closures `Fn(&NewVirtualMfaDevice) -> Result<(String, String)>` implement it.
#[async_trait]
pub trait TotpSource: Send + Sync {
    /// Two consecutive codes (the second from the 30-second step after the first's).
    ///
    /// # Errors
    /// Whatever stops the source; the enrollment then deletes the new device.
    async fn consecutive_codes(&self, device: &NewVirtualMfaDevice) -> Result<(String, String)>;
}

#[async_trait]
impl<F> TotpSource for F
where
    F: Fn(&NewVirtualMfaDevice) -> Result<(String, String)> + Send + Sync,
{
    async fn consecutive_codes(&self, device: &NewVirtualMfaDevice) -> Result<(String, String)> {
        self(device)
    }
}

/// Computes the codes from the device's seed (RFC 6238: SHA-1, 6 digits, 30 s): for
/// automation that stores the seed itself (in a vault) and needs no person at enrollment.
#[derive(Debug, Clone, Copy, Default)]
pub struct SeedTotp {
    at_unix_time: Option<u64>,
}

impl SeedTotp {
    /// Codes for the current time: the previous step's and the current step's, both already
    /// shown by any authenticator holding the seed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Codes as of `unix_time` instead of now (for tests and replays).
    pub fn at(unix_time: u64) -> Self {
        Self {
            at_unix_time: Some(unix_time),
        }
    }
}

#[async_trait]
impl TotpSource for SeedTotp {
    async fn consecutive_codes(&self, device: &NewVirtualMfaDevice) -> Result<(String, String)> {
        let now = self.at_unix_time.unwrap_or_else(crate::totp::now);
        let seed = device.base32_seed.expose_str().ok_or_else(|| {
            ValidationError::new(
                "mfa seed",
                ValidationReason::NotAllowed("the seed AWS returned is not text".into()),
            )
        })?;
        Ok(crate::totp::consecutive_codes(seed, now.saturating_sub(30))?)
    }
}

/// The result of [`VirtualMfa::enroll`].
#[derive(Debug)]
#[non_exhaustive]
pub enum MfaEnrollment {
    /// A device was created and enabled. Its seed and QR code are here and nowhere else:
    /// store them now (`device.base32_seed.expose()`), they cannot be read again.
    Enrolled(NewVirtualMfaDevice),
    /// The user already had an MFA device; nothing was written.
    AlreadyEnabled {
        /// The serial numbers of the user's devices.
        serial_numbers: Vec<String>,
    },
}

/// Enrolls a virtual MFA device for one IAM user.
///
/// ```
/// use iam_bootstrap::{Aws, MfaEnrollment, SeedTotp, VirtualMfa};
/// use iam_bootstrap::client::InMemory;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let aws = Aws::in_memory(InMemory::new());
/// let mfa = VirtualMfa::builder("break-glass").create_user(true).build()?;
/// match mfa.enroll(&aws, &SeedTotp::new()).await? {
///     MfaEnrollment::Enrolled(device) => {
///         assert_eq!(format!("{:?}", device.base32_seed), "Secret([REDACTED])");
///         let _seed_for_the_vault: &[u8] = device.base32_seed.expose();
///     }
///     other => unreachable!("{other:?}"),
/// }
/// // Converged: the second run writes nothing.
/// assert!(matches!(mfa.enroll(&aws, &SeedTotp::new()).await?, MfaEnrollment::AlreadyEnabled { .. }));
/// # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VirtualMfa {
    user: UserName,
    device_name: String,
    path: IamPath,
    create_user: bool,
}

impl VirtualMfa {
    /// A builder for `user`'s device (named after the user unless set).
    pub fn builder(user: impl Into<String>) -> VirtualMfaBuilder {
        VirtualMfaBuilder {
            user: user.into(),
            device_name: None,
            path: None,
            create_user: false,
        }
    }

    /// The IAM user.
    pub fn user(&self) -> &UserName {
        &self.user
    }

    /// The device name.
    pub fn device_name(&self) -> &str {
        &self.device_name
    }

    /// Enrolls the device: create it, get two codes from `codes`, enable it.
    ///
    /// # Errors
    /// [`Error::NotFound`] if the user does not exist (and `create_user` is off); the
    /// source's error or `EnableMFADevice`'s (e.g. `InvalidAuthenticationCode`) after the new
    /// device was deleted again; backend errors.
    pub async fn enroll(&self, aws: &Aws, codes: &dyn TotpSource) -> Result<MfaEnrollment> {
        let iam = aws.iam();
        if iam.get_user(&self.user).await?.is_none() {
            if !self.create_user {
                return Err(Error::not_found(ResourceKind::User, self.user.to_string())
                    .calling(crate::client::Operation::GetUser));
            }
            let tags: Tags = [("managed-by".to_owned(), "iam-bootstrap".to_owned())].into();
            iam.create_user(&self.user, &IamPath::default(), &tags).await?;
        }
        let owner = CredentialOwner::User(self.user.clone());
        let existing = iam.list_mfa_devices(&owner).await?;
        if !existing.is_empty() {
            return Ok(MfaEnrollment::AlreadyEnabled {
                serial_numbers: existing.into_iter().map(|d| d.serial_number).collect(),
            });
        }

        // A device of this name left unassigned by an interrupted run: its seed is lost, so
        // it can only be replaced.
        let suffix = format!(":mfa{}{}", self.path, self.device_name);
        for orphan in iam.list_virtual_mfa_devices().await? {
            if orphan.user_arn.is_none() && orphan.serial_number.ends_with(&suffix) {
                tracing::info!(serial = %orphan.serial_number, "deleting an unassigned MFA device left by an earlier run");
                iam.delete_virtual_mfa_device(&orphan.serial_number).await?;
            }
        }

        let device = iam
            .create_virtual_mfa_device(&self.device_name, &self.path)
            .await?;
        let enabled = match codes.consecutive_codes(&device).await {
            Ok((code1, code2)) => {
                iam.enable_mfa_device(&self.user, &device.serial_number, &code1, &code2)
                    .await
            }
            Err(err) => Err(err),
        };
        if let Err(err) = enabled {
            // Nothing may be orphaned: the device is unassigned, delete it. If that fails
            // too, the next run deletes it (above).
            if let Err(cleanup) = iam.delete_virtual_mfa_device(&device.serial_number).await {
                tracing::warn!(serial = %device.serial_number, error = %cleanup, "could not delete the unassigned MFA device");
            }
            return Err(err);
        }
        tracing::info!(user = %self.user, serial = %device.serial_number, "virtual MFA device enabled");
        Ok(MfaEnrollment::Enrolled(device))
    }
}

/// Builds a [`VirtualMfa`]; [`build`](Self::build) validates.
#[derive(Debug, Clone)]
#[must_use]
pub struct VirtualMfaBuilder {
    user: String,
    device_name: Option<String>,
    path: Option<String>,
    create_user: bool,
}

impl VirtualMfaBuilder {
    /// The device name (1–226 characters of `[\w+=,.@-]`; default: the user name).
    pub fn device_name(mut self, name: impl Into<String>) -> Self {
        self.device_name = Some(name.into());
        self
    }

    /// The device path (default `/`).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Create the user (tagged `managed-by=iam-bootstrap`) if it does not exist (default: no).
    pub fn create_user(mut self, create: bool) -> Self {
        self.create_user = create;
        self
    }

    /// Validates and returns the enrollment.
    ///
    /// # Errors
    /// [`ValidationError`] for an invalid user name, device name or path.
    pub fn build(self) -> Result<VirtualMfa, ValidationError> {
        let user = UserName::new(self.user).map_err(|e| ValidationError::new("user", e.reason().clone()))?;
        let device_name = self.device_name.unwrap_or_else(|| user.to_string());
        check_device_name(&device_name)?;
        let path = match self.path {
            Some(path) => IamPath::new(path).map_err(|e| ValidationError::new("path", e.reason().clone()))?,
            None => IamPath::default(),
        };
        Ok(VirtualMfa {
            user,
            device_name,
            path,
            create_user: self.create_user,
        })
    }
}

/// `VirtualMFADeviceName`: 1–226 characters of `[\w+=,.@-]`.
fn check_device_name(name: &str) -> Result<(), ValidationError> {
    let length = name.chars().count();
    if !(1..=226).contains(&length) {
        return Err(ValidationError::new(
            "device_name",
            ValidationReason::Length {
                min: 1,
                max: 226,
                actual: length,
            },
        ));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    if let Some((position, character)) = name.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        return Err(ValidationError::new(
            "device_name",
            ValidationReason::Character {
                character,
                position,
                allowed: "letters, digits and + = , . @ _ -",
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_validated_before_any_call() {
        assert_eq!(
            VirtualMfa::builder("bad name").build().unwrap_err().field(),
            "user"
        );
        assert_eq!(
            VirtualMfa::builder("ok")
                .device_name("a/b")
                .build()
                .unwrap_err()
                .field(),
            "device_name"
        );
        assert_eq!(
            VirtualMfa::builder("ok")
                .device_name("x".repeat(227))
                .build()
                .unwrap_err()
                .field(),
            "device_name"
        );
        assert_eq!(
            VirtualMfa::builder("ok")
                .path("nope")
                .build()
                .unwrap_err()
                .field(),
            "path"
        );
        let mfa = VirtualMfa::builder("break-glass").build().unwrap();
        assert_eq!(mfa.device_name(), "break-glass");
    }
}
