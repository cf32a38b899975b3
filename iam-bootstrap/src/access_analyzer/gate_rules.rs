//! What Access Analyzer accepts as custom-check input, checked before any call: a gate a
//! spec asks for is part of the spec, so bad gate input fails the spec's `build`, never a
//! request.

use super::gates::AccessGates;
use crate::client::AccessToCheck;
use crate::error::{ValidationError, ValidationReason};
use crate::names::Arn;

/// `CheckAccessNotGranted` takes at most 100 actions and 100 resources per access entry.
pub const MAX_ACCESS_ITEMS: usize = 100;

fn too_many(field: String, actual: usize) -> ValidationError {
    ValidationError::new(
        field,
        ValidationReason::Range {
            min: 0,
            max: i64::try_from(MAX_ACCESS_ITEMS).unwrap_or(i64::MAX),
            actual: i64::try_from(actual).unwrap_or(i64::MAX),
        },
    )
}

impl AccessToCheck {
    /// Checks the entry offline, as `CheckAccessNotGranted` would (field paths relative to
    /// the entry: `actions[1]`).
    ///
    /// # Errors
    /// [`ValidationError`] for an entry with neither actions nor resources, more than
    /// [`MAX_ACCESS_ITEMS`] of either, an action that is not `service:Action`, or a resource
    /// that is not an ARN.
    ///
    /// ```
    /// use iam_bootstrap::client::AccessToCheck;
    /// let entry = AccessToCheck::new(vec!["iam:PassRole".into(), "PassRole".into()], vec![]);
    /// assert_eq!(entry.validate().unwrap_err().field(), "actions[1]");
    /// ```
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.actions.is_empty() && self.resources.is_empty() {
            return Err(ValidationError::new(
                "actions",
                ValidationReason::NotAllowed("name at least one action or one resource to check".into()),
            ));
        }
        if self.actions.len() > MAX_ACCESS_ITEMS {
            return Err(too_many("actions".into(), self.actions.len()));
        }
        if self.resources.len() > MAX_ACCESS_ITEMS {
            return Err(too_many("resources".into(), self.resources.len()));
        }
        for (i, action) in self.actions.iter().enumerate() {
            // `*` alone is a valid policy action but names no service: AWS wants `service:action`.
            if action == "*" || !crate::policy::is_valid_action(action) {
                return Err(ValidationError::new(
                    format!("actions[{i}]"),
                    ValidationReason::Format {
                        expected: "service:Action (`s3:PutObject`, `iam:*`)".into(),
                        actual: action.clone(),
                    },
                ));
            }
        }
        for (i, resource) in self.resources.iter().enumerate() {
            // AWS takes a wildcard only in the ARN's resource part, so the rest must be an ARN.
            Arn::new(resource.as_str()).map_err(|e| e.at(format!("resources[{i}]")))?;
        }
        Ok(())
    }
}

impl AccessGates {
    /// Whether no gate is asked for.
    pub fn is_empty(&self) -> bool {
        !self.no_new_access && self.access_not_granted.is_empty() && !self.no_public_trust
    }

    /// Checks the gates' input offline, as Access Analyzer would (field paths are relative
    /// to the gates: `access_not_granted[0].actions[1]`).
    ///
    /// # Errors
    /// [`ValidationError`] for an `allow_new_access` without `no_new_access` (it would allow
    /// nothing), or an access entry [`AccessToCheck::validate`] refuses.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.allow_new_access && !self.no_new_access {
            return Err(ValidationError::new(
                "allow_new_access",
                ValidationReason::NotAllowed(
                    "allows what the no_new_access gate finds, and that gate is not asked for".into(),
                ),
            ));
        }
        for (i, entry) in self.access_not_granted.iter().enumerate() {
            entry
                .validate()
                .map_err(|e| e.within(format!("access_not_granted[{i}]")))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(gates: &AccessGates) -> String {
        gates.validate().unwrap_err().field().to_owned()
    }

    #[test]
    fn bad_gate_input_names_its_field() {
        assert!(AccessGates::new().validate().is_ok());
        assert!(
            AccessGates::new()
                .deny_access(["iam:PassRole", "s3:Put*"], ["arn:aws:s3:::b/*"])
                .validate()
                .is_ok()
        );
        assert_eq!(
            field(&AccessGates::new().allow_new_access(true)),
            "allow_new_access"
        );
        let none: [&str; 0] = [];
        assert_eq!(
            field(&AccessGates::new().deny_access(none, none)),
            "access_not_granted[0].actions"
        );
        assert_eq!(
            field(
                &AccessGates::new()
                    .deny_access(["s3:GetObject"], none)
                    .deny_access(["s3:GetObject", "PassRole"], none)
            ),
            "access_not_granted[1].actions[1]"
        );
        assert_eq!(
            field(&AccessGates::new().deny_access(["*"], none)),
            "access_not_granted[0].actions[0]"
        );
        assert_eq!(
            field(&AccessGates::new().deny_access(none, ["*"])),
            "access_not_granted[0].resources[0]"
        );
        let many: Vec<String> = (0..=MAX_ACCESS_ITEMS).map(|i| format!("s3:Action{i}")).collect();
        assert_eq!(
            field(&AccessGates::new().deny_access(many, none)),
            "access_not_granted[0].actions"
        );
    }
}
