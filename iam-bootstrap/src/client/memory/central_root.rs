//! [`CentralRootApi`] for [`InMemory`]: the organization's IAM features, `AssumeRoot`, and
//! each member account's own root user, which emulators such as moto do not model.
//!
//! It refuses what AWS refuses: AssumeRoot before root sessions are enabled, on the
//! management account, on an account outside the organization or not ACTIVE, for longer
//! than 900 seconds; enabling the features without all features or without trusted access
//! for `iam.amazonaws.com`; and in a session, any call its task policy does not allow (an
//! audit session cannot delete) or a call after the session expired.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

use super::InMemory;
use crate::client::{
    ASSUME_ROOT_MAX_SECONDS, AccessKeyStatus, AccountState, CentralRootApi, FeatureSet,
    IAM_SERVICE_PRINCIPAL, MfaDevice, Operation as Op, OrganizationsRootFeatures, RootAccessKey, RootSession,
    RootSessionApi, RootSigningCertificate, RootTaskPolicy,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::AccountId;

/// A member account's root user, for [`MemberAccount::root_user`](super::MemberAccount::root_user).
/// The default has no credentials at all (an account created after root credentials
/// management was enabled).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct MemberRoot {
    pub(super) login_profile: bool,
    pub(super) access_keys: Vec<RootAccessKey>,
    pub(super) certificates: Vec<RootSigningCertificate>,
    pub(super) mfa_devices: Vec<MfaDevice>,
    pub(super) refuse_assume_root: Option<String>,
}

impl MemberRoot {
    /// A root user with no password, keys, certificates or MFA devices.
    pub fn new() -> Self {
        Self::default()
    }

    /// A root user as an account created by sign-up has: a password, and nothing else.
    pub fn with_password() -> Self {
        Self::new().password()
    }

    /// Gives it a password (a login profile).
    pub fn password(mut self) -> Self {
        self.login_profile = true;
        self
    }

    /// Adds an access key, last used `last_used` (never if `None`).
    pub fn access_key(mut self, id: impl Into<String>, active: bool, last_used: Option<Timestamp>) -> Self {
        let status = if active {
            AccessKeyStatus::Active
        } else {
            AccessKeyStatus::Inactive
        };
        let mut key = RootAccessKey::new(id, status);
        key.last_used = last_used;
        self.access_keys.push(key);
        self
    }

    /// Adds an active X.509 signing certificate.
    pub fn signing_certificate(mut self, id: impl Into<String>) -> Self {
        self.certificates.push(RootSigningCertificate::new(id, true));
        self
    }

    /// Adds an MFA device (`serial_number` is an ARN for a virtual device).
    pub fn mfa_device(mut self, serial_number: impl Into<String>) -> Self {
        self.mfa_devices.push(MfaDevice {
            serial_number: serial_number.into(),
            enabled_at: None,
        });
        self
    }

    /// Makes `AssumeRoot` on this account fail with `reason` (an SCP denying it, say), to
    /// show that one account's failure leaves the others alone.
    pub fn refuse_assume_root(mut self, reason: impl Into<String>) -> Self {
        self.refuse_assume_root = Some(reason.into());
        self
    }

    /// Whether it has a password.
    pub fn has_password(&self) -> bool {
        self.login_profile
    }

    /// Its access keys.
    pub fn access_keys(&self) -> &[RootAccessKey] {
        &self.access_keys
    }

    /// Its signing certificates.
    pub fn signing_certificates(&self) -> &[RootSigningCertificate] {
        &self.certificates
    }

    /// Its MFA devices.
    pub fn mfa_devices(&self) -> &[MfaDevice] {
        &self.mfa_devices
    }
}

/// The organization's centralized-root state.
#[derive(Debug, Clone, Default)]
pub(super) struct CentralRootState {
    pub(super) features: OrganizationsRootFeatures,
    pub(super) members: BTreeMap<AccountId, MemberRoot>,
    /// How many `AssumeRoot` calls succeeded, per task policy.
    pub(super) sessions: BTreeMap<RootTaskPolicy, u64>,
}

impl InMemory {
    /// A member account's root user as it is now (`None` if the account has no root state
    /// planted and none was changed: the same as [`MemberRoot::new`]).
    pub fn member_root(&self, account: &AccountId) -> MemberRoot {
        self.peek()
            .central_root
            .members
            .get(account)
            .cloned()
            .unwrap_or_default()
    }

    /// The organization's root features as they are now.
    pub fn organizations_root_features(&self) -> OrganizationsRootFeatures {
        self.peek().central_root.features
    }

    /// How many `AssumeRoot` sessions were granted with `task`.
    pub fn root_sessions_granted(&self, task: RootTaskPolicy) -> u64 {
        self.peek().central_root.sessions.get(&task).copied().unwrap_or(0)
    }
}

/// The checks `EnableOrganizationsRoot*` makes: all features, trusted access for IAM.
fn check_enable_prerequisites(memory: &InMemory, op: Op) -> Result<()> {
    let state = memory.call();
    let org = state.org(op)?;
    if org.feature_set != FeatureSet::All {
        return Err(Error::service(
            op,
            "OrganizationNotInAllFeaturesModeException",
            "the organization must have all features enabled",
        ));
    }
    if !org.service_access.contains(IAM_SERVICE_PRINCIPAL) {
        return Err(Error::service(
            op,
            "ServiceAccessNotEnabledException",
            "trusted access for iam.amazonaws.com is not enabled in the organization",
        ));
    }
    if state.caller_is_not_management() {
        return Err(Error::access_denied(op));
    }
    Ok(())
}

impl super::state::State {
    /// The in-memory caller is always the management account itself; kept as a function so
    /// the rule reads where AWS applies it.
    fn caller_is_not_management(&self) -> bool {
        self.organization
            .as_ref()
            .is_some_and(|org| org.management != *self.account())
    }
}

#[async_trait]
impl CentralRootApi for InMemory {
    async fn list_organizations_features(&self) -> Result<OrganizationsRootFeatures> {
        let state = self.call();
        state.org(Op::ListOrganizationsFeatures)?;
        Ok(state.central_root.features)
    }

    async fn enable_root_credentials_management(&self) -> Result<()> {
        check_enable_prerequisites(self, Op::EnableOrganizationsRootCredentialsManagement)?;
        self.peek().central_root.features.root_credentials_management = true;
        Ok(())
    }

    async fn enable_root_sessions(&self) -> Result<()> {
        check_enable_prerequisites(self, Op::EnableOrganizationsRootSessions)?;
        self.peek().central_root.features.root_sessions = true;
        Ok(())
    }

    async fn assume_root(
        &self,
        account: &AccountId,
        task: RootTaskPolicy,
        duration_seconds: u32,
    ) -> Result<RootSession> {
        let op = Op::AssumeRoot;
        let mut state = self.call();
        if duration_seconds == 0 || duration_seconds > ASSUME_ROOT_MAX_SECONDS {
            return Err(Error::service(
                op,
                "ValidationError",
                format!("DurationSeconds must be between 1 and {ASSUME_ROOT_MAX_SECONDS}"),
            ));
        }
        let org = state.org(op)?;
        if !state.central_root.features.root_sessions {
            return Err(Error::access_denied(op).on(Kind::OrganizationAccount, account.as_str()));
        }
        if org.management == *account {
            return Err(Error::service(
                op,
                "ValidationError",
                "AssumeRoot cannot target the organization's management account",
            ));
        }
        match org.accounts.get(account) {
            Some(record) if record.state == AccountState::Active => {}
            Some(_) => return Err(Error::access_denied(op).on(Kind::OrganizationAccount, account.as_str())),
            None => return Err(Error::not_found(Kind::OrganizationAccount, account.as_str()).calling(op)),
        }
        if let Some(reason) = state
            .central_root
            .members
            .get(account)
            .and_then(|m| m.refuse_assume_root.clone())
        {
            return Err(Error::service(op, "AccessDenied", reason));
        }
        *state.central_root.sessions.entry(task).or_insert(0) += 1;
        let expires_at = Timestamp::now()
            .checked_add(SignedDuration::from_secs(i64::from(duration_seconds)))
            .unwrap_or_else(|_| Timestamp::now());
        let session = MemorySession {
            memory: self.clone(),
            account: account.clone(),
            task,
            expires_at,
        };
        Ok(RootSession::new(
            account.clone(),
            task,
            expires_at,
            Arc::new(session),
        ))
    }
}

/// One in-memory root session: the member account and what its task policy allows.
struct MemorySession {
    memory: InMemory,
    account: AccountId,
    task: RootTaskPolicy,
    expires_at: Timestamp,
}

impl std::fmt::Debug for MemorySession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemorySession")
            .field("account", &self.account)
            .field("task", &self.task)
            .finish_non_exhaustive()
    }
}

impl MemorySession {
    /// The member's root user, once the task policy allows `op` and the session is live.
    fn with_root<T>(&self, op: Op, f: impl FnOnce(&mut MemberRoot) -> Result<T>) -> Result<T> {
        if !self.task.allows(op) {
            return Err(Error::access_denied(op).on(Kind::OrganizationAccount, self.account.as_str()));
        }
        if Timestamp::now() >= self.expires_at {
            return Err(Error::service(
                op,
                "ExpiredToken",
                "the AssumeRoot session expired",
            ));
        }
        let mut state = self.memory.call();
        f(state
            .central_root
            .members
            .entry(self.account.clone())
            .or_default())
    }
}

#[async_trait]
impl RootSessionApi for MemorySession {
    async fn has_login_profile(&self) -> Result<bool> {
        self.with_root(Op::GetLoginProfile, |root| Ok(root.login_profile))
    }

    async fn delete_login_profile(&self) -> Result<()> {
        self.with_root(Op::DeleteLoginProfile, |root| {
            if !root.login_profile {
                return Err(Error::not_found(Kind::LoginProfile, "root").calling(Op::DeleteLoginProfile));
            }
            root.login_profile = false;
            Ok(())
        })
    }

    async fn list_access_keys(&self) -> Result<Vec<RootAccessKey>> {
        self.with_root(Op::ListAccessKeys, |root| {
            Ok(root
                .access_keys
                .iter()
                .map(|k| RootAccessKey::new(k.id.clone(), k.status))
                .collect())
        })
    }

    async fn access_key_last_used(&self, key_id: &str) -> Result<Option<Timestamp>> {
        self.with_root(Op::GetAccessKeyLastUsed, |root| {
            root.access_keys
                .iter()
                .find(|k| k.id == key_id)
                .map(|k| k.last_used)
                .ok_or_else(|| Error::not_found(Kind::AccessKey, key_id).calling(Op::GetAccessKeyLastUsed))
        })
    }

    async fn delete_access_key(&self, key_id: &str) -> Result<()> {
        self.with_root(Op::DeleteAccessKey, |root| {
            let before = root.access_keys.len();
            root.access_keys.retain(|k| k.id != key_id);
            if root.access_keys.len() == before {
                return Err(Error::not_found(Kind::AccessKey, key_id).calling(Op::DeleteAccessKey));
            }
            Ok(())
        })
    }

    async fn list_signing_certificates(&self) -> Result<Vec<RootSigningCertificate>> {
        self.with_root(Op::ListSigningCertificates, |root| Ok(root.certificates.clone()))
    }

    async fn delete_signing_certificate(&self, certificate_id: &str) -> Result<()> {
        self.with_root(Op::DeleteSigningCertificate, |root| {
            let before = root.certificates.len();
            root.certificates.retain(|c| c.id != certificate_id);
            if root.certificates.len() == before {
                return Err(Error::not_found(Kind::SigningCertificate, certificate_id)
                    .calling(Op::DeleteSigningCertificate));
            }
            Ok(())
        })
    }

    async fn list_mfa_devices(&self) -> Result<Vec<MfaDevice>> {
        self.with_root(Op::ListMfaDevices, |root| Ok(root.mfa_devices.clone()))
    }

    async fn deactivate_mfa_device(&self, serial_number: &str) -> Result<()> {
        self.with_root(Op::DeactivateMfaDevice, |root| {
            let before = root.mfa_devices.len();
            root.mfa_devices.retain(|d| d.serial_number != serial_number);
            if root.mfa_devices.len() == before {
                return Err(Error::not_found(Kind::MfaDevice, serial_number).calling(Op::DeactivateMfaDevice));
            }
            Ok(())
        })
    }
}
