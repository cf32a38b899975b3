//! The main job: the guide "Getting set up with IAM" on one account.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example bootstrap               # in-memory account
//! cargo run -p iam-bootstrap-examples --example bootstrap -- --dry-run  # plan only
//! cargo run -p iam-bootstrap-examples --example bootstrap -- --endpoint-url http://127.0.0.1:5000
//! ```
//!
//! Step one, secure the root user: audit (findings mapped to CIS and prowler), fixes (the CIS
//! password policy, root access keys when signed in as root) and the manual steps no API
//! can do (root MFA). Later steps join as the library grows.
//!
//! Step two, an administrator in IAM Identity Center: `provision_admin` with its defaults
//! (user `admin`, group `Administrators`, the account the credentials belong to).

use std::process::ExitCode;

use clap::Parser;
use iam_bootstrap::Aws;
use iam_bootstrap_examples::admin::{AdminArgs, admin_section};
use iam_bootstrap_examples::roles::{demo_roles, roles_section};
use iam_bootstrap_examples::root::{demo_account, root_section};
use iam_bootstrap_examples::{Target, finish};

/// Run the IAM setup guide against an account.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    target: Target,
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    let aws: Aws = cli.target.connect(demo_account).await?;
    root_section(&cli.target, &aws).await?;
    roles_section(&cli.target, &aws, &demo_roles()?).await?;
    admin_section(&cli.target, &aws, &AdminArgs::default()).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
