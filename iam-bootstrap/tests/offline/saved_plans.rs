//! Saved plans for Identity Center and root hardening: a fresh plan records what it saw
//! from the reads planning makes anyway and is applied without reading again; a plan loaded
//! from JSON is checked against the account first and refused, naming the change and
//! writing nothing, when the account moved on.

use iam_bootstrap::client::{InMemory, Operation};
use iam_bootstrap::{
    Aws, DirectoryUserSpec, Error, IdentityCenterSpec, PasswordPolicy, Plan, PlanOrigin, RootHardening,
};

use crate::support::{accounts, admin, admin_builder};

/// The reads a saved plan's check makes for Identity Center.
const CHECKS: [Operation; 4] = [
    Operation::GetDirectoryUserId,
    Operation::GetDirectoryGroupId,
    Operation::GetGroupMembershipId,
    Operation::DescribePermissionSet,
];

fn saved(plan: &Plan) -> Plan {
    let loaded = Plan::from_json(&plan.to_json().unwrap()).unwrap();
    assert_eq!(loaded.origin, PlanOrigin::Loaded);
    loaded
}

fn observed<'a>(plan: &'a Plan, resource: &str) -> Option<&'a str> {
    plan.observed
        .iter()
        .find(|o| o.resource == resource)
        .map(|o| o.fingerprint.as_str())
}

#[tokio::test]
async fn a_fresh_identity_center_plan_reads_each_principal_once_and_applies_without_reading_again() {
    let aws = Aws::in_memory(InMemory::new());
    let before = aws.calls();
    let plan = admin(&accounts(3)).plan(&aws).await.unwrap();
    let planning = aws.calls().since(&before);
    // One lookup of the user and one of the group: the reads that plan their creation are
    // also what a saved copy checks.
    assert_eq!(planning.calls(Operation::GetDirectoryUserId), 1);
    assert_eq!(planning.calls(Operation::GetDirectoryGroupId), 1);
    assert_eq!(observed(&plan, "identity-center-user:jdoe"), Some("absent"));
    assert_eq!(
        observed(&plan, "identity-center-group:Administrators"),
        Some("absent")
    );
    // The membership joins principals this plan creates, the set is new: nothing to check.
    assert_eq!(plan.observed.len(), 2, "{:?}", plan.observed);

    let outcome = plan.apply(&aws).await.unwrap();
    for operation in CHECKS {
        assert_eq!(outcome.calls.calls(operation), 0, "{operation} at apply");
    }
    assert!(admin(&accounts(3)).plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_saved_identity_center_plan_on_an_unchanged_account_applies_after_one_read_per_check() {
    let aws = Aws::in_memory(InMemory::new());
    let plan = saved(&admin(&accounts(3)).plan(&aws).await.unwrap());
    let outcome = plan.apply(&aws).await.unwrap();
    assert_eq!(outcome.applied.len(), plan.changes.len());
    assert_eq!(outcome.calls.calls(Operation::GetDirectoryUserId), 1);
    assert_eq!(outcome.calls.calls(Operation::GetDirectoryGroupId), 1);
    assert!(admin(&accounts(3)).plan(&aws).await.unwrap().is_empty());

    // An existing set's observation is the planner's `DescribePermissionSet`: the check's
    // own read of an unchanged set agrees with it.
    let longer = admin_builder(&accounts(3))
        .session_duration("PT2H")
        .build()
        .unwrap();
    let update = longer.plan(&aws).await.unwrap();
    assert!(observed(&update, "permission-set:AdministratorAccess").is_some());
    let outcome = saved(&update).apply(&aws).await.unwrap();
    assert_eq!(outcome.calls.calls(Operation::DescribePermissionSet), 1);
    assert!(longer.plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_saved_identity_center_plan_is_refused_when_a_user_appeared_since() {
    let aws = Aws::in_memory(InMemory::new());
    let plan = saved(&admin(&accounts(2)).plan(&aws).await.unwrap());
    // Someone creates jdoe (with other attributes) after the plan was reviewed.
    let other = IdentityCenterSpec::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("John")
                .family_name("Doe")
                .email("john.doe@example.com"),
        )
        .build()
        .unwrap();
    other.plan(&aws).await.unwrap().apply(&aws).await.unwrap();

    let before = aws.calls();
    let err = plan.apply(&aws).await.unwrap_err();
    let Error::StalePlan {
        step,
        change,
        resource,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(resource, "identity-center-user:jdoe");
    assert_eq!(change, &plan.changes[*step].to_string());
    assert!(change.contains("jdoe"), "{change}");
    assert_eq!(aws.calls().since(&before).writes(), 0, "nothing written");
}

#[tokio::test]
async fn a_saved_plan_for_a_permission_set_changed_since_is_refused() {
    let aws = Aws::in_memory(InMemory::new());
    admin(&accounts(2))
        .plan(&aws)
        .await
        .unwrap()
        .apply(&aws)
        .await
        .unwrap();
    let with = |duration: &str| {
        admin_builder(&accounts(2))
            .session_duration(duration)
            .build()
            .unwrap()
    };
    let reviewed = saved(&with("PT2H").plan(&aws).await.unwrap());
    // The set moves on (another run) before the reviewed plan is applied.
    with("PT4H").plan(&aws).await.unwrap().apply(&aws).await.unwrap();

    let before = aws.calls();
    let err = reviewed.apply(&aws).await.unwrap_err();
    assert!(
        matches!(&err, Error::StalePlan { resource, change, .. }
            if resource == "permission-set:AdministratorAccess" && change.contains("AdministratorAccess")),
        "{err:?}"
    );
    assert_eq!(aws.calls().since(&before).writes(), 0, "nothing written");
    assert!(
        with("PT4H").plan(&aws).await.unwrap().is_empty(),
        "still as PT4H left it"
    );
}

fn hardening(alias: &str) -> RootHardening {
    RootHardening::builder()
        .password_policy(PasswordPolicy::cis())
        .account_alias(alias)
        .build()
        .unwrap()
}

#[tokio::test]
async fn root_hardening_observes_from_its_audit_and_refuses_a_saved_plan_after_an_alias_change() {
    let aws = Aws::in_memory(InMemory::new());
    let before = aws.calls();
    let plan = hardening("example-corp").plan(&aws).await.unwrap();
    let planning = aws.calls().since(&before);
    // The audit's reads are the observations: no second read of either setting.
    assert_eq!(planning.calls(Operation::GetAccountPasswordPolicy), 1);
    assert_eq!(planning.calls(Operation::ListAccountAliases), 1);
    assert!(observed(&plan, "account:password-policy").is_some());
    assert!(observed(&plan, "account:alias").is_some());

    // Planned from an audit made earlier: no call, the same observations.
    let spec = hardening("example-corp");
    let report = spec.audit(&aws).await.unwrap();
    let before = aws.calls();
    let from_audit = spec.plan_from_audit(report).unwrap();
    assert_eq!(aws.calls().since(&before).total(), 0);
    assert_eq!(from_audit.observed, plan.observed);

    // A saved copy of an unchanged account passes its check; the fresh plan reads nothing.
    let other = Aws::in_memory(InMemory::new());
    let fresh = hardening("example-corp").plan(&other).await.unwrap();
    let loaded = saved(&fresh);
    let outcome = fresh.apply(&other).await.unwrap();
    assert_eq!(outcome.calls.reads(), 0);

    // The alias alone is changed (another run) after the saved plan was reviewed.
    let stale = saved(&plan);
    let alias_only = RootHardening::builder()
        .account_alias("someone-else")
        .build()
        .unwrap();
    alias_only.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let before = aws.calls();
    let err = stale.apply(&aws).await.unwrap_err();
    assert!(
        matches!(&err, Error::StalePlan { resource, change, .. }
            if resource == "account:alias" && change.contains("example-corp")),
        "{err:?}"
    );
    assert_eq!(aws.calls().since(&before).writes(), 0, "nothing written");
    let checked = Aws::in_memory(InMemory::new());
    let outcome = loaded.apply(&checked).await.unwrap();
    assert_eq!(outcome.calls.calls(Operation::GetAccountPasswordPolicy), 1);
    assert_eq!(outcome.calls.calls(Operation::ListAccountAliases), 1);
}
