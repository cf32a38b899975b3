//! Account selectors in specs, on an in-memory organization: the spec-file forms, the
//! plan's resolutions and refusals, the first sign-in step and its portal URL.

use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree};
use iam_bootstrap::client::{AccountState, InMemory};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::{
    AdminProvisioning, Aws, Bootstrap, DirectoryUserSpec, Error, IdentityCenterChange, IdentityCenterSpec,
    PreconditionReason, ResourceKind,
};

fn id(n: u64) -> AccountId {
    AccountId::new(format!("{n:012}")).unwrap()
}

/// Root / Workloads / {Prod / Payments, Dev}, Sandbox; one suspended and one tagged account.
fn organization() -> InMemory {
    let tree = OrganizationTree::new()
        .ou("/Sandbox")
        .account(MemberAccount::new(id(111_111_111_111), "prod-a").in_ou("/Workloads/Prod"))
        .account(
            MemberAccount::new(id(111_111_111_112), "prod-b")
                .in_ou("/Workloads/Prod")
                .tag("env", "prod"),
        )
        .account(
            MemberAccount::new(id(111_111_111_113), "prod-old")
                .in_ou("/Workloads/Prod")
                .state(AccountState::Suspended),
        )
        .account(MemberAccount::new(id(111_111_111_114), "payments").in_ou("/Workloads/Prod/Payments"))
        .account(MemberAccount::new(id(222_222_222_221), "dev").in_ou("/Workloads/Dev"));
    InMemory::builder().organization(tree).build()
}

const SPEC: &str = r#"
[identity_center]
groups = [{ name = "Operators" }]

[[identity_center.permission_sets]]
name = "Operate"
managed_policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]

[[identity_center.assignments]]
permission_set = "Operate"
principal = { group = "Operators" }
accounts = ["333333333333", { ou = "Root/Workloads", except = ["222222222221"] }, { tag = "env=prod" }]
"#;

fn assigned_accounts(plan: &iam_bootstrap::Plan) -> Vec<String> {
    plan.changes
        .iter()
        .filter_map(|c| match c {
            iam_bootstrap::Change::IdentityCenter(c) => match c.as_ref() {
                IdentityCenterChange::CreateAccountAssignments { accounts, .. } => {
                    Some(accounts.iter().map(ToString::to_string).collect::<Vec<_>>())
                }
                _ => None,
            },
            _ => None,
        })
        .flatten()
        .collect()
}

#[tokio::test]
async fn a_spec_file_selects_by_id_ou_and_tag_and_the_plan_shows_each_resolution() {
    let aws = Aws::in_memory(organization());
    let spec = Bootstrap::from_toml_str(SPEC).unwrap();
    let plan = spec.plan(&aws).await.unwrap();
    let text = plan.to_string();
    assert!(
        text.contains(
            "OU Root/Workloads except 222222222221 (3 nested OUs) -> 3 accounts; skipped, not ACTIVE: \
             111111111113 (SUSPENDED); excluded: 222222222221"
        ),
        "{text}"
    );
    assert!(text.contains("tag env=prod -> 1 account\n"), "{text}");
    // The explicit account first, then the OU's, and the tagged account only once.
    assert_eq!(
        assigned_accounts(&plan),
        ["333333333333", "111111111111", "111111111112", "111111111114"]
    );
    plan.apply(&aws).await.unwrap();
    let again = spec.plan(&aws).await.unwrap();
    assert!(again.changes.is_empty(), "{again}");
    assert_eq!(again.selections.len(), 2, "still shown on a plan without changes");

    // A saved plan keeps the resolutions.
    let saved = iam_bootstrap::Plan::from_json(&again.to_json().unwrap()).unwrap();
    assert_eq!(saved.selections, again.selections);
}

#[tokio::test]
async fn unknown_ous_and_tags_are_refused_at_plan_time_by_name_before_any_write() {
    for (selector, kind, name) in [
        (
            "{ ou = \"Root/Workloads/Staging\" }",
            ResourceKind::OrganizationalUnit,
            "Root/Workloads/Staging",
        ),
        (
            "{ ou = \"ou-abcd-12345678\" }",
            ResourceKind::OrganizationalUnit,
            "ou-abcd-12345678",
        ),
        (
            "{ tag = \"env=staging\" }",
            ResourceKind::AccountTag,
            "env=staging",
        ),
    ] {
        let memory = organization();
        let aws = Aws::in_memory(memory.clone());
        let text = SPEC.replace(
            r#"accounts = ["333333333333", { ou = "Root/Workloads", except = ["222222222221"] }, { tag = "env=prod" }]"#,
            &format!("accounts = [{selector}]"),
        );
        let spec = Bootstrap::from_toml_str(&text).unwrap();
        match spec.plan(&aws).await {
            Err(Error::Precondition {
                reason: PreconditionReason::MissingReference { kind: k, name: n },
                ..
            }) => assert_eq!((k, n.as_str()), (kind, name)),
            other => panic!("{selector}: {other:?}"),
        }
        assert_eq!(aws.calls().writes(), 0);
    }
}

#[tokio::test]
async fn selectors_need_an_organization() {
    let aws = Aws::in_memory(InMemory::new());
    let spec = Bootstrap::from_toml_str(SPEC).unwrap();
    match spec.plan(&aws).await {
        Err(Error::Precondition {
            reason: PreconditionReason::NotInOrganization,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_selectors_name_their_key_and_line_before_any_call() {
    for (accounts, field) in [
        (r#"["12345"]"#, "identity_center.assignments[0].accounts[0]"),
        (
            r#"[{ ou = "Workloads" }]"#,
            "identity_center.assignments[0].accounts[0].ou",
        ),
        (
            r#"["333333333333", { ou = "Root//Prod" }]"#,
            "identity_center.assignments[0].accounts[1].ou",
        ),
        (
            r#"[{ tag = "env" }]"#,
            "identity_center.assignments[0].accounts[0].tag",
        ),
        (
            r#"[{ organization = true, except = ["x"] }]"#,
            "identity_center.assignments[0].accounts[0].except[0]",
        ),
        (
            r#"[{ ou = "Root", tag = "a=b" }]"#,
            "identity_center.assignments[0].accounts[0].tag",
        ),
    ] {
        let text = SPEC.replace(
            r#"["333333333333", { ou = "Root/Workloads", except = ["222222222221"] }, { tag = "env=prod" }]"#,
            accounts,
        );
        let err = Bootstrap::from_toml_str(&text).unwrap_err();
        assert_eq!(err.field(), field, "{accounts}");
        assert_eq!(err.line(), Some(12), "{accounts}");
    }
}

#[tokio::test]
async fn the_admin_preset_selects_an_ou_and_names_the_portal_for_the_first_sign_in() {
    let aws = Aws::in_memory(organization());
    let admin = AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("Jane")
                .family_name("Doe")
                .email("jane@example.com"),
        )
        .select(AccountSelectorBuilder::ou("Root/Workloads/Prod").recursive(false))
        .build()
        .unwrap();
    let plan = admin.plan(&aws).await.unwrap();
    assert_eq!(assigned_accounts(&plan), ["111111111111", "111111111112"]);
    let instance = iam_bootstrap::InstanceChoice::Only.discover(&aws).await.unwrap();
    let url = format!("https://{}.awsapps.com/start", instance.identity_store_id);
    let step = plan
        .manual_steps
        .iter()
        .find(|s| s.id == "identity-center-first-sign-in")
        .unwrap();
    assert!(step.title.contains(&url), "{}", step.title);
    assert!(step.title.contains("jdoe <jane@example.com>"), "{}", step.title);
    plan.apply(&aws).await.unwrap();
    let again = admin.plan(&aws).await.unwrap();
    assert!(
        again.manual_steps.is_empty(),
        "only when the plan creates the user"
    );

    let custom = IdentityCenterSpec::builder()
        .portal_subdomain("example-corp")
        .build()
        .unwrap();
    assert_eq!(
        custom.portal_url("d-1234567890"),
        "https://example-corp.awsapps.com/start"
    );
    let bad = IdentityCenterSpec::builder()
        .portal_subdomain("Example Corp")
        .build();
    assert_eq!(bad.unwrap_err().field(), "portal_subdomain");
}

/// The caller is 444444444444, a delegated administrator of Identity Center in an
/// organization whose management account is 999999999999 (another in-memory account
/// answers Organizations): assigning in the management account, or changing a set
/// provisioned to it, is refused at plan time, before any write; leaving it out plans.
#[tokio::test]
async fn a_delegated_administrator_cannot_reach_the_management_account() {
    use std::sync::Arc;

    let management = id(999_999_999_999);
    let admin = id(444_444_444_444);
    let tree = OrganizationTree::new()
        .account(MemberAccount::new(admin.clone(), "identity").in_ou("/Security"))
        .account(MemberAccount::new(id(111_111_111_111), "prod-a").in_ou("/Workloads"))
        .delegated_administrator(admin.clone(), "sso.amazonaws.com");
    let organization = InMemory::builder()
        .account_id(management.clone())
        .organization(tree)
        .build();
    let caller = InMemory::builder().account_id(admin.clone()).build();
    let aws = Aws::in_memory(caller.clone()).with_organizations(Arc::new(organization));

    let spec = |selector: AccountSelectorBuilder| {
        IdentityCenterSpec::builder()
            .group(iam_bootstrap::DirectoryGroupSpec::builder("Operators"))
            .permission_set(
                iam_bootstrap::PermissionSetSpec::builder("Operate")
                    .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            )
            .assignment(
                iam_bootstrap::AssignmentSpec::builder("Operate")
                    .group("Operators")
                    .select(selector),
            )
            .build()
            .unwrap()
    };
    let refused = |result: iam_bootstrap::Result<iam_bootstrap::Plan>| match result {
        Err(Error::Precondition {
            reason: PreconditionReason::ManagementAccountReserved { management_account },
            ..
        }) => assert_eq!(management_account, "999999999999"),
        other => panic!("{other:?}"),
    };
    refused(spec(AccountSelectorBuilder::organization()).plan(&aws).await);
    assert_eq!(aws.calls().writes(), 0);

    // Without the management account the plan goes through and applies.
    let members = spec(AccountSelectorBuilder::organization().except(["999999999999"]));
    let plan = members.plan(&aws).await.unwrap();
    plan.apply(&aws).await.unwrap();

    // The set is provisioned to the management account (by the management account, say):
    // changing it is now refused too.
    let caller_aws = Aws::in_memory(caller);
    iam_bootstrap::IdentityCenterSpec::builder()
        .assignment(
            iam_bootstrap::AssignmentSpec::builder("Operate")
                .group("Operators")
                .account("999999999999"),
        )
        .build()
        .unwrap()
        .plan(&caller_aws)
        .await
        .unwrap()
        .apply(&caller_aws)
        .await
        .unwrap();
    let changed = IdentityCenterSpec::builder()
        .group(iam_bootstrap::DirectoryGroupSpec::builder("Operators"))
        .permission_set(
            iam_bootstrap::PermissionSetSpec::builder("Operate")
                .managed_policy("arn:aws:iam::aws:policy/SecurityAudit"),
        )
        .assignment(
            iam_bootstrap::AssignmentSpec::builder("Operate")
                .group("Operators")
                .select(AccountSelectorBuilder::ou("Root/Workloads")),
        )
        .build()
        .unwrap();
    refused(changed.plan(&aws).await);
}

/// Resolving an OU selector reads each OU it visits once: one child-OU listing and one
/// account listing per visited parent (one page each on the in-memory organization), after
/// the organization and its root; a second selector of the same reader reads nothing again.
#[tokio::test]
async fn an_ou_walk_makes_one_listing_of_each_kind_per_visited_ou() {
    use iam_bootstrap::client::Operation;
    use iam_bootstrap::organization::OrganizationReader;
    let aws = Aws::in_memory(organization());
    let mut reader = OrganizationReader::new(&aws);
    let everything = AccountSelectorBuilder::ou("Root").build().unwrap();
    let resolution = reader.resolve(&everything).await.unwrap();
    // Workloads, Prod, Payments, Dev, Sandbox.
    assert_eq!(resolution.nested_ous, Some(5), "{resolution}");
    let calls = aws.calls();
    // The root and its five OUs.
    let visited = 6;
    assert_eq!(calls.calls(Operation::ListOrganizationalUnitsForParent), visited);
    assert_eq!(calls.calls(Operation::ListAccountsForParent), visited);
    assert_eq!(calls.calls(Operation::DescribeOrganization), 1);
    assert_eq!(calls.calls(Operation::ListRoots), 1);
    assert_eq!(calls.total(), 2 + 2 * visited);
    let prod = AccountSelectorBuilder::ou("Root/Workloads/Prod").build().unwrap();
    reader.resolve(&prod).await.unwrap();
    assert_eq!(aws.calls().since(&calls).total(), 0, "every OU was read already");
}
