//! Conversions between aws-sdk-cloudformation's StackSet shapes and the crate's types.
//! Enums are read by their wire names, so a value a newer service adds maps to the
//! nearest crate value instead of failing the call.

use aws_sdk_cloudformation::types as sdk;

use super::cloudformation::parent;
use super::missing;
use crate::client::{
    AccountOperationStatus, AccountShare, AutoDeployment, DriftStatus, Operation as Op, OperationPreferences,
    ParentId, PermissionModel, RegionConcurrency, StackInstanceStatus, StackSet, StackSetAction,
    StackSetOperation, StackSetOperationStatus, StackSetStatus, Tags,
};
use crate::error::{Error, Result};
use crate::names::{StackSetName, StackSetOperationId};

pub(super) fn sdk_tags(tags: &Tags) -> Vec<sdk::Tag> {
    tags.iter()
        .map(|(k, v)| sdk::Tag::builder().key(k).value(v).build())
        .collect()
}

pub(super) fn auto_deployment(auto: AutoDeployment) -> sdk::AutoDeployment {
    sdk::AutoDeployment::builder()
        .enabled(auto.enabled)
        .retain_stacks_on_account_removal(auto.retain_stacks_on_account_removal)
        .build()
}

pub(super) fn deployment_targets(targets: &[ParentId]) -> sdk::DeploymentTargets {
    sdk::DeploymentTargets::builder()
        .set_organizational_unit_ids(Some(targets.iter().map(|t| t.as_str().to_owned()).collect()))
        .build()
}

fn share_i32(share: AccountShare) -> i32 {
    match share {
        AccountShare::Count(n) => i32::try_from(n).unwrap_or(i32::MAX),
        AccountShare::Percentage(p) => i32::from(p),
    }
}

pub(super) fn preferences(prefs: &OperationPreferences) -> sdk::StackSetOperationPreferences {
    let mut builder = sdk::StackSetOperationPreferences::builder()
        .region_concurrency_type(match prefs.region_concurrency {
            RegionConcurrency::Sequential => sdk::RegionConcurrencyType::Sequential,
            RegionConcurrency::Parallel => sdk::RegionConcurrencyType::Parallel,
        })
        // Sent only when given: CloudFormation's own order otherwise.
        .set_region_order(
            (!prefs.region_order.is_empty())
                .then(|| prefs.region_order.iter().map(|r| r.as_str().to_owned()).collect()),
        );
    builder = match prefs.max_concurrent {
        AccountShare::Count(_) => builder.max_concurrent_count(share_i32(prefs.max_concurrent)),
        AccountShare::Percentage(_) => builder.max_concurrent_percentage(share_i32(prefs.max_concurrent)),
    };
    builder = match prefs.failure_tolerance {
        AccountShare::Count(_) => builder.failure_tolerance_count(share_i32(prefs.failure_tolerance)),
        AccountShare::Percentage(_) => {
            builder.failure_tolerance_percentage(share_i32(prefs.failure_tolerance))
        }
    };
    builder.build()
}

pub(super) fn stack_set(name: &StackSetName, set: &sdk::StackSet) -> StackSet {
    StackSet {
        name: name.clone(),
        id: set.stack_set_id().unwrap_or_default().to_owned(),
        status: match set.status().map(sdk::StackSetStatus::as_str) {
            Some("DELETED") => StackSetStatus::Deleted,
            _ => StackSetStatus::Active,
        },
        template_body: set.template_body().unwrap_or_default().to_owned(),
        description: set.description().map(str::to_owned),
        permission_model: match set.permission_model().map(sdk::PermissionModels::as_str) {
            Some("SERVICE_MANAGED") => PermissionModel::ServiceManaged,
            _ => PermissionModel::SelfManaged,
        },
        auto_deployment: set.auto_deployment().map(|a| {
            AutoDeployment::new(
                a.enabled().unwrap_or(false),
                a.retain_stacks_on_account_removal().unwrap_or(false),
            )
        }),
        capabilities: set.capabilities().iter().map(|c| c.as_str().to_owned()).collect(),
        tags: set
            .tags()
            .iter()
            .map(|t| {
                (
                    t.key().unwrap_or_default().to_owned(),
                    t.value().unwrap_or_default().to_owned(),
                )
            })
            .collect(),
        organizational_unit_ids: set
            .organizational_unit_ids()
            .iter()
            .filter_map(|id| parent(Some(id)))
            .collect(),
    }
}

pub(super) fn operation(
    op: Op,
    id: Option<&str>,
    action: Option<&sdk::StackSetOperationAction>,
    status: Option<&sdk::StackSetOperationStatus>,
    reason: Option<&str>,
) -> Result<StackSetOperation> {
    let id = id.ok_or_else(|| missing(op, "OperationId"))?;
    let id = StackSetOperationId::new(id).map_err(|e| Error::Service {
        operation: op,
        code: Some("MalformedResponse".into()),
        source: Some(Box::new(e)),
    })?;
    let action = match action.map(sdk::StackSetOperationAction::as_str) {
        Some("CREATE") => StackSetAction::Create,
        Some("DELETE") => StackSetAction::Delete,
        Some("DETECT_DRIFT") => StackSetAction::DetectDrift,
        _ => StackSetAction::Update,
    };
    let status = match status.map(sdk::StackSetOperationStatus::as_str) {
        Some("QUEUED") => StackSetOperationStatus::Queued,
        Some("SUCCEEDED") => StackSetOperationStatus::Succeeded,
        Some("FAILED") => StackSetOperationStatus::Failed,
        Some("STOPPING") => StackSetOperationStatus::Stopping,
        Some("STOPPED") => StackSetOperationStatus::Stopped,
        _ => StackSetOperationStatus::Running,
    };
    Ok(StackSetOperation {
        id,
        action,
        status,
        status_reason: reason.map(str::to_owned),
    })
}

pub(super) fn result_status(status: Option<&sdk::StackSetOperationResultStatus>) -> AccountOperationStatus {
    match status.map(sdk::StackSetOperationResultStatus::as_str) {
        Some("SUCCEEDED") => AccountOperationStatus::Succeeded,
        Some("FAILED") => AccountOperationStatus::Failed,
        Some("CANCELLED") => AccountOperationStatus::Cancelled,
        Some("RUNNING") => AccountOperationStatus::Running,
        _ => AccountOperationStatus::Pending,
    }
}

pub(super) fn instance_status(status: Option<&sdk::StackInstanceStatus>) -> StackInstanceStatus {
    match status.map(sdk::StackInstanceStatus::as_str) {
        Some("CURRENT") => StackInstanceStatus::Current,
        Some("INOPERABLE") => StackInstanceStatus::Inoperable,
        _ => StackInstanceStatus::Outdated,
    }
}

pub(super) fn drift_status(status: Option<&sdk::StackDriftStatus>) -> DriftStatus {
    match status.map(sdk::StackDriftStatus::as_str) {
        Some("DRIFTED") => DriftStatus::Drifted,
        Some("IN_SYNC") => DriftStatus::InSync,
        Some("UNKNOWN") => DriftStatus::Unknown,
        _ => DriftStatus::NotChecked,
    }
}
