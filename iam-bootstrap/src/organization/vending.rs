//! Planning member accounts ([`AccountSpec`]s): which to create, which to wait for (a
//! creation an interrupted run started), which to move into their OU or tag, and which
//! already are as the spec says.
//!
//! Accounts are found by their root user's email, compared without case as AWS does: an
//! account of the organization that has it is reported, never created again.

use std::collections::BTreeMap;

use super::{AccountSpec, OrganizationChange, OrganizationReader};
use crate::aws::Aws;
use crate::client::{Account, AccountState, CreateAccountStatus, OrganizationResource, Tags};
use crate::error::Result;
use crate::plan::{Finding, FindingSeverity, FindingStatus, Plan};

/// The plan that brings the organization's member accounts to `specs`. Reads only:
/// `DescribeOrganization`, `ListRoots`, `ListAccounts`, the OUs on the specs' paths, and,
/// per existing account, `ListParents` and `ListTagsForResource`; `ListCreateAccountStatus`
/// only when an account is missing.
///
/// # Errors
/// [`Error::Precondition`](crate::Error::Precondition) when the caller's account is in no
/// organization, or a spec names an OU the organization does not have (naming it); backend
/// errors from the reads.
pub async fn plan_accounts(aws: &Aws, specs: &[AccountSpec]) -> Result<Plan> {
    let mut plan = Plan::default();
    if specs.is_empty() {
        return Ok(plan);
    }
    let mut reader = OrganizationReader::new(aws);
    let root = reader.root().await?;
    let orgs = aws.organizations();
    let existing: BTreeMap<String, Account> = orgs
        .list_accounts()
        .await?
        .into_iter()
        .map(|a| (a.email.to_ascii_lowercase(), a))
        .collect();
    let mut in_progress: Option<Vec<CreateAccountStatus>> = None;
    for spec in specs {
        let destination = match spec.ou() {
            Some(ou) => reader.locate(ou).await?,
            None => root.clone(),
        };
        let ou = spec.ou().map_or_else(|| "Root".to_owned(), ToString::to_string);
        let email = spec.email().clone();
        let Some(account) = existing.get(&email.as_str().to_ascii_lowercase()) else {
            if in_progress.is_none() {
                in_progress = Some(orgs.list_create_account_requests_in_progress().await?);
            }
            let started = in_progress
                .iter()
                .flatten()
                .find(|s| s.account_name.as_deref() == Some(spec.name().as_str()));
            plan.changes.push(
                match started {
                    Some(status) => OrganizationChange::AwaitAccountCreation {
                        request_id: status.request_id.clone(),
                        name: spec.name().clone(),
                        email,
                        root: root.clone(),
                        destination,
                        ou,
                    },
                    None => OrganizationChange::CreateAccount {
                        name: spec.name().clone(),
                        email,
                        role_name: spec.role_name().cloned(),
                        tags: spec.tags().clone(),
                        root: root.clone(),
                        destination,
                        ou,
                    },
                }
                .into(),
            );
            continue;
        };
        plan.findings.push(reported(spec, account, &ou));
        let parent = orgs.list_parent(&account.id).await?;
        if parent != destination {
            plan.changes.push(
                OrganizationChange::MoveAccount {
                    account: account.id.clone(),
                    email: email.clone(),
                    source: parent,
                    destination,
                    ou,
                }
                .into(),
            );
        }
        if !spec.tags().is_empty() {
            let tags = orgs
                .list_tags_for_resource(&OrganizationResource::Account(account.id.clone()))
                .await?;
            let missing: Tags = spec
                .tags()
                .iter()
                .filter(|(k, v)| tags.get(*k) != Some(*v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !missing.is_empty() {
                plan.changes.push(
                    OrganizationChange::TagAccount {
                        account: account.id.clone(),
                        email,
                        tags: missing,
                    }
                    .into(),
                );
            }
        }
    }
    Ok(plan)
}

/// The report of an account that already exists: it is not created again. A suspended or
/// closed one is a failure (no selector will target it).
fn reported(spec: &AccountSpec, account: &Account, ou: &str) -> Finding {
    let active = account.state == AccountState::Active;
    Finding {
        id: "organization-account-exists".into(),
        status: if active {
            FindingStatus::Pass
        } else {
            FindingStatus::Fail
        },
        severity: if active {
            FindingSeverity::Informational
        } else {
            FindingSeverity::Medium
        },
        title: format!("account `{}` ({}) exists", spec.name(), spec.email()),
        evidence: format!(
            "{} `{}` is {} in the organization; not created again (the spec places it in {ou})",
            account.id, account.name, account.state
        ),
        cis: Vec::new(),
        prowler: Vec::new(),
        cis_controls: Vec::new(),
    }
}
