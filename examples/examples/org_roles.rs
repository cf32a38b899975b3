//! A role in every account of an organization, through a CloudFormation StackSet with
//! service-managed permissions and automatic deployment: accounts that join the target OUs
//! later get the role too, without running this again.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example org_roles                       # in-memory organization
//! cargo run -p iam-bootstrap-examples --example org_roles -- --dry-run --json   # the plan, as JSON
//! cargo run -p iam-bootstrap-examples --example org_roles -- --drift            # then a drift audit
//! cargo run -p iam-bootstrap-examples --example org_roles -- \
//!     --ou Root/Workloads --deploy-region us-east-1 --deploy-region eu-west-1 --max-concurrent-percent 25 --aws
//! ```
//!
//! The role is a read-only auditor assumable (with MFA) from `--trusted-account`. The plan
//! shows how each OU resolved, the rollout preferences, and the stack instances added,
//! updated, retried or removed per account and region; the outcome shows each operation
//! (and how many polls it took) and every account that failed, with CloudFormation's reason,
//! or was skipped. On the in-memory default it builds a small nested organization
//! (Workloads / {Prod / Payments, Dev}, Sandbox, a suspended account) and makes one account's
//! stack fail, as a role created there by hand would.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree, StackSetTiming};
use iam_bootstrap::client::{AccountState, InMemory, ResourceDrift};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::stacksets::{OperationPreferencesBuilder, OrgStackSet, StackSetApply, audit_drift};
use iam_bootstrap_examples::{Target, finish};

/// Roll a role out to every account of some OUs with a StackSet.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(flatten)]
    target: Target,
    /// An OU by ID or path, nested OUs included (repeatable; default `Root/Workloads`).
    #[arg(long)]
    ou: Vec<String>,
    /// Every account of the organization instead of OUs.
    #[arg(long)]
    organization: bool,
    /// A region to deploy the role in (repeatable; default `us-east-1`). `--region` is the
    /// region the calls go to.
    #[arg(long = "deploy-region")]
    deploy_regions: Vec<String>,
    /// The role's name.
    #[arg(long, default_value = "org-auditor")]
    role: String,
    /// The account whose users (with MFA) may assume the role.
    #[arg(long, default_value = "999999999999")]
    trusted_account: String,
    /// At most this percentage of accounts at once (default: one account at a time).
    #[arg(long)]
    max_concurrent_percent: Option<u8>,
    /// Tolerate this percentage of failed accounts per region (default: none).
    #[arg(long)]
    failure_tolerance_percent: Option<u8>,
    /// Allow removing the instances of OUs or regions no longer named.
    #[arg(long)]
    allow_deletions: bool,
    /// After applying, run a drift audit (read-only).
    #[arg(long)]
    drift: bool,
}

impl Cli {
    fn spec(&self) -> iam_bootstrap::Result<OrgStackSet> {
        let role = RoleSpec::builder(&self.role)
            .description("Read-only auditor in every account of the organization")
            .trust(Trust::account_with_mfa(&self.trusted_account))
            .managed_policy("arn:aws:iam::aws:policy/SecurityAudit")
            .build()?;
        let mut builder = OrgStackSet::role(role);
        if self.organization {
            builder = builder.target(AccountSelectorBuilder::organization());
        }
        let ous = if self.ou.is_empty() && !self.organization {
            vec!["Root/Workloads".to_owned()]
        } else {
            self.ou.clone()
        };
        for ou in ous {
            builder = builder.target(AccountSelectorBuilder::ou(ou));
        }
        let regions = if self.deploy_regions.is_empty() {
            vec!["us-east-1".to_owned()]
        } else {
            self.deploy_regions.clone()
        };
        for region in regions {
            builder = builder.region(region);
        }
        let mut preferences = OperationPreferencesBuilder::new();
        if let Some(percent) = self.max_concurrent_percent {
            preferences = preferences.max_concurrent_percentage(percent);
        }
        if let Some(percent) = self.failure_tolerance_percent {
            preferences = preferences.failure_tolerance_percentage(percent);
        }
        Ok(builder.preferences(preferences).build()?)
    }
}

/// A small organization: Workloads / {Prod / Payments, Dev}, Sandbox, one suspended
/// account, and one account whose stack fails (a role of that name exists there).
fn organization() -> InMemory {
    let account = |n: u64, name: &str, ou: &str| {
        AccountId::new(format!("{n:012}")).map(|id| MemberAccount::new(id, name).in_ou(ou))
    };
    let mut tree = OrganizationTree::new();
    let accounts = [
        account(111_111_111_111, "prod-api", "/Workloads/Prod"),
        account(111_111_111_112, "prod-web", "/Workloads/Prod"),
        account(111_111_111_113, "payments", "/Workloads/Prod/Payments"),
        account(111_111_111_114, "dev", "/Workloads/Dev"),
        account(111_111_111_115, "legacy", "/Workloads/Dev").map(|a| a.state(AccountState::Suspended)),
        account(111_111_111_116, "sandbox", "/Sandbox"),
    ];
    for member in accounts.into_iter().flatten() {
        tree = tree.account(member);
    }
    let memory = InMemory::builder().organization(tree).build();
    // Realistic in shape, not in length: setup, then each batch of accounts.
    memory.set_stack_set_timing(StackSetTiming::new(
        Duration::from_millis(20),
        Duration::from_millis(10),
    ));
    // And a role edited by hand in another, for the drift audit (`--drift`) to find.
    if let Ok(web) = AccountId::new("111111111112") {
        let mut drift = ResourceDrift::new("Role", "AWS::IAM::Role", "MODIFIED");
        drift.physical_id = Some("org-auditor".into());
        memory.drift_stack_instances(&web, vec![drift]);
    }
    if let Ok(dev) = AccountId::new("111111111114") {
        memory.fail_stack_instances(
            &dev,
            Some("Resource handler returned message: \"org-auditor already exists\" (HandlerErrorCode: AlreadyExists)"),
        );
    }
    memory
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    let spec = cli.spec()?;
    let aws = cli.target.connect(organization).await?;
    let plan = spec.plan(&aws).await?;
    if cli.target.json {
        let mut document = serde_json::json!({ "plan": &plan });
        if !cli.target.dry_run {
            let outcome = plan
                .apply_with(&aws, StackSetApply::new().allow_deletions(cli.allow_deletions))
                .await?;
            document["outcome"] = serde_json::to_value(&outcome).unwrap_or_default();
        }
        println!("{document:#}");
        return Ok(());
    }
    print!("{plan}");
    if cli.target.dry_run {
        return Ok(());
    }
    let outcome = plan
        .apply_with(&aws, StackSetApply::new().allow_deletions(cli.allow_deletions))
        .await?;
    print!("{outcome}");
    if cli.drift {
        let report = audit_drift(&aws, spec.name(), spec.preferences()).await?;
        print!("{report}");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
