//! [`CloudFormationApi`] for [`InMemory`]: service-managed StackSets over the in-memory
//! organization, run by the engine in `stacksets.rs`; and the knobs tests use to make
//! operations slow, fail or drift.

use std::collections::BTreeSet;

use async_trait::async_trait;

use super::InMemory;
use super::stacksets::{Engine, InstanceRecord, SetRecord, StackSetTiming, accounts_under};
use super::state::State;
use crate::client::{
    AccountOperationResult, CloudFormationApi, InstancesRequest, NewStackSet, Operation as Op,
    OperationPreferences, ParentId, PermissionModel, ResourceDrift, StackInstance, StackSet, StackSetAction,
    StackSetOperation, StackSetStatus, StackSetUpdate,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::{AccountId, Region, StackSetName, StackSetOperationId};

impl InMemory {
    /// How long StackSet operations take from now on (default [`StackSetTiming::default`]).
    pub fn set_stack_set_timing(&self, timing: StackSetTiming) {
        self.peek().stack_sets.timing = timing;
    }

    /// Makes every StackSet operation on `account` fail with CloudFormation's status
    /// `reason` (`None`: succeed again), as a stack that cannot create its resources does.
    pub fn fail_stack_instances(&self, account: &AccountId, reason: Option<&str>) {
        let mut state = self.peek();
        match reason {
            Some(reason) => state
                .stack_sets
                .failing
                .insert(account.clone(), reason.to_owned()),
            None => state.stack_sets.failing.remove(account),
        };
    }

    /// Makes drift detection find `resources` drifted in `account`'s stack instances (an
    /// empty list: in sync again), as someone editing a role by hand does.
    pub fn drift_stack_instances(&self, account: &AccountId, resources: Vec<ResourceDrift>) {
        let mut state = self.peek();
        if resources.is_empty() {
            state.stack_sets.drifted.remove(account);
        } else {
            state.stack_sets.drifted.insert(account.clone(), resources);
        }
    }
}

fn not_found(name: &StackSetName) -> Error {
    Error::not_found(Kind::StackSet, name.as_str())
}

fn in_progress(op: Op) -> Error {
    Error::Conflict {
        operation: op,
        source: Some("OperationInProgressException: another operation is in progress on the StackSet".into()),
    }
}

fn invalid(op: Op, message: &str) -> Error {
    Error::service(op, "ValidationError", message)
}

/// The StackSet, settled, refusing a new operation while one runs.
fn idle_set<'a>(engine: &'a mut Engine, op: Op, name: &StackSetName) -> Result<&'a mut SetRecord> {
    let drifted = engine.drifted.clone();
    let set = engine
        .sets
        .get_mut(name.as_str())
        .ok_or_else(|| not_found(name))?;
    if set.running(&drifted).is_some() {
        return Err(in_progress(op));
    }
    Ok(set)
}

fn settled_set<'a>(engine: &'a mut Engine, name: &StackSetName) -> Result<&'a mut SetRecord> {
    let drifted = engine.drifted.clone();
    let set = engine
        .sets
        .get_mut(name.as_str())
        .ok_or_else(|| not_found(name))?;
    set.settle(&drifted);
    Ok(set)
}

fn check_request(op: Op, request: &InstancesRequest) -> Result<()> {
    if request.organizational_unit_ids.is_empty() {
        return Err(invalid(
            op,
            "StackSets with SERVICE_MANAGED permission model can only have OrganizationalUnit as target",
        ));
    }
    if request.regions.is_empty() {
        return Err(invalid(op, "Regions is required"));
    }
    Ok(())
}

/// The accounts a request reaches, with the OU each came through; the targets must exist.
fn targets(state: &State, op: Op, request: &InstancesRequest) -> Result<Vec<(AccountId, Option<ParentId>)>> {
    let org = state.org(op)?;
    for target in &request.organizational_unit_ids {
        if !org.has_parent(target) {
            return Err(invalid(
                op,
                &format!("{target} is not an OU or root of the organization"),
            ));
        }
    }
    Ok(accounts_under(org, &request.organizational_unit_ids)
        .into_iter()
        .map(|(account, ou)| (account, Some(ou)))
        .collect())
}

fn describe(name: &StackSetName, set: &SetRecord) -> StackSet {
    StackSet {
        name: name.clone(),
        id: set.id.clone(),
        status: StackSetStatus::Active,
        template_body: set.definition.template_body.clone(),
        description: set.definition.description.clone(),
        permission_model: PermissionModel::ServiceManaged,
        auto_deployment: Some(set.definition.auto_deployment),
        capabilities: set.definition.capabilities.clone(),
        tags: set.definition.tags.clone(),
        organizational_unit_ids: set.ous.iter().cloned().collect(),
    }
}

#[async_trait]
impl CloudFormationApi for InMemory {
    async fn describe_stack_set(&self, name: &StackSetName) -> Result<Option<StackSet>> {
        let state = self.call();
        Ok(state
            .stack_sets
            .sets
            .get(name.as_str())
            .map(|set| describe(name, set)))
    }

    async fn create_stack_set(&self, stack_set: &NewStackSet) -> Result<String> {
        let op = Op::CreateStackSet;
        let mut state = self.call();
        state.org(op)?;
        if state.stack_sets.sets.contains_key(stack_set.name.as_str()) {
            return Err(Error::already_exists(Kind::StackSet, stack_set.name.as_str()).calling(op));
        }
        let id = format!("{}:{}", stack_set.name, state.fresh_id(32));
        state.stack_sets.sets.insert(
            stack_set.name.as_str().to_owned(),
            SetRecord {
                id: id.clone(),
                definition: stack_set.clone(),
                ous: BTreeSet::new(),
                instances: Default::default(),
                operations: Vec::new(),
            },
        );
        Ok(id)
    }

    async fn update_stack_set(&self, update: &StackSetUpdate) -> Result<StackSetOperationId> {
        let op = Op::UpdateStackSet;
        let mut state = self.call();
        let name = &update.definition.name;
        check_request(op, &update.instances)?;
        idle_set(&mut state.stack_sets, op, name)?;
        let reached = targets(&state, op, &update.instances)?;
        let seed = state.config.seed;
        let engine = &mut state.stack_sets;
        let id = engine.fresh_operation_id(seed);
        let set = idle_set(engine, op, name)?;
        // Only the instances that exist are updated; an update creates none.
        let existing: Vec<_> = reached
            .into_iter()
            .filter(|(account, _)| set.instances.keys().any(|(a, _)| a == account))
            .collect();
        set.definition = update.definition.clone();
        let record = engine.schedule(id.clone(), StackSetAction::Update, &existing, &update.instances);
        if let Some(set) = engine.sets.get_mut(name.as_str()) {
            set.operations.push(record);
        }
        Ok(id)
    }

    async fn delete_stack_set(&self, name: &StackSetName) -> Result<()> {
        let op = Op::DeleteStackSet;
        let mut state = self.call();
        let set = idle_set(&mut state.stack_sets, op, name)?;
        if !set.instances.is_empty() {
            return Err(Error::service(
                op,
                "StackSetNotEmptyException",
                "the StackSet still has stack instances",
            ));
        }
        state.stack_sets.sets.remove(name.as_str());
        Ok(())
    }

    async fn create_stack_instances(
        &self,
        name: &StackSetName,
        request: &InstancesRequest,
    ) -> Result<StackSetOperationId> {
        let op = Op::CreateStackInstances;
        let mut state = self.call();
        check_request(op, request)?;
        idle_set(&mut state.stack_sets, op, name)?;
        let reached = targets(&state, op, request)?;
        let seed = state.config.seed;
        let engine = &mut state.stack_sets;
        let id = engine.fresh_operation_id(seed);
        let record = engine.schedule(id.clone(), StackSetAction::Create, &reached, request);
        let set = idle_set(engine, op, name)?;
        set.ous.extend(request.organizational_unit_ids.iter().cloned());
        set.operations.push(record);
        Ok(id)
    }

    async fn delete_stack_instances(
        &self,
        name: &StackSetName,
        request: &InstancesRequest,
        _retain_stacks: bool,
    ) -> Result<StackSetOperationId> {
        let op = Op::DeleteStackInstances;
        let mut state = self.call();
        check_request(op, request)?;
        idle_set(&mut state.stack_sets, op, name)?;
        let reached = targets(&state, op, request)?;
        let seed = state.config.seed;
        let engine = &mut state.stack_sets;
        let id = engine.fresh_operation_id(seed);
        let set = idle_set(engine, op, name)?;
        // The instances deployed through these OUs (an account that moved away keeps the
        // OU it was deployed through), and those of accounts now in them.
        let mut doomed: Vec<(AccountId, Option<ParentId>)> = set
            .instances
            .iter()
            .filter(|((account, region), record)| {
                request.regions.contains(region)
                    && (record
                        .ou
                        .as_ref()
                        .is_some_and(|ou| request.organizational_unit_ids.contains(ou))
                        || reached.iter().any(|(a, _)| a == account))
            })
            .map(
                |((account, _), record): (&(AccountId, Region), &InstanceRecord)| {
                    (account.clone(), record.ou.clone())
                },
            )
            .collect();
        doomed.dedup();
        for ou in &request.organizational_unit_ids {
            set.ous.remove(ou);
        }
        let record = engine.schedule(id.clone(), StackSetAction::Delete, &doomed, request);
        if let Some(set) = engine.sets.get_mut(name.as_str()) {
            set.operations.push(record);
        }
        Ok(id)
    }

    async fn list_stack_instances(&self, name: &StackSetName) -> Result<Vec<StackInstance>> {
        let mut state = self.call();
        let set = settled_set(&mut state.stack_sets, name)?;
        Ok(set
            .instances
            .iter()
            .map(|((account, region), record)| StackInstance {
                account: account.clone(),
                region: region.clone(),
                organizational_unit_id: record.ou.clone(),
                status: record.status,
                status_reason: record.reason.clone(),
                drift_status: record.drift,
            })
            .collect())
    }

    async fn describe_stack_set_operation(
        &self,
        name: &StackSetName,
        operation: &StackSetOperationId,
    ) -> Result<StackSetOperation> {
        let mut state = self.call();
        let set = settled_set(&mut state.stack_sets, name)?;
        set.operations
            .iter()
            .find(|op| &op.id == operation)
            .map(|op| op.describe())
            .ok_or_else(|| Error::not_found(Kind::StackSetOperation, operation.as_str()))
    }

    async fn list_stack_set_operations(&self, name: &StackSetName) -> Result<Vec<StackSetOperation>> {
        let mut state = self.call();
        let set = settled_set(&mut state.stack_sets, name)?;
        Ok(set.operations.iter().rev().map(|op| op.describe()).collect())
    }

    async fn list_stack_set_operation_results(
        &self,
        name: &StackSetName,
        operation: &StackSetOperationId,
    ) -> Result<Vec<AccountOperationResult>> {
        let mut state = self.call();
        let set = settled_set(&mut state.stack_sets, name)?;
        set.operations
            .iter()
            .find(|op| &op.id == operation)
            .map(|op| op.results())
            .ok_or_else(|| Error::not_found(Kind::StackSetOperation, operation.as_str()))
    }

    async fn detect_stack_set_drift(
        &self,
        name: &StackSetName,
        preferences: &OperationPreferences,
    ) -> Result<StackSetOperationId> {
        let op = Op::DetectStackSetDrift;
        let mut state = self.call();
        let seed = state.config.seed;
        let engine = &mut state.stack_sets;
        let set = idle_set(engine, op, name)?;
        let mut accounts: Vec<(AccountId, Option<ParentId>)> = Vec::new();
        let mut regions: Vec<Region> = Vec::new();
        for ((account, region), record) in &set.instances {
            if !accounts.iter().any(|(a, _)| a == account) {
                accounts.push((account.clone(), record.ou.clone()));
            }
            if !regions.contains(region) {
                regions.push(region.clone());
            }
        }
        let request = InstancesRequest::new(Vec::new(), regions, preferences.clone());
        let id = engine.fresh_operation_id(seed);
        let record = engine.schedule(id.clone(), StackSetAction::DetectDrift, &accounts, &request);
        if let Some(set) = engine.sets.get_mut(name.as_str()) {
            set.operations.push(record);
        }
        Ok(id)
    }

    async fn list_stack_instance_resource_drifts(
        &self,
        name: &StackSetName,
        account: &AccountId,
        region: &Region,
        operation: &StackSetOperationId,
    ) -> Result<Vec<ResourceDrift>> {
        let mut state = self.call();
        let drifted = state.stack_sets.drifted.get(account).cloned().unwrap_or_default();
        let set = settled_set(&mut state.stack_sets, name)?;
        let op = set
            .operations
            .iter()
            .find(|op| &op.id == operation && op.action == StackSetAction::DetectDrift)
            .ok_or_else(|| Error::not_found(Kind::StackSetOperation, operation.as_str()))?;
        if !op.is_done() || !set.instances.contains_key(&(account.clone(), region.clone())) {
            return Ok(Vec::new());
        }
        Ok(drifted)
    }
}
