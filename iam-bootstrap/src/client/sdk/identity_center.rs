//! [`IdentityCenterApi`] over aws-sdk-ssoadmin and aws-sdk-identitystore.

use async_trait::async_trait;
use aws_sdk_identitystore::types::{AlternateIdentifier, Email, MemberId, Name, UniqueAttribute};
use aws_sdk_ssoadmin::types::{
    CustomerManagedPolicyReference, PermissionsBoundary, PrincipalType as SdkPrincipalType,
    ProvisionTargetType, StatusValues, Tag, TargetType,
};
use aws_smithy_types::Document;

use super::iam::decode_policy;
use super::{SdkBackend, absent_as_none, map_sdk_error, missing, parsed};
use crate::client::{
    AccountAssignment, AsyncState, AsyncStatus, BoundaryRef, CustomerPolicyRef, DirectoryPrincipalType,
    DirectoryUser, GroupMember, IdentityCenterApi, Instance, NewDirectoryUser, Operation as Op,
    PermissionSet, PermissionSetFields, ProvisionTarget, ProvisionedAccounts, Tags,
};
use crate::error::{Error, ResourceKind as Kind, Result, ValidationError, ValidationReason};
use crate::names::{
    AccountId, DirectoryGroupId, DirectoryGroupName, DirectoryPrincipal, DirectoryUserId, DirectoryUserName,
    IdentityStoreId, InstanceArn, PermissionSetArn, PrincipalId,
};

fn build_error(field: &str, e: impl std::fmt::Display) -> Error {
    Error::Validation(ValidationError::new(
        field,
        ValidationReason::NotAllowed(e.to_string()),
    ))
}

/// The identity store answers a uniqueness violation on create with `ConflictException`
/// (reason `UNIQUENESS_CONSTRAINT_VIOLATION`); for a create, that means "already exists".
fn conflict_means_exists(err: Error, kind: Kind, name: &str) -> Error {
    match err {
        Error::Conflict { operation, source } => Error::AlreadyExists {
            operation: Some(operation),
            resource: crate::Resource::new(kind, name),
            source,
        },
        other => other,
    }
}

fn unique_attribute(path: &str, value: &str) -> Result<AlternateIdentifier> {
    let attribute = UniqueAttribute::builder()
        .attribute_path(path)
        .attribute_value(Document::String(value.to_owned()))
        .build()
        .map_err(|e| build_error(path, e))?;
    Ok(AlternateIdentifier::UniqueAttribute(attribute))
}

fn state(status: Option<&StatusValues>) -> AsyncState {
    match status {
        Some(StatusValues::Succeeded) => AsyncState::Succeeded,
        Some(StatusValues::Failed) => AsyncState::Failed,
        _ => AsyncState::InProgress,
    }
}

fn sdk_principal(kind: DirectoryPrincipalType) -> SdkPrincipalType {
    match kind {
        DirectoryPrincipalType::User => SdkPrincipalType::User,
        DirectoryPrincipalType::Group => SdkPrincipalType::Group,
    }
}

fn policy_ref(policy: &CustomerPolicyRef) -> Result<CustomerManagedPolicyReference> {
    CustomerManagedPolicyReference::builder()
        .name(&policy.name)
        .path(&policy.path)
        .build()
        .map_err(|e| build_error("customer policy reference", e))
}

fn sdk_tags(tags: &Tags) -> Result<Vec<Tag>> {
    tags.iter()
        .map(|(k, v)| {
            Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| build_error("tags", e))
        })
        .collect()
}

fn to_permission_set(ps: &aws_sdk_ssoadmin::types::PermissionSet, op: Op) -> Result<PermissionSet> {
    Ok(PermissionSet {
        arn: parsed(op, "PermissionSetArn", ps.permission_set_arn())?,
        name: ps.name().unwrap_or_default().to_owned(),
        description: ps.description().filter(|d| !d.is_empty()).map(str::to_owned),
        session_duration: ps.session_duration().map(str::to_owned),
        relay_state: ps.relay_state().filter(|r| !r.is_empty()).map(str::to_owned),
    })
}

#[async_trait]
impl IdentityCenterApi for SdkBackend {
    async fn list_instances(&self) -> Result<Vec<Instance>> {
        let items = self
            .sso
            .list_instances()
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(Op::ListInstances, Kind::Instance, "account", e))?;
        let op = Op::ListInstances;
        items
            .iter()
            .map(|i| {
                Ok(Instance {
                    arn: parsed(op, "InstanceArn", i.instance_arn())?,
                    identity_store_id: parsed(op, "IdentityStoreId", i.identity_store_id())?,
                    owner_account_id: i.owner_account_id().map(str::to_owned),
                    status: i.status().map(|s| s.as_str().to_owned()),
                    name: i.name().map(str::to_owned),
                })
            })
            .collect()
    }

    async fn find_user(
        &self,
        store: &IdentityStoreId,
        user_name: &DirectoryUserName,
    ) -> Result<Option<DirectoryUserId>> {
        let op = Op::GetDirectoryUserId;
        let result = self
            .identity_store
            .get_user_id()
            .identity_store_id(store)
            .alternate_identifier(unique_attribute("userName", user_name.as_str())?)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::DirectoryUser, user_name.as_str(), e));
        absent_as_none(result)?
            .map(|out| parsed(op, "UserId", Some(out.user_id())))
            .transpose()
    }

    async fn describe_user(
        &self,
        store: &IdentityStoreId,
        user: &DirectoryUserId,
    ) -> Result<Option<DirectoryUser>> {
        let op = Op::DescribeDirectoryUser;
        let result = self
            .identity_store
            .describe_user()
            .identity_store_id(store)
            .user_id(user)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::DirectoryUser, user.as_str(), e));
        let Some(out) = absent_as_none(result)? else {
            return Ok(None);
        };
        Ok(Some(DirectoryUser {
            user_id: parsed(op, "UserId", Some(out.user_id()))?,
            user_name: out.user_name().unwrap_or_default().to_owned(),
            display_name: out.display_name().map(str::to_owned),
            given_name: out.name().and_then(|n| n.given_name()).map(str::to_owned),
            family_name: out.name().and_then(|n| n.family_name()).map(str::to_owned),
            email: out
                .emails()
                .iter()
                .find(|e| e.primary())
                .or_else(|| out.emails().first())
                .and_then(|e| e.value())
                .map(str::to_owned),
        }))
    }

    async fn create_user(&self, store: &IdentityStoreId, user: &NewDirectoryUser) -> Result<DirectoryUserId> {
        let out = self
            .identity_store
            .create_user()
            .identity_store_id(store)
            .user_name(&user.user_name)
            .display_name(&user.display_name)
            .name(
                Name::builder()
                    .given_name(&user.given_name)
                    .family_name(&user.family_name)
                    .build(),
            )
            .emails(
                Email::builder()
                    .value(&user.email)
                    .r#type("work")
                    .primary(true)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::CreateDirectoryUser,
                    Kind::DirectoryUser,
                    user.user_name.as_str(),
                    e,
                )
            })
            .map_err(|e| conflict_means_exists(e, Kind::DirectoryUser, user.user_name.as_str()))?;
        parsed(Op::CreateDirectoryUser, "UserId", Some(out.user_id()))
    }

    async fn find_group(
        &self,
        store: &IdentityStoreId,
        display_name: &DirectoryGroupName,
    ) -> Result<Option<DirectoryGroupId>> {
        let op = Op::GetDirectoryGroupId;
        let result = self
            .identity_store
            .get_group_id()
            .identity_store_id(store)
            .alternate_identifier(unique_attribute("displayName", display_name.as_str())?)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::DirectoryGroup, display_name.as_str(), e));
        absent_as_none(result)?
            .map(|out| parsed(op, "GroupId", Some(out.group_id())))
            .transpose()
    }

    async fn create_group(
        &self,
        store: &IdentityStoreId,
        display_name: &DirectoryGroupName,
        description: &str,
    ) -> Result<DirectoryGroupId> {
        let display_name = display_name.as_str();
        let out = self
            .identity_store
            .create_group()
            .identity_store_id(store)
            .display_name(display_name)
            .set_description(Some(description.to_owned()).filter(|d| !d.is_empty()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreateDirectoryGroup, Kind::DirectoryGroup, display_name, e))
            .map_err(|e| conflict_means_exists(e, Kind::DirectoryGroup, display_name))?;
        parsed(Op::CreateDirectoryGroup, "GroupId", Some(out.group_id()))
    }

    async fn find_group_membership(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
        user: &DirectoryUserId,
    ) -> Result<Option<String>> {
        let result = self
            .identity_store
            .get_group_membership_id()
            .identity_store_id(store)
            .group_id(group)
            .member_id(MemberId::UserId(user.to_string()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::GetGroupMembershipId, Kind::GroupMembership, user.as_str(), e));
        Ok(absent_as_none(result)?.map(|out| out.membership_id().to_owned()))
    }

    async fn create_group_membership(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
        user: &DirectoryUserId,
    ) -> Result<String> {
        let out = self
            .identity_store
            .create_group_membership()
            .identity_store_id(store)
            .group_id(group)
            .member_id(MemberId::UserId(user.to_string()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreateGroupMembership, Kind::GroupMembership, user.as_str(), e))
            .map_err(|e| conflict_means_exists(e, Kind::GroupMembership, user.as_str()))?;
        Ok(out.membership_id().to_owned())
    }

    async fn list_permission_sets(&self, instance: &InstanceArn) -> Result<Vec<PermissionSetArn>> {
        let op = Op::ListPermissionSets;
        let arns = self
            .sso
            .list_permission_sets()
            .instance_arn(instance)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Instance, instance.as_str(), e))?;
        arns.iter()
            .map(|arn| parsed(op, "PermissionSets", Some(arn)))
            .collect()
    }

    async fn describe_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<PermissionSet>> {
        let result = self
            .sso
            .describe_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DescribePermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            });
        let Some(out) = absent_as_none(result)? else {
            return Ok(None);
        };
        out.permission_set()
            .map(|ps| to_permission_set(ps, Op::DescribePermissionSet))
            .transpose()
    }

    async fn create_permission_set(
        &self,
        instance: &InstanceArn,
        fields: &PermissionSetFields,
        tags: &Tags,
    ) -> Result<PermissionSet> {
        let out = self
            .sso
            .create_permission_set()
            .instance_arn(instance)
            .name(&fields.name)
            .description(&fields.description)
            .session_duration(&fields.session_duration)
            .set_relay_state(fields.relay_state.clone())
            .set_tags(Some(sdk_tags(tags)?).filter(|t| !t.is_empty()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CreatePermissionSet, Kind::PermissionSet, &fields.name, e))?;
        let ps = out
            .permission_set()
            .ok_or_else(|| missing(Op::CreatePermissionSet, "PermissionSet"))?;
        to_permission_set(ps, Op::CreatePermissionSet)
    }

    async fn update_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        fields: &PermissionSetFields,
    ) -> Result<()> {
        self.sso
            .update_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .description(&fields.description)
            .session_duration(&fields.session_duration)
            // AWS rejects an empty relay state (minimum length 1), so `None` sends nothing
            // and the set keeps the relay state it has.
            .set_relay_state(fields.relay_state.clone().filter(|r| !r.is_empty()))
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::UpdatePermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(())
    }

    async fn list_managed_policies(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<String>> {
        let items = self
            .sso
            .list_managed_policies_in_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::ListManagedPoliciesInPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(items.iter().filter_map(|p| p.arn().map(str::to_owned)).collect())
    }

    async fn attach_managed_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy_arn: &str,
    ) -> Result<()> {
        self.sso
            .attach_managed_policy_to_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .managed_policy_arn(policy_arn)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::AttachManagedPolicyToPermissionSet,
                    Kind::Policy,
                    policy_arn,
                    e,
                )
            })?;
        Ok(())
    }

    async fn detach_managed_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy_arn: &str,
    ) -> Result<()> {
        self.sso
            .detach_managed_policy_from_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .managed_policy_arn(policy_arn)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DetachManagedPolicyFromPermissionSet,
                    Kind::Policy,
                    policy_arn,
                    e,
                )
            })?;
        Ok(())
    }

    async fn list_customer_policy_refs(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<CustomerPolicyRef>> {
        let items = self
            .sso
            .list_customer_managed_policy_references_in_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::ListCustomerManagedPolicyReferencesInPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(items
            .iter()
            .map(|r| CustomerPolicyRef {
                name: r.name().to_owned(),
                path: r.path().unwrap_or("/").to_owned(),
            })
            .collect())
    }

    async fn attach_customer_policy_ref(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy: &CustomerPolicyRef,
    ) -> Result<()> {
        self.sso
            .attach_customer_managed_policy_reference_to_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .customer_managed_policy_reference(policy_ref(policy)?)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::AttachCustomerManagedPolicyReferenceToPermissionSet,
                    Kind::Policy,
                    &policy.name,
                    e,
                )
            })?;
        Ok(())
    }

    async fn detach_customer_policy_ref(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy: &CustomerPolicyRef,
    ) -> Result<()> {
        self.sso
            .detach_customer_managed_policy_reference_from_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .customer_managed_policy_reference(policy_ref(policy)?)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DetachCustomerManagedPolicyReferenceFromPermissionSet,
                    Kind::Policy,
                    &policy.name,
                    e,
                )
            })?;
        Ok(())
    }

    async fn get_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<String>> {
        let out = self
            .sso
            .get_inline_policy_for_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::GetInlinePolicyForPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(out
            .inline_policy()
            .filter(|p| !p.trim().is_empty())
            .map(decode_policy))
    }

    async fn put_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        document: &str,
    ) -> Result<()> {
        self.sso
            .put_inline_policy_to_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .inline_policy(document)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::PutInlinePolicyToPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(())
    }

    async fn delete_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()> {
        self.sso
            .delete_inline_policy_from_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DeleteInlinePolicyFromPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(())
    }

    async fn get_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<BoundaryRef>> {
        let result = self
            .sso
            .get_permissions_boundary_for_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::GetPermissionsBoundaryForPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            });
        let Some(out) = absent_as_none(result)? else {
            return Ok(None);
        };
        let Some(boundary) = out.permissions_boundary() else {
            return Ok(None);
        };
        Ok(if let Some(arn) = boundary.managed_policy_arn() {
            Some(BoundaryRef::Managed(arn.to_owned()))
        } else {
            boundary.customer_managed_policy_reference().map(|r| {
                BoundaryRef::Customer(CustomerPolicyRef {
                    name: r.name().to_owned(),
                    path: r.path().unwrap_or("/").to_owned(),
                })
            })
        })
    }

    async fn put_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        boundary: &BoundaryRef,
    ) -> Result<()> {
        let sdk_boundary = match boundary {
            BoundaryRef::Managed(arn) => PermissionsBoundary::builder().managed_policy_arn(arn).build(),
            BoundaryRef::Customer(policy) => PermissionsBoundary::builder()
                .customer_managed_policy_reference(policy_ref(policy)?)
                .build(),
        };
        self.sso
            .put_permissions_boundary_to_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .permissions_boundary(sdk_boundary)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::PutPermissionsBoundaryToPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(())
    }

    async fn delete_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()> {
        self.sso
            .delete_permissions_boundary_from_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DeletePermissionsBoundaryFromPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(())
    }

    async fn list_tags(&self, instance: &InstanceArn, permission_set: &PermissionSetArn) -> Result<Tags> {
        let items = self
            .sso
            .list_tags_for_resource()
            .instance_arn(instance)
            .resource_arn(permission_set)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::ListTagsForResource,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(items
            .iter()
            .map(|t| (t.key().to_owned(), t.value().to_owned()))
            .collect())
    }

    async fn tag_resource(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        tags: &Tags,
    ) -> Result<()> {
        self.sso
            .tag_resource()
            .instance_arn(instance)
            .resource_arn(permission_set)
            .set_tags(Some(sdk_tags(tags)?))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::TagResource, Kind::PermissionSet, permission_set.as_str(), e))?;
        Ok(())
    }

    async fn untag_resource(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        keys: &[String],
    ) -> Result<()> {
        self.sso
            .untag_resource()
            .instance_arn(instance)
            .resource_arn(permission_set)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::UntagResource, Kind::PermissionSet, permission_set.as_str(), e))?;
        Ok(())
    }

    async fn list_account_assignments(
        &self,
        instance: &InstanceArn,
        account: &AccountId,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<AccountAssignment>> {
        let items = self
            .sso
            .list_account_assignments()
            .instance_arn(instance)
            .account_id(account.as_str())
            .permission_set_arn(permission_set)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::ListAccountAssignments,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(items
            .iter()
            .filter_map(|a| {
                assignment(
                    a.account_id(),
                    a.permission_set_arn(),
                    a.principal_type(),
                    a.principal_id(),
                )
            })
            .collect())
    }

    async fn list_account_assignments_for_principal(
        &self,
        instance: &InstanceArn,
        principal: &DirectoryPrincipal,
    ) -> Result<Vec<AccountAssignment>> {
        let principal_type = principal.principal_type();
        let principal_id = principal.as_str();
        let items = self
            .sso
            .list_account_assignments_for_principal()
            .instance_arn(instance)
            .principal_type(sdk_principal(principal_type))
            .principal_id(principal_id)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| {
                let kind = match principal_type {
                    DirectoryPrincipalType::User => Kind::DirectoryUser,
                    DirectoryPrincipalType::Group => Kind::DirectoryGroup,
                };
                map_sdk_error(Op::ListAccountAssignmentsForPrincipal, kind, principal_id, e)
            })?;
        Ok(items
            .iter()
            .filter_map(|a| {
                assignment(
                    a.account_id(),
                    a.permission_set_arn(),
                    a.principal_type(),
                    a.principal_id(),
                )
            })
            .collect())
    }

    async fn create_account_assignment(
        &self,
        instance: &InstanceArn,
        a: &AccountAssignment,
    ) -> Result<AsyncStatus> {
        let out = self
            .sso
            .create_account_assignment()
            .instance_arn(instance)
            .target_id(a.account_id.as_str())
            .target_type(TargetType::AwsAccount)
            .permission_set_arn(&a.permission_set_arn)
            .principal_type(sdk_principal(a.principal.principal_type()))
            .principal_id(a.principal.as_str())
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::CreateAccountAssignment,
                    Kind::AccountAssignment,
                    a.account_id.as_str(),
                    e,
                )
            })?;
        let status = out
            .account_assignment_creation_status()
            .ok_or_else(|| missing(Op::CreateAccountAssignment, "AccountAssignmentCreationStatus"))?;
        Ok(AsyncStatus {
            request_id: status.request_id().unwrap_or_default().to_owned(),
            state: state(status.status()),
            failure_reason: status.failure_reason().map(str::to_owned),
        })
    }

    async fn describe_account_assignment_creation_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus> {
        let out = self
            .sso
            .describe_account_assignment_creation_status()
            .instance_arn(instance)
            .account_assignment_creation_request_id(request_id)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DescribeAccountAssignmentCreationStatus,
                    Kind::AccountAssignment,
                    request_id,
                    e,
                )
            })?;
        let status = out.account_assignment_creation_status().ok_or_else(|| {
            missing(
                Op::DescribeAccountAssignmentCreationStatus,
                "AccountAssignmentCreationStatus",
            )
        })?;
        Ok(AsyncStatus {
            request_id: request_id.to_owned(),
            state: state(status.status()),
            failure_reason: status.failure_reason().map(str::to_owned),
        })
    }

    async fn provision_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        target: &ProvisionTarget,
    ) -> Result<AsyncStatus> {
        let request = self
            .sso
            .provision_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set);
        let request = match target {
            ProvisionTarget::Account(account) => request
                .target_type(ProvisionTargetType::AwsAccount)
                .target_id(account.as_str()),
            ProvisionTarget::AllProvisioned => {
                request.target_type(ProvisionTargetType::AllProvisionedAccounts)
            }
        };
        let out = request.send().await.map_err(|e| {
            map_sdk_error(
                Op::ProvisionPermissionSet,
                Kind::PermissionSet,
                permission_set.as_str(),
                e,
            )
        })?;
        let status = out
            .permission_set_provisioning_status()
            .ok_or_else(|| missing(Op::ProvisionPermissionSet, "PermissionSetProvisioningStatus"))?;
        Ok(AsyncStatus {
            request_id: status.request_id().unwrap_or_default().to_owned(),
            state: state(status.status()),
            failure_reason: status.failure_reason().map(str::to_owned),
        })
    }

    async fn describe_permission_set_provisioning_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus> {
        let out = self
            .sso
            .describe_permission_set_provisioning_status()
            .instance_arn(instance)
            .provision_permission_set_request_id(request_id)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DescribePermissionSetProvisioningStatus,
                    Kind::PermissionSet,
                    request_id,
                    e,
                )
            })?;
        let status = out.permission_set_provisioning_status().ok_or_else(|| {
            missing(
                Op::DescribePermissionSetProvisioningStatus,
                "PermissionSetProvisioningStatus",
            )
        })?;
        Ok(AsyncStatus {
            request_id: request_id.to_owned(),
            state: state(status.status()),
            failure_reason: status.failure_reason().map(str::to_owned),
        })
    }

    async fn list_accounts_for_provisioned_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        which: ProvisionedAccounts,
    ) -> Result<Vec<AccountId>> {
        let status = match which {
            ProvisionedAccounts::All => None,
            ProvisionedAccounts::Outdated => {
                Some(aws_sdk_ssoadmin::types::ProvisioningStatus::LatestPermissionSetNotProvisioned)
            }
        };
        let items = self
            .sso
            .list_accounts_for_provisioned_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .set_provisioning_status(status)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::ListAccountsForProvisionedPermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(items
            .iter()
            .filter_map(|a| AccountId::new(a.as_str()).ok())
            .collect())
    }

    async fn delete_account_assignment(
        &self,
        instance: &InstanceArn,
        a: &AccountAssignment,
    ) -> Result<AsyncStatus> {
        let op = Op::DeleteAccountAssignment;
        let out = self
            .sso
            .delete_account_assignment()
            .instance_arn(instance)
            .target_id(a.account_id.as_str())
            .target_type(TargetType::AwsAccount)
            .permission_set_arn(&a.permission_set_arn)
            .principal_type(sdk_principal(a.principal.principal_type()))
            .principal_id(a.principal.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::AccountAssignment, a.account_id.as_str(), e))?;
        let status = out
            .account_assignment_deletion_status()
            .ok_or_else(|| missing(op, "AccountAssignmentDeletionStatus"))?;
        Ok(AsyncStatus {
            request_id: status.request_id().unwrap_or_default().to_owned(),
            state: state(status.status()),
            failure_reason: status.failure_reason().map(str::to_owned),
        })
    }

    async fn describe_account_assignment_deletion_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus> {
        let op = Op::DescribeAccountAssignmentDeletionStatus;
        let out = self
            .sso
            .describe_account_assignment_deletion_status()
            .instance_arn(instance)
            .account_assignment_deletion_request_id(request_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::AccountAssignment, request_id, e))?;
        let status = out
            .account_assignment_deletion_status()
            .ok_or_else(|| missing(op, "AccountAssignmentDeletionStatus"))?;
        Ok(AsyncStatus {
            request_id: request_id.to_owned(),
            state: state(status.status()),
            failure_reason: status.failure_reason().map(str::to_owned),
        })
    }

    async fn delete_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()> {
        self.sso
            .delete_permission_set()
            .instance_arn(instance)
            .permission_set_arn(permission_set)
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::DeletePermissionSet,
                    Kind::PermissionSet,
                    permission_set.as_str(),
                    e,
                )
            })?;
        Ok(())
    }

    async fn list_group_memberships(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
    ) -> Result<Vec<GroupMember>> {
        let op = Op::ListGroupMemberships;
        let items = self
            .identity_store
            .list_group_memberships()
            .identity_store_id(store)
            .group_id(group)
            .into_paginator()
            .items()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(op, Kind::DirectoryGroup, group.as_str(), e))?;
        let mut members = Vec::with_capacity(items.len());
        for item in &items {
            // Only users are members the library manages (a group may hold other kinds).
            if let Some(MemberId::UserId(user)) = item.member_id() {
                members.push(GroupMember {
                    membership_id: item
                        .membership_id()
                        .ok_or_else(|| missing(op, "MembershipId"))?
                        .to_owned(),
                    user_id: parsed(op, "MemberId.UserId", Some(user))?,
                });
            }
        }
        Ok(members)
    }

    async fn delete_group_membership(&self, store: &IdentityStoreId, membership_id: &str) -> Result<()> {
        self.identity_store
            .delete_group_membership()
            .identity_store_id(store)
            .membership_id(membership_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteGroupMembership, Kind::GroupMembership, membership_id, e))?;
        Ok(())
    }

    async fn delete_user(&self, store: &IdentityStoreId, user: &DirectoryUserId) -> Result<()> {
        self.identity_store
            .delete_user()
            .identity_store_id(store)
            .user_id(user)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteDirectoryUser, Kind::DirectoryUser, user.as_str(), e))?;
        Ok(())
    }

    async fn delete_group(&self, store: &IdentityStoreId, group: &DirectoryGroupId) -> Result<()> {
        self.identity_store
            .delete_group()
            .identity_store_id(store)
            .group_id(group)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::DeleteDirectoryGroup, Kind::DirectoryGroup, group.as_str(), e))?;
        Ok(())
    }
}

/// An assignment as both listings return it (two SDK types with the same four fields);
/// `None` for one with a field missing or malformed, or a principal type this crate does
/// not know.
fn assignment(
    account_id: Option<&str>,
    permission_set_arn: Option<&str>,
    principal_type: Option<&SdkPrincipalType>,
    principal_id: Option<&str>,
) -> Option<AccountAssignment> {
    let principal_type = match principal_type? {
        SdkPrincipalType::User => DirectoryPrincipalType::User,
        SdkPrincipalType::Group => DirectoryPrincipalType::Group,
        _ => return None,
    };
    Some(AccountAssignment {
        account_id: AccountId::new(account_id?).ok()?,
        permission_set_arn: PermissionSetArn::new(permission_set_arn?).ok()?,
        principal: DirectoryPrincipal::new(principal_type, PrincipalId::new(principal_id?).ok()?),
    })
}
