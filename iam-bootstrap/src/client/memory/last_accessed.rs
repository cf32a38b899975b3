//! IAM's service-last-accessed reports for [`InMemory`] (the [`IamApi`](crate::client::IamApi)
//! methods call these): the services a role's or user's policies allow, each with the last
//! time the recorded activity used it.
//!
//! Unlike AWS, which tracks actions for a few services only, every service's actions are
//! tracked here; AWS managed policies, whose documents the account does not hold, add no
//! services (the recorded activity still does).

use std::collections::{BTreeMap, BTreeSet};

use super::InMemory;
use super::activity::LastAccessedJob;
use super::state::State;
use crate::client::{
    AccessGranularity, JobStatus, ServiceLastAccessed, ServiceLastAccessedReport, TrackedActionAccess,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::Arn;
use crate::policy::{ActionElement, Effect, PolicyDocument};

/// The names IAM gives the services the examples use; others show their namespace.
fn service_name(namespace: &str) -> String {
    match namespace {
        "s3" => "Amazon S3",
        "ec2" => "Amazon EC2",
        "iam" => "AWS Identity and Access Management",
        "sts" => "AWS Security Token Service",
        "lambda" => "AWS Lambda",
        "cloudformation" => "AWS CloudFormation",
        "logs" => "Amazon CloudWatch Logs",
        "cloudwatch" => "Amazon CloudWatch",
        "dynamodb" => "Amazon DynamoDB",
        "ecr" => "Amazon Elastic Container Registry",
        "ecs" => "Amazon Elastic Container Service",
        "sqs" => "Amazon SQS",
        "sns" => "Amazon SNS",
        "kms" => "AWS Key Management Service",
        other => other,
    }
    .to_owned()
}

impl State {
    /// The identity-policy documents of the role or user `arn` that the account holds.
    fn documents_of(&self, arn: &str) -> Option<Vec<String>> {
        let role = self.roles.values().find(|r| r.role.arn == arn);
        let user = self.users.values().any(|u| u.user.arn == arn);
        if role.is_none() && !user {
            return None;
        }
        let Some(role) = role else {
            return Some(Vec::new());
        };
        let managed = role.attached.iter().filter_map(|policy| {
            let record = self.policies.get(policy.as_str())?;
            record
                .versions
                .iter()
                .find(|v| v.is_default)
                .and_then(|v| v.document.clone())
        });
        Some(role.inline.values().cloned().chain(managed).collect())
    }
}

/// namespace → action names the documents allow by name (`PutObject`), or an empty set for
/// a namespace allowed by wildcard only.
fn allowed(documents: &[String]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for doc in documents.iter().filter_map(|d| PolicyDocument::from_json(d).ok()) {
        for s in doc.statements().iter().filter(|s| s.effect() == Effect::Allow) {
            let Some(ActionElement::Action(actions)) = s.action() else {
                continue;
            };
            for action in actions {
                let Some((namespace, name)) = action.split_once(':') else {
                    continue;
                };
                let names = out.entry(namespace.to_lowercase()).or_default();
                if !name.contains(['*', '?']) {
                    names.insert(name.to_owned());
                }
            }
        }
    }
    out
}

impl InMemory {
    pub(super) fn mem_generate_last_accessed(
        &self,
        arn: &Arn,
        granularity: AccessGranularity,
    ) -> Result<String> {
        let mut state = self.call();
        let documents = state
            .documents_of(arn.as_str())
            .ok_or_else(|| Error::not_found(Kind::Role, arn.as_str()))?;
        let mut services = allowed(&documents);
        let events = state
            .activity
            .events
            .get(arn.as_str())
            .cloned()
            .unwrap_or_default();
        for event in &events {
            if let Some((namespace, name)) = event.action.split_once(':') {
                services
                    .entry(namespace.to_lowercase())
                    .or_default()
                    .insert(name.to_owned());
            }
        }
        let report = services
            .into_iter()
            .map(|(namespace, actions)| {
                let used = |name: Option<&str>| {
                    events
                        .iter()
                        .filter(|e| {
                            e.action.split_once(':').is_some_and(|(n, a)| {
                                n.eq_ignore_ascii_case(&namespace) && name.is_none_or(|name| a == name)
                            })
                        })
                        .map(|e| e.at)
                        .max()
                };
                let tracked_actions = match granularity {
                    AccessGranularity::ServiceLevel => Vec::new(),
                    AccessGranularity::ActionLevel => actions
                        .iter()
                        .map(|action| TrackedActionAccess {
                            action: action.clone(),
                            last_accessed: used(Some(action)),
                        })
                        .collect(),
                };
                ServiceLastAccessed {
                    name: service_name(&namespace),
                    last_authenticated: used(None),
                    tracked_actions,
                    namespace,
                }
            })
            .collect();
        let id = format!("{}-{}", state.fresh_id(8), state.fresh_id(12));
        let polls_left = state.activity.job_polls;
        state.activity.last_accessed.insert(
            id.clone(),
            LastAccessedJob {
                polls_left,
                services: report,
            },
        );
        Ok(id)
    }

    pub(super) fn mem_get_last_accessed(&self, job_id: &str) -> Result<ServiceLastAccessedReport> {
        let mut state = self.call();
        let job = state
            .activity
            .last_accessed
            .get_mut(job_id)
            .ok_or_else(|| Error::not_found(Kind::LastAccessedJob, job_id))?;
        if job.polls_left > 0 {
            job.polls_left -= 1;
            return Ok(ServiceLastAccessedReport {
                status: JobStatus::InProgress,
                services: Vec::new(),
            });
        }
        Ok(ServiceLastAccessedReport {
            status: JobStatus::Succeeded,
            services: job.services.clone(),
        })
    }
}
