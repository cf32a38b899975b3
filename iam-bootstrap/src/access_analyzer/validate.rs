//! `ValidatePolicy` and the offline lint together: one list of findings, each labelled by
//! who reported it, with the findings both report (the codes in [`super::codes`]) merged.

use serde::Serialize;

use super::codes::{lint_code, offline_issue_code};
use crate::Aws;
use crate::client::{PolicyValidationFinding, PolicyValidationInput};
use crate::error::Result;
use crate::policy::{LintCode, LintFinding, LintSeverity, Linter, PolicyContext, PolicyDocument};

/// Who reported a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingSource {
    /// The offline lint only.
    Offline,
    /// Access Analyzer only.
    AccessAnalyzer,
    /// Both, under codes that mean the same thing.
    Both,
}

/// One finding of [`validate_policy`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationFinding {
    /// Who reported it.
    pub source: FindingSource,
    /// How serious it is (the more serious of the two when both reported it).
    pub severity: LintSeverity,
    /// The offline lint's code, when the lint reported it or AWS's code maps to one.
    pub lint_code: Option<LintCode>,
    /// Access Analyzer's `issueCode`, when it reported it.
    pub issue_code: Option<String>,
    /// The zero-based statement, when known.
    pub statement: Option<usize>,
    /// The explanation (Access Analyzer's when both reported it).
    pub message: String,
    /// Access Analyzer's documentation link, when it reported it.
    pub learn_more: Option<String>,
}

/// What [`validate_policy`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationReport {
    /// The kind of policy it was validated as.
    pub context: PolicyContext,
    /// Every finding, most serious first.
    pub findings: Vec<ValidationFinding>,
}

impl ValidationReport {
    /// Whether a finding is an error (IAM would reject the policy).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == LintSeverity::Error)
    }

    /// The findings reported by `source`.
    pub fn from_source(&self, source: FindingSource) -> impl Iterator<Item = &ValidationFinding> {
        self.findings.iter().filter(move |f| f.source == source)
    }
}

/// Validates `doc` as a policy of kind `context` with the offline lint and with Access
/// Analyzer's `ValidatePolicy`, merging the findings both report.
///
/// Identity policies, boundaries and permission-set inline policies go to AWS as identity
/// policies, trust policies as resource policies of `AWS::IAM::AssumeRolePolicyDocument`,
/// SCPs as service control policies.
///
/// # Errors
/// The errors of `ValidatePolicy` ([`Error::AccessDenied`](crate::Error::AccessDenied),
/// [`Error::Throttled`](crate::Error::Throttled), ...) and of `GetCallerIdentity` (the
/// account the lint judges cross-account trust by).
///
/// ```
/// use iam_bootstrap::access_analyzer::{FindingSource, validate_policy};
/// use iam_bootstrap::policy::{PolicyContext, PolicyDocument};
/// use iam_bootstrap::{Aws, InMemory};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let aws = Aws::in_memory(InMemory::new());
/// let doc = PolicyDocument::from_json(r#"{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#)?;
/// let report = validate_policy(&aws, &doc, PolicyContext::Identity).await?;
/// let pass_role = report.findings.iter().find(|f| f.issue_code.as_deref() == Some("PASS_ROLE_WITH_STAR_IN_RESOURCE")).unwrap();
/// assert_eq!(pass_role.source, FindingSource::Both); // the in-memory backend agrees with the lint
/// # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
/// ```
pub async fn validate_policy(
    aws: &Aws,
    doc: &PolicyDocument,
    context: PolicyContext,
) -> Result<ValidationReport> {
    let account = aws.account_id().await?;
    let offline = Linter::new(context).with_account(&account).lint(doc);
    let input = PolicyValidationInput::for_context(doc.to_json(), context);
    let remote = aws.access_analyzer().validate_policy(&input).await?;
    Ok(ValidationReport {
        context,
        findings: merge(offline, remote),
    })
}

/// Whether an AWS finding reports what a lint finding does: a mapped code (or the in-memory
/// backend's upper-cased lint id) on the same statement, when both name one.
fn same(lint: &LintFinding, aws: &PolicyValidationFinding) -> bool {
    let code =
        lint_code(&aws.issue_code) == Some(lint.code) || offline_issue_code(lint.code) == aws.issue_code;
    let statement = match (lint.statement, aws.statement) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    code && statement
}

/// Merges the two lists: each AWS finding takes the first unmatched lint finding it agrees
/// with; what is left of either is labelled by its source.
pub(crate) fn merge(
    offline: Vec<LintFinding>,
    remote: Vec<PolicyValidationFinding>,
) -> Vec<ValidationFinding> {
    let mut offline: Vec<Option<LintFinding>> = offline.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for aws in remote {
        let matched = offline
            .iter_mut()
            .find(|slot| slot.as_ref().is_some_and(|l| same(l, &aws)))
            .and_then(Option::take);
        out.push(ValidationFinding {
            source: if matched.is_some() {
                FindingSource::Both
            } else {
                FindingSource::AccessAnalyzer
            },
            // LintSeverity orders most serious first.
            severity: matched
                .as_ref()
                .map_or(aws.severity, |l| l.severity.min(aws.severity)),
            lint_code: matched
                .as_ref()
                .map(|l| l.code)
                .or_else(|| lint_code(&aws.issue_code)),
            statement: aws.statement.or(matched.as_ref().and_then(|l| l.statement)),
            issue_code: Some(aws.issue_code),
            message: aws.details,
            learn_more: Some(aws.learn_more),
        });
    }
    out.extend(offline.into_iter().flatten().map(|l| ValidationFinding {
        source: FindingSource::Offline,
        severity: l.severity,
        lint_code: Some(l.code),
        issue_code: None,
        statement: l.statement,
        message: l.message,
        learn_more: None,
    }));
    out.sort_by_key(|f| (f.severity, f.statement));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(code: LintCode, severity: LintSeverity, statement: Option<usize>) -> LintFinding {
        LintFinding {
            code,
            severity,
            statement,
            message: "offline".into(),
        }
    }

    fn aws(code: &str, severity: LintSeverity, statement: Option<usize>) -> PolicyValidationFinding {
        PolicyValidationFinding {
            severity,
            issue_code: code.into(),
            details: "aws".into(),
            learn_more: "link".into(),
            statement,
            path: None,
        }
    }

    #[test]
    fn agreeing_findings_merge_and_the_rest_keep_their_source() {
        let merged = merge(
            vec![
                lint(LintCode::RedundantAction, LintSeverity::Suggestion, Some(1)),
                lint(LintCode::FullAccess, LintSeverity::SecurityWarning, Some(0)),
                // Same code, another statement: not the AWS finding's twin.
                lint(LintCode::RedundantAction, LintSeverity::Suggestion, Some(3)),
            ],
            vec![
                aws("REDUNDANT_ACTION", LintSeverity::Suggestion, Some(1)),
                aws(
                    "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
                    LintSeverity::SecurityWarning,
                    Some(2),
                ),
            ],
        );
        let summary: Vec<(FindingSource, Option<usize>, Option<LintCode>)> = merged
            .iter()
            .map(|f| (f.source, f.statement, f.lint_code))
            .collect();
        assert_eq!(
            summary,
            [
                (FindingSource::Offline, Some(0), Some(LintCode::FullAccess)),
                (FindingSource::AccessAnalyzer, Some(2), None),
                (FindingSource::Both, Some(1), Some(LintCode::RedundantAction)),
                (FindingSource::Offline, Some(3), Some(LintCode::RedundantAction)),
            ]
        );
        assert_eq!(merged[2].message, "aws");
    }
}
