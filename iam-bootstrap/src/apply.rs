//! Applying a plan: independent changes run concurrently, dependent ones in order.
//!
//! Every change belongs to a *stage* (what it depends on is in an earlier stage: policies
//! and directory entries before the roles and memberships that use them, permission sets
//! before assignments, assignments before provisioning) and to a *lane* (the resource it
//! writes). Stages run one after another; within a stage, lanes run concurrently (up to
//! [`ApplyOptions::concurrency`], and within the backend's rate limits), and the changes of
//! one lane run in plan order. The first failure stops new work: changes already running
//! finish, nothing else starts, and [`Error::Apply`] names the failed step.
//!
//! Before the first write, a plan loaded from its saved form is checked against the
//! account ([`ApplyOptions::check_observed`]); a plan just computed is applied as it is.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use futures::stream::{self, StreamExt};
use tracing::Instrument;

use crate::aws::Aws;
use crate::client::layer::CallCounter;
use crate::error::{Error, Result};
use crate::plan::{Change, Outcome, Plan, PlanOrigin};
use crate::protocol::{ApplyContext, Lane as LaneKey, Stage};

/// What happens during [`Plan::apply_with`], for progress bars and logs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProgressEvent {
    /// Applying starts.
    Started {
        /// How many changes there are.
        total: usize,
    },
    /// A change starts.
    ChangeStarted {
        /// Its index in the plan.
        step: usize,
        /// The change, as printed in the plan.
        change: String,
    },
    /// A change was applied.
    ChangeApplied {
        /// Its index in the plan.
        step: usize,
    },
    /// A change failed.
    ChangeFailed {
        /// Its index in the plan.
        step: usize,
        /// Why, in one line.
        error: String,
    },
    /// Applying ended.
    Finished {
        /// How many changes were applied.
        applied: usize,
        /// Whether one failed.
        failed: bool,
    },
}

/// Receives [`ProgressEvent`]s; called from the tasks that apply changes.
pub type ProgressFn = Arc<dyn Fn(&ProgressEvent) + Send + Sync>;

/// How [`Plan::apply_with`] runs.
#[derive(Clone)]
#[must_use]
pub struct ApplyOptions {
    concurrency: usize,
    progress: Option<ProgressFn>,
    /// `None`: decided by the plan's origin (see [`ApplyOptions::check_observed`]).
    check_observed: Option<bool>,
    allow_deletions: bool,
}

impl Default for ApplyOptions {
    /// Up to 8 independent changes at a time, no progress callback, and a loaded plan's
    /// observations checked before the first write (a plan just computed is not).
    fn default() -> Self {
        Self {
            concurrency: 8,
            progress: None,
            check_observed: None,
            allow_deletions: false,
        }
    }
}

impl fmt::Debug for ApplyOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplyOptions")
            .field("concurrency", &self.concurrency)
            .field("progress", &self.progress.is_some())
            .field("check_observed", &self.check_observed)
            .field("allow_deletions", &self.allow_deletions)
            .finish()
    }
}

impl ApplyOptions {
    /// How many independent changes may run at once (1: strictly in plan order).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Calls `progress` with every [`ProgressEvent`].
    pub fn progress(mut self, progress: impl Fn(&ProgressEvent) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// Whether to read every resource the plan observed again before the first write, and
    /// refuse with [`Error::StalePlan`] (nothing written) if one changed; one read per
    /// resource the plan writes.
    ///
    /// By default the plan's [`origin`](crate::Plan::origin) decides, as Terraform does for
    /// saved plans: a [`Loaded`](crate::PlanOrigin::Loaded) plan (from
    /// [`Plan::from_json`], made elsewhere or earlier) is checked; a
    /// [`Planned`](crate::PlanOrigin::Planned) one, computed in this process from reads
    /// just made, is applied without reading again. `true` checks any plan (one kept in
    /// memory while a person approved it, say); `false` applies even a loaded plan
    /// whatever happened since it was made.
    pub fn check_observed(mut self, check: bool) -> Self {
        self.check_observed = Some(check);
        self
    }

    /// Whether the plan may delete resources (a prune or a destroy: see
    /// [`Change::is_deletion`]). Off by default: applying a plan that deletes anything
    /// without it is refused before any call, with [`Error::Precondition`] and reason
    /// [`PreconditionReason::DeletionsNotAllowed`](crate::PreconditionReason::DeletionsNotAllowed).
    pub fn allow_deletions(mut self, allow: bool) -> Self {
        self.allow_deletions = allow;
        self
    }

    /// Whether deletions are allowed (a spec's StackSet stage passes it on).
    pub(crate) fn deletions_allowed(&self) -> bool {
        self.allow_deletions
    }

    /// Whether applying `plan` with these options checks its observations first.
    fn checks(&self, plan: &Plan) -> bool {
        self.check_observed.unwrap_or(plan.origin == PlanOrigin::Loaded)
    }

    fn emit(&self, event: ProgressEvent) {
        if let Some(progress) = &self.progress {
            progress(&event);
        }
    }
}

/// The changes of one resource, with their steps, in plan order.
type Lane<'a> = Vec<(usize, &'a Change)>;

/// A stage's lanes by key, and the keys in order of first appearance.
type StageLanes<'a> = (Vec<LaneKey>, BTreeMap<LaneKey, Lane<'a>>);

/// The changes of one stage, grouped into lanes (by resource), each lane in plan order.
fn stages(plan: &Plan) -> BTreeMap<Stage, Vec<Lane<'_>>> {
    let mut stages: BTreeMap<Stage, StageLanes<'_>> = BTreeMap::new();
    for (step, change) in plan.changes.iter().enumerate() {
        let (order, lanes) = stages.entry(change.stage()).or_default();
        let lane = change.lane();
        if !lanes.contains_key(&lane) {
            order.push(lane.clone());
        }
        lanes.entry(lane).or_default().push((step, change));
    }
    stages
        .into_iter()
        .map(|(stage, (order, mut lanes))| {
            (stage, order.iter().filter_map(|key| lanes.remove(key)).collect())
        })
        .collect()
}

/// One failure: the step and its error (the lowest step wins when several fail at once).
type Failure = Option<(usize, String, Error)>;

async fn run_lane(
    lane: Lane<'_>,
    aws: &Aws,
    context: &ApplyContext,
    options: &ApplyOptions,
    stop: &AtomicBool,
    applied: &Mutex<Vec<(usize, String)>>,
    failure: &Mutex<Failure>,
) {
    for (step, change) in lane {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let text = change.to_string();
        options.emit(ProgressEvent::ChangeStarted {
            step,
            change: text.clone(),
        });
        let span = tracing::info_span!("change", step, change = %text);
        match change.apply(aws, context).instrument(span.clone()).await {
            Ok(()) => {
                span.in_scope(|| tracing::info!("applied"));
                applied
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((step, text));
                options.emit(ProgressEvent::ChangeApplied { step });
            }
            Err(error) => {
                span.in_scope(|| tracing::warn!(%error, "change failed"));
                options.emit(ProgressEvent::ChangeFailed {
                    step,
                    error: error.to_string(),
                });
                stop.store(true, Ordering::SeqCst);
                let mut slot = failure.lock().unwrap_or_else(PoisonError::into_inner);
                if slot.as_ref().is_none_or(|(first, _, _)| step < *first) {
                    *slot = Some((step, text, error));
                }
                return;
            }
        }
    }
}

/// Applies `plan` as the module docs describe.
pub(crate) async fn apply(plan: &Plan, aws: &Aws, options: &ApplyOptions) -> Result<Outcome> {
    // Counted for this apply alone: a difference of the handle's shared counter would
    // include the calls of every other apply or plan running through it meanwhile.
    let deletions = plan.deletions();
    if deletions > 0 && !options.allow_deletions {
        return Err(Error::Precondition {
            reason: crate::PreconditionReason::DeletionsNotAllowed { deletions },
            problem: format!("the plan deletes {deletions} resource(s) and deletions were not allowed"),
            remedy: "review the changes marked [DELETE], then apply with allow_deletions \
                     (ApplyOptions::allow_deletions(true), --allow-deletions, allow_deletions=True)"
                .into(),
        });
    }
    let counter = CallCounter::new();
    let aws = &aws.counted_by(counter.clone());
    if options.checks(plan) {
        crate::observe::check(plan, aws, options.concurrency).await?;
    }
    let context = ApplyContext::default();
    let stop = AtomicBool::new(false);
    let applied = Mutex::new(Vec::with_capacity(plan.changes.len()));
    let failure: Mutex<Failure> = Mutex::new(None);
    options.emit(ProgressEvent::Started {
        total: plan.changes.len(),
    });
    for (_stage, lanes) in stages(plan) {
        stream::iter(lanes)
            .for_each_concurrent(options.concurrency, |lane| {
                run_lane(lane, aws, &context, options, &stop, &applied, &failure)
            })
            .await;
        if stop.load(Ordering::SeqCst) {
            break;
        }
    }
    let mut applied = applied.into_inner().unwrap_or_else(PoisonError::into_inner);
    applied.sort_by_key(|(step, _)| *step);
    let failure = failure.into_inner().unwrap_or_else(PoisonError::into_inner);
    options.emit(ProgressEvent::Finished {
        applied: applied.len(),
        failed: failure.is_some(),
    });
    if let Some((step, change, source)) = failure {
        return Err(Error::Apply {
            step,
            change,
            source: Box::new(source),
        });
    }
    Ok(Outcome {
        applied: applied.into_iter().map(|(_, text)| text).collect(),
        calls: counter.snapshot(),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    use super::*;
    use crate::client::layer::{CallFuture, CallStats, FaultKind, Faults, Layer, Layered};
    use crate::client::{InMemory, Operation};
    use crate::policy::PolicyDocument;
    use crate::roles::{RoleSpec, Trust};

    /// Measures how many calls are in flight at once (each call takes 10 ms of virtual time).
    #[derive(Debug, Clone, Default)]
    struct InFlight {
        now: Arc<AtomicUsize>,
        peak: Arc<AtomicUsize>,
    }

    impl Layer for InFlight {
        fn before(&self, _operation: Operation) -> CallFuture<'_, ()> {
            let current = self.now.fetch_add(1, Ordering::SeqCst) + 1;
            self.peak.fetch_max(current, Ordering::SeqCst);
            Box::pin(async {
                tokio::time::sleep(Duration::from_millis(10)).await;
                Ok(())
            })
        }
        fn after(&self, _operation: Operation, _outcome: std::result::Result<(), &Error>) {
            self.now.fetch_sub(1, Ordering::SeqCst);
        }
    }

    async fn plan_for(aws: &Aws, roles: usize) -> Plan {
        plan_named(aws, "", roles).await
    }

    async fn plan_named(aws: &Aws, prefix: &str, roles: usize) -> Plan {
        let mut plan = Plan::default();
        for n in 0..roles {
            let spec = RoleSpec::builder(format!("{prefix}role-{n}"))
                .trust(Trust::service("lambda.amazonaws.com"))
                .customer_policy(
                    format!("{prefix}policy-{n}"),
                    PolicyDocument::allow(["s3:GetObject"], [format!("arn:aws:s3:::b{n}/*")]),
                )
                .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
                .build()
                .unwrap();
            plan.extend(spec.plan(aws).await.unwrap());
        }
        plan
    }

    fn measured(memory: &InMemory, layer: impl Layer) -> Aws {
        let (iam, idc) = Layered::new(layer, Arc::new(memory.clone()), Arc::new(memory.clone())).into_arcs();
        Aws::new(iam, idc)
    }

    #[tokio::test(start_paused = true)]
    async fn independent_changes_run_concurrently_and_dependent_ones_in_order() {
        let memory = InMemory::new();
        let in_flight = InFlight::default();
        let aws = measured(&memory, in_flight.clone());
        let plan = plan_for(&aws, 6).await;
        assert_eq!(plan.changes.len(), 6 * 4);
        let outcome = plan
            .apply_with(&aws, ApplyOptions::default().concurrency(4))
            .await
            .unwrap();
        assert_eq!(outcome.applied.len(), 24);
        let peak = in_flight.peak.load(Ordering::SeqCst);
        assert_eq!(peak, 4, "four lanes at a time");
        // Attaching needs the policy and the role created first: had the order been wrong,
        // the in-memory account would have refused (NoSuchEntity).
        assert!(plan_for(&aws, 6).await.is_empty());
        assert_eq!(
            outcome.applied,
            plan.changes.iter().map(ToString::to_string).collect::<Vec<_>>()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn concurrency_one_is_strictly_sequential() {
        let memory = InMemory::new();
        let in_flight = InFlight::default();
        let aws = measured(&memory, in_flight.clone());
        let plan = plan_for(&aws, 3).await;
        plan.apply_with(&aws, ApplyOptions::default().concurrency(1))
            .await
            .unwrap();
        assert_eq!(in_flight.peak.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_applies_through_one_handle_count_their_own_calls_exactly() {
        let prefixes = ["a-", "b-", "c-", "d-"];
        // What each plan costs when it runs alone, on an account of its own.
        let mut alone = Vec::new();
        for prefix in prefixes {
            let aws = Aws::in_memory(InMemory::new());
            let plan = plan_named(&aws, prefix, 5).await;
            alone.push(plan.apply(&aws).await.unwrap().calls);
        }
        let aws = Aws::in_memory(InMemory::new());
        let mut plans = Vec::new();
        for prefix in prefixes {
            plans.push(plan_named(&aws, prefix, 5).await);
        }
        let before = aws.calls();
        let tasks: Vec<_> = plans
            .into_iter()
            .map(|plan| {
                let aws = aws.clone();
                tokio::spawn(async move { plan.apply(&aws).await.unwrap() })
            })
            .collect();
        // A plan running through the same handle meanwhile is not counted by any apply.
        let reads = plan_named(&aws, "e-", 5).await;
        assert_eq!(reads.changes.len(), 20);
        let mut total_writes = 0;
        for (task, alone) in tasks.into_iter().zip(&alone) {
            let outcome = task.await.unwrap();
            assert_eq!(outcome.applied.len(), 20);
            assert_eq!(outcome.calls.writes(), 20, "one write per change");
            assert_eq!(&outcome.calls, alone, "exactly the calls it makes alone");
            total_writes += outcome.calls.writes();
        }
        let shared = aws.calls().since(&before);
        assert_eq!(
            shared.writes(),
            total_writes,
            "the shared counter saw the same writes"
        );
        assert!(shared.reads() > alone.iter().map(CallStats::reads).sum::<u64>());
    }

    #[tokio::test]
    async fn the_first_failure_stops_later_stages_and_names_its_step() {
        let memory = InMemory::new();
        let setup = Aws::in_memory(memory.clone());
        let plan = plan_for(&setup, 3).await;
        let faults = Faults::new(1).fail_operation(Operation::CreatePolicy, 1, FaultKind::Service);
        let aws = measured(&memory, faults);
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        let options = ApplyOptions::default()
            .concurrency(1)
            .progress(move |e| sink.lock().unwrap().push(e.clone()));
        match plan.apply_with(&aws, options).await {
            Err(Error::Apply { step, change, .. }) => {
                assert_eq!(step, 0);
                assert!(
                    change.starts_with("create customer managed policy policy-0"),
                    "{change}"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(memory.inventory().roles, 0, "the role stage never started");
        let events = events.lock().unwrap();
        assert_eq!(events.first(), Some(&ProgressEvent::Started { total: 12 }));
        assert!(matches!(
            events.last(),
            Some(ProgressEvent::Finished { failed: true, .. })
        ));
        assert!(
            events
                .iter()
                .any(|e| matches!(e, ProgressEvent::ChangeFailed { step: 0, .. }))
        );
    }
}
