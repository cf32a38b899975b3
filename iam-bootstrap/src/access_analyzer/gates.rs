//! Custom policy checks as plan gates: planning a role fails with a typed error when the
//! change would grant what the gates forbid, before anything is written.

use serde::{Deserialize, Serialize};

use super::documents::{combine, current, wanted};
use crate::Aws;
use crate::client::{AccessCheckOutcome, AccessToCheck, AnalyzerPolicyType, AnalyzerResourceType};
use crate::error::{Error, PreconditionReason, Result};
use crate::plan::{Finding, FindingSeverity, FindingStatus, Plan};
use crate::roles::RoleSpec;

/// The custom policy checks a role's planning must pass (Access Analyzer's
/// `CheckNoNewAccess`, `CheckAccessNotGranted` and `CheckNoPublicAccess`).
///
/// ```
/// use iam_bootstrap::access_analyzer::AccessGates;
/// use iam_bootstrap::policy::PolicyDocument;
/// use iam_bootstrap::roles::{RoleSpec, Trust};
/// use iam_bootstrap::{Aws, Error, InMemory, PreconditionReason};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let aws = Aws::in_memory(InMemory::new());
/// let role = |actions: &[&str]| RoleSpec::builder("reader")
///     .trust(Trust::service("lambda.amazonaws.com"))
///     .inline_policy("read", PolicyDocument::allow(actions.iter().copied(), ["arn:aws:s3:::reports/*"]))
///     .build();
/// let gates = AccessGates::new().no_new_access();
/// gates.plan(&role(&["s3:GetObject"])?, &aws).await?.apply(&aws).await?;
/// // Widening the role is refused at planning, before any write...
/// let err = gates.plan(&role(&["s3:GetObject", "s3:PutObject"])?, &aws).await.unwrap_err();
/// assert!(matches!(err, Error::Precondition { reason: PreconditionReason::AccessCheckFailed { .. }, .. }));
/// // ... unless the spec's owner allows it.
/// gates.allow_new_access(true).plan(&role(&["s3:GetObject", "s3:PutObject"])?, &aws).await?;
/// # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[must_use]
pub struct AccessGates {
    /// A change to an existing role must not grant access its current policies do not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_new_access: bool,
    /// New access is reviewed and allowed (the `no_new_access` gate reports, but passes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_new_access: bool,
    /// Access the role's policies must never grant (one `CheckAccessNotGranted` per entry).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_not_granted: Vec<AccessToCheck>,
    /// The trust policy must not let anyone (`Principal: "*"`) assume the role.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_public_trust: bool,
}

/// What the gates checked, for reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GateReport {
    /// `CheckNoNewAccess` (`None`: not asked for, or a new role with nothing to compare).
    pub no_new_access: Option<AccessCheckOutcome>,
    /// `CheckAccessNotGranted` (`None`: not asked for).
    pub access_not_granted: Option<AccessCheckOutcome>,
    /// `CheckNoPublicAccess` on the trust policy (`None`: not asked for).
    pub no_public_trust: Option<AccessCheckOutcome>,
}

fn refused(role: &RoleSpec, check: &'static str, outcome: &AccessCheckOutcome, remedy: &str) -> Error {
    let reasons: Vec<&str> = outcome.reasons.iter().map(|r| r.description.as_str()).collect();
    let why = if reasons.is_empty() {
        outcome.message.clone()
    } else {
        reasons.join("; ")
    };
    Error::Precondition {
        reason: PreconditionReason::AccessCheckFailed {
            role: role.name().to_string(),
            check,
        },
        problem: format!("role {} fails the {check} check: {why}", role.name()),
        remedy: remedy.to_owned(),
    }
}

impl AccessGates {
    /// No gates.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks for `CheckNoNewAccess` against the role's current policies.
    pub fn no_new_access(mut self) -> Self {
        self.no_new_access = true;
        self
    }

    /// Allows new access that `no_new_access` finds (after review).
    pub fn allow_new_access(mut self, allow: bool) -> Self {
        self.allow_new_access = allow;
        self
    }

    /// Forbids `actions` on `resources` (empty: on any resource).
    pub fn deny_access<A: Into<String>, R: Into<String>>(
        mut self,
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = R>,
    ) -> Self {
        self.access_not_granted.push(AccessToCheck {
            actions: actions.into_iter().map(Into::into).collect(),
            resources: resources.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Asks for `CheckNoPublicAccess` on the trust policy.
    pub fn no_public_trust(mut self) -> Self {
        self.no_public_trust = true;
        self
    }

    /// Runs the gates on what `spec` would make of the role.
    ///
    /// # Errors
    /// [`Error::Validation`] for bad gate input ([`AccessGates::validate`]), before any call;
    /// [`Error::Precondition`] with [`PreconditionReason::AccessCheckFailed`] for the first
    /// gate that fails, naming the role, the gate and the checker's reason; backend errors.
    pub async fn check(&self, spec: &RoleSpec, aws: &Aws) -> Result<GateReport> {
        self.validate()
            .map_err(|e| Error::Validation(e.within("access_gates")))?;
        let analyzer = aws.access_analyzer();
        let mut report = GateReport::default();
        if self.no_new_access || !self.access_not_granted.is_empty() {
            let (documents, unreadable) = wanted(aws, spec).await?;
            let new = combine(documents.iter().map(String::as_str));
            if self.no_new_access
                && let Some(now) = current(aws, spec.name()).await?
            {
                let existing = combine(now.documents.iter().map(String::as_str));
                let mut outcome = analyzer
                    .check_no_new_access(&new, &existing, AnalyzerPolicyType::IdentityPolicy)
                    .await?;
                // A managed policy the account cannot show is new access unless already attached.
                for arn in unreadable.iter().filter(|arn| !now.attached.contains(*arn)) {
                    outcome.passes = false;
                    outcome.reasons.push(crate::client::AccessCheckReason {
                        description: format!("attaches {arn}, whose document cannot be read to compare"),
                        statement: None,
                    });
                }
                if !outcome.passes && !self.allow_new_access {
                    return Err(refused(
                        spec,
                        "no_new_access",
                        &outcome,
                        "review the new access, then plan with allow_new_access, or narrow the spec",
                    ));
                }
                report.no_new_access = Some(outcome);
            }
            if !self.access_not_granted.is_empty() {
                // AWS takes one access entry per request: one call per entry, one outcome.
                let mut outcome = AccessCheckOutcome {
                    passes: true,
                    message: String::new(),
                    reasons: Vec::new(),
                };
                for access in &self.access_not_granted {
                    let one = analyzer
                        .check_access_not_granted(
                            &new,
                            std::slice::from_ref(access),
                            AnalyzerPolicyType::IdentityPolicy,
                        )
                        .await?;
                    if outcome.message.is_empty() || (outcome.passes && !one.passes) {
                        outcome.message = one.message;
                    }
                    outcome.passes &= one.passes;
                    outcome.reasons.extend(one.reasons);
                }
                if !outcome.passes {
                    return Err(refused(
                        spec,
                        "access_not_granted",
                        &outcome,
                        "remove the forbidden actions from the role's policies",
                    ));
                }
                report.access_not_granted = Some(outcome);
            }
        }
        if self.no_public_trust {
            let account = aws.account_id().await?;
            let trust = spec.trust().render(&account).to_json();
            let outcome = analyzer
                .check_no_public_access(&trust, AnalyzerResourceType::AssumeRolePolicyDocument)
                .await?;
            if !outcome.passes {
                return Err(refused(
                    spec,
                    "no_public_access",
                    &outcome,
                    "name the principals that may assume the role, or add a condition",
                ));
            }
            report.no_public_trust = Some(outcome);
        }
        Ok(report)
    }

    /// Runs these gates, then plans the role ([`RoleSpec::plan`], which also runs the
    /// gates the spec itself asks for, [`RoleSpec::access_gates`]).
    ///
    /// # Errors
    /// As [`AccessGates::check`] and [`RoleSpec::plan`].
    pub async fn plan(&self, spec: &RoleSpec, aws: &Aws) -> Result<Plan> {
        let report = self.check(spec, aws).await?;
        let mut plan = spec.plan(aws).await?;
        // A gate the spec asks for too has already reported the same finding.
        for finding in self.findings(spec, &report) {
            if !plan.findings.contains(&finding) {
                plan.findings.push(finding);
            }
        }
        Ok(plan)
    }

    /// The plan's findings for what the gates checked: one per gate that ran (passed, or
    /// failed and allowed after review).
    pub(crate) fn findings(&self, spec: &RoleSpec, report: &GateReport) -> Vec<Finding> {
        let checks = [
            (
                "no-new-access",
                "grants no access its current policies do not",
                &report.no_new_access,
            ),
            (
                "access-not-granted",
                "grants none of the forbidden access",
                &report.access_not_granted,
            ),
            (
                "no-public-trust",
                "cannot be assumed by anyone (public trust)",
                &report.no_public_trust,
            ),
        ];
        checks
            .into_iter()
            .filter_map(|(id, what, outcome)| {
                let outcome = outcome.as_ref()?;
                let evidence = if outcome.passes {
                    format!("Access Analyzer: {}", outcome.message)
                } else {
                    let reasons: Vec<&str> = outcome.reasons.iter().map(|r| r.description.as_str()).collect();
                    format!("allowed after review (allow_new_access): {}", reasons.join("; "))
                };
                Some(Finding {
                    id: format!("access-gate-{id}"),
                    status: if outcome.passes {
                        FindingStatus::Pass
                    } else {
                        FindingStatus::Fail
                    },
                    severity: FindingSeverity::Medium,
                    title: format!("role {} {what}", spec.name()),
                    evidence,
                    cis: Vec::new(),
                    prowler: Vec::new(),
                    cis_controls: Vec::new(),
                })
            })
            .collect()
    }
}
