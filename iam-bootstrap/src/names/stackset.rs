//! Names of CloudFormation StackSets and the IDs and regions their calls carry, checked
//! against the patterns the CloudFormation API documents, so a malformed value in a spec is
//! a [`ValidationError`] naming the field before any call.

use std::fmt;
use std::str::FromStr;

use super::{check_chars, format_error};
use crate::error::ValidationError;

/// `^[a-zA-Z][-a-zA-Z0-9]*$`, at most 128 characters (the StackSet name pattern).
fn check_stack_set_name(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(
        field,
        value,
        1,
        128,
        |c| c.is_ascii_alphanumeric() || c == '-',
        "ASCII letters, digits and -",
    )?;
    if value.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(format_error(field, "a name starting with a letter", value))
    }
}

/// A StackSet operation ID: 1-128 characters of `[a-zA-Z0-9-]` (CloudFormation answers UUIDs).
fn check_operation_id(field: &str, value: &str) -> Result<(), ValidationError> {
    check_chars(
        field,
        value,
        1,
        128,
        |c| c.is_ascii_alphanumeric() || c == '-',
        "ASCII letters, digits and -",
    )
}

/// An AWS region code such as `us-east-1` or `eu-central-2`: lowercase segments joined by
/// `-`, the last one a number.
fn check_region(field: &str, value: &str) -> Result<(), ValidationError> {
    let segments: Vec<&str> = value.split('-').collect();
    let ok = value.len() <= 32
        && segments.len() >= 3
        && segments
            .iter()
            .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && segments
            .last()
            .is_some_and(|s| s.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(format_error(field, "a region code such as us-east-1", value))
    }
}

validated_name!(
    /// A StackSet name: a letter, then letters, digits and `-`, at most 128 characters.
    StackSetName, "stack set name", check_stack_set_name
);
validated_name!(
    /// The ID of a StackSet operation (`CreateStackInstances`, `UpdateStackSet`, drift
    /// detection), as CloudFormation returns it.
    StackSetOperationId, "stack set operation id", check_operation_id
);
validated_name!(
    /// An AWS region code (`us-east-1`).
    Region, "region", check_region
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_api_patterns() {
        assert!(StackSetName::new("org-roles-ci-deployer").is_ok());
        assert!(StackSetName::new("1-starts-with-a-digit").is_err());
        assert!(StackSetName::new("has_underscore").is_err());
        assert!(StackSetName::new("a".repeat(129)).is_err());
        assert!(Region::new("us-east-1").is_ok());
        assert!(Region::new("us-gov-west-1").is_ok());
        assert!(Region::new("US-east-1").is_err());
        assert!(Region::new("useast1").is_err());
        assert!(StackSetOperationId::new("0f4a9c1e-1b2c-4d5e-8f90-123456789abc").is_ok());
        assert!(StackSetOperationId::new("").is_err());
    }
}
