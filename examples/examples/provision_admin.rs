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

use std::process::ExitCode;

use clap::Parser;
use iam_bootstrap::client::InMemory;
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
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    // Bad flags fail here, before any connection or call.
    cli.admin.check()?;
    let aws = cli.target.connect(InMemory::new).await?;
    admin_section(&cli.target, &aws, &cli.admin).await
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
