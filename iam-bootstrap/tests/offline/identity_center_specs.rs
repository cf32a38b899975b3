//! Specs as data, on the in-memory account: validation with field paths before any call,
//! serde round trips, plans that serialize and resolve IDs when applied in parts, and what
//! a plan does with things that exist already.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use crate::support;

use iam_bootstrap::client::InMemory;
use iam_bootstrap::{
    AdminProvisioning, Aws, DirectoryUserSpec, IdentityCenterSpec, InstanceChoice, PermissionSetSpec, Plan,
};
use support::{accounts, admin};

#[tokio::test]
async fn a_relay_state_the_spec_does_not_name_is_kept() {
    // AWS cannot clear a relay state (minimum length 1): a spec without one leaves it.
    let aws = Aws::in_memory(InMemory::new());
    let with = IdentityCenterSpec::builder()
        .permission_set(
            PermissionSetSpec::builder("Portal").relay_state("https://console.aws.amazon.com/s3/"),
        )
        .build()
        .unwrap();
    with.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let without = IdentityCenterSpec::builder()
        .permission_set(PermissionSetSpec::builder("Portal"))
        .build()
        .unwrap();
    assert!(without.plan(&aws).await.unwrap().is_empty());
    let instance = InstanceChoice::Only.discover(&aws).await.unwrap();
    let idc = aws.identity_center();
    let arn = idc.list_permission_sets(&instance.arn).await.unwrap()[0].clone();
    let set = idc
        .describe_permission_set(&instance.arn, &arn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        set.relay_state.as_deref(),
        Some("https://console.aws.amazon.com/s3/")
    );
}

#[tokio::test]
async fn an_existing_user_is_reported_not_rewritten() {
    let aws = Aws::in_memory(InMemory::new());
    let instance = InstanceChoice::Only.discover(&aws).await.unwrap();
    let spec = admin(&accounts(1));
    let mut existing = spec.user().unwrap().to_new_user();
    existing.email = "old@example.com".into();
    aws.identity_center()
        .create_user(&instance.identity_store_id, &existing)
        .await
        .unwrap();
    let plan = spec.plan(&aws).await.unwrap();
    assert!(
        !plan
            .changes
            .iter()
            .any(|c| c.to_string().contains("create Identity Center user"))
    );
    assert_eq!(plan.findings.len(), 1);
    assert!(
        plan.findings[0].evidence.contains("email is \"old@example.com\""),
        "{}",
        plan.findings[0]
    );
}

#[tokio::test]
async fn a_plan_is_data_and_resolves_ids_when_applied_in_parts() {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    let plan = admin(&accounts(2)).plan(&aws).await.unwrap();
    let json = plan.to_json().unwrap();
    assert!(json.contains(r#""capability": "identity_center""#), "{json}");
    assert!(
        json.contains(r#""action": "create_account_assignments""#),
        "{json}"
    );
    let parsed: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, plan);

    // Apply the first half, then the rest as a separate plan: the second half finds the
    // user, group and permission set it needs by looking them up.
    let (first, rest) = parsed.changes.split_at(4);
    Plan::new(first.to_vec()).apply(&aws).await.unwrap();
    Plan::new(rest.to_vec()).apply(&aws).await.unwrap();
    assert_eq!(memory.inventory().account_assignments, 2);
    assert_eq!(memory.inventory().group_memberships, 1);
    assert!(admin(&accounts(2)).plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_input_is_a_typed_error_with_the_field_path_and_no_call() {
    let err = AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("J")
                .family_name("D")
                .email("bad"),
        )
        .accounts(accounts(1))
        .build()
        .unwrap_err();
    assert_eq!(err.field(), "user.email");
    let err = AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("J")
                .family_name("D")
                .email("j@x.io"),
        )
        .build()
        .unwrap_err();
    assert_eq!(err.field(), "accounts");
    let err = AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("J")
                .family_name("D")
                .email("j@x.io"),
        )
        .accounts(["123"])
        .session_duration("PT13H")
        .build()
        .unwrap_err();
    assert_eq!(err.field(), "session_duration");

    let huge = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::{}"}}]}}"#,
        "b".repeat(10_300)
    );
    let err = IdentityCenterSpec::builder()
        .permission_set(PermissionSetSpec::builder("Ok"))
        .permission_set(PermissionSetSpec::builder("Big").inline_policy(huge))
        .build()
        .unwrap_err();
    assert_eq!(err.field(), "permission_sets[1].inline_policy");

    let err = serde_json::from_str::<IdentityCenterSpec>(
        r#"{"assignments": [{"permission_set": "X", "principal": {"group": "G"}, "accounts": ["123456789012", "42"]}]}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("assignments[0].accounts[1]"), "{err}");
    let err =
        serde_json::from_str::<IdentityCenterSpec>(r#"{"permission_sets": [{"name": "A"}, {"name": "a"}]}"#)
            .unwrap_err();
    assert!(err.to_string().contains("permission_sets[1].name"), "{err}");
    let err =
        serde_json::from_str::<IdentityCenterSpec>(r#"{"max_outstanding_assignments": 11}"#).unwrap_err();
    assert!(err.to_string().contains("max_outstanding_assignments"), "{err}");
}

#[test]
fn the_spec_round_trips_through_serde() {
    let spec = admin(&accounts(2));
    let json = serde_json::to_string(&spec).unwrap();
    let back: AdminProvisioning = serde_json::from_str(&json).unwrap();
    assert_eq!(back, spec);
    let general = serde_json::to_value(spec.spec()).unwrap();
    let back: IdentityCenterSpec = serde_json::from_value(general).unwrap();
    assert_eq!(&back, spec.spec());
}
