//! [`IamApi`], [`IdentityCenterApi`], [`OrganizationsApi`], [`AccessAnalyzerApi`] and [`CloudFormationApi`] for [`Layered`]: every method hands its call to
//! the layer under the method's [`Operation`]. The table below is the one place that
//! pairs trait methods with operations.

use async_trait::async_trait;

use super::{Layer, Layered};
use crate::client::*;
use crate::error::Result;
use crate::names::{
    AccountId, Arn, CreateAccountRequestId, DirectoryGroupId, DirectoryGroupName, DirectoryPrincipal,
    DirectoryUserId, DirectoryUserName, IamPath, IdentityStoreId, InstanceArn, OuName, PermissionSetArn,
    Region, RoleName, StackSetName, StackSetOperationId, UserName,
};

/// Generates a delegating method per `name(args) -> Output => Operation` line.
macro_rules! delegate {
    ($trait:ident, $field:ident, { $( $method:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty => $op:ident; )+ }) => {
        #[async_trait]
        impl<L: Layer> $trait for Layered<L> {
            $(
                async fn $method(&self, $($arg: $ty),*) -> Result<$out> {
                    let inner = &self.$field;
                    // A backend that did not name the call in its not-found or
                    // already-exists error (the in-memory one) gets it named here.
                    self.layer
                        .call(Operation::$op, &|| Box::pin(inner.$method($($arg),*)))
                        .await
                        .map_err(|err| err.calling(Operation::$op))
                }
            )+
        }
    };
}

delegate!(IamApi, iam, {
    caller_identity() -> CallerIdentity => GetCallerIdentity;
    account_summary() -> AccountSummary => GetAccountSummary;
    get_password_policy() -> Option<PasswordPolicySettings> => GetAccountPasswordPolicy;
    update_password_policy(policy: &PasswordPolicySettings) -> () => UpdateAccountPasswordPolicy;
    list_account_aliases() -> Vec<String> => ListAccountAliases;
    create_account_alias(alias: &str) -> () => CreateAccountAlias;
    delete_account_alias(alias: &str) -> () => DeleteAccountAlias;
    generate_credential_report() -> bool => GenerateCredentialReport;
    get_credential_report() -> Option<RawCredentialReport> => GetCredentialReport;
    list_access_keys(owner: &CredentialOwner) -> Vec<AccessKey> => ListAccessKeys;
    update_access_key(owner: &CredentialOwner, key_id: &str, status: AccessKeyStatus) -> () => UpdateAccessKey;
    delete_access_key(owner: &CredentialOwner, key_id: &str) -> () => DeleteAccessKey;
    list_mfa_devices(owner: &CredentialOwner) -> Vec<MfaDevice> => ListMfaDevices;
    list_virtual_mfa_devices() -> Vec<VirtualMfaDevice> => ListVirtualMfaDevices;
    create_virtual_mfa_device(name: &str, path: &IamPath) -> NewVirtualMfaDevice => CreateVirtualMfaDevice;
    enable_mfa_device(user: &UserName, serial_number: &str, code1: &str, code2: &str) -> () => EnableMfaDevice;
    delete_virtual_mfa_device(serial_number: &str) -> () => DeleteVirtualMfaDevice;
    get_user(name: &UserName) -> Option<User> => GetUser;
    create_user(name: &UserName, path: &IamPath, tags: &Tags) -> User => CreateUser;
    get_role(name: &RoleName) -> Option<Role> => GetRole;
    create_role(role: &NewRole) -> Role => CreateRole;
    update_role(name: &RoleName, description: &str, max_session_duration: u32) -> () => UpdateRole;
    update_assume_role_policy(name: &RoleName, document: &str) -> () => UpdateAssumeRolePolicy;
    list_attached_role_policies(name: &RoleName) -> Vec<AttachedPolicy> => ListAttachedRolePolicies;
    attach_role_policy(name: &RoleName, policy: &Arn) -> () => AttachRolePolicy;
    detach_role_policy(name: &RoleName, policy: &Arn) -> () => DetachRolePolicy;
    list_role_policies(name: &RoleName) -> Vec<String> => ListRolePolicies;
    get_role_policy(name: &RoleName, policy: &str) -> Option<String> => GetRolePolicy;
    put_role_policy(name: &RoleName, policy: &str, document: &str) -> () => PutRolePolicy;
    delete_role_policy(name: &RoleName, policy: &str) -> () => DeleteRolePolicy;
    put_role_permissions_boundary(name: &RoleName, boundary: &Arn) -> () => PutRolePermissionsBoundary;
    delete_role_permissions_boundary(name: &RoleName) -> () => DeleteRolePermissionsBoundary;
    tag_role(name: &RoleName, tags: &Tags) -> () => TagRole;
    untag_role(name: &RoleName, keys: &[String]) -> () => UntagRole;
    list_roles() -> Vec<RoleName> => ListRoles;
    delete_role(name: &RoleName) -> () => DeleteRole;
    list_instance_profiles_for_role(name: &RoleName) -> Vec<String> => ListInstanceProfilesForRole;
    remove_role_from_instance_profile(profile: &str, role: &RoleName) -> () => RemoveRoleFromInstanceProfile;
    get_policy(arn: &Arn) -> Option<ManagedPolicy> => GetPolicy;
    create_policy(policy: &NewPolicy) -> ManagedPolicy => CreatePolicy;
    get_policy_version(arn: &Arn, version_id: &str) -> Option<PolicyVersion> => GetPolicyVersion;
    list_policy_versions(arn: &Arn) -> Vec<PolicyVersion> => ListPolicyVersions;
    create_policy_version(arn: &Arn, document: &str, set_as_default: bool) -> PolicyVersion => CreatePolicyVersion;
    delete_policy_version(arn: &Arn, version_id: &str) -> () => DeletePolicyVersion;
    list_customer_policies() -> Vec<Arn> => ListPolicies;
    delete_policy(arn: &Arn) -> () => DeletePolicy;
    generate_service_last_accessed_details(arn: &Arn, granularity: AccessGranularity) -> String => GenerateServiceLastAccessedDetails;
    get_service_last_accessed_details(job_id: &str) -> ServiceLastAccessedReport => GetServiceLastAccessedDetails;
});

delegate!(IdentityCenterApi, identity_center, {
    list_instances() -> Vec<Instance> => ListInstances;
    find_user(store: &IdentityStoreId, user_name: &DirectoryUserName) -> Option<DirectoryUserId> => GetDirectoryUserId;
    describe_user(store: &IdentityStoreId, user: &DirectoryUserId) -> Option<DirectoryUser> => DescribeDirectoryUser;
    create_user(store: &IdentityStoreId, user: &NewDirectoryUser) -> DirectoryUserId => CreateDirectoryUser;
    find_group(store: &IdentityStoreId, display_name: &DirectoryGroupName) -> Option<DirectoryGroupId> => GetDirectoryGroupId;
    create_group(store: &IdentityStoreId, display_name: &DirectoryGroupName, description: &str) -> DirectoryGroupId => CreateDirectoryGroup;
    find_group_membership(store: &IdentityStoreId, group: &DirectoryGroupId, user: &DirectoryUserId) -> Option<String> => GetGroupMembershipId;
    create_group_membership(store: &IdentityStoreId, group: &DirectoryGroupId, user: &DirectoryUserId) -> String => CreateGroupMembership;
    list_permission_sets(instance: &InstanceArn) -> Vec<PermissionSetArn> => ListPermissionSets;
    describe_permission_set(instance: &InstanceArn, permission_set: &PermissionSetArn) -> Option<PermissionSet> => DescribePermissionSet;
    create_permission_set(instance: &InstanceArn, fields: &PermissionSetFields, tags: &Tags) -> PermissionSet => CreatePermissionSet;
    update_permission_set(instance: &InstanceArn, permission_set: &PermissionSetArn, fields: &PermissionSetFields) -> () => UpdatePermissionSet;
    list_managed_policies(instance: &InstanceArn, permission_set: &PermissionSetArn) -> Vec<String> => ListManagedPoliciesInPermissionSet;
    attach_managed_policy(instance: &InstanceArn, permission_set: &PermissionSetArn, policy_arn: &str) -> () => AttachManagedPolicyToPermissionSet;
    detach_managed_policy(instance: &InstanceArn, permission_set: &PermissionSetArn, policy_arn: &str) -> () => DetachManagedPolicyFromPermissionSet;
    list_customer_policy_refs(instance: &InstanceArn, permission_set: &PermissionSetArn) -> Vec<CustomerPolicyRef> => ListCustomerManagedPolicyReferencesInPermissionSet;
    attach_customer_policy_ref(instance: &InstanceArn, permission_set: &PermissionSetArn, policy: &CustomerPolicyRef) -> () => AttachCustomerManagedPolicyReferenceToPermissionSet;
    detach_customer_policy_ref(instance: &InstanceArn, permission_set: &PermissionSetArn, policy: &CustomerPolicyRef) -> () => DetachCustomerManagedPolicyReferenceFromPermissionSet;
    get_inline_policy(instance: &InstanceArn, permission_set: &PermissionSetArn) -> Option<String> => GetInlinePolicyForPermissionSet;
    put_inline_policy(instance: &InstanceArn, permission_set: &PermissionSetArn, document: &str) -> () => PutInlinePolicyToPermissionSet;
    delete_inline_policy(instance: &InstanceArn, permission_set: &PermissionSetArn) -> () => DeleteInlinePolicyFromPermissionSet;
    get_permissions_boundary(instance: &InstanceArn, permission_set: &PermissionSetArn) -> Option<BoundaryRef> => GetPermissionsBoundaryForPermissionSet;
    put_permissions_boundary(instance: &InstanceArn, permission_set: &PermissionSetArn, boundary: &BoundaryRef) -> () => PutPermissionsBoundaryToPermissionSet;
    delete_permissions_boundary(instance: &InstanceArn, permission_set: &PermissionSetArn) -> () => DeletePermissionsBoundaryFromPermissionSet;
    list_tags(instance: &InstanceArn, permission_set: &PermissionSetArn) -> Tags => ListTagsForResource;
    tag_resource(instance: &InstanceArn, permission_set: &PermissionSetArn, tags: &Tags) -> () => TagResource;
    untag_resource(instance: &InstanceArn, permission_set: &PermissionSetArn, keys: &[String]) -> () => UntagResource;
    list_account_assignments(instance: &InstanceArn, account: &AccountId, permission_set: &PermissionSetArn) -> Vec<AccountAssignment> => ListAccountAssignments;
    list_account_assignments_for_principal(instance: &InstanceArn, principal: &DirectoryPrincipal) -> Vec<AccountAssignment> => ListAccountAssignmentsForPrincipal;
    create_account_assignment(instance: &InstanceArn, assignment: &AccountAssignment) -> AsyncStatus => CreateAccountAssignment;
    describe_account_assignment_creation_status(instance: &InstanceArn, request_id: &str) -> AsyncStatus => DescribeAccountAssignmentCreationStatus;
    provision_permission_set(instance: &InstanceArn, permission_set: &PermissionSetArn, target: &ProvisionTarget) -> AsyncStatus => ProvisionPermissionSet;
    describe_permission_set_provisioning_status(instance: &InstanceArn, request_id: &str) -> AsyncStatus => DescribePermissionSetProvisioningStatus;
    list_accounts_for_provisioned_permission_set(instance: &InstanceArn, permission_set: &PermissionSetArn, which: ProvisionedAccounts) -> Vec<AccountId> => ListAccountsForProvisionedPermissionSet;
    delete_account_assignment(instance: &InstanceArn, assignment: &AccountAssignment) -> AsyncStatus => DeleteAccountAssignment;
    describe_account_assignment_deletion_status(instance: &InstanceArn, request_id: &str) -> AsyncStatus => DescribeAccountAssignmentDeletionStatus;
    delete_permission_set(instance: &InstanceArn, permission_set: &PermissionSetArn) -> () => DeletePermissionSet;
    list_group_memberships(store: &IdentityStoreId, group: &DirectoryGroupId) -> Vec<GroupMember> => ListGroupMemberships;
    delete_group_membership(store: &IdentityStoreId, membership_id: &str) -> () => DeleteGroupMembership;
    delete_user(store: &IdentityStoreId, user: &DirectoryUserId) -> () => DeleteDirectoryUser;
    delete_group(store: &IdentityStoreId, group: &DirectoryGroupId) -> () => DeleteDirectoryGroup;
});

delegate!(OrganizationsApi, organizations, {
    describe_organization() -> Option<Organization> => DescribeOrganization;
    list_roots() -> Vec<OrganizationRoot> => ListRoots;
    list_organizational_units_for_parent(parent: &ParentId) -> Vec<OrganizationalUnit> => ListOrganizationalUnitsForParent;
    list_accounts_for_parent(parent: &ParentId) -> Vec<Account> => ListAccountsForParent;
    list_accounts() -> Vec<Account> => ListAccounts;
    list_tags_for_resource(resource: &OrganizationResource) -> Tags => ListOrganizationTags;
    describe_account(account: &AccountId) -> Option<Account> => DescribeAccount;
    create_account(account: &NewAccount) -> CreateAccountStatus => CreateAccount;
    describe_create_account_status(request: &CreateAccountRequestId) -> CreateAccountStatus => DescribeCreateAccountStatus;
    list_create_account_requests_in_progress() -> Vec<CreateAccountStatus> => ListCreateAccountStatus;
    list_parent(account: &AccountId) -> ParentId => ListParents;
    list_delegated_administrators(service: &str) -> Vec<DelegatedAdministrator> => ListDelegatedAdministrators;
    list_aws_service_access() -> Vec<String> => ListAwsServiceAccessForOrganization;
    create_organization(feature_set: FeatureSet) -> Organization => CreateOrganization;
    create_organizational_unit(parent: &ParentId, name: &OuName, tags: &Tags) -> OrganizationalUnit => CreateOrganizationalUnit;
    move_account(account: &AccountId, source: &ParentId, destination: &ParentId) -> () => MoveAccount;
    tag_resource(resource: &OrganizationResource, tags: &Tags) -> () => TagOrganizationResource;
    close_account(account: &AccountId) -> () => CloseAccount;
    register_delegated_administrator(account: &AccountId, service: &str) -> () => RegisterDelegatedAdministrator;
    enable_aws_service_access(service: &str) -> () => EnableAwsServiceAccess;
});

delegate!(AccessAnalyzerApi, access_analyzer, {
    validate_policy(input: &PolicyValidationInput) -> Vec<PolicyValidationFinding> => ValidatePolicy;
    check_no_new_access(new: &str, existing: &str, policy_type: AnalyzerPolicyType) -> AccessCheckOutcome => CheckNoNewAccess;
    check_access_not_granted(document: &str, access: &[AccessToCheck], policy_type: AnalyzerPolicyType) -> AccessCheckOutcome => CheckAccessNotGranted;
    check_no_public_access(document: &str, resource_type: AnalyzerResourceType) -> AccessCheckOutcome => CheckNoPublicAccess;
    start_policy_generation(request: &PolicyGenerationRequest) -> String => StartPolicyGeneration;
    get_generated_policy(job_id: &str) -> GeneratedPolicyResult => GetGeneratedPolicy;
    cancel_policy_generation(job_id: &str) -> () => CancelPolicyGeneration;
});

delegate!(CloudFormationApi, cloudformation, {
    describe_stack_set(name: &StackSetName) -> Option<StackSet> => DescribeStackSet;
    create_stack_set(stack_set: &NewStackSet) -> String => CreateStackSet;
    update_stack_set(update: &StackSetUpdate) -> StackSetOperationId => UpdateStackSet;
    delete_stack_set(name: &StackSetName) -> () => DeleteStackSet;
    create_stack_instances(name: &StackSetName, request: &InstancesRequest) -> StackSetOperationId => CreateStackInstances;
    delete_stack_instances(name: &StackSetName, request: &InstancesRequest, retain_stacks: bool) -> StackSetOperationId => DeleteStackInstances;
    list_stack_instances(name: &StackSetName) -> Vec<StackInstance> => ListStackInstances;
    describe_stack_set_operation(name: &StackSetName, operation: &StackSetOperationId) -> StackSetOperation => DescribeStackSetOperation;
    list_stack_set_operations(name: &StackSetName) -> Vec<StackSetOperation> => ListStackSetOperations;
    list_stack_set_operation_results(name: &StackSetName, operation: &StackSetOperationId) -> Vec<AccountOperationResult> => ListStackSetOperationResults;
    detect_stack_set_drift(name: &StackSetName, preferences: &OperationPreferences) -> StackSetOperationId => DetectStackSetDrift;
    list_stack_instance_resource_drifts(name: &StackSetName, account: &AccountId, region: &Region, operation: &StackSetOperationId) -> Vec<ResourceDrift> => ListStackInstanceResourceDrifts;
});

#[cfg(test)]
mod tests {
    use crate::Aws;
    use crate::client::{IamApi, InMemory, Operation};
    use crate::error::{Error, Resource, ResourceKind};
    use crate::names::{Arn, RoleName};

    #[tokio::test]
    async fn the_handle_names_the_call_of_an_in_memory_not_found_and_already_exists() {
        let aws = Aws::in_memory(InMemory::new());
        let role = RoleName::new("ci-deployer").unwrap();
        let policy = Arn::new("arn:aws:iam::aws:policy/ReadOnlyAccess").unwrap();
        let err = aws.iam().attach_role_policy(&role, &policy).await.unwrap_err();
        assert_eq!(err.operation(), Some(Operation::AttachRolePolicy), "{err:?}");
        assert_eq!(
            err.resource(),
            Some(&Resource::new(ResourceKind::Role, "ci-deployer"))
        );
        assert_eq!(
            err.to_string(),
            "role `ci-deployer` not found calling iam:AttachRolePolicy"
        );
        // Straight from the backend, the call is not named; through the handle it is.
        let direct = InMemory::new()
            .attach_role_policy(&role, &policy)
            .await
            .unwrap_err();
        assert!(
            matches!(direct, Error::NotFound { operation: None, .. }),
            "{direct:?}"
        );
        let tags = Default::default();
        let path = crate::names::IamPath::root();
        let user = crate::names::UserName::new("jdoe").unwrap();
        aws.iam().create_user(&user, &path, &tags).await.unwrap();
        let err = aws.iam().create_user(&user, &path, &tags).await.unwrap_err();
        assert!(
            matches!(
                &err,
                Error::AlreadyExists {
                    operation: Some(Operation::CreateUser),
                    resource: Resource {
                        kind: ResourceKind::User,
                        ..
                    },
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn an_injected_refusal_names_the_call_and_no_resource() {
        use crate::client::layer::{FaultKind, Faults, Layered};
        use std::sync::Arc;
        let memory = Arc::new(InMemory::new());
        let faults = Faults::new(1).fail_nth(1, FaultKind::AccessDenied);
        let layered = Layered::new(faults, memory.clone(), memory);
        let err = layered.list_roles().await.unwrap_err();
        assert_eq!(err.to_string(), "access denied calling iam:ListRoles");
        assert_eq!(err.resource(), None);
    }
}
