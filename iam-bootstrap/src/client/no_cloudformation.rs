//! [`NoCloudFormation`]: the CloudFormation backend of a handle built without one.

use async_trait::async_trait;

use super::*;
use crate::error::{Error, PreconditionReason, Result};

/// Answers every CloudFormation call with [`Error::Precondition`]: the handle was built
/// without a CloudFormation backend, so there is nothing to ask.
/// [`Aws::with_cloudformation`](crate::Aws::with_cloudformation) adds one.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCloudFormation;

fn missing() -> Error {
    Error::Precondition {
        reason: PreconditionReason::NoCloudFormationBackend,
        problem: "this handle has no CloudFormation backend".into(),
        remedy: "build it with Aws::in_memory, Aws::builder, or add one with Aws::with_cloudformation".into(),
    }
}

#[async_trait]
impl CloudFormationApi for NoCloudFormation {
    async fn describe_stack_set(&self, _: &StackSetName) -> Result<Option<StackSet>> {
        Err(missing())
    }
    async fn create_stack_set(&self, _: &NewStackSet) -> Result<String> {
        Err(missing())
    }
    async fn update_stack_set(&self, _: &StackSetUpdate) -> Result<StackSetOperationId> {
        Err(missing())
    }
    async fn delete_stack_set(&self, _: &StackSetName) -> Result<()> {
        Err(missing())
    }
    async fn create_stack_instances(
        &self,
        _: &StackSetName,
        _: &InstancesRequest,
    ) -> Result<StackSetOperationId> {
        Err(missing())
    }
    async fn delete_stack_instances(
        &self,
        _: &StackSetName,
        _: &InstancesRequest,
        _: bool,
    ) -> Result<StackSetOperationId> {
        Err(missing())
    }
    async fn list_stack_instances(&self, _: &StackSetName) -> Result<Vec<StackInstance>> {
        Err(missing())
    }
    async fn describe_stack_set_operation(
        &self,
        _: &StackSetName,
        _: &StackSetOperationId,
    ) -> Result<StackSetOperation> {
        Err(missing())
    }
    async fn list_stack_set_operations(&self, _: &StackSetName) -> Result<Vec<StackSetOperation>> {
        Err(missing())
    }
    async fn list_stack_set_operation_results(
        &self,
        _: &StackSetName,
        _: &StackSetOperationId,
    ) -> Result<Vec<AccountOperationResult>> {
        Err(missing())
    }
    async fn detect_stack_set_drift(
        &self,
        _: &StackSetName,
        _: &OperationPreferences,
    ) -> Result<StackSetOperationId> {
        Err(missing())
    }
    async fn list_stack_instance_resource_drifts(
        &self,
        _: &StackSetName,
        _: &AccountId,
        _: &Region,
        _: &StackSetOperationId,
    ) -> Result<Vec<ResourceDrift>> {
        Err(missing())
    }
}
