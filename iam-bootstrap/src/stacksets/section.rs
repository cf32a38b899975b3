//! [`StackSetSection`]: the `[[stacksets]]` entries of a [`Bootstrap`](crate::Bootstrap)
//! spec, with the names of [`OrgStackSet`]'s builder (and of Python's `OrgStackSet` and
//! `OperationPreferences` keywords), turned into checked rollouts before any call.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{OperationPreferencesBuilder, OrgStackSet, OrgStackSetBuilder};
use crate::error::{ValidationError, ValidationReason};
use crate::identity_center::PermissionSetSpec;
use crate::names::PolicyName;
use crate::organization::AccountSelectorBuilder;
use crate::ownership::SpecName;
use crate::policy::PolicyDocument;
use crate::roles::{CustomerPolicy, RoleSpec};

/// One `[[stacksets]]` entry: a role (an inline role table) or customer managed policies
/// (those a permission set references, say), deployed to every account of some OUs (nested
/// OUs included) or of the whole organization by one service-managed StackSet.
///
/// ```toml
/// [[stacksets]]
/// ous = ["Root/Workloads"]
/// regions = ["us-east-1"]
/// preferences = { max_concurrent_percentage = 25, failure_tolerance_count = 1 }
/// role = { name = "ci-deployer", trust = { preset = "account_with_mfa", account = "111111111111", max_mfa_age_seconds = 3600 } }
///
/// [[stacksets]]
/// permission_set = "ReadOnly"     # one of the spec's permission sets
/// policies = { "app-read" = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] } }
/// ous = ["Root/Workloads"]
/// regions = ["us-east-1"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StackSetSection {
    /// The StackSet's name (default: `iam-bootstrap-role-<role>` for a role,
    /// `iam-bootstrap-ps-<permission set>` for a permission set's policies; required for
    /// policies alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The role every account gets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<RoleSpec>,
    /// Customer managed policies every account gets, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<PolicyName, PolicyDocument>,
    /// The permission set (of this spec's `[admin]` or `[identity_center]`) whose customer
    /// managed policies `policies` defines: checked to define them all, and rolled out
    /// before the set is provisioned and assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set: Option<String>,
    /// Target OUs by path (`Root/Workloads`), nested OUs included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ous: Vec<String>,
    /// Target the whole organization.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub organization: bool,
    /// The regions.
    #[serde(default)]
    pub regions: Vec<String>,
    /// How operations roll out (default: one account at a time, no failure tolerated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferences: Option<PreferencesSection>,
    /// Keep an account's stack when it leaves the target OUs.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retain_stacks_on_account_removal: bool,
}

/// `preferences = { ... }` of a `[[stacksets]]` entry (the names of
/// [`OperationPreferencesBuilder`]'s methods).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PreferencesSection {
    /// At most this many accounts at once (1 to 10,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_concurrent_count: Option<i64>,
    /// At most this percentage (1-100) of the accounts at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_concurrent_percentage: Option<i64>,
    /// Stop after more than this many failed accounts in a region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_tolerance_count: Option<i64>,
    /// Stop after more than this percentage (0-100) of failed accounts in a region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_tolerance_percentage: Option<i64>,
    /// Deploy regions in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub region_order: Vec<String>,
    /// Deploy every region at once.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub parallel_regions: bool,
}

fn not_allowed(field: &str, why: impl Into<String>) -> ValidationError {
    ValidationError::new(field, ValidationReason::NotAllowed(why.into()))
}

/// `value` within `min..=max`, or a range error at `field`.
fn ranged(field: &str, value: i64, min: i64, max: i64) -> Result<i64, ValidationError> {
    if value < min || value > max {
        return Err(ValidationError::new(
            field,
            ValidationReason::Range {
                min,
                max,
                actual: value,
            },
        ));
    }
    Ok(value)
}

impl PreferencesSection {
    /// The builder, each value checked against its own key (fields relative to
    /// `preferences`).
    fn builder(&self) -> Result<OperationPreferencesBuilder, ValidationError> {
        let mut b = OperationPreferencesBuilder::new()
            .parallel_regions(self.parallel_regions)
            .region_order(self.region_order.iter().cloned());
        if self.max_concurrent_count.is_some() && self.max_concurrent_percentage.is_some() {
            return Err(not_allowed(
                "max_concurrent_percentage",
                "give max_concurrent_count or max_concurrent_percentage, not both",
            ));
        }
        if self.failure_tolerance_count.is_some() && self.failure_tolerance_percentage.is_some() {
            return Err(not_allowed(
                "failure_tolerance_percentage",
                "give failure_tolerance_count or failure_tolerance_percentage, not both",
            ));
        }
        // The values fit their types once in range (the casts cannot truncate).
        if let Some(n) = self.max_concurrent_count {
            b = b.max_concurrent_count(ranged("max_concurrent_count", n, 1, 10_000)? as u32);
        }
        if let Some(p) = self.max_concurrent_percentage {
            b = b.max_concurrent_percentage(ranged("max_concurrent_percentage", p, 1, 100)? as u8);
        }
        if let Some(n) = self.failure_tolerance_count {
            b = b.failure_tolerance_count(ranged("failure_tolerance_count", n, 0, 10_000)? as u32);
        }
        if let Some(p) = self.failure_tolerance_percentage {
            b = b.failure_tolerance_percentage(ranged("failure_tolerance_percentage", p, 0, 100)? as u8);
        }
        Ok(b)
    }

    /// The key an [`OperationPreferencesBuilder`] error field (`max_concurrent`) was
    /// written under.
    fn key(&self, setting: &str) -> String {
        match setting {
            "max_concurrent" if self.max_concurrent_percentage.is_some() => {
                "max_concurrent_percentage".into()
            }
            "max_concurrent" => "max_concurrent_count".into(),
            "failure_tolerance" if self.failure_tolerance_percentage.is_some() => {
                "failure_tolerance_percentage".into()
            }
            "failure_tolerance" => "failure_tolerance_count".into(),
            other => other.into(),
        }
    }
}

impl StackSetSection {
    /// The checked rollout, owned by `spec`; `permission_sets` are the spec's own, which
    /// `permission_set` must name. Error fields are relative to the entry
    /// (`preferences.max_concurrent_percentage`, `ous[1]`).
    ///
    /// # Errors
    /// [`ValidationError`]: neither or both of `role` and `policies`, a permission set the
    /// spec does not define or whose policies are not all defined, and everything
    /// [`OrgStackSetBuilder::build`] checks.
    pub(crate) fn rollout(
        &self,
        spec: &SpecName,
        permission_sets: &[&PermissionSetSpec],
    ) -> Result<OrgStackSet, ValidationError> {
        let policies = || -> Vec<CustomerPolicy> {
            self.policies
                .iter()
                .map(|(name, document)| CustomerPolicy::new(name.clone(), document.clone()))
                .collect()
        };
        let mut b = match (&self.role, self.policies.is_empty(), &self.permission_set) {
            (Some(_), _, Some(_)) => {
                return Err(not_allowed(
                    "permission_set",
                    "a permission set's policies are rolled out without a role: drop `role`",
                ));
            }
            (Some(_), false, None) => {
                return Err(not_allowed(
                    "policies",
                    "give either a role or policies (a role's own policies go in its table)",
                ));
            }
            (Some(role), true, None) => OrgStackSet::role(role.clone()),
            (None, true, _) => return Err(ValidationError::new("policies", ValidationReason::Missing)),
            (None, false, Some(set)) => {
                let found = permission_sets.iter().find(|p| p.name().as_str() == set.as_str());
                let Some(found) = found else {
                    return Err(not_allowed(
                        "permission_set",
                        format!("`{set}` is not one of this spec's permission sets"),
                    ));
                };
                OrgStackSet::permission_set_policies(found, policies()).map_err(|e| self.relative(e))?
            }
            (None, false, None) => OrgStackSet::policies(policies()),
        };
        if let Some(name) = &self.name {
            b = b.name(name.clone());
        }
        b = self.targets(b);
        for region in &self.regions {
            b = b.region(region.clone());
        }
        if let Some(prefs) = &self.preferences {
            b = b.preferences(prefs.builder().map_err(|e| e.within("preferences"))?);
        }
        b.retain_stacks_on_account_removal(self.retain_stacks_on_account_removal)
            .spec_name(spec.as_str())
            .build()
            .map_err(|e| self.relative(e))
    }

    /// `ous` first, then the organization: the builder's `targets[i]` follow that order.
    fn targets(&self, mut b: OrgStackSetBuilder) -> OrgStackSetBuilder {
        for ou in &self.ous {
            b = b.target(AccountSelectorBuilder::ou(ou.clone()));
        }
        if self.organization {
            b = b.target(AccountSelectorBuilder::organization());
        }
        b
    }

    /// A builder's error at the key of this entry that holds the value.
    fn relative(&self, err: ValidationError) -> ValidationError {
        let field = err.field().to_owned();
        let relative = if let Some(rest) = field.strip_prefix("stack_set.") {
            if rest == "targets" {
                "ous".to_owned()
            } else if let Some(tail) = rest.strip_prefix("targets[") {
                let index = tail.split(']').next().unwrap_or(tail);
                match index.parse::<usize>() {
                    Ok(i) if i < self.ous.len() => format!("ous[{i}]"),
                    _ => "organization".to_owned(),
                }
            } else {
                rest.to_owned()
            }
        } else if let Some(rest) = field.strip_prefix("operation_preferences.") {
            let (setting, after) = match rest.find(['[', '.']) {
                Some(at) => rest.split_at(at),
                None => (rest, ""),
            };
            let key = self.preferences.clone().unwrap_or_default().key(setting);
            format!("preferences.{key}{after}")
        } else {
            field
        };
        err.at(relative)
    }
}
