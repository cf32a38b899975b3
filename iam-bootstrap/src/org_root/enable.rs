//! Enabling centralized root access as a plan: prerequisites, what is missing, the writes.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::OrgRoot;
use crate::client::{FeatureSet, IAM_SERVICE_PRINCIPAL, OrganizationsRootFeatures};
use crate::error::{Error, PreconditionReason, Result};
use crate::names::AccountId;

/// One write that enables centralized root access, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EnableStep {
    /// `organizations:EnableAWSServiceAccess` for `iam.amazonaws.com`.
    TrustedAccessForIam,
    /// `iam:EnableOrganizationsRootCredentialsManagement`.
    RootCredentialsManagement,
    /// `iam:EnableOrganizationsRootSessions`.
    RootSessions,
}

impl fmt::Display for EnableStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EnableStep::TrustedAccessForIam => "enable trusted access for iam.amazonaws.com",
            EnableStep::RootCredentialsManagement => "enable root credentials management",
            EnableStep::RootSessions => "enable privileged root actions in member accounts (root sessions)",
        })
    }
}

/// What [`OrgRoot::plan_enable`] found: the features as read, and the writes still needed
/// (none when the organization is converged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EnablePlan {
    /// The management account.
    pub management_account: AccountId,
    /// What `ListOrganizationsFeatures` answered (all off when trusted access was missing,
    /// since IAM cannot answer then).
    pub features: OrganizationsRootFeatures,
    /// The writes, in order.
    pub steps: Vec<EnableStep>,
}

impl EnablePlan {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

impl fmt::Display for EnablePlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.steps.is_empty() {
            return writeln!(f, "centralized root access is enabled: nothing to do");
        }
        for step in &self.steps {
            writeln!(f, "+ {step}")?;
        }
        Ok(())
    }
}

/// Who may manage root users centrally: the management account, or IAM's delegated
/// administrator. Returns the management account.
pub(super) async fn require_admin(org_root: &OrgRoot) -> Result<AccountId> {
    let aws = &org_root.aws;
    let Some(org) = aws.organizations().describe_organization().await? else {
        return Err(Error::Precondition {
            reason: PreconditionReason::NotInOrganization,
            problem: "centralized root access needs an AWS Organization, and the caller's account is in none"
                .into(),
            remedy: "run this from the organization's management account".into(),
        });
    };
    if org.feature_set != FeatureSet::All {
        return Err(Error::Precondition {
            reason: PreconditionReason::OrganizationWithoutAllFeatures,
            problem:
                "the organization has consolidated billing only; centralized root access needs all features"
                    .into(),
            remedy:
                "enable all features in the organization (Organizations console, Settings), then plan again"
                    .into(),
        });
    }
    let caller = aws.iam().caller_identity().await?;
    let management = org.management_account_id;
    if caller.account == management.as_str() {
        return Ok(management);
    }
    let delegated = aws
        .organizations()
        .list_delegated_administrators(IAM_SERVICE_PRINCIPAL)
        .await?;
    if delegated.iter().any(|admin| admin.id.as_str() == caller.account) {
        return Ok(management);
    }
    Err(Error::Precondition {
        reason: PreconditionReason::NotRootAccessAdministrator {
            caller_account: caller.account.to_string(),
        },
        problem: format!(
            "account {} is neither the organization's management account ({management}) nor a \
             delegated administrator for iam.amazonaws.com, so it cannot manage member accounts' root users",
            caller.account
        ),
        remedy: format!(
            "run from the management account {management}, or register this account there with \
             `aws organizations register-delegated-administrator --service-principal iam.amazonaws.com \
             --account-id {}`",
            caller.account
        ),
    })
}

impl OrgRoot {
    /// Reads what is enabled and plans what is missing. Calls: `DescribeOrganization`,
    /// `GetCallerIdentity` (and `ListDelegatedAdministrators` for a caller other than the
    /// management account), `ListAWSServiceAccessForOrganization`, and
    /// `ListOrganizationsFeatures` once trusted access is there.
    ///
    /// # Errors
    /// [`Error::Precondition`] when the account is in no organization, the organization
    /// lacks all features, or the caller is neither the management account nor IAM's
    /// delegated administrator; backend errors.
    pub async fn plan_enable(&self) -> Result<EnablePlan> {
        let management = require_admin(self).await?;
        let trusted = self
            .aws
            .organizations()
            .list_aws_service_access()
            .await?
            .iter()
            .any(|service| service == IAM_SERVICE_PRINCIPAL);
        let mut steps = Vec::new();
        let features = if trusted {
            self.api.list_organizations_features().await?
        } else {
            steps.push(EnableStep::TrustedAccessForIam);
            OrganizationsRootFeatures::default()
        };
        if !features.root_credentials_management {
            steps.push(EnableStep::RootCredentialsManagement);
        }
        if !features.root_sessions {
            steps.push(EnableStep::RootSessions);
        }
        Ok(EnablePlan {
            management_account: management,
            features,
            steps,
        })
    }

    /// Makes the plan's writes, in order. An empty plan makes no call.
    ///
    /// # Errors
    /// Backend errors (the steps before the failing one stay done; planning again shows
    /// what is left).
    pub async fn apply_enable(&self, plan: &EnablePlan) -> Result<()> {
        for step in &plan.steps {
            match step {
                EnableStep::TrustedAccessForIam => {
                    self.aws
                        .organizations()
                        .enable_aws_service_access(IAM_SERVICE_PRINCIPAL)
                        .await?
                }
                EnableStep::RootCredentialsManagement => {
                    self.api.enable_root_credentials_management().await?
                }
                EnableStep::RootSessions => self.api.enable_root_sessions().await?,
            }
        }
        Ok(())
    }
}
