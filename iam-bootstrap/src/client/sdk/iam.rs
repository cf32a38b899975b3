//! [`IamApi`] over aws-sdk-iam and aws-sdk-sts.

use async_trait::async_trait;
use aws_sdk_iam::types::{ReportStateType, StatusType, Tag};
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

use super::{SdkBackend, absent_as_none, map_sdk_error, missing};
use crate::client::{
    AccessGranularity, AccessKey, AccessKeyStatus, AccountSummary, AttachedPolicy, CallerIdentity,
    CredentialOwner, IamApi, ManagedPolicy, MfaDevice, NewPolicy, NewRole, NewVirtualMfaDevice,
    Operation as Op, PasswordPolicySettings, PolicyVersion, RawCredentialReport, Role,
    ServiceLastAccessedReport, Tags, User, VirtualMfaDevice,
};
use crate::error::{Error, ResourceKind as Kind, Result, ValidationError, ValidationReason};
use crate::names::{Arn, IamPath, RoleName, UserName};
use crate::secret::Secret;

/// IAM returns policy documents URL-encoded (RFC 3986); moto sometimes does not.
/// A document that already starts with `{` is left alone, so a literal `%` in a raw
/// document (a condition value like `50%`) is not mangled.
pub(crate) fn decode_policy(document: &str) -> String {
    if document.trim_start().starts_with('{') {
        return document.to_owned();
    }
    percent_encoding::percent_decode_str(document)
        .decode_utf8()
        .map(|d| d.into_owned())
        .unwrap_or_else(|_| document.to_owned())
}

fn iso(time: Option<&DateTime>) -> Option<String> {
    time.and_then(|t| t.fmt(Format::DateTime).ok())
}

fn to_sdk_tags(tags: &Tags) -> Result<Vec<Tag>> {
    tags.iter()
        .map(|(k, v)| {
            Tag::builder().key(k).value(v).build().map_err(|e| {
                Error::Validation(ValidationError::new(
                    format!("tags.{k}"),
                    ValidationReason::NotAllowed(e.to_string()),
                ))
            })
        })
        .collect()
}

fn from_sdk_tags(tags: &[Tag]) -> Tags {
    tags.iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect()
}

fn to_role(role: &aws_sdk_iam::types::Role) -> Result<Role> {
    let invalid = |e: ValidationError| Error::Service {
        operation: Op::GetRole,
        code: Some("InvalidResponse".into()),
        source: Some(Box::new(e)),
    };
    Ok(Role {
        name: RoleName::new(role.role_name()).map_err(invalid)?,
        path: IamPath::new(role.path()).map_err(invalid)?,
        arn: role.arn().to_owned(),
        description: role.description().filter(|d| !d.is_empty()).map(str::to_owned),
        max_session_duration: role
            .max_session_duration()
            .and_then(|d| u32::try_from(d).ok())
            .unwrap_or(3600),
        assume_role_policy: role
            .assume_role_policy_document()
            .map(decode_policy)
            .unwrap_or_default(),
        permissions_boundary: role
            .permissions_boundary()
            .and_then(|b| b.permissions_boundary_arn())
            .and_then(|a| Arn::new(a).ok()),
        tags: from_sdk_tags(role.tags()),
    })
}

fn to_managed_policy(policy: aws_sdk_iam::types::Policy, op: Op) -> Result<ManagedPolicy> {
    let arn = policy.arn.ok_or_else(|| missing(op, "Policy.Arn"))?;
    Ok(ManagedPolicy {
        arn: Arn::new(arn).map_err(|e| Error::Service {
            operation: op,
            code: Some("InvalidResponse".into()),
            source: Some(Box::new(e)),
        })?,
        name: policy.policy_name.unwrap_or_default(),
        path: policy.path.unwrap_or_else(|| "/".into()),
        default_version_id: policy.default_version_id.unwrap_or_else(|| "v1".into()),
        tags: policy.tags.as_deref().map(from_sdk_tags).unwrap_or_default(),
    })
}

fn to_version(version: &aws_sdk_iam::types::PolicyVersion) -> PolicyVersion {
    PolicyVersion {
        version_id: version.version_id().unwrap_or_default().to_owned(),
        is_default: version.is_default_version(),
        created_at: iso(version.create_date()),
        document: version.document().map(decode_policy),
    }
}

#[async_trait]
impl IamApi for SdkBackend {
    async fn caller_identity(&self) -> Result<CallerIdentity> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetCallerIdentity, Kind::User, "caller", e))?;
        Ok(CallerIdentity {
            account: out.account().unwrap_or_default().to_owned(),
            arn: out.arn().unwrap_or_default().to_owned(),
            user_id: out.user_id().unwrap_or_default().to_owned(),
        })
    }

    async fn account_summary(&self) -> Result<AccountSummary> {
        let out = self
            .iam
            .get_account_summary()
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetAccountSummary, Kind::User, "account", e))?;
        let values = out
            .summary_map()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.as_str().to_owned(), i64::from(*v)))
                    .collect()
            })
            .unwrap_or_default();
        Ok(AccountSummary { values })
    }

    async fn get_password_policy(&self) -> Result<Option<PasswordPolicySettings>> {
        let result = self
            .iam
            .get_account_password_policy()
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetAccountPasswordPolicy, Kind::PasswordPolicy, "account", e));
        let Some(out) = absent_as_none(result)? else {
            return Ok(None);
        };
        let Some(p) = out.password_policy() else {
            return Ok(None);
        };
        let small = |v: Option<i32>| v.and_then(|v| u16::try_from(v).ok());
        Ok(Some(PasswordPolicySettings {
            minimum_password_length: small(p.minimum_password_length()).unwrap_or(6),
            require_symbols: p.require_symbols(),
            require_numbers: p.require_numbers(),
            require_uppercase_characters: p.require_uppercase_characters(),
            require_lowercase_characters: p.require_lowercase_characters(),
            allow_users_to_change_password: p.allow_users_to_change_password(),
            max_password_age: small(p.max_password_age()).filter(|v| *v > 0),
            password_reuse_prevention: small(p.password_reuse_prevention()).filter(|v| *v > 0),
            hard_expiry: p.hard_expiry().unwrap_or(false),
        }))
    }

    async fn update_password_policy(&self, p: &PasswordPolicySettings) -> Result<()> {
        self.iam
            .update_account_password_policy()
            .minimum_password_length(i32::from(p.minimum_password_length))
            .require_symbols(p.require_symbols)
            .require_numbers(p.require_numbers)
            .require_uppercase_characters(p.require_uppercase_characters)
            .require_lowercase_characters(p.require_lowercase_characters)
            .allow_users_to_change_password(p.allow_users_to_change_password)
            .set_max_password_age(p.max_password_age.map(i32::from))
            .set_password_reuse_prevention(p.password_reuse_prevention.map(i32::from))
            .hard_expiry(p.hard_expiry)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::UpdateAccountPasswordPolicy,
                    Kind::PasswordPolicy,
                    "account",
                    e,
                )
            })?;
        Ok(())
    }

    async fn list_account_aliases(&self) -> Result<Vec<String>> {
        let out = self
            .iam
            .list_account_aliases()
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::ListAccountAliases, Kind::AccountAlias, "account", e))?;
        Ok(out.account_aliases().to_vec())
    }

    async fn create_account_alias(&self, alias: &str) -> Result<()> {
        self.iam
            .create_account_alias()
            .account_alias(alias)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreateAccountAlias, Kind::AccountAlias, alias, e))?;
        Ok(())
    }

    async fn delete_account_alias(&self, alias: &str) -> Result<()> {
        self.iam
            .delete_account_alias()
            .account_alias(alias)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteAccountAlias, Kind::AccountAlias, alias, e))?;
        Ok(())
    }

    async fn generate_credential_report(&self) -> Result<bool> {
        let out =
            self.iam.generate_credential_report().send().await.map_err(|e| {
                map_sdk_error(Op::GenerateCredentialReport, Kind::CredentialReport, "account", e)
            })?;
        Ok(matches!(out.state(), Some(ReportStateType::Complete)))
    }

    async fn get_credential_report(&self) -> Result<Option<RawCredentialReport>> {
        match self.iam.get_credential_report().send().await {
            Ok(out) => Ok(Some(RawCredentialReport {
                generated_at: iso(out.generated_time()),
                content: out.content.map(|b| b.into_inner()).unwrap_or_default(),
            })),
            Err(e) => match map_sdk_error(Op::GetCredentialReport, Kind::CredentialReport, "account", e) {
                // Not generated yet, still generating, or older than four hours: no report.
                Error::Service { code: Some(code), .. }
                    if matches!(
                        code.as_str(),
                        "ReportNotPresent" | "ReportInProgress" | "ReportExpired"
                    ) =>
                {
                    Ok(None)
                }
                Error::NotFound { .. } => Ok(None),
                other => Err(other),
            },
        }
    }

    async fn list_access_keys(&self, owner: &CredentialOwner) -> Result<Vec<AccessKey>> {
        let name = owner.user_name().map_or("caller", UserName::as_str);
        let keys = self
            .iam
            .list_access_keys()
            .set_user_name(owner.user_name().map(UserName::to_string))
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListAccessKeys, Kind::User, name, e))?;
        Ok(keys
            .iter()
            .map(|k| AccessKey {
                id: k.access_key_id().unwrap_or_default().to_owned(),
                status: if matches!(k.status(), Some(StatusType::Active)) {
                    AccessKeyStatus::Active
                } else {
                    AccessKeyStatus::Inactive
                },
                created_at: iso(k.create_date()),
            })
            .collect())
    }

    async fn update_access_key(
        &self,
        owner: &CredentialOwner,
        key_id: &str,
        status: AccessKeyStatus,
    ) -> Result<()> {
        let status = match status {
            AccessKeyStatus::Active => StatusType::Active,
            AccessKeyStatus::Inactive => StatusType::Inactive,
        };
        self.iam
            .update_access_key()
            .set_user_name(owner.user_name().map(UserName::to_string))
            .access_key_id(key_id)
            .status(status)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::UpdateAccessKey, Kind::AccessKey, key_id, e))?;
        Ok(())
    }

    async fn delete_access_key(&self, owner: &CredentialOwner, key_id: &str) -> Result<()> {
        self.iam
            .delete_access_key()
            .set_user_name(owner.user_name().map(UserName::to_string))
            .access_key_id(key_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteAccessKey, Kind::AccessKey, key_id, e))?;
        Ok(())
    }

    async fn list_mfa_devices(&self, owner: &CredentialOwner) -> Result<Vec<MfaDevice>> {
        let name = owner.user_name().map_or("caller", UserName::as_str);
        let devices = self
            .iam
            .list_mfa_devices()
            .set_user_name(owner.user_name().map(UserName::to_string))
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListMfaDevices, Kind::User, name, e))?;
        Ok(devices
            .iter()
            .map(|d| MfaDevice {
                serial_number: d.serial_number().to_owned(),
                enabled_at: iso(Some(d.enable_date())),
            })
            .collect())
    }

    async fn list_virtual_mfa_devices(&self) -> Result<Vec<VirtualMfaDevice>> {
        let devices = self
            .iam
            .list_virtual_mfa_devices()
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListVirtualMfaDevices, Kind::MfaDevice, "account", e))?;
        Ok(devices
            .iter()
            .map(|d| VirtualMfaDevice {
                serial_number: d.serial_number().to_owned(),
                user_arn: d.user().map(|u| u.arn().to_owned()),
            })
            .collect())
    }

    async fn create_virtual_mfa_device(&self, name: &str, path: &IamPath) -> Result<NewVirtualMfaDevice> {
        let out = self
            .iam
            .create_virtual_mfa_device()
            .virtual_mfa_device_name(name)
            .path(path.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreateVirtualMfaDevice, Kind::MfaDevice, name, e))?;
        let device = out
            .virtual_mfa_device
            .ok_or_else(|| missing(Op::CreateVirtualMfaDevice, "VirtualMFADevice"))?;
        Ok(NewVirtualMfaDevice {
            serial_number: device.serial_number,
            // Moved, not copied: the secret bytes exist once, inside `Secret`.
            base32_seed: Secret::new(
                device
                    .base32_string_seed
                    .map(|b| b.into_inner())
                    .unwrap_or_default(),
            ),
            qr_code_png: Secret::new(device.qr_code_png.map(|b| b.into_inner()).unwrap_or_default()),
        })
    }

    async fn enable_mfa_device(&self, user: &UserName, serial: &str, code1: &str, code2: &str) -> Result<()> {
        self.iam
            .enable_mfa_device()
            .user_name(user.as_str())
            .serial_number(serial)
            .authentication_code1(code1)
            .authentication_code2(code2)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::EnableMfaDevice, Kind::MfaDevice, serial, e))?;
        Ok(())
    }

    async fn delete_virtual_mfa_device(&self, serial: &str) -> Result<()> {
        self.iam
            .delete_virtual_mfa_device()
            .serial_number(serial)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteVirtualMfaDevice, Kind::MfaDevice, serial, e))?;
        Ok(())
    }

    async fn get_user(&self, name: &UserName) -> Result<Option<User>> {
        let result = self
            .iam
            .get_user()
            .user_name(name.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetUser, Kind::User, name.as_str(), e));
        let Some(out) = absent_as_none(result)? else {
            return Ok(None);
        };
        let user = out.user().ok_or_else(|| missing(Op::GetUser, "User"))?;
        Ok(Some(User {
            name: name.clone(),
            path: IamPath::new(user.path()).unwrap_or_default(),
            arn: user.arn().to_owned(),
            tags: from_sdk_tags(user.tags()),
        }))
    }

    async fn create_user(&self, name: &UserName, path: &IamPath, tags: &Tags) -> Result<User> {
        let out = self
            .iam
            .create_user()
            .user_name(name.as_str())
            .path(path.as_str())
            .set_tags(Some(to_sdk_tags(tags)?).filter(|t| !t.is_empty()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreateUser, Kind::User, name.as_str(), e))?;
        let user = out.user().ok_or_else(|| missing(Op::CreateUser, "User"))?;
        Ok(User {
            name: name.clone(),
            path: path.clone(),
            arn: user.arn().to_owned(),
            tags: tags.clone(),
        })
    }

    async fn get_role(&self, name: &RoleName) -> Result<Option<Role>> {
        let result = self
            .iam
            .get_role()
            .role_name(name.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetRole, Kind::Role, name.as_str(), e));
        let Some(out) = absent_as_none(result)? else {
            return Ok(None);
        };
        out.role().map(to_role).transpose()
    }

    async fn create_role(&self, role: &NewRole) -> Result<Role> {
        let out = self
            .iam
            .create_role()
            .role_name(role.name.as_str())
            .path(role.path.as_str())
            .set_description(role.description.clone())
            .max_session_duration(i32::try_from(role.max_session_duration).unwrap_or(i32::MAX))
            .assume_role_policy_document(&role.assume_role_policy)
            .set_permissions_boundary(role.permissions_boundary.as_ref().map(|b| b.to_string()))
            .set_tags(Some(to_sdk_tags(&role.tags)?).filter(|t| !t.is_empty()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreateRole, Kind::Role, role.name.as_str(), e))?;
        out.role()
            .map(to_role)
            .transpose()?
            .ok_or_else(|| missing(Op::CreateRole, "Role"))
    }

    async fn update_role(&self, name: &RoleName, description: &str, max_session: u32) -> Result<()> {
        self.iam
            .update_role()
            .role_name(name.as_str())
            // An empty description clears it; omitting it would leave the old one in place.
            .description(description)
            .max_session_duration(i32::try_from(max_session).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::UpdateRole, Kind::Role, name.as_str(), e))?;
        Ok(())
    }

    async fn update_assume_role_policy(&self, name: &RoleName, document: &str) -> Result<()> {
        self.iam
            .update_assume_role_policy()
            .role_name(name.as_str())
            .policy_document(document)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::UpdateAssumeRolePolicy, Kind::Role, name.as_str(), e))?;
        Ok(())
    }

    async fn list_attached_role_policies(&self, name: &RoleName) -> Result<Vec<AttachedPolicy>> {
        let items = self
            .iam
            .list_attached_role_policies()
            .role_name(name.as_str())
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListAttachedRolePolicies, Kind::Role, name.as_str(), e))?;
        Ok(items
            .iter()
            .filter_map(|p| {
                Some(AttachedPolicy {
                    name: p.policy_name().unwrap_or_default().to_owned(),
                    arn: Arn::new(p.policy_arn()?).ok()?,
                })
            })
            .collect())
    }

    async fn attach_role_policy(&self, name: &RoleName, policy: &Arn) -> Result<()> {
        self.iam
            .attach_role_policy()
            .role_name(name.as_str())
            .policy_arn(policy.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::AttachRolePolicy, Kind::Policy, policy.as_str(), e))?;
        Ok(())
    }

    async fn detach_role_policy(&self, name: &RoleName, policy: &Arn) -> Result<()> {
        self.iam
            .detach_role_policy()
            .role_name(name.as_str())
            .policy_arn(policy.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DetachRolePolicy, Kind::Policy, policy.as_str(), e))?;
        Ok(())
    }

    async fn list_role_policies(&self, name: &RoleName) -> Result<Vec<String>> {
        self.iam
            .list_role_policies()
            .role_name(name.as_str())
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListRolePolicies, Kind::Role, name.as_str(), e))
    }

    async fn get_role_policy(&self, name: &RoleName, policy: &str) -> Result<Option<String>> {
        let result = self
            .iam
            .get_role_policy()
            .role_name(name.as_str())
            .policy_name(policy)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetRolePolicy, Kind::InlinePolicy, policy, e));
        Ok(absent_as_none(result)?.map(|out| decode_policy(out.policy_document())))
    }

    async fn put_role_policy(&self, name: &RoleName, policy: &str, document: &str) -> Result<()> {
        self.iam
            .put_role_policy()
            .role_name(name.as_str())
            .policy_name(policy)
            .policy_document(document)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::PutRolePolicy, Kind::InlinePolicy, policy, e))?;
        Ok(())
    }

    async fn list_roles(&self) -> Result<Vec<RoleName>> {
        let roles = self
            .iam
            .list_roles()
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListRoles, Kind::Role, "*", e))?;
        // A name this crate cannot hold (none IAM issues today) is no role it created.
        Ok(roles
            .into_iter()
            .filter_map(|role| RoleName::new(role.role_name).ok())
            .collect())
    }

    async fn delete_role(&self, name: &RoleName) -> Result<()> {
        self.iam
            .delete_role()
            .role_name(name.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteRole, Kind::Role, name.as_str(), e))?;
        Ok(())
    }

    async fn list_instance_profiles_for_role(&self, name: &RoleName) -> Result<Vec<String>> {
        let profiles = self
            .iam
            .list_instance_profiles_for_role()
            .role_name(name.as_str())
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListInstanceProfilesForRole, Kind::Role, name.as_str(), e))?;
        Ok(profiles.into_iter().map(|p| p.instance_profile_name).collect())
    }

    async fn remove_role_from_instance_profile(&self, profile: &str, role: &RoleName) -> Result<()> {
        self.iam
            .remove_role_from_instance_profile()
            .instance_profile_name(profile)
            .role_name(role.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::RemoveRoleFromInstanceProfile, Kind::Role, role.as_str(), e))?;
        Ok(())
    }

    async fn delete_role_policy(&self, name: &RoleName, policy: &str) -> Result<()> {
        self.iam
            .delete_role_policy()
            .role_name(name.as_str())
            .policy_name(policy)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteRolePolicy, Kind::InlinePolicy, policy, e))?;
        Ok(())
    }

    async fn put_role_permissions_boundary(&self, name: &RoleName, boundary: &Arn) -> Result<()> {
        self.iam
            .put_role_permissions_boundary()
            .role_name(name.as_str())
            .permissions_boundary(boundary.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::PutRolePermissionsBoundary, Kind::Role, name.as_str(), e))?;
        Ok(())
    }

    async fn delete_role_permissions_boundary(&self, name: &RoleName) -> Result<()> {
        self.iam
            .delete_role_permissions_boundary()
            .role_name(name.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteRolePermissionsBoundary, Kind::Role, name.as_str(), e))?;
        Ok(())
    }

    async fn tag_role(&self, name: &RoleName, tags: &Tags) -> Result<()> {
        self.iam
            .tag_role()
            .role_name(name.as_str())
            .set_tags(Some(to_sdk_tags(tags)?))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::TagRole, Kind::Role, name.as_str(), e))?;
        Ok(())
    }

    async fn untag_role(&self, name: &RoleName, keys: &[String]) -> Result<()> {
        self.iam
            .untag_role()
            .role_name(name.as_str())
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::UntagRole, Kind::Role, name.as_str(), e))?;
        Ok(())
    }

    async fn list_customer_policies(&self) -> Result<Vec<Arn>> {
        let policies = self
            .iam
            .list_policies()
            .scope(aws_sdk_iam::types::PolicyScopeType::Local)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListPolicies, Kind::Policy, "*", e))?;
        Ok(policies
            .into_iter()
            .filter_map(|policy| policy.arn.and_then(|arn| Arn::new(arn).ok()))
            .collect())
    }

    async fn delete_policy(&self, arn: &Arn) -> Result<()> {
        self.iam
            .delete_policy()
            .policy_arn(arn.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeletePolicy, Kind::Policy, arn.as_str(), e))?;
        Ok(())
    }

    async fn get_policy(&self, arn: &Arn) -> Result<Option<ManagedPolicy>> {
        let result = self
            .iam
            .get_policy()
            .policy_arn(arn.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetPolicy, Kind::Policy, arn.as_str(), e));
        let Some(out) = absent_as_none(result)? else {
            return Ok(None);
        };
        out.policy
            .map(|p| to_managed_policy(p, Op::GetPolicy))
            .transpose()
    }

    async fn create_policy(&self, policy: &NewPolicy) -> Result<ManagedPolicy> {
        let out = self
            .iam
            .create_policy()
            .policy_name(policy.name.as_str())
            .path(policy.path.as_str())
            .set_description(policy.description.clone())
            .policy_document(&policy.document)
            .set_tags(Some(to_sdk_tags(&policy.tags)?).filter(|t| !t.is_empty()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreatePolicy, Kind::Policy, policy.name.as_str(), e))?;
        let created = out.policy.ok_or_else(|| missing(Op::CreatePolicy, "Policy"))?;
        let mut managed = to_managed_policy(created, Op::CreatePolicy)?;
        if managed.tags.is_empty() {
            managed.tags = policy.tags.clone();
        }
        Ok(managed)
    }

    async fn get_policy_version(&self, arn: &Arn, version_id: &str) -> Result<Option<PolicyVersion>> {
        let result = self
            .iam
            .get_policy_version()
            .policy_arn(arn.as_str())
            .version_id(version_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetPolicyVersion, Kind::PolicyVersion, version_id, e));
        Ok(absent_as_none(result)?.and_then(|out| out.policy_version().map(to_version)))
    }

    async fn list_policy_versions(&self, arn: &Arn) -> Result<Vec<PolicyVersion>> {
        let versions = self
            .iam
            .list_policy_versions()
            .policy_arn(arn.as_str())
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListPolicyVersions, Kind::Policy, arn.as_str(), e))?;
        Ok(versions.iter().map(to_version).collect())
    }

    async fn create_policy_version(
        &self,
        arn: &Arn,
        document: &str,
        set_as_default: bool,
    ) -> Result<PolicyVersion> {
        let out = self
            .iam
            .create_policy_version()
            .policy_arn(arn.as_str())
            .policy_document(document)
            .set_as_default(set_as_default)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreatePolicyVersion, Kind::Policy, arn.as_str(), e))?;
        out.policy_version()
            .map(to_version)
            .ok_or_else(|| missing(Op::CreatePolicyVersion, "PolicyVersion"))
    }

    async fn delete_policy_version(&self, arn: &Arn, version_id: &str) -> Result<()> {
        self.iam
            .delete_policy_version()
            .policy_arn(arn.as_str())
            .version_id(version_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeletePolicyVersion, Kind::PolicyVersion, version_id, e))?;
        Ok(())
    }

    async fn generate_service_last_accessed_details(
        &self,
        arn: &Arn,
        granularity: AccessGranularity,
    ) -> Result<String> {
        self.sdk_generate_last_accessed(arn, granularity).await
    }

    async fn get_service_last_accessed_details(&self, job_id: &str) -> Result<ServiceLastAccessedReport> {
        self.sdk_get_last_accessed(job_id).await
    }
}
