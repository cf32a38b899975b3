//! Planning a role: read what exists, compare semantically, plan only the differences.

use std::collections::{BTreeMap, BTreeSet};

use super::RoleChange;
use super::spec::{RoleBoundary, RoleSpec};
use crate::aws::Aws;
use crate::client::{NewPolicy, NewRole, Role, Tags};
use crate::error::{Error, PreconditionReason, ResourceKind, Result, ValidationError, ValidationReason};
use crate::names::{AccountId, Arn};
use crate::observe::fingerprint;
use crate::ownership::{self, SpecName, owned_by, owner};
use crate::plan::{Change, Finding, FindingSeverity, FindingStatus, Observation, Plan};
use crate::policy::{LintSeverity, PolicyDocument};

/// IAM keeps at most five versions of a managed policy.
const MAX_POLICY_VERSIONS: usize = crate::limits::POLICY_VERSIONS;

/// AWS's default `AttachedPoliciesPerRoleQuota`. The quota can be raised (up to 20) but not
/// lowered, so a role with no more attachments than this needs no `GetAccountSummary`.
const DEFAULT_ATTACHED_POLICIES_QUOTA: usize = crate::limits::ATTACHED_POLICIES_PER_ROLE_DEFAULT;

/// The spec's tags and the ownership tags of `spec`.
fn owned_tags(tags: &Tags, spec: &SpecName) -> Tags {
    let mut tags = tags.clone();
    tags.extend(ownership::tags(spec));
    tags
}

fn parse(document: &str, what: &str) -> Result<PolicyDocument> {
    PolicyDocument::from_json(document).map_err(|e| {
        Error::Validation(ValidationError::new(
            format!("existing {what}"),
            ValidationReason::Policy(e),
        ))
    })
}

impl RoleSpec {
    /// The ARN of one of the spec's customer policies in `account`.
    pub(crate) fn customer_policy_arn(&self, account: &AccountId, index: usize) -> Option<Arn> {
        self.customer_policies
            .get(index)
            .map(|p| Arn::customer_policy(account, &p.path, &p.name))
    }

    /// The boundary's ARN in `account`, if the spec has one.
    pub(crate) fn boundary_arn(&self, account: &AccountId) -> Option<Arn> {
        match &self.boundary {
            None => None,
            Some(RoleBoundary::Arn(arn)) => Some(arn.clone()),
            Some(RoleBoundary::CustomerPolicy(name)) => {
                let policy = self.customer_policies.iter().find(|p| &p.name == name)?;
                Some(Arn::customer_policy(account, &policy.path, &policy.name))
            }
        }
    }

    /// Every managed policy the role should have attached in `account`.
    pub(crate) fn attachments(&self, account: &AccountId) -> BTreeSet<Arn> {
        let boundary = self.boundary_arn(account);
        let customer = (0..self.customer_policies.len()).filter_map(|i| self.customer_policy_arn(account, i));
        self.managed_policies
            .iter()
            .cloned()
            .chain(customer)
            .filter(|arn| Some(arn) != boundary.as_ref())
            .collect()
    }

    /// Reads the role (and its customer policies) and plans the writes that make the account
    /// match the spec. Reads only.
    ///
    /// # Errors
    /// [`Error::Validation`] if the spec needs more attachments than the account's
    /// `AttachedPoliciesPerRoleQuota`; [`Error::Precondition`] if the role or a policy
    /// exists without the ownership tag and the spec does not adopt it, or the role exists
    /// at another path, or (with [`AccessCheckFailed`](crate::PreconditionReason::AccessCheckFailed))
    /// if one of the spec's [access gates](RoleSpec::access_gates) refuses the change;
    /// backend errors.
    pub async fn plan(&self, aws: &Aws) -> Result<Plan> {
        self.plan_for_spec(aws, &SpecName::default()).await
    }

    /// Like [`RoleSpec::plan`], for the role as part of the spec named `spec`: what it
    /// creates is tagged with that name, and only a role (or policy) that spec owns is
    /// rewritten (see [`crate::ownership`]).
    ///
    /// # Errors
    /// As [`RoleSpec::plan`]; [`Error::Precondition`] also if another spec owns the role or
    /// one of its policies.
    pub async fn plan_for_spec(&self, aws: &Aws, spec: &SpecName) -> Result<Plan> {
        // The gates the spec asks for come first: a role change they refuse plans nothing.
        let gated = if self.access_gates.is_empty() {
            None
        } else {
            Some(self.access_gates.check(self, aws).await?)
        };
        let iam = aws.iam();
        let account = aws.account_id().await?;
        let attachments = self.attachments(&account);
        if attachments.len() > DEFAULT_ATTACHED_POLICIES_QUOTA {
            let quota = iam
                .account_summary()
                .await?
                .attached_policies_per_role_quota()
                .unwrap_or(10);
            if i64::try_from(attachments.len()).unwrap_or(i64::MAX) > quota {
                return Err(ValidationError::new(
                    "managed_policies",
                    ValidationReason::Range {
                        min: 0,
                        max: quota,
                        actual: i64::try_from(attachments.len()).unwrap_or(i64::MAX),
                    },
                )
                .into());
            }
        }
        let mut plan = Plan::default();
        plan.findings
            .extend(self.findings.iter().map(|f| lint_to_finding(self, f)));
        if let Some(report) = &gated {
            plan.findings.extend(self.access_gates.findings(self, report));
        }
        for index in 0..self.customer_policies.len() {
            self.plan_customer_policy(aws, (&account, spec), index, &mut plan)
                .await?;
        }
        let trust = self.trust.render(&account);
        let read = iam.get_role(&self.name).await?;
        plan.observed.push(Observation {
            resource: super::role_lane(&self.name).to_string(),
            fingerprint: fingerprint(&read),
        });
        match read {
            None => self.plan_new_role((&account, spec), &trust, &attachments, &mut plan),
            Some(role) => {
                self.plan_existing_role(aws, (&account, spec), role, &trust, &attachments, &mut plan)
                    .await?
            }
        }
        // The plan read every resource it writes already: keep what it saw of those.
        crate::observe::keep_written(&mut plan);
        Ok(plan)
    }

    async fn plan_customer_policy(
        &self,
        aws: &Aws,
        (account, spec): (&AccountId, &SpecName),
        index: usize,
        plan: &mut Plan,
    ) -> Result<()> {
        let (Some(policy), Some(arn)) = (
            self.customer_policies.get(index),
            self.customer_policy_arn(account, index),
        ) else {
            return Ok(());
        };
        let iam = aws.iam();
        let read = iam.get_policy(&arn).await?;
        // What a saved plan checks again before writing this policy (see `crate::observe`).
        plan.observed.push(Observation {
            resource: super::policy_lane(&arn).to_string(),
            fingerprint: fingerprint(&read),
        });
        let Some(existing) = read else {
            let new = NewPolicy {
                name: policy.name.clone(),
                path: policy.path.clone(),
                description: policy.description.clone(),
                document: policy.document.to_json(),
                tags: owned_tags(&Tags::new(), spec),
            };
            plan.changes
                .push(Change::Role(RoleChange::CreatePolicy { policy: new }));
            return Ok(());
        };
        if !owned_by(&existing.tags, spec) && !self.adopt {
            return Err(not_owned(
                ResourceKind::Policy,
                arn.as_str(),
                owner(&existing.tags),
            ));
        }
        let current = iam
            .get_policy_version(&arn, &existing.default_version_id)
            .await?
            .and_then(|v| v.document);
        let same = match current {
            Some(text) => parse(&text, "policy document")?.semantic_eq(&policy.document),
            None => false,
        };
        if same {
            return Ok(());
        }
        let mut versions = iam.list_policy_versions(&arn).await?;
        if versions.len() >= MAX_POLICY_VERSIONS {
            // The oldest non-default version goes, so the new one fits and the default stays.
            versions.retain(|v| !v.is_default);
            versions.sort_by(|a, b| {
                (&a.created_at, version_number(&a.version_id))
                    .cmp(&(&b.created_at, version_number(&b.version_id)))
            });
            if let Some(oldest) = versions.first() {
                plan.changes.push(Change::Role(RoleChange::DeletePolicyVersion {
                    arn: arn.clone(),
                    version_id: oldest.version_id.clone(),
                }));
            }
        }
        plan.changes.push(Change::Role(RoleChange::CreatePolicyVersion {
            arn,
            document: policy.document.to_json(),
        }));
        Ok(())
    }

    fn plan_new_role(
        &self,
        (account, spec): (&AccountId, &SpecName),
        trust: &PolicyDocument,
        attachments: &BTreeSet<Arn>,
        plan: &mut Plan,
    ) {
        let role = NewRole {
            name: self.name.clone(),
            path: self.path.clone(),
            description: self.description.clone(),
            max_session_duration: self.max_session_seconds,
            assume_role_policy: trust.to_json(),
            permissions_boundary: self.boundary_arn(account),
            tags: owned_tags(&self.tags, spec),
        };
        plan.changes.push(Change::Role(RoleChange::CreateRole { role }));
        for arn in attachments {
            plan.changes.push(Change::Role(RoleChange::AttachPolicy {
                name: self.name.clone(),
                arn: arn.clone(),
            }));
        }
        for (policy, document) in &self.inline_policies {
            plan.changes.push(Change::Role(RoleChange::PutInlinePolicy {
                name: self.name.clone(),
                policy: policy.to_string(),
                document: document.to_json(),
            }));
        }
    }

    async fn plan_existing_role(
        &self,
        aws: &Aws,
        (account, spec): (&AccountId, &SpecName),
        role: Role,
        trust: &PolicyDocument,
        attachments: &BTreeSet<Arn>,
        plan: &mut Plan,
    ) -> Result<()> {
        let iam = aws.iam();
        let name = &self.name;
        if !owned_by(&role.tags, spec) && !self.adopt {
            return Err(not_owned(
                ResourceKind::Role,
                role.arn.as_str(),
                owner(&role.tags),
            ));
        }
        if role.path != self.path {
            return Err(Error::Precondition {
                reason: PreconditionReason::RolePathMismatch {
                    role: name.to_string(),
                    path: role.path.to_string(),
                },
                problem: format!(
                    "role {name} exists at path {} but the spec puts it at {}",
                    role.path, self.path
                ),
                remedy: "IAM cannot move a role: change the spec's path, or delete the role and re-run"
                    .into(),
            });
        }
        let role_change = |change: RoleChange| Change::Role(change);
        if !parse(&role.assume_role_policy, "trust policy")?.semantic_eq(trust) {
            plan.changes.push(role_change(RoleChange::UpdateTrust {
                name: name.clone(),
                document: trust.to_json(),
            }));
        }
        if role.description != self.description || role.max_session_duration != self.max_session_seconds {
            plan.changes.push(role_change(RoleChange::UpdateRole {
                name: name.clone(),
                description: self.description.clone(),
                max_session_duration: self.max_session_seconds,
            }));
        }
        match (role.permissions_boundary.as_ref(), self.boundary_arn(account)) {
            (current, Some(wanted)) if current != Some(&wanted) => {
                plan.changes.push(role_change(RoleChange::PutBoundary {
                    name: name.clone(),
                    arn: wanted,
                }));
            }
            (Some(_), None) => plan
                .changes
                .push(role_change(RoleChange::DeleteBoundary { name: name.clone() })),
            _ => {}
        }
        let current: BTreeSet<Arn> = iam
            .list_attached_role_policies(name)
            .await?
            .into_iter()
            .map(|a| a.arn)
            .collect();
        for arn in current.difference(attachments) {
            plan.changes.push(role_change(RoleChange::DetachPolicy {
                name: name.clone(),
                arn: arn.clone(),
            }));
        }
        for arn in attachments.difference(&current) {
            plan.changes.push(role_change(RoleChange::AttachPolicy {
                name: name.clone(),
                arn: arn.clone(),
            }));
        }
        self.plan_inline(aws, plan).await?;
        let wanted = owned_tags(&self.tags, spec);
        let changed: Tags = wanted
            .iter()
            .filter(|(k, v)| role.tags.get(*k) != Some(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !changed.is_empty() {
            plan.changes.push(role_change(RoleChange::TagRole {
                name: name.clone(),
                tags: changed,
            }));
        }
        let extra: Vec<String> = role
            .tags
            .keys()
            .filter(|k| !wanted.contains_key(*k))
            .cloned()
            .collect();
        if !extra.is_empty() {
            plan.changes.push(role_change(RoleChange::UntagRole {
                name: name.clone(),
                keys: extra,
            }));
        }
        Ok(())
    }

    async fn plan_inline(&self, aws: &Aws, plan: &mut Plan) -> Result<()> {
        let iam = aws.iam();
        let name = &self.name;
        let mut current = BTreeMap::new();
        for policy in iam.list_role_policies(name).await? {
            if let Some(document) = iam.get_role_policy(name, &policy).await? {
                current.insert(policy, document);
            }
        }
        for (policy, document) in &self.inline_policies {
            let same = match current.get(policy.as_str()) {
                Some(text) => parse(text, "inline policy")?.semantic_eq(document),
                None => false,
            };
            if !same {
                plan.changes.push(Change::Role(RoleChange::PutInlinePolicy {
                    name: name.clone(),
                    policy: policy.to_string(),
                    document: document.to_json(),
                }));
            }
        }
        for policy in current
            .keys()
            .filter(|p| !self.inline_policies.keys().any(|k| k.as_str() == p.as_str()))
        {
            plan.changes.push(Change::Role(RoleChange::DeleteInlinePolicy {
                name: name.clone(),
                policy: policy.clone(),
            }));
        }
        Ok(())
    }
}

/// `v12` → 12, so versions sort numerically when creation times tie.
fn version_number(version_id: &str) -> u64 {
    version_id.trim_start_matches('v').parse().unwrap_or(u64::MAX)
}

fn not_owned(kind: ResourceKind, arn: &str, owner: Option<&str>) -> Error {
    let why = match owner {
        Some(other) => format!(
            "belongs to the spec named `{other}` ({}={other})",
            ownership::SPEC_TAG_KEY
        ),
        None => format!(
            "was not created by iam-bootstrap (no {}={} tag)",
            ownership::OWNERSHIP_TAG_KEY,
            ownership::OWNERSHIP_TAG_VALUE
        ),
    };
    Error::Precondition {
        reason: PreconditionReason::NotOwned {
            kind,
            name: arn.to_owned(),
        },
        problem: format!("the {kind} {arn} exists but {why}"),
        remedy: "rename it in the spec, or set adopt to let iam-bootstrap take it over".into(),
    }
}

fn lint_to_finding(spec: &RoleSpec, finding: &super::PolicyFinding) -> Finding {
    let severity = match finding.finding.severity {
        LintSeverity::Error => FindingSeverity::Critical,
        LintSeverity::SecurityWarning => FindingSeverity::High,
        LintSeverity::Warning => FindingSeverity::Medium,
        LintSeverity::Suggestion => FindingSeverity::Low,
    };
    Finding {
        id: format!("policy-{}", finding.finding.code),
        status: FindingStatus::Fail,
        severity,
        title: format!(
            "role {}: {} ({})",
            spec.name, finding.policy, finding.finding.severity
        ),
        evidence: finding.finding.message.clone(),
        cis: Vec::new(),
        prowler: Vec::new(),
        cis_controls: Vec::new(),
    }
}
