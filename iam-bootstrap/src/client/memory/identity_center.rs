//! [`IdentityCenterApi`] for [`InMemory`]: an instance, its identity store, permission sets,
//! and assignments and provisioning that settle after a configurable number of polls.

use async_trait::async_trait;

use super::InMemory;
use super::state::{AsyncRecord, GroupRecord, PermissionSetRecord, State};
use crate::client::{
    AccountAssignment, AsyncState, AsyncStatus, BoundaryRef, CustomerPolicyRef, DirectoryUser, GroupMember,
    IdentityCenterApi, Instance, NewDirectoryUser, Operation as Op, PermissionSet, PermissionSetFields,
    ProvisionTarget, ProvisionedAccounts, Tags,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::{
    AccountId, DirectoryGroupId, DirectoryGroupName, DirectoryPrincipal, DirectoryUserId, DirectoryUserName,
    IdentityStoreId, InstanceArn, PermissionSetArn,
};

use crate::limits::{
    PERMISSION_SET_INLINE_CHARS as INLINE_POLICY_LIMIT,
    POLICIES_PER_PERMISSION_SET as MAX_POLICIES_PER_PERMISSION_SET, SESSION_SECONDS, policy_size,
};

fn validation(op: Op, message: impl Into<String>) -> Error {
    Error::service(op, "ValidationException", message)
}

/// An ISO-8601 duration (`PT1H`, `PT1H30M`, `PT90M`) in seconds, parsed by jiff.
fn session_seconds(duration: &str) -> Option<u64> {
    if !duration.starts_with("PT") {
        return None;
    }
    let parsed: jiff::SignedDuration = duration.parse().ok()?;
    u64::try_from(parsed.as_secs()).ok()
}

impl State {
    pub(super) fn instance(&self, op: Op, arn: &InstanceArn) -> Result<&Instance> {
        self.instances.iter().find(|i| &i.arn == arn).ok_or_else(|| {
            let _ = op;
            Error::not_found(Kind::Instance, arn.as_str())
        })
    }

    pub(super) fn store(&self, store: &IdentityStoreId) -> Result<()> {
        if self.instances.iter().any(|i| &i.identity_store_id == store) {
            Ok(())
        } else {
            Err(Error::not_found(Kind::Instance, store.as_str()))
        }
    }

    pub(super) fn set_mut(
        &mut self,
        op: Op,
        instance: &InstanceArn,
        arn: &PermissionSetArn,
    ) -> Result<&mut PermissionSetRecord> {
        self.instance(op, instance)?;
        self.permission_sets
            .get_mut(arn)
            .ok_or_else(|| Error::not_found(Kind::PermissionSet, arn.as_str()))
    }

    /// A fresh identity-store ID in AWS's form (10 hexadecimal digits, `-`, a UUID).
    pub(super) fn fresh_directory_id(&mut self) -> String {
        let parts = [10, 8, 4, 4, 4, 12].map(|width| self.fresh_id(width));
        parts.join("-")
    }

    fn check_fields(op: Op, fields: &PermissionSetFields) -> Result<()> {
        let seconds = session_seconds(&fields.session_duration).ok_or_else(|| {
            validation(
                op,
                format!("invalid session duration {}", fields.session_duration),
            )
        })?;
        if !u32::try_from(seconds).is_ok_and(|s| SESSION_SECONDS.contains(&s)) {
            return Err(validation(op, "session duration must be between PT1H and PT12H"));
        }
        if fields.description.is_empty() || fields.description.chars().count() > 700 {
            return Err(validation(op, "description must be 1 to 700 characters"));
        }
        Ok(())
    }

    /// Moves an asynchronous request one poll forward and reports where it stands.
    fn poll(&mut self, assignment: bool, request_id: &str) -> Result<AsyncStatus> {
        let requests = if assignment {
            &mut self.assignment_requests
        } else {
            &mut self.provisioning_requests
        };
        let kind = if assignment {
            Kind::AccountAssignment
        } else {
            Kind::PermissionSet
        };
        let record = requests
            .get_mut(request_id)
            .ok_or_else(|| Error::not_found(kind, request_id))?;
        let was_pending = record.polls_left > 0;
        record.polls_left = record.polls_left.saturating_sub(1);
        let record = record.clone();
        if record.polls_left > 0 {
            return Ok(AsyncStatus {
                request_id: request_id.to_owned(),
                state: AsyncState::InProgress,
                failure_reason: None,
            });
        }
        if was_pending {
            self.settle(assignment, &record);
        }
        Ok(AsyncStatus {
            request_id: request_id.to_owned(),
            state: if record.failure.is_some() {
                AsyncState::Failed
            } else {
                AsyncState::Succeeded
            },
            failure_reason: record.failure,
        })
    }

    /// What a finished request leaves behind.
    fn settle(&mut self, assignment: bool, record: &AsyncRecord) {
        if assignment {
            self.outstanding_assignments = self.outstanding_assignments.saturating_sub(1);
        }
        if record.failure.is_some() {
            return;
        }
        if let Some(a) = &record.assignment {
            // Creating an assignment provisions the set's current content to its account.
            self.provisioned
                .entry(a.permission_set_arn.clone())
                .or_default()
                .insert(a.account_id.clone());
            if let Some(outdated) = self.outdated.get_mut(&a.permission_set_arn) {
                outdated.remove(&a.account_id);
            }
            self.assignments.insert(a.clone());
        }
        if let Some((set, accounts)) = &record.provision {
            self.provisioned
                .entry(set.clone())
                .or_default()
                .extend(accounts.iter().cloned());
            if let Some(outdated) = self.outdated.get_mut(set) {
                outdated.retain(|a| !accounts.contains(a));
            }
        }
    }
}

#[async_trait]
impl IdentityCenterApi for InMemory {
    async fn list_instances(&self) -> Result<Vec<Instance>> {
        Ok(self.call().instances.clone())
    }

    async fn find_user(
        &self,
        store: &IdentityStoreId,
        user_name: &DirectoryUserName,
    ) -> Result<Option<DirectoryUserId>> {
        let state = self.call();
        state.store(store)?;
        Ok(state
            .directory_users
            .values()
            .find(|u| u.user_name.eq_ignore_ascii_case(user_name.as_str()))
            .map(|u| u.user_id.clone()))
    }

    async fn describe_user(
        &self,
        store: &IdentityStoreId,
        user: &DirectoryUserId,
    ) -> Result<Option<DirectoryUser>> {
        let state = self.call();
        state.store(store)?;
        Ok(state.directory_users.get(user).cloned())
    }

    async fn create_user(&self, store: &IdentityStoreId, user: &NewDirectoryUser) -> Result<DirectoryUserId> {
        let mut state = self.call();
        state.store(store)?;
        if user.given_name.is_empty() || user.family_name.is_empty() || user.display_name.is_empty() {
            return Err(validation(
                Op::CreateDirectoryUser,
                "givenName, familyName and displayName are required",
            ));
        }
        if state
            .directory_users
            .values()
            .any(|u| u.user_name.eq_ignore_ascii_case(user.user_name.as_str()))
        {
            return Err(Error::already_exists(
                Kind::DirectoryUser,
                user.user_name.as_str(),
            ));
        }
        let id = DirectoryUserId::generated(state.fresh_directory_id());
        state.directory_users.insert(
            id.clone(),
            DirectoryUser {
                user_id: id.clone(),
                user_name: user.user_name.to_string(),
                display_name: Some(user.display_name.clone()),
                given_name: Some(user.given_name.clone()),
                family_name: Some(user.family_name.clone()),
                email: Some(user.email.clone()),
            },
        );
        Ok(id)
    }

    async fn find_group(
        &self,
        store: &IdentityStoreId,
        display_name: &DirectoryGroupName,
    ) -> Result<Option<DirectoryGroupId>> {
        let state = self.call();
        state.store(store)?;
        Ok(state
            .directory_groups
            .iter()
            .find(|(_, g)| g.display_name == display_name.as_str())
            .map(|(id, _)| id.clone()))
    }

    async fn create_group(
        &self,
        store: &IdentityStoreId,
        display_name: &DirectoryGroupName,
        _description: &str,
    ) -> Result<DirectoryGroupId> {
        let mut state = self.call();
        state.store(store)?;
        if state
            .directory_groups
            .values()
            .any(|g| g.display_name == display_name.as_str())
        {
            return Err(Error::already_exists(Kind::DirectoryGroup, display_name.as_str()));
        }
        let id = DirectoryGroupId::generated(state.fresh_directory_id());
        state.directory_groups.insert(
            id.clone(),
            GroupRecord {
                display_name: display_name.to_string(),
            },
        );
        Ok(id)
    }

    async fn find_group_membership(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
        user: &DirectoryUserId,
    ) -> Result<Option<String>> {
        let state = self.call();
        state.store(store)?;
        Ok(state
            .memberships
            .iter()
            .find(|(_, (g, u))| g == group && u == user)
            .map(|(id, _)| id.clone()))
    }

    async fn create_group_membership(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
        user: &DirectoryUserId,
    ) -> Result<String> {
        let mut state = self.call();
        state.store(store)?;
        if !state.directory_groups.contains_key(group) {
            return Err(Error::not_found(Kind::DirectoryGroup, group.as_str()));
        }
        if !state.directory_users.contains_key(user) {
            return Err(Error::not_found(Kind::DirectoryUser, user.as_str()));
        }
        if state.memberships.values().any(|(g, u)| g == group && u == user) {
            return Err(Error::already_exists(Kind::GroupMembership, user.as_str()));
        }
        let id = state.fresh_directory_id();
        state
            .memberships
            .insert(id.clone(), (group.clone(), user.clone()));
        Ok(id)
    }

    async fn list_permission_sets(&self, instance: &InstanceArn) -> Result<Vec<PermissionSetArn>> {
        let state = self.call();
        state.instance(Op::ListPermissionSets, instance)?;
        let instance_id = instance.as_str().rsplit('/').next().unwrap_or_default();
        Ok(state
            .permission_sets
            .keys()
            .filter(|arn| arn.as_str().contains(instance_id))
            .cloned()
            .collect())
    }

    async fn describe_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<PermissionSet>> {
        let state = self.call();
        state.instance(Op::DescribePermissionSet, instance)?;
        Ok(state.permission_sets.get(permission_set).map(|p| p.set.clone()))
    }

    async fn create_permission_set(
        &self,
        instance: &InstanceArn,
        fields: &PermissionSetFields,
        tags: &Tags,
    ) -> Result<PermissionSet> {
        let op = Op::CreatePermissionSet;
        let mut state = self.call();
        State::check_fields(op, fields)?;
        let instance_id = state
            .instance(op, instance)?
            .arn
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        if state.permission_sets.values().any(|p| p.set.name == fields.name) {
            return Err(Error::already_exists(Kind::PermissionSet, &fields.name));
        }
        let arn = PermissionSetArn::generated(format!(
            "arn:aws:sso:::permissionSet/{instance_id}/ps-{}",
            state.fresh_id(16)
        ));
        let set = PermissionSet {
            arn: arn.clone(),
            name: fields.name.clone(),
            description: Some(fields.description.clone()),
            session_duration: Some(fields.session_duration.clone()),
            relay_state: fields.relay_state.clone(),
        };
        state.permission_sets.insert(
            arn,
            PermissionSetRecord {
                set: set.clone(),
                managed: Default::default(),
                customer: Default::default(),
                inline: None,
                boundary: None,
                tags: tags.clone(),
            },
        );
        Ok(set)
    }

    async fn update_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        fields: &PermissionSetFields,
    ) -> Result<()> {
        let op = Op::UpdatePermissionSet;
        let mut state = self.call();
        State::check_fields(op, fields)?;
        let record = state.set_mut(op, instance, permission_set)?;
        record.set.description = Some(fields.description.clone());
        record.set.session_duration = Some(fields.session_duration.clone());
        // As on AWS: no relay state in the update keeps the one the set has.
        if let Some(relay_state) = fields.relay_state.clone().filter(|r| !r.is_empty()) {
            record.set.relay_state = Some(relay_state);
        }
        state.content_changed(permission_set);
        Ok(())
    }

    async fn list_managed_policies(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<String>> {
        let mut state = self.call();
        Ok(state
            .set_mut(Op::ListManagedPoliciesInPermissionSet, instance, permission_set)?
            .managed
            .iter()
            .cloned()
            .collect())
    }

    async fn attach_managed_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy_arn: &str,
    ) -> Result<()> {
        let op = Op::AttachManagedPolicyToPermissionSet;
        let mut state = self.call();
        if !policy_arn.starts_with("arn:aws:iam::aws:policy/") {
            return Err(Error::not_found(Kind::Policy, policy_arn));
        }
        let record = state.set_mut(op, instance, permission_set)?;
        if record.managed.contains(policy_arn) {
            return Err(Error::Conflict {
                operation: op,
                source: Some(format!("{policy_arn} is already attached").into()),
            });
        }
        if record.managed.len() + record.customer.len() >= MAX_POLICIES_PER_PERMISSION_SET {
            return Err(Error::LimitExceeded {
                operation: op,
                message: "at most 20 managed policies per permission set".into(),
                source: None,
            });
        }
        record.managed.insert(policy_arn.to_owned());
        state.content_changed(permission_set);
        Ok(())
    }

    async fn detach_managed_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy_arn: &str,
    ) -> Result<()> {
        let mut state = self.call();
        let record = state.set_mut(Op::DetachManagedPolicyFromPermissionSet, instance, permission_set)?;
        if !record.managed.remove(policy_arn) {
            return Err(Error::not_found(Kind::Policy, policy_arn));
        }
        state.content_changed(permission_set);
        Ok(())
    }

    async fn list_customer_policy_refs(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<CustomerPolicyRef>> {
        let mut state = self.call();
        let record = state.set_mut(
            Op::ListCustomerManagedPolicyReferencesInPermissionSet,
            instance,
            permission_set,
        )?;
        Ok(record.customer.iter().cloned().collect())
    }

    async fn attach_customer_policy_ref(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy: &CustomerPolicyRef,
    ) -> Result<()> {
        let op = Op::AttachCustomerManagedPolicyReferenceToPermissionSet;
        let mut state = self.call();
        let record = state.set_mut(op, instance, permission_set)?;
        if record.customer.contains(policy) {
            return Err(Error::Conflict {
                operation: op,
                source: Some(format!("{} is already attached", policy.name).into()),
            });
        }
        if record.managed.len() + record.customer.len() >= MAX_POLICIES_PER_PERMISSION_SET {
            return Err(Error::LimitExceeded {
                operation: op,
                message: "at most 20 managed policies per permission set".into(),
                source: None,
            });
        }
        record.customer.insert(policy.clone());
        state.content_changed(permission_set);
        Ok(())
    }

    async fn detach_customer_policy_ref(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy: &CustomerPolicyRef,
    ) -> Result<()> {
        let mut state = self.call();
        let record = state.set_mut(
            Op::DetachCustomerManagedPolicyReferenceFromPermissionSet,
            instance,
            permission_set,
        )?;
        if !record.customer.remove(policy) {
            return Err(Error::not_found(Kind::Policy, &policy.name));
        }
        state.content_changed(permission_set);
        Ok(())
    }

    async fn get_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<String>> {
        let mut state = self.call();
        Ok(state
            .set_mut(Op::GetInlinePolicyForPermissionSet, instance, permission_set)?
            .inline
            .clone())
    }

    async fn put_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        document: &str,
    ) -> Result<()> {
        let op = Op::PutInlinePolicyToPermissionSet;
        serde_json::from_str::<serde_json::Value>(document)
            .map_err(|e| validation(op, format!("malformed policy: {e}")))?;
        if policy_size(document) > INLINE_POLICY_LIMIT {
            return Err(validation(
                op,
                format!("inline policy exceeds {INLINE_POLICY_LIMIT} characters"),
            ));
        }
        let mut state = self.call();
        state.set_mut(op, instance, permission_set)?.inline = Some(document.to_owned());
        state.content_changed(permission_set);
        Ok(())
    }

    async fn delete_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()> {
        let mut state = self.call();
        state
            .set_mut(Op::DeleteInlinePolicyFromPermissionSet, instance, permission_set)?
            .inline = None;
        state.content_changed(permission_set);
        Ok(())
    }

    async fn get_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<BoundaryRef>> {
        let mut state = self.call();
        Ok(state
            .set_mut(
                Op::GetPermissionsBoundaryForPermissionSet,
                instance,
                permission_set,
            )?
            .boundary
            .clone())
    }

    async fn put_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        boundary: &BoundaryRef,
    ) -> Result<()> {
        let mut state = self.call();
        state
            .set_mut(
                Op::PutPermissionsBoundaryToPermissionSet,
                instance,
                permission_set,
            )?
            .boundary = Some(boundary.clone());
        state.content_changed(permission_set);
        Ok(())
    }

    async fn delete_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()> {
        let mut state = self.call();
        let record = state.set_mut(
            Op::DeletePermissionsBoundaryFromPermissionSet,
            instance,
            permission_set,
        )?;
        record
            .boundary
            .take()
            .ok_or_else(|| Error::not_found(Kind::PermissionSet, permission_set.as_str()))?;
        state.content_changed(permission_set);
        Ok(())
    }

    async fn list_tags(&self, instance: &InstanceArn, permission_set: &PermissionSetArn) -> Result<Tags> {
        let mut state = self.call();
        Ok(state
            .set_mut(Op::ListTagsForResource, instance, permission_set)?
            .tags
            .clone())
    }

    async fn tag_resource(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        tags: &Tags,
    ) -> Result<()> {
        let mut state = self.call();
        let record = state.set_mut(Op::TagResource, instance, permission_set)?;
        record
            .tags
            .extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(())
    }

    async fn untag_resource(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        keys: &[String],
    ) -> Result<()> {
        let mut state = self.call();
        if let Some(key) = keys.iter().find(|k| k.starts_with("aws:")) {
            // AWS keeps the `aws:` prefix for its own tags, which no caller may remove.
            return Err(validation(
                Op::UntagResource,
                format!("tag key `{key}` uses the reserved prefix aws:"),
            ));
        }
        let record = state.set_mut(Op::UntagResource, instance, permission_set)?;
        // As on AWS, a key the resource does not carry is no error.
        record.tags.retain(|k, _| !keys.contains(k));
        Ok(())
    }

    async fn list_account_assignments(
        &self,
        instance: &InstanceArn,
        account: &AccountId,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<AccountAssignment>> {
        let state = self.call();
        state.instance(Op::ListAccountAssignments, instance)?;
        Ok(state
            .assignments
            .iter()
            .filter(|a| &a.account_id == account && &a.permission_set_arn == permission_set)
            .cloned()
            .collect())
    }

    async fn list_account_assignments_for_principal(
        &self,
        instance: &InstanceArn,
        principal: &DirectoryPrincipal,
    ) -> Result<Vec<AccountAssignment>> {
        let state = self.call();
        state.instance(Op::ListAccountAssignmentsForPrincipal, instance)?;
        Ok(state
            .assignments
            .iter()
            .filter(|a| &a.principal == principal)
            .cloned()
            .collect())
    }

    async fn create_account_assignment(
        &self,
        instance: &InstanceArn,
        assignment: &AccountAssignment,
    ) -> Result<AsyncStatus> {
        let op = Op::CreateAccountAssignment;
        let mut state = self.call();
        state.instance(op, instance)?;
        if !state.permission_sets.contains_key(&assignment.permission_set_arn) {
            return Err(Error::not_found(
                Kind::PermissionSet,
                assignment.permission_set_arn.as_str(),
            ));
        }
        let (principal_exists, kind) = match &assignment.principal {
            DirectoryPrincipal::User(id) => (state.directory_users.contains_key(id), Kind::DirectoryUser),
            DirectoryPrincipal::Group(id) => (state.directory_groups.contains_key(id), Kind::DirectoryGroup),
        };
        if !principal_exists {
            return Err(Error::not_found(kind, assignment.principal.as_str()));
        }
        let failure = super::identity_center_retire::failure_for(&state.config.failing_accounts, assignment);
        let polls = state.config.assignment_polls;
        let (request_id, record) = state.start_assignment_request(
            op,
            "too many account assignment creations in progress",
            AsyncRecord {
                polls_left: polls,
                failure,
                assignment: Some(assignment.clone()),
                provision: None,
                removal: None,
            },
        )?;
        let status = if polls == 0 {
            // Settles at once (as moto does): outstanding only for the length of this call.
            state.settle(true, &record);
            AsyncStatus {
                request_id: request_id.clone(),
                state: if record.failure.is_some() {
                    AsyncState::Failed
                } else {
                    AsyncState::Succeeded
                },
                failure_reason: record.failure.clone(),
            }
        } else {
            AsyncStatus {
                request_id: request_id.clone(),
                state: AsyncState::InProgress,
                failure_reason: None,
            }
        };
        state.assignment_requests.insert(request_id, record);
        Ok(status)
    }

    async fn describe_account_assignment_creation_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus> {
        let mut state = self.call();
        state.instance(Op::DescribeAccountAssignmentCreationStatus, instance)?;
        state.poll(true, request_id)
    }

    async fn provision_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        target: &ProvisionTarget,
    ) -> Result<AsyncStatus> {
        let op = Op::ProvisionPermissionSet;
        let mut state = self.call();
        state.set_mut(op, instance, permission_set)?;
        let accounts = match target {
            ProvisionTarget::Account(account) => vec![account.clone()],
            ProvisionTarget::AllProvisioned => state
                .provisioned
                .get(permission_set)
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
        };
        let request_id = format!("{}-{}", state.fresh_id(8), state.fresh_id(12));
        let polls = state.config.provisioning_polls;
        let record = AsyncRecord {
            polls_left: polls,
            failure: None,
            assignment: None,
            provision: Some((permission_set.clone(), accounts)),
            removal: None,
        };
        let settled = polls == 0;
        if settled {
            state.settle(false, &record);
        }
        state.provisioning_requests.insert(request_id.clone(), record);
        Ok(AsyncStatus {
            request_id,
            state: if settled {
                AsyncState::Succeeded
            } else {
                AsyncState::InProgress
            },
            failure_reason: None,
        })
    }

    async fn describe_permission_set_provisioning_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus> {
        let mut state = self.call();
        state.instance(Op::DescribePermissionSetProvisioningStatus, instance)?;
        state.poll(false, request_id)
    }

    async fn list_accounts_for_provisioned_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        which: ProvisionedAccounts,
    ) -> Result<Vec<AccountId>> {
        let mut state = self.call();
        state.set_mut(
            Op::ListAccountsForProvisionedPermissionSet,
            instance,
            permission_set,
        )?;
        let accounts = match which {
            ProvisionedAccounts::All => &state.provisioned,
            ProvisionedAccounts::Outdated => &state.outdated,
        };
        Ok(accounts
            .get(permission_set)
            .into_iter()
            .flatten()
            .cloned()
            .collect())
    }

    async fn delete_account_assignment(
        &self,
        instance: &InstanceArn,
        assignment: &AccountAssignment,
    ) -> Result<AsyncStatus> {
        self.call().delete_assignment(instance, assignment)
    }

    async fn describe_account_assignment_deletion_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus> {
        self.call().poll_deletion(instance, request_id)
    }

    async fn delete_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()> {
        self.call().delete_permission_set(instance, permission_set)
    }

    async fn list_group_memberships(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
    ) -> Result<Vec<GroupMember>> {
        self.call().group_members(store, group)
    }

    async fn delete_group_membership(&self, store: &IdentityStoreId, membership_id: &str) -> Result<()> {
        self.call().delete_membership(store, membership_id)
    }

    async fn delete_user(&self, store: &IdentityStoreId, user: &DirectoryUserId) -> Result<()> {
        self.call().delete_directory_user(store, user)
    }

    async fn delete_group(&self, store: &IdentityStoreId, group: &DirectoryGroupId) -> Result<()> {
        self.call().delete_directory_group(store, group)
    }
}

#[cfg(test)]
mod tests {
    use super::session_seconds;

    #[test]
    fn parses_identity_center_durations() {
        assert_eq!(session_seconds("PT1H"), Some(3600));
        assert_eq!(session_seconds("PT12H"), Some(43_200));
        assert_eq!(session_seconds("PT1H30M"), Some(5400));
        assert_eq!(session_seconds("PT90M"), Some(5400));
        assert_eq!(session_seconds("1H"), None);
        assert_eq!(session_seconds("PTxH"), None);
    }
}
