//! Domain types that go in and out of [`IamApi`](super::IamApi).
//!
//! They hold what the library needs and nothing SDK-specific; policy documents travel as
//! JSON text, already URL-decoded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::names::{AccountId, Arn, IamPath, PolicyName, RoleName, UserName};
use crate::secret::Secret;

/// Resource tags, sorted by key.
pub type Tags = BTreeMap<String, String>;

/// The key-value pairs `GetAccountSummary` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountSummary {
    /// Every entry, by the name AWS uses (`AccountMFAEnabled`, `Users`, ...).
    pub values: BTreeMap<String, i64>,
}

impl AccountSummary {
    /// One entry, if present.
    pub fn get(&self, key: &str) -> Option<i64> {
        self.values.get(key).copied()
    }

    /// `AccountMFAEnabled`: whether the root user has an MFA device.
    pub fn account_mfa_enabled(&self) -> Option<bool> {
        self.get("AccountMFAEnabled").map(|v| v != 0)
    }

    /// `AccountAccessKeysPresent`: whether the root user has access keys.
    pub fn account_access_keys_present(&self) -> Option<bool> {
        self.get("AccountAccessKeysPresent").map(|v| v != 0)
    }

    /// `AccountSigningCertificatesPresent`: whether the root user has signing certificates.
    pub fn account_signing_certificates_present(&self) -> Option<bool> {
        self.get("AccountSigningCertificatesPresent").map(|v| v != 0)
    }

    /// `AttachedPoliciesPerRoleQuota`: managed policies a role may have attached.
    pub fn attached_policies_per_role_quota(&self) -> Option<i64> {
        self.get("AttachedPoliciesPerRoleQuota")
    }
}

/// The account password policy as the account has it: every field has a value.
///
/// AWS's defaults (what an account without a policy enforces) are [`Default::default`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PasswordPolicySettings {
    /// Minimum password length (6 to 128).
    pub minimum_password_length: u16,
    /// At least one non-alphanumeric character.
    pub require_symbols: bool,
    /// At least one digit.
    pub require_numbers: bool,
    /// At least one uppercase letter.
    pub require_uppercase_characters: bool,
    /// At least one lowercase letter.
    pub require_lowercase_characters: bool,
    /// Whether IAM users may change their own password.
    pub allow_users_to_change_password: bool,
    /// Days a password stays valid (1 to 1,095); `None`: passwords never expire.
    pub max_password_age: Option<u16>,
    /// How many previous passwords cannot be reused (1 to 24); `None`: no restriction.
    pub password_reuse_prevention: Option<u16>,
    /// Whether users with expired passwords need an administrator to reset them.
    pub hard_expiry: bool,
}

impl Default for PasswordPolicySettings {
    /// What AWS enforces when the account has no password policy.
    fn default() -> Self {
        Self {
            minimum_password_length: 8,
            require_symbols: false,
            require_numbers: false,
            require_uppercase_characters: false,
            require_lowercase_characters: false,
            allow_users_to_change_password: false,
            max_password_age: None,
            password_reuse_prevention: None,
            hard_expiry: false,
        }
    }
}

/// Who is calling (`sts:GetCallerIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CallerIdentity {
    /// The account the caller belongs to.
    pub account: String,
    /// The caller's ARN (`arn:aws:iam::123456789012:root` for the root user).
    pub arn: String,
    /// The caller's unique ID.
    pub user_id: String,
}

impl CallerIdentity {
    /// A caller signed in with an IAM role of `account` (what a mock's
    /// `caller_identity` usually returns).
    ///
    /// ```
    /// use iam_bootstrap::client::CallerIdentity;
    /// use iam_bootstrap::names::AccountId;
    ///
    /// let caller = CallerIdentity::role_in(&AccountId::new("123456789012")?, "ci");
    /// assert_eq!(caller.arn, "arn:aws:sts::123456789012:assumed-role/ci/session");
    /// assert!(!caller.is_root());
    /// # Ok::<_, iam_bootstrap::ValidationError>(())
    /// ```
    pub fn role_in(account: &AccountId, role: &str) -> Self {
        Self {
            account: account.to_string(),
            arn: format!("arn:aws:sts::{account}:assumed-role/{role}/session"),
            user_id: format!("AROAEXAMPLE:{role}"),
        }
    }

    /// The root user of `account`.
    pub fn root_of(account: &AccountId) -> Self {
        Self {
            account: account.to_string(),
            arn: format!("arn:aws:iam::{account}:root"),
            user_id: account.to_string(),
        }
    }

    /// Whether the caller is the account's root user.
    pub fn is_root(&self) -> bool {
        self.arn.ends_with(":root") && self.arn.contains(":iam::")
    }
}

/// A generated credential report, as CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawCredentialReport {
    /// The CSV content.
    pub content: Vec<u8>,
    /// When it was generated (ISO-8601), if the service said.
    pub generated_at: Option<String>,
}

/// Whose credentials (access keys, MFA devices) a call is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialOwner {
    /// The caller: the root user when signed in as root (the API omits `UserName`).
    Caller,
    /// A named IAM user.
    User(UserName),
}

impl CredentialOwner {
    /// The user name to send, `None` for the caller.
    pub fn user_name(&self) -> Option<&UserName> {
        match self {
            CredentialOwner::Caller => None,
            CredentialOwner::User(name) => Some(name),
        }
    }
}

/// Whether an access key can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccessKeyStatus {
    /// The key works.
    Active,
    /// The key is kept but refused.
    Inactive,
}

/// An access key's metadata (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessKey {
    /// The access key ID (`AKIA...`), which is not a secret.
    pub id: String,
    /// Active or inactive.
    pub status: AccessKeyStatus,
    /// When it was created (ISO-8601).
    pub created_at: Option<String>,
}

/// An MFA device attached to a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MfaDevice {
    /// The serial number (the ARN, for virtual devices).
    pub serial_number: String,
    /// When it was enabled (ISO-8601).
    pub enabled_at: Option<String>,
}

/// A virtual MFA device in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VirtualMfaDevice {
    /// Its serial number (ARN).
    pub serial_number: String,
    /// The ARN of the user it is assigned to, if any (`...:root` for the root user).
    pub user_arn: Option<String>,
}

/// A virtual MFA device just created, with its secrets.
///
/// The seed and the QR code are shown once by AWS and never again; they are [`Secret`]s,
/// so they never appear in `Debug` output, logs or JSON.
#[derive(Debug)]
#[non_exhaustive]
pub struct NewVirtualMfaDevice {
    /// Its serial number (ARN).
    pub serial_number: String,
    /// The base32 TOTP seed.
    pub base32_seed: Secret,
    /// The QR code PNG that encodes the seed.
    pub qr_code_png: Secret,
}

/// An IAM user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// Its name.
    pub name: UserName,
    /// Its path.
    pub path: IamPath,
    /// Its ARN.
    pub arn: String,
    /// Its tags.
    pub tags: Tags,
}

/// What [`IamApi::create_role`](super::IamApi::create_role) needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewRole {
    /// The role name.
    pub name: RoleName,
    /// The role path.
    pub path: IamPath,
    /// The description, if any.
    pub description: Option<String>,
    /// Maximum session duration in seconds (3,600 to 43,200).
    pub max_session_duration: u32,
    /// The trust policy, as JSON.
    pub assume_role_policy: String,
    /// The permissions boundary, if any.
    pub permissions_boundary: Option<Arn>,
    /// Tags to create the role with.
    pub tags: Tags,
}

/// An IAM role as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Role {
    /// The role name.
    pub name: RoleName,
    /// The role path.
    pub path: IamPath,
    /// Its ARN.
    pub arn: String,
    /// The description, if any.
    pub description: Option<String>,
    /// Maximum session duration in seconds.
    pub max_session_duration: u32,
    /// The trust policy, as JSON (URL-decoded).
    pub assume_role_policy: String,
    /// The permissions boundary, if any.
    pub permissions_boundary: Option<Arn>,
    /// Its tags.
    pub tags: Tags,
}

impl Role {
    /// The role that `CreateRole` returns for `new` in `account` (ARN from the path and
    /// name, empty descriptions dropped as IAM does): what a mock's `create_role` returns.
    ///
    /// ```
    /// use iam_bootstrap::client::{NewRole, Role};
    /// use iam_bootstrap::names::{AccountId, IamPath, RoleName};
    ///
    /// let mut new = NewRole::new(RoleName::new("ci")?, "{}");
    /// new.path = IamPath::new("/deploy/")?;
    /// let role = Role::created(&new, &AccountId::new("123456789012")?);
    /// assert_eq!(role.arn, "arn:aws:iam::123456789012:role/deploy/ci");
    /// # Ok::<_, iam_bootstrap::ValidationError>(())
    /// ```
    pub fn created(new: &NewRole, account: &AccountId) -> Self {
        Self {
            name: new.name.clone(),
            path: new.path.clone(),
            arn: format!("arn:aws:iam::{account}:role{}{}", new.path, new.name),
            description: new.description.clone().filter(|d| !d.is_empty()),
            max_session_duration: new.max_session_duration,
            assume_role_policy: new.assume_role_policy.clone(),
            permissions_boundary: new.permissions_boundary.clone(),
            tags: new.tags.clone(),
        }
    }
}

/// A managed policy attached to a role.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AttachedPolicy {
    /// The policy name.
    pub name: String,
    /// The policy ARN.
    pub arn: Arn,
}

/// What [`IamApi::create_policy`](super::IamApi::create_policy) needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewPolicy {
    /// The policy name.
    pub name: PolicyName,
    /// The policy path.
    pub path: IamPath,
    /// The description, if any.
    pub description: Option<String>,
    /// The policy document, as JSON.
    pub document: String,
    /// Tags to create it with.
    pub tags: Tags,
}

/// A customer or AWS managed policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ManagedPolicy {
    /// Its ARN.
    pub arn: Arn,
    /// Its name.
    pub name: String,
    /// Its path.
    pub path: String,
    /// The ID of the default version (`v1`, ...).
    pub default_version_id: String,
    /// Its tags.
    pub tags: Tags,
}

/// A version of a managed policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PolicyVersion {
    /// The version ID (`v1`, ...).
    pub version_id: String,
    /// Whether it is the default (effective) version.
    pub is_default: bool,
    /// When it was created (ISO-8601), used to find the oldest.
    pub created_at: Option<String>,
    /// The document, as JSON; only filled by `GetPolicyVersion`.
    pub document: Option<String>,
}

// Constructors: the types are `#[non_exhaustive]` (a field can be added without breaking
// anyone), so code outside the crate (a mock's answers, a direct call's request) builds them
// here and sets any other public field afterwards.

impl AccountSummary {
    /// A summary with these entries (`("AccountMFAEnabled", 1)`, ...).
    pub fn new<K: Into<String>>(values: impl IntoIterator<Item = (K, i64)>) -> Self {
        Self {
            values: values.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        }
    }
}

impl CallerIdentity {
    /// A caller of `account` with this ARN and unique ID (see also [`CallerIdentity::role_in`]
    /// and [`CallerIdentity::root_of`]).
    pub fn new(account: impl Into<String>, arn: impl Into<String>, user_id: impl Into<String>) -> Self {
        Self {
            account: account.into(),
            arn: arn.into(),
            user_id: user_id.into(),
        }
    }
}

impl RawCredentialReport {
    /// A report with this CSV content and no generation time.
    pub fn new(content: impl Into<Vec<u8>>) -> Self {
        Self {
            content: content.into(),
            generated_at: None,
        }
    }
}

impl AccessKey {
    /// An access key's metadata, with no creation time.
    pub fn new(id: impl Into<String>, status: AccessKeyStatus) -> Self {
        Self {
            id: id.into(),
            status,
            created_at: None,
        }
    }
}

impl MfaDevice {
    /// An MFA device, with no enabling time.
    pub fn new(serial_number: impl Into<String>) -> Self {
        Self {
            serial_number: serial_number.into(),
            enabled_at: None,
        }
    }
}

impl VirtualMfaDevice {
    /// A virtual MFA device assigned to no one.
    pub fn new(serial_number: impl Into<String>) -> Self {
        Self {
            serial_number: serial_number.into(),
            user_arn: None,
        }
    }
}

impl NewVirtualMfaDevice {
    /// A device just created, with its seed and QR code.
    pub fn new(serial_number: impl Into<String>, base32_seed: Secret, qr_code_png: Secret) -> Self {
        Self {
            serial_number: serial_number.into(),
            base32_seed,
            qr_code_png,
        }
    }
}

impl User {
    /// A user with no tags.
    pub fn new(name: UserName, path: IamPath, arn: impl Into<String>) -> Self {
        Self {
            name,
            path,
            arn: arn.into(),
            tags: Tags::new(),
        }
    }
}

impl NewRole {
    /// A role at the root path with this trust policy: no description, one-hour sessions,
    /// no boundary, no tags.
    pub fn new(name: RoleName, assume_role_policy: impl Into<String>) -> Self {
        Self {
            name,
            path: IamPath::root(),
            description: None,
            max_session_duration: 3600,
            assume_role_policy: assume_role_policy.into(),
            permissions_boundary: None,
            tags: Tags::new(),
        }
    }
}

impl AttachedPolicy {
    /// An attached managed policy.
    pub fn new(name: impl Into<String>, arn: Arn) -> Self {
        Self {
            name: name.into(),
            arn,
        }
    }
}

impl NewPolicy {
    /// A policy at the root path with this document, no description and no tags.
    pub fn new(name: PolicyName, document: impl Into<String>) -> Self {
        Self {
            name,
            path: IamPath::root(),
            description: None,
            document: document.into(),
            tags: Tags::new(),
        }
    }
}

impl ManagedPolicy {
    /// A managed policy at the root path (`/`), with no tags.
    pub fn new(arn: Arn, name: impl Into<String>, default_version_id: impl Into<String>) -> Self {
        Self {
            arn,
            name: name.into(),
            path: "/".to_owned(),
            default_version_id: default_version_id.into(),
            tags: Tags::new(),
        }
    }
}

impl PolicyVersion {
    /// A version without creation time or document (as `ListPolicyVersions` answers).
    pub fn new(version_id: impl Into<String>, is_default: bool) -> Self {
        Self {
            version_id: version_id.into(),
            is_default,
            created_at: None,
            document: None,
        }
    }
}
