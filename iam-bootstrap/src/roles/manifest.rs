//! What iam-bootstrap itself needs to be allowed to plan and apply role specs, so it can run
//! under least privilege too.

use std::collections::BTreeSet;

use super::spec::RoleSpec;
use crate::client::Operation;
use crate::names::AccountId;
use crate::policy::{Operator, PolicyDocument, Statement};

/// Operations on the roles themselves (no condition needed beyond the role's ARN).
const ROLE_OPERATIONS: &[Operation] = &[
    Operation::GetRole,
    Operation::CreateRole,
    Operation::UpdateRole,
    Operation::UpdateAssumeRolePolicy,
    Operation::ListAttachedRolePolicies,
    Operation::DetachRolePolicy,
    Operation::ListRolePolicies,
    Operation::GetRolePolicy,
    Operation::PutRolePolicy,
    Operation::DeleteRolePolicy,
    Operation::DeleteRolePermissionsBoundary,
    Operation::TagRole,
    Operation::UntagRole,
];

/// Operations on the spec's customer managed policies.
const POLICY_OPERATIONS: &[Operation] = &[
    Operation::GetPolicy,
    Operation::CreatePolicy,
    Operation::GetPolicyVersion,
    Operation::ListPolicyVersions,
    Operation::CreatePolicyVersion,
    Operation::DeletePolicyVersion,
];

fn actions(operations: &[Operation]) -> Vec<String> {
    operations.iter().map(|op| op.iam_action()).collect()
}

/// An account wildcard, so the manifest works in every account the specs are rolled out to.
fn any_account() -> AccountId {
    AccountId::known("000000000000")
}

fn wildcard_account(arn: &str) -> String {
    arn.replacen(":000000000000:", ":*:", 1)
}

/// The least-privilege identity policy that lets a principal plan and apply `specs`:
/// read the account, manage exactly these roles and their customer policies, attach only
/// the policies the specs name, and set only the boundaries they name.
///
/// ```
/// use iam_bootstrap::roles::{RoleSpec, Trust, required_policy};
/// let role = RoleSpec::builder("app").trust(Trust::service("lambda.amazonaws.com")).build()?;
/// let policy = required_policy(&[&role]);
/// assert!(policy.to_json().contains("arn:aws:iam::*:role/app"));
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
pub fn required_policy(specs: &[&RoleSpec]) -> PolicyDocument {
    let account = any_account();
    let roles: BTreeSet<String> = specs
        .iter()
        .map(|s| format!("arn:aws:iam::*:role{}{}", s.path, s.name))
        .collect();
    let policies: BTreeSet<String> = specs
        .iter()
        .flat_map(|s| (0..s.customer_policies.len()).filter_map(|i| s.customer_policy_arn(&account, i)))
        .map(|arn| wildcard_account(arn.as_str()))
        .collect();
    let attachments: BTreeSet<String> = specs
        .iter()
        .flat_map(|s| s.attachments(&account))
        .map(|arn| wildcard_account(arn.as_str()))
        .collect();
    let boundaries: BTreeSet<String> = specs
        .iter()
        .filter_map(|s| s.boundary_arn(&account))
        .map(|arn| wildcard_account(arn.as_str()))
        .collect();

    let mut statements = vec![
        Statement::allow()
            .sid("ReadTheAccount")
            .actions(actions(&[
                Operation::GetCallerIdentity,
                Operation::GetAccountSummary,
            ]))
            .resources(["*"])
            .build(),
    ];
    if !roles.is_empty() {
        statements.push(
            Statement::allow()
                .sid("ManageTheseRoles")
                .actions(actions(ROLE_OPERATIONS))
                .resources(roles.iter())
                .build(),
        );
    }
    if !roles.is_empty() && !attachments.is_empty() {
        statements.push(
            Statement::allow()
                .sid("AttachOnlyTheSpecsPolicies")
                .actions(actions(&[Operation::AttachRolePolicy]))
                .resources(roles.iter())
                .condition(
                    Operator::ArnLike,
                    "iam:PolicyARN",
                    attachments.iter().map(String::as_str),
                )
                .build(),
        );
    }
    if !roles.is_empty() && !boundaries.is_empty() {
        statements.push(
            Statement::allow()
                .sid("SetOnlyTheSpecsBoundaries")
                .actions(actions(&[Operation::PutRolePermissionsBoundary]))
                .resources(roles.iter())
                .condition(
                    Operator::ArnLike,
                    "iam:PermissionsBoundary",
                    boundaries.iter().map(String::as_str),
                )
                .build(),
        );
    }
    if !policies.is_empty() {
        let mut policy_actions = actions(POLICY_OPERATIONS);
        // CreatePolicy with tags (the ownership marker) needs iam:TagPolicy as well.
        policy_actions.push("iam:TagPolicy".to_owned());
        statements.push(
            Statement::allow()
                .sid("ManageTheSpecsPolicies")
                .actions(policy_actions)
                .resources(policies.iter())
                .build(),
        );
    }
    PolicyDocument::new(statements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Decision, PolicyContext, Request, allows};
    use crate::roles::Trust;

    fn spec() -> RoleSpec {
        RoleSpec::builder("app")
            .path("/apps/")
            .trust(Trust::service("lambda.amazonaws.com"))
            .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .customer_policy(
                "app-write",
                PolicyDocument::allow(["s3:PutObject"], ["arn:aws:s3:::b/*"]),
            )
            .build()
            .unwrap()
    }

    #[test]
    fn allows_the_roles_and_nothing_else() {
        let policy = required_policy(&[&spec()]);
        policy.validate(PolicyContext::Identity).unwrap();
        let docs = [policy];
        let role = "arn:aws:iam::123456789012:role/apps/app";
        let decide = |request: Request| allows(&docs, &request).decision;
        assert_eq!(decide(Request::new("iam:CreateRole", role)), Decision::Allow);
        assert_eq!(
            decide(Request::new(
                "iam:CreateRole",
                "arn:aws:iam::123456789012:role/other"
            )),
            Decision::ImplicitDeny
        );
        let attach =
            |policy: &str| Request::new("iam:AttachRolePolicy", role).with_context("iam:PolicyARN", [policy]);
        assert_eq!(
            decide(attach("arn:aws:iam::aws:policy/ReadOnlyAccess")),
            Decision::Allow
        );
        assert_eq!(
            decide(attach("arn:aws:iam::123456789012:policy/app-write")),
            Decision::Allow
        );
        assert_eq!(
            decide(attach("arn:aws:iam::aws:policy/AdministratorAccess")),
            Decision::ImplicitDeny
        );
        assert_eq!(
            decide(Request::new(
                "iam:CreatePolicyVersion",
                "arn:aws:iam::123456789012:policy/app-write"
            )),
            Decision::Allow
        );
        assert_eq!(
            decide(Request::new(
                "iam:DeletePolicy",
                "arn:aws:iam::123456789012:policy/app-write"
            )),
            Decision::ImplicitDeny
        );
        assert_eq!(
            decide(Request::new("sts:GetCallerIdentity", "*")),
            Decision::Allow
        );
    }
}
