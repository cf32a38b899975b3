//! Account selectors over a large organization (issue #15), on the in-memory organization
//! with 30 ms a call:
//! 1. resolving an OU selector over 1,000 accounts in 100 OUs four levels deep: the calls
//!    made against the OUs visited and the pages AWS would need, and the wall time against
//!    the bound the limits imply;
//! 2. assigning one group a permission set in all 1,000 accounts (`organization = true`)
//!    under Identity Center's limits, against the bound those limits imply (as `rollout`
//!    does for 200 accounts).
//!
//! Organizations' request rate: the Organizations quotas page names throttling limits but
//! gives no per-second figure for these reads (none that could be found), so the selector
//! bound is the per-call latency bound: the chain of round trips that depend on each other.
//!
//! Usage: `organization [--latency-ms 30]`. Derivations and call counts on stderr, `ROW`
//! lines on stdout.

use std::sync::Arc;
use std::time::{Duration, Instant};

use iam_bootstrap::client::layer::{Latency, Layered};
use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree};
use iam_bootstrap::client::{Clients, InMemory, Operation};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::organization::{AccountSelectorBuilder, OrganizationReader};
use iam_bootstrap::{AdminProvisioning, Aws, DirectoryUserSpec, WaitConfig};
use iam_bootstrap_benches::Row;
use iam_bootstrap_benches::row::seconds;

/// OUs at each depth below the root: 4 + 12 + 24 + 60 = 100, four levels.
const LEVELS: [usize; 4] = [4, 12, 24, 60];
/// Accounts in each OU: 10 x 100 = 1,000.
const ACCOUNTS_PER_OU: usize = 10;
/// Parents whose listings the library's resolver keeps in flight (`READS_IN_FLIGHT` in
/// `organization/resolve.rs`).
const READS_IN_FLIGHT: usize = 8;
/// AWS's largest page for `ListAccountsForParent` and `ListOrganizationalUnitsForParent`.
const ORG_PAGE: usize = 20;

/// The organization, each OU's path, and how many child OUs each parent has (root first).
type Built = (OrganizationTree, Vec<String>, Vec<usize>);

/// The tree: OU `i` of a level sits under OU `i % n` of the level above (`n` its size).
fn tree() -> Result<Built, Box<dyn std::error::Error>> {
    let mut paths: Vec<Vec<String>> = Vec::new();
    for (depth, &count) in LEVELS.iter().enumerate() {
        let level: Vec<String> = (0..count)
            .map(|i| match depth {
                0 => format!("/L1-{i}"),
                _ => {
                    let above = &paths[depth - 1];
                    format!("{}/L{}-{i}", above[i % above.len()], depth + 1)
                }
            })
            .collect();
        paths.push(level);
    }
    let mut children = vec![LEVELS[0]];
    for (depth, &count) in LEVELS.iter().enumerate() {
        let below = LEVELS.get(depth + 1).copied().unwrap_or(0);
        for i in 0..count {
            children.push((0..below).filter(|j| j % count == i).count());
        }
    }
    let all: Vec<String> = paths.into_iter().flatten().collect();
    let mut tree = OrganizationTree::new();
    let mut n = 0u64;
    for path in &all {
        tree = tree.ou(path.clone());
        for _ in 0..ACCOUNTS_PER_OU {
            let id = AccountId::new(format!("{:012}", 400_000_000_000 + n))?;
            tree = tree.account(MemberAccount::new(id, format!("acct-{n}")).in_ou(path.clone()));
            n += 1;
        }
    }
    Ok((tree, all, children))
}

/// The in-memory organization behind `latency`, with the default stack (Identity Center's
/// rate limit; Organizations has none the library applies).
fn aws_over(memory: &InMemory, latency: f64) -> Aws {
    let clients = Layered::over(
        Latency::fixed(Duration::from_secs_f64(latency)),
        Clients::all(Arc::new(memory.clone())),
    )
    .into_clients();
    Aws::from_clients(clients).with_waits(WaitConfig::fast())
}

fn selectors(latency: f64) -> Result<(), Box<dyn std::error::Error>> {
    let (tree, ous, children) = tree()?;
    let memory = InMemory::builder().organization(tree).build();
    let visited = ous.len() + 1; // and the root
    // One child-OU listing and one account listing per visited parent, each as many pages
    // as AWS needs (the root holds no accounts: one empty page).
    let ou_pages: usize = children.iter().map(|c| c.div_ceil(ORG_PAGE).max(1)).sum();
    let mut account_pages = 1;
    account_pages += ous.len() * ACCOUNTS_PER_OU.div_ceil(ORG_PAGE).max(1);
    let pages = ou_pages + account_pages;
    // The chain: DescribeOrganization, ListRoots, then one round trip per level of the
    // tree (the root and four levels of OUs; a level's child-OU and account listings are
    // independent of each other), with no rate documented to bound throughput.
    let chain_trips = 2 + 1 + LEVELS.len();
    let bound = chain_trips as f64 * latency;
    eprintln!(
        "selector `Root` (recursive) over {} accounts in {} OUs, {} levels deep, {:.0} ms a call",
        ous.len() * ACCOUNTS_PER_OU,
        ous.len(),
        LEVELS.len(),
        latency * 1e3
    );
    eprintln!(
        "  needed: 2 (DescribeOrganization, ListRoots) + {visited} OUs visited (root included): {ou_pages} page(s) of child OUs + {account_pages} page(s) of accounts at {ORG_PAGE} a page = {} calls",
        2 + pages
    );
    eprintln!(
        "  Organizations' request rate: no per-second figure found in its quotas documentation, so no rate term"
    );
    eprintln!(
        "  bound = {chain_trips} dependent round trips (organization, root, then root + {} OU levels) x {:.0} ms = {bound:.3} s",
        LEVELS.len(),
        latency * 1e3
    );
    // Not a bound of AWS's: the library keeps at most READS_IN_FLIGHT parents' listings in
    // flight (Organizations publishes no rate to size it by), so each level takes
    // ceil(parents / 8) round trips. Printed so the gap to the bound is explained.
    let capped = 2
        + 1
        + LEVELS
            .iter()
            .map(|parents| parents.div_ceil(READS_IN_FLIGHT))
            .sum::<usize>();
    eprintln!(
        "  with the library's {READS_IN_FLIGHT} parents in flight: 2 + 1 (root) + sum of ceil(OUs at a level / {READS_IN_FLIGHT}) = {capped} round trips = {:.3} s",
        capped as f64 * latency
    );
    let selector = AccountSelectorBuilder::ou("Root").build()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut walls = Vec::new();
    let mut calls = None;
    let mut resolved = 0;
    for _ in 0..5 {
        let aws = aws_over(&memory, latency);
        let started = Instant::now();
        let resolution = runtime.block_on(OrganizationReader::new(&aws).resolve(&selector))?;
        walls.push(started.elapsed().as_secs_f64());
        resolved = resolution.accounts.len();
        calls = Some(aws.calls());
    }
    walls.sort_by(f64::total_cmp);
    let wall = walls[walls.len() / 2];
    let calls = calls.ok_or("no run")?;
    let made = calls.total();
    eprintln!(
        "  measured (median of 5): {wall:.3} s = {:.3}x the bound ({:.3}x the in-flight figure); {resolved} accounts (the management account too); {made} calls: {} DescribeOrganization, {} ListRoots, {} ListOrganizationalUnitsForParent, {} ListAccountsForParent",
        wall / bound,
        wall / (capped as f64 * latency),
        calls.calls(Operation::DescribeOrganization),
        calls.calls(Operation::ListRoots),
        calls.calls(Operation::ListOrganizationalUnitsForParent),
        calls.calls(Operation::ListAccountsForParent)
    );
    let ratio = wall / bound;
    Row {
        what: format!(
            "resolve an OU selector on the in-memory organization: {} accounts in {} OUs 4 levels deep, {:.0} ms/call; calls made vs 2 + OUs visited ({visited}, one child-OU page each: {ou_pages}) + account pages needed ({account_pages}); wall vs latency bound (no documented Organizations rate)",
            ous.len() * ACCOUNTS_PER_OU,
            ous.len(),
            latency * 1e3
        ),
        ours: format!(
            "{made} calls, {} ({:.2}x the {}-in-flight figure, {})",
            seconds(wall),
            wall / (capped as f64 * latency),
            READS_IN_FLIGHT,
            seconds(capped as f64 * latency)
        ),
        baseline: format!("{} calls, {} bound", 2 + pages, seconds(bound)),
        ratio: format!("{ratio:.3}x"),
        target: "calls = 2 + pages; <= 1.15x".into(),
        met: made == (2 + pages) as u64 && ratio <= 1.15,
    }
    .emit();
    Ok(())
}

/// The admin bootstrap's rollout bound (see `rollout`) for `n` assignments, one poll each.
fn rollout_bound(n: f64, latency: f64) -> (f64, Vec<String>) {
    let (rate, burst, outstanding, p) = (20.0, 20.0, 10.0, 1.0);
    let chain = 4.0 * latency;
    let creates = (n - burst).max(0.0) / rate + (1.0 + p) * latency;
    let polls = latency + (n * p - burst).max(0.0) / rate + latency;
    let slots = (n / outstanding).ceil() * (1.0 + p) * latency;
    let total = chain + creates.max(polls).max(slots);
    (
        total,
        vec![
            format!(
                "  chain before the first creation: 4 round trips = {chain:.3} s (the organization's 3 reads run before or beside it)"
            ),
            format!("  creation rate: (N - {burst})/{rate} + 2 x latency = {creates:.3} s"),
            format!("  poll rate:     latency + (N - {burst})/{rate} + latency = {polls:.3} s"),
            format!("  outstanding:   ceil(N / {outstanding}) x 2 x latency = {slots:.3} s"),
            format!("  bound = {total:.3} s"),
        ],
    )
}

fn assign_everywhere(latency: f64) -> Result<(), Box<dyn std::error::Error>> {
    let (tree, ous, _) = tree()?;
    // The members, and the management account (under the root): the selector names all.
    let accounts = ous.len() * ACCOUNTS_PER_OU + 1;
    let memory = InMemory::builder()
        .organization(tree)
        .assignment_polls(1)
        .max_outstanding_assignments(10)
        .build();
    let aws = aws_over(&memory, latency);
    let spec = AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("admin")
                .given_name("Ada")
                .family_name("Admin")
                .email("admin@example.com"),
        )
        .group("Administrators")
        .select(AccountSelectorBuilder::organization())
        .build()?;
    let (bound, derivation) = rollout_bound(accounts as f64, latency);
    eprintln!(
        "assign one group in every account of the organization (`organization = true`: 1,000 members and the management account): {accounts} assignments, 1 poll each, {:.0} ms a call, 20 calls/s per API, 10 outstanding",
        latency * 1e3
    );
    for line in &derivation {
        eprintln!("{line}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let started = Instant::now();
    runtime.block_on(async {
        let plan = spec.plan(&aws).await?;
        plan.apply(&aws).await?;
        Ok::<_, iam_bootstrap::Error>(())
    })?;
    let wall = started.elapsed().as_secs_f64();
    if memory.inventory().account_assignments != accounts {
        return Err("not every assignment was created".into());
    }
    let calls = aws.calls();
    let ratio = wall / bound;
    eprintln!(
        "  measured {wall:.3} s = {ratio:.3}x the bound; {} calls ({} retried errors); {} ListAccounts",
        calls.total(),
        calls.errors(),
        calls.calls(Operation::ListAccounts)
    );
    Row {
        what: format!(
            "assign one group in all {accounts} accounts of the in-memory organization (organization = true), {:.0} ms/call, 20/s per API, 10 outstanding (wall vs lower bound)",
            latency * 1e3
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut latency_ms = 30.0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--latency-ms" => {
                latency_ms = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--latency-ms takes a number")?;
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let latency = latency_ms / 1e3;
    selectors(latency)?;
    assign_everywhere(latency)?;
    Ok(())
}
