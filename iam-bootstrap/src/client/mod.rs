//! The only place that talks to AWS.
//!
//! Capabilities see narrow traits, [`IamApi`], [`IdentityCenterApi`],
//! [`OrganizationsApi`], [`AccessAnalyzerApi`] and [`CloudFormationApi`], that take and return this crate's types. Implementations:
//!
//! - [`SdkBackend`] (feature `sdk`): real AWS through the AWS SDK for Rust, or any
//!   endpoint that speaks its protocol, such as a local moto server.
//! - [`InMemory`]: a stateful account in memory, with a root user model that emulators lack.
//! - `MockIamApi` / `MockIdentityCenterApi` / `MockOrganizationsApi` /
//!   `MockAccessAnalyzerApi` / `MockCloudFormationApi` (feature `mock`): mockall mocks.
//! - [`layer`]: wrappers over any backend that count calls, add latency, rate limits,
//!   retries and injected failures.
//!
//! Lookups that find nothing return `Ok(None)` rather than [`Error::NotFound`](crate::Error::NotFound),
//! so callers can tell "absent" from "failed" without matching on errors.

mod access_analyzer_types;
mod central_root;
mod cloudformation_types;
mod iam_types;
mod identity_center_types;
pub mod layer;
pub mod memory;
mod no_access_analyzer;
mod no_cloudformation;
mod no_organization;
mod operation;
mod organizations_types;
#[cfg(feature = "sdk")]
pub mod sdk;

use async_trait::async_trait;

pub use access_analyzer_types::*;
pub use central_root::*;
pub use cloudformation_types::*;
pub use iam_types::*;
pub use identity_center_types::*;
pub use layer::Clients;
pub use memory::InMemory;
pub use no_access_analyzer::NoAccessAnalyzer;
pub use no_cloudformation::NoCloudFormation;
pub use no_organization::NoOrganization;
pub use operation::{Access, Operation, Service};
pub use organizations_types::*;
#[cfg(feature = "sdk")]
pub use sdk::{SdkBackend, SdkBackendBuilder};

use crate::error::Result;
use crate::names::{
    AccountId, Arn, CreateAccountRequestId, DirectoryGroupId, DirectoryGroupName, DirectoryPrincipal,
    DirectoryUserId, DirectoryUserName, IamPath, IdentityStoreId, InstanceArn, OuName, PermissionSetArn,
    Region, RoleName, StackSetName, StackSetOperationId, UserName,
};

/// A narrow, domain-shaped view of IAM (and STS's caller identity).
///
/// Capabilities call it through [`Aws::iam`](crate::Aws::iam), which wraps the backend in the
/// call counter (and retries and rate limits where configured); call it the same way to
/// read an account directly.
///
/// # Example
///
/// ```
/// use iam_bootstrap::{Aws, InMemory};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let aws = Aws::in_memory(InMemory::new());
/// let summary = aws.iam().account_summary().await?;
/// assert_eq!(summary.account_mfa_enabled(), Some(false));
/// assert_eq!(aws.calls().total(), 1); // counted like every other call
/// # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
/// ```
///
/// [`CredentialOwner::Caller`] means "the caller", as an omitted `UserName` does in the IAM
/// API: for a caller signed in as root, that is the root user.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait IamApi: std::fmt::Debug + Send + Sync + 'static {
    /// `sts:GetCallerIdentity`.
    async fn caller_identity(&self) -> Result<CallerIdentity>;
    /// `GetAccountSummary`.
    async fn account_summary(&self) -> Result<AccountSummary>;
    /// `GetAccountPasswordPolicy`; `None` when the account has no password policy.
    async fn get_password_policy(&self) -> Result<Option<PasswordPolicySettings>>;
    /// `UpdateAccountPasswordPolicy`, sending every field (the API resets omitted ones).
    async fn update_password_policy(&self, policy: &PasswordPolicySettings) -> Result<()>;
    /// `ListAccountAliases` (an account has at most one).
    async fn list_account_aliases(&self) -> Result<Vec<String>>;
    /// `CreateAccountAlias`.
    async fn create_account_alias(&self, alias: &str) -> Result<()>;
    /// `DeleteAccountAlias`.
    async fn delete_account_alias(&self, alias: &str) -> Result<()>;
    /// `GenerateCredentialReport`; `true` once a report is complete.
    async fn generate_credential_report(&self) -> Result<bool>;
    /// `GetCredentialReport`; `None` while no complete report exists.
    async fn get_credential_report(&self) -> Result<Option<RawCredentialReport>>;

    /// `ListAccessKeys` for `owner`.
    async fn list_access_keys(&self, owner: &CredentialOwner) -> Result<Vec<AccessKey>>;
    /// `UpdateAccessKey`.
    async fn update_access_key(
        &self,
        owner: &CredentialOwner,
        key_id: &str,
        status: AccessKeyStatus,
    ) -> Result<()>;
    /// `DeleteAccessKey`.
    async fn delete_access_key(&self, owner: &CredentialOwner, key_id: &str) -> Result<()>;
    /// `ListMFADevices` for `owner`.
    async fn list_mfa_devices(&self, owner: &CredentialOwner) -> Result<Vec<MfaDevice>>;
    /// `ListVirtualMFADevices` (assigned and unassigned).
    async fn list_virtual_mfa_devices(&self) -> Result<Vec<VirtualMfaDevice>>;
    /// `CreateVirtualMFADevice`: the seed and QR code come back once, as secrets.
    async fn create_virtual_mfa_device(&self, name: &str, path: &IamPath) -> Result<NewVirtualMfaDevice>;
    /// `EnableMFADevice` with two consecutive codes.
    async fn enable_mfa_device(
        &self,
        user: &UserName,
        serial_number: &str,
        code1: &str,
        code2: &str,
    ) -> Result<()>;
    /// `DeleteVirtualMFADevice`.
    async fn delete_virtual_mfa_device(&self, serial_number: &str) -> Result<()>;

    /// `GetUser`; `None` if there is no such user.
    async fn get_user(&self, name: &UserName) -> Result<Option<User>>;
    /// `CreateUser`.
    async fn create_user(&self, name: &UserName, path: &IamPath, tags: &Tags) -> Result<User>;

    /// `GetRole`; `None` if there is no such role.
    async fn get_role(&self, name: &RoleName) -> Result<Option<Role>>;
    /// `CreateRole`.
    async fn create_role(&self, role: &NewRole) -> Result<Role>;
    /// `UpdateRole` (description, empty to clear it, and maximum session duration).
    async fn update_role(&self, name: &RoleName, description: &str, max_session_duration: u32) -> Result<()>;
    /// `UpdateAssumeRolePolicy`.
    async fn update_assume_role_policy(&self, name: &RoleName, document: &str) -> Result<()>;
    /// `ListAttachedRolePolicies` (every page).
    async fn list_attached_role_policies(&self, name: &RoleName) -> Result<Vec<AttachedPolicy>>;
    /// `AttachRolePolicy`.
    async fn attach_role_policy(&self, name: &RoleName, policy: &Arn) -> Result<()>;
    /// `DetachRolePolicy`.
    async fn detach_role_policy(&self, name: &RoleName, policy: &Arn) -> Result<()>;
    /// `ListRolePolicies`: inline policy names (every page).
    async fn list_role_policies(&self, name: &RoleName) -> Result<Vec<String>>;
    /// `GetRolePolicy`; the document as JSON (URL-decoded), `None` if absent.
    async fn get_role_policy(&self, name: &RoleName, policy: &str) -> Result<Option<String>>;
    /// `PutRolePolicy`.
    async fn put_role_policy(&self, name: &RoleName, policy: &str, document: &str) -> Result<()>;
    /// `DeleteRolePolicy`.
    async fn delete_role_policy(&self, name: &RoleName, policy: &str) -> Result<()>;
    /// `PutRolePermissionsBoundary`.
    async fn put_role_permissions_boundary(&self, name: &RoleName, boundary: &Arn) -> Result<()>;
    /// `DeleteRolePermissionsBoundary`.
    async fn delete_role_permissions_boundary(&self, name: &RoleName) -> Result<()>;
    /// `TagRole`.
    async fn tag_role(&self, name: &RoleName, tags: &Tags) -> Result<()>;
    /// `UntagRole`.
    async fn untag_role(&self, name: &RoleName, keys: &[String]) -> Result<()>;
    /// `ListRoles`: every role's name (every page; tags are not listed, read them with
    /// [`IamApi::get_role`]).
    async fn list_roles(&self) -> Result<Vec<RoleName>>;
    /// `DeleteRole` (the role must have no policies and be in no instance profile).
    async fn delete_role(&self, name: &RoleName) -> Result<()>;
    /// `ListInstanceProfilesForRole`: the names of the instance profiles holding the role.
    async fn list_instance_profiles_for_role(&self, name: &RoleName) -> Result<Vec<String>>;
    /// `RemoveRoleFromInstanceProfile`.
    async fn remove_role_from_instance_profile(&self, profile: &str, role: &RoleName) -> Result<()>;

    /// `GetPolicy`; `None` if there is no such policy.
    async fn get_policy(&self, arn: &Arn) -> Result<Option<ManagedPolicy>>;
    /// `CreatePolicy`.
    async fn create_policy(&self, policy: &NewPolicy) -> Result<ManagedPolicy>;
    /// `GetPolicyVersion`, with the document (URL-decoded); `None` if absent.
    async fn get_policy_version(&self, arn: &Arn, version_id: &str) -> Result<Option<PolicyVersion>>;
    /// `ListPolicyVersions` (without documents).
    async fn list_policy_versions(&self, arn: &Arn) -> Result<Vec<PolicyVersion>>;
    /// `CreatePolicyVersion`.
    async fn create_policy_version(
        &self,
        arn: &Arn,
        document: &str,
        set_as_default: bool,
    ) -> Result<PolicyVersion>;
    /// `DeletePolicyVersion`.
    async fn delete_policy_version(&self, arn: &Arn, version_id: &str) -> Result<()>;
    /// `ListPolicies` with scope `Local`: the ARN of every customer managed policy (every
    /// page; tags are not listed, read them with [`IamApi::get_policy`]).
    async fn list_customer_policies(&self) -> Result<Vec<Arn>>;
    /// `DeletePolicy` (the policy must be attached to nothing and have no version but the
    /// default).
    async fn delete_policy(&self, arn: &Arn) -> Result<()>;

    /// `GenerateServiceLastAccessedDetails` for a role, user, group or policy: starts a
    /// report and returns its job ID.
    async fn generate_service_last_accessed_details(
        &self,
        arn: &Arn,
        granularity: AccessGranularity,
    ) -> Result<String>;
    /// `GetServiceLastAccessedDetails` (every page): the report's status and, once it
    /// completed, every service the entity's policies allow.
    async fn get_service_last_accessed_details(&self, job_id: &str) -> Result<ServiceLastAccessedReport>;
}

/// A narrow view of IAM Identity Center: sso-admin and the identity store behind one trait.
///
/// Every identifier is typed ([`InstanceArn`], [`IdentityStoreId`], [`PermissionSetArn`],
/// [`DirectoryUserId`], [`DirectoryGroupId`], [`DirectoryPrincipal`]), so one kind cannot be
/// passed where another is expected.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait IdentityCenterApi: std::fmt::Debug + Send + Sync + 'static {
    /// `ListInstances` (every page).
    async fn list_instances(&self) -> Result<Vec<Instance>>;

    /// `GetUserId` by `userName`; `None` if there is no such user.
    async fn find_user(
        &self,
        store: &IdentityStoreId,
        user_name: &DirectoryUserName,
    ) -> Result<Option<DirectoryUserId>>;
    /// `DescribeUser`; `None` if there is no such user.
    async fn describe_user(
        &self,
        store: &IdentityStoreId,
        user: &DirectoryUserId,
    ) -> Result<Option<DirectoryUser>>;
    /// `CreateUser`; returns the new user ID.
    async fn create_user(&self, store: &IdentityStoreId, user: &NewDirectoryUser) -> Result<DirectoryUserId>;
    /// `GetGroupId` by `displayName`; `None` if there is no such group.
    async fn find_group(
        &self,
        store: &IdentityStoreId,
        display_name: &DirectoryGroupName,
    ) -> Result<Option<DirectoryGroupId>>;
    /// `CreateGroup` (an empty description sends none); returns the new group ID.
    async fn create_group(
        &self,
        store: &IdentityStoreId,
        display_name: &DirectoryGroupName,
        description: &str,
    ) -> Result<DirectoryGroupId>;
    /// `GetGroupMembershipId`; `None` if the user is not a member.
    async fn find_group_membership(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
        user: &DirectoryUserId,
    ) -> Result<Option<String>>;
    /// `CreateGroupMembership`; returns the membership ID.
    async fn create_group_membership(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
        user: &DirectoryUserId,
    ) -> Result<String>;

    /// `ListPermissionSets` (every page): ARNs.
    async fn list_permission_sets(&self, instance: &InstanceArn) -> Result<Vec<PermissionSetArn>>;
    /// `DescribePermissionSet`; `None` if there is no such set.
    async fn describe_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<PermissionSet>>;
    /// `CreatePermissionSet` (every field sent, see [`PermissionSetFields`]).
    async fn create_permission_set(
        &self,
        instance: &InstanceArn,
        fields: &PermissionSetFields,
        tags: &Tags,
    ) -> Result<PermissionSet>;
    /// `UpdatePermissionSet` (every field sent; a relay state of `None` keeps the current
    /// one, since AWS cannot clear it).
    async fn update_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        fields: &PermissionSetFields,
    ) -> Result<()>;
    /// `ListManagedPoliciesInPermissionSet` (every page): policy ARNs.
    async fn list_managed_policies(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<String>>;
    /// `AttachManagedPolicyToPermissionSet`.
    async fn attach_managed_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy_arn: &str,
    ) -> Result<()>;
    /// `DetachManagedPolicyFromPermissionSet`.
    async fn detach_managed_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy_arn: &str,
    ) -> Result<()>;
    /// `ListCustomerManagedPolicyReferencesInPermissionSet` (every page).
    async fn list_customer_policy_refs(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<CustomerPolicyRef>>;
    /// `AttachCustomerManagedPolicyReferenceToPermissionSet`.
    async fn attach_customer_policy_ref(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy: &CustomerPolicyRef,
    ) -> Result<()>;
    /// `DetachCustomerManagedPolicyReferenceFromPermissionSet`.
    async fn detach_customer_policy_ref(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        policy: &CustomerPolicyRef,
    ) -> Result<()>;
    /// `GetInlinePolicyForPermissionSet`; `None` when it has none.
    async fn get_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<String>>;
    /// `PutInlinePolicyToPermissionSet`.
    async fn put_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        document: &str,
    ) -> Result<()>;
    /// `DeleteInlinePolicyFromPermissionSet`.
    async fn delete_inline_policy(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()>;
    /// `GetPermissionsBoundaryForPermissionSet`; `None` when it has none.
    async fn get_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<Option<BoundaryRef>>;
    /// `PutPermissionsBoundaryToPermissionSet`.
    async fn put_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        boundary: &BoundaryRef,
    ) -> Result<()>;
    /// `DeletePermissionsBoundaryFromPermissionSet`.
    async fn delete_permissions_boundary(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()>;
    /// `ListTagsForResource` on a permission set (every page).
    async fn list_tags(&self, instance: &InstanceArn, permission_set: &PermissionSetArn) -> Result<Tags>;
    /// `TagResource` on a permission set.
    async fn tag_resource(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        tags: &Tags,
    ) -> Result<()>;
    /// `UntagResource` on a permission set: removes the tags with these keys.
    async fn untag_resource(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        keys: &[String],
    ) -> Result<()>;

    /// `ListAccountAssignments` for one account and permission set (every page).
    async fn list_account_assignments(
        &self,
        instance: &InstanceArn,
        account: &AccountId,
        permission_set: &PermissionSetArn,
    ) -> Result<Vec<AccountAssignment>>;
    /// `ListAccountAssignmentsForPrincipal`: every account assignment of one user or group,
    /// in every account and permission set (every page). AWS serves it to the organization
    /// instance's management account only; callers fall back to
    /// [`list_account_assignments`](Self::list_account_assignments) when it is refused.
    async fn list_account_assignments_for_principal(
        &self,
        instance: &InstanceArn,
        principal: &DirectoryPrincipal,
    ) -> Result<Vec<AccountAssignment>>;
    /// `CreateAccountAssignment`: starts an asynchronous creation.
    async fn create_account_assignment(
        &self,
        instance: &InstanceArn,
        assignment: &AccountAssignment,
    ) -> Result<AsyncStatus>;
    /// `DescribeAccountAssignmentCreationStatus`.
    async fn describe_account_assignment_creation_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus>;
    /// `ProvisionPermissionSet`: starts pushing a set's current content to accounts.
    async fn provision_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        target: &ProvisionTarget,
    ) -> Result<AsyncStatus>;
    /// `DescribePermissionSetProvisioningStatus`.
    async fn describe_permission_set_provisioning_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus>;
    /// `ListAccountsForProvisionedPermissionSet` (every page), all accounts or only those
    /// holding an outdated copy.
    async fn list_accounts_for_provisioned_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
        which: ProvisionedAccounts,
    ) -> Result<Vec<AccountId>>;

    /// `DeleteAccountAssignment`: starts an asynchronous deletion. When it removes the last
    /// assignment of a set in an account, Identity Center deprovisions the set from it.
    async fn delete_account_assignment(
        &self,
        instance: &InstanceArn,
        assignment: &AccountAssignment,
    ) -> Result<AsyncStatus>;
    /// `DescribeAccountAssignmentDeletionStatus`.
    async fn describe_account_assignment_deletion_status(
        &self,
        instance: &InstanceArn,
        request_id: &str,
    ) -> Result<AsyncStatus>;
    /// `DeletePermissionSet`. Refused (`ConflictException`) while the set is still
    /// assigned or provisioned in an account: its assignments go first.
    async fn delete_permission_set(
        &self,
        instance: &InstanceArn,
        permission_set: &PermissionSetArn,
    ) -> Result<()>;
    /// `ListGroupMemberships` (every page): the group's user members.
    async fn list_group_memberships(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
    ) -> Result<Vec<GroupMember>>;
    /// `DeleteGroupMembership`.
    async fn delete_group_membership(&self, store: &IdentityStoreId, membership_id: &str) -> Result<()>;
    /// `DeleteUser` (identity store).
    async fn delete_user(&self, store: &IdentityStoreId, user: &DirectoryUserId) -> Result<()>;
    /// `DeleteGroup` (identity store).
    async fn delete_group(&self, store: &IdentityStoreId, group: &DirectoryGroupId) -> Result<()>;
}

/// A narrow view of AWS Organizations: the organization's tree (root, nested OUs,
/// accounts with their state and tags), account creation, delegated administrators and
/// trusted service access.
///
/// Every listing returns every page: Organizations may answer a page that is empty but
/// carries a next token, so backends loop while a token is set. `ListAccountsForParent`
/// and `ListOrganizationalUnitsForParent` are not recursive; walking nested OUs is the
/// caller's job.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait OrganizationsApi: std::fmt::Debug + Send + Sync + 'static {
    /// `DescribeOrganization`; `None` when the account is not in an organization
    /// (`AWSOrganizationsNotInUseException`).
    async fn describe_organization(&self) -> Result<Option<Organization>>;
    /// `ListRoots` (every page).
    async fn list_roots(&self) -> Result<Vec<OrganizationRoot>>;
    /// `ListOrganizationalUnitsForParent`: the OUs directly under `parent` (every page).
    async fn list_organizational_units_for_parent(
        &self,
        parent: &ParentId,
    ) -> Result<Vec<OrganizationalUnit>>;
    /// `ListAccountsForParent`: the accounts directly under `parent` (every page).
    async fn list_accounts_for_parent(&self, parent: &ParentId) -> Result<Vec<Account>>;
    /// `ListAccounts`: every account of the organization (every page).
    async fn list_accounts(&self) -> Result<Vec<Account>>;
    /// `ListTagsForResource` on an account, OU or root (every page).
    async fn list_tags_for_resource(&self, resource: &OrganizationResource) -> Result<Tags>;
    /// `DescribeAccount`; `None` if the organization has no such account.
    async fn describe_account(&self, account: &AccountId) -> Result<Option<Account>>;
    /// `CreateAccount`: starts an asynchronous creation.
    async fn create_account(&self, account: &NewAccount) -> Result<CreateAccountStatus>;
    /// `DescribeCreateAccountStatus`.
    async fn describe_create_account_status(
        &self,
        request: &CreateAccountRequestId,
    ) -> Result<CreateAccountStatus>;
    /// `ListCreateAccountStatus` (every page) for the requests still IN_PROGRESS: a
    /// creation started by an earlier, interrupted run, which a re-run waits for rather
    /// than starting another.
    async fn list_create_account_requests_in_progress(&self) -> Result<Vec<CreateAccountStatus>>;
    /// `ListParents` of an account: the root or the OU it is directly in.
    async fn list_parent(&self, account: &AccountId) -> Result<ParentId>;
    /// `ListDelegatedAdministrators` of one service principal (`sso.amazonaws.com`; every page).
    async fn list_delegated_administrators(&self, service: &str) -> Result<Vec<DelegatedAdministrator>>;
    /// `ListAWSServiceAccessForOrganization`: the service principals with trusted access
    /// (every page).
    async fn list_aws_service_access(&self) -> Result<Vec<String>>;
    /// `CreateOrganization`, with the caller's account as management account.
    async fn create_organization(&self, feature_set: FeatureSet) -> Result<Organization>;
    /// `CreateOrganizationalUnit` under `parent`.
    async fn create_organizational_unit(
        &self,
        parent: &ParentId,
        name: &OuName,
        tags: &Tags,
    ) -> Result<OrganizationalUnit>;
    /// `MoveAccount` from `source` to `destination`.
    async fn move_account(
        &self,
        account: &AccountId,
        source: &ParentId,
        destination: &ParentId,
    ) -> Result<()>;
    /// `TagResource` on an account, OU or root.
    async fn tag_resource(&self, resource: &OrganizationResource, tags: &Tags) -> Result<()>;
    /// `CloseAccount`: the account leaves ACTIVE (PENDING_CLOSURE, then SUSPENDED).
    async fn close_account(&self, account: &AccountId) -> Result<()>;
    /// `RegisterDelegatedAdministrator` of `service` (a service principal).
    async fn register_delegated_administrator(&self, account: &AccountId, service: &str) -> Result<()>;
    /// `EnableAWSServiceAccess` for `service` (a service principal).
    async fn enable_aws_service_access(&self, service: &str) -> Result<()>;
}

/// A narrow view of IAM Access Analyzer: policy validation, custom policy checks and policy
/// generation from CloudTrail activity.
///
/// None of these calls needs an analyzer resource. Emulators such as moto do not serve
/// Access Analyzer, so [`InMemory`] is the offline peer: it validates with the offline lint,
/// checks with the offline evaluator and generates policies from activity recorded on it.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait AccessAnalyzerApi: std::fmt::Debug + Send + Sync + 'static {
    /// `ValidatePolicy` (every page): grammar and best-practice findings.
    async fn validate_policy(&self, input: &PolicyValidationInput) -> Result<Vec<PolicyValidationFinding>>;
    /// `CheckNoNewAccess`: whether `new` grants nothing `existing` does not (both JSON, of
    /// the same `policy_type`: identity or resource).
    async fn check_no_new_access(
        &self,
        new: &str,
        existing: &str,
        policy_type: AnalyzerPolicyType,
    ) -> Result<AccessCheckOutcome>;
    /// `CheckAccessNotGranted`: whether `document` grants none of `access`.
    async fn check_access_not_granted(
        &self,
        document: &str,
        access: &[AccessToCheck],
        policy_type: AnalyzerPolicyType,
    ) -> Result<AccessCheckOutcome>;
    /// `CheckNoPublicAccess`: whether a resource policy for `resource_type` grants public access.
    async fn check_no_public_access(
        &self,
        document: &str,
        resource_type: AnalyzerResourceType,
    ) -> Result<AccessCheckOutcome>;
    /// `StartPolicyGeneration` from a CloudTrail trail; returns the job ID.
    async fn start_policy_generation(&self, request: &PolicyGenerationRequest) -> Result<String>;
    /// `GetGeneratedPolicy`, with resource placeholders and without the service-level
    /// template.
    async fn get_generated_policy(&self, job_id: &str) -> Result<GeneratedPolicyResult>;
    /// `CancelPolicyGeneration`.
    async fn cancel_policy_generation(&self, job_id: &str) -> Result<()>;
}

/// A narrow view of CloudFormation StackSets with service-managed permissions: the
/// StackSet, its stack instances (deployed to OUs, with automatic deployment), its
/// operations with their per-account results, and drift detection.
///
/// CloudFormation runs one operation at a time per StackSet: starting another while one
/// runs fails with `OperationInProgressException` (an [`Error::Conflict`](crate::Error::Conflict)),
/// so callers wait for the running one first. Every listing returns every page.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait CloudFormationApi: std::fmt::Debug + Send + Sync + 'static {
    /// `DescribeStackSet`; `None` when there is no StackSet of that name.
    async fn describe_stack_set(&self, name: &StackSetName) -> Result<Option<StackSet>>;
    /// `CreateStackSet` (service-managed); returns the StackSet ID.
    async fn create_stack_set(&self, stack_set: &NewStackSet) -> Result<String>;
    /// `UpdateStackSet`: the new template and settings, rolled out to the instances of
    /// the request's OUs and regions.
    async fn update_stack_set(&self, update: &StackSetUpdate) -> Result<StackSetOperationId>;
    /// `DeleteStackSet` (it must have no stack instances left).
    async fn delete_stack_set(&self, name: &StackSetName) -> Result<()>;
    /// `CreateStackInstances` in every account of the request's OUs (nested OUs included).
    async fn create_stack_instances(
        &self,
        name: &StackSetName,
        request: &InstancesRequest,
    ) -> Result<StackSetOperationId>;
    /// `DeleteStackInstances` of the request's OUs; `retain_stacks` keeps the stacks'
    /// resources in the accounts.
    async fn delete_stack_instances(
        &self,
        name: &StackSetName,
        request: &InstancesRequest,
        retain_stacks: bool,
    ) -> Result<StackSetOperationId>;
    /// `ListStackInstances` (every page).
    async fn list_stack_instances(&self, name: &StackSetName) -> Result<Vec<StackInstance>>;
    /// `DescribeStackSetOperation`.
    async fn describe_stack_set_operation(
        &self,
        name: &StackSetName,
        operation: &StackSetOperationId,
    ) -> Result<StackSetOperation>;
    /// `ListStackSetOperations` (every page), newest first.
    async fn list_stack_set_operations(&self, name: &StackSetName) -> Result<Vec<StackSetOperation>>;
    /// `ListStackSetOperationResults` (every page): one result per account and region.
    async fn list_stack_set_operation_results(
        &self,
        name: &StackSetName,
        operation: &StackSetOperationId,
    ) -> Result<Vec<AccountOperationResult>>;
    /// `DetectStackSetDrift`: starts drift detection on every stack instance.
    async fn detect_stack_set_drift(
        &self,
        name: &StackSetName,
        preferences: &OperationPreferences,
    ) -> Result<StackSetOperationId>;
    /// `ListStackInstanceResourceDrifts` (every page) of one instance, for the drift
    /// detection `operation`: the resources that were modified or deleted.
    async fn list_stack_instance_resource_drifts(
        &self,
        name: &StackSetName,
        account: &AccountId,
        region: &Region,
        operation: &StackSetOperationId,
    ) -> Result<Vec<ResourceDrift>>;
}
