//! Step two of the guide alone: an administrative user in IAM Identity Center.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example provision_admin                  # in-memory account
//! cargo run -p iam-bootstrap-examples --example provision_admin -- --dry-run     # plan only
//! cargo run -p iam-bootstrap-examples --example provision_admin -- \
//!     --user-name jdoe --email jane.doe@example.com --given-name Jane --family-name Doe \
//!     --account-id 111111111111 --account-id 222222222222 --group Administrators \
//!     --endpoint-url http://127.0.0.1:5000
//! ```
//!
//! Creates the user, the `Administrators` group with the user in it, an
//! `AdministratorAccess` permission set with one-hour sessions, assigns the group (not the
//! user) in each account and waits for each assignment (which provisions the set). Run it again:
//! a converged instance plans nothing and applying writes nothing.
//!
//! Offboarding (revoking a person) instead of provisioning:
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example provision_admin -- --revoke jdoe --allow-deletions
//! cargo run -p iam-bootstrap-examples --example provision_admin -- --revoke jdoe --delete-user --allow-deletions
//! ```
//!
//! `--revoke` takes the user out of the group (`--group`, default `Administrators`);
//! `--delete-user` also deletes the user, after its account assignments of the default
//! spec's permission sets. On the in-memory account the administrator is provisioned first,
//! so there is someone to revoke.

use std::process::ExitCode;

use clap::Parser;
use iam_bootstrap::client::InMemory;
use iam_bootstrap::{ApplyOptions, Revocation};
use iam_bootstrap_examples::admin::{AdminArgs, admin_section};
use iam_bootstrap_examples::{Target, finish};

/// Provision an administrative user in IAM Identity Center.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    target: Target,
    #[command(flatten)]
    admin: AdminArgs,
    /// Revoke this user's access (leave the group) instead of provisioning.
    #[arg(long, value_name = "USER_NAME")]
    revoke: Option<String>,
    /// With `--revoke`: delete the user too.
    #[arg(long, requires = "revoke")]
    delete_user: bool,
    /// Apply a revocation (every change of it deletes); without it the plan is refused.
    #[arg(long)]
    allow_deletions: bool,
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    // Bad flags fail here, before any connection or call.
    cli.admin.check()?;
    let revocation = match &cli.revoke {
        Some(user) => Some(
            Revocation::builder(user)
                .group(cli.admin.group.clone())
                .delete_user(cli.delete_user)
                .build()?,
        ),
        None => None,
    };
    let aws = cli.target.connect(InMemory::new).await?;
    let Some(revocation) = revocation else {
        return admin_section(&cli.target, &aws, &cli.admin).await;
    };
    if !cli.target.uses_aws() {
        // Someone to revoke on the empty in-memory account (quietly: the run prints one
        // plan, the revocation's).
        let accounts = if cli.admin.account_ids.is_empty() {
            vec![aws.iam().caller_identity().await?.account]
        } else {
            cli.admin.account_ids.clone()
        };
        cli.admin.spec(&accounts)?.plan(&aws).await?.apply(&aws).await?;
    }
    let plan = revocation.plan(&aws).await?;
    cli.target.print_plan("Revoke a person's access", &plan);
    if !cli.target.dry_run {
        let options = ApplyOptions::default().allow_deletions(cli.allow_deletions);
        let outcome = plan.apply_with(&aws, options).await?;
        cli.target.print_outcome(&plan, &outcome);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
