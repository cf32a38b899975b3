//! Identifiers of IAM Identity Center: instance and permission-set ARNs, identity-store
//! IDs, and the IDs of users and groups in a store.
//!
//! Each is checked against the pattern sso-admin and identitystore document, so an ID
//! that exists in the library has the right shape, and one kind cannot be passed where
//! another is expected (a user ID where a group ID goes, a permission-set ARN for an
//! instance). Where emulators answer outside the documented pattern, the check accepts
//! their form too (said on each type).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{format_error, is_partition};
use crate::client::DirectoryPrincipalType;
use crate::error::ValidationError;

/// Exactly `len` characters, each allowed by `ok`.
fn chars_ok(value: &str, len: usize, ok: fn(char) -> bool) -> bool {
    value.len() == len && value.chars().all(ok)
}

fn hex(c: char) -> bool {
    c.is_ascii_hexdigit()
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_uuid(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(part, len)| chars_ok(part, len, hex))
}

/// The resource part of an `sso` ARN (`arn:<partition>:sso:::<resource>`), if it is one.
fn sso_resource(value: &str) -> Option<&str> {
    let rest = value.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    let resource = rest.strip_prefix("sso:::")?;
    is_partition(partition).then_some(resource)
}

/// An instance's own ID: `(sso)?ins-` and 16 of `[a-zA-Z0-9.-]`.
fn instance_id_ok(id: &str) -> bool {
    let rest = id.strip_prefix("sso").unwrap_or(id);
    rest.strip_prefix("ins-")
        .is_some_and(|s| chars_ok(s, 16, |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
}

fn check_instance_arn(field: &str, value: &str) -> Result<(), ValidationError> {
    let ok = sso_resource(value)
        .and_then(|r| r.strip_prefix("instance/"))
        .is_some_and(instance_id_ok);
    if ok {
        Ok(())
    } else {
        Err(format_error(
            field,
            "arn:aws:sso:::instance/ssoins- and 16 letters, digits, . or -",
            value,
        ))
    }
}

fn check_permission_set_arn(field: &str, value: &str) -> Result<(), ValidationError> {
    let ok = sso_resource(value)
        .and_then(|r| {
            r.strip_prefix("permissionSet/")
                .or_else(|| r.strip_prefix("instance/"))
        })
        .and_then(|r| r.split_once("/ps-"))
        .is_some_and(|(instance, set)| {
            instance_id_ok(instance)
                && chars_ok(set, 16, |c| {
                    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/')
                })
        });
    if ok {
        Ok(())
    } else {
        Err(format_error(
            field,
            "arn:aws:sso:::permissionSet/ssoins-<16>/ps-<16>",
            value,
        ))
    }
}

fn check_identity_store_id(field: &str, value: &str) -> Result<(), ValidationError> {
    let directory = value
        .strip_prefix("d-")
        .is_some_and(|s| chars_ok(s, 10, |c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    if directory || is_uuid(value) {
        Ok(())
    } else {
        Err(format_error(
            field,
            "d- and 10 lowercase letters or digits, or a UUID",
            value,
        ))
    }
}

/// identitystore's user, group and principal IDs: `([0-9a-f]{10}-)?` and a UUID.
fn check_directory_id(field: &str, value: &str) -> Result<(), ValidationError> {
    let uuid = match value.split_once('-') {
        Some((prefix, rest)) if chars_ok(prefix, 10, hex) => rest,
        _ => value,
    };
    if is_uuid(uuid) {
        Ok(())
    } else {
        Err(format_error(
            field,
            "a UUID, optionally after 10 hexadecimal digits and -",
            value,
        ))
    }
}

validated_name!(
    /// The ARN of an IAM Identity Center instance (`arn:aws:sso:::instance/ssoins-` and 16
    /// letters, digits, `.` or `-`).
    ///
    /// ```
    /// use iam_bootstrap::names::InstanceArn;
    ///
    /// let arn: InstanceArn = "arn:aws:sso:::instance/ssoins-1234567890abcdef".parse()?;
    /// assert_eq!(arn.as_str(), "arn:aws:sso:::instance/ssoins-1234567890abcdef");
    /// assert!("arn:aws:sso:::instance/ssoins-1".parse::<InstanceArn>().is_err());
    /// # Ok::<_, iam_bootstrap::ValidationError>(())
    /// ```
    InstanceArn, "instance arn", check_instance_arn
);
validated_name!(
    /// The ARN of a permission set (`arn:aws:sso:::permissionSet/ssoins-<16>/ps-<16>`).
    ///
    /// moto builds it from the instance ARN (`arn:aws:sso:::instance/ssoins-<16>/ps-<16>`);
    /// that form is accepted too, so the library works against it.
    PermissionSetArn, "permission set arn", check_permission_set_arn
);
validated_name!(
    /// The ID of an identity store (`d-` and 10 lowercase letters or digits, or a UUID).
    ///
    /// AWS documents hexadecimal digits after `d-`; moto uses any lowercase letter, so any
    /// is accepted.
    IdentityStoreId, "identity store id", check_identity_store_id
);
validated_name!(
    /// The ID of a user in an identity store: a UUID, optionally after 10 hexadecimal
    /// digits and `-` (`9067c0f7a4-0a1b2c3d-...`).
    DirectoryUserId, "user id", check_directory_id
);
validated_name!(
    /// The ID of a group in an identity store (same form as [`DirectoryUserId`]).
    DirectoryGroupId, "group id", check_directory_id
);
validated_name!(
    /// The `PrincipalId` of an account assignment: a user's or a group's ID, which one
    /// being said by the [`DirectoryPrincipalType`] beside it (as in sso-admin's API). See
    /// [`DirectoryPrincipal`] for the two together.
    PrincipalId, "principal id", check_directory_id
);

impl From<DirectoryUserId> for PrincipalId {
    fn from(id: DirectoryUserId) -> Self {
        Self(id.0)
    }
}

impl From<DirectoryGroupId> for PrincipalId {
    fn from(id: DirectoryGroupId) -> Self {
        Self(id.0)
    }
}

/// The ID of a principal known to be a user (sso-admin's IDs do not say their kind).
impl From<PrincipalId> for DirectoryUserId {
    fn from(id: PrincipalId) -> Self {
        Self(id.0)
    }
}

/// The ID of a principal known to be a group.
impl From<PrincipalId> for DirectoryGroupId {
    fn from(id: PrincipalId) -> Self {
        Self(id.0)
    }
}

/// A user or a group of an identity store, by ID: who an account assignment is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "principal_type", content = "principal_id", rename_all = "UPPERCASE")]
pub enum DirectoryPrincipal {
    /// A user.
    User(DirectoryUserId),
    /// A group.
    Group(DirectoryGroupId),
}

impl DirectoryPrincipal {
    /// The principal from sso-admin's pair of type and ID.
    pub fn new(principal_type: DirectoryPrincipalType, id: PrincipalId) -> Self {
        match principal_type {
            DirectoryPrincipalType::User => Self::User(id.into()),
            DirectoryPrincipalType::Group => Self::Group(id.into()),
        }
    }

    /// User or group.
    pub fn principal_type(&self) -> DirectoryPrincipalType {
        match self {
            Self::User(_) => DirectoryPrincipalType::User,
            Self::Group(_) => DirectoryPrincipalType::Group,
        }
    }

    /// The ID, whichever kind it is.
    pub fn id(&self) -> PrincipalId {
        PrincipalId(self.as_str().to_owned())
    }

    /// The ID as a string slice.
    pub fn as_str(&self) -> &str {
        match self {
            Self::User(id) => id.as_str(),
            Self::Group(id) => id.as_str(),
        }
    }
}

impl fmt::Display for DirectoryPrincipal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.principal_type(), self.as_str())
    }
}

impl From<DirectoryUserId> for DirectoryPrincipal {
    fn from(id: DirectoryUserId) -> Self {
        Self::User(id)
    }
}

impl From<DirectoryGroupId> for DirectoryPrincipal {
    fn from(id: DirectoryGroupId) -> Self {
        Self::Group(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSTANCE: &str = "arn:aws:sso:::instance/ssoins-1234567890abcdef";

    #[test]
    fn instance_arns_follow_the_sso_admin_pattern() {
        assert!(InstanceArn::new(INSTANCE).is_ok());
        assert!(InstanceArn::new("arn:aws-cn:sso:::instance/ins-ab.cd-ef01234567").is_ok());
        for bad in [
            "",
            "arn:aws:sso:::instance/ssoins-1",
            "arn:aws:sso:::instance/ssoins-1234567890abcdefg",
            "arn:aws:iam:::instance/ssoins-1234567890abcdef",
            "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef",
            "arn:nope:sso:::instance/ssoins-1234567890abcdef",
            "arn:aws:sso:us-east-1::instance/ssoins-1234567890abcdef",
        ] {
            assert_eq!(
                InstanceArn::new(bad).unwrap_err().field(),
                "instance arn",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn permission_set_arns_in_the_aws_and_the_moto_form() {
        let aws = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef";
        let moto = "arn:aws:sso:::instance/ssoins-1234567890abcdef/ps-0123456789abcdef";
        assert!(PermissionSetArn::new(aws).is_ok());
        assert!(PermissionSetArn::new(moto).is_ok());
        for bad in [
            INSTANCE,
            "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
            "ps-0123456789abcdef",
        ] {
            assert!(PermissionSetArn::new(bad).is_err(), "{bad:?}");
        }
        assert!(InstanceArn::from_str(aws).is_err(), "a set is not an instance");
    }

    #[test]
    fn store_user_and_group_ids() {
        assert!(IdentityStoreId::new("d-1234567890").is_ok());
        assert!(IdentityStoreId::new("d-abcdefghij").is_ok(), "moto's form");
        assert!(IdentityStoreId::new("d-123").is_err());
        assert!(IdentityStoreId::new("D-1234567890").is_err());
        let uuid = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
        assert!(IdentityStoreId::new(uuid).is_ok());
        assert!(DirectoryUserId::new(uuid).is_ok());
        assert!(DirectoryGroupId::new(format!("906700f7a4-{uuid}")).is_ok());
        for bad in [
            "u-1",
            "",
            "906700f7a4-",
            "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5",
            "xyz0f7a4z1-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
        ] {
            assert_eq!(
                DirectoryUserId::new(bad).unwrap_err().field(),
                "user id",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_principal_keeps_its_kind_and_its_wire_form() {
        let id = DirectoryGroupId::new("0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d").unwrap();
        let principal = DirectoryPrincipal::from(id.clone());
        assert_eq!(principal.principal_type(), DirectoryPrincipalType::Group);
        assert_eq!(principal.id(), PrincipalId::from(id));
        assert_eq!(
            DirectoryPrincipal::new(DirectoryPrincipalType::Group, principal.id()),
            principal
        );
        let json = serde_json::to_value(&principal).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"principal_type": "GROUP", "principal_id": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"})
        );
        assert_eq!(
            serde_json::from_value::<DirectoryPrincipal>(json).unwrap(),
            principal
        );
        assert!(
            serde_json::from_value::<DirectoryPrincipal>(
                serde_json::json!({"principal_type": "USER", "principal_id": "u-1"})
            )
            .is_err()
        );
    }

    #[test]
    fn a_change_keeps_its_wire_form_and_checks_ids_when_read() {
        // Saved plans written before the IDs were typed still load: every ID is a string.
        let json = serde_json::json!({
            "action": "create_account_assignments",
            "instance_arn": INSTANCE,
            "identity_store_id": "d-1234567890",
            "permission_set": {"name": "Ops", "arn": "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef"},
            "principal": {"group": "Ops"},
            "principal_id": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
            "accounts": ["111111111111"],
            "max_outstanding": 10
        });
        let change: crate::IdentityCenterChange = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&change).unwrap(), json);
        let mut bad = json;
        bad["instance_arn"] = "arn:aws:sso:::instance/x".into();
        let err = serde_json::from_value::<crate::IdentityCenterChange>(bad).unwrap_err();
        assert!(err.to_string().contains("instance arn"), "{err}");
    }
}
