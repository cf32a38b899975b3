//! The Rust side of the Python-overhead comparison. One iteration: a fresh account; the
//! admin bootstrap (N accounts) planned and applied; five roles each planned and applied;
//! the admin planned again (must be empty). `benches/compare/python_overhead.py` runs the
//! same loop through the Python bindings and compares.
//!
//! Usage: `overhead_rust [--accounts 20] [--iterations 200] [--rounds 5] [--endpoint URL]`.
//! Without `--endpoint`: the in-memory account, whose assignments settle at once (no poll
//! sleeps: CPU work only). With it: moto at URL, a fresh moto account per iteration.
//! Prints one JSON object: seconds per iteration (best round), calls per iteration, and
//! seconds per iteration spent building the specs alone (best round).

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use iam_bootstrap::Aws;
use iam_bootstrap::client::InMemory;
use iam_bootstrap_benches::workload;
use serde_json::json;

/// A fresh account: in memory, or a new moto account (`x-moto-account-id`).
async fn account(endpoint: Option<&str>, n: u32) -> iam_bootstrap::Result<Aws> {
    let Some(endpoint) = endpoint else {
        return Ok(Aws::in_memory(InMemory::builder().assignment_polls(0).build()));
    };
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let id = format!("{:012}", (nanos + u128::from(n)) % 1_000_000_000_000);
    Aws::builder()
        .endpoint_url(endpoint)
        .region("us-east-1")
        .static_credentials("testing", "testing")
        .header("x-moto-account-id", id)
        .emulator_gaps(iam_bootstrap::EmulatorGaps::moto())
        .build()
        .await
}

/// One iteration; returns the calls it made.
async fn iteration(
    endpoint: Option<&str>,
    n: u32,
    accounts: &[String],
) -> Result<u64, Box<dyn std::error::Error>> {
    let aws = account(endpoint, n).await?;
    let admin = workload::admin(accounts)?;
    admin.plan(&aws).await?.apply(&aws).await?;
    for role in workload::roles(5)? {
        role.plan(&aws).await?.apply(&aws).await?;
    }
    if !admin.plan(&aws).await?.is_empty() {
        return Err("not converged".into());
    }
    Ok(aws.calls().total())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut accounts, mut iterations, mut rounds, mut endpoint) = (20usize, 200u32, 5u32, None);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--accounts" => accounts = value.parse()?,
            "--iterations" => iterations = value.parse()?,
            "--rounds" => rounds = value.parse()?,
            "--endpoint" => endpoint = Some(value),
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    let endpoint = endpoint.as_deref();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let accounts = workload::account_ids(111_111_111_111, accounts);
    let (best, calls) = runtime.block_on(async {
        let calls = iteration(endpoint, 0, &accounts).await?; // warm-up
        let mut best = f64::MAX;
        for round in 0..rounds {
            let started = Instant::now();
            for n in 0..iterations {
                iteration(endpoint, round * iterations + n + 1, &accounts).await?;
            }
            best = best.min(started.elapsed().as_secs_f64() / f64::from(iterations));
        }
        Ok::<_, Box<dyn std::error::Error>>((best, calls))
    })?;
    // The specs alone, built as the loop builds them: the part of an iteration that is the
    // caller's own code (Python runs it in the interpreter), timed the same way.
    let mut specs_best = f64::MAX;
    for _ in 0..rounds {
        let started = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box((workload::admin(&accounts)?, workload::roles(5)?));
        }
        specs_best = specs_best.min(started.elapsed().as_secs_f64() / f64::from(iterations));
    }
    println!(
        "{}",
        json!({"seconds_per_iteration": best, "calls_per_iteration": calls, "iterations": iterations, "rounds": rounds, "specs_seconds_per_iteration": specs_best})
    );
    Ok(())
}
