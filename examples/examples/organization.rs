//! The administrator of an organization: the administrators group assigned in every
//! ACTIVE account an OU (nested OUs included), a tag or the whole organization reaches.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example organization                      # in-memory organization
//! cargo run -p iam-bootstrap-examples --example organization -- --dry-run --json  # the plan, as JSON
//! cargo run -p iam-bootstrap-examples --example organization -- \
//!     --ou Root/Workloads --tag env=prod --except 222222222222 --endpoint-url http://127.0.0.1:5000
//! ```
//!
//! The plan shows how each selector resolved (`OU Root/Workloads (3 nested OUs) -> 4
//! accounts; skipped, not ACTIVE: ...`) before anything is written, and names the access
//! portal URL the new administrator signs in at. On the in-memory default it builds a small
//! organization: Workloads / {Prod / Payments, Dev}, Sandbox, with a suspended account.

use std::process::ExitCode;

use clap::Parser;
use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree};
use iam_bootstrap::client::{AccountState, InMemory};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::{AdminProvisioning, DirectoryUserSpec};
use iam_bootstrap_examples::admin::AdminArgs;
use iam_bootstrap_examples::{Target, finish};

/// Assign the administrators group across an organization.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    target: Target,
    #[command(flatten)]
    admin: AdminArgs,
    /// An OU, by ID (`ou-...`) or path (`Root/Workloads/Prod`), nested OUs included
    /// (repeatable; default, with no --tag or --organization: `Root/Workloads`).
    #[arg(long)]
    ou: Vec<String>,
    /// Accounts tagged `key=value` (repeatable).
    #[arg(long)]
    tag: Vec<String>,
    /// Every account of the organization.
    #[arg(long)]
    organization: bool,
    /// An account to leave out of every selector (repeatable).
    #[arg(long)]
    except: Vec<String>,
}

impl Cli {
    fn selectors(&self) -> Vec<AccountSelectorBuilder> {
        let mut selectors: Vec<AccountSelectorBuilder> = self
            .ou
            .iter()
            .map(AccountSelectorBuilder::ou)
            .chain(self.tag.iter().map(AccountSelectorBuilder::tag))
            .collect();
        if self.organization {
            selectors.push(AccountSelectorBuilder::organization());
        }
        if selectors.is_empty() {
            selectors.push(AccountSelectorBuilder::ou("Root/Workloads"));
        }
        selectors
            .into_iter()
            .map(|s| s.except(self.except.iter().cloned()))
            .collect()
    }

    fn spec(&self) -> iam_bootstrap::Result<AdminProvisioning> {
        let mut builder = AdminProvisioning::builder()
            .user(
                DirectoryUserSpec::builder(&self.admin.user_name)
                    .given_name(&self.admin.given_name)
                    .family_name(&self.admin.family_name)
                    .email(&self.admin.email),
            )
            .group(&self.admin.group)
            .adopt_permission_set(self.admin.adopt_permission_set)
            .accounts(self.admin.account_ids.iter().cloned());
        for selector in self.selectors() {
            builder = builder.select(selector);
        }
        Ok(builder.build()?)
    }
}

/// A small organization: three levels of OUs, tagged accounts and a suspended one.
fn organization() -> InMemory {
    let account = |n: u64, name: &str, ou: &str| {
        AccountId::new(format!("{n:012}")).map(|id| MemberAccount::new(id, name).in_ou(ou))
    };
    let members = [
        account(111_111_111_111, "prod-web", "/Workloads/Prod").map(|a| a.tag("env", "prod")),
        account(111_111_111_112, "prod-data", "/Workloads/Prod").map(|a| a.tag("env", "prod")),
        account(111_111_111_113, "payments", "/Workloads/Prod/Payments").map(|a| a.tag("env", "prod")),
        account(111_111_111_114, "prod-retired", "/Workloads/Prod").map(|a| a.state(AccountState::Suspended)),
        account(222_222_222_222, "dev", "/Workloads/Dev").map(|a| a.tag("env", "dev")),
        account(333_333_333_333, "sandbox", "/Sandbox"),
    ];
    let mut tree = OrganizationTree::new();
    // The IDs above are well-formed, so none is skipped.
    for member in members.into_iter().flatten() {
        tree = tree.account(member);
    }
    InMemory::builder().organization(tree).build()
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    // Bad flags (IDs, paths, tags) fail here, before any connection or call.
    let spec = cli.spec()?;
    let aws = cli.target.connect(organization).await?;
    let plan = spec.plan(&aws).await?;
    cli.target
        .print_plan("Assign the administrators group across the organization", &plan);
    if !cli.target.dry_run {
        let outcome = plan.apply(&aws).await?;
        cli.target.print_outcome(&plan, &outcome);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
