//! Root hardening scenarios both backends share. moto has no root user model (no
//! `<root_account>` row, summary flags stuck at 0), so these assert what holds either way:
//! the audit runs end to end, root checks are never a pass without a root row, and the
//! fixes an API can make read back. Root-only behaviour is in `tests/offline/root_in_memory.rs`.

use super::{Check, Failure, ensure, ensure_eq, unique};
use crate::client::PasswordPolicySettings;
use crate::{Aws, FindingStatus, PasswordPolicy, RootCheck, RootHardening};

/// The audit reads caller, summary, credential report (generated and waited for), password
/// policy and alias, writes nothing, and returns every check; without a root row every
/// root check is unknown, never a pass.
pub async fn root_audit_runs_end_to_end(aws: &Aws) -> Check {
    let spec = RootHardening::builder().check_password_expiry(true).build()?;
    let before = aws.calls();
    let report = spec.audit(aws).await?;
    ensure_eq(aws.calls().since(&before).writes(), 0, "writes made by an audit")?;
    ensure(!report.caller.account.is_empty(), || "no caller account".into())?;

    let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    let expected: Vec<&str> = RootCheck::ALL
        .iter()
        .filter(|c| **c != RootCheck::AccountAliasSet)
        .map(|c| c.id())
        .collect();
    ensure_eq(ids, expected, "checks run")?;

    for finding in &report.findings {
        let root_check = RootCheck::from_id(&finding.id).is_some_and(RootCheck::is_root_user_check);
        if root_check && report.root_row.is_none() && !report.caller_is_root {
            ensure_eq(finding.status, FindingStatus::Unknown, &finding.id)?;
        }
        ensure(!finding.evidence.is_empty(), || {
            format!("{} has no evidence", finding.id)
        })?;
    }
    // A fresh account has no password policy: every password check fails, with AWS's defaults as evidence.
    ensure_eq(
        report.password_policy.clone(),
        None,
        "password policy of a fresh account",
    )?;
    for finding in report.findings.iter().filter(|f| f.id.starts_with("password-")) {
        ensure_eq(finding.status, FindingStatus::Fail, &finding.id)?;
    }
    let json = report
        .to_json()
        .map_err(|e| Failure(format!("the report does not serialize: {e}")))?;
    ensure(json.contains("\"root-mfa-enabled\""), || {
        "JSON lacks the findings".into()
    })
}

/// The fixes an API can make (password policy, alias) are planned, applied, read back
/// through the backend, pass the next audit, and converge; a new alias replaces the old in
/// one call.
pub async fn root_hardening_fixes_read_back(aws: &Aws) -> Check {
    let alias = unique("iamb");
    let spec = RootHardening::builder()
        .password_policy(PasswordPolicy::cis())
        .account_alias(alias.clone())
        .build()?;
    let plan = spec.plan(aws).await?;
    ensure_eq(plan.changes.len(), 2, "changes planned (password policy, alias)")?;
    let outcome = plan.apply(aws).await?;
    ensure_eq(outcome.calls.writes(), 2, "writes made")?;

    let policy = aws.iam().get_password_policy().await?;
    let expected = PasswordPolicy::cis().merged_onto(&PasswordPolicySettings::default());
    ensure_eq(policy, Some(expected), "password policy read back")?;
    ensure_eq(
        aws.iam().list_account_aliases().await?,
        vec![alias.clone()],
        "alias read back",
    )?;

    let report = spec.audit(aws).await?;
    for finding in report
        .findings
        .iter()
        .filter(|f| f.id.starts_with("password-") || f.id == RootCheck::AccountAliasSet.id())
    {
        ensure_eq(finding.status, FindingStatus::Pass, &finding.id)?;
    }

    let again = spec.plan(aws).await?;
    ensure(again.is_empty(), || format!("second plan is not empty:\n{again}"))?;
    ensure_eq(
        again.apply(aws).await?.calls.total(),
        0,
        "calls applying a converged plan",
    )?;

    let renamed = unique("iamb");
    let respec = RootHardening::builder().account_alias(renamed.clone()).build()?;
    let plan = respec.plan(aws).await?;
    ensure_eq(plan.changes.len(), 1, "changes for a new alias")?;
    ensure_eq(plan.apply(aws).await?.calls.writes(), 1, "writes for a new alias")?;
    ensure_eq(
        aws.iam().list_account_aliases().await?,
        vec![renamed],
        "alias after renaming",
    )
}
