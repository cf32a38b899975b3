//! Taking roles and customer managed policies away: planning the deletion of what a spec
//! owns and no longer names (prune) or of everything it owns (destroy), and carrying the
//! deletions out. Only resources tagged as the spec's own are ever planned for deletion
//! (see [`crate::ownership`]); a resource already gone counts as deleted, so a prune or
//! destroy interrupted part way converges when run again.

use std::collections::BTreeSet;

use super::RoleChange;
use crate::aws::Aws;
use crate::error::Result;
use crate::names::{Arn, RoleName};
use crate::observe::fingerprint;
use crate::ownership::{SpecName, owned_by};
use crate::plan::{Change, Observation, Plan};

/// What a spec still names, which a prune keeps (role names compare case-insensitively,
/// as IAM does).
#[derive(Debug, Default)]
pub(crate) struct Keep {
    roles: BTreeSet<String>,
    policies: BTreeSet<Arn>,
}

impl Keep {
    /// Keeps `role`.
    pub(crate) fn role(&mut self, role: &RoleName) {
        self.roles.insert(role.as_str().to_lowercase());
    }

    /// Keeps the customer managed policy `arn`.
    pub(crate) fn policy(&mut self, arn: Arn) {
        self.policies.insert(arn);
    }
}

/// Plans the deletion of every role and customer managed policy `owner` owns that `keep`
/// does not name: roles first, then policies (what uses a policy goes before it). Reads
/// `ListRoles` and `ListPolicies`, then each listed resource's tags.
///
/// # Errors
/// Backend errors from the reads.
pub(crate) async fn plan(aws: &Aws, owner: &SpecName, keep: &Keep) -> Result<Plan> {
    let iam = aws.iam();
    let mut plan = Plan::default();
    // Sorted: the same account gives the same plan (listings come in no promised order).
    let mut roles = iam.list_roles().await?;
    roles.sort();
    for name in roles {
        if keep.roles.contains(&name.as_str().to_lowercase()) {
            continue;
        }
        let read = iam.get_role(&name).await?;
        if read.as_ref().is_some_and(|role| owned_by(&role.tags, owner)) {
            plan.observed.push(Observation {
                resource: super::role_lane(&name).to_string(),
                fingerprint: fingerprint(&read),
            });
            plan.changes.push(Change::Role(RoleChange::DeleteRole { name }));
        }
    }
    let mut policies = iam.list_customer_policies().await?;
    policies.sort();
    for arn in policies {
        if keep.policies.contains(&arn) {
            continue;
        }
        let read = iam.get_policy(&arn).await?;
        if read.as_ref().is_some_and(|policy| owned_by(&policy.tags, owner)) {
            plan.observed.push(Observation {
                resource: super::policy_lane(&arn).to_string(),
                fingerprint: fingerprint(&read),
            });
            plan.changes.push(Change::Role(RoleChange::DeletePolicy { arn }));
        }
    }
    Ok(plan)
}

/// Not-found is what a deletion wants: the resource (or part) is already gone.
fn gone_is_done<T: Default>(result: Result<T>) -> Result<T> {
    match result {
        Err(err) if err.is_not_found() => Ok(T::default()),
        other => other,
    }
}

/// Empties the role (policies, inline policies, instance profiles), then deletes it.
pub(super) async fn delete_role(aws: &Aws, name: &RoleName) -> Result<()> {
    let iam = aws.iam();
    for attached in gone_is_done(iam.list_attached_role_policies(name).await)? {
        gone_is_done(iam.detach_role_policy(name, &attached.arn).await)?;
    }
    for policy in gone_is_done(iam.list_role_policies(name).await)? {
        gone_is_done(iam.delete_role_policy(name, &policy).await)?;
    }
    for profile in gone_is_done(iam.list_instance_profiles_for_role(name).await)? {
        gone_is_done(iam.remove_role_from_instance_profile(&profile, name).await)?;
    }
    gone_is_done(iam.delete_role(name).await)
}

/// Deletes the policy's non-default versions, then the policy.
pub(super) async fn delete_policy(aws: &Aws, arn: &Arn) -> Result<()> {
    let iam = aws.iam();
    for version in gone_is_done(iam.list_policy_versions(arn).await)? {
        if !version.is_default {
            gone_is_done(iam.delete_policy_version(arn, &version.version_id).await)?;
        }
    }
    gone_is_done(iam.delete_policy(arn).await)
}
