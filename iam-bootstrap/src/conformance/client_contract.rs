//! The client traits' contract: what a backend must answer, checked by reading back.

use serde_json::{Value, json};

use super::{Check, ensure, ensure_eq, unique};
use crate::Aws;
use crate::client::{
    AccountAssignment, AsyncState, CustomerPolicyRef, NewDirectoryUser, NewPolicy, NewRole,
    PermissionSetFields, ProvisionTarget, ProvisionedAccounts, Tags,
};
use crate::error::Error;
use crate::names::{AccountId, Arn, DirectoryGroupName, DirectoryUserName, IamPath, PolicyName, RoleName};

fn same_json(left: &str, right: &Value, what: &str) -> Check {
    let parsed: Value =
        serde_json::from_str(left).map_err(|e| super::Failure(format!("{what} is not JSON: {e}: {left}")))?;
    ensure_eq(&parsed, right, what)
}

/// Roles: absent is `None`; create; the trust policy reads back equal (URL-decoded, with
/// `+`, `%` and spaces intact); update; attach and list managed policies; inline policies;
/// tags; duplicates are `AlreadyExists`.
pub async fn iam_roles_contract(aws: &Aws) -> Check {
    let iam = aws.iam();
    let name = RoleName::new(unique("contract-role"))?;
    ensure(iam.get_role(&name).await?.is_none(), || {
        "a role that was never created exists".into()
    })?;

    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringLike": {"aws:RequestTag/team": "a+b %41 c"}}
        }]
    });
    let tags: Tags = [("managed-by".to_owned(), "iam-bootstrap".to_owned())].into();
    let new = NewRole {
        name: name.clone(),
        path: IamPath::new("/contract/")?,
        description: Some("contract test".into()),
        max_session_duration: 3600,
        assume_role_policy: trust.to_string(),
        permissions_boundary: None,
        tags: tags.clone(),
    };
    let created = iam.create_role(&new).await?;
    ensure(created.arn.ends_with(&format!(":role/contract/{name}")), || {
        format!("unexpected ARN {}", created.arn)
    })?;
    match iam.create_role(&new).await {
        Err(Error::AlreadyExists { .. }) => {}
        other => {
            return Err(super::Failure(format!(
                "creating a duplicate role answered {other:?}"
            )));
        }
    }

    let role = iam
        .get_role(&name)
        .await?
        .ok_or_else(|| super::Failure("created role not found".into()))?;
    same_json(&role.assume_role_policy, &trust, "trust policy read back")?;
    ensure_eq(role.description.as_deref(), Some("contract test"), "description")?;
    ensure_eq(
        role.tags.get("managed-by").map(String::as_str),
        Some("iam-bootstrap"),
        "tag",
    )?;

    iam.update_role(&name, "", 7200).await?;
    let trust2 = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    iam.update_assume_role_policy(&name, &trust2.to_string()).await?;
    let role = iam
        .get_role(&name)
        .await?
        .ok_or_else(|| super::Failure("role vanished".into()))?;
    ensure_eq(role.max_session_duration, 7200, "max session after update")?;
    same_json(&role.assume_role_policy, &trust2, "trust policy after update")?;

    let read_only = Arn::new("arn:aws:iam::aws:policy/ReadOnlyAccess")?;
    iam.attach_role_policy(&name, &read_only).await?;
    let attached = iam.list_attached_role_policies(&name).await?;
    ensure_eq(
        attached.iter().map(|a| a.arn.clone()).collect::<Vec<_>>(),
        vec![read_only.clone()],
        "attached policies",
    )?;
    iam.detach_role_policy(&name, &read_only).await?;
    ensure(iam.list_attached_role_policies(&name).await?.is_empty(), || {
        "detached policy still listed".into()
    })?;

    let inline = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/a b+c"}]});
    iam.put_role_policy(&name, "read", &inline.to_string()).await?;
    ensure_eq(
        iam.list_role_policies(&name).await?,
        vec!["read".to_owned()],
        "inline policy names",
    )?;
    let document = iam
        .get_role_policy(&name, "read")
        .await?
        .ok_or_else(|| super::Failure("inline policy not found".into()))?;
    same_json(&document, &inline, "inline policy read back")?;
    ensure(iam.get_role_policy(&name, "missing").await?.is_none(), || {
        "a missing inline policy exists".into()
    })?;
    iam.delete_role_policy(&name, "read").await?;
    ensure(iam.list_role_policies(&name).await?.is_empty(), || {
        "deleted inline policy still listed".into()
    })?;

    iam.tag_role(&name, &[("env".to_owned(), "test".to_owned())].into())
        .await?;
    iam.untag_role(&name, &["managed-by".to_owned()]).await?;
    let role = iam
        .get_role(&name)
        .await?
        .ok_or_else(|| super::Failure("role vanished".into()))?;
    ensure_eq(
        role.tags,
        [("env".to_owned(), "test".to_owned())].into(),
        "tags after tag/untag",
    )
}

/// Customer managed policies: create, absent lookups, versions (create as default, list,
/// delete a non-default one), the default document reads back equal.
pub async fn iam_policy_versions_contract(aws: &Aws) -> Check {
    let iam = aws.iam();
    let account = AccountId::new(iam.caller_identity().await?.account)?;
    let name = PolicyName::new(unique("contract-policy"))?;
    let missing = Arn::customer_policy(&account, &IamPath::root(), &name);
    ensure(iam.get_policy(&missing).await?.is_none(), || {
        "a policy that was never created exists".into()
    })?;

    let v1 = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]});
    let created = iam
        .create_policy(&NewPolicy {
            name: name.clone(),
            path: IamPath::root(),
            description: None,
            document: v1.to_string(),
            tags: Tags::new(),
        })
        .await?;
    ensure_eq(&created.arn, &missing, "policy ARN")?;
    ensure_eq(created.default_version_id.as_str(), "v1", "first version")?;

    let v2 = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*"}]});
    let version = iam
        .create_policy_version(&created.arn, &v2.to_string(), true)
        .await?;
    ensure(version.is_default, || "new version is not the default".into())?;
    let versions = iam.list_policy_versions(&created.arn).await?;
    ensure_eq(versions.len(), 2, "versions listed")?;
    let policy = iam
        .get_policy(&created.arn)
        .await?
        .ok_or_else(|| super::Failure("policy vanished".into()))?;
    ensure_eq(&policy.default_version_id, &version.version_id, "default version")?;
    let default = iam
        .get_policy_version(&created.arn, &policy.default_version_id)
        .await?
        .and_then(|v| v.document)
        .ok_or_else(|| super::Failure("default version has no document".into()))?;
    same_json(&default, &v2, "default document")?;

    iam.delete_policy_version(&created.arn, "v1").await?;
    ensure_eq(
        iam.list_policy_versions(&created.arn).await?.len(),
        1,
        "versions after delete",
    )?;
    ensure(
        iam.get_policy_version(&created.arn, "v1").await?.is_none(),
        || "deleted version still readable".into(),
    )
}

/// Identity Center: an instance; users and groups found by unique attribute; duplicates are
/// `AlreadyExists`; memberships; a permission set with every field; managed, customer and
/// inline policies; an assignment that settles and is listed; provisioning.
pub async fn identity_center_contract(aws: &Aws) -> Check {
    let idc = aws.identity_center();
    let instance = idc
        .list_instances()
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| super::Failure("no instance".into()))?;
    let store = &instance.identity_store_id;

    let user_name = DirectoryUserName::new(unique("jdoe"))?;
    ensure(idc.find_user(store, &user_name).await?.is_none(), || {
        "a user that was never created exists".into()
    })?;
    let new_user = NewDirectoryUser {
        user_name: user_name.clone(),
        display_name: "Jane Doe".into(),
        given_name: "Jane".into(),
        family_name: "Doe".into(),
        email: format!("{user_name}@example.com"),
    };
    let user_id = idc.create_user(store, &new_user).await?;
    ensure_eq(
        idc.find_user(store, &user_name).await?,
        Some(user_id.clone()),
        "user found by name",
    )?;
    let described = idc
        .describe_user(store, &user_id)
        .await?
        .ok_or_else(|| super::Failure("user not described".into()))?;
    ensure_eq(
        described.email.as_deref(),
        Some(new_user.email.as_str()),
        "user email",
    )?;
    ensure_eq(described.given_name.as_deref(), Some("Jane"), "given name")?;
    match idc.create_user(store, &new_user).await {
        Err(Error::AlreadyExists { .. }) => {}
        other => {
            return Err(super::Failure(format!(
                "creating a duplicate user answered {other:?}"
            )));
        }
    }

    let group_name = DirectoryGroupName::new(unique("Administrators"))?;
    let group_id = idc.create_group(store, &group_name, "admins").await?;
    ensure_eq(
        idc.find_group(store, &group_name).await?,
        Some(group_id.clone()),
        "group found by name",
    )?;
    ensure(
        idc.find_group_membership(store, &group_id, &user_id)
            .await?
            .is_none(),
        || "membership before creation".into(),
    )?;
    let membership = idc.create_group_membership(store, &group_id, &user_id).await?;
    ensure_eq(
        idc.find_group_membership(store, &group_id, &user_id).await?,
        Some(membership),
        "membership found",
    )?;

    let fields = PermissionSetFields {
        name: unique("Admin").chars().take(32).collect(),
        description: "administrators".into(),
        session_duration: "PT1H".into(),
        relay_state: None,
    };
    let set = idc
        .create_permission_set(&instance.arn, &fields, &Tags::new())
        .await?;
    ensure(
        idc.list_permission_sets(&instance.arn).await?.contains(&set.arn),
        || "permission set not listed".into(),
    )?;
    let updated = PermissionSetFields {
        description: "updated".into(),
        session_duration: "PT2H".into(),
        ..fields.clone()
    };
    idc.update_permission_set(&instance.arn, &set.arn, &updated)
        .await?;
    let described = idc
        .describe_permission_set(&instance.arn, &set.arn)
        .await?
        .ok_or_else(|| super::Failure("set not described".into()))?;
    ensure_eq(
        (
            described.description.as_deref(),
            described.session_duration.as_deref(),
        ),
        (Some("updated"), Some("PT2H")),
        "set after update",
    )?;

    let admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    idc.attach_managed_policy(&instance.arn, &set.arn, admin).await?;
    ensure_eq(
        idc.list_managed_policies(&instance.arn, &set.arn).await?,
        vec![admin.to_owned()],
        "managed policies",
    )?;
    let customer = CustomerPolicyRef {
        name: "team-boundary".into(),
        path: "/".into(),
    };
    idc.attach_customer_policy_ref(&instance.arn, &set.arn, &customer)
        .await?;
    ensure_eq(
        idc.list_customer_policy_refs(&instance.arn, &set.arn).await?,
        vec![customer.clone()],
        "customer policies",
    )?;
    idc.detach_customer_policy_ref(&instance.arn, &set.arn, &customer)
        .await?;
    ensure(
        idc.get_inline_policy(&instance.arn, &set.arn).await?.is_none(),
        || "inline policy before put".into(),
    )?;
    let inline = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]});
    idc.put_inline_policy(&instance.arn, &set.arn, &inline.to_string())
        .await?;
    let read = idc
        .get_inline_policy(&instance.arn, &set.arn)
        .await?
        .ok_or_else(|| super::Failure("inline policy not read back".into()))?;
    same_json(&read, &inline, "inline policy")?;

    let account = AccountId::new(aws.iam().caller_identity().await?.account)?;
    let assignment = AccountAssignment {
        account_id: account.clone(),
        permission_set_arn: set.arn.clone(),
        principal: group_id.clone().into(),
    };
    let mut status = idc.create_account_assignment(&instance.arn, &assignment).await?;
    for _ in 0..20 {
        if status.state != AsyncState::InProgress {
            break;
        }
        status = idc
            .describe_account_assignment_creation_status(&instance.arn, &status.request_id)
            .await?;
    }
    ensure_eq(status.state, AsyncState::Succeeded, "assignment status")?;
    let listed = idc
        .list_account_assignments(&instance.arn, &account, &set.arn)
        .await?;
    ensure_eq(listed, vec![assignment.clone()], "assignments listed")?;
    let by_principal = idc
        .list_account_assignments_for_principal(&instance.arn, &assignment.principal)
        .await?;
    ensure_eq(by_principal, vec![assignment], "assignments listed by principal")?;

    let provisioned = idc
        .provision_permission_set(
            &instance.arn,
            &set.arn,
            &ProvisionTarget::Account(account.clone()),
        )
        .await?;
    ensure(provisioned.state != AsyncState::Failed, || {
        format!("provisioning failed: {:?}", provisioned.failure_reason)
    })?;
    let accounts = idc
        .list_accounts_for_provisioned_permission_set(&instance.arn, &set.arn, ProvisionedAccounts::All)
        .await?;
    ensure(accounts.contains(&account), || {
        format!("account not provisioned: {accounts:?}")
    })
}
