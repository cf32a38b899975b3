//! A permission set as a spec describes it. Its builder (and spec-file shape) is in
//! `permission_set_builder.rs`; planning it against what exists in `permission_set_plan.rs`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::permission_set_builder::PermissionSetSpecBuilder;
use super::{AwsManagedPolicy, CustomerManagedPolicy, InlinePolicy, PermissionSetBoundary, SessionDuration};
use crate::client::{PermissionSetFields, Tags};
use crate::names::PermissionSetName;
use crate::ownership::{self, SpecName};

/// A permission set: what a principal assigned to it may do in an account.
///
/// Everything is converged on an existing set, field by field: the fields updated, AWS and
/// customer managed policies attached and detached, the inline policy put or deleted, the
/// permissions boundary put or removed (a spec without one wants none), tags added, changed
/// or removed (the ownership marker and AWS's `aws:` tags stay). Drift made by hand is read
/// back and planned away. The library rewrites only sets it created (tagged
/// `managed-by=iam-bootstrap`) unless [`adopt`](PermissionSetSpecBuilder::adopt) says to take
/// over an existing set of the same name; tags on a set it neither created nor adopts are
/// not its to remove. Only a handle that declares an emulator's gaps
/// ([`EmulatorGaps`](crate::EmulatorGaps)) skips the boundary and tag reads.
///
/// ```
/// use iam_bootstrap::{JobFunction, PermissionSetSpec};
///
/// let auditors = PermissionSetSpec::builder("Auditors")
///     .description("Read-only security audit")
///     .session_duration("PT4H")
///     .job_function(JobFunction::SecurityAudit)
///     .job_function(JobFunction::ViewOnlyAccess)
///     .build()?;
/// assert_eq!(auditors.managed_policies().len(), 2);
/// assert_eq!(auditors.session_duration().to_string(), "PT4H");
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PermissionSetSpec {
    pub(super) name: PermissionSetName,
    pub(super) description: String,
    pub(super) session_duration: SessionDuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) relay_state: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) managed_policies: Vec<AwsManagedPolicy>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) customer_managed_policies: Vec<CustomerManagedPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) inline_policy: Option<InlinePolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) permissions_boundary: Option<PermissionSetBoundary>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) tags: Tags,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) adopt: bool,
}

impl PermissionSetSpec {
    /// A builder for the set `name`.
    pub fn builder(name: impl Into<String>) -> PermissionSetSpecBuilder {
        PermissionSetSpecBuilder::named(name.into())
    }

    /// The name, unique in the instance.
    pub fn name(&self) -> &PermissionSetName {
        &self.name
    }
    /// The description.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// How long a session lasts.
    pub fn session_duration(&self) -> SessionDuration {
        self.session_duration
    }
    /// Where the access portal sends the user after sign-in. `None` leaves an existing
    /// set's relay state as it is: AWS cannot clear one (its minimum length is 1).
    pub fn relay_state(&self) -> Option<&str> {
        self.relay_state.as_deref()
    }
    /// AWS managed policies.
    pub fn managed_policies(&self) -> &[AwsManagedPolicy] {
        &self.managed_policies
    }
    /// Customer managed policies, by name and path.
    pub fn customer_managed_policies(&self) -> &[CustomerManagedPolicy] {
        &self.customer_managed_policies
    }
    /// The inline policy; `None` means the set has none.
    pub fn inline_policy(&self) -> Option<&InlinePolicy> {
        self.inline_policy.as_ref()
    }
    /// The permissions boundary; `None` (like [`PermissionSetBoundary::None`]) means the set
    /// has none, so one that exists is removed.
    pub fn permissions_boundary(&self) -> Option<&PermissionSetBoundary> {
        self.permissions_boundary.as_ref()
    }
    /// The tags the set carries, besides the ownership marker; others are removed from a set
    /// the spec owns or adopts.
    pub fn tags(&self) -> &Tags {
        &self.tags
    }
    /// Whether an existing set of this name that the library did not create is converged.
    pub fn adopt(&self) -> bool {
        self.adopt
    }

    /// The fields `CreatePermissionSet` / `UpdatePermissionSet` send (all of them, always).
    pub fn fields(&self) -> PermissionSetFields {
        PermissionSetFields {
            name: self.name.to_string(),
            description: self.description.clone(),
            session_duration: self.session_duration.to_iso8601(),
            relay_state: self.relay_state.clone(),
        }
    }

    /// The tags a new set is created with: the spec's, the ownership marker and the name
    /// of the spec that owns it (see [`crate::ownership`]).
    pub fn creation_tags(&self, owner: &SpecName) -> Tags {
        let mut tags = self.tags.clone();
        tags.extend(ownership::tags(owner));
        tags
    }
}

crate::spec::capture::deserialize_via!(PermissionSetSpec, PermissionSetSpecBuilder);
