//! IAM Access Analyzer recipes: validate a policy (Access Analyzer's findings merged with the
//! offline lint, each labelled by source), generate a least-privilege policy for a role from
//! its CloudTrail activity, and find the access a role has not used.
//!
//! With no target flag it runs on an in-memory account holding the starter spec's roles and
//! a month of their activity, so `generate` and `unused` show a real narrowing.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example access_analyzer -- validate policy.json
//! cargo run -p iam-bootstrap-examples --example access_analyzer -- generate --role ci-deployer
//! cargo run -p iam-bootstrap-examples --example access_analyzer -- unused --role ci-deployer --json
//! ```

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use iam_bootstrap::access_analyzer::{
    GenerationRequest, Proposal, generate_policy, propose, unused_access, validate_policy,
};
use iam_bootstrap::client::InMemory;
use iam_bootstrap::names::{Arn, RoleName};
use iam_bootstrap::policy::{PolicyContext, PolicyDocument};
use iam_bootstrap::{Error, ValidationError, ValidationReason};
use iam_bootstrap_examples::access_analyzer::{access_role, seeded, trail};
use iam_bootstrap_examples::{Target, finish};

/// Validate policies, generate least-privilege policies, find unused access.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    target: Target,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a policy document (JSON) with Access Analyzer and the offline lint.
    Validate {
        /// The policy file.
        file: std::path::PathBuf,
        /// What kind of policy it is: identity, trust, resource, permissions_boundary, scp.
        #[arg(long, default_value = "identity")]
        kind: String,
        /// Print one JSON document (also accepted before the subcommand).
        #[arg(long)]
        json: bool,
    },
    /// Generate a policy from a role's CloudTrail activity and propose tightening the role to it.
    Generate {
        /// The role.
        #[arg(long)]
        role: String,
        /// How many days of activity to read (at most 90).
        #[arg(long, default_value_t = 90)]
        days: i64,
        /// The trail (default on the in-memory account: its seeded trail).
        #[arg(long)]
        trail: Option<String>,
        /// The role Access Analyzer reads the trail with (default: the seeded one).
        #[arg(long)]
        access_role: Option<String>,
        /// Print one JSON document (also accepted before the subcommand).
        #[arg(long)]
        json: bool,
    },
    /// Report the services and actions a role has not used, with a narrower policy.
    Unused {
        /// The role.
        #[arg(long)]
        role: String,
        /// Access unused for this many days counts.
        #[arg(long, default_value_t = 90)]
        days: i64,
        /// Print one JSON document (also accepted before the subcommand).
        #[arg(long)]
        json: bool,
    },
}

fn print_proposal(proposal: &Proposal) {
    println!("{}", proposal.summary);
    println!(
        "  evaluator: {}",
        match (proposal.narrower, proposal.placeholders.is_empty()) {
            (true, _) => "grants nothing the current policies do not",
            (false, false) => "not covered by the current policies until the placeholders below are filled",
            (false, true) => "GRANTS NEW ACCESS: review before applying",
        }
    );
    for action in &proposal.removed_actions {
        println!("  - {action}");
    }
    for placeholder in &proposal.placeholders {
        println!(
            "  fill in statement {}: {} ({})",
            placeholder.statement,
            placeholder.resource,
            placeholder.names.join(", ")
        );
    }
    for finding in &proposal.findings {
        println!("  lint: {finding}");
    }
    println!("{}", proposal.proposed.to_json_pretty());
}

fn arn(value: Option<String>, default: String, field: &str, in_memory: bool) -> iam_bootstrap::Result<Arn> {
    match value {
        Some(value) => Ok(Arn::new(value)?),
        None if in_memory => Ok(Arn::new(default)?),
        None => Err(Error::Validation(ValidationError::new(
            field,
            ValidationReason::Missing,
        ))),
    }
}

fn json(value: &serde_json::Value) {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    let aws = if cli.target.uses_aws() {
        cli.target.connect(InMemory::new).await?
    } else {
        seeded().await?
    };
    match cli.command {
        Command::Validate {
            file,
            kind,
            json: as_json,
        } => {
            let context: PolicyContext = kind.parse().map_err(|_| {
                Error::Validation(ValidationError::new(
                    "kind",
                    ValidationReason::NotAllowed(kind.clone()),
                ))
            })?;
            let text = std::fs::read_to_string(&file).map_err(|e| {
                Error::Validation(ValidationError::new(
                    "file",
                    ValidationReason::NotAllowed(e.to_string()),
                ))
            })?;
            let doc = PolicyDocument::from_json(&text).map_err(|e| {
                Error::Validation(ValidationError::new(
                    "file",
                    ValidationReason::NotAllowed(e.to_string()),
                ))
            })?;
            let report = validate_policy(&aws, &doc, context).await?;
            if cli.target.json || as_json {
                json(&serde_json::json!({ "validation": report }));
            } else if report.findings.is_empty() {
                println!("no findings");
            } else {
                for f in &report.findings {
                    let code = f
                        .issue_code
                        .clone()
                        .or(f.lint_code.map(|c| c.to_string()))
                        .unwrap_or_default();
                    let at = f
                        .statement
                        .map(|i| format!(" (statement {i})"))
                        .unwrap_or_default();
                    println!("[{:?}] {} {code}{at}: {}", f.source, f.severity, f.message);
                }
            }
        }
        Command::Generate {
            role,
            days,
            trail: trail_arn,
            access_role: reader,
            json: as_json,
        } => {
            let account = aws.account_id().await?;
            let in_memory = !cli.target.uses_aws();
            let request = GenerationRequest::last_days(
                RoleName::new(role)?,
                arn(trail_arn, trail(&account), "trail", in_memory)?,
                arn(reader, access_role(&account), "access_role", in_memory)?,
                days,
            )?;
            let generated = generate_policy(&aws, &request).await?;
            let proposal = propose(&aws, &generated).await?;
            if cli.target.json || as_json {
                json(&serde_json::json!({ "generated": generated, "proposal": proposal }));
            } else {
                print_proposal(&proposal);
            }
        }
        Command::Unused {
            role,
            days,
            json: as_json,
        } => {
            let unused = unused_access(&aws, &RoleName::new(role)?, days).await?;
            if cli.target.json || as_json {
                json(&serde_json::json!({ "unused": unused }));
            } else {
                for finding in &unused.findings {
                    println!("{}", finding.message);
                }
                match &unused.proposal {
                    Some(proposal) => print_proposal(proposal),
                    None => println!("nothing to narrow"),
                }
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
