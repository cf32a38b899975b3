//! The in-memory StackSet engine: service-managed StackSets whose operations take time.
//!
//! An operation is scheduled when it starts: its accounts (every ACTIVE account in the
//! target OUs and the OUs nested under them, never the management account, as
//! CloudFormation does) go in batches of the maximum concurrent accounts, one region after
//! another (or all regions at once), each batch taking [`StackSetTiming::per_batch`] after
//! [`StackSetTiming::setup`]. Reads compute where the operation stands from the clock
//! (tokio's, so tests can pause it), and its effects on the stack instances land when it
//! ends. Failures are injected per account; once a region's failures exceed the failure
//! tolerance, the rest is cancelled and the operation fails. Only one operation runs per
//! StackSet at a time: starting another is `OperationInProgressException`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use tokio::time::Instant;

use super::org_state::OrgState;
use crate::client::{
    AccountOperationResult, AccountOperationStatus, AccountState, DriftStatus, InstancesRequest, NewStackSet,
    OperationPreferences, ParentId, RegionConcurrency, ResourceDrift, StackInstanceStatus, StackSetAction,
    StackSetOperation, StackSetOperationStatus,
};
use crate::names::{AccountId, Region, StackSetOperationId};

/// How long the in-memory engine's StackSet operations take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct StackSetTiming {
    /// Before the first account starts (CloudFormation's own setup).
    pub setup: Duration,
    /// One batch of concurrent accounts in one region.
    pub per_batch: Duration,
}

impl StackSetTiming {
    /// `setup`, then `per_batch` for each batch of concurrent accounts.
    pub fn new(setup: Duration, per_batch: Duration) -> Self {
        Self { setup, per_batch }
    }
}

impl Default for StackSetTiming {
    /// A few milliseconds: long enough that an operation is seen running and polled,
    /// short enough for tests and examples.
    fn default() -> Self {
        Self {
            setup: Duration::from_millis(5),
            per_batch: Duration::from_millis(2),
        }
    }
}

/// What the engine holds besides the StackSets: timing and injected behaviour.
#[derive(Debug, Default)]
pub(super) struct Engine {
    pub(super) timing: StackSetTiming,
    /// Accounts whose stack operations fail, with CloudFormation's status reason.
    pub(super) failing: BTreeMap<AccountId, String>,
    /// Accounts whose stacks have drifted, with the drifted resources.
    pub(super) drifted: BTreeMap<AccountId, Vec<ResourceDrift>>,
    pub(super) sets: BTreeMap<String, SetRecord>,
    pub(super) next_operation: u64,
}

/// One stack instance.
#[derive(Debug, Clone)]
pub(super) struct InstanceRecord {
    pub(super) ou: Option<ParentId>,
    pub(super) status: StackInstanceStatus,
    pub(super) reason: Option<String>,
    pub(super) drift: DriftStatus,
}

/// One StackSet.
#[derive(Debug)]
pub(super) struct SetRecord {
    pub(super) id: String,
    pub(super) definition: NewStackSet,
    pub(super) ous: BTreeSet<ParentId>,
    pub(super) instances: BTreeMap<(AccountId, Region), InstanceRecord>,
    /// Oldest first.
    pub(super) operations: Vec<OperationRecord>,
}

/// How one account's part of an operation ends.
#[derive(Debug, Clone)]
enum Outcome {
    Succeeded,
    Failed(String),
    Cancelled,
}

/// One account in one region of an operation, and when it runs.
#[derive(Debug, Clone)]
struct Slot {
    account: AccountId,
    region: Region,
    ou: Option<ParentId>,
    start: Duration,
    end: Duration,
    outcome: Outcome,
}

/// One operation: its schedule, fixed when it starts.
#[derive(Debug)]
pub(super) struct OperationRecord {
    pub(super) id: StackSetOperationId,
    pub(super) action: StackSetAction,
    started: Instant,
    slots: Vec<Slot>,
    end: Duration,
    failed: bool,
    settled: bool,
}

impl OperationRecord {
    fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    pub(super) fn is_done(&self) -> bool {
        self.elapsed() >= self.end
    }

    pub(super) fn describe(&self) -> StackSetOperation {
        let status = if !self.is_done() {
            StackSetOperationStatus::Running
        } else if self.failed {
            StackSetOperationStatus::Failed
        } else {
            StackSetOperationStatus::Succeeded
        };
        let status_reason = (status == StackSetOperationStatus::Failed)
            .then(|| "The Operation failed because the failure tolerance was exceeded".to_owned());
        StackSetOperation {
            id: self.id.clone(),
            action: self.action,
            status,
            status_reason,
        }
    }

    pub(super) fn results(&self) -> Vec<AccountOperationResult> {
        let now = self.elapsed();
        let done = now >= self.end;
        self.slots
            .iter()
            .map(|slot| {
                let (status, status_reason) = match &slot.outcome {
                    Outcome::Cancelled if done => (
                        AccountOperationStatus::Cancelled,
                        Some("Cancelled since failure tolerance has exceeded".to_owned()),
                    ),
                    _ if now < slot.start => (AccountOperationStatus::Pending, None),
                    _ if now < slot.end => (AccountOperationStatus::Running, None),
                    Outcome::Succeeded => (AccountOperationStatus::Succeeded, None),
                    Outcome::Failed(reason) => (AccountOperationStatus::Failed, Some(reason.clone())),
                    Outcome::Cancelled => (AccountOperationStatus::Pending, None),
                };
                AccountOperationResult {
                    account: slot.account.clone(),
                    region: slot.region.clone(),
                    status,
                    status_reason,
                }
            })
            .collect()
    }
}

/// The ACTIVE accounts in `targets` and the OUs nested under them, with the target each
/// was reached through; never the management account.
pub(super) fn accounts_under(org: &OrgState, targets: &[ParentId]) -> Vec<(AccountId, ParentId)> {
    let mut found = Vec::new();
    for (id, record) in &org.accounts {
        if id == &org.management || record.state != AccountState::Active {
            continue;
        }
        let mut current = Some(record.parent.clone());
        while let Some(parent) = current {
            if targets.contains(&parent) {
                found.push((id.clone(), parent));
                break;
            }
            current = match &parent {
                ParentId::Ou(ou) => org.ous.get(ou).map(|o| o.parent.clone()),
                ParentId::Root(_) => None,
            };
        }
    }
    found
}

/// The regions in the order the preferences ask for: the region order first, then the rest.
fn ordered_regions(regions: &[Region], preferences: &OperationPreferences) -> Vec<Region> {
    let mut ordered: Vec<Region> = preferences
        .region_order
        .iter()
        .filter(|r| regions.contains(r))
        .cloned()
        .collect();
    for region in regions {
        if !ordered.contains(region) {
            ordered.push(region.clone());
        }
    }
    ordered
}

impl Engine {
    pub(super) fn fresh_operation_id(&mut self, seed: u64) -> StackSetOperationId {
        self.next_operation += 1;
        let n = self.next_operation.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed;
        StackSetOperationId::generated(format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            n >> 32,
            n & 0xffff,
            (n >> 16) & 0xfff,
            self.next_operation & 0xfff,
            n & 0xffff_ffff_ffff
        ))
    }

    /// Schedules an operation over `accounts` (with the OU each came through) in the
    /// request's regions.
    pub(super) fn schedule(
        &self,
        id: StackSetOperationId,
        action: StackSetAction,
        accounts: &[(AccountId, Option<ParentId>)],
        request: &InstancesRequest,
    ) -> OperationRecord {
        let preferences = &request.preferences;
        let timing = self.timing;
        let total = accounts.len();
        let batch = preferences.max_concurrent.of(total).max(1);
        let tolerance = preferences.failure_tolerance.of(total);
        let parallel = preferences.region_concurrency == RegionConcurrency::Parallel;
        let mut slots = Vec::new();
        let mut offset = timing.setup;
        let mut end = timing.setup;
        let mut failed = false;
        for region in ordered_regions(&request.regions, preferences) {
            let region_start = if parallel { timing.setup } else { offset };
            let mut failures = 0;
            let mut region_end = region_start;
            for (index, chunk) in accounts.chunks(batch).enumerate() {
                // Saturating: a huge timing set by a test must not overflow into a panic.
                let steps = u32::try_from(index).unwrap_or(u32::MAX);
                let start =
                    region_start.saturating_add(timing.per_batch.checked_mul(steps).unwrap_or(Duration::MAX));
                let stop = start.saturating_add(timing.per_batch);
                let cancelled = failed && !parallel || failures > tolerance;
                for (account, ou) in chunk {
                    let outcome = match self.failing.get(account) {
                        _ if cancelled => Outcome::Cancelled,
                        Some(reason) if action != StackSetAction::DetectDrift => {
                            Outcome::Failed(reason.clone())
                        }
                        _ => Outcome::Succeeded,
                    };
                    if matches!(outcome, Outcome::Failed(_)) {
                        failures += 1;
                    }
                    slots.push(Slot {
                        account: account.clone(),
                        region: region.clone(),
                        ou: ou.clone(),
                        start,
                        end: stop,
                        outcome,
                    });
                }
                if !cancelled {
                    region_end = stop;
                }
            }
            if failures > tolerance {
                failed = true;
            }
            end = end.max(region_end);
            offset = region_end;
        }
        OperationRecord {
            id,
            action,
            started: Instant::now(),
            slots,
            end,
            failed,
            settled: false,
        }
    }
}

impl SetRecord {
    /// The running operation, if any (after settling the ones that ended).
    pub(super) fn running(
        &mut self,
        drifted: &BTreeMap<AccountId, Vec<ResourceDrift>>,
    ) -> Option<&OperationRecord> {
        self.settle(drifted);
        self.operations.iter().find(|op| !op.is_done())
    }

    /// Lands the effects of every operation that has ended and not been settled.
    pub(super) fn settle(&mut self, drifted: &BTreeMap<AccountId, Vec<ResourceDrift>>) {
        for op in &mut self.operations {
            if op.settled || !op.is_done() {
                continue;
            }
            op.settled = true;
            for slot in &op.slots {
                let key = (slot.account.clone(), slot.region.clone());
                match (op.action, &slot.outcome) {
                    (StackSetAction::Delete, Outcome::Succeeded) => {
                        self.instances.remove(&key);
                    }
                    (StackSetAction::Delete, _) => {}
                    (StackSetAction::DetectDrift, _) => {
                        if let Some(instance) = self.instances.get_mut(&key) {
                            instance.drift = if drifted.contains_key(&slot.account) {
                                DriftStatus::Drifted
                            } else {
                                DriftStatus::InSync
                            };
                        }
                    }
                    (_, outcome) => {
                        let (status, reason) = match outcome {
                            Outcome::Succeeded => (StackInstanceStatus::Current, None),
                            Outcome::Failed(reason) => (StackInstanceStatus::Outdated, Some(reason.clone())),
                            Outcome::Cancelled => (
                                StackInstanceStatus::Outdated,
                                Some("Cancelled since failure tolerance has exceeded".to_owned()),
                            ),
                        };
                        let instance = self.instances.entry(key).or_insert_with(|| InstanceRecord {
                            ou: slot.ou.clone(),
                            status,
                            reason: reason.clone(),
                            drift: DriftStatus::NotChecked,
                        });
                        instance.status = status;
                        instance.reason = reason;
                    }
                }
            }
        }
    }
}
