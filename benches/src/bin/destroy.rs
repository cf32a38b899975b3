//! Destroy at the rate-limit bound (issue #17): the large Identity Center spec (1,000
//! users, 100 groups, 50 permission sets, 200 accounts: 20,000 account assignments) is
//! applied to the in-memory account without latency or limits, then its destroy is planned
//! and applied with 30 ms a call under Identity Center's limits, next to the lower bound
//! those limits imply.
//!
//! Usage: `destroy [--latency-ms 30] [USERS GROUPS SETS ACCOUNTS]` (default the issue's
//! size). Prints the derivation of the bound and the calls made on stderr, one `ROW` line
//! on stdout.

use std::sync::Arc;
use std::time::Instant;

use iam_bootstrap::client::layer::{Latency, Layered};
use iam_bootstrap::client::{InMemory, Operation};
use iam_bootstrap::{ApplyOptions, Aws, WaitConfig};
use iam_bootstrap_benches::Row;
use iam_bootstrap_benches::row::seconds;
use iam_bootstrap_benches::workload::LargeSpec;

/// Identity Center's limits, as the library's default stack applies them (see `rollout`).
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Calls a second per API.
    rate: f64,
    /// Calls an API may make at once from a full bucket.
    burst: f64,
    /// Outstanding assignment operations (creations and deletions).
    outstanding: f64,
    /// Round trip of every call.
    latency: f64,
}

/// Status reads of each deletion before it reads terminal (the in-memory account's
/// `assignment_polls`): AWS answers a deletion IN_PROGRESS, so at least one read.
const POLLS: u32 = 1;

/// The lower bound of destroying `assignments` assignments of `sets` sets, and how.
fn bound(size: LargeSpec, l: Limits) -> (f64, Vec<String>) {
    let n = size.assignments() as f64;
    let p = f64::from(POLLS);
    // Before the first deletion: the instance (ListInstances), the sets (ListPermissionSets),
    // the first set shown to be the spec's (ListTagsForResource). The principal's lookup and
    // listing run alongside.
    let chain = 3.0 * l.latency;
    let deletes = (n - l.burst).max(0.0) / l.rate + (1.0 + p) * l.latency;
    let polls = l.latency + (n * p - l.burst).max(0.0) / l.rate + l.latency;
    let slots = (n / l.outstanding).ceil() * (1.0 + p) * l.latency;
    let phase = deletes.max(polls).max(slots);
    // After the last assignment of a set is gone: that set's DeletePermissionSet.
    let tail = l.latency;
    // Every other call is on a budget of its own and could overlap the deletions.
    let overlapping = [
        ("GetUserId", size.users),
        ("GetGroupId", size.groups),
        ("ListAccountAssignmentsForPrincipal", size.users + size.groups),
        ("DeleteGroupMembership", size.users),
        ("DeletePermissionSet", size.permission_sets),
    ];
    let mut lines = vec![
        format!(
            "destroy of {} users, {} groups, {} sets, {} accounts: {n} assignments, {POLLS} status read each, {:.0} ms a call, {:.0} calls/s per API (burst {:.0}), {:.0} outstanding",
            size.users,
            size.groups,
            size.permission_sets,
            size.accounts,
            l.latency * 1e3,
            l.rate,
            l.burst,
            l.outstanding
        ),
        format!(
            "  chain before the first deletion: 3 round trips (ListInstances, ListPermissionSets, ListTagsForResource) = {chain:.3} s"
        ),
        format!(
            "  deletion rate: (N - burst)/rate + (1 + polls) x latency = ({n} - {b})/{r} + {k} x {lat} = {deletes:.3} s",
            b = l.burst,
            r = l.rate,
            k = 1.0 + p,
            lat = l.latency
        ),
        format!("  status reads:  latency + (N x polls - burst)/rate + latency = {polls:.3} s"),
        format!(
            "  outstanding:   ceil(N / {o}) x (1 + polls) x latency = {slots:.3} s",
            o = l.outstanding
        ),
        format!("  then the last set's DeletePermissionSet: {tail:.3} s"),
    ];
    for (api, calls) in overlapping {
        let t = (calls as f64 - l.burst).max(0.0) / l.rate;
        lines.push(format!(
            "  overlappable: {calls} x {api} at {:.0}/s = {t:.3} s (within the deletion phase)",
            l.rate
        ));
    }
    let total = chain + phase + tail;
    lines.push(format!(
        "  bound = chain + max(deletion, status, outstanding) + last set = {total:.3} s"
    ));
    (total, lines)
}

fn parse_args() -> Result<(f64, LargeSpec), String> {
    let mut latency_ms = 30.0;
    let mut sizes = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--latency-ms" {
            latency_ms = args
                .next()
                .and_then(|v| v.parse().ok())
                .ok_or("--latency-ms takes a number")?;
        } else {
            sizes.push(
                arg.parse::<usize>()
                    .map_err(|_| format!("expected a size, got {arg}"))?,
            );
        }
    }
    let size = match sizes[..] {
        [] => LargeSpec::ISSUE,
        [users, groups, permission_sets, accounts] => LargeSpec {
            users,
            groups,
            permission_sets,
            accounts,
        },
        _ => return Err("sizes: USERS GROUPS SETS ACCOUNTS".into()),
    };
    Ok((latency_ms / 1e3, size))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (latency, size) = parse_args()?;
    let limits = Limits {
        rate: 20.0,
        burst: 20.0,
        outstanding: 10.0,
        latency,
    };
    let (bound, derivation) = bound(size, limits);
    for line in &derivation {
        eprintln!("{line}");
    }
    let spec = size.build()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let memory = InMemory::builder()
        .assignment_polls(POLLS)
        .max_outstanding_assignments(limits.outstanding as u32)
        .build();
    runtime.block_on(async {
        // The spec's state, made without latency or limits: only the destroy is measured.
        let setup = Aws::in_memory(memory.clone()).with_rate_limit(None);
        let started = Instant::now();
        spec.plan(&setup).await?.apply(&setup).await?;
        eprintln!(
            "  set up {} assignments in {:.1} s (no latency, no limits)",
            memory.inventory().account_assignments,
            started.elapsed().as_secs_f64()
        );
        Ok::<_, iam_bootstrap::Error>(())
    })?;
    if memory.inventory().account_assignments != size.assignments() {
        return Err("the setup did not create every assignment".into());
    }
    let (iam, idc) = Layered::new(
        Latency::fixed(std::time::Duration::from_secs_f64(latency)),
        Arc::new(memory.clone()),
        Arc::new(memory.clone()),
    )
    .into_arcs();
    // The default stack: retries, Identity Center's 20 calls/s per API, the counter.
    let aws = Aws::new(iam, idc).with_waits(WaitConfig::fast());
    let (planned, applied, deletions) = runtime.block_on(async {
        let started = Instant::now();
        let plan = spec.destroy_plan(&aws).await?;
        let planned = started.elapsed();
        let deletions = plan.deletions();
        plan.apply_with(&aws, ApplyOptions::default().allow_deletions(true))
            .await?;
        Ok::<_, iam_bootstrap::Error>((planned, started.elapsed(), deletions))
    })?;
    let left = memory.inventory().account_assignments;
    if left != 0 {
        return Err(format!("{left} assignments survived the destroy").into());
    }
    let calls = aws.calls();
    let wall = applied.as_secs_f64();
    let ratio = wall / bound;
    eprintln!(
        "  measured: plan {:.3} s, plan + apply {wall:.3} s = {ratio:.3}x the bound; {} calls ({} retried errors), {deletions} deletion changes",
        planned.as_secs_f64(),
        calls.total(),
        calls.errors()
    );
    for op in [
        Operation::ListAccountAssignmentsForPrincipal,
        Operation::ListAccountsForProvisionedPermissionSet,
        Operation::ListAccountAssignments,
        Operation::GetDirectoryUserId,
        Operation::GetDirectoryGroupId,
        Operation::DescribeDirectoryUser,
        Operation::ListGroupMemberships,
        Operation::DeleteAccountAssignment,
        Operation::DescribeAccountAssignmentDeletionStatus,
        Operation::DeleteGroupMembership,
        Operation::DeletePermissionSet,
    ] {
        eprintln!("    {} x{}", op.api_name(), calls.calls(op));
    }
    Row {
        what: format!(
            "destroy on InMemory: {} users, {} groups, {} sets, {} accounts ({} assignments), {:.0} ms/call, 20/s per API, 10 outstanding (plan + apply vs lower bound; {} ListAccountAssignmentsForPrincipal, {} ListAccountAssignments)",
            size.users,
            size.groups,
            size.permission_sets,
            size.accounts,
            size.assignments(),
            latency * 1e3,
            calls.calls(Operation::ListAccountAssignmentsForPrincipal),
            calls.calls(Operation::ListAccountAssignments),
        ),
        ours: seconds(wall),
        baseline: format!("{} bound", seconds(bound)),
        ratio: format!("{ratio:.3}x"),
        target: "<= 1.15x".into(),
        met: ratio <= 1.15,
    }
    .emit();
    Ok(())
}
