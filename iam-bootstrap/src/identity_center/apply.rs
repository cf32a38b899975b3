//! Carrying out an [`IdentityCenterChange`]: resolve the names it carries to IDs, then make
//! the call.

use super::resolve;
use super::{
    AssignmentPrincipal, IdentityCenterChange, IdentityCenterChange as C, assignment, directory_plan,
    provisioning, retire,
};
use crate::aws::Aws;
use crate::client::AccountAssignment;
use crate::error::Result;
use crate::names::{DirectoryGroupId, DirectoryPrincipal, DirectoryUserId};
use crate::protocol::{ApplyContext, IdKind};

impl IdentityCenterChange {
    pub(crate) async fn apply(&self, aws: &Aws, context: &ApplyContext) -> Result<()> {
        let idc = aws.identity_center();
        match self {
            C::CreateUser {
                identity_store_id,
                user,
            } => directory_plan::create_user(aws, context, identity_store_id, user).await,
            C::CreateGroup {
                identity_store_id,
                group,
                description,
            } => directory_plan::create_group(aws, context, identity_store_id, group, description).await,
            C::AddGroupMember {
                identity_store_id,
                group,
                group_id,
                user,
                user_id,
            } => {
                directory_plan::add_member(
                    aws,
                    context,
                    identity_store_id,
                    (group, group_id.as_ref()),
                    (user, user_id.as_ref()),
                )
                .await
            }
            C::CreatePermissionSet {
                instance_arn,
                fields,
                tags,
            } => {
                let set = idc.create_permission_set(instance_arn, fields, tags).await?;
                context.remember(IdKind::PermissionSet, &fields.name, set.arn);
                Ok(())
            }
            C::UpdatePermissionSet {
                instance_arn,
                permission_set,
                after,
                ..
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.update_permission_set(instance_arn, &arn, after).await
            }
            C::AttachManagedPolicy {
                instance_arn,
                permission_set,
                policy_arn,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.attach_managed_policy(instance_arn, &arn, policy_arn).await
            }
            C::DetachManagedPolicy {
                instance_arn,
                permission_set,
                policy_arn,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.detach_managed_policy(instance_arn, &arn, policy_arn).await
            }
            C::AttachCustomerPolicy {
                instance_arn,
                permission_set,
                policy,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.attach_customer_policy_ref(instance_arn, &arn, policy).await
            }
            C::DetachCustomerPolicy {
                instance_arn,
                permission_set,
                policy,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.detach_customer_policy_ref(instance_arn, &arn, policy).await
            }
            C::PutInlinePolicy {
                instance_arn,
                permission_set,
                document,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.put_inline_policy(instance_arn, &arn, document).await
            }
            C::DeleteInlinePolicy {
                instance_arn,
                permission_set,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.delete_inline_policy(instance_arn, &arn).await
            }
            C::PutPermissionsBoundary {
                instance_arn,
                permission_set,
                boundary,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.put_permissions_boundary(instance_arn, &arn, boundary).await
            }
            C::DeletePermissionsBoundary {
                instance_arn,
                permission_set,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.delete_permissions_boundary(instance_arn, &arn).await
            }
            C::TagPermissionSet {
                instance_arn,
                permission_set,
                tags,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.tag_resource(instance_arn, &arn, tags).await
            }
            C::UntagPermissionSet {
                instance_arn,
                permission_set,
                keys,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                idc.untag_resource(instance_arn, &arn, keys).await
            }
            C::CreateAccountAssignments {
                instance_arn,
                identity_store_id,
                permission_set,
                principal,
                principal_id,
                accounts,
                max_outstanding,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                // The plan's ID is of the kind `principal` says.
                let principal: DirectoryPrincipal = match principal {
                    AssignmentPrincipal::Group(name) => {
                        let known = principal_id.clone().map(DirectoryGroupId::from);
                        resolve::group_id(aws, context, identity_store_id, name, known.as_ref())
                            .await?
                            .into()
                    }
                    AssignmentPrincipal::User(name) => {
                        let known = principal_id.clone().map(DirectoryUserId::from);
                        resolve::user_id(aws, context, identity_store_id, name, known.as_ref())
                            .await?
                            .into()
                    }
                };
                let assignments = accounts
                    .iter()
                    .map(|account| AccountAssignment {
                        account_id: account.clone(),
                        permission_set_arn: arn.clone(),
                        principal: principal.clone(),
                    })
                    .collect();
                assignment::create_all(aws, instance_arn, assignments, *max_outstanding).await
            }
            C::ProvisionPermissionSet {
                instance_arn,
                permission_set,
                accounts,
            } => {
                let arn = resolve::permission_set_arn(aws, context, instance_arn, permission_set).await?;
                provisioning::provision(aws, instance_arn, (&arn, permission_set.name.as_str()), accounts)
                    .await
            }
            C::DeleteAccountAssignments {
                instance_arn,
                assignments,
                max_outstanding,
                ..
            } => retire::delete_assignments(aws, instance_arn, assignments, *max_outstanding).await,
            C::DeletePermissionSet {
                instance_arn,
                permission_set,
            } => retire::delete_permission_set(aws, instance_arn, permission_set).await,
            C::RemoveGroupMember {
                identity_store_id,
                membership_id,
                ..
            } => retire::gone_is_done(
                idc.delete_group_membership(identity_store_id, membership_id)
                    .await,
            ),
            C::DeleteUser {
                identity_store_id,
                user_id,
                ..
            } => retire::gone_is_done(idc.delete_user(identity_store_id, user_id).await),
            C::DeleteGroup {
                identity_store_id,
                group_id,
                ..
            } => retire::gone_is_done(idc.delete_group(identity_store_id, group_id).await),
        }
    }
}
