//! [`StackSetPlan`]: what applying an [`OrgStackSet`] would change, read from the
//! organization and the StackSet (three CloudFormation reads at most), written nowhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::OrgStackSet;
use super::template::template_differences;
use crate::Aws;
use crate::client::{
    NewStackSet, OperationPreferences, ParentId, PermissionModel, RegionConcurrency, StackInstanceStatus,
    StackSetStatus,
};
use crate::error::{Error, PreconditionReason, Result};
use crate::names::{AccountId, Region, StackSetName, StackSetOperationId};
use crate::organization::{AccountSelector, OrganizationReader, SelectorResolution};
use crate::ownership;

/// One stack instance: an account in a region.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct InstanceKey {
    /// The account.
    pub account: AccountId,
    /// The region.
    pub region: Region,
}

impl fmt::Display for InstanceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in {}", self.account, self.region)
    }
}

/// What happens to the StackSet itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum StackSetChange {
    /// It does not exist: create it.
    Create,
    /// Its template or settings differ: update it (and every instance with it).
    Update {
        /// Where, as template paths or setting names.
        differences: Vec<String>,
    },
}

/// What applying an [`OrgStackSet`] would do: the StackSet change, the stack instances
/// added, updated, retried and removed per account and region, the operations it would
/// wait for first, and how operations roll out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StackSetPlan {
    /// The StackSet.
    pub stack_set: StackSetName,
    /// The change to the StackSet itself, if any.
    pub change: Option<StackSetChange>,
    /// The deployment targets (OUs or the root).
    pub targets: Vec<ParentId>,
    /// What each target selector came to.
    pub resolutions: Vec<SelectorResolution>,
    /// The targets `CreateStackInstances` deploys to: new targets (so that automatic
    /// deployment covers them) and those with accounts still missing an instance.
    pub deploy_to: Vec<ParentId>,
    /// Instances to create.
    pub add: Vec<InstanceKey>,
    /// Existing instances that get the changed template.
    pub update: Vec<InstanceKey>,
    /// Instances whose last operation failed (OUTDATED), deployed again.
    pub retry: Vec<InstanceKey>,
    /// Instances to delete: their OU or region is no longer targeted (needs
    /// [`StackSetApply::allow_deletions`](super::StackSetApply::allow_deletions)).
    pub remove: Vec<InstanceKey>,
    /// Operations running on the StackSet now: applying waits for them first.
    pub running: Vec<StackSetOperationId>,
    /// How operations roll out.
    pub preferences: OperationPreferences,
    #[serde(skip)]
    pub(crate) definition: NewStackSet,
    #[serde(skip)]
    pub(crate) regions: Vec<Region>,
    /// Targets deployed to that the spec no longer names.
    #[serde(skip)]
    pub(crate) dropped_targets: Vec<ParentId>,
    /// Regions deployed to that the spec no longer names.
    #[serde(skip)]
    pub(crate) dropped_regions: Vec<Region>,
}

impl StackSetPlan {
    /// Whether applying it writes nothing (running operations are only waited for).
    pub fn is_empty(&self) -> bool {
        self.change.is_none()
            && self.deploy_to.is_empty()
            && self.add.is_empty()
            && self.retry.is_empty()
            && self.remove.is_empty()
    }

    /// Whether it deletes stack instances.
    pub fn has_deletions(&self) -> bool {
        !self.remove.is_empty()
    }
}

fn list(keys: &[InstanceKey]) -> String {
    let mut by_account: BTreeMap<&AccountId, Vec<&str>> = BTreeMap::new();
    for key in keys {
        by_account
            .entry(&key.account)
            .or_default()
            .push(key.region.as_str());
    }
    by_account
        .iter()
        .map(|(account, regions)| format!("{account} ({})", regions.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for StackSetPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "StackSet {}:", self.stack_set)?;
        match &self.change {
            Some(StackSetChange::Create) => {
                writeln!(f, "  + create the StackSet (service-managed, auto-deployment on)")?
            }
            Some(StackSetChange::Update { differences }) => {
                writeln!(f, "  ~ update the StackSet: {}", differences.join("; "))?;
            }
            None => {}
        }
        for resolution in &self.resolutions {
            writeln!(f, "  target {resolution}")?;
        }
        let prefs = &self.preferences;
        let regions = match prefs.region_concurrency {
            RegionConcurrency::Parallel => "in parallel".to_owned(),
            RegionConcurrency::Sequential if prefs.region_order.is_empty() => "one after another".to_owned(),
            RegionConcurrency::Sequential => {
                let order: Vec<&str> = prefs.region_order.iter().map(Region::as_str).collect();
                format!("one after another, {} first", order.join(", "))
            }
        };
        writeln!(
            f,
            "  rollout: at most {} at once, tolerating {} failed per region; regions {regions}",
            prefs.max_concurrent, prefs.failure_tolerance
        )?;
        if !self.deploy_to.is_empty() {
            let ids: Vec<&str> = self.deploy_to.iter().map(ParentId::as_str).collect();
            writeln!(
                f,
                "  + deploy to {} (automatic deployment follows new accounts)",
                ids.join(", ")
            )?;
        }
        for id in &self.running {
            writeln!(f, "  … wait for running operation {id}")?;
        }
        let groups = [
            ("+ add", &self.add),
            ("~ update", &self.update),
            ("↻ retry", &self.retry),
            ("- remove", &self.remove),
        ];
        for (label, keys) in groups {
            if !keys.is_empty() {
                writeln!(f, "  {label} {} instance(s): {}", keys.len(), list(keys))?;
            }
        }
        if self.is_empty() {
            writeln!(f, "  (no changes)")?;
        }
        Ok(())
    }
}

/// The target of a selector: an OU's ID, or the root for the whole organization.
async fn target(reader: &mut OrganizationReader<'_>, selector: &AccountSelector) -> Result<ParentId> {
    match selector {
        AccountSelector::Ou { ou, .. } => reader.locate(ou).await,
        _ => reader.root().await,
    }
}

impl OrgStackSet {
    /// Reads the organization (the target OUs and their accounts) and the StackSet (its
    /// definition, instances and operations) and plans the rollout. Writes nothing.
    ///
    /// # Errors
    /// [`Error::Precondition`]: the caller is in no organization, a target OU does not
    /// exist, or a StackSet of that name exists that the spec does not own
    /// ([`PreconditionReason::StackSetNotOwned`]); backend errors.
    pub async fn plan(&self, aws: &Aws) -> Result<StackSetPlan> {
        let mut reader = OrganizationReader::new(aws);
        reader.root().await?;
        let mut targets = Vec::new();
        let mut resolutions = Vec::new();
        let mut expected: BTreeSet<AccountId> = BTreeSet::new();
        let mut through: BTreeMap<AccountId, ParentId> = BTreeMap::new();
        for selector in &self.targets {
            let parent = target(&mut reader, selector).await?;
            if !targets.contains(&parent) {
                targets.push(parent.clone());
            }
            let resolution = reader.resolve(selector).await?;
            for account in &resolution.accounts {
                expected.insert(account.clone());
                through.entry(account.clone()).or_insert_with(|| parent.clone());
            }
            resolutions.push(resolution);
        }
        // CloudFormation never deploys a service-managed StackSet to the management account.
        if let Some(management) = reader.management_account() {
            expected.remove(management);
        }
        let definition = self.definition();
        let cfn = aws.cloudformation();
        let existing = cfn
            .describe_stack_set(&self.name)
            .await?
            .filter(|set| set.status == StackSetStatus::Active);
        let mut plan = StackSetPlan {
            stack_set: self.name.clone(),
            change: None,
            targets,
            resolutions,
            deploy_to: Vec::new(),
            add: Vec::new(),
            update: Vec::new(),
            retry: Vec::new(),
            remove: Vec::new(),
            running: Vec::new(),
            preferences: self.preferences.clone(),
            definition,
            regions: self.regions.clone(),
            dropped_targets: Vec::new(),
            dropped_regions: Vec::new(),
        };
        let regions = &self.regions;
        let wanted = |account: &AccountId| -> Vec<InstanceKey> {
            regions
                .iter()
                .map(|region| InstanceKey {
                    account: account.clone(),
                    region: region.clone(),
                })
                .collect()
        };
        let Some(existing) = existing else {
            plan.change = Some(StackSetChange::Create);
            plan.add = expected.iter().flat_map(wanted).collect();
            plan.deploy_to = plan.targets.clone();
            return Ok(plan);
        };
        if existing.permission_model != PermissionModel::ServiceManaged
            || !ownership::owned_by(&existing.tags, &self.spec)
        {
            return Err(Error::Precondition {
                reason: PreconditionReason::StackSetNotOwned {
                    name: self.name.to_string(),
                },
                problem: format!("StackSet {} exists and is not this spec's", self.name),
                remedy: "choose another name, or delete that StackSet first".into(),
            });
        }
        let mut differences = template_differences(&existing.template_body, &self.template());
        if existing.description != plan.definition.description {
            differences.push("description".into());
        }
        if existing
            .auto_deployment
            .is_some_and(|auto| auto != plan.definition.auto_deployment)
        {
            differences.push("auto_deployment".into());
        }
        if !differences.is_empty() {
            plan.change = Some(StackSetChange::Update { differences });
        }
        let instances = cfn.list_stack_instances(&self.name).await?;
        let mut deployed: BTreeSet<InstanceKey> = BTreeSet::new();
        for instance in &instances {
            let key = InstanceKey {
                account: instance.account.clone(),
                region: instance.region.clone(),
            };
            let region_dropped = !self.regions.contains(&key.region);
            let ou_dropped = instance
                .organizational_unit_id
                .as_ref()
                .is_some_and(|ou| !plan.targets.contains(ou));
            if region_dropped || ou_dropped {
                plan.remove.push(key.clone());
            } else if !expected.contains(&key.account) {
                // The account left the targets (moved, suspended) while its OU is still
                // targeted: automatic deployment removes its instance, not this library.
            } else if instance.status != StackInstanceStatus::Current {
                plan.retry.push(key.clone());
            } else if plan.change.is_some() {
                plan.update.push(key.clone());
            }
            deployed.insert(key);
        }
        plan.add = expected
            .iter()
            .flat_map(wanted)
            .filter(|key| !deployed.contains(key))
            .collect();
        // A StackSet that reports no OUs while it has instances is an emulator that does
        // not track them (moto): then only missing instances decide where to deploy.
        let tracks_ous = !existing.organizational_unit_ids.is_empty() || instances.is_empty();
        for target in &plan.targets {
            let missing = plan
                .add
                .iter()
                .any(|key| through.get(&key.account) == Some(target));
            let new = tracks_ous && !existing.organizational_unit_ids.contains(target);
            if missing || new {
                plan.deploy_to.push(target.clone());
            }
        }
        plan.dropped_targets = existing
            .organizational_unit_ids
            .iter()
            .filter(|ou| !plan.targets.contains(ou))
            .cloned()
            .collect();
        let mut dropped_regions: Vec<Region> = Vec::new();
        for key in &plan.remove {
            if !self.regions.contains(&key.region) && !dropped_regions.contains(&key.region) {
                dropped_regions.push(key.region.clone());
            }
        }
        plan.dropped_regions = dropped_regions;
        plan.running = cfn
            .list_stack_set_operations(&self.name)
            .await?
            .into_iter()
            .filter(|op| !op.status.is_done())
            .map(|op| op.id)
            .collect();
        Ok(plan)
    }
}
