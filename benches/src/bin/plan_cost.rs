//! Is the local work negligible next to the round trips? Plans the large Identity Center
//! spec (1,000 users, 100 groups, 50 permission sets, 200 accounts: 20,000 assignments) on
//! the in-memory account with no latency and no rate limit, so the time measured is the
//! library's own work (and the in-memory account's), and sets it next to what the same
//! calls cost over a network at 30 ms each (a plan reads one call after another).
//!
//! Usage: `plan_cost [LATENCY_MS]`. Prints details on stderr and `ROW` lines on stdout.

use std::time::{Duration, Instant};

use iam_bootstrap::client::InMemory;
use iam_bootstrap::{Aws, IdentityCenterSpec};
use iam_bootstrap_benches::Row;
use iam_bootstrap_benches::workload::LargeSpec;

/// The fastest of a few plans, and the calls one plan makes.
async fn best_plan(
    spec: &IdentityCenterSpec,
    aws: &Aws,
) -> Result<(Duration, u64, usize), iam_bootstrap::Error> {
    let mut best = Duration::MAX;
    let (mut calls, mut changes) = (0, 0);
    for _ in 0..5 {
        let before = aws.calls();
        let started = Instant::now();
        let plan = spec.plan(aws).await?;
        best = best.min(started.elapsed());
        calls = aws.calls().since(&before).total();
        changes = plan.changes.len();
    }
    Ok((best, calls, changes))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let latency_ms: f64 = std::env::args().nth(1).map_or(Ok(30.0), |v| v.parse())?;
    let size = LargeSpec::ISSUE;
    let spec = size.build()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let local = |memory: &InMemory| Aws::in_memory(memory.clone()).with_rate_limit(None);
    let (fresh, converged) = runtime.block_on(async {
        let fresh = best_plan(&spec, &local(&InMemory::new())).await?;
        // Assignments settle at once: setting up 20,000 of them should not sleep.
        let account = local(&InMemory::builder().assignment_polls(0).build());
        spec.plan(&account).await?.apply(&account).await?;
        let converged = best_plan(&spec, &account).await?;
        Ok::<_, iam_bootstrap::Error>((fresh, converged))
    })?;
    for (state, (time, calls, changes)) in [("fresh", fresh), ("converged", converged)] {
        let network = calls as f64 * latency_ms / 1e3;
        let ratio = time.as_secs_f64() / network;
        eprintln!(
            "plan, {state} instance: {:.1} ms local, {calls} calls ({changes} changes); at {latency_ms} ms a call: {network:.1} s",
            time.as_secs_f64() * 1e3
        );
        Row {
            what: format!(
                "plan the large spec ({} users, {} groups, {} sets, {} accounts = {} assignments), {state} instance: local CPU vs its {calls} calls at {latency_ms:.0} ms",
                size.users,
                size.groups,
                size.permission_sets,
                size.accounts,
                size.assignments()
            ),
            ours: format!("{:.1} ms", time.as_secs_f64() * 1e3),
            baseline: format!("{network:.1} s"),
            ratio: format!("{:.3}%", ratio * 100.0),
            target: "< 1% (negligible)".into(),
            met: ratio < 0.01,
        }
        .emit();
    }
    Ok(())
}
