//! Root user hardening across an organization, through centralized root access: enable it
//! (a plan), audit every member account's root user in an `sts:AssumeRoot` session, and
//! remove the root credentials you opt into.
//!
//! ```text
//! cargo run -p iam-bootstrap-examples --example org_root                          # audit, in-memory organization
//! cargo run -p iam-bootstrap-examples --example org_root -- --json                # the report as JSON
//! cargo run -p iam-bootstrap-examples --example org_root -- --fix login-profile,access-keys --dry-run
//! cargo run -p iam-bootstrap-examples --example org_root -- --fix login-profile,access-keys,signing-certificates,mfa-devices
//! cargo run -p iam-bootstrap-examples --example org_root -- --aws --region us-east-1 --ou Root/Workloads
//! ```
//!
//! Without `--fix` it only reads (and, unless `--dry-run`, enables centralized root access
//! where it is missing). With `--fix KINDS` it plans the deletions of those kinds in every
//! selected member account, prints the plan, and (unless `--dry-run`) applies it, then
//! audits again. The management account cannot be the target of AssumeRoot: the report
//! says so and points to the single-account audit (`harden_root`). On the in-memory default
//! it builds an organization whose member root users have passwords, keys and certificates.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use iam_bootstrap::Aws;
use iam_bootstrap::client::memory::{MemberAccount, MemberRoot, OrganizationTree};
use iam_bootstrap::client::{CentralRootApi, InMemory, SdkBackend};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::org_root::{CredentialKind, OrgRoot};
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap_examples::finish;

/// Audit and remove member accounts' root credentials across an organization.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Use AWS (credentials from the usual chain) at this endpoint.
    #[arg(long, env = "IAM_BOOTSTRAP_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    /// Use AWS in this region (AssumeRoot needs a regional STS endpoint).
    #[arg(long)]
    region: Option<String>,
    /// Use AWS with this shared-config profile.
    #[arg(long)]
    profile: Option<String>,
    /// Use real AWS with the default configuration chain.
    #[arg(long)]
    aws: bool,
    /// Root credentials to remove, comma-separated: login-profile, access-keys,
    /// signing-certificates, mfa-devices. None without this flag.
    #[arg(long)]
    fix: Option<String>,
    /// Print what would be enabled or removed, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print one JSON document (`{"enable": ..., "report": ..., "removal": ..., "outcome": ...}`).
    #[arg(long)]
    json: bool,
    /// Only the accounts under this OU (ID or path, nested OUs included).
    #[arg(long)]
    ou: Option<String>,
    /// Accounts to leave out (repeatable).
    #[arg(long)]
    except: Vec<String>,
    /// Accounts worked on at once.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
}

impl Cli {
    fn uses_aws(&self) -> bool {
        self.aws || self.endpoint_url.is_some() || self.region.is_some() || self.profile.is_some()
    }
}

/// Member root users as an organization that grew over the years has them.
fn organization() -> InMemory {
    let account = |n: u64, name: &str, root: MemberRoot| {
        AccountId::new(format!("{n:012}"))
            .map(|id| MemberAccount::new(id, name).in_ou("/Workloads").root_user(root))
    };
    let members = [
        account(
            111_111_111_111,
            "prod-web",
            MemberRoot::with_password()
                .access_key("AKIAPRODWEBROOT00001", true, None)
                .signing_certificate("PRODWEBCERT1"),
        ),
        account(
            111_111_111_112,
            "prod-data",
            MemberRoot::with_password().mfa_device("arn:aws:iam::111111111112:mfa/root-account-mfa-device"),
        ),
        account(222_222_222_222, "dev", MemberRoot::new()),
    ];
    let mut tree = OrganizationTree::new().service_access("iam.amazonaws.com");
    // The IDs above are well-formed, so none is skipped.
    for member in members.into_iter().flatten() {
        tree = tree.account(member);
    }
    InMemory::builder().organization(tree).build()
}

async fn connect(cli: &Cli) -> iam_bootstrap::Result<(Aws, Arc<dyn CentralRootApi>)> {
    if !cli.uses_aws() {
        let memory = organization();
        return Ok((Aws::in_memory(memory.clone()), Arc::new(memory)));
    }
    let mut builder = SdkBackend::builder();
    if let Some(url) = &cli.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    if let Some(region) = &cli.region {
        builder = builder.region(region);
    }
    if let Some(profile) = &cli.profile {
        builder = builder.profile(profile);
    }
    let backend = Arc::new(builder.build().await?);
    Ok((Aws::from_sdk(backend.clone()), backend))
}

async fn run(cli: Cli) -> iam_bootstrap::Result<()> {
    // Bad flags fail here, before any connection or call.
    let kinds = cli.fix.as_deref().map(CredentialKind::parse_list).transpose()?;
    let selector = match &cli.ou {
        Some(ou) => AccountSelectorBuilder::ou(ou),
        None => AccountSelectorBuilder::organization(),
    }
    .except(cli.except.iter().cloned())
    .build()?;
    let (aws, api) = connect(&cli).await?;
    let org_root = OrgRoot::builder(aws, api)
        .accounts(selector)
        .concurrency(cli.concurrency)
        .build()?;

    let mut document = serde_json::Map::new();
    let enable = org_root.plan_enable().await?;
    if !cli.json {
        print!("== Centralized root access\n{enable}");
    }
    document.insert("enable".into(), serde_json::to_value(&enable).unwrap_or_default());
    if !cli.dry_run {
        org_root.apply_enable(&enable).await?;
    }
    let report = org_root.audit().await?;
    if !cli.json {
        println!("\n== Root users of the member accounts\n{report}");
    }
    document.insert("report".into(), serde_json::to_value(&report).unwrap_or_default());
    if let Some(kinds) = kinds.filter(|k| !k.is_empty()) {
        let plan = org_root.plan_removal(&kinds).await?;
        if !cli.json {
            print!("\n== Root credentials to remove\n{plan}");
        }
        document.insert("removal".into(), serde_json::to_value(&plan).unwrap_or_default());
        if !cli.dry_run {
            let outcome = org_root.apply_removal(&plan).await?;
            if !cli.json {
                print!("\n== Removed\n{outcome}");
                println!("\n== Audit after removal\n{}", org_root.audit().await?);
            }
            document.insert(
                "outcome".into(),
                serde_json::to_value(&outcome).unwrap_or_default(),
            );
        }
    }
    if cli.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::Value::Object(document)).unwrap_or_default()
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    finish(run(Cli::parse()).await)
}
