//! Account assignments: a user or group gets a permission set in accounts.
//!
//! `CreateAccountAssignment` is asynchronous. Applying a [`CreateAccountAssignments`]
//! change starts at most `max_outstanding` creations at once (Identity Center allows ten
//! outstanding), polls each to SUCCEEDED with bounded backoff, and on a
//! FAILED status starts no more, lets those in flight settle, and reports the failure
//! reason. Conflicts and throttling are retried below (the SDK's retry classifier on AWS,
//! the retry layer elsewhere). A re-plan lists the assignments first, so nothing that was
//! created is created twice.
//!
//! [`CreateAccountAssignments`]: super::IdentityCenterChange::CreateAccountAssignments

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::future;
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use super::field_error;
use super::poll;
use crate::aws::Aws;
use crate::client::{AccountAssignment, DirectoryPrincipalType, Operation};
use crate::error::{Result, ValidationError, ValidationReason};
use crate::names::{AccountId, DirectoryGroupName, DirectoryUserName, InstanceArn, PermissionSetName};
use crate::organization::{AccountSelector, AccountSelectorBuilder};

/// Identity Center's limit on outstanding `CreateAccountAssignment` requests.
pub(super) const MAX_OUTSTANDING: u8 = 10;

/// Who an assignment is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentPrincipal {
    /// An identity-store group (the guide's advice: assign groups, not people).
    Group(DirectoryGroupName),
    /// An identity-store user.
    User(DirectoryUserName),
}

impl AssignmentPrincipal {
    /// User or group, as the API says.
    pub fn principal_type(&self) -> DirectoryPrincipalType {
        match self {
            AssignmentPrincipal::Group(_) => DirectoryPrincipalType::Group,
            AssignmentPrincipal::User(_) => DirectoryPrincipalType::User,
        }
    }

    /// The user or group name.
    pub fn name(&self) -> &str {
        match self {
            AssignmentPrincipal::Group(name) => name.as_str(),
            AssignmentPrincipal::User(name) => name.as_str(),
        }
    }
}

impl fmt::Display for AssignmentPrincipal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssignmentPrincipal::Group(name) => write!(f, "group `{name}`"),
            AssignmentPrincipal::User(name) => write!(f, "user `{name}`"),
        }
    }
}

/// A principal gets a permission set in each of some accounts: account IDs, or
/// [`AccountSelector`]s (an OU, a tag, the whole organization) that the plan resolves
/// against the organization.
///
/// ```
/// use iam_bootstrap::AssignmentSpec;
///
/// let spec = AssignmentSpec::builder("AdministratorAccess")
///     .group("Administrators")
///     .accounts(["111111111111", "222222222222"])
///     .build()?;
/// assert_eq!(spec.accounts().len(), 2);
///
/// let prod = AssignmentSpec::builder("ReadOnly")
///     .group("Auditors")
///     .select(AccountSelectorBuilder::ou("Root/Workloads/Prod").except(["222222222222"]))
///     .build()?;
/// assert!(prod.accounts().is_empty(), "resolved when planned");
/// assert_eq!(prod.targets()[0].to_string(), "OU Root/Workloads/Prod except 222222222222");
/// # use iam_bootstrap::organization::AccountSelectorBuilder;
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AssignmentSpec {
    permission_set: PermissionSetName,
    principal: AssignmentPrincipal,
    /// The explicit account IDs (after a plan resolved the selectors: every account).
    #[serde(skip)]
    accounts: Vec<AccountId>,
    /// Every target as written: IDs and selectors.
    #[serde(rename = "accounts")]
    targets: Vec<AccountSelector>,
}

impl AssignmentSpec {
    /// A builder for assignments of the permission set `permission_set`.
    pub fn builder(permission_set: impl Into<String>) -> AssignmentSpecBuilder {
        AssignmentSpecBuilder {
            permission_set: Some(permission_set.into()),
            ..AssignmentSpecBuilder::default()
        }
    }

    /// The permission set, by name.
    pub fn permission_set(&self) -> &PermissionSetName {
        &self.permission_set
    }
    /// Who is assigned.
    pub fn principal(&self) -> &AssignmentPrincipal {
        &self.principal
    }
    /// The accounts named by ID, without duplicates (selectors' accounts are known
    /// once a plan resolves them).
    pub fn accounts(&self) -> &[AccountId] {
        &self.accounts
    }
    /// Every target as written: account IDs and selectors, in order.
    pub fn targets(&self) -> &[AccountSelector] {
        &self.targets
    }
    /// Whether planning it reads the organization (a target other than an account ID).
    pub fn needs_organization(&self) -> bool {
        self.targets.iter().any(AccountSelector::needs_organization)
    }
    /// The same assignment in exactly `accounts` (what its selectors resolved to).
    pub(crate) fn resolved(&self, accounts: Vec<AccountId>) -> Self {
        Self {
            targets: accounts.iter().cloned().map(AccountSelector::Account).collect(),
            accounts,
            ..self.clone()
        }
    }
}

/// A principal as written in a builder or spec file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum PrincipalInput {
    Group(String),
    User(String),
}

/// Builds an [`AssignmentSpec`]; also the shape it has in spec files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[must_use]
pub struct AssignmentSpecBuilder {
    permission_set: Option<String>,
    principal: Option<PrincipalInput>,
    accounts: Vec<AccountSelectorBuilder>,
}

impl AssignmentSpecBuilder {
    /// Assign a group (by display name).
    pub fn group(mut self, name: impl Into<String>) -> Self {
        self.principal = Some(PrincipalInput::Group(name.into()));
        self
    }
    /// Assign a user (by user name).
    pub fn user(mut self, name: impl Into<String>) -> Self {
        self.principal = Some(PrincipalInput::User(name.into()));
        self
    }
    /// Adds an account.
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.accounts.push(AccountSelectorBuilder::account(account));
        self
    }
    /// Adds accounts.
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
    /// Adds accounts by selectors.
    pub fn selectors<I, S>(mut self, selectors: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<AccountSelectorBuilder>,
    {
        self.accounts.extend(selectors.into_iter().map(Into::into));
        self
    }

    /// Checks every field.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field (`principal`, `accounts[3]`, ...).
    pub fn build(self) -> Result<AssignmentSpec, ValidationError> {
        let permission_set = PermissionSetName::new(
            self.permission_set
                .ok_or_else(|| ValidationError::new("permission_set", ValidationReason::Missing))?,
        )
        .map_err(|e| field_error("permission_set", e))?;
        let principal = match self.principal {
            None => return Err(ValidationError::new("principal", ValidationReason::Missing)),
            Some(PrincipalInput::Group(name)) => AssignmentPrincipal::Group(
                DirectoryGroupName::new(name).map_err(|e| field_error("principal.group", e))?,
            ),
            Some(PrincipalInput::User(name)) => AssignmentPrincipal::User(
                DirectoryUserName::new(name).map_err(|e| field_error("principal.user", e))?,
            ),
        };
        if self.accounts.is_empty() {
            return Err(ValidationError::new("accounts", ValidationReason::Missing));
        }
        let mut accounts: Vec<AccountId> = Vec::with_capacity(self.accounts.len());
        let mut targets = Vec::with_capacity(self.accounts.len());
        for (n, input) in self.accounts.into_iter().enumerate() {
            let field = format!("accounts[{n}]");
            let target = input.build().map_err(|e| e.within(&field))?;
            if let AccountSelector::Account(account) = &target {
                if accounts.contains(account) {
                    return Err(ValidationError::new(
                        field,
                        ValidationReason::NotAllowed(format!("account {account} is listed twice")),
                    ));
                }
                accounts.push(account.clone());
            } else if targets.contains(&target) {
                return Err(ValidationError::new(
                    field,
                    ValidationReason::NotAllowed(format!("{target} is listed twice")),
                ));
            }
            targets.push(target);
        }
        Ok(AssignmentSpec {
            permission_set,
            principal,
            accounts,
            targets,
        })
    }
}

impl From<AssignmentSpec> for AssignmentSpecBuilder {
    fn from(spec: AssignmentSpec) -> Self {
        Self {
            permission_set: Some(spec.permission_set.to_string()),
            principal: Some(match spec.principal {
                AssignmentPrincipal::Group(name) => PrincipalInput::Group(name.to_string()),
                AssignmentPrincipal::User(name) => PrincipalInput::User(name.to_string()),
            }),
            accounts: spec.targets.into_iter().map(Into::into).collect(),
        }
    }
}

impl TryFrom<AssignmentSpecBuilder> for AssignmentSpec {
    type Error = ValidationError;
    fn try_from(builder: AssignmentSpecBuilder) -> Result<Self, Self::Error> {
        builder.build()
    }
}

/// Creates the assignments, at most `max_outstanding` in flight, each polled to a terminal
/// state. Returns the first failure after every started creation has settled.
pub(super) async fn create_all(
    aws: &Aws,
    instance: &InstanceArn,
    assignments: Vec<AccountAssignment>,
    max_outstanding: u8,
) -> Result<()> {
    let limit = usize::from(max_outstanding.clamp(1, MAX_OUTSTANDING));
    let failed = AtomicBool::new(false);
    // The creations run as futures of this task, not spawned tasks: they wait on the
    // network, not the CPU, and staying on one task saves a thread hop per creation.
    // `buffer_unordered` starts the next creation only when one settles, and a creation
    // marks a failure before it settles, so after a failure no further one starts.
    let results: Vec<Result<()>> = stream::iter(assignments)
        .take_while(|_| future::ready(!failed.load(Ordering::SeqCst)))
        .map(|assignment| {
            let span = tracing::info_span!("assignment", account = %assignment.account_id);
            let failed = &failed;
            async move {
                let result = create_one(aws, instance, &assignment).await;
                if result.is_err() {
                    failed.store(true, Ordering::SeqCst);
                }
                result
            }
            .instrument(span)
        })
        .buffer_unordered(limit)
        .collect()
        .await;
    let mut first_error = None;
    for err in results.into_iter().filter_map(Result::err) {
        tracing::warn!(error = %err, "account assignment failed");
        first_error.get_or_insert(err);
    }
    first_error.map_or(Ok(()), Err)
}

async fn create_one(aws: &Aws, instance: &InstanceArn, assignment: &AccountAssignment) -> Result<()> {
    let idc = aws.identity_center();
    let status = idc.create_account_assignment(instance, assignment).await?;
    let what = format!("the account assignment in {}", assignment.account_id);
    poll::settle(
        aws,
        Operation::CreateAccountAssignment,
        &what,
        status,
        |request_id| async move {
            idc.describe_account_assignment_creation_status(instance, &request_id)
                .await
        },
    )
    .await
}

crate::spec::capture::deserialize_via!(AssignmentSpec, AssignmentSpecBuilder);
