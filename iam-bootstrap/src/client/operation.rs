//! The API operations the library performs, named once.
//!
//! Call counters, fault injection, error messages and the required-permissions manifest
//! all speak in [`Operation`]s, so they cannot disagree about what a call is.

use std::fmt;

/// The AWS service an [`Operation`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// AWS Identity and Access Management.
    Iam,
    /// AWS Security Token Service.
    Sts,
    /// IAM Identity Center administration (`sso-admin`; IAM action prefix `sso`).
    Sso,
    /// The Identity Center identity store.
    IdentityStore,
    /// AWS Organizations.
    Organizations,
    /// IAM Access Analyzer (IAM action prefix `access-analyzer`).
    AccessAnalyzer,
    /// AWS CloudFormation (StackSets).
    CloudFormation,
}

impl Service {
    /// The prefix IAM actions of this service use (`iam`, `sts`, `sso`, `identitystore`,
    /// `organizations`, `access-analyzer`, `cloudformation`).
    pub fn action_prefix(self) -> &'static str {
        match self {
            Service::Iam => "iam",
            Service::Sts => "sts",
            Service::Sso => "sso",
            Service::IdentityStore => "identitystore",
            Service::Organizations => "organizations",
            Service::AccessAnalyzer => "access-analyzer",
            Service::CloudFormation => "cloudformation",
        }
    }
}

/// Whether an [`Operation`] changes the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Reads state only (also: generating a credential report, which changes no configuration).
    Read,
    /// Changes state.
    Write,
}

macro_rules! operations {
    ($($variant:ident => $service:ident, $api:literal, $access:ident;)+) => {
        /// One API operation, as IAM names its action (`iam:GetRole`, `sso:CreatePermissionSet`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub enum Operation {
            $(
                #[doc = concat!("`", $api, "`.")]
                $variant,
            )+
        }

        impl Operation {
            /// Every operation, in declaration order.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant,)+];

            /// The service that serves it.
            pub fn service(self) -> Service {
                match self { $(Operation::$variant => Service::$service,)+ }
            }

            /// The API name (`GetRole`), without the service prefix.
            pub fn api_name(self) -> &'static str {
                match self { $(Operation::$variant => $api,)+ }
            }

            /// Whether it reads or writes.
            pub fn access(self) -> Access {
                match self { $(Operation::$variant => Access::$access,)+ }
            }
        }
    };
}

operations! {
    // STS
    GetCallerIdentity => Sts, "GetCallerIdentity", Read;
    // IAM: account
    GetAccountSummary => Iam, "GetAccountSummary", Read;
    GetAccountPasswordPolicy => Iam, "GetAccountPasswordPolicy", Read;
    UpdateAccountPasswordPolicy => Iam, "UpdateAccountPasswordPolicy", Write;
    ListAccountAliases => Iam, "ListAccountAliases", Read;
    CreateAccountAlias => Iam, "CreateAccountAlias", Write;
    DeleteAccountAlias => Iam, "DeleteAccountAlias", Write;
    GenerateCredentialReport => Iam, "GenerateCredentialReport", Read;
    GetCredentialReport => Iam, "GetCredentialReport", Read;
    // IAM: credentials
    ListAccessKeys => Iam, "ListAccessKeys", Read;
    UpdateAccessKey => Iam, "UpdateAccessKey", Write;
    DeleteAccessKey => Iam, "DeleteAccessKey", Write;
    ListMfaDevices => Iam, "ListMFADevices", Read;
    ListVirtualMfaDevices => Iam, "ListVirtualMFADevices", Read;
    CreateVirtualMfaDevice => Iam, "CreateVirtualMFADevice", Write;
    EnableMfaDevice => Iam, "EnableMFADevice", Write;
    DeleteVirtualMfaDevice => Iam, "DeleteVirtualMFADevice", Write;
    // IAM: users
    GetUser => Iam, "GetUser", Read;
    CreateUser => Iam, "CreateUser", Write;
    // IAM: roles
    GetRole => Iam, "GetRole", Read;
    CreateRole => Iam, "CreateRole", Write;
    UpdateRole => Iam, "UpdateRole", Write;
    UpdateAssumeRolePolicy => Iam, "UpdateAssumeRolePolicy", Write;
    ListAttachedRolePolicies => Iam, "ListAttachedRolePolicies", Read;
    AttachRolePolicy => Iam, "AttachRolePolicy", Write;
    DetachRolePolicy => Iam, "DetachRolePolicy", Write;
    ListRolePolicies => Iam, "ListRolePolicies", Read;
    GetRolePolicy => Iam, "GetRolePolicy", Read;
    PutRolePolicy => Iam, "PutRolePolicy", Write;
    DeleteRolePolicy => Iam, "DeleteRolePolicy", Write;
    PutRolePermissionsBoundary => Iam, "PutRolePermissionsBoundary", Write;
    DeleteRolePermissionsBoundary => Iam, "DeleteRolePermissionsBoundary", Write;
    TagRole => Iam, "TagRole", Write;
    UntagRole => Iam, "UntagRole", Write;
    ListRoles => Iam, "ListRoles", Read;
    DeleteRole => Iam, "DeleteRole", Write;
    ListInstanceProfilesForRole => Iam, "ListInstanceProfilesForRole", Read;
    RemoveRoleFromInstanceProfile => Iam, "RemoveRoleFromInstanceProfile", Write;
    // IAM: managed policies
    GetPolicy => Iam, "GetPolicy", Read;
    CreatePolicy => Iam, "CreatePolicy", Write;
    GetPolicyVersion => Iam, "GetPolicyVersion", Read;
    ListPolicyVersions => Iam, "ListPolicyVersions", Read;
    CreatePolicyVersion => Iam, "CreatePolicyVersion", Write;
    DeletePolicyVersion => Iam, "DeletePolicyVersion", Write;
    ListPolicies => Iam, "ListPolicies", Read;
    DeletePolicy => Iam, "DeletePolicy", Write;
    // IAM: service last accessed (a report, like the credential report: no configuration changes)
    GenerateServiceLastAccessedDetails => Iam, "GenerateServiceLastAccessedDetails", Read;
    GetServiceLastAccessedDetails => Iam, "GetServiceLastAccessedDetails", Read;
    // Identity Center administration
    ListInstances => Sso, "ListInstances", Read;
    ListPermissionSets => Sso, "ListPermissionSets", Read;
    DescribePermissionSet => Sso, "DescribePermissionSet", Read;
    CreatePermissionSet => Sso, "CreatePermissionSet", Write;
    UpdatePermissionSet => Sso, "UpdatePermissionSet", Write;
    ListManagedPoliciesInPermissionSet => Sso, "ListManagedPoliciesInPermissionSet", Read;
    AttachManagedPolicyToPermissionSet => Sso, "AttachManagedPolicyToPermissionSet", Write;
    DetachManagedPolicyFromPermissionSet => Sso, "DetachManagedPolicyFromPermissionSet", Write;
    ListCustomerManagedPolicyReferencesInPermissionSet => Sso, "ListCustomerManagedPolicyReferencesInPermissionSet", Read;
    AttachCustomerManagedPolicyReferenceToPermissionSet => Sso, "AttachCustomerManagedPolicyReferenceToPermissionSet", Write;
    DetachCustomerManagedPolicyReferenceFromPermissionSet => Sso, "DetachCustomerManagedPolicyReferenceFromPermissionSet", Write;
    GetInlinePolicyForPermissionSet => Sso, "GetInlinePolicyForPermissionSet", Read;
    PutInlinePolicyToPermissionSet => Sso, "PutInlinePolicyToPermissionSet", Write;
    DeleteInlinePolicyFromPermissionSet => Sso, "DeleteInlinePolicyFromPermissionSet", Write;
    GetPermissionsBoundaryForPermissionSet => Sso, "GetPermissionsBoundaryForPermissionSet", Read;
    PutPermissionsBoundaryToPermissionSet => Sso, "PutPermissionsBoundaryToPermissionSet", Write;
    DeletePermissionsBoundaryFromPermissionSet => Sso, "DeletePermissionsBoundaryFromPermissionSet", Write;
    ListTagsForResource => Sso, "ListTagsForResource", Read;
    TagResource => Sso, "TagResource", Write;
    UntagResource => Sso, "UntagResource", Write;
    ListAccountAssignments => Sso, "ListAccountAssignments", Read;
    ListAccountAssignmentsForPrincipal => Sso, "ListAccountAssignmentsForPrincipal", Read;
    CreateAccountAssignment => Sso, "CreateAccountAssignment", Write;
    DescribeAccountAssignmentCreationStatus => Sso, "DescribeAccountAssignmentCreationStatus", Read;
    ProvisionPermissionSet => Sso, "ProvisionPermissionSet", Write;
    DescribePermissionSetProvisioningStatus => Sso, "DescribePermissionSetProvisioningStatus", Read;
    ListAccountsForProvisionedPermissionSet => Sso, "ListAccountsForProvisionedPermissionSet", Read;
    DeleteAccountAssignment => Sso, "DeleteAccountAssignment", Write;
    DescribeAccountAssignmentDeletionStatus => Sso, "DescribeAccountAssignmentDeletionStatus", Read;
    DeletePermissionSet => Sso, "DeletePermissionSet", Write;
    // Identity store
    GetDirectoryUserId => IdentityStore, "GetUserId", Read;
    DescribeDirectoryUser => IdentityStore, "DescribeUser", Read;
    CreateDirectoryUser => IdentityStore, "CreateUser", Write;
    GetDirectoryGroupId => IdentityStore, "GetGroupId", Read;
    CreateDirectoryGroup => IdentityStore, "CreateGroup", Write;
    GetGroupMembershipId => IdentityStore, "GetGroupMembershipId", Read;
    CreateGroupMembership => IdentityStore, "CreateGroupMembership", Write;
    ListGroupMemberships => IdentityStore, "ListGroupMemberships", Read;
    DeleteGroupMembership => IdentityStore, "DeleteGroupMembership", Write;
    DeleteDirectoryUser => IdentityStore, "DeleteUser", Write;
    DeleteDirectoryGroup => IdentityStore, "DeleteGroup", Write;
    // Organizations
    DescribeOrganization => Organizations, "DescribeOrganization", Read;
    ListRoots => Organizations, "ListRoots", Read;
    ListOrganizationalUnitsForParent => Organizations, "ListOrganizationalUnitsForParent", Read;
    ListAccountsForParent => Organizations, "ListAccountsForParent", Read;
    ListAccounts => Organizations, "ListAccounts", Read;
    ListOrganizationTags => Organizations, "ListTagsForResource", Read;
    DescribeAccount => Organizations, "DescribeAccount", Read;
    CreateAccount => Organizations, "CreateAccount", Write;
    DescribeCreateAccountStatus => Organizations, "DescribeCreateAccountStatus", Read;
    ListCreateAccountStatus => Organizations, "ListCreateAccountStatus", Read;
    ListParents => Organizations, "ListParents", Read;
    ListDelegatedAdministrators => Organizations, "ListDelegatedAdministrators", Read;
    ListAwsServiceAccessForOrganization => Organizations, "ListAWSServiceAccessForOrganization", Read;
    CreateOrganization => Organizations, "CreateOrganization", Write;
    CreateOrganizationalUnit => Organizations, "CreateOrganizationalUnit", Write;
    MoveAccount => Organizations, "MoveAccount", Write;
    TagOrganizationResource => Organizations, "TagResource", Write;
    CloseAccount => Organizations, "CloseAccount", Write;
    RegisterDelegatedAdministrator => Organizations, "RegisterDelegatedAdministrator", Write;
    EnableAwsServiceAccess => Organizations, "EnableAWSServiceAccess", Write;
    // Centralized root access (an organization's member accounts' root users)
    AssumeRoot => Sts, "AssumeRoot", Read;
    ListOrganizationsFeatures => Iam, "ListOrganizationsFeatures", Read;
    EnableOrganizationsRootCredentialsManagement => Iam, "EnableOrganizationsRootCredentialsManagement", Write;
    EnableOrganizationsRootSessions => Iam, "EnableOrganizationsRootSessions", Write;
    GetLoginProfile => Iam, "GetLoginProfile", Read;
    DeleteLoginProfile => Iam, "DeleteLoginProfile", Write;
    GetAccessKeyLastUsed => Iam, "GetAccessKeyLastUsed", Read;
    ListSigningCertificates => Iam, "ListSigningCertificates", Read;
    DeleteSigningCertificate => Iam, "DeleteSigningCertificate", Write;
    DeactivateMfaDevice => Iam, "DeactivateMFADevice", Write;
    // IAM Access Analyzer (a generation job changes no configuration)
    ValidatePolicy => AccessAnalyzer, "ValidatePolicy", Read;
    CheckNoNewAccess => AccessAnalyzer, "CheckNoNewAccess", Read;
    CheckAccessNotGranted => AccessAnalyzer, "CheckAccessNotGranted", Read;
    CheckNoPublicAccess => AccessAnalyzer, "CheckNoPublicAccess", Read;
    StartPolicyGeneration => AccessAnalyzer, "StartPolicyGeneration", Read;
    GetGeneratedPolicy => AccessAnalyzer, "GetGeneratedPolicy", Read;
    CancelPolicyGeneration => AccessAnalyzer, "CancelPolicyGeneration", Read;
    // CloudFormation StackSets (drift detection changes no configuration)
    DescribeStackSet => CloudFormation, "DescribeStackSet", Read;
    CreateStackSet => CloudFormation, "CreateStackSet", Write;
    UpdateStackSet => CloudFormation, "UpdateStackSet", Write;
    DeleteStackSet => CloudFormation, "DeleteStackSet", Write;
    CreateStackInstances => CloudFormation, "CreateStackInstances", Write;
    DeleteStackInstances => CloudFormation, "DeleteStackInstances", Write;
    ListStackInstances => CloudFormation, "ListStackInstances", Read;
    DescribeStackSetOperation => CloudFormation, "DescribeStackSetOperation", Read;
    ListStackSetOperations => CloudFormation, "ListStackSetOperations", Read;
    ListStackSetOperationResults => CloudFormation, "ListStackSetOperationResults", Read;
    DetectStackSetDrift => CloudFormation, "DetectStackSetDrift", Read;
    ListStackInstanceResourceDrifts => CloudFormation, "ListStackInstanceResourceDrifts", Read;
}

impl Operation {
    /// Whether it changes state.
    pub fn is_write(self) -> bool {
        self.access() == Access::Write
    }

    /// The IAM action that authorizes it (`iam:GetRole`).
    pub fn iam_action(self) -> String {
        format!("{}:{}", self.service().action_prefix(), self.api_name())
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service().action_prefix(), self.api_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_the_iam_action() {
        assert_eq!(Operation::GetRole.to_string(), "iam:GetRole");
        assert_eq!(
            Operation::CreateDirectoryUser.to_string(),
            "identitystore:CreateUser"
        );
        assert_eq!(
            Operation::CreatePermissionSet.iam_action(),
            "sso:CreatePermissionSet"
        );
        assert_eq!(Operation::ListMfaDevices.api_name(), "ListMFADevices");
        assert_eq!(
            Operation::ListOrganizationTags.to_string(),
            "organizations:ListTagsForResource"
        );
    }

    #[test]
    fn access_classifies_writes() {
        assert!(Operation::UpdateAccountPasswordPolicy.is_write());
        assert!(!Operation::GetAccountPasswordPolicy.is_write());
        assert!(!Operation::GenerateCredentialReport.is_write());
        let writes = Operation::ALL.iter().filter(|op| op.is_write()).count();
        assert!(writes > 20 && writes < Operation::ALL.len());
    }
}
