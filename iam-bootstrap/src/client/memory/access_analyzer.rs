//! [`AccessAnalyzerApi`] for [`InMemory`]: the offline peer of IAM Access Analyzer.
//!
//! `ValidatePolicy` answers with the offline lint's findings (under AWS's `issueCode` where
//! the two agree, see [`crate::access_analyzer::aws_issue_code`]); the custom checks run
//! the offline evaluator; policy generation reads the activity recorded with
//! [`InMemory::record_activity`] from a trail added with [`InMemory::add_trail`].

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::InMemory;
use super::activity::{ActivityEvent, GenerationJob};
use crate::access_analyzer::offline_issue_code;
use crate::client::{
    AccessAnalyzerApi, AccessCheckOutcome, AccessCheckReason, AccessToCheck, AnalyzerPolicyType,
    AnalyzerResourceType, GeneratedPolicyResult, JobStatus, Operation as Op, PolicyGenerationRequest,
    PolicyValidationFinding, PolicyValidationInput,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::policy::{LintCode, LintSeverity, Linter, PolicyContext, PolicyDocument};

const LEARN_MORE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";

fn context(input: &PolicyValidationInput) -> PolicyContext {
    match (input.policy_type, input.resource_type) {
        (AnalyzerPolicyType::IdentityPolicy, _) => PolicyContext::Identity,
        (AnalyzerPolicyType::ServiceControlPolicy, _) => PolicyContext::Scp,
        (AnalyzerPolicyType::ResourcePolicy, Some(AnalyzerResourceType::AssumeRolePolicyDocument)) => {
            PolicyContext::Trust
        }
        (AnalyzerPolicyType::ResourcePolicy, _) => PolicyContext::Resource,
    }
}

/// A document the service cannot read: AWS answers `ValidationException`.
fn parse(op: Op, document: &str) -> Result<PolicyDocument> {
    PolicyDocument::from_json(document)
        .map_err(|e| Error::service(op, "ValidationException", format!("Invalid policy document: {e}")))
}

fn outcome(reasons: Vec<AccessCheckReason>, pass: &str, fail: &str) -> AccessCheckOutcome {
    AccessCheckOutcome {
        passes: reasons.is_empty(),
        message: if reasons.is_empty() { pass } else { fail }.to_owned(),
        reasons,
    }
}

/// The generated policies for `events` between `start` and `end`: one statement per set of
/// resources, naming the actions used on it; services with no resource-level events get
/// `Resource: "*"`.
fn generate(events: &[ActivityEvent], request: &PolicyGenerationRequest) -> String {
    // resource → actions, in a stable order.
    let mut by_resource: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for event in events
        .iter()
        .filter(|e| e.at >= request.start && e.at <= request.end)
    {
        by_resource
            .entry(event.resource.clone().unwrap_or_else(|| "*".to_owned()))
            .or_default()
            .insert(event.action.clone());
    }
    // Resources used by the same actions share a statement.
    let mut statements: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for (resource, actions) in by_resource {
        statements
            .entry(actions.into_iter().collect())
            .or_default()
            .push(resource);
    }
    let statements: Vec<serde_json::Value> = statements
        .into_iter()
        .map(|(actions, resources)| {
            serde_json::json!({"Effect": "Allow", "Action": actions, "Resource": resources})
        })
        .collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

/// The policy-generation job `job_id`, as `GetGeneratedPolicy` and `CancelPolicyGeneration`
/// look it up.
fn generation<'a>(state: &'a mut super::state::State, job_id: &str) -> Result<&'a mut GenerationJob> {
    state
        .activity
        .generations
        .get_mut(job_id)
        .ok_or_else(|| Error::not_found(Kind::PolicyGenerationJob, job_id))
}

#[async_trait]
impl AccessAnalyzerApi for InMemory {
    async fn validate_policy(&self, input: &PolicyValidationInput) -> Result<Vec<PolicyValidationFinding>> {
        let account = self.call().account().clone();
        let doc = match PolicyDocument::from_json(&input.document) {
            Ok(doc) => doc,
            Err(e) => {
                return Ok(vec![PolicyValidationFinding {
                    severity: LintSeverity::Error,
                    issue_code: e.code().to_uppercase(),
                    details: e.to_string(),
                    learn_more: LEARN_MORE.to_owned(),
                    statement: None,
                    path: None,
                }]);
            }
        };
        let findings = Linter::new(context(input)).with_account(&account).lint(&doc);
        Ok(findings
            .into_iter()
            .map(|f| PolicyValidationFinding {
                severity: f.severity,
                issue_code: offline_issue_code(f.code),
                details: f.message,
                learn_more: LEARN_MORE.to_owned(),
                statement: f.statement,
                path: f.statement.map(|i| format!("Statement[{i}]")),
            })
            .collect())
    }

    async fn check_no_new_access(
        &self,
        new: &str,
        existing: &str,
        _policy_type: AnalyzerPolicyType,
    ) -> Result<AccessCheckOutcome> {
        let op = Op::CheckNoNewAccess;
        drop(self.call()); // one tick, like every call
        let (new, existing) = (parse(op, new)?, parse(op, existing)?);
        let reasons = match crate::policy::check_no_new_access(&[existing], &[new]) {
            Ok(()) => Vec::new(),
            Err(found) => found
                .grants
                .iter()
                .map(|g| AccessCheckReason {
                    description: format!("new access: {} on {}", g.action, g.resource),
                    statement: Some(g.statement),
                })
                .collect(),
        };
        Ok(outcome(
            reasons,
            "The policy does not grant new access.",
            "The modified permissions grant new access compared to your existing policy.",
        ))
    }

    async fn check_access_not_granted(
        &self,
        document: &str,
        access: &[AccessToCheck],
        _policy_type: AnalyzerPolicyType,
    ) -> Result<AccessCheckOutcome> {
        let op = Op::CheckAccessNotGranted;
        drop(self.call()); // one tick, like every call
        let doc = parse(op, document)?;
        let docs = [doc];
        let reasons = access
            .iter()
            .filter_map(|a| crate::policy::check_access_not_granted(&docs, &a.actions, &a.resources).err())
            .map(|granted| AccessCheckReason {
                description: format!("grants {} on {}", granted.action, granted.resource),
                statement: Some(granted.statement),
            })
            .collect();
        Ok(outcome(
            reasons,
            "The policy document does not grant access to perform the listed actions or resources.",
            "The policy document grants access to perform one or more of the listed actions or resources.",
        ))
    }

    async fn check_no_public_access(
        &self,
        document: &str,
        _resource_type: AnalyzerResourceType,
    ) -> Result<AccessCheckOutcome> {
        let op = Op::CheckNoPublicAccess;
        drop(self.call()); // one tick, like every call
        let doc = parse(op, document)?;
        let reasons = Linter::new(PolicyContext::Resource)
            .lint(&doc)
            .into_iter()
            .filter(|f| f.code == LintCode::PublicPrincipalWithoutCondition)
            .map(|f| AccessCheckReason {
                description: f.message,
                statement: f.statement,
            })
            .collect();
        Ok(outcome(
            reasons,
            "The resource policy does not grant public access.",
            "The resource policy grants public access.",
        ))
    }

    async fn start_policy_generation(&self, request: &PolicyGenerationRequest) -> Result<String> {
        let op = Op::StartPolicyGeneration;
        let mut state = self.call();
        if request.end <= request.start {
            return Err(Error::service(
                op,
                "ValidationException",
                "startTime must be before endTime",
            ));
        }
        let id = format!(
            "{}-{}-{}-{}-{}",
            state.fresh_id(8),
            state.fresh_id(4),
            state.fresh_id(4),
            state.fresh_id(4),
            state.fresh_id(12)
        );
        let principal = request.principal_arn.as_str();
        let outcome = if !state.activity.trails.contains(request.trail_arn.as_str()) {
            Err((
                "RESOURCE_NOT_FOUND_ERROR".to_owned(),
                format!("Trail {} not found", request.trail_arn),
            ))
        } else if !state.roles.values().any(|r| r.role.arn == principal)
            && !state.users.values().any(|u| u.user.arn == principal)
        {
            Err((
                "RESOURCE_NOT_FOUND_ERROR".to_owned(),
                format!("Principal {principal} not found"),
            ))
        } else {
            let events = state.activity.events.get(principal).cloned().unwrap_or_default();
            Ok(vec![generate(&events, request)])
        };
        let polls_left = state.activity.job_polls;
        state.activity.generations.insert(
            id.clone(),
            GenerationJob {
                polls_left,
                outcome,
                canceled: false,
            },
        );
        Ok(id)
    }

    async fn get_generated_policy(&self, job_id: &str) -> Result<GeneratedPolicyResult> {
        let mut state = self.call();
        let job = generation(&mut state, job_id)?;
        let (status, policies) = if job.canceled {
            (JobStatus::Canceled, Vec::new())
        } else if job.polls_left > 0 {
            job.polls_left -= 1;
            (JobStatus::InProgress, Vec::new())
        } else {
            match &job.outcome {
                Ok(policies) => (JobStatus::Succeeded, policies.clone()),
                Err((code, message)) => (
                    JobStatus::Failed {
                        code: code.clone(),
                        message: message.clone(),
                    },
                    Vec::new(),
                ),
            }
        };
        Ok(GeneratedPolicyResult {
            status,
            policies,
            trail_complete: true,
        })
    }

    async fn cancel_policy_generation(&self, job_id: &str) -> Result<()> {
        let mut state = self.call();
        let job = generation(&mut state, job_id)?;
        // Only a running job can be cancelled; a finished one keeps its result.
        if job.polls_left > 0 {
            job.canceled = true;
        }
        Ok(())
    }
}
