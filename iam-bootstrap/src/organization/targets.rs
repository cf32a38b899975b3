//! Resolving the account selectors of an [`IdentityCenterSpec`]'s assignments into
//! account IDs, once per plan.

use std::collections::{BTreeMap, BTreeSet};

use super::{OrganizationReader, SelectorResolution, delegated};
use crate::aws::Aws;
use crate::error::Result;
use crate::identity_center::{AssignmentSpec, IdentityCenterSpec};
use crate::names::AccountId;
use crate::plan::Plan;

/// What [`resolve_assignments`] found.
pub(crate) struct Resolved {
    /// The spec with account IDs only.
    pub(crate) spec: IdentityCenterSpec,
    /// How each selector resolved.
    pub(crate) selections: Vec<SelectorResolution>,
    /// The organization's management account.
    pub(crate) management: Option<AccountId>,
}

impl Resolved {
    /// The plan of the resolved spec, finished: the resolutions shown, and the delegated
    /// administrator's rule applied ([`delegated::check`]).
    pub(crate) async fn finish(self, aws: &Aws, mut plan: Plan) -> Result<Plan> {
        plan.selections = self.selections;
        if let Some(management) = &self.management {
            delegated::check(aws, management, &plan).await?;
        }
        Ok(plan)
    }
}

/// The spec with every assignment's selectors replaced by the ACTIVE accounts they reach,
/// and how each selector resolved; `None` when no assignment has a selector (then nothing
/// is read, and a handle without an Organizations backend plans as before).
///
/// An account two assignments of the same permission set and principal both reach is
/// kept in the first only, so no assignment is created twice.
pub(crate) async fn resolve_assignments(aws: &Aws, spec: &IdentityCenterSpec) -> Result<Option<Resolved>> {
    if !spec.assignments().iter().any(AssignmentSpec::needs_organization) {
        return Ok(None);
    }
    let mut reader = OrganizationReader::new(aws);
    let mut resolutions: Vec<SelectorResolution> = Vec::new();
    let mut covered: BTreeMap<(String, String), BTreeSet<AccountId>> = BTreeMap::new();
    let mut assignments = Vec::with_capacity(spec.assignments().len());
    for assignment in spec.assignments() {
        let key = (
            assignment.permission_set().to_string(),
            assignment.principal().to_string(),
        );
        let seen = covered.entry(key).or_default();
        let mut accounts = Vec::new();
        for target in assignment.targets() {
            let resolution = reader.resolve(target).await?;
            for account in &resolution.accounts {
                if seen.insert(account.clone()) {
                    accounts.push(account.clone());
                }
            }
            if target.needs_organization() && !resolutions.contains(&resolution) {
                resolutions.push(resolution);
            }
        }
        assignments.push(assignment.resolved(accounts));
    }
    Ok(Some(Resolved {
        spec: spec.with_assignments(assignments),
        selections: resolutions,
        management: reader.management_account().cloned(),
    }))
}
