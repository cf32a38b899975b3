//! Turning names into IDs: at plan time by reading, at apply time from what earlier changes
//! remembered in the [`ApplyContext`] or, failing that, by reading again.

use std::collections::BTreeMap;

use super::PermissionSetRef;
use crate::aws::Aws;
use crate::client::PermissionSet;
use crate::error::{Error, ResourceKind, Result};
use crate::names::{
    DirectoryGroupId, DirectoryGroupName, DirectoryUserId, DirectoryUserName, IdentityStoreId, InstanceArn,
    PermissionSetArn,
};
use crate::protocol::{ApplyContext, IdKind};

/// Every permission set of an instance, by name. Identity Center has no lookup by name,
/// so this lists the ARNs and describes each one; a plan does it once for all its sets.
#[derive(Debug, Clone, Default)]
pub(super) struct PermissionSetIndex {
    by_name: BTreeMap<String, PermissionSet>,
}

impl PermissionSetIndex {
    pub(super) async fn load(aws: &Aws, instance: &InstanceArn) -> Result<Self> {
        let idc = aws.identity_center();
        let mut by_name = BTreeMap::new();
        for arn in idc.list_permission_sets(instance).await? {
            if let Some(set) = idc.describe_permission_set(instance, &arn).await? {
                by_name.insert(set.name.clone(), set);
            }
        }
        Ok(Self { by_name })
    }

    pub(super) fn get(&self, name: &str) -> Option<&PermissionSet> {
        self.by_name.get(name)
    }
}

/// The ARN of a permission set named by a change.
pub(super) async fn permission_set_arn(
    aws: &Aws,
    context: &ApplyContext,
    instance: &InstanceArn,
    set: &PermissionSetRef,
) -> Result<PermissionSetArn> {
    if let Some(arn) = &set.arn {
        return Ok(arn.clone());
    }
    if let Some(arn) = recall(context, IdKind::PermissionSet, set.name.as_str()) {
        return Ok(arn);
    }
    // Created by a change that ran elsewhere (a plan applied in parts): look it up.
    let index = PermissionSetIndex::load(aws, instance).await?;
    let arn = index
        .get(set.name.as_str())
        .map(|s| s.arn.clone())
        .ok_or_else(|| Error::not_found(ResourceKind::PermissionSet, set.name.as_str()))?;
    context.remember(IdKind::PermissionSet, set.name.as_str(), &arn);
    Ok(arn)
}

/// An ID an earlier change remembered, typed again (it was valid when remembered).
fn recall<T: std::str::FromStr>(context: &ApplyContext, kind: IdKind, name: &str) -> Option<T> {
    context.recall(kind, name)?.parse().ok()
}

/// The ID of an identity-store user named by a change.
pub(super) async fn user_id(
    aws: &Aws,
    context: &ApplyContext,
    store: &IdentityStoreId,
    name: &DirectoryUserName,
    known: Option<&DirectoryUserId>,
) -> Result<DirectoryUserId> {
    if let Some(id) = known
        .cloned()
        .or_else(|| recall(context, IdKind::DirectoryUser, name.as_str()))
    {
        return Ok(id);
    }
    let id = aws
        .identity_center()
        .find_user(store, name)
        .await?
        .ok_or_else(|| Error::not_found(ResourceKind::DirectoryUser, name.as_str()))?;
    context.remember(IdKind::DirectoryUser, name.as_str(), &id);
    Ok(id)
}

/// The ID of an identity-store group named by a change.
pub(super) async fn group_id(
    aws: &Aws,
    context: &ApplyContext,
    store: &IdentityStoreId,
    name: &DirectoryGroupName,
    known: Option<&DirectoryGroupId>,
) -> Result<DirectoryGroupId> {
    if let Some(id) = known
        .cloned()
        .or_else(|| recall(context, IdKind::DirectoryGroup, name.as_str()))
    {
        return Ok(id);
    }
    let id = aws
        .identity_center()
        .find_group(store, name)
        .await?
        .ok_or_else(|| Error::not_found(ResourceKind::DirectoryGroup, name.as_str()))?;
    context.remember(IdKind::DirectoryGroup, name.as_str(), &id);
    Ok(id)
}
