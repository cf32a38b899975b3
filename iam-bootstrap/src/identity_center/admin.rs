//! The guide's step two as one preset: an administrator in IAM Identity Center.

use serde::{Deserialize, Serialize};

use super::{
    AssignmentSpec, DirectoryGroupSpec, DirectoryUserSpec, DirectoryUserSpecBuilder, IdentityCenterSpec,
    InstanceChoice, JobFunction, PermissionSetSpec,
};
use crate::aws::Aws;
use crate::error::{Result, ValidationError, ValidationReason};
use crate::organization::AccountSelectorBuilder;
use crate::plan::Plan;

const DEFAULT_GROUP: &str = "Administrators";
const DEFAULT_PERMISSION_SET: &str = "AdministratorAccess";

/// An administrative user in IAM Identity Center, as AWS's guide sets one up: the user, an
/// `Administrators` group with the user in it, an `AdministratorAccess` permission set (the
/// AWS managed policy of that name, one-hour sessions), the group (not the user) assigned
/// the set in each account, and the set provisioned.
///
/// ```
/// use iam_bootstrap::{AdminProvisioning, DirectoryUserSpec};
///
/// let admin = AdminProvisioning::builder()
///     .user(DirectoryUserSpec::builder("jdoe").given_name("Jane").family_name("Doe").email("jane@example.com"))
///     .group("Administrators")
///     .accounts(["111111111111", "222222222222"])
///     .build()?;
/// assert_eq!(admin.spec().permission_sets()[0].session_duration().to_string(), "PT1H");
/// assert_eq!(admin.spec().assignments()[0].accounts().len(), 2);
///
/// let err = AdminProvisioning::builder().user(DirectoryUserSpec::builder("jdoe")).accounts(["1"]).build().unwrap_err();
/// assert_eq!(err.field(), "user.given_name");
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "AdminProvisioningBuilder")]
pub struct AdminProvisioning {
    input: AdminProvisioningBuilder,
    spec: IdentityCenterSpec,
}

impl AdminProvisioning {
    /// A builder with the guide's defaults: group `Administrators`, permission set
    /// `AdministratorAccess`, one-hour sessions.
    pub fn builder() -> AdminProvisioningBuilder {
        AdminProvisioningBuilder::default()
    }

    /// The general spec this preset stands for.
    pub fn spec(&self) -> &IdentityCenterSpec {
        &self.spec
    }

    /// The administrator.
    pub fn user(&self) -> Option<&DirectoryUserSpec> {
        self.spec.users().first()
    }

    /// Reads the instance and plans what converges it. Reads only.
    ///
    /// # Errors
    /// As [`IdentityCenterSpec::plan`].
    pub async fn plan(&self, aws: &Aws) -> Result<Plan> {
        self.spec.plan(aws).await
    }
}

/// Builds an [`AdminProvisioning`]; also the shape it has in spec files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[must_use]
pub struct AdminProvisioningBuilder {
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<DirectoryUserSpecBuilder>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permission_set: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_duration: Option<super::SessionLength>,
    accounts: Vec<AccountSelectorBuilder>,
    instance: InstanceChoice,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    adopt_permission_set: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_outstanding_assignments: Option<u8>,
}

impl AdminProvisioningBuilder {
    /// The administrator (required).
    pub fn user(mut self, user: impl Into<DirectoryUserSpecBuilder>) -> Self {
        self.user = Some(user.into());
        self
    }
    /// The group's display name (default `Administrators`).
    pub fn group(mut self, name: impl Into<String>) -> Self {
        self.group = Some(name.into());
        self
    }
    /// The group's description, used when it is created.
    pub fn group_description(mut self, description: impl Into<String>) -> Self {
        self.group_description = Some(description.into());
        self
    }
    /// The permission set's name (default `AdministratorAccess`).
    pub fn permission_set(mut self, name: impl Into<String>) -> Self {
        self.permission_set = Some(name.into());
        self
    }
    /// The session duration (default `PT1H`, the shortest AWS allows).
    pub fn session_duration(mut self, duration: impl Into<super::SessionLength>) -> Self {
        self.session_duration = Some(duration.into());
        self
    }
    /// Adds an account the group is assigned in.
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.accounts.push(AccountSelectorBuilder::account(account));
        self
    }
    /// Adds accounts the group is assigned in (at least one is required).
    pub fn accounts<I, S>(mut self, accounts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.accounts
            .extend(accounts.into_iter().map(AccountSelectorBuilder::account));
        self
    }
    /// Adds accounts by selector: an OU, a tag, the organization (see [`AccountSelectorBuilder`]).
    pub fn select(mut self, selector: impl Into<AccountSelectorBuilder>) -> Self {
        self.accounts.push(selector.into());
        self
    }
    /// Which Identity Center instance (default: the only one).
    pub fn instance(mut self, choice: InstanceChoice) -> Self {
        self.instance = choice;
        self
    }
    /// Converge an existing permission set of the same name that the library did not create.
    pub fn adopt_permission_set(mut self, adopt: bool) -> Self {
        self.adopt_permission_set = adopt;
        self
    }
    /// How many assignment creations may be in progress at once (1 to 10; default 10).
    pub fn max_outstanding_assignments(mut self, max: u8) -> Self {
        self.max_outstanding_assignments = Some(max);
        self
    }

    /// Checks everything and assembles the spec.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field (`user.email`, `group`, `accounts[1]`, ...).
    pub fn build(self) -> Result<AdminProvisioning, ValidationError> {
        let input = self.clone();
        let user = self
            .user
            .ok_or_else(|| ValidationError::new("user", ValidationReason::Missing))?
            .build()
            .map_err(|e| e.within("user"))?;
        let group_name = self.group.unwrap_or_else(|| DEFAULT_GROUP.to_owned());
        let group = DirectoryGroupSpec::builder(&group_name)
            .description(
                self.group_description
                    .unwrap_or_else(|| "Administrators of the AWS accounts, managed by iam-bootstrap".into()),
            )
            .member(user.user_name().as_str())
            .build()
            .map_err(|e| rename(e, &[("name", "group"), ("description", "group_description")]))?;
        let set_name = self
            .permission_set
            .unwrap_or_else(|| DEFAULT_PERMISSION_SET.to_owned());
        let mut set = PermissionSetSpec::builder(&set_name)
            .description("Full administrator access (the AWS managed policy AdministratorAccess)")
            .job_function(JobFunction::AdministratorAccess)
            .adopt(self.adopt_permission_set);
        if let Some(duration) = self.session_duration {
            set = set.session_duration(duration);
        }
        let set = set
            .build()
            .map_err(|e| rename(e, &[("name", "permission_set")]))?;
        let assignment = AssignmentSpec::builder(&set_name)
            .group(&group_name)
            .selectors(self.accounts)
            .build()
            .map_err(|e| {
                rename(
                    e,
                    &[("permission_set", "permission_set"), ("principal.group", "group")],
                )
            })?;
        let mut spec = IdentityCenterSpec::builder()
            .instance(self.instance)
            .user(user)
            .group(group)
            .permission_set(set)
            .assignment(assignment);
        if let Some(max) = self.max_outstanding_assignments {
            spec = spec.max_outstanding_assignments(max);
        }
        Ok(AdminProvisioning {
            input,
            spec: spec.build()?,
        })
    }
}

/// The same error with its field renamed to the preset's name for it.
fn rename(err: ValidationError, names: &[(&str, &str)]) -> ValidationError {
    match names.iter().find(|(from, _)| err.field() == *from) {
        Some((_, to)) => ValidationError::new(*to, err.reason().clone()),
        None => err,
    }
}

impl TryFrom<AdminProvisioningBuilder> for AdminProvisioning {
    type Error = ValidationError;
    fn try_from(builder: AdminProvisioningBuilder) -> Result<Self, Self::Error> {
        builder.build()
    }
}

impl From<AdminProvisioning> for AdminProvisioningBuilder {
    fn from(admin: AdminProvisioning) -> Self {
        admin.input
    }
}

crate::spec::capture::deserialize_via!(AdminProvisioning, AdminProvisioningBuilder);
