//! The account password policy, planned read-merge-write.
//!
//! `UpdateAccountPasswordPolicy` resets every field it is not given to AWS's default, so a
//! naive "set minimum length 14" would silently drop the account's reuse prevention. The
//! plan reads the current policy, overlays only the fields the spec names, and writes the
//! complete result; fields the spec leaves unset keep their current values.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::aws::Aws;
use crate::client::PasswordPolicySettings;
use crate::error::{Result, ValidationError, ValidationReason};
use crate::plan::{Change, Plan};

use super::RootChange;

/// Password expiry: how many days a password stays valid, or never expiring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordExpiry {
    /// Passwords never expire.
    Never,
    /// Passwords expire after this many days (1 to 1,095).
    Days(u16),
}

/// The password policy a spec asks for. `None` fields are left as the account has them.
///
/// ```
/// use iam_bootstrap::PasswordPolicy;
///
/// let cis = PasswordPolicy::cis();
/// assert_eq!(cis.minimum_password_length(), Some(14));
/// let custom = PasswordPolicy::builder().minimum_password_length(16).require_symbols(true).build()?;
/// assert_eq!(custom.require_numbers(), None); // left as the account has it
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PasswordPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    minimum_password_length: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    require_symbols: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    require_numbers: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    require_uppercase_characters: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    require_lowercase_characters: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allow_users_to_change_password: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_password_age: Option<PasswordExpiry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password_reuse_prevention: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hard_expiry: Option<bool>,
}

impl PasswordPolicy {
    /// A builder with every field unset.
    pub fn builder() -> PasswordPolicyBuilder {
        PasswordPolicyBuilder::default()
    }

    /// The CIS AWS Foundations Benchmark policy (controls 1.8 and 1.9): at least 14
    /// characters, 24 remembered passwords, upper- and lowercase letters, numbers and symbols.
    /// Expiry is left as the account has it (CIS v1.4+ no longer asks for it; see
    /// [`PasswordPolicyBuilder::cis`] to add 90 days).
    pub fn cis() -> Self {
        Self {
            minimum_password_length: Some(14),
            require_symbols: Some(true),
            require_numbers: Some(true),
            require_uppercase_characters: Some(true),
            require_lowercase_characters: Some(true),
            password_reuse_prevention: Some(24),
            ..Self::default()
        }
    }

    /// Checks every field's range.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let range = |field: &str, value: Option<u16>, min: i64, max: i64| match value {
            Some(v) if !(min..=max).contains(&i64::from(v)) => Err(ValidationError::new(
                format!("password_policy.{field}"),
                ValidationReason::Range {
                    min,
                    max,
                    actual: i64::from(v),
                },
            )),
            _ => Ok(()),
        };
        range("minimum_password_length", self.minimum_password_length, 6, 128)?;
        range("password_reuse_prevention", self.password_reuse_prevention, 1, 24)?;
        if let Some(PasswordExpiry::Days(days)) = self.max_password_age {
            range("max_password_age", Some(days), 1, 1095)?;
        }
        Ok(())
    }

    /// Minimum length, if set.
    pub fn minimum_password_length(&self) -> Option<u16> {
        self.minimum_password_length
    }
    /// Whether symbols are required, if set.
    pub fn require_symbols(&self) -> Option<bool> {
        self.require_symbols
    }
    /// Whether numbers are required, if set.
    pub fn require_numbers(&self) -> Option<bool> {
        self.require_numbers
    }
    /// Whether uppercase letters are required, if set.
    pub fn require_uppercase_characters(&self) -> Option<bool> {
        self.require_uppercase_characters
    }
    /// Whether lowercase letters are required, if set.
    pub fn require_lowercase_characters(&self) -> Option<bool> {
        self.require_lowercase_characters
    }
    /// Whether users may change their own password, if set.
    pub fn allow_users_to_change_password(&self) -> Option<bool> {
        self.allow_users_to_change_password
    }
    /// Password expiry, if set.
    pub fn max_password_age(&self) -> Option<PasswordExpiry> {
        self.max_password_age
    }
    /// Remembered passwords, if set.
    pub fn password_reuse_prevention(&self) -> Option<u16> {
        self.password_reuse_prevention
    }
    /// Hard expiry, if set.
    pub fn hard_expiry(&self) -> Option<bool> {
        self.hard_expiry
    }

    /// `current` with the fields this spec sets overlaid.
    pub fn merged_onto(&self, current: &PasswordPolicySettings) -> PasswordPolicySettings {
        PasswordPolicySettings {
            minimum_password_length: self
                .minimum_password_length
                .unwrap_or(current.minimum_password_length),
            require_symbols: self.require_symbols.unwrap_or(current.require_symbols),
            require_numbers: self.require_numbers.unwrap_or(current.require_numbers),
            require_uppercase_characters: self
                .require_uppercase_characters
                .unwrap_or(current.require_uppercase_characters),
            require_lowercase_characters: self
                .require_lowercase_characters
                .unwrap_or(current.require_lowercase_characters),
            allow_users_to_change_password: self
                .allow_users_to_change_password
                .unwrap_or(current.allow_users_to_change_password),
            max_password_age: match self.max_password_age {
                None => current.max_password_age,
                Some(PasswordExpiry::Never) => None,
                Some(PasswordExpiry::Days(days)) => Some(days),
            },
            password_reuse_prevention: self
                .password_reuse_prevention
                .or(current.password_reuse_prevention),
            hard_expiry: self.hard_expiry.unwrap_or(current.hard_expiry),
        }
    }

    /// Reads the account's policy and plans the write that makes it match (none if it does).
    ///
    /// # Errors
    /// [`Error::Validation`](crate::Error::Validation) before any call if a field is out of
    /// range; backend errors from `GetAccountPasswordPolicy`.
    pub async fn plan(&self, aws: &Aws) -> Result<Plan> {
        self.validate()?;
        let current = aws.iam().get_password_policy().await?;
        let mut plan = Plan::default();
        // The read above is what a saved copy of the plan checks again (no second read).
        plan.observed.push(crate::plan::Observation {
            resource: crate::protocol::Lane::PasswordPolicy.to_string(),
            fingerprint: crate::observe::fingerprint(&current),
        });
        plan.changes.extend(self.change_from(current).map(Change::Root));
        crate::observe::keep_written(&mut plan);
        Ok(plan)
    }

    /// The write that makes `current` (as read) match this spec, if one is needed.
    pub(crate) fn change_from(&self, current: Option<PasswordPolicySettings>) -> Option<RootChange> {
        let desired = self.merged_onto(&current.clone().unwrap_or_default());
        (current.as_ref() != Some(&desired)).then_some(RootChange::UpdatePasswordPolicy {
            before: current,
            after: desired,
        })
    }
}

/// Builds a [`PasswordPolicy`]; fields not set are left as the account has them.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct PasswordPolicyBuilder {
    policy: PasswordPolicy,
}

impl PasswordPolicyBuilder {
    /// Starts from [`PasswordPolicy::cis`], to adjust (e.g. add a 90-day expiry).
    pub fn cis() -> Self {
        Self {
            policy: PasswordPolicy::cis(),
        }
    }

    /// Minimum length (6 to 128).
    pub fn minimum_password_length(mut self, length: u16) -> Self {
        self.policy.minimum_password_length = Some(length);
        self
    }
    /// Require at least one symbol.
    pub fn require_symbols(mut self, require: bool) -> Self {
        self.policy.require_symbols = Some(require);
        self
    }
    /// Require at least one number.
    pub fn require_numbers(mut self, require: bool) -> Self {
        self.policy.require_numbers = Some(require);
        self
    }
    /// Require at least one uppercase letter.
    pub fn require_uppercase_characters(mut self, require: bool) -> Self {
        self.policy.require_uppercase_characters = Some(require);
        self
    }
    /// Require at least one lowercase letter.
    pub fn require_lowercase_characters(mut self, require: bool) -> Self {
        self.policy.require_lowercase_characters = Some(require);
        self
    }
    /// Let IAM users change their own password.
    pub fn allow_users_to_change_password(mut self, allow: bool) -> Self {
        self.policy.allow_users_to_change_password = Some(allow);
        self
    }
    /// Passwords expire after `days` (1 to 1,095).
    pub fn max_password_age_days(mut self, days: u16) -> Self {
        self.policy.max_password_age = Some(PasswordExpiry::Days(days));
        self
    }
    /// Passwords never expire.
    pub fn passwords_never_expire(mut self) -> Self {
        self.policy.max_password_age = Some(PasswordExpiry::Never);
        self
    }
    /// Remember this many previous passwords (1 to 24).
    pub fn password_reuse_prevention(mut self, count: u16) -> Self {
        self.policy.password_reuse_prevention = Some(count);
        self
    }
    /// Require an administrator to reset expired passwords.
    pub fn hard_expiry(mut self, hard: bool) -> Self {
        self.policy.hard_expiry = Some(hard);
        self
    }

    /// Checks the ranges and returns the policy.
    ///
    /// # Errors
    /// [`ValidationError`] naming the out-of-range field.
    pub fn build(self) -> Result<PasswordPolicy, ValidationError> {
        self.policy.validate()?;
        Ok(self.policy)
    }
}

/// Describes the fields that differ between two policies (`a 8 → 14, b false → true`).
pub(crate) struct PolicyDelta<'a>(
    pub(crate) Option<&'a PasswordPolicySettings>,
    pub(crate) &'a PasswordPolicySettings,
);

impl fmt::Display for PolicyDelta<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let before = self.0.cloned().unwrap_or_default();
        let after = self.1;
        let age = |v: Option<u16>| v.map_or("never".to_owned(), |d| format!("{d} days"));
        let reuse = |v: Option<u16>| v.map_or("off".to_owned(), |n| n.to_string());
        let rows: [(&str, String, String); 9] = [
            (
                "minimum length",
                before.minimum_password_length.to_string(),
                after.minimum_password_length.to_string(),
            ),
            (
                "symbols",
                before.require_symbols.to_string(),
                after.require_symbols.to_string(),
            ),
            (
                "numbers",
                before.require_numbers.to_string(),
                after.require_numbers.to_string(),
            ),
            (
                "uppercase",
                before.require_uppercase_characters.to_string(),
                after.require_uppercase_characters.to_string(),
            ),
            (
                "lowercase",
                before.require_lowercase_characters.to_string(),
                after.require_lowercase_characters.to_string(),
            ),
            (
                "users may change",
                before.allow_users_to_change_password.to_string(),
                after.allow_users_to_change_password.to_string(),
            ),
            (
                "expiry",
                age(before.max_password_age),
                age(after.max_password_age),
            ),
            (
                "reuse prevention",
                reuse(before.password_reuse_prevention),
                reuse(after.password_reuse_prevention),
            ),
            (
                "hard expiry",
                before.hard_expiry.to_string(),
                after.hard_expiry.to_string(),
            ),
        ];
        let changed: Vec<String> = rows
            .iter()
            .filter(|(_, b, a)| b != a)
            .map(|(name, b, a)| format!("{name} {b} → {a}"))
            .collect();
        if changed.is_empty() {
            f.write_str("create with AWS defaults")
        } else {
            f.write_str(&changed.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_unset_fields() {
        let current = PasswordPolicySettings {
            minimum_password_length: 10,
            password_reuse_prevention: Some(5),
            max_password_age: Some(30),
            allow_users_to_change_password: true,
            ..PasswordPolicySettings::default()
        };
        let merged = PasswordPolicy::builder()
            .minimum_password_length(14)
            .build()
            .unwrap()
            .merged_onto(&current);
        assert_eq!(merged.minimum_password_length, 14);
        assert_eq!(merged.password_reuse_prevention, Some(5));
        assert_eq!(merged.max_password_age, Some(30));
        assert!(merged.allow_users_to_change_password);
        let never = PasswordPolicy::builder()
            .passwords_never_expire()
            .build()
            .unwrap()
            .merged_onto(&current);
        assert_eq!(never.max_password_age, None);
    }

    #[test]
    fn ranges_are_checked_with_the_field_named() {
        let err = PasswordPolicy::builder()
            .minimum_password_length(5)
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "password_policy.minimum_password_length");
        assert_eq!(
            err.reason(),
            &ValidationReason::Range {
                min: 6,
                max: 128,
                actual: 5
            }
        );
        assert!(
            PasswordPolicy::builder()
                .minimum_password_length(129)
                .build()
                .is_err()
        );
        assert!(
            PasswordPolicy::builder()
                .max_password_age_days(0)
                .build()
                .is_err()
        );
        assert!(
            PasswordPolicy::builder()
                .max_password_age_days(1096)
                .build()
                .is_err()
        );
        assert!(
            PasswordPolicy::builder()
                .password_reuse_prevention(25)
                .build()
                .is_err()
        );
        assert!(
            PasswordPolicyBuilder::cis()
                .max_password_age_days(90)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn delta_names_changed_fields_only() {
        let after = PasswordPolicy::cis().merged_onto(&PasswordPolicySettings::default());
        let text = PolicyDelta(None, &after).to_string();
        assert!(text.contains("minimum length 8 → 14"), "{text}");
        assert!(text.contains("reuse prevention off → 24"), "{text}");
        assert!(!text.contains("expiry never"), "{text}");
    }

    #[test]
    fn deserializes_from_spec_files_and_rejects_unknown_fields() {
        let policy: PasswordPolicy =
            serde_json::from_str(r#"{"minimum_password_length": 14, "max_password_age": {"days": 90}}"#)
                .unwrap();
        assert_eq!(policy.max_password_age(), Some(PasswordExpiry::Days(90)));
        assert!(serde_json::from_str::<PasswordPolicy>(r#"{"min_length": 14}"#).is_err());
    }
}
