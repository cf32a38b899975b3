//! What iam-bootstrap itself needs to be allowed to do, per capability, so it can run under
//! least privilege: [`Bootstrap::required_policy`](crate::Bootstrap::required_policy).

use crate::client::Operation;
use crate::ownership::{SPEC_TAG_KEY, SpecName};
use crate::policy::{Operator, PolicyDocument, Statement};
use crate::roles::{RoleSpec, required_policy as roles_policy};

/// What the root audit reads, and the account settings it may fix. (Root access keys are
/// changed only in a root session, which identity policies do not govern.)
const ROOT: &[Operation] = &[
    Operation::GetCallerIdentity,
    Operation::GetAccountSummary,
    Operation::GenerateCredentialReport,
    Operation::GetCredentialReport,
    Operation::GetAccountPasswordPolicy,
    Operation::UpdateAccountPasswordPolicy,
    Operation::ListAccountAliases,
    Operation::CreateAccountAlias,
    Operation::ListVirtualMfaDevices,
    Operation::ListAccessKeys,
];

/// Every Identity Center administration call the library makes.
const SSO: &[Operation] = &[
    Operation::ListPermissionSets,
    Operation::DescribePermissionSet,
    Operation::CreatePermissionSet,
    Operation::UpdatePermissionSet,
    Operation::ListManagedPoliciesInPermissionSet,
    Operation::AttachManagedPolicyToPermissionSet,
    Operation::DetachManagedPolicyFromPermissionSet,
    Operation::ListCustomerManagedPolicyReferencesInPermissionSet,
    Operation::AttachCustomerManagedPolicyReferenceToPermissionSet,
    Operation::DetachCustomerManagedPolicyReferenceFromPermissionSet,
    Operation::GetInlinePolicyForPermissionSet,
    Operation::PutInlinePolicyToPermissionSet,
    Operation::DeleteInlinePolicyFromPermissionSet,
    Operation::GetPermissionsBoundaryForPermissionSet,
    Operation::PutPermissionsBoundaryToPermissionSet,
    Operation::DeletePermissionsBoundaryFromPermissionSet,
    Operation::ListTagsForResource,
    Operation::TagResource,
    Operation::UntagResource,
    Operation::ListAccountAssignments,
    Operation::ListAccountAssignmentsForPrincipal,
    Operation::CreateAccountAssignment,
    Operation::DescribeAccountAssignmentCreationStatus,
    Operation::ProvisionPermissionSet,
    Operation::DescribePermissionSetProvisioningStatus,
    Operation::ListAccountsForProvisionedPermissionSet,
    // Prune, destroy and revocation poll their deletions; the deletions themselves are
    // in `SSO_DELETE`, scoped to the spec's own sets.
    Operation::DescribeAccountAssignmentDeletionStatus,
];

/// What a prune, a destroy or a revocation deletes in Identity Center: assignments of the
/// spec's own sets, then the sets. Both actions take `aws:ResourceTag/${TagKey}` (see the
/// action catalog), evaluated on the permission set they name.
const SSO_DELETE: &[Operation] = &[Operation::DeleteAccountAssignment, Operation::DeletePermissionSet];

/// Every identity-store call the library makes.
const IDENTITY_STORE: &[Operation] = &[
    Operation::GetDirectoryUserId,
    Operation::DescribeDirectoryUser,
    Operation::CreateDirectoryUser,
    Operation::GetDirectoryGroupId,
    Operation::CreateDirectoryGroup,
    Operation::GetGroupMembershipId,
    Operation::CreateGroupMembership,
    // Prune, destroy and revocation: memberships of the spec's groups, and the users and
    // groups a spec lists for removal.
    Operation::ListGroupMemberships,
    Operation::DeleteGroupMembership,
    Operation::DeleteDirectoryUser,
    Operation::DeleteDirectoryGroup,
];

/// The resources sso-admin actions act on: instances, permission sets, target accounts.
const SSO_RESOURCES: [&str; 3] = [
    "arn:aws:sso:::instance/*",
    "arn:aws:sso:::permissionSet/*/*",
    "arn:aws:sso:::account/*",
];

/// The resources identity-store actions act on.
const IDENTITY_STORE_RESOURCES: [&str; 4] = [
    "arn:aws:identitystore::*:identitystore/*",
    "arn:aws:identitystore:::user/*",
    "arn:aws:identitystore:::group/*",
    "arn:aws:identitystore:::membership/*",
];

/// Identity Center creates the roles and the SAML provider that back a permission set in
/// each account it provisions to, with the caller's permissions (AWS's
/// `AWSSSOMasterAccountAdministrator` grants the same).
const SSO_PROVISIONING_IAM_ACTIONS: [&str; 11] = [
    "iam:AttachRolePolicy",
    "iam:CreateRole",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:GetRole",
    "iam:ListAttachedRolePolicies",
    "iam:ListRolePolicies",
    "iam:PutRolePolicy",
    "iam:CreateSAMLProvider",
    "iam:GetSAMLProvider",
    "iam:UpdateSAMLProvider",
];

/// What a prune or a destroy calls on the roles and customer managed policies it deletes:
/// allowed only on resources tagged with the spec's name.
const RETIRE: &[Operation] = &[
    Operation::ListAttachedRolePolicies,
    Operation::DetachRolePolicy,
    Operation::ListRolePolicies,
    Operation::DeleteRolePolicy,
    Operation::ListInstanceProfilesForRole,
    Operation::DeleteRole,
    Operation::ListPolicyVersions,
    Operation::DeletePolicyVersion,
    Operation::DeletePolicy,
];

/// The statements that let a prune or a destroy find what `spec` owns (list every role and
/// customer managed policy, read their tags) and delete only that (the tag condition).
/// Removing a role from an instance profile is authorized on the profile, which carries no
/// spec tag: a role the spec owns that someone put in an instance profile needs that
/// permission granted separately.
fn retire_statements(spec: &SpecName) -> [Statement; 2] {
    [
        Statement::allow()
            .sid("FindWhatTheSpecOwns")
            .actions(actions(&[
                Operation::ListRoles,
                Operation::ListPolicies,
                Operation::GetRole,
                Operation::GetPolicy,
            ]))
            .resources(["*"])
            .build(),
        Statement::allow()
            .sid("DeleteOnlyWhatTheSpecOwns")
            .actions(actions(RETIRE))
            .resources(["arn:aws:iam::*:role/*", "arn:aws:iam::*:policy/*"])
            .condition(
                Operator::StringEquals,
                format!("aws:ResourceTag/{SPEC_TAG_KEY}"),
                [spec.as_str()],
            )
            .build(),
    ]
}

/// The statements that let a prune, a destroy or a revocation delete Identity Center
/// assignments and permission sets of `spec`'s own sets only. IAM authorizes each of those
/// calls on every resource it names: the permission set, which carries the spec's tag (the
/// condition), and the instance and the target account, which carry no spec tag (a
/// condition there would deny every call, so they are allowed in a statement of their
/// own; without the first statement's set they grant nothing).
fn sso_delete_statements(spec: &SpecName) -> [Statement; 2] {
    [
        Statement::allow()
            .sid("DeleteOnlyTheSpecsPermissionSetsAndTheirAssignments")
            .actions(actions(SSO_DELETE))
            .resources(["arn:aws:sso:::permissionSet/*/*"])
            .condition(
                Operator::StringEquals,
                format!("aws:ResourceTag/{SPEC_TAG_KEY}"),
                [spec.as_str()],
            )
            .build(),
        Statement::allow()
            .sid("DeleteInTheInstanceAndItsAccounts")
            .actions(actions(SSO_DELETE))
            .resources(["arn:aws:sso:::instance/*", "arn:aws:sso:::account/*"])
            .build(),
    ]
}

fn actions(operations: &[Operation]) -> Vec<String> {
    operations.iter().map(|op| op.iam_action()).collect()
}

/// What planning and applying member accounts calls: the organization's tree (roots, OUs,
/// accounts, their parents and tags, creations in progress), then the account's creation,
/// its move into its OU and its tags. Organizations authorizes these on `*` or on the
/// organization's own ARNs, which the spec does not know before it reads them.
const ORGANIZATIONS: &[Operation] = &[
    Operation::DescribeOrganization,
    Operation::ListRoots,
    Operation::ListOrganizationalUnitsForParent,
    Operation::ListAccounts,
    Operation::ListParents,
    Operation::ListOrganizationTags,
    Operation::ListCreateAccountStatus,
    Operation::CreateAccount,
    Operation::DescribeCreateAccountStatus,
    Operation::MoveAccount,
    Operation::TagOrganizationResource,
];

/// What planning and applying a spec's StackSet rollouts calls: the organization's tree
/// (to resolve the target OUs), then the StackSet, its instances and its operations.
const STACKSETS: &[Operation] = &[
    Operation::DescribeOrganization,
    Operation::ListRoots,
    Operation::ListOrganizationalUnitsForParent,
    Operation::ListAccountsForParent,
    Operation::ListAccounts,
    Operation::ListParents,
    Operation::ListOrganizationTags,
    Operation::DescribeStackSet,
    Operation::CreateStackSet,
    Operation::UpdateStackSet,
    Operation::CreateStackInstances,
    Operation::DeleteStackInstances,
    Operation::ListStackInstances,
    Operation::DescribeStackSetOperation,
    Operation::ListStackSetOperations,
    Operation::ListStackSetOperationResults,
];

/// The statement that lets a principal plan and apply a spec's `[[stacksets]]`. On `*`:
/// a service-managed StackSet's ARN carries an id CloudFormation assigns, and its instance
/// calls are also authorized on `stackset-target` and resource-type ARNs.
pub(crate) fn stacksets_statement() -> Statement {
    Statement::allow()
        .sid("RollOutOrgStackSets")
        .actions(actions(STACKSETS))
        .resources(["*"])
        .build()
}

/// The statement that lets a principal plan and apply a spec's member accounts.
pub(crate) fn organization_accounts_statement() -> Statement {
    Statement::allow()
        .sid("CreateAndPlaceMemberAccounts")
        .actions(actions(ORGANIZATIONS))
        .resources(["*"])
        .build()
}

/// The statements each capability needs; `roles` contribute theirs through
/// [`roles::required_policy`](crate::roles::required_policy).
/// `spec` is the spec's name, for the statements that let it prune and destroy what it owns.
pub(crate) fn required_policy(
    root: bool,
    identity_center: bool,
    roles: &[&RoleSpec],
    spec: &SpecName,
) -> PolicyDocument {
    let mut statements = Vec::new();
    if root {
        statements.push(
            Statement::allow()
                .sid("AuditAndHardenTheAccount")
                .actions(actions(ROOT))
                .resources(["*"])
                .build(),
        );
    }
    if identity_center {
        statements.push(
            Statement::allow()
                .sid("FindTheIdentityCenterInstance")
                .actions(actions(&[Operation::ListInstances, Operation::GetCallerIdentity]))
                .resources(["*"])
                .build(),
        );
        statements.push(
            Statement::allow()
                .sid("ManagePermissionSetsAndAssignments")
                .actions(actions(SSO))
                .resources(SSO_RESOURCES)
                .build(),
        );
        statements.extend(sso_delete_statements(spec));
        statements.push(
            Statement::allow()
                .sid("ManageTheDirectory")
                .actions(actions(IDENTITY_STORE))
                .resources(IDENTITY_STORE_RESOURCES)
                .build(),
        );
        statements.push(
            Statement::allow()
                .sid("LetIdentityCenterProvisionItsRoles")
                .actions(SSO_PROVISIONING_IAM_ACTIONS)
                .resources([
                    "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*",
                    "arn:aws:iam::*:saml-provider/AWSSSO_*",
                ])
                .build(),
        );
    }
    if !roles.is_empty() {
        statements.extend(roles_policy(roles).into_statements());
    }
    statements.extend(retire_statements(spec));
    PolicyDocument::new(statements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::InMemory;
    use crate::policy::{Decision, PolicyContext, Request, allows};
    use crate::{Aws, Bootstrap};

    /// A representative resource for a call, as IAM would authorize it.
    fn resource(op: Operation) -> &'static str {
        match op.service() {
            crate::client::Service::Sso if op != Operation::ListInstances => {
                "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
            }
            crate::client::Service::IdentityStore => "arn:aws:identitystore::123456789012:identitystore/d-1",
            _ => "*",
        }
    }

    #[tokio::test]
    async fn a_vending_specs_organizations_calls_are_all_allowed() {
        let tree = crate::client::memory::OrganizationTree::new().ou("/Workloads");
        let aws = Aws::in_memory(InMemory::builder().organization(tree).build());
        let spec = Bootstrap::from_toml_str(
            "[[accounts]]\nname = \"w\"\nemail = \"aws+w@example.com\"\nou = \"Root/Workloads\"\ntags = { env = \"prod\" }\n",
        )
        .unwrap();
        spec.apply(&aws, crate::ApplyOptions::default()).await.unwrap();
        let docs = [spec.required_policy()];
        let called: Vec<Operation> = aws.calls().by_operation.keys().copied().collect();
        assert!(called.contains(&Operation::CreateAccount), "{called:?}");
        for op in called {
            let request = Request::new(op.iam_action(), "*");
            assert_eq!(allows(&docs, &request).decision, Decision::Allow, "{op}");
        }
        let without = Bootstrap::from_toml_str("").unwrap().required_policy();
        assert!(!format!("{without:?}").contains("organizations:CreateAccount"));
    }

    #[tokio::test]
    async fn the_starter_bootstraps_calls_are_all_allowed() {
        let spec = Bootstrap::from_toml_str(include_str!("../../examples/specs/starter.toml")).unwrap();
        let policy = spec.required_policy();
        policy.validate_syntax(PolicyContext::Identity).unwrap();
        let aws = Aws::in_memory(InMemory::new());
        spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
        let docs = [policy];
        for op in aws.calls().by_operation.keys() {
            let request = match op {
                // Role and policy calls are scoped to the spec's names: checked in roles::manifest.
                o if o.service() == crate::client::Service::Iam && !ROOT.contains(o) => continue,
                o => Request::new(o.iam_action(), resource(*o)),
            };
            assert_eq!(allows(&docs, &request).decision, Decision::Allow, "{op}");
        }
        let outside = Request::new("iam:DeleteRole", "arn:aws:iam::123456789012:role/anything");
        assert_eq!(allows(&docs, &outside).decision, Decision::ImplicitDeny);
    }

    #[tokio::test]
    async fn a_prune_and_a_destroy_may_delete_only_what_the_spec_owns() {
        let spec = Bootstrap::from_toml_str(
            "name = \"team-a\"\nprune = true\n[[roles]]\nname = \"a\"\ntrust = { preset = \"service\", service = \"lambda.amazonaws.com\" }\n",
        )
        .unwrap();
        let docs = [spec.required_policy()];
        let aws = Aws::in_memory(InMemory::new());
        spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
        let before = aws.calls();
        let destroy = spec.destroy_plan(&aws).await.unwrap();
        destroy
            .apply_with(&aws, crate::ApplyOptions::default().allow_deletions(true))
            .await
            .unwrap();
        let role = "arn:aws:iam::123456789012:role/a";
        let ours = |op: Operation| {
            Request::new(op.iam_action(), role).with_context("aws:ResourceTag/iam-bootstrap:spec", ["team-a"])
        };
        for op in aws.calls().since(&before).by_operation.keys() {
            assert_eq!(allows(&docs, &ours(*op)).decision, Decision::Allow, "{op}");
        }
        let theirs = Request::new("iam:DeleteRole", role)
            .with_context("aws:ResourceTag/iam-bootstrap:spec", ["team-b"]);
        assert_eq!(allows(&docs, &theirs).decision, Decision::ImplicitDeny);
    }

    #[tokio::test]
    async fn identity_center_deletions_are_scoped_to_the_specs_own_sets() {
        let spec = Bootstrap::from_toml_str(
            "name = \"team-a\"\n[identity_center]\ngroups = [{ name = \"devs\" }]\n\
             [[identity_center.permission_sets]]\nname = \"Dev\"\n\
             [[identity_center.assignments]]\npermission_set = \"Dev\"\nprincipal = { group = \"devs\" }\naccounts = [\"111111111111\"]\n",
        )
        .unwrap();
        let docs = [spec.required_policy()];
        let aws = Aws::in_memory(InMemory::new());
        spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
        let before = aws.calls();
        spec.destroy_plan(&aws)
            .await
            .unwrap()
            .apply_with(&aws, crate::ApplyOptions::default().allow_deletions(true))
            .await
            .unwrap();
        let called = aws.calls().since(&before);
        let set = "arn:aws:sso:::permissionSet/ssoins-1/ps-1";
        let on = |op: Operation, resource: &str, owner: &str| {
            Request::new(op.iam_action(), resource)
                .with_context("aws:ResourceTag/iam-bootstrap:spec", [owner])
        };
        for op in SSO_DELETE {
            assert_eq!(called.calls(*op), 1, "{op}");
            // Every resource the call names: the set (tagged), the instance, the account.
            for resource in [
                set,
                "arn:aws:sso:::instance/ssoins-1",
                "arn:aws:sso:::account/111111111111",
            ] {
                assert_eq!(
                    allows(&docs, &on(*op, resource, "team-a")).decision,
                    Decision::Allow,
                    "{op} {resource}"
                );
            }
            // Another spec's set, or an untagged one: denied.
            assert_eq!(
                allows(&docs, &on(*op, set, "team-b")).decision,
                Decision::ImplicitDeny,
                "{op}"
            );
            let untagged = Request::new(op.iam_action(), set);
            assert_eq!(allows(&docs, &untagged).decision, Decision::ImplicitDeny, "{op}");
        }
        for op in called
            .by_operation
            .keys()
            .filter(|o| o.service() != crate::client::Service::Iam)
        {
            assert_eq!(
                allows(&docs, &on(*op, resource(*op), "team-a")).decision,
                Decision::Allow,
                "{op}"
            );
        }
    }
}
