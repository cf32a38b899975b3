//! Bulk rollout at the rate-limit bound: the admin bootstrap (user, group, permission set,
//! the group assigned the set in N accounts) planned and applied on the in-memory account
//! with injected latency and Identity Center's limits, next to the lower bound those limits
//! imply.
//!
//! Usage: `rollout [--latency-ms 30] [--waits fast|aws] [N:POLLS ...]` (default `200:1 100:2`).
//! Prints the derivation of each bound, then one `ROW` line per scenario.

use std::sync::Arc;
use std::time::{Duration, Instant};

use iam_bootstrap::client::layer::{CallStats, FaultKind, Faults, Latency, Layered};
use iam_bootstrap::client::{IamApi, IdentityCenterApi, InMemory, Operation};
use iam_bootstrap::{AdminProvisioning, Aws, WaitConfig};
use iam_bootstrap_benches::read_bound::{self, Shape};
use iam_bootstrap_benches::row::seconds;
use iam_bootstrap_benches::{Row, workload};

/// Identity Center's limits, as the library's default stack applies them.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Calls a second per API (governor GCRA: one cell every `1/rate`).
    rate: f64,
    /// Calls an API may make at once from a full bucket (governor's burst = the rate).
    burst: f64,
    /// Outstanding `CreateAccountAssignment`s.
    outstanding: f64,
    /// Round trip of every call.
    latency: f64,
}

/// One rollout: `accounts` assignments, each read IN_PROGRESS `polls - 1` times.
#[derive(Debug, Clone, Copy)]
struct Scenario {
    accounts: usize,
    polls: u32,
}

/// The lower bound and how it was derived.
fn bound(s: Scenario, l: Limits) -> (f64, Vec<String>) {
    let n = s.accounts as f64;
    let p = f64::from(s.polls);
    // Before the first creation can start: ListInstances (the identity store and instance),
    // ListPermissionSets (is the set there?), CreatePermissionSet, AttachManagedPolicy (the
    // set must hold its policy before assignments provision it, or a provisioning round
    // trip follows). Group and user creation run alongside.
    let chain = 4.0 * l.latency;
    // Creations: the bucket's burst, then one every 1/rate; after the last one, that
    // assignment's own round trip and its polls.
    let creates = (n - l.burst).max(0.0) / l.rate + (1.0 + p) * l.latency;
    // Status polls: n*p of them on their own budget; none before the first creation returns.
    let polls = l.latency + (n * p - l.burst).max(0.0) / l.rate + l.latency;
    // Outstanding creations: each holds one of the slots for at least its round trip plus
    // its polls' round trips.
    let slots = (n / l.outstanding).ceil() * (1.0 + p) * l.latency;
    let phase = creates.max(polls).max(slots);
    let lines = vec![
        format!(
            "scenario: {} assignments, {} status poll(s) each, {:.0} ms a call, {:.0} calls/s per API (burst {:.0}), {:.0} outstanding",
            s.accounts,
            s.polls,
            l.latency * 1e3,
            l.rate,
            l.burst,
            l.outstanding
        ),
        format!(
            "  chain before the first creation: 4 round trips (ListInstances, ListPermissionSets, CreatePermissionSet, AttachManagedPolicy) = {chain:.3} s"
        ),
        format!(
            "  creation rate:   (N - burst)/rate + (1 + polls) x latency = ({n} - {b})/{r} + {k} x {lat} = {creates:.3} s",
            b = l.burst,
            r = l.rate,
            k = 1.0 + p,
            lat = l.latency
        ),
        format!(
            "  poll rate:       latency + (N x polls - burst)/rate + latency = {lat} + ({np} - {b})/{r} + {lat} = {polls:.3} s",
            lat = l.latency,
            np = n * p,
            b = l.burst,
            r = l.rate
        ),
        format!(
            "  outstanding:     ceil(N / {o}) x (1 + polls) x latency = {slots:.3} s",
            o = l.outstanding
        ),
        format!(
            "  bound = chain + max(creation, poll, outstanding) = {:.3} s",
            chain + phase
        ),
    ];
    (chain + phase, lines)
}

struct Measured {
    wall: Duration,
    calls: u64,
    errors: u64,
    peak_outstanding: u32,
    memory: InMemory,
    spec: AdminProvisioning,
}

/// `memory` behind the injected latency.
fn with_latency(memory: &InMemory, l: Limits) -> (Arc<dyn IamApi>, Arc<dyn IdentityCenterApi>) {
    Layered::new(
        Latency::fixed(Duration::from_secs_f64(l.latency)),
        Arc::new(memory.clone()),
        Arc::new(memory.clone()),
    )
    .into_arcs()
}

async fn measure(s: Scenario, l: Limits, waits: WaitConfig) -> Result<Measured, Box<dyn std::error::Error>> {
    let memory = InMemory::builder()
        .assignment_polls(s.polls)
        .max_outstanding_assignments(l.outstanding as u32)
        .build();
    let (iam, idc) = with_latency(&memory, l);
    // The default stack: retries, Identity Center's 20 calls/s per API, the counter.
    let aws = Aws::new(iam, idc).with_waits(waits);
    let spec = workload::admin(&workload::account_ids(100_000_000_000, s.accounts))?;
    let started = Instant::now();
    let plan = spec.plan(&aws).await?;
    plan.apply(&aws).await?;
    let wall = started.elapsed();
    let calls = aws.calls();
    if memory.inventory().account_assignments != s.accounts {
        return Err("not every assignment was created".into());
    }
    if calls.calls(Operation::DescribeAccountAssignmentCreationStatus)
        != s.accounts as u64 * u64::from(s.polls)
    {
        eprintln!("  note: status polls differ from accounts x polls");
    }
    Ok(Measured {
        wall,
        calls: calls.total(),
        errors: calls.errors(),
        peak_outstanding: memory.max_outstanding_assignments(),
        memory,
        spec,
    })
}

/// Plans and applies the converged account again through a fresh handle; with
/// `by_account`, `ListAccountAssignmentsForPrincipal` is refused, so the plan lists
/// assignments account by account (the library's own fallback when AWS refuses the listing
/// by principal).
async fn rerun(
    m: &Measured,
    l: Limits,
    by_account: bool,
) -> Result<(Duration, CallStats), Box<dyn std::error::Error>> {
    let (iam, idc) = with_latency(&m.memory, l);
    let (iam, idc) = if by_account {
        let refuse = Faults::new(1).fail_operation(
            Operation::ListAccountAssignmentsForPrincipal,
            u64::MAX,
            FaultKind::AccessDenied,
        );
        Layered::new(refuse, iam, idc).into_arcs()
    } else {
        (iam, idc)
    };
    let aws = Aws::new(iam, idc);
    let started = Instant::now();
    let plan = m.spec.plan(&aws).await?;
    if !plan.is_empty() {
        return Err("the re-run planned changes".into());
    }
    plan.apply(&aws).await?;
    Ok((started.elapsed(), aws.calls()))
}

fn parse_args() -> Result<(f64, WaitConfig, Vec<Scenario>), String> {
    let mut latency_ms = 30.0;
    let mut waits = WaitConfig::fast();
    let mut scenarios = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--latency-ms" => {
                latency_ms = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--latency-ms takes a number")?;
            }
            "--waits" => {
                waits = match args.next().as_deref() {
                    Some("fast") => WaitConfig::fast(),
                    Some("aws") => WaitConfig::aws(),
                    _ => return Err("--waits takes fast or aws".into()),
                };
            }
            other => {
                let (n, p) = other
                    .split_once(':')
                    .and_then(|(n, p)| Some((n.parse().ok()?, p.parse().ok()?)))
                    .ok_or_else(|| format!("expected N:POLLS, got {other}"))?;
                scenarios.push(Scenario {
                    accounts: n,
                    polls: p,
                });
            }
        }
    }
    if scenarios.is_empty() {
        scenarios = vec![
            Scenario {
                accounts: 200,
                polls: 1,
            },
            Scenario {
                accounts: 100,
                polls: 2,
            },
        ];
    }
    Ok((latency_ms / 1e3, waits, scenarios))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (latency, waits, scenarios) = parse_args()?;
    let limits = Limits {
        rate: 20.0,
        burst: 20.0,
        outstanding: 10.0,
        latency,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    eprintln!(
        "waits: first poll after {:?}, doubling to {:?}",
        waits.initial_interval, waits.max_interval
    );
    for (n, scenario) in scenarios.into_iter().enumerate() {
        let (bound, derivation) = bound(scenario, limits);
        for line in &derivation {
            eprintln!("{line}");
        }
        let m = runtime.block_on(measure(scenario, limits, waits))?;
        let ratio = m.wall.as_secs_f64() / bound;
        eprintln!(
            "  measured {:.3} s = {ratio:.3}x the bound; {} calls ({} retried errors), peak {} outstanding",
            m.wall.as_secs_f64(),
            m.calls,
            m.errors,
            m.peak_outstanding
        );
        Row {
            what: format!(
                "rollout on InMemory: {} assignments, {} poll(s) each, {:.0} ms/call, 20/s per API, 10 outstanding (wall vs lower bound)",
                scenario.accounts,
                scenario.polls,
                latency * 1e3
            ),
            ours: seconds(m.wall.as_secs_f64()),
            baseline: format!("{} bound", seconds(bound)),
            ratio: format!("{ratio:.3}x"),
            target: "<= 1.15x".into(),
            met: ratio <= 1.15,
        }
        .emit();
        if n > 0 {
            continue;
        }
        let (wall, calls) = runtime.block_on(rerun(&m, limits, false))?;
        let (old_wall, old_calls) = runtime.block_on(rerun(&m, limits, true))?;
        let (reads, writes, old_reads) = (calls.reads(), calls.writes(), old_calls.reads());
        let needed = read_bound::converged_reads(Shape {
            accounts: scenario.accounts as u64,
            roles: 0,
            gaps: iam_bootstrap::EmulatorGaps::none(),
            // The in-memory account answers every listing in one page.
            page_size: None,
        });
        let comparison = read_bound::compare(&needed, &calls);
        eprintln!(
            "  converged re-run: {writes} writes, {reads} reads, {:.3} s; the library's fallback (listing account by account): {old_reads} reads, {:.3} s",
            wall.as_secs_f64(),
            old_wall.as_secs_f64()
        );
        eprintln!("  fewest reads that prove this rollout converged:");
        for line in read_bound::describe(&needed, &comparison) {
            eprintln!("{line}");
        }
        Row {
            what: format!(
                "converged re-run of that rollout ({} assignments), same limits: listing by principal vs the library's own fallback (account by account, used when that listing is refused)",
                scenario.accounts
            ),
            ours: format!("{writes} writes, {reads} reads, {}", seconds(wall.as_secs_f64())),
            baseline: format!("{old_reads} reads, {} (fallback)", seconds(old_wall.as_secs_f64())),
            ratio: format!("{:.2}x reads", reads as f64 / old_reads as f64),
            target: format!("0 writes, reads <= {} (fewest that prove it)", comparison.bound),
            met: writes == 0 && reads <= comparison.bound,
        }
        .emit();
    }
    Ok(())
}
