//! [`CloudFormationApi`] over aws-sdk-cloudformation: service-managed StackSets only.

use async_trait::async_trait;

use super::cloudformation_convert::{
    auto_deployment, deployment_targets, drift_status, instance_status, operation, preferences,
    result_status, sdk_tags, stack_set,
};
use super::{SdkBackend, absent_as_none, map_sdk_error, missing};
use crate::client::{
    AccountOperationResult, CloudFormationApi, InstancesRequest, NewStackSet, Operation as Op,
    OperationPreferences, ParentId, ResourceDrift, StackInstance, StackSet, StackSetOperation,
    StackSetUpdate,
};
use crate::error::{Error, PreconditionReason, ResourceKind as Kind, Result};
use crate::names::{AccountId, OuId, Region, RootId, StackSetName, StackSetOperationId};
use aws_sdk_cloudformation::types as sdk;

/// Collects the `$items` of every page of a listing, mapping the SDK's error.
macro_rules! all_pages {
    ($request:expr, $items:ident, $op:expr, $kind:expr, $name:expr) => {
        $request
            .into_paginator()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error($op, $kind, $name, e))
            .map(|pages| {
                pages
                    .into_iter()
                    .flat_map(|page| page.$items.unwrap_or_default())
                    .collect::<Vec<_>>()
            })
    };
}

impl SdkBackend {
    fn cfn(&self) -> Result<&aws_sdk_cloudformation::Client> {
        self.cloudformation.as_ref().ok_or_else(|| Error::Precondition {
            reason: PreconditionReason::NoCloudFormationBackend,
            problem: "this SdkBackend was built without a CloudFormation client".into(),
            remedy: "add one with SdkBackend::with_cloudformation_client".into(),
        })
    }
}

fn operation_id(op: Op, id: Option<&str>) -> Result<StackSetOperationId> {
    let id = id.ok_or_else(|| missing(op, "OperationId"))?;
    StackSetOperationId::new(id).map_err(|e| Error::Service {
        operation: op,
        code: Some("MalformedResponse".into()),
        source: Some(Box::new(e)),
    })
}

fn capabilities(names: &[String]) -> Vec<sdk::Capability> {
    names.iter().map(|c| sdk::Capability::from(c.as_str())).collect()
}

/// The target of a per-account result or instance, when CloudFormation names one.
pub(super) fn parent(id: Option<&str>) -> Option<ParentId> {
    let id = id?;
    OuId::new(id)
        .map(ParentId::Ou)
        .or_else(|_| RootId::new(id).map(ParentId::Root))
        .ok()
}

#[async_trait]
impl CloudFormationApi for SdkBackend {
    async fn describe_stack_set(&self, name: &StackSetName) -> Result<Option<StackSet>> {
        let op = Op::DescribeStackSet;
        let out = self
            .cfn()?
            .describe_stack_set()
            .stack_set_name(name.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::StackSet, name.as_str(), e));
        match absent_as_none(out)? {
            None => Ok(None),
            Some(out) => {
                let set = out.stack_set().ok_or_else(|| missing(op, "StackSet"))?;
                Ok(Some(stack_set(name, set)))
            }
        }
    }

    async fn create_stack_set(&self, new: &NewStackSet) -> Result<String> {
        let op = Op::CreateStackSet;
        let out = self
            .cfn()?
            .create_stack_set()
            .stack_set_name(new.name.as_str())
            .template_body(&new.template_body)
            .set_description(new.description.clone())
            .permission_model(sdk::PermissionModels::ServiceManaged)
            .auto_deployment(auto_deployment(new.auto_deployment))
            .set_capabilities(Some(capabilities(&new.capabilities)))
            .set_tags(Some(sdk_tags(&new.tags)))
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::StackSet, new.name.as_str(), e))?;
        Ok(out.stack_set_id().unwrap_or_default().to_owned())
    }

    async fn update_stack_set(&self, update: &StackSetUpdate) -> Result<StackSetOperationId> {
        let op = Op::UpdateStackSet;
        let new = &update.definition;
        let out = self
            .cfn()?
            .update_stack_set()
            .stack_set_name(new.name.as_str())
            .template_body(&new.template_body)
            .set_description(new.description.clone())
            .permission_model(sdk::PermissionModels::ServiceManaged)
            .auto_deployment(auto_deployment(new.auto_deployment))
            .set_capabilities(Some(capabilities(&new.capabilities)))
            .set_tags(Some(sdk_tags(&new.tags)))
            .deployment_targets(deployment_targets(&update.instances.organizational_unit_ids))
            .set_regions(Some(
                update
                    .instances
                    .regions
                    .iter()
                    .map(|r| r.as_str().to_owned())
                    .collect(),
            ))
            .operation_preferences(preferences(&update.instances.preferences))
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::StackSet, new.name.as_str(), e))?;
        operation_id(op, out.operation_id())
    }

    async fn delete_stack_set(&self, name: &StackSetName) -> Result<()> {
        let op = Op::DeleteStackSet;
        self.cfn()?
            .delete_stack_set()
            .stack_set_name(name.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::StackSet, name.as_str(), e))?;
        Ok(())
    }

    async fn create_stack_instances(
        &self,
        name: &StackSetName,
        request: &InstancesRequest,
    ) -> Result<StackSetOperationId> {
        let op = Op::CreateStackInstances;
        let out = self
            .cfn()?
            .create_stack_instances()
            .stack_set_name(name.as_str())
            .deployment_targets(deployment_targets(&request.organizational_unit_ids))
            .set_regions(Some(
                request.regions.iter().map(|r| r.as_str().to_owned()).collect(),
            ))
            .operation_preferences(preferences(&request.preferences))
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::StackSet, name.as_str(), e))?;
        operation_id(op, out.operation_id())
    }

    async fn delete_stack_instances(
        &self,
        name: &StackSetName,
        request: &InstancesRequest,
        retain_stacks: bool,
    ) -> Result<StackSetOperationId> {
        let op = Op::DeleteStackInstances;
        let out = self
            .cfn()?
            .delete_stack_instances()
            .stack_set_name(name.as_str())
            .deployment_targets(deployment_targets(&request.organizational_unit_ids))
            .set_regions(Some(
                request.regions.iter().map(|r| r.as_str().to_owned()).collect(),
            ))
            .operation_preferences(preferences(&request.preferences))
            .retain_stacks(retain_stacks)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::StackSet, name.as_str(), e))?;
        operation_id(op, out.operation_id())
    }

    async fn list_stack_instances(&self, name: &StackSetName) -> Result<Vec<StackInstance>> {
        let op = Op::ListStackInstances;
        let summaries = all_pages!(
            self.cfn()?.list_stack_instances().stack_set_name(name.as_str()),
            summaries,
            op,
            Kind::StackSet,
            name.as_str()
        )?;
        summaries
            .iter()
            .map(|s| {
                Ok(StackInstance {
                    account: account(op, s.account())?,
                    region: region(op, s.region())?,
                    organizational_unit_id: parent(s.organizational_unit_id()),
                    status: instance_status(s.status()),
                    status_reason: s.status_reason().map(str::to_owned),
                    drift_status: drift_status(s.drift_status()),
                })
            })
            .collect()
    }

    async fn describe_stack_set_operation(
        &self,
        name: &StackSetName,
        id: &StackSetOperationId,
    ) -> Result<StackSetOperation> {
        let op = Op::DescribeStackSetOperation;
        let out = self
            .cfn()?
            .describe_stack_set_operation()
            .stack_set_name(name.as_str())
            .operation_id(id.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::StackSetOperation, id.as_str(), e))?;
        let found = out
            .stack_set_operation()
            .ok_or_else(|| missing(op, "StackSetOperation"))?;
        operation(
            op,
            found.operation_id(),
            found.action(),
            found.status(),
            found.status_reason(),
        )
    }

    async fn list_stack_set_operations(&self, name: &StackSetName) -> Result<Vec<StackSetOperation>> {
        let op = Op::ListStackSetOperations;
        let summaries = all_pages!(
            self.cfn()?
                .list_stack_set_operations()
                .stack_set_name(name.as_str()),
            summaries,
            op,
            Kind::StackSet,
            name.as_str()
        )?;
        summaries
            .iter()
            .map(|s| operation(op, s.operation_id(), s.action(), s.status(), s.status_reason()))
            .collect()
    }

    async fn list_stack_set_operation_results(
        &self,
        name: &StackSetName,
        id: &StackSetOperationId,
    ) -> Result<Vec<AccountOperationResult>> {
        let op = Op::ListStackSetOperationResults;
        let summaries = all_pages!(
            self.cfn()?
                .list_stack_set_operation_results()
                .stack_set_name(name.as_str())
                .operation_id(id.as_str()),
            summaries,
            op,
            Kind::StackSetOperation,
            id.as_str()
        )?;
        summaries
            .iter()
            .map(|s| {
                Ok(AccountOperationResult {
                    account: account(op, s.account())?,
                    region: region(op, s.region())?,
                    status: result_status(s.status()),
                    status_reason: s.status_reason().map(str::to_owned),
                })
            })
            .collect()
    }

    async fn detect_stack_set_drift(
        &self,
        name: &StackSetName,
        prefs: &OperationPreferences,
    ) -> Result<StackSetOperationId> {
        let op = Op::DetectStackSetDrift;
        let out = self
            .cfn()?
            .detect_stack_set_drift()
            .stack_set_name(name.as_str())
            .operation_preferences(preferences(prefs))
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::StackSet, name.as_str(), e))?;
        operation_id(op, out.operation_id())
    }

    async fn list_stack_instance_resource_drifts(
        &self,
        name: &StackSetName,
        account_id: &AccountId,
        region_name: &Region,
        id: &StackSetOperationId,
    ) -> Result<Vec<ResourceDrift>> {
        let op = Op::ListStackInstanceResourceDrifts;
        let client = self.cfn()?;
        let mut drifts = Vec::new();
        let mut token: Option<String> = None;
        // No paginator for this call: follow the token by hand, empty pages included.
        loop {
            let out = client
                .list_stack_instance_resource_drifts()
                .stack_set_name(name.as_str())
                .stack_instance_account(account_id.as_str())
                .stack_instance_region(region_name.as_str())
                .operation_id(id.as_str())
                .stack_instance_resource_drift_statuses(sdk::StackResourceDriftStatus::Modified)
                .stack_instance_resource_drift_statuses(sdk::StackResourceDriftStatus::Deleted)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| map_sdk_error(op, Kind::StackSetOperation, id.as_str(), e))?;
            drifts.extend(out.summaries().iter().map(|d| {
                ResourceDrift {
                    logical_id: d.logical_resource_id().unwrap_or_default().to_owned(),
                    physical_id: d.physical_resource_id().map(str::to_owned),
                    resource_type: d.resource_type().unwrap_or_default().to_owned(),
                    difference: d
                        .stack_resource_drift_status()
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                }
            }));
            match out.next_token() {
                Some(next) if !next.is_empty() => token = Some(next.to_owned()),
                _ => return Ok(drifts),
            }
        }
    }
}

fn malformed(op: Op, err: crate::ValidationError) -> Error {
    Error::Service {
        operation: op,
        code: Some("MalformedResponse".into()),
        source: Some(Box::new(err)),
    }
}

fn account(op: Op, id: Option<&str>) -> Result<AccountId> {
    AccountId::new(id.ok_or_else(|| missing(op, "Account"))?).map_err(|e| malformed(op, e))
}

fn region(op: Op, id: Option<&str>) -> Result<Region> {
    Region::new(id.ok_or_else(|| missing(op, "Region"))?).map_err(|e| malformed(op, e))
}
