//! The policies a permission set can carry besides its inline policy: AWS managed policies
//! (by ARN), customer managed policies (by name and path, resolved in each account), and a
//! permissions boundary.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::JobFunction;
use crate::client::{BoundaryRef, CustomerPolicyRef};
use crate::error::{ValidationError, ValidationReason};
use crate::names::{Arn, IamPath, PolicyName};

/// The ARN of an AWS managed policy (`arn:aws:iam::aws:policy/...`): the only kind
/// `AttachManagedPolicyToPermissionSet` takes. Customer managed policies are referenced by
/// name instead ([`CustomerManagedPolicy`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct AwsManagedPolicy(String);

impl AwsManagedPolicy {
    /// Checks that `arn` names an AWS managed policy.
    ///
    /// # Errors
    /// [`ValidationError`] (field `managed_policy`) for anything else.
    pub fn new(arn: impl Into<String>) -> Result<Self, ValidationError> {
        let text = arn.into();
        let not_aws_managed = || {
            ValidationError::new(
                "managed_policy",
                ValidationReason::Format {
                    expected: "an AWS managed policy ARN (arn:aws:iam::aws:policy/...); reference \
                               customer managed policies by name"
                        .into(),
                    actual: text.clone(),
                },
            )
        };
        let arn = Arn::new(text.clone()).map_err(|_| not_aws_managed())?;
        if arn.service() != "iam" || arn.account() != "aws" || !arn.resource().starts_with("policy/") {
            return Err(not_aws_managed());
        }
        Ok(Self(text))
    }

    /// `AdministratorAccess`.
    pub fn administrator_access() -> Self {
        JobFunction::AdministratorAccess.into()
    }

    /// The ARN.
    pub fn arn(&self) -> &str {
        &self.0
    }

    /// The policy name, the last segment of the ARN (`ViewOnlyAccess`).
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }
}

impl From<JobFunction> for AwsManagedPolicy {
    fn from(function: JobFunction) -> Self {
        // The job-function ARNs are constants of the right shape (checked by the tests).
        Self(function.arn())
    }
}

impl TryFrom<String> for AwsManagedPolicy {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<AwsManagedPolicy> for String {
    fn from(policy: AwsManagedPolicy) -> Self {
        policy.0
    }
}

impl fmt::Display for AwsManagedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.arn())
    }
}

/// A customer managed policy referenced from a permission set by name and path. A policy
/// of that name must exist in every account the set is provisioned to, or provisioning fails.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerManagedPolicy {
    /// The policy name.
    pub name: PolicyName,
    /// The policy path (`/` unless given).
    #[serde(default)]
    pub path: IamPath,
}

impl CustomerManagedPolicy {
    /// The reference the client traits take.
    pub fn to_ref(&self) -> CustomerPolicyRef {
        CustomerPolicyRef {
            name: self.name.to_string(),
            path: self.path.to_string(),
        }
    }
}

impl fmt::Display for CustomerManagedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.path, self.name)
    }
}

/// What a permission set's permissions boundary should be (a role's is
/// [`roles::RoleBoundary`](crate::roles::RoleBoundary)). A spec that does not name one
/// wants none, as with [`PermissionSetBoundary::None`]: a boundary added by hand is drift, and
/// the plan shows its removal like any other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionSetBoundary {
    /// No boundary: one that exists is removed.
    None,
    /// An AWS managed policy.
    AwsManaged(AwsManagedPolicy),
    /// A customer managed policy, by name and path.
    CustomerManaged(CustomerManagedPolicy),
}

impl PermissionSetBoundary {
    /// The boundary as the client traits express it (`None` for no boundary).
    pub fn to_client(&self) -> Option<BoundaryRef> {
        match self {
            PermissionSetBoundary::None => None,
            PermissionSetBoundary::AwsManaged(policy) => Some(BoundaryRef::Managed(policy.arn().to_owned())),
            PermissionSetBoundary::CustomerManaged(policy) => Some(BoundaryRef::Customer(policy.to_ref())),
        }
    }
}

/// Describes a boundary for plans (`AWS managed PowerUserAccess`, `customer managed /x/y`).
pub(crate) struct BoundaryText<'a>(pub(crate) &'a BoundaryRef);

impl fmt::Display for BoundaryText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            BoundaryRef::Managed(arn) => {
                write!(f, "AWS managed `{}`", arn.rsplit('/').next().unwrap_or(arn))
            }
            BoundaryRef::Customer(policy) => {
                write!(f, "customer managed `{}{}`", policy.path, policy.name)
            }
        }
    }
}

crate::spec::capture::deserialize_via!(leaf AwsManagedPolicy, String);

#[cfg(test)]
mod tests {
    use super::*;

    /// The names the vocabulary change replaced still name the same types, for one release.
    #[test]
    #[allow(deprecated)]
    fn the_old_names_are_aliases_of_the_new_ones() {
        let none: crate::PermissionsBoundary = PermissionSetBoundary::None;
        assert_eq!(none, crate::identity_center::PermissionSetBoundary::None);
        let low: crate::Severity = crate::FindingSeverity::Low;
        assert_eq!(low.to_string(), "low");
        let lint: crate::policy::Severity = crate::LintSeverity::Warning;
        assert_eq!(lint.to_string(), "WARNING");
        let name = crate::names::PolicyName::new("boundary").unwrap();
        let role: crate::roles::Boundary = crate::RoleBoundary::CustomerPolicy(name.clone());
        assert_eq!(role, crate::roles::RoleBoundary::CustomerPolicy(name));
    }

    #[test]
    fn only_aws_managed_arns_are_accepted() {
        let admin = AwsManagedPolicy::new("arn:aws:iam::aws:policy/AdministratorAccess").unwrap();
        assert_eq!(admin, AwsManagedPolicy::administrator_access());
        assert_eq!(admin.name(), "AdministratorAccess");
        let view: AwsManagedPolicy = JobFunction::ViewOnlyAccess.into();
        assert_eq!(view.name(), "ViewOnlyAccess");
        for f in JobFunction::ALL {
            assert_eq!(AwsManagedPolicy::new(f.arn()).unwrap(), AwsManagedPolicy::from(f));
        }
        assert!(AwsManagedPolicy::new("arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess").is_ok());
        for bad in [
            "arn:aws:iam::123456789012:policy/Mine",
            "arn:aws:s3:::bucket",
            "AdministratorAccess",
            "arn:aws:iam::aws:role/x",
        ] {
            let err = AwsManagedPolicy::new(bad).unwrap_err();
            assert_eq!(err.field(), "managed_policy", "{bad}");
        }
    }

    #[test]
    fn boundaries_deserialize_from_spec_files() {
        let none: PermissionSetBoundary = serde_json::from_str("\"none\"").unwrap();
        assert_eq!(none.to_client(), None);
        let managed: PermissionSetBoundary =
            serde_json::from_str(r#"{"aws_managed": "arn:aws:iam::aws:policy/PowerUserAccess"}"#).unwrap();
        assert!(matches!(managed.to_client(), Some(BoundaryRef::Managed(_))));
        let customer: PermissionSetBoundary =
            serde_json::from_str(r#"{"customer_managed": {"name": "limit"}}"#).unwrap();
        assert_eq!(
            customer.to_client(),
            Some(BoundaryRef::Customer(CustomerPolicyRef {
                name: "limit".into(),
                path: "/".into()
            }))
        );
        assert!(serde_json::from_str::<PermissionSetBoundary>(r#"{"aws_managed": "x"}"#).is_err());
    }
}
