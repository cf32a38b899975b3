//! Centralized root access: the IAM organization features, `sts:AssumeRoot`, and the calls a
//! root session makes on its member account's root user.
//!
//! [`CentralRootApi`] is what the management account (or IAM's delegated administrator)
//! calls; [`RootSessionApi`] is one `AssumeRoot` session in one member account. Every
//! call of a session omits the user name: in a root session "the caller" is the root user.
//! The session's credentials stay inside the backend's session object, which is dropped
//! with the [`RootSession`] when the account's work ends; nothing here exposes them.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{AccessKeyStatus, MfaDevice};
use crate::error::Result;
use crate::names::AccountId;

/// The longest session `AssumeRoot` grants (and the default): 900 seconds.
pub const ASSUME_ROOT_MAX_SECONDS: u32 = 900;

/// The IAM service principal that needs trusted access in the organization.
pub const IAM_SERVICE_PRINCIPAL: &str = "iam.amazonaws.com";

/// An AWS-managed task policy that scopes an `AssumeRoot` session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RootTaskPolicy {
    /// `IAMAuditRootUserCredentials`: reads the root user's credentials only.
    AuditRootUserCredentials,
    /// `IAMDeleteRootUserCredentials`: reads and deletes them.
    DeleteRootUserCredentials,
}

impl RootTaskPolicy {
    /// The policy's ARN (`arn:aws:iam::aws:policy/root-task/...`).
    pub fn arn(self) -> &'static str {
        match self {
            RootTaskPolicy::AuditRootUserCredentials => {
                "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
            }
            RootTaskPolicy::DeleteRootUserCredentials => crate::root::DELETE_ROOT_CREDENTIALS_TASK_POLICY,
        }
    }

    /// The IAM actions the policy allows in the session (AWS's managed policy documents).
    pub fn allowed_actions(self) -> &'static [&'static str] {
        match self {
            RootTaskPolicy::AuditRootUserCredentials => &[
                "iam:GetAccessKeyLastUsed",
                "iam:GetLoginProfile",
                "iam:GetUser",
                "iam:ListAccessKeys",
                "iam:ListMFADevices",
                "iam:ListSigningCertificates",
            ],
            RootTaskPolicy::DeleteRootUserCredentials => &[
                "iam:DeactivateMFADevice",
                "iam:DeleteAccessKey",
                "iam:DeleteLoginProfile",
                "iam:DeleteSigningCertificate",
                "iam:GetAccessKeyLastUsed",
                "iam:GetLoginProfile",
                "iam:GetUser",
                "iam:ListAccessKeys",
                "iam:ListMFADevices",
                "iam:ListSigningCertificates",
            ],
        }
    }

    /// Whether the session may call `operation`.
    pub fn allows(self, operation: super::Operation) -> bool {
        self.allowed_actions().contains(&operation.iam_action().as_str())
    }
}

impl fmt::Display for RootTaskPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.arn())
    }
}

/// What `iam:ListOrganizationsFeatures` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationsRootFeatures {
    /// `RootCredentialsManagement`: member accounts' root credentials are managed centrally
    /// (and new accounts are created without any).
    pub root_credentials_management: bool,
    /// `RootSessions`: privileged root actions (`sts:AssumeRoot`) in member accounts.
    pub root_sessions: bool,
}

impl OrganizationsRootFeatures {
    /// Both features on (the two flags as given).
    pub fn new(root_credentials_management: bool, root_sessions: bool) -> Self {
        Self {
            root_credentials_management,
            root_sessions,
        }
    }
}

/// A root access key as a root session lists it (`ListAccessKeys` + `GetAccessKeyLastUsed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RootAccessKey {
    /// The access key ID (not a secret).
    pub id: String,
    /// Active or inactive.
    pub status: AccessKeyStatus,
    /// When it was last used, if ever (filled by `GetAccessKeyLastUsed`).
    pub last_used: Option<Timestamp>,
}

impl RootAccessKey {
    /// A key that was never used.
    pub fn new(id: impl Into<String>, status: AccessKeyStatus) -> Self {
        Self {
            id: id.into(),
            status,
            last_used: None,
        }
    }
}

/// A root X.509 signing certificate (its ID; the certificate body is not kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RootSigningCertificate {
    /// The certificate ID.
    pub id: String,
    /// Whether AWS accepts it.
    pub active: bool,
}

impl RootSigningCertificate {
    /// A certificate.
    pub fn new(id: impl Into<String>, active: bool) -> Self {
        Self {
            id: id.into(),
            active,
        }
    }
}

/// The calls the organization's management account makes to manage root users centrally.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait CentralRootApi: fmt::Debug + Send + Sync + 'static {
    /// `iam:ListOrganizationsFeatures`.
    async fn list_organizations_features(&self) -> Result<OrganizationsRootFeatures>;
    /// `iam:EnableOrganizationsRootCredentialsManagement`.
    async fn enable_root_credentials_management(&self) -> Result<()>;
    /// `iam:EnableOrganizationsRootSessions`.
    async fn enable_root_sessions(&self) -> Result<()>;
    /// `sts:AssumeRoot` on `account` with `task`, for `duration_seconds` (at most 900), at
    /// the regional STS endpoint (AssumeRoot is not served by the global one).
    async fn assume_root(
        &self,
        account: &AccountId,
        task: RootTaskPolicy,
        duration_seconds: u32,
    ) -> Result<RootSession>;
}

/// The calls made inside one `AssumeRoot` session. Each omits the user name, so it acts on
/// the member account's root user; the task policy decides which succeed.
#[async_trait]
pub trait RootSessionApi: fmt::Debug + Send + Sync + 'static {
    /// `GetLoginProfile`: whether the root user has a password.
    async fn has_login_profile(&self) -> Result<bool>;
    /// `DeleteLoginProfile`.
    async fn delete_login_profile(&self) -> Result<()>;
    /// `ListAccessKeys` (without last use).
    async fn list_access_keys(&self) -> Result<Vec<RootAccessKey>>;
    /// `GetAccessKeyLastUsed`.
    async fn access_key_last_used(&self, key_id: &str) -> Result<Option<Timestamp>>;
    /// `DeleteAccessKey`.
    async fn delete_access_key(&self, key_id: &str) -> Result<()>;
    /// `ListSigningCertificates`.
    async fn list_signing_certificates(&self) -> Result<Vec<RootSigningCertificate>>;
    /// `DeleteSigningCertificate`.
    async fn delete_signing_certificate(&self, certificate_id: &str) -> Result<()>;
    /// `ListMFADevices`.
    async fn list_mfa_devices(&self) -> Result<Vec<MfaDevice>>;
    /// `DeactivateMFADevice` (no user name: the root user's device).
    async fn deactivate_mfa_device(&self, serial_number: &str) -> Result<()>;
}

/// One `AssumeRoot` session: the member account, the task policy, when it expires, and the
/// calls it can make. Its credentials live inside [`RootSession::api`]'s backend object and
/// are never shown: `Debug` prints the account, the task and the expiry only. Dropping the
/// session drops them; it is neither `Clone` nor `Serialize`, so it exists once.
pub struct RootSession {
    account: AccountId,
    task: RootTaskPolicy,
    expires_at: Timestamp,
    api: Arc<dyn RootSessionApi>,
}

impl RootSession {
    /// A session a backend built.
    pub fn new(
        account: AccountId,
        task: RootTaskPolicy,
        expires_at: Timestamp,
        api: Arc<dyn RootSessionApi>,
    ) -> Self {
        Self {
            account,
            task,
            expires_at,
            api,
        }
    }

    /// The member account.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// The task policy.
    pub fn task(&self) -> RootTaskPolicy {
        self.task
    }

    /// When the credentials expire.
    pub fn expires_at(&self) -> Timestamp {
        self.expires_at
    }

    /// The calls of the session.
    pub fn api(&self) -> &dyn RootSessionApi {
        self.api.as_ref()
    }
}

impl fmt::Debug for RootSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RootSession")
            .field("account", &self.account)
            .field("task", &self.task)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}
