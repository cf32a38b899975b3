//! [`IamApi`], [`IdentityCenterApi`], [`OrganizationsApi`] and [`AccessAnalyzerApi`] for [`Layered`]: every method hands its call to
//! the layer under the method's [`Operation`]. The table below is the one place that
//! pairs trait methods with operations.

use async_trait::async_trait;

use super::{Layer, Layered};
use crate::client::*;
use crate::error::Result;
use crate::names::{AccountId, Arn, CreateAccountRequestId, IamPath, OuName, RoleName, UserName};

/// Generates a delegating method per `name(args) -> Output => Operation` line.
macro_rules! delegate {
    ($trait:ident, $field:ident, { $( $method:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty => $op:ident; )+ }) => {
        #[async_trait]
        impl<L: Layer> $trait for Layered<L> {
            $(
                async fn $method(&self, $($arg: $ty),*) -> Result<$out> {
                    let inner = &self.$field;
                    self.layer
                        .call(Operation::$op, &|| Box::pin(inner.$method($($arg),*)))
                        .await
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
    get_policy(arn: &Arn) -> Option<ManagedPolicy> => GetPolicy;
    create_policy(policy: &NewPolicy) -> ManagedPolicy => CreatePolicy;
    get_policy_version(arn: &Arn, version_id: &str) -> Option<PolicyVersion> => GetPolicyVersion;
    list_policy_versions(arn: &Arn) -> Vec<PolicyVersion> => ListPolicyVersions;
    create_policy_version(arn: &Arn, document: &str, set_as_default: bool) -> PolicyVersion => CreatePolicyVersion;
    delete_policy_version(arn: &Arn, version_id: &str) -> () => DeletePolicyVersion;
    generate_service_last_accessed_details(arn: &Arn, granularity: AccessGranularity) -> String => GenerateServiceLastAccessedDetails;
    get_service_last_accessed_details(job_id: &str) -> ServiceLastAccessedReport => GetServiceLastAccessedDetails;
});

delegate!(IdentityCenterApi, identity_center, {
    list_instances() -> Vec<Instance> => ListInstances;
    find_user(store: &str, user_name: &str) -> Option<String> => GetDirectoryUserId;
    describe_user(store: &str, user_id: &str) -> Option<DirectoryUser> => DescribeDirectoryUser;
    create_user(store: &str, user: &NewDirectoryUser) -> String => CreateDirectoryUser;
    find_group(store: &str, display_name: &str) -> Option<String> => GetDirectoryGroupId;
    create_group(store: &str, display_name: &str, description: &str) -> String => CreateDirectoryGroup;
    find_group_membership(store: &str, group_id: &str, user_id: &str) -> Option<String> => GetGroupMembershipId;
    create_group_membership(store: &str, group_id: &str, user_id: &str) -> String => CreateGroupMembership;
    list_permission_sets(instance: &str) -> Vec<String> => ListPermissionSets;
    describe_permission_set(instance: &str, permission_set: &str) -> Option<PermissionSet> => DescribePermissionSet;
    create_permission_set(instance: &str, fields: &PermissionSetFields, tags: &Tags) -> PermissionSet => CreatePermissionSet;
    update_permission_set(instance: &str, permission_set: &str, fields: &PermissionSetFields) -> () => UpdatePermissionSet;
    list_managed_policies(instance: &str, permission_set: &str) -> Vec<String> => ListManagedPoliciesInPermissionSet;
    attach_managed_policy(instance: &str, permission_set: &str, policy_arn: &str) -> () => AttachManagedPolicyToPermissionSet;
    detach_managed_policy(instance: &str, permission_set: &str, policy_arn: &str) -> () => DetachManagedPolicyFromPermissionSet;
    list_customer_policy_refs(instance: &str, permission_set: &str) -> Vec<CustomerPolicyRef> => ListCustomerManagedPolicyReferencesInPermissionSet;
    attach_customer_policy_ref(instance: &str, permission_set: &str, policy: &CustomerPolicyRef) -> () => AttachCustomerManagedPolicyReferenceToPermissionSet;
    detach_customer_policy_ref(instance: &str, permission_set: &str, policy: &CustomerPolicyRef) -> () => DetachCustomerManagedPolicyReferenceFromPermissionSet;
    get_inline_policy(instance: &str, permission_set: &str) -> Option<String> => GetInlinePolicyForPermissionSet;
    put_inline_policy(instance: &str, permission_set: &str, document: &str) -> () => PutInlinePolicyToPermissionSet;
    delete_inline_policy(instance: &str, permission_set: &str) -> () => DeleteInlinePolicyFromPermissionSet;
    get_permissions_boundary(instance: &str, permission_set: &str) -> Option<PermissionSetBoundary> => GetPermissionsBoundaryForPermissionSet;
    put_permissions_boundary(instance: &str, permission_set: &str, boundary: &PermissionSetBoundary) -> () => PutPermissionsBoundaryToPermissionSet;
    delete_permissions_boundary(instance: &str, permission_set: &str) -> () => DeletePermissionsBoundaryFromPermissionSet;
    list_tags(instance: &str, resource_arn: &str) -> Tags => ListTagsForResource;
    tag_resource(instance: &str, resource_arn: &str, tags: &Tags) -> () => TagResource;
    untag_resource(instance: &str, resource_arn: &str, keys: &[String]) -> () => UntagResource;
    list_account_assignments(instance: &str, account: &AccountId, permission_set: &str) -> Vec<AccountAssignment> => ListAccountAssignments;
    list_account_assignments_for_principal(instance: &str, principal_type: PrincipalType, principal_id: &str) -> Vec<AccountAssignment> => ListAccountAssignmentsForPrincipal;
    create_account_assignment(instance: &str, assignment: &AccountAssignment) -> AsyncStatus => CreateAccountAssignment;
    describe_account_assignment_creation_status(instance: &str, request_id: &str) -> AsyncStatus => DescribeAccountAssignmentCreationStatus;
    provision_permission_set(instance: &str, permission_set: &str, target: &ProvisionTarget) -> AsyncStatus => ProvisionPermissionSet;
    describe_permission_set_provisioning_status(instance: &str, request_id: &str) -> AsyncStatus => DescribePermissionSetProvisioningStatus;
    list_accounts_for_provisioned_permission_set(instance: &str, permission_set: &str, which: ProvisionedAccounts) -> Vec<AccountId> => ListAccountsForProvisionedPermissionSet;
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
