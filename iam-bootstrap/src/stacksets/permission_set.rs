//! The customer managed policies a permission set references, deployed to the accounts it
//! is assigned in by the same StackSet mechanism: Identity Center provisions a set only
//! where every policy it names exists, and fails with an opaque error otherwise.

use super::{OrgStackSet, OrgStackSetBuilder};
use crate::error::{ValidationError, ValidationReason};
use crate::identity_center::{PermissionSetBoundary, PermissionSetSpec};
use crate::roles::CustomerPolicy;

impl OrgStackSet {
    /// A rollout of `policies`, checked to define every customer managed policy (and a
    /// customer managed boundary) `permission_set` references, by name and path, named
    /// `iam-bootstrap-ps-<permission set>`. Target it at the OUs the set is assigned in,
    /// and apply it before the assignment (its plan, then the Identity Center plan), so
    /// provisioning finds the policies in every account.
    ///
    /// ```
    /// use iam_bootstrap::PermissionSetSpec;
    /// use iam_bootstrap::organization::AccountSelectorBuilder;
    /// use iam_bootstrap::policy::PolicyDocument;
    /// use iam_bootstrap::roles::CustomerPolicy;
    /// use iam_bootstrap::stacksets::OrgStackSet;
    ///
    /// let set = PermissionSetSpec::builder("Reports")
    ///     .customer_managed_policy("reports-read", None)
    ///     .build()?;
    /// let policy = CustomerPolicy::new("reports-read".parse()?, PolicyDocument::allow(["s3:GetObject"], ["*"]));
    /// let rollout = OrgStackSet::permission_set_policies(&set, vec![policy])?
    ///     .target(AccountSelectorBuilder::ou("Root/Workloads"))
    ///     .region("us-east-1")
    ///     .build()?;
    /// assert_eq!(rollout.name().as_str(), "iam-bootstrap-ps-Reports");
    /// // A set that names a policy the rollout does not define is refused.
    /// let other = PermissionSetSpec::builder("Ops").customer_managed_policy("ops-write", None).build()?;
    /// assert!(OrgStackSet::permission_set_policies(&other, vec![]).is_err());
    /// # Ok::<_, iam_bootstrap::ValidationError>(())
    /// ```
    ///
    /// # Errors
    /// [`ValidationError`] (field `stack_set.policies`) naming a referenced policy that
    /// `policies` does not define.
    pub fn permission_set_policies(
        permission_set: &PermissionSetSpec,
        policies: Vec<CustomerPolicy>,
    ) -> Result<OrgStackSetBuilder, ValidationError> {
        let mut referenced: Vec<_> = permission_set.customer_managed_policies().iter().collect();
        if let Some(PermissionSetBoundary::CustomerManaged(boundary)) = permission_set.permissions_boundary()
        {
            referenced.push(boundary);
        }
        for reference in referenced {
            let defined = policies
                .iter()
                .any(|p| p.name == reference.name && p.path == reference.path);
            if !defined {
                return Err(ValidationError::new(
                    "stack_set.policies",
                    ValidationReason::NotAllowed(format!(
                        "permission set {} references {}{}, which the rollout does not define",
                        permission_set.name(),
                        reference.path,
                        reference.name
                    )),
                ));
            }
        }
        let cleaned: String = permission_set
            .name()
            .as_str()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        Ok(OrgStackSet::policies(policies).name(format!("iam-bootstrap-ps-{cleaned}")))
    }
}
