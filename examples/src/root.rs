//! Step one of the guide, "Secure your AWS account root user": the section `bootstrap` and
//! `harden_root` share.

use iam_bootstrap::client::InMemory;
use iam_bootstrap::client::memory::{Caller, RootUser};
use iam_bootstrap::{Aws, PasswordPolicy, RootAccessKeys, RootHardening};

use crate::Target;

/// The in-memory account the examples start from: a new account, signed in as root (as the
/// guide starts), whose root user has an access key used three days ago and no MFA.
pub fn demo_account() -> InMemory {
    InMemory::builder()
        .caller(Caller::Root)
        .root(
            RootUser::default()
                .with_access_keys(1)
                .with_access_key_last_used_days_ago(Some(3)),
        )
        .build()
}

/// The spec: the CIS password policy, root access keys deleted (deactivated first) when
/// signed in as root — a manual step otherwise — hardware root MFA, and `alias` if given.
///
/// # Errors
/// A validation error for an invalid alias.
pub fn spec(alias: Option<&str>) -> iam_bootstrap::Result<RootHardening> {
    let mut builder = RootHardening::builder()
        .password_policy(PasswordPolicy::cis())
        .root_access_keys(RootAccessKeys::Delete)
        .deactivate_before_delete(true);
    if let Some(alias) = alias {
        builder = builder.account_alias(alias);
    }
    Ok(builder.build()?)
}

/// [`root_section_with`] the default [`spec`].
///
/// # Errors
/// As [`root_section_with`].
pub async fn root_section(target: &Target, aws: &Aws) -> iam_bootstrap::Result<()> {
    root_section_with(target, aws, &spec(None)?).await
}

/// Audits the root user, prints the audit and the plan, applies the plan (unless
/// `--dry-run`) and lists the manual steps left. With `--json`, prints the plan (whose
/// findings are the audit's) and the outcome as JSON.
///
/// # Errors
/// Whatever planning or applying returns.
pub async fn root_section_with(
    target: &Target,
    aws: &Aws,
    spec: &RootHardening,
) -> iam_bootstrap::Result<()> {
    let report = spec.audit(aws).await?;
    // Its observations (what a saved copy checks before writing) come from the audit's reads.
    let plan = spec.plan_from_audit(report.clone())?;
    if target.json {
        target.print_plan("Secure the root user", &plan);
    } else {
        println!("== Secure the root user: audit ==");
        print!("{report}");
        // The findings were just printed with the audit.
        let mut plan_only = plan.clone();
        plan_only.findings.clear();
        target.print_plan("Secure the root user: plan", &plan_only);
    }
    if target.dry_run {
        return Ok(());
    }
    let outcome = plan.apply(aws).await?;
    target.print_outcome(&plan, &outcome);
    if !target.json && !plan.manual_steps.is_empty() {
        println!(
            "{} manual step(s) above remain: no API can do them. The next run's audit checks them.",
            plan.manual_steps.len()
        );
    }
    Ok(())
}
