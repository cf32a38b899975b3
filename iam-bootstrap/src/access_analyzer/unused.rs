//! Unused access from IAM's service-last-accessed data: which services (and, where IAM
//! tracks them, which actions) a role may use but has not used lately, and the narrower
//! policy that drops them.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::documents::{combine, current};
use super::generate::{Proposal, propose_with, settled};
use crate::Aws;
use crate::client::{AccessGranularity, Operation, ServiceLastAccessedReport};
use crate::error::{Error, ResourceKind, Result};
use crate::names::{Arn, RoleName};
use crate::policy::PolicyDocument;
use serde_json::Value;

/// One piece of unused access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnusedFinding {
    /// The service namespace (`ec2`).
    pub namespace: String,
    /// The action (`PutObject`), or `None` when the whole service is unused.
    pub action: Option<String>,
    /// When it was last used, if ever in IAM's tracking period.
    pub last_used: Option<Timestamp>,
    /// One line for the reviewer.
    pub message: String,
}

/// What [`unused_access`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnusedAccess {
    /// The role.
    pub role: RoleName,
    /// Access unused for this many days counts.
    pub days: i64,
    /// Every unused service and action.
    pub findings: Vec<UnusedFinding>,
    /// The role's policies without them (`None` when nothing can be dropped).
    pub proposal: Option<Proposal>,
}

/// Reads `role`'s service-last-accessed report (action level), polling within the handle's
/// [`WaitConfig`](crate::WaitConfig), and reports what it has not used for `days` days,
/// with a proposal that drops it.
///
/// Wildcard actions of a used service (`s3:*`) are kept: the report cannot say which of
/// them are needed; generate a policy from CloudTrail ([`super::generate_policy`]) for that.
///
/// # Errors
/// [`Error::NotFound`] for a role that does not exist; [`Error::AsyncFailed`] with IAM's
/// code and message for a failed report; [`Error::Timeout`]; backend errors.
pub async fn unused_access(aws: &Aws, role: &RoleName, days: i64) -> Result<UnusedAccess> {
    let found = aws
        .iam()
        .get_role(role)
        .await?
        .ok_or_else(|| Error::not_found(ResourceKind::Role, role.as_str()))?;
    let arn = Arn::new(found.arn).map_err(Error::Validation)?;
    let report = last_accessed(aws, &arn).await?;
    let cutoff = Timestamp::now()
        .checked_sub(SignedDuration::from_hours(24 * days.max(0)))
        .unwrap_or_else(|_| Timestamp::now());
    let stale = |t: Option<Timestamp>| t.is_none_or(|t| t < cutoff);
    let mut findings = Vec::new();
    for service in &report.services {
        if stale(service.last_authenticated) {
            findings.push(UnusedFinding {
                namespace: service.namespace.clone(),
                action: None,
                last_used: service.last_authenticated,
                message: format!(
                    "role {role} has not used {} ({}) in {days} days",
                    service.name, service.namespace
                ),
            });
            continue;
        }
        for action in service.tracked_actions.iter().filter(|a| stale(a.last_accessed)) {
            findings.push(UnusedFinding {
                namespace: service.namespace.clone(),
                action: Some(action.action.clone()),
                last_used: action.last_accessed,
                message: format!(
                    "role {role} has not used {}:{} in {days} days",
                    service.namespace, action.action
                ),
            });
        }
    }
    let proposal = match narrowed(aws, role, &findings).await? {
        Some(doc) => Some(
            propose_with(
                aws,
                role,
                doc,
                format!("narrow role {role} to the access it used in the last {days} days"),
            )
            .await?,
        ),
        None => None,
    };
    Ok(UnusedAccess {
        role: role.clone(),
        days,
        findings,
        proposal,
    })
}

async fn last_accessed(aws: &Aws, arn: &Arn) -> Result<ServiceLastAccessedReport> {
    let iam = aws.iam();
    let job = iam
        .generate_service_last_accessed_details(arn, AccessGranularity::ActionLevel)
        .await?;
    let what = format!("service-last-accessed job {job}");
    crate::wait::poll_until(aws.waits(), &what, || async {
        let report = iam.get_service_last_accessed_details(&job).await?;
        Ok(settled(&report.status, Operation::GetServiceLastAccessedDetails, &job)?.then_some(report))
    })
    .await
}

/// Whether `action` (`s3:PutObject`, `ec2:*`) is dropped by `findings`.
fn dropped(action: &str, findings: &[UnusedFinding]) -> bool {
    let Some((namespace, name)) = action.split_once(':') else {
        return false;
    };
    findings.iter().any(|f| {
        f.namespace.eq_ignore_ascii_case(namespace)
            && f.action.as_deref().is_none_or(|a| a.eq_ignore_ascii_case(name))
    })
}

/// The role's policies as one document without the unused actions; `None` if nothing drops.
/// Works on the JSON so every other element of a statement stays as written.
async fn narrowed(aws: &Aws, role: &RoleName, findings: &[UnusedFinding]) -> Result<Option<PolicyDocument>> {
    if findings.is_empty() {
        return Ok(None);
    }
    let Some(now) = current(aws, role).await? else {
        return Ok(None);
    };
    let combined = combine(now.documents.iter().map(String::as_str));
    let Ok(mut doc) = serde_json::from_str::<Value>(&combined) else {
        return Ok(None);
    };
    let Some(Value::Array(statements)) = doc.get_mut("Statement") else {
        return Ok(None);
    };
    let mut changed = false;
    statements.retain_mut(|statement| {
        if statement.get("Effect").and_then(Value::as_str) != Some("Allow") {
            return true;
        }
        let actions: Vec<String> = match statement.get("Action") {
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|a| a.as_str().map(str::to_owned))
                .collect(),
            _ => return true,
        };
        let kept: Vec<Value> = actions
            .iter()
            .filter(|a| !dropped(a, findings))
            .map(|a| Value::String(a.clone()))
            .collect();
        if kept.len() == actions.len() {
            return true;
        }
        changed = true;
        if kept.is_empty() {
            return false;
        }
        statement["Action"] = Value::Array(kept);
        true
    });
    if !changed {
        return Ok(None);
    }
    Ok(PolicyDocument::from_json(&doc.to_string()).ok())
}
