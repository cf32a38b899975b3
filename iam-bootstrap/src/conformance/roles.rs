//! Role scenarios: create, converge, drift and repair, policy versions, ownership, and the
//! required-permissions manifest checked against every call a run makes.

use super::{Check, Failure, ensure, ensure_eq, unique};
use crate::client::{NewRole, Operation, Tags};
use crate::names::{AccountId, Arn, IamPath, RoleName};
use crate::policy::{Decision, PolicyDocument, Request, allows};
use crate::roles::{RoleChange, RoleSpec, Trust, required_policy};
use crate::{Aws, Change, Error, PreconditionReason, ResourceKind};

fn spec(name: &str, customer: &str) -> Result<RoleSpec, Failure> {
    Ok(RoleSpec::builder(name)
        .path("/contract/")
        .description("conformance role")
        .trust(Trust::service("lambda.amazonaws.com"))
        .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .inline_policy(
            "write-logs",
            PolicyDocument::allow(["logs:PutLogEvents"], ["arn:aws:logs:*:*:log-group:app:*"]),
        )
        .customer_policy(
            customer,
            PolicyDocument::allow(["s3:PutObject"], ["arn:aws:s3:::artifacts/*"]),
        )
        .tag("team", "platform")
        .build()?)
}

fn kinds(changes: &[Change]) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = changes
        .iter()
        .map(|c| match c {
            Change::Role(RoleChange::CreatePolicy { .. }) => "create_policy",
            Change::Role(RoleChange::CreatePolicyVersion { .. }) => "create_policy_version",
            Change::Role(RoleChange::DeletePolicyVersion { .. }) => "delete_policy_version",
            Change::Role(RoleChange::CreateRole { .. }) => "create_role",
            Change::Role(RoleChange::UpdateRole { .. }) => "update_role",
            Change::Role(RoleChange::UpdateTrust { .. }) => "update_trust",
            Change::Role(RoleChange::AttachPolicy { .. }) => "attach",
            Change::Role(RoleChange::DetachPolicy { .. }) => "detach",
            Change::Role(RoleChange::PutInlinePolicy { .. }) => "put_inline",
            Change::Role(RoleChange::DeleteInlinePolicy { .. }) => "delete_inline",
            Change::Role(RoleChange::TagRole { .. }) => "tag",
            Change::Role(RoleChange::UntagRole { .. }) => "untag",
            _ => "other",
        })
        .collect();
    kinds.sort_unstable();
    kinds
}

/// Create a role with every kind of policy; a second run is empty and calls nothing; drift
/// made out of band (trust, description, an extra managed and inline policy, a tag) is
/// planned exactly and repaired.
pub async fn role_lifecycle_and_drift(aws: &Aws) -> Check {
    let name = unique("app");
    let spec = spec(&name, &unique("app-write"))?;
    let plan = spec.plan(aws).await?;
    ensure_eq(
        kinds(&plan.changes),
        vec!["attach", "attach", "create_policy", "create_role", "put_inline"],
        "first plan",
    )?;
    plan.apply(aws).await?;
    let again = spec.plan(aws).await?;
    ensure(again.is_empty(), || format!("second plan is not empty:\n{again}"))?;
    ensure_eq(
        again.apply(aws).await?.calls.total(),
        0,
        "calls applying an empty plan",
    )?;

    let iam = aws.iam();
    let role = RoleName::new(name.as_str())?;
    let ec2 = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.update_assume_role_policy(&role, ec2).await?;
    iam.update_role(&role, "changed by hand", 3600).await?;
    iam.attach_role_policy(
        &role,
        &Arn::new("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")?,
    )
    .await?;
    iam.put_role_policy(
        &role,
        "added-by-hand",
        &PolicyDocument::allow(["sqs:SendMessage"], ["*"]).to_json(),
    )
    .await?;
    iam.tag_role(&role, &Tags::from([("cost-center".to_owned(), "42".to_owned())]))
        .await?;

    let drift = spec.plan(aws).await?;
    ensure_eq(
        kinds(&drift.changes),
        vec!["delete_inline", "detach", "untag", "update_role", "update_trust"],
        "the plan names exactly the drift",
    )?;
    drift.apply(aws).await?;
    let repaired = spec.plan(aws).await?;
    ensure(repaired.is_empty(), || {
        format!("plan after repair is not empty:\n{repaired}")
    })
}

/// Publishing a changed customer policy eight times keeps at most five versions, the newest
/// one the default.
pub async fn customer_policy_versions_stay_under_five(aws: &Aws) -> Check {
    let name = unique("versions");
    let policy = unique("versioned");
    for round in 0..8 {
        let document = PolicyDocument::allow(
            [format!("s3:GetObject{}", if round % 2 == 0 { "" } else { "Acl" })],
            [format!("arn:aws:s3:::bucket-{round}/*")],
        );
        let spec = RoleSpec::builder(name.as_str())
            .trust(Trust::service("lambda.amazonaws.com"))
            .customer_policy(policy.as_str(), document.clone())
            .build()?;
        spec.plan(aws).await?.apply(aws).await?;
        let account = AccountId::new(aws.iam().caller_identity().await?.account)?;
        let arn = Arn::customer_policy(
            &account,
            &IamPath::root(),
            &crate::names::PolicyName::new(policy.as_str())?,
        );
        let versions = aws.iam().list_policy_versions(&arn).await?;
        ensure(versions.len() <= 5, || {
            format!("round {round}: {} versions", versions.len())
        })?;
        let meta = aws
            .iam()
            .get_policy(&arn)
            .await?
            .ok_or_else(|| Failure("policy vanished".into()))?;
        let current = aws
            .iam()
            .get_policy_version(&arn, &meta.default_version_id)
            .await?
            .and_then(|v| v.document);
        let current = current.ok_or_else(|| Failure("no default document".into()))?;
        let parsed = PolicyDocument::from_json(&current).map_err(|e| Failure(e.to_string()))?;
        ensure(parsed.semantic_eq(&document), || {
            format!("round {round}: default is not the latest document")
        })?;
    }
    Ok(())
}

/// A role created outside iam-bootstrap is refused, then taken over when the spec adopts it.
pub async fn unowned_roles_are_adopted_only_on_request(aws: &Aws) -> Check {
    let name = unique("legacy");
    let account = AccountId::new(aws.iam().caller_identity().await?.account)?;
    aws.iam()
        .create_role(&NewRole {
            name: RoleName::new(name.as_str())?,
            path: IamPath::root(),
            description: None,
            max_session_duration: 3600,
            assume_role_policy: Trust::service("lambda.amazonaws.com").render(&account).to_json(),
            permissions_boundary: None,
            tags: Tags::new(),
        })
        .await?;
    let build = |adopt: bool| {
        RoleSpec::builder(name.as_str())
            .trust(Trust::service("lambda.amazonaws.com"))
            .adopt(adopt)
            .build()
    };
    match build(false)?.plan(aws).await {
        Err(Error::Precondition {
            reason:
                PreconditionReason::NotOwned {
                    kind: ResourceKind::Role,
                    ..
                },
            ..
        }) => {}
        other => {
            return Err(Failure(format!(
                "planning over an unowned role answered {other:?}"
            )));
        }
    }
    let adopting = build(true)?;
    let plan = adopting.plan(aws).await?;
    ensure_eq(
        kinds(&plan.changes),
        vec!["tag"],
        "adopting only adds the ownership tag",
    )?;
    plan.apply(aws).await?;
    ensure(build(false)?.plan(aws).await?.is_empty(), || {
        "once adopted, the role is owned".into()
    })
}

fn request_for(op: Operation, role: &str, policy: &str, attachments: &[String]) -> Vec<Request> {
    match op {
        Operation::GetCallerIdentity | Operation::GetAccountSummary => {
            vec![Request::new(op.iam_action(), "*")]
        }
        Operation::AttachRolePolicy => attachments
            .iter()
            .map(|arn| Request::new(op.iam_action(), role).with_context("iam:PolicyARN", [arn.as_str()]))
            .collect(),
        Operation::GetPolicy
        | Operation::CreatePolicy
        | Operation::GetPolicyVersion
        | Operation::ListPolicyVersions
        | Operation::CreatePolicyVersion
        | Operation::DeletePolicyVersion => vec![Request::new(op.iam_action(), policy)],
        _ => vec![Request::new(op.iam_action(), role)],
    }
}

/// Every call a create-then-repair run makes is allowed by `required_policy` of its spec,
/// according to the offline evaluator: iam-bootstrap can run under least privilege.
pub async fn role_manifest_covers_every_call(aws: &Aws) -> Check {
    let name = unique("manifest");
    let customer = unique("manifest-write");
    let spec = spec(&name, &customer)?;
    let before = aws.calls();
    spec.plan(aws).await?.apply(aws).await?;
    let created = aws.calls().since(&before);
    // Drift made outside the library, by a more privileged hand: not counted.
    let role = RoleName::new(name.as_str())?;
    aws.iam()
        .put_role_policy(
            &role,
            "drift",
            &PolicyDocument::allow(["sqs:SendMessage"], ["*"]).to_json(),
        )
        .await?;
    aws.iam().update_role(&role, "drift", 3600).await?;
    let before = aws.calls();
    spec.plan(aws).await?.apply(aws).await?;
    let repaired = aws.calls().since(&before);
    let operations: std::collections::BTreeSet<Operation> = created
        .by_operation
        .keys()
        .chain(repaired.by_operation.keys())
        .copied()
        .collect();

    let account = AccountId::new(aws.iam().caller_identity().await?.account)?;
    let role_arn = format!("arn:aws:iam::{account}:role/contract/{name}");
    let policy_arn = format!("arn:aws:iam::{account}:policy/{customer}");
    let attachments: Vec<String> = spec
        .attachments(&account)
        .into_iter()
        .map(|a| a.to_string())
        .collect();
    let manifest = [required_policy(&[&spec])];
    ensure(operations.contains(&Operation::DeleteRolePolicy), || {
        "the repair deleted the drifted inline policy".into()
    })?;
    for op in &operations {
        for request in request_for(*op, &role_arn, &policy_arn, &attachments) {
            let decision = allows(&manifest, &request).decision;
            ensure(decision == Decision::Allow, || {
                format!("{op} on {:?} is {decision:?} under the manifest", request)
            })?;
        }
    }
    Ok(())
}
