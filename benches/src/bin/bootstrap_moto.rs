//! The library's side of the moto comparison: the bootstrap (admin user, group, permission
//! set, N assignments, K roles) planned and applied through the AWS SDK against a moto
//! server in a fresh account, then planned again (converged). Prints one JSON object;
//! `benches/compare/bootstrap_compare.py` runs it next to the boto3 script.
//!
//! Usage: `bootstrap_moto --endpoint URL --account-id ID [--accounts 20] [--roles 5]`

use std::time::Instant;

use iam_bootstrap::client::layer::CallStats;
use iam_bootstrap::{Aws, Plan};
use iam_bootstrap_benches::http_count::CountedAws;
use iam_bootstrap_benches::read_bound::{self, Shape};
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
    // Clients are built before the clock starts, as the boto3 script's are. The re-run gets
    // a handle of its own, as a second run of a program would (nothing cached from the
    // first, such as the account ID).
    let counted = CountedAws::connect(&args.endpoint, &args.account_id).await;
    let rerun = CountedAws::connect(&args.endpoint, &args.account_id).await;

    let plan_all = |aws: &Aws| {
        let (admin, roles, aws) = (&admin, &roles, aws.clone());
        async move {
            let mut plan: Plan = admin.plan(&aws).await?;
            for role in roles {
                plan.extend(role.plan(&aws).await?);
            }
            Ok::<_, iam_bootstrap::Error>(plan)
        }
    };

    let aws = &counted.aws;
    let started = Instant::now();
    let plan = plan_all(aws).await?;
    let planned = plan.changes.len();
    let plan_s = started.elapsed().as_secs_f64();
    plan.apply(aws).await?;
    let fresh = stats(&aws.calls(), counted.requests(), started.elapsed().as_secs_f64());

    let aws = &rerun.aws;
    let started = Instant::now();
    let again = plan_all(aws).await?;
    let remaining = again.changes.len();
    again.apply(aws).await?;
    let converged_calls = aws.calls();
    let converged = stats(
        &converged_calls,
        rerun.requests(),
        started.elapsed().as_secs_f64(),
    );
    // Held to the fewest reads that prove convergence.
    let bound = read_bound::converged_reads(Shape {
        accounts: args.accounts as u64,
        roles: args.roles as u64,
        gaps: aws.emulator_gaps(),
        // moto pages Identity Center's listings at 100, as AWS does at most.
        page_size: Some(read_bound::MAX_PAGE),
    });
    let comparison = read_bound::compare(&bound, &converged_calls);
    Ok(json!({
        "fresh_plan_s": plan_s,
        "changes": planned,
        "changes_when_converged": remaining,
        "fresh": fresh,
        "converged": converged,
        "converged_read_bound": comparison.bound,
        "converged_read_bound_lines": read_bound::describe(&bound, &comparison),
    }))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(run(args))?;
    println!("{report}");
    Ok(())
}
