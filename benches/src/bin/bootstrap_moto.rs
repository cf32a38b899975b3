//! The library's side of the moto comparison: the bootstrap (admin user, group, permission
//! set, N assignments, K roles) planned and applied through the AWS SDK against a moto
//! server in a fresh account, then planned again (converged). Prints one JSON object;
//! `benches/compare/bootstrap_compare.py` runs it next to the boto3 script.
//!
//! Usage: `bootstrap_moto --endpoint URL --account-id ID [--accounts 20] [--roles 5]`

use std::time::Instant;

use iam_bootstrap::Plan;
use iam_bootstrap::client::layer::CallStats;
use iam_bootstrap_benches::http_count::CountedAws;
use iam_bootstrap_benches::workload;
use serde_json::{Value, json};

struct Args {
    endpoint: String,
    account_id: String,
    accounts: usize,
    roles: usize,
}

fn parse_args() -> Result<Args, String> {
    let (mut endpoint, mut account_id, mut accounts, mut roles) = (None, None, 20, 5);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--endpoint" => endpoint = Some(value),
            "--account-id" => account_id = Some(value),
            "--accounts" => accounts = value.parse().map_err(|_| "--accounts takes a number")?,
            "--roles" => roles = value.parse().map_err(|_| "--roles takes a number")?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(Args {
        endpoint: endpoint.ok_or("--endpoint is required")?,
        account_id: account_id.ok_or("--account-id is required")?,
        accounts,
        roles,
    })
}

fn stats(calls: &CallStats, requests: u64, seconds: f64) -> Value {
    let by_operation: serde_json::Map<String, Value> = calls
        .by_operation
        .iter()
        .map(|(op, s)| (op.to_string(), json!(s.calls)))
        .collect();
    json!({
        "wall_s": seconds,
        "calls": calls.total(),
        "reads": calls.reads(),
        "writes": calls.writes(),
        "errors": calls.errors(),
        "http_requests": requests,
        "by_operation": by_operation,
    })
}

async fn run(args: Args) -> Result<Value, Box<dyn std::error::Error>> {
    let admin = workload::admin(&workload::account_ids(200_000_000_000, args.accounts))?;
    let roles = workload::roles(args.roles)?;
    // Clients are built before the clock starts, as the boto3 script's are.
    let counted = CountedAws::connect(&args.endpoint, &args.account_id).await;
    let aws = &counted.aws;

    let plan_all = || async {
        let mut plan: Plan = admin.plan(aws).await?;
        for role in &roles {
            plan.extend(role.plan(aws).await?);
        }
        Ok::<_, iam_bootstrap::Error>(plan)
    };

    let (before, requests) = (aws.calls(), counted.requests());
    let started = Instant::now();
    let plan = plan_all().await?;
    let planned = plan.changes.len();
    let plan_s = started.elapsed().as_secs_f64();
    plan.apply(aws).await?;
    let fresh = stats(
        &aws.calls().since(&before),
        counted.requests() - requests,
        started.elapsed().as_secs_f64(),
    );

    let (before, requests) = (aws.calls(), counted.requests());
    let started = Instant::now();
    let again = plan_all().await?;
    let remaining = again.changes.len();
    again.apply(aws).await?;
    let converged = stats(
        &aws.calls().since(&before),
        counted.requests() - requests,
        started.elapsed().as_secs_f64(),
    );
    Ok(json!({
        "fresh_plan_s": plan_s,
        "changes": planned,
        "changes_when_converged": remaining,
        "fresh": fresh,
        "converged": converged,
    }))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(run(args))?;
    println!("{report}");
    Ok(())
}
