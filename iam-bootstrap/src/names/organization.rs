//! Identifiers and names of AWS Organizations, checked against the patterns the
//! Organizations API documents (`o-…`, `r-…`, `ou-…-…`, `car-…`), so a malformed ID in a
//! spec is a [`ValidationError`] naming the field before any call.

use std::fmt;
use std::str::FromStr;

use super::{check_chars, check_email, format_error};
use crate::error::ValidationError;

fn lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `prefix` followed by `min..=max` lowercase letters or digits (one segment of an ID).
fn segment_ok(segment: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&segment.len()) && segment.chars().all(lower_alnum)
}

/// `^o-[a-z0-9]{10,32}$`.
fn check_organization_id(field: &str, value: &str) -> Result<(), ValidationError> {
    match value.strip_prefix("o-") {
        Some(rest) if segment_ok(rest, 10, 32) => Ok(()),
        _ => Err(format_error(
            field,
            "o- and 10 to 32 lowercase letters or digits",
            value,
        )),
    }
}

/// `^r-[0-9a-z]{4,32}$`.
fn check_root_id(field: &str, value: &str) -> Result<(), ValidationError> {
    match value.strip_prefix("r-") {
        Some(rest) if segment_ok(rest, 4, 32) => Ok(()),
        _ => Err(format_error(
            field,
            "r- and 4 to 32 lowercase letters or digits",
            value,
        )),
    }
}

/// `^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`: the root's suffix, then the OU's own.
fn check_ou_id(field: &str, value: &str) -> Result<(), ValidationError> {
    let ok = value
        .strip_prefix("ou-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(root, own)| segment_ok(root, 4, 32) && segment_ok(own, 8, 32));
    if ok {
        Ok(())
    } else {
        Err(format_error(
            field,
            "ou-, 4 to 32 lowercase letters or digits, -, 8 to 32 more",
            value,
        ))
    }
}

/// `^car-[a-z0-9]{8,32}$`.
fn check_create_account_request_id(field: &str, value: &str) -> Result<(), ValidationError> {
    match value.strip_prefix("car-") {
        Some(rest) if segment_ok(rest, 8, 32) => Ok(()),
        _ => Err(format_error(
            field,
            "car- and 8 to 32 lowercase letters or digits",
            value,
        )),
    }
}

/// CreateAccount's `AccountName`: 1-50 characters of `[\u0020-\u007E]`.
fn check_account_name(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(
        field,
        value,
        1,
        50,
        |c| (' '..='~').contains(&c),
        "printable ASCII",
    )
}

/// CreateAccount's `Email`: 6-64 characters of the form `name@domain.tld`.
fn check_account_email(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(
        field,
        value,
        6,
        64,
        |c| c.is_ascii_graphic(),
        "printable ASCII without spaces",
    )?;
    check_email(field, value)
}

/// An OU name: 1-128 characters, no control characters. A `/` is allowed by AWS but
/// makes the OU unreachable by path (paths use `/` as the separator).
fn check_ou_name(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(field, value, 1, 128, |c| !c.is_control(), "printable characters")
}

validated_name!(
    /// An organization ID (`o-` and 10 to 32 lowercase letters or digits).
    OrganizationId, "organization id", check_organization_id
);
validated_name!(
    /// The ID of an organization's root (`r-` and 4 to 32 lowercase letters or digits).
    RootId, "root id", check_root_id
);
validated_name!(
    /// An organizational unit ID (`ou-<root suffix>-<8 to 32 lowercase letters or digits>`).
    OuId, "organizational unit id", check_ou_id
);
validated_name!(
    /// The ID of a `CreateAccount` request (`car-` and 8 to 32 lowercase letters or digits).
    CreateAccountRequestId, "create account request id", check_create_account_request_id
);
validated_name!(
    /// The name of a member account: 1-50 printable ASCII characters.
    AccountName, "account name", check_account_name
);
validated_name!(
    /// The email address of a member account's root user: 6-64 characters, `name@domain.tld`.
    AccountEmail, "account email", check_account_email
);
validated_name!(
    /// An organizational unit's name: 1-128 characters without control characters.
    OuName, "organizational unit name", check_ou_name
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_organizations_patterns() {
        assert!(OrganizationId::new("o-a1b2c3d4e5").is_ok());
        assert!(RootId::new("r-ab12").is_ok());
        assert!(OuId::new("ou-ab12-cdef5678").is_ok());
        assert!(CreateAccountRequestId::new("car-1234abcd").is_ok());
        for bad in ["o-short", "o-A1B2C3D4E5", "x-a1b2c3d4e5", ""] {
            assert_eq!(
                OrganizationId::new(bad).unwrap_err().field(),
                "organization id",
                "{bad:?}"
            );
        }
        for bad in ["r-abc", "r-ABCD", "ab12", "r-ab12-"] {
            assert!(RootId::new(bad).is_err(), "{bad:?}");
        }
        for bad in [
            "ou-ab12",
            "ou-ab1-cdef5678",
            "ou-ab12-cdef567",
            "ou-ab12-CDEF5678",
            "ou-ab12-cdef5678-x",
            "/Workloads",
        ] {
            assert_eq!(
                OuId::new(bad).unwrap_err().field(),
                "organizational unit id",
                "{bad:?}"
            );
        }
        assert!(CreateAccountRequestId::new("car-123").is_err());
    }

    #[test]
    fn account_names_emails_and_ou_names() {
        assert!(AccountName::new("Prod workloads (EU)").is_ok());
        assert!(AccountName::new("x".repeat(51)).is_err());
        assert!(AccountName::new("tab\there").is_err());
        assert!(AccountEmail::new("aws+prod@example.com").is_ok());
        assert!(AccountEmail::new("a@b.c").is_err(), "shorter than 6");
        assert!(AccountEmail::new(format!("{}@example.com", "a".repeat(60))).is_err());
        assert!(AccountEmail::new("not-an-email").is_err());
        assert!(OuName::new("Workloads").is_ok());
        assert!(OuName::new("").is_err());
        assert!(OuName::new("x".repeat(129)).is_err());
    }
}
