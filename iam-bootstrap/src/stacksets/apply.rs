//! Applying a [`StackSetPlan`]: wait for a running operation, create or update the
//! StackSet, add (and, when allowed, remove) instances, poll each operation with a
//! bounded backoff, and report per account.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::operation::{OperationReport, start, wait_for_running};
use super::plan::{InstanceKey, StackSetChange, StackSetPlan};
use crate::Aws;
use crate::client::layer::{CallCounter, CallStats};
use crate::client::{AccountOperationStatus, InstancesRequest, StackSetAction, StackSetOperationStatus};
use crate::error::{Error, PreconditionReason, Result};
use crate::names::{AccountId, Region};

/// How [`StackSetPlan::apply_with`] runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct StackSetApply {
    allow_deletions: bool,
}

impl StackSetApply {
    /// The defaults: no deletions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the plan's instance removals may run (default `false`: a plan that removes
    /// instances fails before any write with
    /// [`PreconditionReason::DeletionsNotAllowed`]).
    pub fn allow_deletions(mut self, allow: bool) -> Self {
        self.allow_deletions = allow;
        self
    }
}

/// How one account (in one region) came out of an apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
#[non_exhaustive]
pub enum AccountStatus {
    /// Its stack instance is up to date.
    Succeeded,
    /// Its stack operation failed.
    Failed {
        /// CloudFormation's status reason.
        reason: String,
    },
    /// Not deployed: the account is not ACTIVE, or the operation stopped before it.
    Skipped {
        /// Why.
        reason: String,
    },
}

/// One account's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountOutcome {
    /// The account.
    pub account: AccountId,
    /// The region (`None` for an account skipped before any operation).
    pub region: Option<Region>,
    /// How it came out.
    #[serde(flatten)]
    pub status: AccountStatus,
}

/// What an apply did: the operations it ran or waited for, each account's result, and
/// its own calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StackSetOutcome {
    /// The operations, in order (those waited for first).
    pub operations: Vec<OperationReport>,
    /// One entry per account and region that an operation reached or the plan skipped;
    /// when several operations reached one, the worst result.
    pub accounts: Vec<AccountOutcome>,
    /// The calls this apply made.
    pub calls: CallStats,
}

impl StackSetOutcome {
    /// The accounts that failed, with CloudFormation's reasons.
    pub fn failed(&self) -> impl Iterator<Item = &AccountOutcome> {
        self.accounts
            .iter()
            .filter(|a| matches!(a.status, AccountStatus::Failed { .. }))
    }

    /// Whether every operation succeeded and no account failed.
    pub fn is_success(&self) -> bool {
        self.failed().next().is_none()
            && self
                .operations
                .iter()
                .all(|op| op.status == StackSetOperationStatus::Succeeded)
    }
}

impl fmt::Display for StackSetOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for op in &self.operations {
            writeln!(f, "{op}")?;
        }
        let count =
            |want: fn(&AccountStatus) -> bool| self.accounts.iter().filter(|a| want(&a.status)).count();
        writeln!(
            f,
            "accounts: {} succeeded, {} failed, {} skipped ({} calls: {} read, {} write)",
            count(|s| matches!(s, AccountStatus::Succeeded)),
            count(|s| matches!(s, AccountStatus::Failed { .. })),
            count(|s| matches!(s, AccountStatus::Skipped { .. })),
            self.calls.total(),
            self.calls.reads(),
            self.calls.writes()
        )?;
        for account in &self.accounts {
            let region = account.region.as_ref().map_or(String::new(), |r| format!(" {r}"));
            match &account.status {
                AccountStatus::Failed { reason } => writeln!(f, "  ✗ {}{region}: {reason}", account.account)?,
                AccountStatus::Skipped { reason } => {
                    writeln!(f, "  - {}{region}: skipped ({reason})", account.account)?
                }
                AccountStatus::Succeeded => {}
            }
        }
        Ok(())
    }
}

/// Worst first: a failure outranks a skip, which outranks a success.
fn rank(status: &AccountStatus) -> u8 {
    match status {
        AccountStatus::Failed { .. } => 2,
        AccountStatus::Skipped { .. } => 1,
        AccountStatus::Succeeded => 0,
    }
}

#[derive(Default)]
struct Results {
    by_instance: BTreeMap<(AccountId, Option<Region>), AccountStatus>,
}

impl Results {
    fn record(&mut self, account: AccountId, region: Option<Region>, status: AccountStatus) {
        let entry = self
            .by_instance
            .entry((account, region))
            .or_insert(AccountStatus::Succeeded);
        if rank(&status) >= rank(entry) {
            *entry = status;
        }
    }

    fn skip_all(&mut self, keys: &[InstanceKey], reason: &str) {
        for key in keys {
            self.by_instance
                .entry((key.account.clone(), Some(key.region.clone())))
                .or_insert_with(|| AccountStatus::Skipped {
                    reason: reason.to_owned(),
                });
        }
    }
}

impl StackSetPlan {
    /// Applies the plan without deletions ([`StackSetApply::new`]).
    ///
    /// # Errors
    /// As [`StackSetPlan::apply_with`].
    pub async fn apply(&self, aws: &Aws) -> Result<StackSetOutcome> {
        self.apply_with(aws, StackSetApply::new()).await
    }

    /// Applies the plan: waits for operations already running on the StackSet, creates or
    /// updates it, deploys instances, removes the dropped ones (if allowed), polling each
    /// operation until it ends. An operation that fails (over its failure tolerance) is
    /// reported per account, and the operations after it do not start. A converged plan
    /// writes nothing.
    ///
    /// # Errors
    /// [`PreconditionReason::DeletionsNotAllowed`] before any call when the plan removes
    /// instances and `options` does not allow it; [`Error::Timeout`] when an operation
    /// outlasts the handle's [`WaitConfig`](crate::WaitConfig); backend errors (a re-run
    /// converges).
    pub async fn apply_with(&self, aws: &Aws, options: StackSetApply) -> Result<StackSetOutcome> {
        if self.has_deletions() && !options.allow_deletions {
            return Err(Error::Precondition {
                reason: PreconditionReason::DeletionsNotAllowed {
                    deletions: self.remove.len(),
                },
                problem: format!("the plan removes {} stack instance(s)", self.remove.len()),
                remedy: "review them, then apply with StackSetApply::new().allow_deletions(true)".into(),
            });
        }
        let counter = CallCounter::new();
        let aws = aws.counted_by(counter.clone());
        let cfn = aws.cloudformation();
        let name = &self.stack_set;
        let mut operations = Vec::new();
        let mut results = Results::default();
        for resolution in &self.resolutions {
            for skipped in &resolution.skipped {
                results.record(
                    skipped.id.clone(),
                    None,
                    AccountStatus::Skipped {
                        reason: format!("the account is {}", skipped.state),
                    },
                );
            }
        }
        if !self.running.is_empty() {
            operations.extend(wait_for_running(&aws, name).await?);
        }
        let request = |targets: Vec<_>, regions: Vec<Region>| {
            InstancesRequest::new(targets, regions, self.preferences.clone())
        };
        let mut steps: Vec<(StackSetAction, InstancesRequest, Vec<InstanceKey>)> = Vec::new();
        match &self.change {
            Some(StackSetChange::Create) => {
                cfn.create_stack_set(&self.definition).await?;
            }
            Some(StackSetChange::Update { .. }) => {
                steps.push((
                    StackSetAction::Update,
                    request(self.targets.clone(), self.regions.clone()),
                    [self.update.as_slice(), self.retry.as_slice()].concat(),
                ));
            }
            None if !self.retry.is_empty() => {
                let regions = regions_of(&self.retry);
                steps.push((
                    StackSetAction::Update,
                    request(self.targets.clone(), regions),
                    self.retry.clone(),
                ));
            }
            None => {}
        }
        if !self.deploy_to.is_empty() {
            steps.push((
                StackSetAction::Create,
                request(self.deploy_to.clone(), self.regions.clone()),
                self.add.clone(),
            ));
        }
        if !self.dropped_targets.is_empty() {
            let mut regions = self.regions.clone();
            regions.extend(self.dropped_regions.iter().cloned());
            steps.push((
                StackSetAction::Delete,
                request(self.dropped_targets.clone(), regions),
                self.remove.clone(),
            ));
        }
        if !self.dropped_regions.is_empty() {
            steps.push((
                StackSetAction::Delete,
                request(self.targets.clone(), self.dropped_regions.clone()),
                self.remove.clone(),
            ));
        }
        let mut stopped = false;
        for (action, request, keys) in steps {
            if stopped {
                results.skip_all(&keys, "an earlier operation of this apply failed");
                continue;
            }
            let (report, account_results) = start(&aws, name, action, &self.definition, &request).await?;
            stopped = report.status != StackSetOperationStatus::Succeeded;
            for result in account_results {
                let status = match result.status {
                    AccountOperationStatus::Succeeded => AccountStatus::Succeeded,
                    AccountOperationStatus::Failed => AccountStatus::Failed {
                        reason: result.status_reason.unwrap_or_else(|| "no reason given".into()),
                    },
                    other => AccountStatus::Skipped {
                        reason: result
                            .status_reason
                            .unwrap_or_else(|| format!("the operation left it {other}")),
                    },
                };
                results.record(result.account, Some(result.region), status);
            }
            operations.push(report);
        }
        let accounts = results
            .by_instance
            .into_iter()
            .map(|((account, region), status)| AccountOutcome {
                account,
                region,
                status,
            })
            .collect();
        Ok(StackSetOutcome {
            operations,
            accounts,
            calls: counter.snapshot(),
        })
    }
}

fn regions_of(keys: &[InstanceKey]) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    for key in keys {
        if !regions.contains(&key.region) {
            regions.push(key.region.clone());
        }
    }
    regions
}
