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
//! With `--new-account NAME,EMAIL[,OU]` it first creates member accounts (the guide's "Sign
//! up for an AWS account", the organization's way: found by email, never created twice,
//! moved into their OU), then plans the assignments again so the selectors reach them.
//! The in-memory default creates one, `prod-api` in `Root/Workloads/Prod`.
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
use iam_bootstrap::organization::{AccountSelectorBuilder, AccountSpec};
use iam_bootstrap::{
    AdminProvisioning, ApplyOptions, Bootstrap, DirectoryUserSpec, ValidationError, ValidationReason,
};
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
    /// A member account to create if no account has its email: `NAME,EMAIL[,OU]`
    /// (repeatable; the in-memory default: `prod-api,aws+prod-api@example.com,Root/Workloads/Prod`).
    #[arg(long = "new-account")]
    new_account: Vec<String>,
}

impl Cli {
    fn accounts(&self) -> Result<Vec<AccountSpec>, ValidationError> {
        let mut flags = self.new_account.clone();
        if flags.is_empty() && !self.target.uses_aws() {
            flags.push("prod-api,aws+prod-api@example.com,Root/Workloads/Prod".into());
        }
        flags
            .iter()
            .map(|flag| {
                let parts: Vec<&str> = flag.split(',').collect();
                let (name, email, ou) = match parts.as_slice() {
                    [name, email] => (*name, *email, None),
                    [name, email, ou] => (*name, *email, Some(*ou)),
                    _ => {
                        return Err(ValidationError::new(
                            "new-account",
                            ValidationReason::Format {
                                expected: "NAME,EMAIL[,OU]".into(),
                                actual: flag.clone(),
                            },
                        ));
                    }
                };
                let builder = AccountSpec::builder(name, email);
                match ou {
                    Some(ou) => builder.ou(ou),
                    None => builder,
                }
                .build()
                .map_err(|e| e.within("new-account"))
            })
            .collect()
    }

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
    let mut spec = Bootstrap::default();
    spec.admin = Some(cli.spec()?);
    spec.accounts = cli.accounts()?;
    let aws = cli.target.connect(organization).await?;
    // Accounts to create are shown first; the assignments to them are planned once they
    // exist (a second plan, inside `Bootstrap::apply`).
    let plan = spec.plan(&aws).await?;
    cli.target.print_plan(
        "New accounts, then the administrators group across the organization",
        &plan,
    );
    if !cli.target.dry_run {
        let outcome = spec.apply(&aws, ApplyOptions::default()).await?;
        cli.target.print_outcome(&plan, &outcome);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
