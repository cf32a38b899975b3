//! The main job: the guide "Getting set up with IAM" on one account, from one spec.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example bootstrap               # starter spec, in memory
//! cargo run -p iam-bootstrap-examples --example bootstrap -- --dry-run  # plan only
//! cargo run -p iam-bootstrap-examples --example bootstrap -- --spec my.toml --endpoint-url http://127.0.0.1:5000
//! cargo run -p iam-bootstrap-examples --example bootstrap -- --spec my.toml --prune --allow-deletions
//! cargo run -p iam-bootstrap-examples --example bootstrap -- --spec my.toml --destroy --allow-deletions
//! ```
//!
//! `--prune` also deletes the roles and customer managed policies the spec owns (tagged with
//! its `name`) and no longer names; `--destroy` deletes everything the spec owns instead of
//! applying it. Either plan is printed with its deletions marked `[DELETE]` and is applied
//! only with `--allow-deletions`.
//!
//! The spec (default: `examples/specs/starter.toml`) holds the three steps: secure the root
//! user (audit mapped to CIS and prowler, fixes, manual steps for what no API can do), an
//! administrator in IAM Identity Center, and least-privilege roles and permission sets. The
//! example prints each step's plan, applies them together (independent changes
//! concurrently, with a progress bar on a terminal) and lists the manual steps left.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use iam_bootstrap::{Aws, Bootstrap, Plan, ValidationError, ValidationReason};
use iam_bootstrap_examples::progress::apply_options;
use iam_bootstrap_examples::root::demo_account;
use iam_bootstrap_examples::{Target, finish};

/// The spec used when `--spec` is not given.
const STARTER: &str = include_str!("../specs/starter.toml");

/// Run the IAM setup guide against an account.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    target: Target,
    /// The spec to apply (TOML, or JSON if the name ends in .json). Default: the starter spec.
    #[arg(long)]
    spec: Option<PathBuf>,
    /// Print the least-privilege policy a principal needs to apply the spec, and stop.
    #[arg(long)]
    required_policy: bool,
    /// Also delete what the spec owns and no longer names (as `prune = true` in the spec).
    #[arg(long)]
    prune: bool,
    /// Delete every role and customer managed policy the spec owns, instead of applying it.
    #[arg(long, conflicts_with = "prune")]
    destroy: bool,
    /// Apply a plan that deletes resources (a prune or a destroy); without it such a plan is
    /// refused before any call.
    #[arg(long)]
    allow_deletions: bool,
}

fn load(path: Option<&PathBuf>) -> Result<Bootstrap, ValidationError> {
    let Some(path) = path else {
        return Bootstrap::from_toml_str(STARTER);
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        ValidationError::new(
            "spec",
            ValidationReason::NotAllowed(format!("cannot read {}: {e}", path.display())),
        )
    })?;
    if path.extension().is_some_and(|e| e == "json") {
        Bootstrap::from_json_str(&text)
    } else {
        Bootstrap::from_toml_str(&text)
    }
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    let mut spec = load(cli.spec.as_ref())?;
    spec.prune |= cli.prune;
    if cli.required_policy {
        println!("{}", spec.required_policy().to_json_pretty());
        return Ok(());
    }
    let aws: Aws = cli.target.connect(demo_account).await?;
    let steps = if cli.destroy {
        vec![(
            "Destroy: everything the spec owns".to_owned(),
            spec.destroy_plan(&aws).await?,
        )]
    } else {
        let steps = spec.plan_steps(&aws).await?;
        steps
            .into_iter()
            .map(|(title, plan)| (title.to_string(), plan))
            .collect()
    };
    let mut plan = Plan::default();
    for (title, step) in steps {
        if !cli.target.json {
            cli.target.print_plan(&title, &step);
        }
        plan.extend(step);
    }
    if cli.target.json {
        cli.target.print_plan("plan", &plan);
    }
    if cli.target.dry_run {
        return Ok(());
    }
    let options = apply_options(&cli.target).allow_deletions(cli.allow_deletions);
    let outcome = plan.apply_with(&aws, options).await?;
    cli.target.print_outcome(&plan, &outcome);
    if !cli.target.json && !plan.manual_steps.is_empty() {
        println!(
            "{} manual step(s) remain: no API can do them; the next run's audit checks them.",
            plan.manual_steps.len()
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
