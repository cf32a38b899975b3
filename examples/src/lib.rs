//! What the example programs share: the command-line flags that pick the account, and
//! printing plans and outcomes as text or JSON.

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
    /// Print the plan and the outcome as JSON.
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

    /// Prints a plan, as text or JSON.
    pub fn print_plan(&self, title: &str, plan: &Plan) {
        if self.json {
            match plan.to_json() {
                Ok(json) => println!("{json}"),
                Err(err) => eprintln!("error: cannot encode the plan: {err}"),
            }
        } else {
            println!("== {title} ==");
            print!("{plan}");
        }
    }

    /// Prints an outcome, as text or JSON.
    pub fn print_outcome(&self, outcome: &Outcome) {
        if self.json {
            match serde_json::to_string_pretty(outcome) {
                Ok(json) => println!("{json}"),
                Err(err) => eprintln!("error: cannot encode the outcome: {err}"),
            }
        } else {
            print!("{outcome}");
        }
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
