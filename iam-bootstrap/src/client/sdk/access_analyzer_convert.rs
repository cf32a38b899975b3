//! Conversions between aws-sdk-accessanalyzer's types and the crate's.

use aws_sdk_accessanalyzer::operation::get_generated_policy::GetGeneratedPolicyOutput;
use aws_sdk_accessanalyzer::types as sdk;
use aws_smithy_types::DateTime;

use super::missing;
use crate::client::{
    AccessCheckOutcome, AccessCheckReason, GeneratedPolicyResult, JobStatus, Operation,
    PolicyValidationFinding,
};
use crate::error::Result;
use crate::policy::LintSeverity;

/// A jiff timestamp as the SDK sends it (whole seconds and nanoseconds).
pub(super) fn to_sdk_time(time: jiff::Timestamp) -> DateTime {
    DateTime::from_secs_and_nanos(time.as_second(), time.subsec_nanosecond().unsigned_abs())
}

/// An SDK time as a jiff timestamp; `None` if out of jiff's range.
pub(super) fn from_sdk_time(time: &DateTime) -> Option<jiff::Timestamp> {
    jiff::Timestamp::new(time.secs(), i32::try_from(time.subsec_nanos()).unwrap_or(0)).ok()
}

fn severity(kind: &sdk::ValidatePolicyFindingType) -> LintSeverity {
    match kind {
        sdk::ValidatePolicyFindingType::Error => LintSeverity::Error,
        sdk::ValidatePolicyFindingType::SecurityWarning => LintSeverity::SecurityWarning,
        sdk::ValidatePolicyFindingType::Warning => LintSeverity::Warning,
        // SUGGESTION, and any type added later: the mildest.
        _ => LintSeverity::Suggestion,
    }
}

/// A location path as AWS documents it: `Statement[0].Action[1]`.
fn path_text(path: &[sdk::PathElement]) -> String {
    let mut out = String::new();
    for element in path {
        match element {
            sdk::PathElement::Index(i) => out.push_str(&format!("[{i}]")),
            sdk::PathElement::Key(k) | sdk::PathElement::Value(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            // Substrings point inside a value; the path up to it says where.
            _ => {}
        }
    }
    out
}

/// The statement a path points into: the index after the `Statement` key.
fn statement_of(path: &[sdk::PathElement]) -> Option<usize> {
    let key = path.iter().position(
        |e| matches!(e, sdk::PathElement::Key(k) | sdk::PathElement::Value(k) if k == "Statement"),
    )?;
    match path.get(key + 1) {
        Some(sdk::PathElement::Index(i)) => usize::try_from(*i).ok(),
        // A single statement written as an object, not a list.
        _ => Some(0),
    }
}

pub(super) fn finding(f: &sdk::ValidatePolicyFinding) -> PolicyValidationFinding {
    let location = f.locations().first();
    PolicyValidationFinding {
        severity: severity(f.finding_type()),
        issue_code: f.issue_code().to_owned(),
        details: f.finding_details().to_owned(),
        learn_more: f.learn_more_link().to_owned(),
        statement: location.and_then(|l| statement_of(l.path())),
        path: location.map(|l| path_text(l.path())),
    }
}

pub(super) fn check_outcome(
    passes: bool,
    message: Option<&str>,
    reasons: &[sdk::ReasonSummary],
) -> AccessCheckOutcome {
    AccessCheckOutcome {
        passes,
        message: message.unwrap_or_default().to_owned(),
        reasons: reasons
            .iter()
            .map(|r| AccessCheckReason {
                description: r.description().unwrap_or_default().to_owned(),
                statement: r.statement_index().and_then(|i| usize::try_from(i).ok()),
            })
            .collect(),
    }
}

pub(super) fn job_status(status: &sdk::JobStatus, error: Option<&sdk::JobError>) -> JobStatus {
    match status {
        sdk::JobStatus::Succeeded => JobStatus::Succeeded,
        sdk::JobStatus::Canceled => JobStatus::Canceled,
        sdk::JobStatus::InProgress => JobStatus::InProgress,
        // FAILED, and a status added later: a failure with whatever AWS said.
        other => JobStatus::Failed {
            code: error.map_or_else(|| other.as_str().to_owned(), |e| e.code().as_str().to_owned()),
            message: error.map(|e| e.message().to_owned()).unwrap_or_default(),
        },
    }
}

pub(super) fn generated_result(
    op: Operation,
    out: &GetGeneratedPolicyOutput,
) -> Result<GeneratedPolicyResult> {
    let job = out.job_details().ok_or_else(|| missing(op, "jobDetails"))?;
    let result = out.generated_policy_result();
    Ok(GeneratedPolicyResult {
        status: job_status(job.status(), job.job_error()),
        policies: result
            .map(|r| {
                r.generated_policies()
                    .iter()
                    .map(|p| p.policy().to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        trail_complete: result
            .and_then(|r| r.properties())
            .and_then(|p| p.is_complete())
            .unwrap_or(true),
    })
}
