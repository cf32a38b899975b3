//! Validated names and identifiers.
//!
//! Each newtype checks AWS's rules once, in `FromStr`/`TryFrom`, so a value that exists is
//! valid and no API call is made with a name AWS would reject. The rules are IAM's
//! (`[\w+=,.@-]`, lengths per resource type), Identity Center's (permission-set names) and
//! the account's (12-digit IDs, alias DNS rules).

use std::fmt;
use std::str::FromStr;

use crate::error::{ValidationError, ValidationReason};

/// The characters IAM allows in user, role, group and policy names: `[\w+=,.@-]`.
const IAM_NAME_CHARS: &str = "letters, digits and + = , . @ _ -";

fn is_iam_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '=' | ',' | '.' | '@' | '_' | '-')
}

/// Checks a resource tag as IAM and sso-admin do: a key of 1-128 and a value of 0-256
/// characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`, and no `aws:` prefix (in any case) on the
/// key, which AWS reserves. Without this, a spec with a tag AWS rejects would fail only at
/// apply time, after the writes before it were made.
pub(crate) fn check_tag(field: &str, key: &str, value: &str) -> Result<(), ValidationError> {
    const TAG_CHARS: &str = "letters, digits, spaces and _ . : / = + - @";
    fn tag_char(c: char) -> bool {
        c.is_alphanumeric()
            || (c.is_whitespace() && !c.is_control())
            || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
    }
    check_chars(field, key, 1, 128, tag_char, TAG_CHARS)?;
    check_chars(field, value, 0, 256, tag_char, TAG_CHARS)?;
    if key
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
    {
        return Err(ValidationError::new(
            field,
            ValidationReason::NotAllowed(format!("the tag key `{key}` is reserved: aws: is for AWS")),
        ));
    }
    Ok(())
}

/// Whether `partition` is an AWS partition (`aws`, `aws-cn`, ...), as ARNs name them.
fn is_partition(partition: &str) -> bool {
    matches!(
        partition,
        "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b" | "aws-iso-e" | "aws-iso-f" | "aws-eusc"
    )
}

/// A value that does not have the form `expected` describes.
fn format_error(field: &str, expected: &str, value: &str) -> ValidationError {
    ValidationError::new(
        field,
        ValidationReason::Format {
            expected: expected.into(),
            actual: value.into(),
        },
    )
}

/// Checks `value` against a length range (in characters) and a character class.
fn check_chars(
    field: &str,
    value: &str,
    min: usize,
    max: usize,
    allowed: fn(char) -> bool,
    allowed_words: &'static str,
) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    if actual < min || actual > max {
        return Err(ValidationError::new(
            field,
            ValidationReason::Length { min, max, actual },
        ));
    }
    if let Some((position, character)) = value.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        return Err(ValidationError::new(
            field,
            ValidationReason::Character {
                character,
                position,
                allowed: allowed_words,
            },
        ));
    }
    Ok(())
}

/// Declares a string newtype validated by `$check`, with the usual conversions.
macro_rules! validated_name {
    ($(#[$meta:meta])* $name:ident, $field:literal, $check:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates `value`.
            ///
            /// # Errors
            /// [`ValidationError`] naming the field and the rule the value breaks.
            pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
                let value = value.into();
                let check: fn(&str, &str) -> Result<(), ValidationError> = $check;
                check($field, &value)?;
                Ok(Self(value))
            }

            /// The name as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A literal the crate knows to be valid (checked in debug builds and tests).
            #[allow(dead_code)]
            pub(crate) fn known(value: &'static str) -> Self {
                debug_assert!(Self::new(value).is_ok(), "invalid constant {value:?}");
                Self(value.to_owned())
            }

            /// A value the crate built to match the rule (generated IDs; checked in debug
            /// builds and tests).
            #[allow(dead_code)]
            pub(crate) fn generated(value: String) -> Self {
                debug_assert!(Self::new(value.as_str()).is_ok(), "invalid generated value {value:?}");
                Self(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ValidationError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl From<&$name> for String {
            fn from(value: &$name) -> Self {
                value.0.clone()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(s).map_err(crate::spec::capture::de_value_error)
            }
        }
    };
}

validated_name!(
    /// An IAM user name: 1–64 characters of `[\w+=,.@-]`.
    UserName, "user name", |f, v| check_chars(f, v, 1, 64, is_iam_name_char, IAM_NAME_CHARS)
);
validated_name!(
    /// An IAM role name: 1–64 characters of `[\w+=,.@-]`.
    RoleName, "role name", |f, v| check_chars(f, v, 1, 64, is_iam_name_char, IAM_NAME_CHARS)
);
validated_name!(
    /// An IAM group name: 1–128 characters of `[\w+=,.@-]`.
    GroupName, "group name", |f, v| check_chars(f, v, 1, 128, is_iam_name_char, IAM_NAME_CHARS)
);
validated_name!(
    /// A managed or inline policy name: 1–128 characters of `[\w+=,.@-]`.
    PolicyName, "policy name", |f, v| check_chars(f, v, 1, 128, is_iam_name_char, IAM_NAME_CHARS)
);
validated_name!(
    /// An Identity Center permission-set name: 1–32 characters of `[\w+=,.@-]`.
    PermissionSetName, "permission set name", |f, v| check_chars(f, v, 1, 32, is_iam_name_char, IAM_NAME_CHARS)
);
validated_name!(
    /// An IAM path: `/` alone, or `/` + segments + `/`, at most 512 characters of printable ASCII.
    IamPath, "path", check_path
);
validated_name!(
    /// A 12-digit AWS account ID.
    AccountId, "account id", check_account_id
);
validated_name!(
    /// An account alias: 3–63 characters of lowercase letters, digits and hyphens, not
    /// starting or ending with a hyphen, no `--`, and not 12 digits (it would look like an ID).
    AccountAlias, "account alias", check_alias
);
validated_name!(
    /// An email address as Identity Center stores it (`local@domain.tld`, at most 128 characters).
    Email, "email", check_email
);
validated_name!(
    /// An identity-store user name (Identity Center): 1–128 printable characters, no spaces,
    /// and not `Administrator` or `AWSAdministrators` (reserved).
    DirectoryUserName, "user name", check_directory_user_name
);
validated_name!(
    /// An identity-store group display name: 1–1,024 printable characters.
    DirectoryGroupName, "group name", |f, v| check_chars(f, v, 1, 1024, |c| !c.is_control(), "printable characters")
);

// After the macro, so the child modules can use it.
mod identity_center;
mod organization;
mod stackset;

pub use identity_center::{
    DirectoryGroupId, DirectoryPrincipal, DirectoryUserId, IdentityStoreId, InstanceArn, PermissionSetArn,
    PrincipalId,
};
pub use organization::{
    AccountEmail, AccountName, CreateAccountRequestId, OrganizationId, OuId, OuName, RootId,
};
pub use stackset::{Region, StackSetName, StackSetOperationId};

fn check_path(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(
        field,
        value,
        1,
        512,
        |c| ('!'..='~').contains(&c),
        "printable ASCII without spaces",
    )?;
    if !value.starts_with('/') || !value.ends_with('/') || value.contains("//") {
        return Err(ValidationError::new(
            field,
            ValidationReason::Format {
                expected: "`/` or `/segment/.../` (starting and ending with `/`, no empty segment)".into(),
                actual: value.into(),
            },
        ));
    }
    Ok(())
}

fn check_account_id(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.len() != 12 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::new(
            field,
            ValidationReason::Format {
                expected: "12 digits".into(),
                actual: value.into(),
            },
        ));
    }
    Ok(())
}

fn check_alias(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(
        field,
        value,
        3,
        63,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
        "lowercase letters, digits and -",
    )?;
    let bad = |expected: &str| {
        Err(ValidationError::new(
            field,
            ValidationReason::Format {
                expected: expected.into(),
                actual: value.into(),
            },
        ))
    };
    if value.starts_with('-') || value.ends_with('-') {
        return bad("an alias that starts and ends with a letter or digit");
    }
    if value.contains("--") {
        return bad("an alias without consecutive hyphens");
    }
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return bad("an alias that is not 12 digits (those are account IDs)");
    }
    Ok(())
}

fn check_email(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(
        field,
        value,
        3,
        128,
        |c| c.is_ascii_graphic(),
        "printable ASCII without spaces",
    )?;
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        }
        None => false,
    };
    if !valid {
        return Err(ValidationError::new(
            field,
            ValidationReason::Format {
                expected: "an address of the form name@example.com".into(),
                actual: value.into(),
            },
        ));
    }
    Ok(())
}

fn check_directory_user_name(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(
        field,
        value,
        1,
        128,
        |c| !c.is_control() && !c.is_whitespace(),
        "printable characters without spaces",
    )?;
    // Identity Center reserves these two names for its own use.
    if value.eq_ignore_ascii_case("Administrator") || value.eq_ignore_ascii_case("AWSAdministrators") {
        return Err(ValidationError::new(
            field,
            ValidationReason::NotAllowed(format!("`{value}` is reserved by IAM Identity Center")),
        ));
    }
    Ok(())
}

impl IamPath {
    /// The root path `/`.
    pub fn root() -> Self {
        Self("/".to_owned())
    }
}

impl Default for IamPath {
    fn default() -> Self {
        Self::root()
    }
}

/// An Amazon Resource Name: `arn:partition:service:region:account:resource`.
///
/// Only the shape is checked (six colon-separated parts, a known partition, a service and
/// a resource); what each service puts in its resource part is its own business.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Arn(String);

impl Arn {
    /// Parses and checks an ARN.
    ///
    /// # Errors
    /// [`ValidationError`] if it does not have the ARN shape.
    pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
        let value = value.into();
        let parts: Vec<&str> = value.splitn(6, ':').collect();
        let well_formed = match parts.as_slice() {
            ["arn", partition, service, _region, _account, resource] => {
                is_partition(partition) && !service.is_empty() && !resource.is_empty()
            }
            _ => false,
        };
        if !well_formed || value.chars().any(char::is_whitespace) || value.len() > 2048 {
            return Err(ValidationError::new(
                "arn",
                ValidationReason::Format {
                    expected: "arn:partition:service:region:account-id:resource".into(),
                    actual: value,
                },
            ));
        }
        Ok(Self(value))
    }

    /// The ARN of an AWS managed policy (`arn:aws:iam::aws:policy{path}{name}`).
    pub fn aws_managed_policy(path: &IamPath, name: &PolicyName) -> Self {
        Self(format!("arn:aws:iam::aws:policy{path}{name}"))
    }

    /// The ARN of a customer managed policy in `account`.
    pub fn customer_policy(account: &AccountId, path: &IamPath, name: &PolicyName) -> Self {
        Self(format!("arn:aws:iam::{account}:policy{path}{name}"))
    }

    /// The ARN as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn part(&self, index: usize) -> &str {
        self.0.split(':').nth(index).unwrap_or_default()
    }

    /// The partition (`aws`, `aws-cn`, ...).
    pub fn partition(&self) -> &str {
        self.part(1)
    }

    /// The service (`iam`, `s3`, ...).
    pub fn service(&self) -> &str {
        self.part(2)
    }

    /// The region, empty for global services.
    pub fn region(&self) -> &str {
        self.part(3)
    }

    /// The account ID (`aws` for AWS managed policies), possibly empty.
    pub fn account(&self) -> &str {
        self.part(4)
    }

    /// The resource part, everything after the fifth colon.
    pub fn resource(&self) -> &str {
        self.0.splitn(6, ':').nth(5).unwrap_or_default()
    }

    /// For an IAM resource ARN like `...:policy/path/Name`, the last path segment (`Name`).
    pub fn resource_name(&self) -> &str {
        let resource = self.resource();
        resource.rsplit('/').next().unwrap_or(resource)
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl FromStr for Arn {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<&str> for Arn {
    type Error = ValidationError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl TryFrom<String> for Arn {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl AsRef<str> for Arn {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Arn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::new(String::deserialize(d)?).map_err(crate::spec::capture::de_value_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_names_follow_the_character_class_and_length() {
        assert!(RoleName::new("ci-deployer+x=y,z.w@v_u").is_ok());
        let err = RoleName::new("a".repeat(65)).unwrap_err();
        assert_eq!(err.field(), "role name");
        assert_eq!(
            err.reason(),
            &ValidationReason::Length {
                min: 1,
                max: 64,
                actual: 65
            }
        );
        assert!(GroupName::new("g".repeat(128)).is_ok());
        let err = UserName::new("bad name").unwrap_err();
        assert!(matches!(
            err.reason(),
            ValidationReason::Character {
                character: ' ',
                position: 3,
                ..
            }
        ));
        assert!(UserName::new("").is_err());
        assert!(PermissionSetName::new("x".repeat(33)).is_err());
    }

    #[test]
    fn paths_must_be_slash_delimited() {
        assert!(IamPath::new("/").is_ok());
        assert!(IamPath::new("/team/app/").is_ok());
        for bad in ["", "team/", "/team", "//", "/a//b/", "/a b/"] {
            assert!(IamPath::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn account_ids_and_aliases() {
        assert!(AccountId::new("123456789012").is_ok());
        assert!(AccountId::new("12345678901").is_err());
        assert!(AccountId::new("12345678901a").is_err());
        assert!(AccountAlias::new("my-company-prod").is_ok());
        for bad in ["ab", "-abc", "abc-", "a--b", "ABC", "123456789012", "a_b"] {
            assert!(AccountAlias::new(bad).is_err(), "{bad:?}");
        }
        assert!(AccountAlias::new("1234567890123").is_ok());
    }

    #[test]
    fn emails_and_directory_names() {
        assert!(Email::new("jane.doe@example.com").is_ok());
        for bad in [
            "jane",
            "@example.com",
            "jane@example",
            "jane@@example.com",
            "jane doe@x.com",
        ] {
            assert!(Email::new(bad).is_err(), "{bad:?}");
        }
        assert!(DirectoryUserName::new("Administrator").is_err());
        assert!(DirectoryUserName::new("jane").is_ok());
    }

    #[test]
    fn arns_have_six_parts() {
        let arn = Arn::new("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess").unwrap();
        assert_eq!(arn.service(), "iam");
        assert_eq!(arn.account(), "aws");
        assert_eq!(arn.resource(), "policy/job-function/ViewOnlyAccess");
        assert_eq!(arn.resource_name(), "ViewOnlyAccess");
        let role = Arn::new("arn:aws:iam::123456789012:role/a:b").unwrap();
        assert_eq!(role.resource(), "role/a:b");
        for bad in [
            "",
            "arn:aws:iam",
            "arn:foo:iam::1:x",
            "arn:aws::::x",
            "arn:aws:iam::1:",
        ] {
            assert!(Arn::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deserializing_validates() {
        let ok: RoleName = serde_json::from_str("\"admin\"").unwrap();
        assert_eq!(ok.as_str(), "admin");
        let err = serde_json::from_str::<RoleName>("\"bad name\"").unwrap_err();
        assert!(err.to_string().contains("role name"));
    }

    #[test]
    fn tags_follow_aws_rules() {
        assert!(check_tag("t", "team", "platform").is_ok());
        assert!(check_tag("t", "cost center", "Ünïcode 42 _.:/=+-@").is_ok());
        assert!(check_tag("t", "k", "").is_ok());
        for (key, value) in [
            ("", "v"),
            ("{k}", "v"),
            ("k", "a;b"),
            ("k\n", "v"),
            ("aws:x", "v"),
            ("AWS:x", "v"),
            ("Aws:", "v"),
        ] {
            let err = check_tag("tags.k", key, value).unwrap_err();
            assert_eq!(err.field(), "tags.k", "{key:?}={value:?}");
        }
        assert!(check_tag("t", &"k".repeat(129), "v").is_err());
        assert!(check_tag("t", "k", &"v".repeat(257)).is_err());
    }
}
