//! What the example programs share: the command-line flags that pick the account, and
//! printing plans and outcomes as text or JSON.

pub mod access_analyzer;
pub mod admin;
pub mod progress;
pub mod roles;
pub mod root;

use std::process::ExitCode;

use clap::Args;
use iam_bootstrap::client::InMemory;
use iam_bootstrap::{Aws, EmulatorGaps, Outcome, Plan};

/// An API emulator whose gaps `--emulator-gaps` declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Emulator {
    /// moto ([`EmulatorGaps::moto`]).
    Moto,
}

/// Flags every example takes. With none, the example runs on an in-memory account.
#[derive(Debug, Clone, Args)]
pub struct Target {
    /// Use AWS (credentials from the usual chain) at this endpoint, e.g. a local moto server.
    #[arg(long, env = "IAM_BOOTSTRAP_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// Use AWS in this region.
    #[arg(long)]
    pub region: Option<String>,
    /// Use AWS with this shared-config profile.
    #[arg(long)]
    pub profile: Option<String>,
    /// Use real AWS with the default configuration chain (no endpoint, region or profile flag).
    #[arg(long)]
    pub aws: bool,
    /// Declare the gaps of the emulator at `--endpoint-url` (`moto`: no permission-set
    /// boundary or tag calls, no provisioning-status filter), so plans skip those reads.
    /// Never against AWS: the drift those reads find would go unseen.
    #[arg(long, value_enum)]
    pub emulator_gaps: Option<Emulator>,
    /// Print the plan and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON document for the run: `{"plan": ..., "outcome": ...}` (no
    /// `outcome` with `--dry-run`).
    #[arg(long)]
    pub json: bool,
}

impl Target {
    /// Whether a flag asked for a real AWS API rather than the in-memory account.
    pub fn uses_aws(&self) -> bool {
        self.aws || self.endpoint_url.is_some() || self.region.is_some() || self.profile.is_some()
    }

    /// The handle: the SDK backend when a flag asks for it, otherwise `in_memory()`.
    ///
    /// # Errors
    /// When the AWS configuration cannot be loaded.
    pub async fn connect(&self, in_memory: impl FnOnce() -> InMemory) -> iam_bootstrap::Result<Aws> {
        if !self.uses_aws() {
            return Ok(Aws::in_memory(in_memory()));
        }
        let mut builder = Aws::builder();
        if let Some(url) = &self.endpoint_url {
            builder = builder.endpoint_url(url);
        }
        if let Some(region) = &self.region {
            builder = builder.region(region);
        }
        if let Some(profile) = &self.profile {
            builder = builder.profile(profile);
        }
        if let Some(Emulator::Moto) = self.emulator_gaps {
            builder = builder.emulator_gaps(EmulatorGaps::moto());
        }
        builder.build().await
    }

    /// Prints a plan as text before it is applied. With `--json` the run prints one
    /// document, so the plan waits for the outcome ([`Target::print_outcome`]), unless this
    /// is a dry run, which has no outcome: then the document is printed here.
    pub fn print_plan(&self, title: &str, plan: &Plan) {
        if !self.json {
            println!("== {title} ==");
            print!("{plan}");
        } else if self.dry_run {
            print_json(&run_document(plan, None));
        }
    }

    /// Prints what applying `plan` did: as text, or with `--json` the run's one document.
    pub fn print_outcome(&self, plan: &Plan, outcome: &Outcome) {
        if self.json {
            print_json(&run_document(plan, Some(outcome)));
        } else {
            print!("{outcome}");
        }
    }
}

/// The one JSON document a `--json` run prints: the plan, and the outcome unless the run
/// was a dry run (so `json.load` or `jq` read the whole output).
pub fn run_document(plan: &Plan, outcome: Option<&Outcome>) -> serde_json::Value {
    match outcome {
        Some(outcome) => serde_json::json!({ "plan": plan, "outcome": outcome }),
        None => serde_json::json!({ "plan": plan }),
    }
}

fn print_json(document: &serde_json::Value) {
    match serde_json::to_string_pretty(document) {
        Ok(json) => println!("{json}"),
        Err(err) => eprintln!("error: cannot encode the run as JSON: {err}"),
    }
}

/// The one-line message for an error: it and its causes, joined.
pub fn error_line(err: &dyn std::error::Error) -> String {
    let mut line = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        source = cause.source();
    }
    line.replace('\n', " ")
}

/// Runs an example's body and turns an error into a one-line message and exit code 1.
pub fn finish(result: iam_bootstrap::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", error_line(&err));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_run_is_one_json_document_with_the_plan_and_its_outcome() {
        let aws = Aws::in_memory(InMemory::new());
        let specs = roles::demo_roles().unwrap();
        let mut plan = Plan::default();
        for spec in &specs {
            plan.extend(spec.plan(&aws).await.unwrap());
        }
        let outcome = plan.apply(&aws).await.unwrap();
        let text = serde_json::to_string_pretty(&run_document(&plan, Some(&outcome))).unwrap();
        // One document: parsing the whole text succeeds (two concatenated ones would not).
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed["plan"]["changes"].as_array().unwrap().len(),
            plan.changes.len()
        );
        assert_eq!(
            parsed["outcome"]["applied"].as_array().unwrap().len(),
            plan.changes.len()
        );
        let dry: serde_json::Value = serde_json::from_str(&run_document(&plan, None).to_string()).unwrap();
        assert!(dry.get("outcome").is_none());
    }
}
