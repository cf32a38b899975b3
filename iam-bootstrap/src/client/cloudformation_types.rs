//! Domain types that go in and out of [`CloudFormationApi`](super::CloudFormationApi): StackSets
//! with service-managed permissions, their stack instances, operations and drift.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ParentId, Tags};
use crate::names::{AccountId, Region, StackSetName, StackSetOperationId};

/// Automatic deployment of a service-managed StackSet: accounts that join a target OU get
/// a stack instance, and (unless retained) accounts that leave lose theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AutoDeployment {
    /// Whether CloudFormation deploys to accounts added to a target OU.
    pub enabled: bool,
    /// Whether an account's stack resources stay when it leaves a target OU.
    pub retain_stacks_on_account_removal: bool,
}

impl AutoDeployment {
    /// Automatic deployment on, stacks removed with the account.
    pub fn enabled() -> Self {
        Self {
            enabled: true,
            retain_stacks_on_account_removal: false,
        }
    }

    /// Automatic deployment on or off, with `retain` stacks on account removal.
    pub fn new(enabled: bool, retain: bool) -> Self {
        Self {
            enabled,
            retain_stacks_on_account_removal: retain,
        }
    }
}

/// Who deploys a StackSet's stacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PermissionModel {
    /// CloudFormation through Organizations trusted access (what this library creates).
    ServiceManaged,
    /// Administration and execution roles the account owner set up.
    SelfManaged,
}

/// Whether a StackSet exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StackSetStatus {
    /// It exists.
    Active,
    /// It was deleted (CloudFormation still describes it for a while).
    Deleted,
}

/// A StackSet as `DescribeStackSet` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StackSet {
    /// Its name.
    pub name: StackSetName,
    /// Its ID (`name:uuid`).
    pub id: String,
    /// Active or deleted.
    pub status: StackSetStatus,
    /// The template (JSON or YAML text).
    pub template_body: String,
    /// The description.
    pub description: Option<String>,
    /// Service- or self-managed.
    pub permission_model: PermissionModel,
    /// Automatic deployment, for a service-managed StackSet (`None` when the service did
    /// not say).
    pub auto_deployment: Option<AutoDeployment>,
    /// The capabilities acknowledged (`CAPABILITY_NAMED_IAM`).
    pub capabilities: Vec<String>,
    /// Its tags (CloudFormation propagates them to every stack).
    pub tags: Tags,
    /// The OUs (or root) it has been deployed to.
    pub organizational_unit_ids: Vec<ParentId>,
}

/// What `CreateStackSet` takes; the permission model is always service-managed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewStackSet {
    /// The name.
    pub name: StackSetName,
    /// The template (JSON text).
    pub template_body: String,
    /// The description.
    pub description: Option<String>,
    /// Automatic deployment to accounts that join the target OUs.
    pub auto_deployment: AutoDeployment,
    /// Capabilities to acknowledge (IAM resources need `CAPABILITY_NAMED_IAM`).
    pub capabilities: Vec<String>,
    /// Tags.
    pub tags: Tags,
}

impl NewStackSet {
    /// A service-managed StackSet with `template_body`, automatic deployment on and
    /// `CAPABILITY_NAMED_IAM` acknowledged.
    pub fn new(name: StackSetName, template_body: impl Into<String>) -> Self {
        Self {
            name,
            template_body: template_body.into(),
            description: None,
            auto_deployment: AutoDeployment::enabled(),
            capabilities: vec![CAPABILITY_NAMED_IAM.to_owned()],
            tags: Tags::new(),
        }
    }
}

/// The capability a template that names IAM resources must acknowledge.
pub const CAPABILITY_NAMED_IAM: &str = "CAPABILITY_NAMED_IAM";

/// How many accounts a StackSet operation works on at once, or may fail in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AccountShare {
    /// A number of accounts (per region).
    Count(u32),
    /// A percentage (1-100) of the target accounts (per region).
    Percentage(u8),
}

impl AccountShare {
    /// How many of `total` accounts this is; a percentage rounds down, as CloudFormation
    /// does, and a count never exceeds `total`.
    pub fn of(self, total: usize) -> usize {
        match self {
            AccountShare::Count(n) => (n as usize).min(total),
            AccountShare::Percentage(p) => total * usize::from(p) / 100,
        }
    }
}

impl fmt::Display for AccountShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountShare::Count(n) => write!(f, "{n} account{}", if *n == 1 { "" } else { "s" }),
            AccountShare::Percentage(p) => write!(f, "{p}% of the accounts"),
        }
    }
}

/// Regions one after another, or all at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RegionConcurrency {
    /// One region at a time, in the region order (CloudFormation's default).
    #[default]
    Sequential,
    /// Every region at once.
    Parallel,
}

/// `StackSetOperationPreferences`, checked by
/// [`OperationPreferencesBuilder`](crate::stacksets::OperationPreferencesBuilder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OperationPreferences {
    /// The order regions are deployed in (sequential region concurrency).
    pub region_order: Vec<Region>,
    /// Sequential or parallel regions.
    pub region_concurrency: RegionConcurrency,
    /// How many accounts are worked on at once.
    pub max_concurrent: AccountShare,
    /// How many accounts may fail (per region) before CloudFormation stops the operation.
    pub failure_tolerance: AccountShare,
}

impl Default for OperationPreferences {
    /// CloudFormation's own defaults: one account at a time, no failure tolerated.
    fn default() -> Self {
        Self {
            region_order: Vec::new(),
            region_concurrency: RegionConcurrency::Sequential,
            max_concurrent: AccountShare::Count(1),
            failure_tolerance: AccountShare::Count(0),
        }
    }
}

/// Where a service-managed operation deploys: OUs (or the root), and every account in
/// them and in their nested OUs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstancesRequest {
    /// The target OUs or root.
    pub organizational_unit_ids: Vec<ParentId>,
    /// The regions.
    pub regions: Vec<Region>,
    /// How the operation rolls out.
    pub preferences: OperationPreferences,
}

impl InstancesRequest {
    /// `targets` in `regions`, rolled out with `preferences`.
    pub fn new(targets: Vec<ParentId>, regions: Vec<Region>, preferences: OperationPreferences) -> Self {
        Self {
            organizational_unit_ids: targets,
            regions,
            preferences,
        }
    }
}

/// What `UpdateStackSet` takes: the new template and settings, applied to the instances
/// of `instances` (CloudFormation updates every instance in those OUs and regions).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StackSetUpdate {
    /// The StackSet's new definition (same name).
    pub definition: NewStackSet,
    /// The instances to update, and how.
    pub instances: InstancesRequest,
}

impl StackSetUpdate {
    /// `definition`, rolled out to `instances`.
    pub fn new(definition: NewStackSet, instances: InstancesRequest) -> Self {
        Self {
            definition,
            instances,
        }
    }
}

/// What a StackSet operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StackSetAction {
    /// `CreateStackInstances`.
    Create,
    /// `UpdateStackSet` / `UpdateStackInstances`.
    Update,
    /// `DeleteStackInstances`.
    Delete,
    /// `DetectStackSetDrift`.
    DetectDrift,
}

/// Where a StackSet operation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StackSetOperationStatus {
    /// Waiting behind another operation.
    Queued,
    /// Running.
    Running,
    /// Done, within the failure tolerance.
    Succeeded,
    /// Done, over the failure tolerance.
    Failed,
    /// Being stopped.
    Stopping,
    /// Stopped.
    Stopped,
}

impl StackSetOperationStatus {
    /// Whether the operation has ended (succeeded, failed or stopped).
    pub fn is_done(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Stopped)
    }
}

/// A StackSet operation as `DescribeStackSetOperation` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StackSetOperation {
    /// Its ID.
    pub id: StackSetOperationId,
    /// What it does.
    pub action: StackSetAction,
    /// Where it stands.
    pub status: StackSetOperationStatus,
    /// Why it failed, when CloudFormation says.
    pub status_reason: Option<String>,
}

/// Where one account (in one region) of an operation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AccountOperationStatus {
    /// Not started yet.
    Pending,
    /// Running.
    Running,
    /// Done.
    Succeeded,
    /// Failed (see the reason).
    Failed,
    /// Not run: the operation stopped or went over its failure tolerance first.
    Cancelled,
}

impl fmt::Display for AccountOperationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pending => "PENDING",
            Self::Running => "RUNNING",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
        })
    }
}

/// One account's result in an operation (`ListStackSetOperationResults`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountOperationResult {
    /// The account.
    pub account: AccountId,
    /// The region.
    pub region: Region,
    /// Where it stands.
    pub status: AccountOperationStatus,
    /// CloudFormation's reason, for a failure.
    pub status_reason: Option<String>,
}

/// Whether a stack instance runs the StackSet's current template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StackInstanceStatus {
    /// Up to date.
    Current,
    /// An operation on it failed or has not reached it yet.
    Outdated,
    /// A delete failed; it is no longer managed.
    Inoperable,
}

/// Whether a stack's resources match its template, as drift detection last found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DriftStatus {
    /// Never checked.
    #[default]
    NotChecked,
    /// Matches.
    InSync,
    /// Differs.
    Drifted,
    /// CloudFormation could not tell.
    Unknown,
}

/// A stack instance as `ListStackInstances` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StackInstance {
    /// The account.
    pub account: AccountId,
    /// The region.
    pub region: Region,
    /// The OU it was deployed through, when CloudFormation says.
    pub organizational_unit_id: Option<ParentId>,
    /// Whether it runs the current template.
    pub status: StackInstanceStatus,
    /// Why it is not current, when CloudFormation says.
    pub status_reason: Option<String>,
    /// The last drift detection's verdict.
    pub drift_status: DriftStatus,
}

/// One drifted resource of a stack instance (`ListStackInstanceResourceDrifts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResourceDrift {
    /// The resource's logical ID in the template.
    pub logical_id: String,
    /// Its physical ID (the role name).
    pub physical_id: Option<String>,
    /// Its type (`AWS::IAM::Role`).
    pub resource_type: String,
    /// `MODIFIED` or `DELETED`, as CloudFormation writes it.
    pub difference: String,
}

impl StackSet {
    /// An ACTIVE service-managed StackSet with `template_body`, no description, automatic
    /// deployment unknown, no capabilities, tags or OUs (set the public fields after).
    pub fn new(name: StackSetName, id: impl Into<String>, template_body: impl Into<String>) -> Self {
        Self {
            name,
            id: id.into(),
            status: StackSetStatus::Active,
            template_body: template_body.into(),
            description: None,
            permission_model: PermissionModel::ServiceManaged,
            auto_deployment: None,
            capabilities: Vec::new(),
            tags: Tags::new(),
            organizational_unit_ids: Vec::new(),
        }
    }
}

impl StackSetOperation {
    /// An operation with no status reason.
    pub fn new(id: StackSetOperationId, action: StackSetAction, status: StackSetOperationStatus) -> Self {
        Self {
            id,
            action,
            status,
            status_reason: None,
        }
    }
}

impl AccountOperationResult {
    /// A result with no status reason.
    pub fn new(account: AccountId, region: Region, status: AccountOperationStatus) -> Self {
        Self {
            account,
            region,
            status,
            status_reason: None,
        }
    }
}

impl StackInstance {
    /// An instance with no OU, no reason and drift not checked.
    pub fn new(account: AccountId, region: Region, status: StackInstanceStatus) -> Self {
        Self {
            account,
            region,
            organizational_unit_id: None,
            status,
            status_reason: None,
            drift_status: DriftStatus::NotChecked,
        }
    }
}

impl ResourceDrift {
    /// A drifted resource: its logical ID, type (`AWS::IAM::Role`) and difference
    /// (`MODIFIED`, `DELETED`); no physical ID.
    pub fn new(
        logical_id: impl Into<String>,
        resource_type: impl Into<String>,
        difference: impl Into<String>,
    ) -> Self {
        Self {
            logical_id: logical_id.into(),
            physical_id: None,
            resource_type: resource_type.into(),
            difference: difference.into(),
        }
    }
}
