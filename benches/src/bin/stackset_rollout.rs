//! A role rolled out to every account of a 1,000-account organization through a
//! service-managed StackSet, on the in-memory engine with 30 ms per call and operation
//! times shaped like CloudFormation's (a setup, then one batch of concurrent accounts after
//! another): the library's own calls next to the engine's operation time, and the polls per
//! operation next to the bound of the backoff.
//!
//! Usage: `stackset_rollout [--accounts 1000] [--latency-ms 30] [--setup-s 10] [--batch-s 5]
//! [--concurrent-percent 10]`. Prints the derivation, then one `ROW` line.

use std::sync::Arc;
use std::time::{Duration, Instant};

use iam_bootstrap::client::layer::{Latency, Layered};
use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree, StackSetTiming};
use iam_bootstrap::client::{Clients, InMemory};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::stacksets::{OperationPreferencesBuilder, OrgStackSet};
use iam_bootstrap::{Aws, WaitConfig};
use iam_bootstrap_benches::Row;
use iam_bootstrap_benches::row::seconds;

fn arg(name: &str, default: f64) -> f64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let accounts = arg("--accounts", 1000.0) as u64;
    let latency = Duration::from_secs_f64(arg("--latency-ms", 30.0) / 1e3);
    let setup = Duration::from_secs_f64(arg("--setup-s", 10.0));
    let batch = Duration::from_secs_f64(arg("--batch-s", 5.0));
    let percent = arg("--concurrent-percent", 10.0) as u8;

    // 1,000 accounts in 20 OUs under Root/Workloads, two levels deep.
    let mut tree = OrganizationTree::new();
    for n in 0..accounts {
        let id = AccountId::new(format!("{:012}", 200_000_000_000 + n))?;
        let ou = format!("/Workloads/Team{:02}/Env{}", n % 10, n % 2);
        tree = tree.account(MemberAccount::new(id, format!("acct-{n}")).in_ou(ou));
    }
    let memory = InMemory::builder().organization(tree).build();
    memory.set_stack_set_timing(StackSetTiming::new(setup, batch));
    let layered = Layered::over(Latency::fixed(latency), Clients::all(Arc::new(memory)));
    let waits = WaitConfig::aws();
    let aws = Aws::from_clients(layered.into_clients()).with_waits(waits);

    let role = RoleSpec::builder("org-auditor")
        .trust(Trust::account_with_mfa("999999999999"))
        .managed_policy("arn:aws:iam::aws:policy/SecurityAudit")
        .build()?;
    let spec = OrgStackSet::role(role)
        .target(AccountSelectorBuilder::ou("Root/Workloads"))
        .region("us-east-1")
        .preferences(
            OperationPreferencesBuilder::new()
                .max_concurrent_percentage(percent)
                .failure_tolerance_percentage(percent.saturating_sub(1)),
        )
        .build()?;

    let started = Instant::now();
    let plan = spec.plan(&aws).await?;
    let plan_calls = aws.calls().total();
    let outcome = plan.apply(&aws).await?;
    let wall = started.elapsed().as_secs_f64();
    if !outcome.is_success() {
        return Err(format!("the rollout failed: {outcome}").into());
    }
    let calls = plan_calls + outcome.calls.total();
    let lat = latency.as_secs_f64();
    let library = calls as f64 * lat;
    // The engine's own time: setup, then ceil(N / concurrent) batches.
    let concurrent = (accounts as usize * usize::from(percent) / 100).max(1);
    let batches = (accounts as usize).div_ceil(concurrent);
    let engine = setup.as_secs_f64() + batches as f64 * batch.as_secs_f64();
    // Polls: one right away, the doubling steps to max_interval, then one per max_interval.
    let (i, m) = (
        waits.initial_interval.as_secs_f64(),
        waits.max_interval.as_secs_f64(),
    );
    let steps = (m / i).log2().ceil();
    let bound = 2.0 + steps + (engine / m).ceil();
    let polls: Vec<u32> = outcome.operations.iter().map(|op| op.polls).collect();
    let max_polls = polls.iter().copied().max().unwrap_or(0);
    eprintln!(
        "scenario: {accounts} accounts, {:.0} ms a call, {percent}% concurrent ({concurrent} accounts), \
         setup {:.1} s + {batches} batches x {:.1} s = engine {engine:.1} s",
        lat * 1e3,
        setup.as_secs_f64(),
        batch.as_secs_f64()
    );
    eprintln!(
        "  calls: {plan_calls} to plan (organization walk, 3 CloudFormation reads) + {} to apply = {calls}; x {:.0} ms = {library:.2} s",
        outcome.calls.total(),
        lat * 1e3
    );
    eprintln!(
        "  polls per operation: {polls:?}; bound 2 + ceil(log2(max/initial)) + ceil(D / max) = 2 + {steps} + ceil({engine:.1} / {m}) = {bound}"
    );
    eprintln!(
        "  wall {wall:.2} s = engine {engine:.1} s + {:.2} s (calls outside the operation, and the last poll's backoff step past its end); library's calls {:.1}% of wall",
        wall - engine,
        100.0 * library / wall
    );
    Row {
        what: format!(
            "StackSet rollout, {accounts} accounts ({percent}% at once), {:.0} ms a call",
            lat * 1e3
        ),
        ours: format!("{calls} calls, {} wall; {max_polls} polls/op", seconds(wall)),
        baseline: format!("engine {}; poll bound {bound}", seconds(engine)),
        ratio: format!("calls {:.1}% of wall", 100.0 * library / wall),
        target: "calls < 5% of wall; polls <= bound".into(),
        met: library / wall < 0.05 && f64::from(max_polls) <= bound,
    }
    .emit();
    Ok(())
}
