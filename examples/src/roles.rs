//! Step three of the guide as a recipe: least-privilege roles for a CI pipeline, a
//! service, and people who need read access with MFA.

use iam_bootstrap::policy::PolicyDocument;
use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::{Aws, Plan};

use crate::Target;

/// The roles the demo creates.
///
/// # Errors
/// Never for these literals; the `Result` is the builder's.
pub fn demo_roles() -> iam_bootstrap::Result<Vec<RoleSpec>> {
    Ok(vec![
        RoleSpec::builder("ci-deployer")
            .description("GitHub Actions deploys from main")
            .trust(Trust::github_actions("my-org/my-app", "refs/heads/main"))
            .customer_policy(
                "ci-deployer-artifacts",
                PolicyDocument::allow(
                    ["s3:PutObject", "s3:GetObject"],
                    ["arn:aws:s3:::my-app-artifacts/*"],
                ),
            )
            .tag("purpose", "ci")
            .build()?,
        RoleSpec::builder("orders-lambda")
            .description("Runs the orders function")
            .trust(Trust::service("lambda.amazonaws.com"))
            .inline_policy(
                "write-logs",
                PolicyDocument::allow(
                    ["logs:CreateLogStream", "logs:PutLogEvents"],
                    ["arn:aws:logs:*:*:log-group:/aws/lambda/orders:*"],
                ),
            )
            .build()?,
        RoleSpec::builder("auditors")
            .description("Read-only access for people, with MFA")
            .trust(Trust::same_account_with_mfa())
            .managed_policy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")
            .managed_policy("arn:aws:iam::aws:policy/SecurityAudit")
            .build()?,
    ])
}

/// Plans (and unless `--dry-run`, applies) every role of `specs`, printing each plan.
///
/// # Errors
/// The first plan or apply that fails.
pub async fn roles_section(target: &Target, aws: &Aws, specs: &[RoleSpec]) -> iam_bootstrap::Result<()> {
    let mut plan = Plan::default();
    for spec in specs {
        plan.extend(spec.plan(aws).await?);
    }
    target.print_plan("Prepare least-privilege permissions: roles", &plan);
    if !target.dry_run {
        let outcome = plan.apply(aws).await?;
        target.print_outcome(&plan, &outcome);
    }
    Ok(())
}
