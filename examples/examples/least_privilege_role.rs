//! Least-privilege IAM roles: GitHub Actions OIDC, a service role with the confused-deputy
//! condition, and a people role that requires MFA — planned, reviewed, applied.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example least_privilege_role
//! cargo run -p iam-bootstrap-examples --example least_privilege_role -- --cloudformation
//! ```

use std::process::ExitCode;

use clap::Parser;
use iam_bootstrap::client::InMemory;
use iam_bootstrap::roles::required_policy;
use iam_bootstrap_examples::roles::{demo_roles, roles_section};
use iam_bootstrap_examples::{Target, finish};

/// Plan and apply least-privilege roles.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    target: Target,
    /// Print the roles as a CloudFormation template (for StackSets) and the least-privilege
    /// policy iam-bootstrap needs to manage them, then stop.
    #[arg(long)]
    cloudformation: bool,
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    let specs = demo_roles()?;
    if cli.cloudformation {
        for spec in &specs {
            println!(
                "{}",
                serde_json::to_string_pretty(&spec.to_cloudformation()).unwrap_or_default()
            );
        }
        println!(
            "{}",
            required_policy(&specs.iter().collect::<Vec<_>>()).to_json_pretty()
        );
        return Ok(());
    }
    let aws = cli.target.connect(InMemory::new).await?;
    roles_section(&cli.target, &aws, &specs).await
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
