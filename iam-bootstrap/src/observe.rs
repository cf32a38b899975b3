//! Saved plans: what a plan saw of each resource it writes, read again before a saved
//! plan is applied.
//!
//! A plan is computed against the account as it was. Applied later (planned in CI,
//! reviewed, applied after approval), the account may have moved on: a role deleted, a
//! policy version added, a password policy edited by hand. Writing the plan's changes then
//! would act on a state nobody reviewed. So a plan records, per resource it writes (per
//! *lane*, see [`crate::apply`]), a fingerprint of that resource as the planner saw it.
//!
//! The rule is Terraform's for saved plans: a plan loaded from its saved form
//! ([`PlanOrigin::Loaded`](crate::PlanOrigin::Loaded): [`Plan::from_json`], any serde
//! deserializer, Python's `Plan.from_json` and unpickling) is checked before its first
//! write: each resource is read again and [`Error::StalePlan`] refuses the plan, nothing
//! written, if any fingerprint differs. A plan just computed in this process
//! ([`PlanOrigin::Planned`](crate::PlanOrigin::Planned)) is applied as it is: its reads were
//! just made. [`ApplyOptions::check_observed`](crate::ApplyOptions::check_observed) forces
//! or skips the check either way.
//!
//! Cost: recording is free (the planners keep what their own reads returned); checking a
//! loaded plan costs one read per resource it writes. A converged account plans to
//! nothing, so it costs nothing.

use std::collections::BTreeSet;

use futures::stream::{self, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use crate::aws::Aws;
use crate::error::{Error, Result};
use crate::plan::{Change, Plan};
use crate::protocol::Lane;

/// What a plan saw of one resource it writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    /// The resource, as the engine groups changes (`role:deployer`, `password-policy`).
    pub resource: String,
    /// A hash of what was read (`absent` if the resource did not exist).
    pub fingerprint: String,
}

/// How many resources are read at once, for recording and for checking.
const CONCURRENT_READS: usize = 8;

/// The fingerprint of a resource that does not exist (what a read answering "none" gives).
pub(crate) const ABSENT: &str = "absent";

/// A stable fingerprint of a read value: FNV-1a over its JSON form. Not cryptographic: it
/// detects change, it does not resist forgery (a plan file is trusted input once reviewed).
pub(crate) fn fingerprint<T: Serialize>(value: &Option<T>) -> String {
    let Some(value) = value else {
        return ABSENT.to_owned();
    };
    // Serializing the crate's own read types cannot fail (no maps with non-string keys).
    let json = serde_json::to_vec(value).unwrap_or_default();
    let hash = json.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The first change of every lane, in plan order: the one whose resource is read.
fn lanes(changes: &[Change]) -> Vec<(usize, &Change, String)> {
    let mut seen = BTreeSet::new();
    changes
        .iter()
        .enumerate()
        .filter_map(|(step, change)| {
            let lane = change.lane();
            seen.insert(lane.clone())
                .then(|| (step, change, lane.to_string()))
        })
        .collect()
}

/// Records what the planner's own read of a resource (a lane) returned, unless that
/// resource was recorded already: no extra call. The planner calls this for the first
/// change of the lane, when that change's check reads the same thing.
pub(crate) fn saw(plan: &mut Plan, lane: Lane, fingerprint: String) {
    let resource = lane.to_string();
    if !plan.observed.iter().any(|o| o.resource == resource) {
        plan.observed.push(Observation {
            resource,
            fingerprint,
        });
    }
}

/// Drops observations of resources no change writes (a planner records what it read, the
/// engine needs only what it will write).
pub(crate) fn keep_written(plan: &mut Plan) {
    let written: BTreeSet<String> = plan.changes.iter().map(|c| c.lane().to_string()).collect();
    plan.observed.retain(|o| written.contains(&o.resource));
}

/// Reads the resource of every lane in `plan` and records what was seen (replacing
/// anything recorded before). Called by the capabilities' `plan` methods.
pub(crate) async fn record(plan: &mut Plan, aws: &Aws) -> Result<()> {
    let reads: Vec<_> = lanes(&plan.changes)
        .into_iter()
        .map(|(_, change, resource)| observe_one(aws, change, resource))
        .collect();
    let observed: Vec<Option<Observation>> = stream::iter(reads)
        .buffered(CONCURRENT_READS)
        .try_collect()
        .await?;
    plan.observed = observed.into_iter().flatten().collect();
    Ok(())
}

/// Reads every recorded resource again, up to `concurrency` at a time (the apply's own
/// bound); the first that changed (in plan order) is an [`Error::StalePlan`] naming the
/// first change that writes it. Makes no write. A lane whose first change needs no check
/// (it is idempotent whatever the state) is skipped even if something was recorded for it.
pub(crate) async fn check(plan: &Plan, aws: &Aws, concurrency: usize) -> Result<()> {
    let expected = |resource: &str| {
        plan.observed
            .iter()
            .find(|o| o.resource == resource)
            .map(|o| o.fingerprint.clone())
    };
    let checks: Vec<_> = lanes(&plan.changes)
        .into_iter()
        .filter_map(|(step, change, resource)| {
            expected(&resource).map(|fingerprint| (step, change, resource, fingerprint))
        })
        .collect();
    let reads: Vec<_> = checks
        .into_iter()
        .map(|(step, change, resource, planned)| check_one(aws, step, change, resource, planned))
        .collect();
    let stale: Vec<Option<Error>> = stream::iter(reads)
        .buffered(concurrency.max(1))
        .try_collect()
        .await?;
    match stale.into_iter().flatten().next() {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

// The futures are made first and then streamed (rather than `stream::iter(..).map(closure)`):
// a closure over borrowed arguments inside the stream's type defeats the compiler's proof
// that the future is `Send` for every lifetime, which spawned applies need.
async fn observe_one(aws: &Aws, change: &Change, resource: String) -> Result<Option<Observation>> {
    Ok(change.observe(aws).await?.map(|fingerprint| Observation {
        resource,
        fingerprint,
    }))
}

async fn check_one(
    aws: &Aws,
    step: usize,
    change: &Change,
    resource: String,
    planned: String,
) -> Result<Option<Error>> {
    let Some(now) = change.observe(aws).await? else {
        return Ok(None);
    };
    Ok((now != planned).then(|| Error::StalePlan {
        step,
        change: change.to_string(),
        resource,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{InMemory, Operation};
    use crate::names::RoleName;
    use crate::policy::PolicyDocument;
    use crate::roles::{RoleSpec, Trust};
    use crate::root::RootChange;
    use crate::{ApplyOptions, PasswordPolicy, PlanOrigin};

    fn role(n: usize, description: &str) -> RoleSpec {
        RoleSpec::builder(format!("role-{n}"))
            .description(description)
            .trust(Trust::service("lambda.amazonaws.com"))
            .customer_policy(
                format!("policy-{n}"),
                PolicyDocument::allow(["s3:GetObject"], [format!("arn:aws:s3:::b{n}/*")]),
            )
            .build()
            .unwrap()
    }

    async fn plan_roles(aws: &Aws, description: &str) -> Plan {
        let mut plan = Plan::default();
        for n in 0..5 {
            plan.extend(role(n, description).plan(aws).await.unwrap());
        }
        plan
    }

    #[tokio::test]
    async fn a_fresh_plan_records_from_its_own_reads_and_applies_without_reading_again() {
        let aws = Aws::in_memory(InMemory::new());
        let before = aws.calls();
        let plan = plan_roles(&aws, "v1").await;
        let planning = aws.calls().since(&before);
        // The caller's account once, then one read per role and per policy: the reads that
        // plan, which are also the observations.
        assert_eq!(planning.calls(Operation::GetCallerIdentity), 1);
        assert_eq!(planning.calls(Operation::GetRole), 5);
        assert_eq!(planning.calls(Operation::GetPolicy), 5);
        assert_eq!(planning.total(), 11);
        assert_eq!(plan.observed.len(), 10, "five roles and five policies");
        assert_eq!(plan.origin, PlanOrigin::Planned);

        let outcome = plan.apply(&aws).await.unwrap();
        assert_eq!(outcome.calls.reads(), 0, "a fresh plan is not read again");
        assert_eq!(outcome.calls.writes(), 15, "a policy, a role, an attachment each");
        assert!(plan_roles(&aws, "v1").await.is_empty());
    }

    #[tokio::test]
    async fn a_saved_plan_is_checked_once_then_applies_like_the_plan_it_was() {
        let direct = Aws::in_memory(InMemory::new());
        let outcome = plan_roles(&direct, "v1").await.apply(&direct).await.unwrap();

        let later = Aws::in_memory(InMemory::new());
        let planned = plan_roles(&later, "v1").await;
        let saved = planned.to_json().unwrap();
        assert!(!saved.contains("origin"), "the origin is not saved: {saved}");
        let loaded = Plan::from_json(&saved).unwrap();
        assert_eq!(loaded.origin, PlanOrigin::Loaded);
        assert_eq!(loaded, planned, "equal content, whatever the origin");
        let before = later.calls();
        let replayed = loaded.apply(&later).await.unwrap();
        assert_eq!(replayed.applied, outcome.applied);
        assert_eq!(later.calls().since(&before), replayed.calls);
        // The check costs one read per resource written, and nothing else.
        assert_eq!(replayed.calls.calls(Operation::GetRole), 5);
        assert_eq!(replayed.calls.calls(Operation::GetPolicy), 5);
        assert_eq!(replayed.calls.reads(), 10);
        assert_eq!(replayed.calls.writes(), outcome.calls.writes());
        assert!(plan_roles(&later, "v1").await.is_empty());

        // Converged: an empty plan, no observation, no call at all when applied.
        let converged = plan_roles(&later, "v1").await;
        assert!(converged.observed.is_empty());
        let again = Plan::from_json(&converged.to_json().unwrap())
            .unwrap()
            .apply(&later)
            .await
            .unwrap();
        assert_eq!(again.calls.total(), 0);
    }

    #[tokio::test]
    async fn the_options_force_or_skip_the_check_whatever_the_origin() {
        let aws = Aws::in_memory(InMemory::new());
        let fresh = plan_roles(&aws, "v1").await;
        let forced = fresh
            .apply_with(&aws, ApplyOptions::default().check_observed(true))
            .await
            .unwrap();
        assert_eq!(forced.calls.reads(), 10, "checked although fresh");

        let other = Aws::in_memory(InMemory::new());
        let loaded = Plan::from_json(&plan_roles(&other, "v1").await.to_json().unwrap()).unwrap();
        let skipped = loaded
            .apply_with(&other, ApplyOptions::default().check_observed(false))
            .await
            .unwrap();
        assert_eq!(skipped.calls.reads(), 0, "not checked although loaded");
        assert_eq!(skipped.calls.writes(), 15);

        // A plan with a loaded part is checked as a whole.
        let mut mixed = plan_roles(&Aws::in_memory(InMemory::new()), "v1").await;
        mixed.extend(Plan::from_json(&Plan::default().to_json().unwrap()).unwrap());
        assert_eq!(mixed.origin, PlanOrigin::Loaded);
    }

    #[tokio::test]
    async fn a_saved_plan_the_account_moved_away_from_is_refused_before_any_write() {
        let memory = InMemory::new();
        let aws = Aws::in_memory(memory.clone());
        plan_roles(&aws, "v1").await.apply(&aws).await.unwrap();
        let fresh = plan_roles(&aws, "v2").await;
        let saved = fresh.to_json().unwrap();
        // Someone edits role-3 by hand after the plan was reviewed.
        let name = RoleName::new("role-3").unwrap();
        aws.iam()
            .update_role(&name, "edited by hand", 7200)
            .await
            .unwrap();

        let plan = Plan::from_json(&saved).unwrap();
        let before = aws.calls();
        let err = plan.apply(&aws).await.unwrap_err();
        let Error::StalePlan {
            step,
            change,
            resource,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(resource, "role:role-3");
        assert_eq!(change, &plan.changes[*step].to_string());
        assert!(change.contains("role-3"), "{change}");
        assert!(err.to_string().contains("plan again"), "{err}");
        assert_eq!(aws.calls().since(&before).writes(), 0, "nothing written");
        let role = aws.iam().get_role(&name).await.unwrap().unwrap();
        assert_eq!(role.description.as_deref(), Some("edited by hand"));

        // The plan still in memory is refused too when the check is asked for.
        let forced = fresh
            .apply_with(&aws, ApplyOptions::default().check_observed(true))
            .await
            .unwrap_err();
        assert!(matches!(&forced, Error::StalePlan { resource, .. } if resource == "role:role-3"));

        // Opting out applies the saved plan anyway.
        plan.apply_with(&aws, ApplyOptions::default().check_observed(false))
            .await
            .unwrap();
        let role = aws.iam().get_role(&name).await.unwrap().unwrap();
        assert_eq!(role.description.as_deref(), Some("v2"));
    }

    #[tokio::test]
    async fn a_password_policy_edited_since_planning_makes_the_saved_plan_stale() {
        let aws = Aws::in_memory(InMemory::new());
        let before = aws.calls();
        let plan = PasswordPolicy::cis().plan(&aws).await.unwrap();
        assert_eq!(
            aws.calls().since(&before).reads(),
            1,
            "the plan's read is the observation"
        );
        assert_eq!(plan.observed.len(), 1);
        let saved = plan.to_json().unwrap();
        let Change::Root(RootChange::UpdatePasswordPolicy { after, .. }) = &plan.changes[0] else {
            panic!("{plan}")
        };
        let mut edited = after.clone();
        edited.minimum_password_length += 1;
        aws.iam().update_password_policy(&edited).await.unwrap();
        let before = aws.calls();
        let err = Plan::from_json(&saved).unwrap().apply(&aws).await.unwrap_err();
        assert!(
            matches!(&err, Error::StalePlan { step: 0, resource, .. } if resource == "account:password-policy"),
            "{err:?}"
        );
        assert_eq!(aws.calls().since(&before).writes(), 0);
    }

    #[test]
    fn a_file_that_is_not_a_plan_is_a_validation_error() {
        let err = Plan::from_json("{\"changes\": 3}").unwrap_err();
        assert!(
            matches!(&err, Error::Validation(v) if v.field() == "plan"),
            "{err:?}"
        );
    }

    #[test]
    fn fingerprints_are_stable_and_tell_values_apart() {
        assert_eq!(fingerprint::<String>(&None), ABSENT);
        let a = fingerprint(&Some("a"));
        assert_eq!(a, fingerprint(&Some("a")));
        assert_ne!(a, fingerprint(&Some("b")));
        assert_eq!(a.len(), 16);
    }
}
