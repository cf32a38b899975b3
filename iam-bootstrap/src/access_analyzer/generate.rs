//! Policy generation from CloudTrail: start a job for a role, poll it (bounded), and turn
//! what it generated into a [`PolicyDocument`] with its resource placeholders marked, then
//! into a proposal to tighten the role that lint and the evaluator have checked.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::documents::{combine, current};
use crate::Aws;
use crate::client::{JobStatus, Operation, PolicyGenerationRequest};
use crate::error::{Error, ResourceKind, Result, ValidationError, ValidationReason};
use crate::names::{Arn, RoleName};
use crate::policy::{
    ActionElement, LintFinding, PolicyContext, PolicyDocument, ResourceElement, check_no_new_access,
};

/// The longest window Access Analyzer reads.
pub const MAX_WINDOW_DAYS: i64 = 90;

/// What to generate a policy from: a role's activity in a trail, over a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GenerationRequest {
    /// The role.
    pub role: RoleName,
    /// The trail that logged its activity.
    pub trail: Arn,
    /// The role Access Analyzer assumes to read the trail.
    pub access_role: Arn,
    /// The trail's regions to read (empty: all).
    pub regions: Vec<String>,
    /// The window's start.
    pub start: Timestamp,
    /// The window's end.
    pub end: Timestamp,
}

impl GenerationRequest {
    /// A request for `role`'s activity in `trail` between `start` and `end`.
    ///
    /// # Errors
    /// [`ValidationError`] when the window is empty or longer than [`MAX_WINDOW_DAYS`], or
    /// the trail or access role is not an ARN of the right service.
    pub fn new(
        role: RoleName,
        trail: Arn,
        access_role: Arn,
        start: Timestamp,
        end: Timestamp,
    ) -> std::result::Result<Self, ValidationError> {
        if end <= start {
            return Err(ValidationError::new(
                "end",
                ValidationReason::NotAllowed("the window must end after it starts".into()),
            ));
        }
        if end.duration_since(start) > SignedDuration::from_hours(24 * MAX_WINDOW_DAYS) {
            return Err(ValidationError::new(
                "start",
                ValidationReason::NotAllowed(format!("Access Analyzer reads at most {MAX_WINDOW_DAYS} days")),
            ));
        }
        if !trail.as_str().starts_with("arn:aws:cloudtrail:") && !trail.as_str().contains(":cloudtrail:") {
            return Err(ValidationError::new(
                "trail",
                ValidationReason::NotAllowed("not a CloudTrail trail ARN".into()),
            ));
        }
        if !access_role.as_str().contains(":iam::") || !access_role.as_str().contains(":role/") {
            return Err(ValidationError::new(
                "access_role",
                ValidationReason::NotAllowed("not an IAM role ARN".into()),
            ));
        }
        Ok(Self {
            role,
            trail,
            access_role,
            regions: Vec::new(),
            start,
            end,
        })
    }

    /// The last `days` days up to now.
    ///
    /// # Errors
    /// As [`GenerationRequest::new`].
    pub fn last_days(
        role: RoleName,
        trail: Arn,
        access_role: Arn,
        days: i64,
    ) -> std::result::Result<Self, ValidationError> {
        let end = Timestamp::now();
        let start = end
            .checked_sub(SignedDuration::from_hours(24 * days.max(0)))
            .unwrap_or(end);
        Self::new(role, trail, access_role, start, end)
    }
}

/// A placeholder AWS left in a generated resource (`${BucketName}`): the reviewer fills it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    /// The zero-based statement.
    pub statement: usize,
    /// The resource, as generated.
    pub resource: String,
    /// The placeholder names in it (`BucketName`).
    pub names: Vec<String>,
}

/// A generated policy, ready for review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratedPolicy {
    /// The role it was generated for.
    pub role: RoleName,
    /// The window it covers.
    pub start: Timestamp,
    /// The window's end.
    pub end: Timestamp,
    /// The generated policies as one document.
    pub document: PolicyDocument,
    /// Every resource placeholder to fill before use.
    pub placeholders: Vec<Placeholder>,
    /// Whether AWS read the whole trail (`false`: the policy may miss activity).
    pub trail_complete: bool,
}

/// The placeholder names in a resource: `${Name}` without a colon (policy variables such as
/// `${aws:username}` have one).
fn placeholder_names(resource: &str) -> Vec<String> {
    resource
        .split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.contains(':') && !name.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn placeholders(doc: &PolicyDocument) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for (i, s) in doc.statements().iter().enumerate() {
        if let Some(ResourceElement::Resource(resources)) = s.resource() {
            for resource in resources {
                let names = placeholder_names(resource);
                if !names.is_empty() {
                    out.push(Placeholder {
                        statement: i,
                        resource: resource.clone(),
                        names,
                    });
                }
            }
        }
    }
    out
}

/// Whether an analysis job is done: `Ok(false)` while it runs, `Ok(true)` once it
/// succeeded, [`Error::AsyncFailed`] with AWS's code and message once it failed or was
/// cancelled (`operation` is the call that polls it).
pub(crate) fn settled(status: &JobStatus, operation: Operation, job: &str) -> Result<bool> {
    let failed = |reason: String| Error::AsyncFailed {
        operation,
        request_id: job.to_owned(),
        reason,
    };
    match status {
        JobStatus::InProgress => Ok(false),
        JobStatus::Succeeded => Ok(true),
        JobStatus::Failed { code, message } => Err(failed(format!("{code}: {message}"))),
        JobStatus::Canceled => Err(failed("CANCELED: the job was cancelled".into())),
    }
}

/// Generates a policy from `request.role`'s activity: `StartPolicyGeneration`, then
/// `GetGeneratedPolicy` until the job ends, within the handle's [`WaitConfig`](crate::WaitConfig).
///
/// # Errors
/// [`Error::NotFound`] for a role that does not exist; [`Error::AsyncFailed`] with AWS's
/// code and message for a job that failed or was cancelled; [`Error::Timeout`] when the job
/// does not end in time (it is cancelled first); backend errors.
pub async fn generate_policy(aws: &Aws, request: &GenerationRequest) -> Result<GeneratedPolicy> {
    let role = aws
        .iam()
        .get_role(&request.role)
        .await?
        .ok_or_else(|| Error::not_found(ResourceKind::Role, request.role.as_str()))?;
    let principal_arn = Arn::new(role.arn).map_err(Error::Validation)?;
    let analyzer = aws.access_analyzer();
    let job = analyzer
        .start_policy_generation(&PolicyGenerationRequest {
            principal_arn,
            trail_arn: request.trail.clone(),
            access_role_arn: request.access_role.clone(),
            regions: request.regions.clone(),
            start: request.start,
            end: request.end,
        })
        .await?;
    let what = format!("policy generation job {job}");
    let polled = crate::wait::poll_until(aws.waits(), &what, || async {
        let result = analyzer.get_generated_policy(&job).await?;
        Ok(settled(&result.status, Operation::GetGeneratedPolicy, &job)?.then_some(result))
    })
    .await;
    let result = match polled {
        Err(timeout @ Error::Timeout { .. }) => {
            // Do not leave a job running that nobody will read; the timeout is the error
            // that matters, whatever the cancellation answers.
            let _cancelled = analyzer.cancel_policy_generation(&job).await;
            return Err(timeout);
        }
        other => other?,
    };
    let text = combine(result.policies.iter().map(String::as_str));
    let document = PolicyDocument::from_json(&text).map_err(|e| Error::Service {
        operation: Operation::GetGeneratedPolicy,
        code: Some("InvalidGeneratedPolicy".into()),
        source: Some(Box::new(e)),
    })?;
    Ok(GeneratedPolicy {
        role: request.role.clone(),
        start: request.start,
        end: request.end,
        placeholders: placeholders(&document),
        document,
        trail_complete: result.trail_complete,
    })
}

/// A reviewable change to a role: its policies replaced by a narrower one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// The role.
    pub role: RoleName,
    /// One line for the reviewer ("tighten role X to what it used between ... and ...").
    pub summary: String,
    /// What the role's policies grant now, as one document.
    pub current: PolicyDocument,
    /// What it would grant.
    pub proposed: PolicyDocument,
    /// Actions the current policies name that the proposal drops.
    pub removed_actions: Vec<String>,
    /// Placeholders still to fill before applying (those the current policy's resources
    /// fit are filled with them).
    pub placeholders: Vec<Placeholder>,
    /// The offline lint's findings on the proposal.
    pub findings: Vec<LintFinding>,
    /// The evaluator's verdict: `true` when the proposal grants nothing the current policies
    /// do not (a tightening, as intended).
    pub narrower: bool,
}

/// The actions named by `Action` elements, as written.
pub(crate) fn named_actions(doc: &PolicyDocument) -> Vec<String> {
    let mut out: Vec<String> = doc
        .statements()
        .iter()
        .filter_map(|s| match s.action() {
            Some(ActionElement::Action(list)) => Some(list.iter().cloned().collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    out.sort_by_key(|a| a.to_lowercase());
    out.dedup_by_key(|a| a.to_lowercase());
    out
}

/// Builds the proposal for `generated`: its document checked by the lint and, against the
/// role's current policies, by the evaluator.
pub(crate) async fn propose_with(
    aws: &Aws,
    role: &RoleName,
    proposed: PolicyDocument,
    summary: String,
) -> Result<Proposal> {
    let now = current(aws, role)
        .await?
        .ok_or_else(|| Error::not_found(ResourceKind::Role, role.as_str()))?;
    let current_doc =
        PolicyDocument::from_json(&combine(now.documents.iter().map(String::as_str))).map_err(|e| {
            Error::Validation(ValidationError::new(
                "current",
                ValidationReason::NotAllowed(e.to_string()),
            ))
        })?;
    let kept: Vec<String> = named_actions(&proposed)
        .iter()
        .map(|a| a.to_lowercase())
        .collect();
    let removed_actions = named_actions(&current_doc)
        .into_iter()
        .filter(|a| !kept.contains(&a.to_lowercase()))
        .collect();
    // Placeholders the current policy can fill keep the role's resource scoping.
    let proposed = super::fill::fill_from(&proposed, &current_doc);
    let account = aws.account_id().await?;
    Ok(Proposal {
        role: role.clone(),
        summary,
        narrower: check_no_new_access(
            std::slice::from_ref(&current_doc),
            std::slice::from_ref(&proposed),
        )
        .is_ok(),
        findings: crate::policy::Linter::new(PolicyContext::Identity)
            .with_account(&account)
            .lint(&proposed),
        placeholders: placeholders(&proposed),
        removed_actions,
        current: current_doc,
        proposed,
    })
}

/// The proposal to tighten `generated.role` to what it used in the window.
///
/// # Errors
/// [`Error::NotFound`] if the role is gone; backend errors.
pub async fn propose(aws: &Aws, generated: &GeneratedPolicy) -> Result<Proposal> {
    let day = |t: Timestamp| t.strftime("%Y-%m-%d").to_string();
    let summary = format!(
        "tighten role {} to what it used between {} and {}",
        generated.role,
        day(generated.start),
        day(generated.end)
    );
    propose_with(aws, &generated.role, generated.document.clone(), summary).await
}
