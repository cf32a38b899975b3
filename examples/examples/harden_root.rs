//! Step one of the guide alone: secure the root user.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example harden_root                  # in-memory account
//! cargo run -p iam-bootstrap-examples --example harden_root -- --dry-run     # audit and plan only
//! cargo run -p iam-bootstrap-examples --example harden_root -- --json
//! cargo run -p iam-bootstrap-examples --example harden_root -- --endpoint-url http://127.0.0.1:5000 --account-alias my-corp
//! ```
//!
//! Audits the root user (MFA and its kind, access keys, recent use, signing certificates)
//! and the password policy, prints the findings with their CIS controls and prowler checks,
//! applies what an API can fix (the CIS password policy; root access keys, deactivated then
//! deleted, when signed in as root; the alias if given) and lists the manual steps (root MFA
//! is console-only). Run it again: the audit detects what was done, and a converged account
//! writes nothing.

use std::process::ExitCode;

use clap::Parser;
use iam_bootstrap_examples::root::{demo_account, root_section_with, spec};
use iam_bootstrap_examples::{Target, finish};

/// Audit and harden the root user of an account.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    target: Target,
    /// Also set the account alias (3-63 lowercase letters, digits and hyphens; replaces the current one).
    #[arg(long)]
    account_alias: Option<String>,
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    // Bad input fails here, before any connection or call.
    let spec = spec(cli.account_alias.as_deref())?;
    let aws = cli.target.connect(demo_account).await?;
    root_section_with(&cli.target, &aws, &spec).await
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
