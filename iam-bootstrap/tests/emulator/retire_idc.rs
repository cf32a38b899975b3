//! Taking Identity Center access away (issue #17): prune deletes the assignments,
//! permission sets and group memberships a spec owns and no longer names, destroy deletes
//! all it owns, a revocation takes one person out — in reverse dependency order, only with
//! the opt-in, never touching another spec's or a person's resources.
//!
//! The whole scenario runs on the in-memory account. moto cannot read a permission set's
//! tags (its sso-admin tag calls answer HTTP 500: `EmulatorGaps::permission_set_tags`), so no
//! set can be shown to be a spec's there: on moto the plans leave every set alone (and say
//! so in a finding), and the moto half proves what needs no tags — member prune, listed
//! removals, revocation — plus the deletion calls themselves through the SDK
//! (`DeleteAccountAssignment` polled with `DescribeAccountAssignmentDeletionStatus`,
//! `DeletePermissionSet`). The SDK's parsing of the tag listing is covered by the smithy
//! mock tests of the client.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::collections::BTreeSet;
use std::sync::Arc;

use iam_bootstrap::client::layer::{FaultKind, Faults, Layered};
use iam_bootstrap::client::{
    AccountAssignment, AsyncState, InMemory, Operation, PermissionSetFields, ProvisionedAccounts, Tags,
};
use iam_bootstrap::names::{AccountId, DirectoryPrincipal};
use iam_bootstrap::{ApplyOptions, Aws, Bootstrap, Change, IdentityCenterChange, Plan, Revocation};

#[cfg(feature = "sdk")]
use crate::support::moto;

const A1: &str = "111111111111";
const A2: &str = "222222222222";

pub(crate) fn allow() -> ApplyOptions {
    ApplyOptions::default().allow_deletions(true)
}

/// Spec `name`: users alice and bob, group devs (with `members`), the permission sets
/// `sets` (each with ReadOnlyAccess), and `assignments` as (set, principal TOML, accounts).
fn spec(
    name: &str,
    prune: bool,
    members: &[&str],
    sets: &[&str],
    assignments: &[(&str, &str, &[&str])],
) -> Bootstrap {
    let mut text = format!(
        r#"name = "{name}"
prune = {prune}
[identity_center]
users = [
  {{ user_name = "alice", given_name = "Alice", family_name = "A", email = "alice@example.com" }},
  {{ user_name = "bob", given_name = "Bob", family_name = "B", email = "bob@example.com" }},
]
groups = [{{ name = "devs", members = [{}] }}]
"#,
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for set in sets {
        text.push_str(&format!(
            "[[identity_center.permission_sets]]\nname = \"{set}\"\nmanaged_policies = [\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]\n"
        ));
    }
    for (set, principal, accounts) in assignments {
        let accounts: Vec<String> = accounts.iter().map(|a| format!("\"{a}\"")).collect();
        text.push_str(&format!(
            "[[identity_center.assignments]]\npermission_set = \"{set}\"\nprincipal = {principal}\naccounts = [{}]\n",
            accounts.join(", ")
        ));
    }
    Bootstrap::from_toml_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Team a as first applied: Dev for devs in A1 and A2, Ops for bob in A1.
pub(crate) fn team_a(prune: bool) -> Bootstrap {
    spec(
        "team-a",
        prune,
        &["alice", "bob"],
        &["Dev", "Ops"],
        &[
            ("Dev", "{ group = \"devs\" }", &[A1, A2]),
            ("Ops", "{ user = \"bob\" }", &[A1]),
        ],
    )
}

/// Team a after the edit: Ops is gone (set and assignment), Dev no longer in A2, bob no
/// longer in devs.
pub(crate) fn team_a_edited(prune: bool) -> Bootstrap {
    spec(
        "team-a",
        prune,
        &["alice"],
        &["Dev"],
        &[("Dev", "{ group = \"devs\" }", &[A1])],
    )
}

/// Every set (by name, with its tags' spec), assignment and devs membership, as text.
pub(crate) async fn state(aws: &Aws) -> BTreeSet<String> {
    let idc = aws.identity_center();
    let instance = idc.list_instances().await.unwrap().remove(0);
    let (arn, store) = (&instance.arn, &instance.identity_store_id);
    let mut out = BTreeSet::new();
    for set in idc.list_permission_sets(arn).await.unwrap() {
        let name = idc
            .describe_permission_set(arn, &set)
            .await
            .unwrap()
            .unwrap()
            .name;
        out.insert(format!("set {name}"));
        let accounts = idc
            .list_accounts_for_provisioned_permission_set(arn, &set, ProvisionedAccounts::All)
            .await
            .unwrap();
        for account in accounts {
            for a in idc.list_account_assignments(arn, &account, &set).await.unwrap() {
                out.insert(format!(
                    "assignment {name} {} {}",
                    a.principal.as_str(),
                    a.account_id
                ));
            }
        }
    }
    if let Some(devs) = idc.find_group(store, &"devs".parse().unwrap()).await.unwrap() {
        for member in idc.list_group_memberships(store, &devs).await.unwrap() {
            let user = idc.describe_user(store, &member.user_id).await.unwrap().unwrap();
            out.insert(format!("member devs {}", user.user_name));
        }
    }
    for user in ["alice", "bob", "carol"] {
        if idc
            .find_user(store, &user.parse().unwrap())
            .await
            .unwrap()
            .is_some()
        {
            out.insert(format!("user {user}"));
        }
    }
    out
}

/// The deletions of a plan, as short text in plan order.
fn deletions(plan: &Plan) -> Vec<String> {
    plan.changes
        .iter()
        .filter(|c| c.is_deletion())
        .map(|c| match c {
            Change::IdentityCenter(change) => match change.as_ref() {
                IdentityCenterChange::DeleteAccountAssignments {
                    permission_set,
                    assignments,
                    ..
                } => {
                    let accounts: Vec<&str> = assignments.iter().map(|a| a.account_id.as_str()).collect();
                    format!("assignments {} {}", permission_set.name, accounts.join(","))
                }
                IdentityCenterChange::DeletePermissionSet { permission_set, .. } => {
                    format!("set {}", permission_set.name)
                }
                IdentityCenterChange::RemoveGroupMember { group, user, .. } => {
                    format!("member {group} {user}")
                }
                IdentityCenterChange::DeleteUser { user, .. } => format!("user {user}"),
                IdentityCenterChange::DeleteGroup { group, .. } => format!("group {group}"),
                other => panic!("unexpected deletion {other}"),
            },
            other => panic!("unexpected deletion {other}"),
        })
        .collect()
}

/// What others made: team b's set Audit for devs in A1, and a set made by hand (no tags)
/// assigned to alice in A1.
pub(crate) async fn made_by_others(aws: &Aws) {
    spec(
        "team-b",
        false,
        &["alice"],
        &["Audit"],
        &[("Audit", "{ group = \"devs\" }", &[A1])],
    )
    .plan(aws)
    .await
    .unwrap()
    .apply(aws)
    .await
    .unwrap();
    let idc = aws.identity_center();
    let instance = idc.list_instances().await.unwrap().remove(0);
    let set = idc
        .create_permission_set(
            &instance.arn,
            &{
                let mut fields = PermissionSetFields::new("Manual");
                fields.description = "made by hand".into();
                fields
            },
            &Tags::new(),
        )
        .await
        .unwrap();
    let alice = idc
        .find_user(&instance.identity_store_id, &"alice".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let status = idc
        .create_account_assignment(
            &instance.arn,
            &AccountAssignment::new(
                AccountId::new(A1).unwrap(),
                set.arn,
                DirectoryPrincipal::User(alice),
            ),
        )
        .await
        .unwrap();
    assert_ne!(status.state, AsyncState::Failed);
}

/// Prune: exactly the dropped assignments, the dropped member, then the dropped set, in
/// that order; refused without the opt-in; a re-run writes nothing; others' sets and
/// assignments stay.
async fn prune_scenario(aws: &Aws) {
    team_a(false).plan(aws).await.unwrap().apply(aws).await.unwrap();
    made_by_others(aws).await;
    let before = state(aws).await;
    assert!(
        before.contains("set Ops") && before.contains("set Manual"),
        "{before:?}"
    );

    // Without prune, what the spec no longer names stays.
    let kept = team_a_edited(false).plan(aws).await.unwrap();
    assert_eq!(kept.deletions(), 0, "{kept}");

    let pruning = team_a_edited(true);
    let plan = pruning.plan(aws).await.unwrap();
    assert_eq!(
        deletions(&plan),
        [
            format!("assignments Dev {A2}"),
            format!("assignments Ops {A1}"),
            "member devs bob".to_owned(),
            "set Ops".to_owned(),
        ],
        "{plan}"
    );
    assert_eq!(plan.changes.len(), 4, "nothing but the deletions: {plan}");
    let text = plan.to_string();
    assert!(text.contains("[DELETE] delete permission set `Ops`"), "{text}");
    let json = plan.to_json().unwrap();
    for action in [
        "delete_account_assignments",
        "delete_permission_set",
        "remove_group_member",
    ] {
        assert!(json.contains(&format!("\"{action}\"")), "{action}: {json}");
    }
    assert!(plan.apply(aws).await.is_err(), "deletions need the opt-in");
    assert_eq!(state(aws).await, before, "refused before any write");

    plan.apply_with(aws, allow()).await.unwrap();
    let again = pruning.plan(aws).await.unwrap();
    assert!(again.is_empty(), "{again}");
    assert_eq!(again.apply(aws).await.unwrap().calls.writes(), 0);

    let after = state(aws).await;
    let gone: BTreeSet<String> = before.difference(&after).cloned().collect();
    let dev_a2 = before
        .iter()
        .find(|s| s.starts_with("assignment Dev ") && s.ends_with(A2))
        .unwrap()
        .clone();
    let ops = before
        .iter()
        .find(|s| s.starts_with("assignment Ops "))
        .unwrap()
        .clone();
    assert_eq!(
        gone,
        BTreeSet::from([dev_a2, ops, "member devs bob".to_owned(), "set Ops".to_owned()]),
        "exactly those went"
    );
    assert!(after.is_subset(&before), "nothing was created");
}

/// Destroy: every assignment of team a's sets, the memberships it lists, then its sets; the
/// users stay (a manual step says so); team b's and the hand-made set stay with their
/// assignments. Listing the users for removal then deletes them.
async fn destroy_scenario(aws: &Aws) {
    let pristine = state(aws).await;
    made_by_others(aws).await;
    let others = state(aws).await;
    let a = team_a(false);
    a.plan(aws).await.unwrap().apply(aws).await.unwrap();

    let plan = a.destroy_plan(aws).await.unwrap();
    assert_eq!(
        deletions(&plan),
        [
            format!("assignments Dev {A1},{A2}"),
            format!("assignments Ops {A1}"),
            "member devs alice".to_owned(),
            "member devs bob".to_owned(),
            "set Dev".to_owned(),
            "set Ops".to_owned(),
        ],
        "{plan}"
    );
    assert!(
        plan.manual_steps.iter().any(|s| s.id == "identity-store-kept"),
        "{plan}"
    );
    plan.apply_with(aws, allow()).await.unwrap();
    assert!(a.destroy_plan(aws).await.unwrap().is_empty());
    // alice's membership was team b's too (both list it): a's destroy takes what a
    // lists, so only bob's (which b does not list) can be compared with before.
    let after = state(aws).await;
    let restored: BTreeSet<String> = after
        .iter()
        .filter(|s| *s != "member devs alice" && !s.starts_with("user "))
        .cloned()
        .collect();
    let expected: BTreeSet<String> = others
        .iter()
        .filter(|s| *s != "member devs alice" && !s.starts_with("user "))
        .cloned()
        .collect();
    assert_eq!(restored, expected, "team b's and the hand-made set are untouched");
    assert!(pristine.iter().all(|s| !s.starts_with("set ")));

    // Listed for removal, bob goes (with nothing else).
    let removal =
        Bootstrap::from_toml_str("name = \"team-a\"\n[identity_center]\nremove_users = [\"bob\"]\n").unwrap();
    let plan = removal.plan(aws).await.unwrap();
    assert_eq!(deletions(&plan), ["user bob"], "{plan}");
    plan.apply_with(aws, allow()).await.unwrap();
    assert!(removal.plan(aws).await.unwrap().is_empty());
    assert!(!state(aws).await.contains("user bob"));
}

/// Revoking alice: out of devs, her assignments of team a's sets deleted, then the user;
/// team b's assignment of her is left, a second run plans nothing.
async fn revoke_scenario(aws: &Aws, sets_readable: bool) {
    spec(
        "team-a",
        false,
        &["alice", "bob"],
        &["Dev"],
        &[("Dev", "{ user = \"alice\" }", &[A1])],
    )
    .plan(aws)
    .await
    .unwrap()
    .apply(aws)
    .await
    .unwrap();
    let revoke = Revocation::builder("alice")
        .group("devs")
        .delete_user(true)
        .spec("team-a")
        .build()
        .unwrap();
    let plan = revoke.plan(aws).await.unwrap();
    let mut expected = vec!["member devs alice".to_owned()];
    if sets_readable {
        expected.push(format!("assignments Dev {A1}"));
    }
    expected.push("user alice".to_owned());
    assert_eq!(deletions(&plan), expected, "{plan}");
    assert!(
        plan.apply(aws).await.is_err(),
        "a revocation deletes: it needs the opt-in"
    );
    plan.apply_with(aws, allow()).await.unwrap();
    assert!(revoke.plan(aws).await.unwrap().is_empty());
    let after = state(aws).await;
    assert!(
        !after.contains("user alice") && !after.contains("member devs alice"),
        "{after:?}"
    );
    assert!(after.contains("member devs bob"), "{after:?}");
}

#[tokio::test]
async fn prune_in_memory() {
    prune_scenario(&Aws::in_memory(InMemory::builder().assignment_polls(2).build())).await;
}

#[tokio::test]
async fn destroy_in_memory() {
    destroy_scenario(&Aws::in_memory(InMemory::builder().assignment_polls(2).build())).await;
}

#[tokio::test]
async fn revoke_in_memory() {
    revoke_scenario(&Aws::in_memory(InMemory::new()), true).await;
}

const A3: &str = "333333333333";

/// Gives group `strangers` (which no spec names) team a's set `set` in `account`, as
/// someone might by hand: the assignment is team a's all the same (it owns the set).
async fn strangers_hold(aws: &Aws, set: &str, account: &str) {
    let idc = aws.identity_center();
    let instance = idc.list_instances().await.unwrap().remove(0);
    let (arn, store) = (&instance.arn, &instance.identity_store_id);
    let name = "strangers".parse().unwrap();
    let group = match idc.find_group(store, &name).await.unwrap() {
        Some(id) => id,
        None => idc.create_group(store, &name, "made by hand").await.unwrap(),
    };
    let mut found = None;
    for candidate in idc.list_permission_sets(arn).await.unwrap() {
        if idc
            .describe_permission_set(arn, &candidate)
            .await
            .unwrap()
            .unwrap()
            .name
            == set
        {
            found = Some(candidate);
        }
    }
    let assignment = AccountAssignment::new(
        AccountId::new(account).unwrap(),
        found.unwrap(),
        DirectoryPrincipal::Group(group),
    );
    let mut status = idc.create_account_assignment(arn, &assignment).await.unwrap();
    while status.state == AsyncState::InProgress {
        status = idc
            .describe_account_assignment_creation_status(arn, &status.request_id)
            .await
            .unwrap();
    }
    assert_eq!(status.state, AsyncState::Succeeded);
}

/// A destroy finds the assignments by principal: one `ListAccountAssignmentsForPrincipal`
/// per principal the spec names (alice, bob, devs), one
/// `ListAccountsForProvisionedPermissionSet` per owned set, and `ListAccountAssignments`
/// only in an account where the set is provisioned and no named principal holds it (A3,
/// where a stranger does), never one per (set, account).
#[tokio::test]
async fn destroy_lists_assignments_by_principal() {
    let aws = Aws::in_memory(InMemory::new());
    team_a(false).plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    strangers_hold(&aws, "Dev", A3).await;
    let before = aws.calls();
    let plan = team_a(false).destroy_plan(&aws).await.unwrap();
    let calls = aws.calls().since(&before);
    assert_eq!(
        calls.calls(Operation::ListAccountAssignmentsForPrincipal),
        3,
        "{calls:?}"
    );
    assert_eq!(calls.calls(Operation::ListAccountsForProvisionedPermissionSet), 2);
    assert_eq!(calls.calls(Operation::ListAccountAssignments), 1);
    // The spec's users were looked up by name: no member needs reading to be named.
    assert_eq!(calls.calls(Operation::DescribeDirectoryUser), 0);
    assert_eq!(
        deletions(&plan)[..2],
        [
            format!("assignments Dev {A1},{A2},{A3}"),
            format!("assignments Ops {A1}")
        ],
        "{plan}"
    );
    plan.apply_with(&aws, allow()).await.unwrap();
    assert!(team_a(false).destroy_plan(&aws).await.unwrap().is_empty());
}

/// Refused the listing by principal (a delegated administrator), the destroy lists each
/// owned set account by account and plans the same deletions.
#[tokio::test]
async fn destroy_lists_by_account_when_the_listing_by_principal_is_refused() {
    let memory = InMemory::new();
    let refuse = Faults::new(1).fail_operation(
        Operation::ListAccountAssignmentsForPrincipal,
        u64::MAX,
        FaultKind::AccessDenied,
    );
    let (iam, idc) = Layered::new(refuse, Arc::new(memory.clone()), Arc::new(memory.clone())).into_arcs();
    let aws = Aws::for_tests(iam, idc);
    team_a(false).plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let before = aws.calls();
    let plan = team_a(false).destroy_plan(&aws).await.unwrap();
    let calls = aws.calls().since(&before);
    // Dev in A1 and A2, Ops in A1.
    assert_eq!(calls.calls(Operation::ListAccountAssignments), 3, "{calls:?}");
    assert_eq!(
        deletions(&plan)[..2],
        [
            format!("assignments Dev {A1},{A2}"),
            format!("assignments Ops {A1}")
        ],
        "{plan}"
    );
}

/// What listing by principal cannot see: a stranger holding an owned set in an account
/// where a named principal holds it too. AWS refuses the set's deletion (still assigned);
/// the re-run, where no named principal holds the set there any more, lists the account
/// and finishes.
#[tokio::test]
async fn a_strangers_assignment_beside_a_named_one_goes_on_the_rerun() {
    let aws = Aws::in_memory(InMemory::new());
    team_a(false).plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    strangers_hold(&aws, "Dev", A1).await;
    let first = team_a(false).destroy_plan(&aws).await.unwrap();
    assert!(first.apply_with(&aws, allow()).await.is_err(), "{first}");
    let rerun = team_a(false).destroy_plan(&aws).await.unwrap();
    let deleting = deletions(&rerun);
    assert_eq!(deleting[0], format!("assignments Dev {A1}"), "{rerun}");
    assert!(deleting.contains(&"set Dev".to_owned()), "{rerun}");
    rerun.apply_with(&aws, allow()).await.unwrap();
    let after = state(&aws).await;
    assert!(!after.iter().any(|s| s.starts_with("set Dev")), "{after:?}");
}

/// A failed deletion stops the batch with Identity Center's reason, typed; the set it
/// belongs to is not deleted (its stage never starts).
#[tokio::test]
async fn a_failed_assignment_deletion_reports_its_reason() {
    let memory = InMemory::builder()
        .fail_assignment_deletions_in(AccountId::new(A2).unwrap(), "the account is suspended")
        .build();
    let aws = Aws::in_memory(memory);
    team_a(false).plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let err = team_a(false)
        .destroy_plan(&aws)
        .await
        .unwrap()
        .apply_with(&aws, allow())
        .await
        .unwrap_err();
    let text = crate::support::chain(&err);
    assert!(
        matches!(err.root_cause(), iam_bootstrap::Error::AsyncFailed { reason, .. } if reason.contains("suspended")),
        "{text}"
    );
    assert!(
        state(&aws).await.contains("set Dev"),
        "a set still assigned is not deleted"
    );
}

/// moto: member prune, listed removals and revocation (no set tags needed); sets stay, and
/// the plan says why.
#[cfg(feature = "sdk")]
#[tokio::test]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn member_prune_removals_and_revocation_on_moto() {
    let aws = moto::aws().await;
    spec("team-a", false, &["alice", "bob"], &[], &[])
        .plan(&aws)
        .await
        .unwrap()
        .apply(&aws)
        .await
        .unwrap();
    let pruning = spec("team-a", true, &["alice"], &[], &[]);
    let plan = pruning.plan(&aws).await.unwrap();
    assert_eq!(deletions(&plan), ["member devs bob"], "{plan}");
    assert!(
        plan.findings
            .iter()
            .any(|f| f.id == "permission-set-ownership-unreadable"),
        "{plan}"
    );
    plan.apply_with(&aws, allow()).await.unwrap();
    assert_eq!(pruning.plan(&aws).await.unwrap().changes.len(), 0);
    assert!(!state(&aws).await.contains("member devs bob"));

    revoke_scenario(&aws, false).await;

    let removal = Bootstrap::from_toml_str(
        "name = \"team-a\"\n[identity_center]\nremove_users = [\"bob\"]\nremove_groups = [\"devs\"]\n",
    )
    .unwrap();
    let plan = removal.plan(&aws).await.unwrap();
    assert_eq!(deletions(&plan), ["group devs", "user bob"], "{plan}");
    plan.apply_with(&aws, allow()).await.unwrap();
    assert!(removal.plan(&aws).await.unwrap().is_empty());
}

/// moto: the deletion calls through the SDK — an assignment deleted and its deletion status
/// read, a set deleted, and each already-gone answer is NotFound (which the library counts
/// as done).
#[cfg(feature = "sdk")]
#[tokio::test]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn deletion_calls_on_moto() {
    let aws = moto::aws().await;
    spec(
        "team-a",
        false,
        &["alice"],
        &["Dev"],
        &[("Dev", "{ user = \"alice\" }", &[A1])],
    )
    .plan(&aws)
    .await
    .unwrap()
    .apply(&aws)
    .await
    .unwrap();
    let idc = aws.identity_center();
    let instance = idc.list_instances().await.unwrap().remove(0);
    let arn = &instance.arn;
    let alice = idc
        .find_user(&instance.identity_store_id, &"alice".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let mut sets = Vec::new();
    for set in idc.list_permission_sets(arn).await.unwrap() {
        if idc
            .describe_permission_set(arn, &set)
            .await
            .unwrap()
            .unwrap()
            .name
            == "Dev"
        {
            sets.push(set);
        }
    }
    let set = sets.remove(0);
    let assignment = AccountAssignment::new(
        AccountId::new(A1).unwrap(),
        set.clone(),
        DirectoryPrincipal::User(alice),
    );
    let status = idc.delete_account_assignment(arn, &assignment).await.unwrap();
    assert_ne!(status.state, AsyncState::Failed);
    let polled = idc
        .describe_account_assignment_deletion_status(arn, &status.request_id)
        .await
        .unwrap();
    assert_eq!(polled.state, AsyncState::Succeeded);
    assert!(
        idc.delete_account_assignment(arn, &assignment)
            .await
            .unwrap_err()
            .is_not_found()
    );
    idc.delete_permission_set(arn, &set).await.unwrap();
    assert!(
        idc.delete_permission_set(arn, &set)
            .await
            .unwrap_err()
            .is_not_found()
    );
}
