//! [`IamApi`] for [`InMemory`], answering as IAM does (errors included).

use async_trait::async_trait;

use super::report::credential_report_csv;
use super::state::{KeyRecord, PolicyRecord, Report, RoleRecord, State, UserRecord, VirtualMfaRecord};
use super::{Caller, InMemory, RootMfa, days_ago};
use crate::client::{
    AccessKey, AccessKeyStatus, AccountSummary, AttachedPolicy, CallerIdentity, CredentialOwner, IamApi,
    ManagedPolicy, MfaDevice, NewPolicy, NewRole, NewVirtualMfaDevice, Operation as Op,
    PasswordPolicySettings, PolicyVersion, RawCredentialReport, Role, Tags, User, VirtualMfaDevice,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::{Arn, IamPath, RoleName, UserName};
use crate::secret::Secret;

use crate::limits::{
    MANAGED_POLICY_CHARS as MANAGED_POLICY_LIMIT, POLICY_VERSIONS as POLICY_VERSIONS_LIMIT,
    ROLE_INLINE_CHARS as ROLE_INLINE_LIMIT, SESSION_SECONDS, TRUST_POLICY_CHARS as TRUST_POLICY_LIMIT,
    policy_size as non_whitespace,
};

/// IAM's checks on a policy document: JSON with a `Statement`, within `limit` characters.
fn check_document(op: Op, document: &str, limit: usize) -> Result<()> {
    let parsed: serde_json::Value = serde_json::from_str(document).map_err(|e| {
        Error::service(
            op,
            "MalformedPolicyDocument",
            format!("syntax errors in policy: {e}"),
        )
    })?;
    if parsed.get("Statement").is_none() {
        return Err(Error::service(
            op,
            "MalformedPolicyDocument",
            "policy has no Statement",
        ));
    }
    let size = non_whitespace(document);
    if size > limit {
        return Err(Error::LimitExceeded {
            operation: op,
            message: format!("cannot exceed quota for policy size: {limit} (got {size})"),
            source: None,
        });
    }
    Ok(())
}

fn key_metadata(keys: &[KeyRecord]) -> Vec<AccessKey> {
    keys.iter()
        .map(|k| AccessKey {
            id: k.id.clone(),
            status: if k.active {
                AccessKeyStatus::Active
            } else {
                AccessKeyStatus::Inactive
            },
            created_at: Some(k.created_at.clone()),
        })
        .collect()
}

impl State {
    /// The access keys of `user`, or of the caller when `None` (root's when signed in as root).
    fn keys_mut(&mut self, op: Op, owner: &CredentialOwner) -> Result<&mut Vec<KeyRecord>> {
        let name = match (owner.user_name(), &self.caller) {
            (Some(name), _) => name.clone(),
            (None, Caller::Root) => return Ok(&mut self.root_keys),
            (None, Caller::User(name)) => name.clone(),
            (None, Caller::Role(_)) => {
                return Err(Error::service(
                    op,
                    "ValidationError",
                    "must specify userName when calling with non-User credentials",
                ));
            }
        };
        self.users
            .get_mut(&name.as_str().to_lowercase())
            .map(|u| &mut u.access_keys)
            .ok_or_else(|| Error::not_found(Kind::User, name.as_str()))
    }

    /// IAM is eventually consistent: a principal created a moment ago is "invalid" in a trust policy.
    fn check_principals_visible(&self, op: Op, document: &str) -> Result<()> {
        for (arn, visible_at) in &self.principal_visible_at {
            if *visible_at > self.tick && document.contains(arn.as_str()) {
                return Err(Error::service(
                    op,
                    "MalformedPolicyDocument",
                    format!("Invalid principal in policy: \"AWS\":\"{arn}\""),
                ));
            }
        }
        Ok(())
    }

    pub(super) fn role_mut(&mut self, name: &RoleName) -> Result<&mut RoleRecord> {
        self.roles
            .get_mut(&name.as_str().to_lowercase())
            .ok_or_else(|| Error::not_found(Kind::Role, name.as_str()))
    }

    pub(super) fn policy_mut(&mut self, arn: &Arn) -> Result<&mut PolicyRecord> {
        self.policies
            .get_mut(arn.as_str())
            .ok_or_else(|| Error::not_found(Kind::Policy, arn.as_str()))
    }

    fn summary(&self) -> AccountSummary {
        let flag = |b: bool| i64::from(b);
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let values = [
            ("AccountMFAEnabled", flag(self.root.mfa != RootMfa::None)),
            ("AccountAccessKeysPresent", flag(!self.root_keys.is_empty())),
            (
                "AccountSigningCertificatesPresent",
                flag(self.root.signing_certificate),
            ),
            ("Users", count(self.users.len())),
            ("UsersQuota", 5000),
            ("Roles", count(self.roles.len())),
            ("RolesQuota", 1000),
            ("Policies", count(self.policies.len())),
            ("PoliciesQuota", 1500),
            (
                "AttachedPoliciesPerRoleQuota",
                self.config.attached_policies_per_role_quota,
            ),
            ("AttachedPoliciesPerUserQuota", 10),
            ("PolicyVersionsInUseQuota", 10_000),
            ("VersionsPerPolicyQuota", count(POLICY_VERSIONS_LIMIT)),
            ("MFADevices", count(self.virtual_mfa.len())),
            (
                "MFADevicesInUse",
                count(self.virtual_mfa.values().filter(|d| d.user_arn.is_some()).count()),
            ),
            ("AccountPasswordPresent", 1),
        ];
        AccountSummary {
            values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        }
    }
}

#[async_trait]
impl IamApi for InMemory {
    async fn caller_identity(&self) -> Result<CallerIdentity> {
        let state = self.call();
        let account = state.account().to_string();
        let (arn, user_id) = match &state.caller {
            Caller::Root => (format!("arn:aws:iam::{account}:root"), account.clone()),
            Caller::User(name) => (
                state.arn("user", "/", name.as_str()),
                format!("AIDA{}", name.as_str().len()),
            ),
            Caller::Role(name) => (
                format!("arn:aws:sts::{account}:assumed-role/{name}/iam-bootstrap"),
                format!("AROA{}:iam-bootstrap", name.as_str().len()),
            ),
        };
        Ok(CallerIdentity {
            account,
            arn,
            user_id,
        })
    }

    async fn account_summary(&self) -> Result<AccountSummary> {
        Ok(self.call().summary())
    }

    async fn get_password_policy(&self) -> Result<Option<PasswordPolicySettings>> {
        Ok(self.call().password_policy.clone())
    }

    async fn update_password_policy(&self, policy: &PasswordPolicySettings) -> Result<()> {
        let op = Op::UpdateAccountPasswordPolicy;
        let bad = |field: &str| Error::service(op, "ValidationError", format!("invalid value for {field}"));
        if !(6..=128).contains(&policy.minimum_password_length) {
            return Err(bad("MinimumPasswordLength"));
        }
        if policy.max_password_age.is_some_and(|d| !(1..=1095).contains(&d)) {
            return Err(bad("MaxPasswordAge"));
        }
        if policy
            .password_reuse_prevention
            .is_some_and(|n| !(1..=24).contains(&n))
        {
            return Err(bad("PasswordReusePrevention"));
        }
        self.call().password_policy = Some(policy.clone());
        Ok(())
    }

    async fn list_account_aliases(&self) -> Result<Vec<String>> {
        Ok(self.call().aliases.clone())
    }

    async fn create_account_alias(&self, alias: &str) -> Result<()> {
        crate::names::AccountAlias::new(alias)
            .map_err(|e| Error::service(Op::CreateAccountAlias, "ValidationError", e.to_string()))?;
        // An account has one alias and a new one overwrites it (AWS Sign-In User Guide,
        // "Creating, deleting, and listing an AWS account alias"); moto does the same.
        // `EntityAlreadyExists` on AWS means another account holds the name.
        self.call().aliases = vec![alias.to_owned()];
        Ok(())
    }

    async fn delete_account_alias(&self, alias: &str) -> Result<()> {
        let mut state = self.call();
        let before = state.aliases.len();
        state.aliases.retain(|a| a != alias);
        if state.aliases.len() == before {
            return Err(Error::not_found(Kind::AccountAlias, alias));
        }
        Ok(())
    }

    async fn generate_credential_report(&self) -> Result<bool> {
        let mut state = self.call();
        let tick = state.tick;
        let next = match &state.report {
            Report::Ready { generated_tick, .. }
                if state
                    .config
                    .report_ttl_calls
                    .is_some_and(|ttl| tick.saturating_sub(*generated_tick) <= ttl) =>
            {
                return Ok(true);
            }
            Report::Generating { calls_left } if *calls_left > 1 => Report::Generating {
                calls_left: calls_left - 1,
            },
            Report::Generating { .. } => {
                let content = credential_report_csv(&state)?;
                Report::Ready {
                    content,
                    generated_at: days_ago(0),
                    generated_tick: tick,
                }
            }
            Report::Absent | Report::Ready { .. } => Report::Generating {
                calls_left: state.config.report_generation_calls,
            },
        };
        let complete = matches!(next, Report::Ready { .. });
        state.report = next;
        Ok(complete)
    }

    async fn get_credential_report(&self) -> Result<Option<RawCredentialReport>> {
        Ok(match &self.call().report {
            Report::Ready {
                content,
                generated_at,
                ..
            } => Some(RawCredentialReport {
                content: content.clone(),
                generated_at: Some(generated_at.clone()),
            }),
            _ => None,
        })
    }

    async fn list_access_keys(&self, owner: &CredentialOwner) -> Result<Vec<AccessKey>> {
        let mut state = self.call();
        Ok(key_metadata(state.keys_mut(Op::ListAccessKeys, owner)?))
    }

    async fn update_access_key(
        &self,
        owner: &CredentialOwner,
        key_id: &str,
        status: AccessKeyStatus,
    ) -> Result<()> {
        let mut state = self.call();
        let keys = state.keys_mut(Op::UpdateAccessKey, owner)?;
        let key = keys
            .iter_mut()
            .find(|k| k.id == key_id)
            .ok_or_else(|| Error::not_found(Kind::AccessKey, key_id))?;
        key.active = status == AccessKeyStatus::Active;
        Ok(())
    }

    async fn delete_access_key(&self, owner: &CredentialOwner, key_id: &str) -> Result<()> {
        let mut state = self.call();
        let keys = state.keys_mut(Op::DeleteAccessKey, owner)?;
        let before = keys.len();
        keys.retain(|k| k.id != key_id);
        if keys.len() == before {
            return Err(Error::not_found(Kind::AccessKey, key_id));
        }
        Ok(())
    }

    async fn list_mfa_devices(&self, owner: &CredentialOwner) -> Result<Vec<MfaDevice>> {
        let state = self.call();
        let devices = match (owner.user_name(), &state.caller) {
            (None, Caller::Root) => match state.root.mfa {
                RootMfa::None => Vec::new(),
                RootMfa::Virtual => vec![(
                    format!("arn:aws:iam::{}:mfa/root-account-mfa-device", state.account()),
                    days_ago(30),
                )],
                RootMfa::Hardware => vec![("GAHT12345678".to_owned(), days_ago(30))],
            },
            (Some(name), _) | (None, Caller::User(name)) => state
                .users
                .get(&name.as_str().to_lowercase())
                .ok_or_else(|| Error::not_found(Kind::User, name.as_str()))?
                .mfa_serials
                .clone(),
            (None, Caller::Role(_)) => {
                return Err(Error::service(
                    Op::ListMfaDevices,
                    "ValidationError",
                    "must specify userName when calling with non-User credentials",
                ));
            }
        };
        Ok(devices
            .into_iter()
            .map(|(serial_number, at)| MfaDevice {
                serial_number,
                enabled_at: Some(at),
            })
            .collect())
    }

    async fn list_virtual_mfa_devices(&self) -> Result<Vec<VirtualMfaDevice>> {
        let state = self.call();
        let mut devices: Vec<VirtualMfaDevice> = state
            .virtual_mfa
            .iter()
            .map(|(serial, d)| VirtualMfaDevice {
                serial_number: serial.clone(),
                user_arn: d.user_arn.clone(),
            })
            .collect();
        if state.root.mfa == RootMfa::Virtual {
            devices.push(VirtualMfaDevice {
                serial_number: format!("arn:aws:iam::{}:mfa/root-account-mfa-device", state.account()),
                user_arn: Some(format!("arn:aws:iam::{}:root", state.account())),
            });
        }
        Ok(devices)
    }

    async fn create_virtual_mfa_device(&self, name: &str, path: &IamPath) -> Result<NewVirtualMfaDevice> {
        let mut state = self.call();
        let serial = state.arn("mfa", path.as_str(), name);
        if state.virtual_mfa.contains_key(&serial) {
            return Err(Error::already_exists(Kind::MfaDevice, name));
        }
        // 20 random bytes, base32 without padding: the shape AWS hands out.
        let mut rng =
            fastrand::Rng::with_seed(state.config.seed ^ state.tick.wrapping_mul(0x2545_F491_4F6C_DD1D));
        let bytes: Vec<u8> = (0..20).map(|_| rng.u8(..)).collect();
        let seed = totp_rs::Secret::from(bytes).to_base32();
        // Not a real PNG: the model only needs an opaque secret the caller must not leak.
        let qr = format!("\u{89}PNG otpauth://totp/AWS:{name}?secret={seed}").into_bytes();
        state.virtual_mfa.insert(
            serial.clone(),
            VirtualMfaRecord {
                seed_base32: seed.clone(),
                user_arn: None,
            },
        );
        Ok(NewVirtualMfaDevice {
            serial_number: serial,
            base32_seed: Secret::new(seed.into_bytes()),
            qr_code_png: Secret::new(qr),
        })
    }

    async fn enable_mfa_device(&self, user: &UserName, serial: &str, code1: &str, code2: &str) -> Result<()> {
        let op = Op::EnableMfaDevice;
        let mut state = self.call();
        let user_key = user.as_str().to_lowercase();
        let user_arn = state
            .users
            .get(&user_key)
            .map(|u| u.user.arn.clone())
            .ok_or_else(|| Error::not_found(Kind::User, user.as_str()))?;
        let check = state.config.check_mfa_codes;
        let device = state
            .virtual_mfa
            .get_mut(serial)
            .ok_or_else(|| Error::not_found(Kind::MfaDevice, serial))?;
        if device.user_arn.is_some() {
            return Err(Error::already_exists(Kind::MfaDevice, serial));
        }
        if check
            && !crate::totp::consecutive_codes_match(&device.seed_base32, code1, code2, crate::totp::now())
        {
            return Err(Error::service(
                op,
                "InvalidAuthenticationCode",
                "authentication code for the MFA device is not valid",
            ));
        }
        device.user_arn = Some(user_arn);
        if let Some(record) = state.users.get_mut(&user_key) {
            record.mfa_serials.push((serial.to_owned(), days_ago(0)));
        }
        Ok(())
    }

    async fn delete_virtual_mfa_device(&self, serial: &str) -> Result<()> {
        let mut state = self.call();
        match state.virtual_mfa.get(serial) {
            None => Err(Error::not_found(Kind::MfaDevice, serial)),
            Some(d) if d.user_arn.is_some() => Err(Error::service(
                Op::DeleteVirtualMfaDevice,
                "DeleteConflict",
                "MFA device is in use",
            )),
            Some(_) => {
                state.virtual_mfa.remove(serial);
                Ok(())
            }
        }
    }

    async fn get_user(&self, name: &UserName) -> Result<Option<User>> {
        Ok(self
            .call()
            .users
            .get(&name.as_str().to_lowercase())
            .map(|u| u.user.clone()))
    }

    async fn create_user(&self, name: &UserName, path: &IamPath, tags: &Tags) -> Result<User> {
        let mut state = self.call();
        let key = name.as_str().to_lowercase();
        if state.users.contains_key(&key) {
            return Err(Error::already_exists(Kind::User, name.as_str()));
        }
        let user = User {
            name: name.clone(),
            path: path.clone(),
            arn: state.arn("user", path.as_str(), name.as_str()),
            tags: tags.clone(),
        };
        let visible_at = state.tick + state.config.principal_propagation_calls;
        state.principal_visible_at.insert(user.arn.clone(), visible_at);
        state.users.insert(
            key,
            UserRecord {
                user: user.clone(),
                created_at: days_ago(0),
                access_keys: Vec::new(),
                mfa_serials: Vec::new(),
            },
        );
        Ok(user)
    }

    async fn get_role(&self, name: &RoleName) -> Result<Option<Role>> {
        Ok(self
            .call()
            .roles
            .get(&name.as_str().to_lowercase())
            .map(|r| r.role.clone()))
    }

    async fn create_role(&self, new: &NewRole) -> Result<Role> {
        let op = Op::CreateRole;
        let mut state = self.call();
        let key = new.name.as_str().to_lowercase();
        if state.roles.contains_key(&key) {
            return Err(Error::already_exists(Kind::Role, new.name.as_str()));
        }
        check_document(op, &new.assume_role_policy, TRUST_POLICY_LIMIT)?;
        state.check_principals_visible(op, &new.assume_role_policy)?;
        if !SESSION_SECONDS.contains(&new.max_session_duration) {
            return Err(Error::service(
                op,
                "ValidationError",
                "MaxSessionDuration must be between 3600 and 43200",
            ));
        }
        let role = Role {
            name: new.name.clone(),
            path: new.path.clone(),
            arn: state.arn("role", new.path.as_str(), new.name.as_str()),
            description: new.description.clone().filter(|d| !d.is_empty()),
            max_session_duration: new.max_session_duration,
            assume_role_policy: new.assume_role_policy.clone(),
            permissions_boundary: new.permissions_boundary.clone(),
            tags: new.tags.clone(),
        };
        let visible_at = state.tick + state.config.principal_propagation_calls;
        state.principal_visible_at.insert(role.arn.clone(), visible_at);
        state.roles.insert(
            key,
            RoleRecord {
                role: role.clone(),
                attached: Vec::new(),
                inline: Default::default(),
            },
        );
        Ok(role)
    }

    async fn update_role(&self, name: &RoleName, description: &str, max_session: u32) -> Result<()> {
        if !SESSION_SECONDS.contains(&max_session) {
            return Err(Error::service(
                Op::UpdateRole,
                "ValidationError",
                "MaxSessionDuration must be between 3600 and 43200",
            ));
        }
        let mut state = self.call();
        let role = &mut state.role_mut(name)?.role;
        role.description = Some(description.to_owned()).filter(|d| !d.is_empty());
        role.max_session_duration = max_session;
        Ok(())
    }

    async fn update_assume_role_policy(&self, name: &RoleName, document: &str) -> Result<()> {
        let op = Op::UpdateAssumeRolePolicy;
        let mut state = self.call();
        check_document(op, document, TRUST_POLICY_LIMIT)?;
        state.check_principals_visible(op, document)?;
        state.role_mut(name)?.role.assume_role_policy = document.to_owned();
        Ok(())
    }

    async fn list_attached_role_policies(&self, name: &RoleName) -> Result<Vec<AttachedPolicy>> {
        let mut state = self.call();
        let role = state.role_mut(name)?;
        Ok(role
            .attached
            .iter()
            .map(|arn| AttachedPolicy {
                name: arn.resource_name().to_owned(),
                arn: arn.clone(),
            })
            .collect())
    }

    async fn attach_role_policy(&self, name: &RoleName, policy: &Arn) -> Result<()> {
        let op = Op::AttachRolePolicy;
        let mut state = self.call();
        let is_aws_managed = policy.account() == "aws" && policy.resource().starts_with("policy/");
        if !is_aws_managed && !state.policies.contains_key(policy.as_str()) {
            return Err(Error::not_found(Kind::Policy, policy.as_str()));
        }
        let quota = usize::try_from(state.config.attached_policies_per_role_quota).unwrap_or(0);
        let role = state.role_mut(name)?;
        if role.attached.contains(policy) {
            return Ok(());
        }
        if role.attached.len() >= quota {
            return Err(Error::LimitExceeded {
                operation: op,
                message: format!("cannot exceed quota for PoliciesPerRole: {quota}"),
                source: None,
            });
        }
        role.attached.push(policy.clone());
        if let Some(record) = state.policies.get_mut(policy.as_str()) {
            record.attachments += 1;
        }
        Ok(())
    }

    async fn detach_role_policy(&self, name: &RoleName, policy: &Arn) -> Result<()> {
        let mut state = self.call();
        let role = state.role_mut(name)?;
        let before = role.attached.len();
        role.attached.retain(|a| a != policy);
        if role.attached.len() == before {
            return Err(Error::not_found(Kind::Policy, policy.as_str()));
        }
        if let Some(record) = state.policies.get_mut(policy.as_str()) {
            record.attachments = record.attachments.saturating_sub(1);
        }
        Ok(())
    }

    async fn list_role_policies(&self, name: &RoleName) -> Result<Vec<String>> {
        let mut state = self.call();
        Ok(state.role_mut(name)?.inline.keys().cloned().collect())
    }

    async fn get_role_policy(&self, name: &RoleName, policy: &str) -> Result<Option<String>> {
        let mut state = self.call();
        Ok(state.role_mut(name)?.inline.get(policy).cloned())
    }

    async fn put_role_policy(&self, name: &RoleName, policy: &str, document: &str) -> Result<()> {
        let op = Op::PutRolePolicy;
        let mut state = self.call();
        check_document(op, document, ROLE_INLINE_LIMIT)?;
        let role = state.role_mut(name)?;
        let others: usize = role
            .inline
            .iter()
            .filter(|(n, _)| n.as_str() != policy)
            .map(|(_, d)| non_whitespace(d))
            .sum();
        let total = others + non_whitespace(document);
        if total > ROLE_INLINE_LIMIT {
            return Err(Error::LimitExceeded {
                operation: op,
                message: format!(
                    "maximum policy size of {ROLE_INLINE_LIMIT} bytes exceeded for role {name} (got {total})"
                ),
                source: None,
            });
        }
        role.inline.insert(policy.to_owned(), document.to_owned());
        Ok(())
    }

    async fn delete_role_policy(&self, name: &RoleName, policy: &str) -> Result<()> {
        let mut state = self.call();
        state
            .role_mut(name)?
            .inline
            .remove(policy)
            .map(|_| ())
            .ok_or_else(|| Error::not_found(Kind::InlinePolicy, policy))
    }

    async fn put_role_permissions_boundary(&self, name: &RoleName, boundary: &Arn) -> Result<()> {
        let mut state = self.call();
        let is_aws_managed = boundary.account() == "aws";
        if !is_aws_managed && !state.policies.contains_key(boundary.as_str()) {
            return Err(Error::not_found(Kind::Policy, boundary.as_str()));
        }
        state.role_mut(name)?.role.permissions_boundary = Some(boundary.clone());
        Ok(())
    }

    async fn delete_role_permissions_boundary(&self, name: &RoleName) -> Result<()> {
        let mut state = self.call();
        state.role_mut(name)?.role.permissions_boundary = None;
        Ok(())
    }

    async fn tag_role(&self, name: &RoleName, tags: &Tags) -> Result<()> {
        let mut state = self.call();
        let role = state.role_mut(name)?;
        role.role
            .tags
            .extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        if role.role.tags.len() > 50 {
            return Err(Error::LimitExceeded {
                operation: Op::TagRole,
                message: "a role can have at most 50 tags".into(),
                source: None,
            });
        }
        Ok(())
    }

    async fn untag_role(&self, name: &RoleName, keys: &[String]) -> Result<()> {
        let mut state = self.call();
        let role = state.role_mut(name)?;
        role.role.tags.retain(|k, _| !keys.contains(k));
        Ok(())
    }

    async fn list_roles(&self) -> Result<Vec<RoleName>> {
        Ok(self.call().role_names())
    }

    async fn delete_role(&self, name: &RoleName) -> Result<()> {
        self.call().delete_role(name)
    }

    async fn list_instance_profiles_for_role(&self, name: &RoleName) -> Result<Vec<String>> {
        // The in-memory account has no instance profiles: no role is in one.
        self.call().role_mut(name).map(|_| Vec::new())
    }

    async fn remove_role_from_instance_profile(&self, profile: &str, _role: &RoleName) -> Result<()> {
        let _state = self.call();
        Err(Error::not_found(Kind::Role, profile))
    }

    async fn list_customer_policies(&self) -> Result<Vec<Arn>> {
        Ok(self.call().customer_policy_arns())
    }

    async fn delete_policy(&self, arn: &Arn) -> Result<()> {
        self.call().delete_policy(arn)
    }

    async fn get_policy(&self, arn: &Arn) -> Result<Option<ManagedPolicy>> {
        Ok(self.call().policies.get(arn.as_str()).map(|p| p.policy.clone()))
    }

    async fn create_policy(&self, new: &NewPolicy) -> Result<ManagedPolicy> {
        let op = Op::CreatePolicy;
        let mut state = self.call();
        check_document(op, &new.document, MANAGED_POLICY_LIMIT)?;
        let arn = Arn::customer_policy(state.account(), &new.path, &new.name);
        if state.policies.contains_key(arn.as_str()) {
            return Err(Error::already_exists(Kind::Policy, arn.as_str()));
        }
        let policy = ManagedPolicy {
            arn: arn.clone(),
            name: new.name.to_string(),
            path: new.path.to_string(),
            default_version_id: "v1".into(),
            tags: new.tags.clone(),
        };
        let version = PolicyVersion {
            version_id: "v1".into(),
            is_default: true,
            created_at: Some(days_ago(0)),
            document: Some(new.document.clone()),
        };
        state.policies.insert(
            arn.to_string(),
            PolicyRecord {
                policy: policy.clone(),
                versions: vec![version],
                next_version: 2,
                attachments: 0,
            },
        );
        Ok(policy)
    }

    async fn get_policy_version(&self, arn: &Arn, version_id: &str) -> Result<Option<PolicyVersion>> {
        let state = self.call();
        Ok(state
            .policies
            .get(arn.as_str())
            .and_then(|p| p.versions.iter().find(|v| v.version_id == version_id).cloned()))
    }

    async fn list_policy_versions(&self, arn: &Arn) -> Result<Vec<PolicyVersion>> {
        let mut state = self.call();
        let record = state.policy_mut(arn)?;
        Ok(record
            .versions
            .iter()
            .map(|v| PolicyVersion {
                document: None,
                ..v.clone()
            })
            .collect())
    }

    async fn create_policy_version(
        &self,
        arn: &Arn,
        document: &str,
        set_as_default: bool,
    ) -> Result<PolicyVersion> {
        let op = Op::CreatePolicyVersion;
        check_document(op, document, MANAGED_POLICY_LIMIT)?;
        let mut state = self.call();
        let record = state.policy_mut(arn)?;
        if record.versions.len() >= POLICY_VERSIONS_LIMIT {
            return Err(Error::LimitExceeded {
                operation: op,
                message: format!("a managed policy can have up to {POLICY_VERSIONS_LIMIT} versions"),
                source: None,
            });
        }
        let version_id = format!("v{}", record.next_version);
        record.next_version += 1;
        if set_as_default {
            record.versions.iter_mut().for_each(|v| v.is_default = false);
            record.policy.default_version_id = version_id.clone();
        }
        let version = PolicyVersion {
            version_id,
            is_default: set_as_default,
            created_at: Some(days_ago(0)),
            document: Some(document.to_owned()),
        };
        record.versions.push(version.clone());
        Ok(version)
    }

    async fn delete_policy_version(&self, arn: &Arn, version_id: &str) -> Result<()> {
        let mut state = self.call();
        let record = state.policy_mut(arn)?;
        match record.versions.iter().find(|v| v.version_id == version_id) {
            None => Err(Error::not_found(Kind::PolicyVersion, version_id)),
            Some(v) if v.is_default => Err(Error::service(
                Op::DeletePolicyVersion,
                "DeleteConflict",
                "cannot delete the default version of a policy",
            )),
            Some(_) => {
                record.versions.retain(|v| v.version_id != version_id);
                Ok(())
            }
        }
    }

    async fn generate_service_last_accessed_details(
        &self,
        arn: &Arn,
        granularity: crate::client::AccessGranularity,
    ) -> Result<String> {
        self.mem_generate_last_accessed(arn, granularity)
    }

    async fn get_service_last_accessed_details(
        &self,
        job_id: &str,
    ) -> Result<crate::client::ServiceLastAccessedReport> {
        self.mem_get_last_accessed(job_id)
    }
}
