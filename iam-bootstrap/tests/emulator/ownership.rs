//! Ownership (DESIGN.md §3, issue #9 item 5): what the library did not create is never
//! modified or deleted unless the spec adopts it. Each scenario runs on the in-memory
//! account and on moto (through the SDK), comparing read-only listings taken before and
//! after, and counting the writes a refusal made (none).
//!
//! Covered elsewhere: an unowned permission set is refused unless adopted, and a matching
//! one is left untagged (`identity_center_in_memory`; moto cannot read sso-admin tags); the
//! password policy is read, merged and written whole (`conformance::password_policy_*`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use crate::support;

use iam_bootstrap::client::{NewDirectoryUser, NewPolicy, NewRole, PermissionSetFields, Tags};
use iam_bootstrap::names::{AccountId, Arn, PolicyName, RoleName};
use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::{
    Aws, Bootstrap, Error, InstanceChoice, PasswordPolicy, PolicyDocument, PreconditionReason, ResourceKind,
    RootHardening,
};
use support::listing::{Scope, list};
#[cfg(feature = "sdk")]
use support::moto;

const READ_ONLY: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

async fn account_id(aws: &Aws) -> AccountId {
    AccountId::new(aws.iam().caller_identity().await.unwrap().account).unwrap()
}

fn lambda_trust(account: &AccountId) -> String {
    Trust::service("lambda.amazonaws.com").render(account).to_json()
}

/// A role made by hand: no ownership tag, an inline policy and a managed policy of its own.
async fn their_role(aws: &Aws, name: &str) {
    let account = account_id(aws).await;
    let iam = aws.iam();
    let name = RoleName::new(name).unwrap();
    let mut role = NewRole::new(name.clone(), lambda_trust(&account));
    role.description = Some("made by hand".into());
    role.max_session_duration = 7200;
    role.tags = [("team".to_owned(), "theirs".to_owned())].into();
    iam.create_role(&role).await.unwrap();
    iam.put_role_policy(
        &name,
        "theirs",
        &PolicyDocument::allow(["s3:GetObject"], ["arn:aws:s3:::theirs/*"]).to_json(),
    )
    .await
    .unwrap();
    iam.attach_role_policy(&name, &Arn::new(READ_ONLY).unwrap())
        .await
        .unwrap();
}

async fn their_policy(aws: &Aws, name: &str) {
    aws.iam()
        .create_policy(&NewPolicy::new(
            PolicyName::new(name).unwrap(),
            PolicyDocument::allow(["sqs:SendMessage"], ["*"]).to_json(),
        ))
        .await
        .unwrap();
}

fn scope(roles: &[&str], policies: &[&str], users: &[&str], groups: &[&str], on_moto: bool) -> Scope {
    Scope {
        roles: roles.iter().map(ToString::to_string).collect(),
        policies: policies.iter().map(|p| ("/".to_owned(), p.to_string())).collect(),
        users: users.iter().map(ToString::to_string).collect(),
        groups: groups.iter().map(ToString::to_string).collect(),
        accounts: Default::default(),
        sso_extras: !on_moto,
        root_keys: false,
    }
}

/// A role created outside the library is refused, with no write and nothing changed, then
/// converged once the spec adopts it.
async fn an_unowned_role_is_refused_until_adopted(aws: &Aws, on_moto: bool) {
    their_role(aws, "app").await;
    let scope = scope(&["app"], &[], &[], &[], on_moto);
    let before = list(aws, &scope).await.unwrap();
    let spec = |adopt: bool| {
        RoleSpec::builder("app")
            .trust(Trust::service("lambda.amazonaws.com"))
            .adopt(adopt)
            .build()
            .unwrap()
    };
    let writes = aws.calls().writes();
    let err = spec(false).plan(aws).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::NotOwned {
                    kind: ResourceKind::Role,
                    ..
                },
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(aws.calls().writes(), writes, "a refusal writes nothing");
    assert_eq!(list(aws, &scope).await.unwrap(), before, "the role is untouched");

    spec(true).plan(aws).await.unwrap().apply(aws).await.unwrap();
    let after = list(aws, &scope).await.unwrap();
    let role = after.roles["app"].as_ref().unwrap();
    assert!(
        role.attached.is_empty() && role.inline.is_empty(),
        "adopted, then converged: {role:?}"
    );
    assert_eq!(
        role.tags.get("managed-by").map(String::as_str),
        Some("iam-bootstrap")
    );
    assert!(spec(false).plan(aws).await.unwrap().is_empty(), "owned now");
}

/// A customer managed policy of the same name that the library did not create is refused
/// (its versions stay as they are), then versioned once adopted.
async fn an_unowned_customer_policy_is_refused_until_adopted(aws: &Aws, on_moto: bool) {
    their_policy(aws, "app-write").await;
    let scope = scope(&["writer"], &["app-write"], &[], &[], on_moto);
    let before = list(aws, &scope).await.unwrap();
    let spec = |adopt: bool| {
        RoleSpec::builder("writer")
            .trust(Trust::service("lambda.amazonaws.com"))
            .customer_policy(
                "app-write",
                PolicyDocument::allow(["s3:PutObject"], ["arn:aws:s3:::b/*"]),
            )
            .adopt(adopt)
            .build()
            .unwrap()
    };
    let writes = aws.calls().writes();
    let err = spec(false).plan(aws).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::NotOwned {
                    kind: ResourceKind::Policy,
                    ..
                },
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(aws.calls().writes(), writes, "a refusal writes nothing");
    assert_eq!(
        list(aws, &scope).await.unwrap(),
        before,
        "the policy is untouched"
    );

    spec(true).plan(aws).await.unwrap().apply(aws).await.unwrap();
    let after = list(aws, &scope).await.unwrap();
    let policy = after.policies["/app-write"].as_ref().unwrap();
    assert_eq!(policy.versions.len(), 2, "the old version is kept: {policy:?}");
    assert!(spec(true).plan(aws).await.unwrap().is_empty());
}

/// Things the spec does not name are never touched by a whole bootstrap, including an
/// assignment someone else made to the library's own permission set; identity-store users
/// that exist are not rewritten, and groups only gain members.
async fn what_the_spec_does_not_own_is_left_alone(aws: &Aws, on_moto: bool) {
    let account = account_id(aws).await;
    their_role(aws, "their-role").await;
    their_policy(aws, "their-policy").await;
    let instance = InstanceChoice::Only.discover(aws).await.unwrap();
    let idc = aws.identity_center();
    let store = &instance.identity_store_id;
    let bob = idc
        .create_user(
            store,
            &NewDirectoryUser::new("bob".parse().unwrap(), "Bob", "Builder", "bob@example.com"),
        )
        .await
        .unwrap();
    // The starter's admin user exists already, with other details; and its group has bob.
    idc.create_user(
        store,
        &NewDirectoryUser::new("admin".parse().unwrap(), "Someone", "Else", "someone@example.org"),
    )
    .await
    .unwrap();
    let admins = idc
        .create_group(store, &"Administrators".parse().unwrap(), "made by hand")
        .await
        .unwrap();
    idc.create_group_membership(store, &admins, &bob).await.unwrap();
    let mut fields = PermissionSetFields::new("TheirSet");
    fields.description = "made by hand".into();
    fields.session_duration = "PT2H".into();
    idc.create_permission_set(&instance.arn, &fields, &Tags::new())
        .await
        .unwrap();
    let theirs = scope(
        &["their-role"],
        &["their-policy"],
        &["bob", "admin"],
        &["Administrators"],
        on_moto,
    );
    let before = list(aws, &theirs).await.unwrap();

    let spec = Bootstrap::from_toml_str(&support::STARTER.replace("123456789012", account.as_str())).unwrap();
    support::run(&spec, aws).await.unwrap();

    // Someone assigns bob to the library's own permission set, by hand.
    let sets = idc.list_permission_sets(&instance.arn).await.unwrap();
    let mut audit = None;
    for arn in sets {
        let set = idc
            .describe_permission_set(&instance.arn, &arn)
            .await
            .unwrap()
            .unwrap();
        if set.name == "SecurityAudit" {
            audit = Some(arn);
        }
    }
    let assignment = iam_bootstrap::client::AccountAssignment::new(
        account.clone(),
        audit.clone().unwrap(),
        bob.clone().into(),
    );
    let mut status = idc
        .create_account_assignment(&instance.arn, &assignment)
        .await
        .unwrap();
    for _ in 0..10 {
        if status.state != iam_bootstrap::client::AsyncState::InProgress {
            break;
        }
        status = idc
            .describe_account_assignment_creation_status(&instance.arn, &status.request_id)
            .await
            .unwrap();
    }
    assert_eq!(status.state, iam_bootstrap::client::AsyncState::Succeeded);
    assert!(
        spec.plan(aws).await.unwrap().is_empty(),
        "bob's assignment is not the spec's business"
    );

    let after = list(aws, &theirs).await.unwrap();
    assert_eq!(after.roles, before.roles, "their role");
    assert_eq!(after.policies, before.policies, "their policy");
    assert_eq!(after.users, before.users, "existing users are not rewritten");
    assert_eq!(
        after.permission_sets.get("TheirSet"),
        before.permission_sets.get("TheirSet"),
        "their permission set"
    );
    let members = after.groups["Administrators"].as_ref().unwrap();
    assert!(
        members.contains("bob") && members.contains("admin"),
        "members are added, never removed: {members:?}"
    );
    let assigned = idc
        .list_account_assignments(&instance.arn, &account, audit.as_ref().unwrap())
        .await
        .unwrap();
    assert!(assigned.contains(&assignment), "{assigned:?}");
}

/// Account settings the spec does not name stay as they are: the alias when the spec has
/// none, and the password policy's other fields (read, merged, written whole).
async fn account_settings_outside_the_spec_are_left_alone(aws: &Aws) {
    let iam = aws.iam();
    iam.create_account_alias("their-alias").await.unwrap();
    let mut theirs = iam_bootstrap::client::PasswordPolicySettings::default();
    theirs.minimum_password_length = 10;
    theirs.password_reuse_prevention = Some(5);
    theirs.hard_expiry = true;
    theirs.max_password_age = Some(60);
    iam.update_password_policy(&theirs).await.unwrap();
    let spec = RootHardening::builder()
        .password_policy(
            PasswordPolicy::builder()
                .minimum_password_length(16)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    spec.plan(aws).await.unwrap().apply(aws).await.unwrap();
    assert_eq!(iam.list_account_aliases().await.unwrap(), ["their-alias"]);
    let now = iam.get_password_policy().await.unwrap().unwrap();
    let mut expected = theirs;
    expected.minimum_password_length = 16;
    assert_eq!(now, expected);
}

fn in_memory() -> Aws {
    Aws::in_memory(iam_bootstrap::client::InMemory::new())
}

#[tokio::test]
async fn roles_in_memory() {
    an_unowned_role_is_refused_until_adopted(&in_memory(), false).await;
}

#[tokio::test]
async fn customer_policies_in_memory() {
    an_unowned_customer_policy_is_refused_until_adopted(&in_memory(), false).await;
}

#[tokio::test]
async fn unrelated_resources_in_memory() {
    what_the_spec_does_not_own_is_left_alone(&in_memory(), false).await;
}

#[tokio::test]
async fn account_settings_in_memory() {
    account_settings_outside_the_spec_are_left_alone(&in_memory()).await;
}

#[cfg(feature = "sdk")]
#[tokio::test]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn roles_on_moto() {
    an_unowned_role_is_refused_until_adopted(&moto::aws().await, true).await;
}

#[cfg(feature = "sdk")]
#[tokio::test]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn customer_policies_on_moto() {
    an_unowned_customer_policy_is_refused_until_adopted(&moto::aws().await, true).await;
}

#[cfg(feature = "sdk")]
#[tokio::test]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn unrelated_resources_on_moto() {
    what_the_spec_does_not_own_is_left_alone(&moto::aws().await, true).await;
}

#[cfg(feature = "sdk")]
#[tokio::test]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn account_settings_on_moto() {
    account_settings_outside_the_spec_are_left_alone(&moto::aws().await).await;
}
