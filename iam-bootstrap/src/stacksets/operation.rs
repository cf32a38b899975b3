//! Starting a StackSet operation without colliding with a running one, and polling it
//! until it ends.
//!
//! Polling backs off exponentially from the handle's `initial_interval` to its
//! `max_interval` ([`WaitConfig`](crate::WaitConfig)), so an operation of duration `D` is
//! polled at most `2 + ceil(log2(max_interval / initial_interval)) + ceil(D / max_interval)`
//! times (one poll right away, the doubling steps, then one per `max_interval`, and the
//! poll that sees it done), and never longer than the wait's timeout.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Aws;
use crate::client::{
    AccountOperationResult, InstancesRequest, NewStackSet, StackSetAction, StackSetOperation,
    StackSetOperationStatus, StackSetUpdate,
};
use crate::error::{Error, Result};
use crate::names::{StackSetName, StackSetOperationId};
use crate::wait::poll_until;

/// How many times a start that collides with another operator's operation waits for it
/// and tries again.
const COLLISION_RETRIES: u32 = 3;

/// One StackSet operation as an apply or audit saw it end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OperationReport {
    /// Its ID.
    pub id: StackSetOperationId,
    /// What it did.
    pub action: StackSetAction,
    /// How it ended.
    pub status: StackSetOperationStatus,
    /// CloudFormation's reason, for a failure.
    pub status_reason: Option<String>,
    /// How many times it was polled (`DescribeStackSetOperation` calls).
    pub polls: u32,
    /// Whether it was already running (started by someone else) and only waited for.
    pub waited_for: bool,
}

impl fmt::Display for OperationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.waited_for { "waited for" } else { "ran" };
        write!(
            f,
            "{verb} {:?} operation {}: {:?} after {} poll(s)",
            self.action, self.id, self.status, self.polls
        )?;
        if let Some(reason) = &self.status_reason {
            write!(f, " ({reason})")?;
        }
        Ok(())
    }
}

/// Polls `id` until it ends; the operation and the number of polls.
pub(crate) async fn wait_for(
    aws: &Aws,
    name: &StackSetName,
    id: &StackSetOperationId,
) -> Result<(StackSetOperation, u32)> {
    let cfn = aws.cloudformation();
    let mut polls = 0u32;
    let what = format!("StackSet {name} operation {id}");
    let op = poll_until(aws.waits(), &what, || {
        polls += 1;
        async move {
            let op = cfn.describe_stack_set_operation(name, id).await?;
            Ok(op.status.is_done().then_some(op))
        }
    })
    .await?;
    Ok((op, polls))
}

fn report(op: StackSetOperation, polls: u32, waited_for: bool) -> OperationReport {
    OperationReport {
        id: op.id,
        action: op.action,
        status: op.status,
        status_reason: op.status_reason,
        polls,
        waited_for,
    }
}

/// Waits for every operation running on the StackSet (one at most, as CloudFormation runs
/// them one at a time, but a queue is waited for in order).
pub(crate) async fn wait_for_running(aws: &Aws, name: &StackSetName) -> Result<Vec<OperationReport>> {
    let running: Vec<_> = aws
        .cloudformation()
        .list_stack_set_operations(name)
        .await?
        .into_iter()
        .filter(|op| !op.status.is_done())
        .collect();
    let mut reports = Vec::with_capacity(running.len());
    // Oldest first: the list is newest first.
    for op in running.into_iter().rev() {
        let (done, polls) = wait_for(aws, name, &op.id).await?;
        reports.push(report(done, polls, true));
    }
    Ok(reports)
}

async fn begin(
    aws: &Aws,
    name: &StackSetName,
    action: StackSetAction,
    definition: &NewStackSet,
    request: &InstancesRequest,
) -> Result<StackSetOperationId> {
    let cfn = aws.cloudformation();
    match action {
        StackSetAction::Update => {
            cfn.update_stack_set(&StackSetUpdate::new(definition.clone(), request.clone()))
                .await
        }
        StackSetAction::Create => cfn.create_stack_instances(name, request).await,
        StackSetAction::Delete => cfn.delete_stack_instances(name, request, false).await,
        StackSetAction::DetectDrift => cfn.detect_stack_set_drift(name, &request.preferences).await,
    }
}

/// Starts one operation (waiting for a running one if the start collides with it), polls
/// it until it ends, and reads its per-account results.
pub(crate) async fn start(
    aws: &Aws,
    name: &StackSetName,
    action: StackSetAction,
    definition: &NewStackSet,
    request: &InstancesRequest,
) -> Result<(OperationReport, Vec<AccountOperationResult>)> {
    let mut collisions = 0;
    let id = loop {
        match begin(aws, name, action, definition, request).await {
            Ok(id) => break id,
            Err(Error::Conflict { .. }) if collisions < COLLISION_RETRIES => {
                collisions += 1;
                wait_for_running(aws, name).await?;
            }
            Err(err) => return Err(err),
        }
    };
    let (op, polls) = wait_for(aws, name, &id).await?;
    let results = aws
        .cloudformation()
        .list_stack_set_operation_results(name, &id)
        .await?;
    Ok((report(op, polls, false), results))
}
