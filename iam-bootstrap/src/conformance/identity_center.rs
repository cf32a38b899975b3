//! Identity Center scenarios: the admin preset end to end, permission-set convergence,
//! adding accounts, and what a plan refuses. Checked by reading back through the traits.
//!
//! moto cannot read sso-admin tags (HTTP 500), so scenarios that rewrite an existing
//! permission set adopt it explicitly; ownership by tag is tested on the in-memory account.

use super::{Check, Failure, ensure, ensure_eq, unique};
use crate::client::AccountAssignment;
use crate::error::{Error, PreconditionReason, ResourceKind};
use crate::names::{AccountId, DirectoryGroupName, DirectoryUserName, InstanceArn, PermissionSetArn};
use crate::{
    AdminProvisioning, Aws, DirectoryUserSpec, IdentityCenterSpec, InstanceChoice, PermissionSetSpec,
};

const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const READ_ONLY: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

async fn caller_account(aws: &Aws) -> Result<AccountId, Failure> {
    Ok(AccountId::new(aws.iam().caller_identity().await?.account)?)
}

/// The ARN of the permission set called `name`, if there is one.
async fn set_arn(aws: &Aws, instance: &InstanceArn, name: &str) -> Result<Option<PermissionSetArn>, Failure> {
    let idc = aws.identity_center();
    for arn in idc.list_permission_sets(instance).await? {
        if idc
            .describe_permission_set(instance, &arn)
            .await?
            .is_some_and(|s| s.name == name)
        {
            return Ok(Some(arn));
        }
    }
    Ok(None)
}

fn admin(user: &str, group: &str, set: &str, accounts: &[&AccountId]) -> Result<AdminProvisioning, Failure> {
    Ok(AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder(user)
                .given_name("Ada")
                .family_name("Admin")
                .email(format!("{user}@example.com")),
        )
        .group(group)
        .permission_set(set)
        .accounts(accounts.iter().map(|a| a.as_str()))
        .build()?)
}

/// The admin preset on a fresh instance: six changes (no provisioning: the assignments
/// provision the new set), then the user is in the group, the
/// set has AdministratorAccess and a one-hour session, the group is assigned in the
/// account, and a second run plans nothing and makes no call.
pub async fn admin_provisioning_converges(aws: &Aws) -> Check {
    let account = caller_account(aws).await?;
    let (user, group, set) = (unique("admin"), unique("Administrators"), unique("Admin"));
    let spec = admin(&user, &group, &set, &[&account])?;

    let plan = spec.plan(aws).await?;
    ensure_eq(plan.changes.len(), 6, "changes planned on a fresh instance")?;
    let outcome = plan.apply(aws).await?;
    ensure(outcome.calls.writes() >= 6, || format!("writes: {outcome}"))?;

    let instance = InstanceChoice::Only.discover(aws).await?;
    let (arn, store) = (&instance.arn, &instance.identity_store_id);
    let idc = aws.identity_center();
    let user_id = idc
        .find_user(store, &DirectoryUserName::new(user.as_str())?)
        .await?
        .ok_or_else(|| Failure("user not created".into()))?;
    let group_id = idc
        .find_group(store, &DirectoryGroupName::new(group.as_str())?)
        .await?
        .ok_or_else(|| Failure("group not created".into()))?;
    ensure(
        idc.find_group_membership(store, &group_id, &user_id)
            .await?
            .is_some(),
        || "user is not in the group".into(),
    )?;
    let set_arn = set_arn(aws, arn, &set)
        .await?
        .ok_or_else(|| Failure("permission set not created".into()))?;
    ensure_eq(
        idc.list_managed_policies(arn, &set_arn).await?,
        vec![ADMIN.to_owned()],
        "managed policies",
    )?;
    let described = idc.describe_permission_set(arn, &set_arn).await?;
    ensure_eq(
        described.and_then(|s| s.session_duration),
        Some("PT1H".to_owned()),
        "session duration",
    )?;
    let assignment = AccountAssignment {
        account_id: account.clone(),
        permission_set_arn: set_arn.clone(),
        principal: group_id.into(),
    };
    ensure_eq(
        idc.list_account_assignments(arn, &account, &set_arn).await?,
        vec![assignment],
        "assignments of the set in the account",
    )?;

    let again = spec.plan(aws).await?;
    ensure(again.is_empty(), || format!("second plan is not empty:\n{again}"))?;
    ensure(again.findings.is_empty(), || {
        format!("second plan has findings:\n{again}")
    })?;
    ensure_eq(
        again.apply(aws).await?.calls.total(),
        0,
        "calls applying an empty plan",
    )
}

/// Adding an account to a converged preset plans exactly one assignment batch for the new
/// account: no user, group or permission-set write, no provisioning.
pub async fn admin_provisioning_adds_accounts(aws: &Aws) -> Check {
    let account = caller_account(aws).await?;
    let other = AccountId::new(if account.as_str() == "210987654321" {
        "210987654322"
    } else {
        "210987654321"
    })?;
    let (user, group, set) = (unique("admin"), unique("Admins"), unique("Admin"));
    admin(&user, &group, &set, &[&account])?
        .plan(aws)
        .await?
        .apply(aws)
        .await?;

    let wider = admin(&user, &group, &set, &[&account, &other])?;
    let plan = wider.plan(aws).await?;
    ensure_eq(plan.changes.len(), 1, "changes for one new account")?;
    let text = plan.changes.iter().map(ToString::to_string).collect::<String>();
    ensure(text.contains(&format!("in 1 account(s) ({other})")), || {
        text.clone()
    })?;
    let outcome = plan.apply(aws).await?;
    ensure_eq(
        outcome
            .calls
            .calls(crate::client::Operation::CreateAccountAssignment),
        1,
        "assignments created",
    )?;
    ensure(wider.plan(aws).await?.is_empty(), || "not converged".into())
}

/// A permission set converges policy by policy: after changing the spec, exactly the
/// differences are planned (update, detach, put inline), and then nothing.
pub async fn permission_set_converges(aws: &Aws) -> Check {
    let name = unique("Ops");
    let inline = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:*","Resource":"*"}]}"#;
    let first = IdentityCenterSpec::builder()
        .permission_set(
            PermissionSetSpec::builder(&name)
                .description("operators")
                .session_duration("PT4H")
                .relay_state("https://console.aws.amazon.com/ec2/")
                .managed_policy(ADMIN)
                .managed_policy(READ_ONLY)
                .customer_managed_policy("ops-extra", Some("/ops/"))
                .inline_policy(inline),
        )
        .build()?;
    let plan = first.plan(aws).await?;
    // Create, two managed, one customer, the inline policy; no assignment, no provisioning.
    ensure_eq(plan.changes.len(), 5, "changes for a new set")?;
    plan.apply(aws).await?;
    ensure(first.plan(aws).await?.is_empty(), || {
        "not converged after create".into()
    })?;

    let narrower_inline = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["organizations:*","account:*"],"Resource":"*"}]}"#;
    let second = IdentityCenterSpec::builder()
        .permission_set(
            PermissionSetSpec::builder(&name)
                .description("operators")
                .session_duration("PT2H")
                .relay_state("https://console.aws.amazon.com/ec2/")
                .managed_policy(ADMIN)
                .inline_policy(narrower_inline)
                // moto cannot read tags to prove ownership; see the module docs.
                .adopt(true),
        )
        .build()?;
    let plan = second.plan(aws).await?;
    let texts: Vec<String> = plan.changes.iter().map(ToString::to_string).collect();
    ensure_eq(texts.len(), 5, "changes after the spec changed")?;
    for (n, expected) in [
        "session PT4H → PT2H",
        "detach AWS managed policy `ReadOnlyAccess`",
        "detach customer managed policy `/ops/ops-extra`",
        "put the inline policy",
        "provision permission set",
    ]
    .iter()
    .enumerate()
    {
        ensure(texts.get(n).is_some_and(|t| t.contains(expected)), || {
            format!("change {n} is not `{expected}`: {texts:?}")
        })?;
    }
    plan.apply(aws).await?;

    let instance = InstanceChoice::Only.discover(aws).await?;
    let idc = aws.identity_center();
    let arn = set_arn(aws, &instance.arn, &name)
        .await?
        .ok_or_else(|| Failure("set vanished".into()))?;
    ensure_eq(
        idc.list_managed_policies(&instance.arn, &arn).await?,
        vec![ADMIN.to_owned()],
        "managed policies after converging",
    )?;
    ensure(
        idc.list_customer_policy_refs(&instance.arn, &arn)
            .await?
            .is_empty(),
        || "customer policy still attached".into(),
    )?;
    let set = idc.describe_permission_set(&instance.arn, &arn).await?;
    ensure_eq(
        set.and_then(|s| s.session_duration),
        Some("PT2H".to_owned()),
        "session after converging",
    )?;
    ensure(second.plan(aws).await?.is_empty(), || {
        "not converged after update".into()
    })
}

/// A spec that assigns a group nobody creates is refused at plan time, before any write.
pub async fn identity_center_refuses_unknown_principals(aws: &Aws) -> Check {
    let account = caller_account(aws).await?;
    let set = unique("Lonely");
    let spec = IdentityCenterSpec::builder()
        .permission_set(PermissionSetSpec::builder(&set).managed_policy(ADMIN))
        .assignment(
            crate::AssignmentSpec::builder(&set)
                .group(unique("Nobody"))
                .account(account.as_str()),
        )
        .build()?;
    let before = aws.calls();
    match spec.plan(aws).await {
        Err(Error::Precondition {
            reason:
                PreconditionReason::MissingReference {
                    kind: ResourceKind::DirectoryUser | ResourceKind::DirectoryGroup,
                    ..
                },
            ..
        }) => {}
        other => return Err(Failure(format!("planning answered {other:?}"))),
    }
    ensure_eq(aws.calls().since(&before).writes(), 0, "writes while planning")
}
