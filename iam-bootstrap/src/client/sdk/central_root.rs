//! [`CentralRootApi`] over the AWS SDK: the IAM organization-feature calls, `sts:AssumeRoot`
//! at the regional STS endpoint, and per-session IAM clients built from the credentials it
//! returns. The credentials go straight into the session client's credentials provider;
//! nothing else holds them, and `Debug` never shows them.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use aws_sdk_iam::types::{FeatureType, StatusType};
use aws_sdk_sts::types::PolicyDescriptorType;
use jiff::Timestamp;

use super::{SdkBackend, absent_as_none, map_sdk_error, missing};
use crate::client::{
    AccessKeyStatus, CentralRootApi, MfaDevice, Operation as Op, OrganizationsRootFeatures, RootAccessKey,
    RootSession, RootSessionApi, RootSigningCertificate, RootTaskPolicy,
};
use crate::error::{Error, ResourceKind as Kind, Result, ValidationError, ValidationReason};
use crate::names::AccountId;

fn timestamp(date: &aws_smithy_types::DateTime) -> Option<Timestamp> {
    Timestamp::from_second(date.secs()).ok()
}

#[async_trait]
impl CentralRootApi for SdkBackend {
    async fn list_organizations_features(&self) -> Result<OrganizationsRootFeatures> {
        let out = self.iam.list_organizations_features().send().await.map_err(|e| {
            map_sdk_error(
                Op::ListOrganizationsFeatures,
                Kind::Organization,
                "organization",
                e,
            )
        })?;
        let on = |feature: FeatureType| out.enabled_features().contains(&feature);
        Ok(OrganizationsRootFeatures::new(
            on(FeatureType::RootCredentialsManagement),
            on(FeatureType::RootSessions),
        ))
    }

    async fn enable_root_credentials_management(&self) -> Result<()> {
        let op = Op::EnableOrganizationsRootCredentialsManagement;
        self.iam
            .enable_organizations_root_credentials_management()
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Organization, "organization", e))?;
        Ok(())
    }

    async fn enable_root_sessions(&self) -> Result<()> {
        self.iam
            .enable_organizations_root_sessions()
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::EnableOrganizationsRootSessions,
                    Kind::Organization,
                    "organization",
                    e,
                )
            })?;
        Ok(())
    }

    async fn assume_root(
        &self,
        account: &AccountId,
        task: RootTaskPolicy,
        duration_seconds: u32,
    ) -> Result<RootSession> {
        let op = Op::AssumeRoot;
        // AssumeRoot is served by regional STS endpoints only: without a region the SDK
        // would have none to resolve, so refuse before the call.
        if self.sts.config().region().is_none() {
            return Err(Error::Validation(ValidationError::new(
                "region",
                ValidationReason::Missing,
            )));
        }
        let duration =
            i32::try_from(duration_seconds.min(crate::client::ASSUME_ROOT_MAX_SECONDS)).unwrap_or(900);
        let out = self
            .sts
            .assume_root()
            .target_principal(account.as_str())
            .task_policy_arn(PolicyDescriptorType::builder().arn(task.arn()).build())
            .duration_seconds(duration)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::OrganizationAccount, account.as_str(), e))?;
        let credentials = out.credentials().ok_or_else(|| missing(op, "Credentials"))?;
        let expires_at = timestamp(credentials.expiration()).ok_or_else(|| missing(op, "Expiration"))?;
        let expiry = SystemTime::UNIX_EPOCH
            + Duration::from_secs(u64::try_from(credentials.expiration().secs()).unwrap_or(0));
        let provider = aws_sdk_iam::config::Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            Some(credentials.session_token().to_owned()),
            Some(expiry),
            "AssumeRoot",
        );
        // The backend's IAM configuration (endpoint, retries, timeouts, interceptors) with
        // the session's credentials instead of the caller's.
        let iam = aws_sdk_iam::Client::from_conf(
            self.iam
                .config()
                .to_builder()
                .credentials_provider(provider)
                .build(),
        );
        let session = SdkSession {
            iam,
            account: account.clone(),
        };
        Ok(RootSession::new(
            account.clone(),
            task,
            expires_at,
            Arc::new(session),
        ))
    }
}

/// One `AssumeRoot` session: an IAM client signing with the session's credentials.
struct SdkSession {
    iam: aws_sdk_iam::Client,
    account: AccountId,
}

impl std::fmt::Debug for SdkSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the client: its configuration holds the session's credentials.
        f.debug_struct("SdkSession")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl SdkSession {
    fn name(&self) -> &str {
        self.account.as_str()
    }
}

// Every call omits `UserName`: in a root session that means the member account's root user.
#[async_trait]
impl RootSessionApi for SdkSession {
    async fn has_login_profile(&self) -> Result<bool> {
        let found = absent_as_none(
            self.iam
                .get_login_profile()
                .send()
                .await
                .map_err(|e| map_sdk_error(Op::GetLoginProfile, Kind::LoginProfile, self.name(), e)),
        )?;
        Ok(found.is_some())
    }

    async fn delete_login_profile(&self) -> Result<()> {
        self.iam
            .delete_login_profile()
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteLoginProfile, Kind::LoginProfile, self.name(), e))?;
        Ok(())
    }

    async fn list_access_keys(&self) -> Result<Vec<RootAccessKey>> {
        let keys = self
            .iam
            .list_access_keys()
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListAccessKeys, Kind::User, self.name(), e))?;
        Ok(keys
            .iter()
            .map(|k| {
                let status = if matches!(k.status(), Some(StatusType::Active)) {
                    AccessKeyStatus::Active
                } else {
                    AccessKeyStatus::Inactive
                };
                RootAccessKey::new(k.access_key_id().unwrap_or_default(), status)
            })
            .collect())
    }

    async fn access_key_last_used(&self, key_id: &str) -> Result<Option<Timestamp>> {
        let out = self
            .iam
            .get_access_key_last_used()
            .access_key_id(key_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetAccessKeyLastUsed, Kind::AccessKey, key_id, e))?;
        Ok(out
            .access_key_last_used()
            .and_then(|used| used.last_used_date())
            .and_then(timestamp))
    }

    async fn delete_access_key(&self, key_id: &str) -> Result<()> {
        self.iam
            .delete_access_key()
            .access_key_id(key_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteAccessKey, Kind::AccessKey, key_id, e))?;
        Ok(())
    }

    async fn list_signing_certificates(&self) -> Result<Vec<RootSigningCertificate>> {
        let certificates = self
            .iam
            .list_signing_certificates()
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::ListSigningCertificates,
                    Kind::SigningCertificate,
                    self.name(),
                    e,
                )
            })?;
        Ok(certificates
            .iter()
            .map(|c| {
                RootSigningCertificate::new(c.certificate_id(), matches!(c.status(), StatusType::Active))
            })
            .collect())
    }

    async fn delete_signing_certificate(&self, certificate_id: &str) -> Result<()> {
        self.iam
            .delete_signing_certificate()
            .certificate_id(certificate_id)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DeleteSigningCertificate,
                    Kind::SigningCertificate,
                    certificate_id,
                    e,
                )
            })?;
        Ok(())
    }

    async fn list_mfa_devices(&self) -> Result<Vec<MfaDevice>> {
        let devices = self
            .iam
            .list_mfa_devices()
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListMfaDevices, Kind::MfaDevice, self.name(), e))?;
        Ok(devices
            .iter()
            .map(|d| MfaDevice {
                serial_number: d.serial_number().to_owned(),
                enabled_at: d
                    .enable_date()
                    .fmt(aws_smithy_types::date_time::Format::DateTime)
                    .ok(),
            })
            .collect())
    }

    async fn deactivate_mfa_device(&self, serial_number: &str) -> Result<()> {
        self.iam
            .deactivate_mfa_device()
            .serial_number(serial_number)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeactivateMfaDevice, Kind::MfaDevice, serial_number, e))?;
        Ok(())
    }
}
