//! [`audit_drift`]: a read-only check of a StackSet's stack instances. It starts
//! CloudFormation's drift detection (which changes no resource), polls it, and reports
//! the drifted instances and their drifted resources per account.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::operation::{OperationReport, start, wait_for_running};
use crate::Aws;
use crate::client::layer::{CallCounter, CallStats};
use crate::client::{DriftStatus, InstancesRequest, OperationPreferences, ResourceDrift, StackSetAction};
use crate::error::{Error, ResourceKind, Result};
use crate::names::{AccountId, Region, StackSetName};

/// One stack instance's drift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstanceDrift {
    /// The account.
    pub account: AccountId,
    /// The region.
    pub region: Region,
    /// What drift detection found.
    pub status: DriftStatus,
    /// The drifted resources (empty when in sync).
    pub resources: Vec<ResourceDrift>,
}

/// What [`audit_drift`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DriftReport {
    /// The StackSet.
    pub stack_set: StackSetName,
    /// The drift detection operation (and any it waited for first).
    pub operations: Vec<OperationReport>,
    /// Every instance, drifted or not.
    pub instances: Vec<InstanceDrift>,
    /// The calls the audit made (none writes configuration).
    pub calls: CallStats,
}

impl DriftReport {
    /// The drifted instances.
    pub fn drifted(&self) -> impl Iterator<Item = &InstanceDrift> {
        self.instances.iter().filter(|i| i.status == DriftStatus::Drifted)
    }
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let drifted: Vec<&InstanceDrift> = self.drifted().collect();
        writeln!(
            f,
            "StackSet {}: {} of {} instance(s) drifted",
            self.stack_set,
            drifted.len(),
            self.instances.len()
        )?;
        for instance in drifted {
            writeln!(f, "  {} {}:", instance.account, instance.region)?;
            for resource in &instance.resources {
                writeln!(
                    f,
                    "    {} {} ({}) {}",
                    resource.resource_type,
                    resource.logical_id,
                    resource.physical_id.as_deref().unwrap_or("-"),
                    resource.difference
                )?;
            }
        }
        Ok(())
    }
}

/// Starts drift detection on `name`'s instances (after any operation already running),
/// polls it with the handle's bounded backoff, and reads each drifted instance's resources.
///
/// # Errors
/// [`Error::NotFound`] when there is no such StackSet; [`Error::Timeout`]; backend errors.
pub async fn audit_drift(
    aws: &Aws,
    name: &StackSetName,
    preferences: &OperationPreferences,
) -> Result<DriftReport> {
    let counter = CallCounter::new();
    let aws = aws.counted_by(counter.clone());
    let cfn = aws.cloudformation();
    let Some(set) = cfn.describe_stack_set(name).await? else {
        return Err(Error::not_found(ResourceKind::StackSet, name.as_str()));
    };
    let mut operations = wait_for_running(&aws, name).await?;
    let request = InstancesRequest::new(Vec::new(), Vec::new(), preferences.clone());
    let definition = crate::client::NewStackSet::new(name.clone(), set.template_body);
    let (report, _) = start(&aws, name, StackSetAction::DetectDrift, &definition, &request).await?;
    let detection = report.id.clone();
    operations.push(report);
    let mut instances = Vec::new();
    for instance in cfn.list_stack_instances(name).await? {
        let resources = if instance.drift_status == DriftStatus::Drifted {
            cfn.list_stack_instance_resource_drifts(name, &instance.account, &instance.region, &detection)
                .await?
        } else {
            Vec::new()
        };
        instances.push(InstanceDrift {
            account: instance.account,
            region: instance.region,
            status: instance.drift_status,
            resources,
        });
    }
    Ok(DriftReport {
        stack_set: name.clone(),
        operations,
        instances,
        calls: counter.snapshot(),
    })
}
