//! Identity Center orchestration with mockall: the exact calls planning a converged admin
//! makes, in order. Against AWS it reads the set's boundary and tags (drift made by hand);
//! a handle declaring moto's gaps (HTTP 500 to both, and no provisioning-status filter)
//! skips exactly those three reads and nothing else.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::sync::Arc;

use iam_bootstrap::client::{
    AccountAssignment, DirectoryUser, Instance, MockIamApi, MockIdentityCenterApi, PermissionSet,
    ProvisionedAccounts,
};
use iam_bootstrap::names::{
    AccountId, DirectoryGroupId, DirectoryGroupName, DirectoryUserId, DirectoryUserName, IdentityStoreId,
    InstanceArn, PermissionSetArn,
};
use iam_bootstrap::ownership::{OWNERSHIP_TAG_KEY, OWNERSHIP_TAG_VALUE};
use iam_bootstrap::{AdminProvisioning, Aws, DirectoryUserSpec, EmulatorGaps};
use mockall::Sequence;
use mockall::predicate::eq;

const ACCOUNT: &str = "111111111111";

fn instance() -> InstanceArn {
    "arn:aws:sso:::instance/ssoins-0000000000000001".parse().unwrap()
}
fn store() -> IdentityStoreId {
    "d-0000000001".parse().unwrap()
}
fn set() -> PermissionSetArn {
    "arn:aws:sso:::permissionSet/ssoins-0000000000000001/ps-0000000000000001"
        .parse()
        .unwrap()
}
fn user_id() -> DirectoryUserId {
    "0000000001-00000000-0000-0000-0000-000000000001".parse().unwrap()
}
fn group_id() -> DirectoryGroupId {
    "0000000001-00000000-0000-0000-0000-000000000002".parse().unwrap()
}

fn admin() -> AdminProvisioning {
    AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("Jane")
                .family_name("Doe")
                .email("jane@example.com"),
        )
        .accounts([ACCOUNT])
        .build()
        .unwrap()
}

/// The Identity Center of a converged admin, expecting exactly the reads a plan on a
/// handle with `gaps` makes, in order.
fn converged(spec: &AdminProvisioning, gaps: EmulatorGaps) -> MockIdentityCenterApi {
    let set_fields = spec.spec().permission_sets()[0].fields();
    let mut idc = MockIdentityCenterApi::new();
    let mut order = Sequence::new();
    idc.expect_list_instances()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| {
            let mut active = Instance::new(instance(), store());
            active.status = Some("ACTIVE".into());
            Ok(vec![active])
        });
    idc.expect_find_user()
        .with(eq(store()), eq(DirectoryUserName::new("jdoe").unwrap()))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(Some(user_id())));
    idc.expect_describe_user()
        .with(eq(store()), eq(user_id()))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| {
            let mut jdoe = DirectoryUser::new(user_id(), "jdoe");
            jdoe.display_name = Some("Jane Doe".into());
            jdoe.given_name = Some("Jane".into());
            jdoe.family_name = Some("Doe".into());
            jdoe.email = Some("jane@example.com".into());
            Ok(Some(jdoe))
        });
    idc.expect_find_group()
        .with(
            eq(store()),
            eq(DirectoryGroupName::new("Administrators").unwrap()),
        )
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(Some(group_id())));
    idc.expect_find_group_membership()
        .with(eq(store()), eq(group_id()), eq(user_id()))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _, _| Ok(Some("m-1".into())));
    idc.expect_list_permission_sets()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(vec![set()]));
    idc.expect_describe_permission_set()
        .with(eq(instance()), eq(set()))
        .times(1)
        .in_sequence(&mut order)
        .returning(move |_, _| {
            let mut described = PermissionSet::new(set(), set_fields.name.clone());
            described.description = Some(set_fields.description.clone());
            described.session_duration = Some("PT1H".into());
            Ok(Some(described))
        });
    idc.expect_list_managed_policies()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(vec!["arn:aws:iam::aws:policy/AdministratorAccess".into()]));
    idc.expect_list_customer_policy_refs()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(vec![]));
    idc.expect_get_inline_policy()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(None));
    let on_aws = usize::from(!gaps.permission_set_boundaries);
    // No boundary, as the spec wants (it names none).
    idc.expect_get_permissions_boundary()
        .with(eq(instance()), eq(set()))
        .times(on_aws)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(None));
    // Only the ownership marker: no tag added by hand.
    idc.expect_list_tags()
        .with(eq(instance()), eq(set()))
        .times(usize::from(!gaps.permission_set_tags))
        .in_sequence(&mut order)
        .returning(|_, _| Ok([(OWNERSHIP_TAG_KEY.to_owned(), OWNERSHIP_TAG_VALUE.to_owned())].into()));
    // Every account holds the set's latest copy: nothing left to provision.
    idc.expect_list_accounts_for_provisioned_permission_set()
        .with(eq(instance()), eq(set()), eq(ProvisionedAccounts::Outdated))
        .times(usize::from(!gaps.provisioning_status_filter))
        .in_sequence(&mut order)
        .returning(|_, _, _| Ok(vec![]));
    idc.expect_list_account_assignments()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _, _| {
            Ok(vec![AccountAssignment::new(
                AccountId::new(ACCOUNT).unwrap(),
                set(),
                group_id().into(),
            )])
        });
    idc
}

#[tokio::test]
async fn a_converged_admin_is_read_in_order_and_nothing_is_written() {
    let spec = admin();
    let idc = converged(&spec, EmulatorGaps::none());
    let aws = Aws::new(Arc::new(MockIamApi::new()), Arc::new(idc));

    let plan = spec.plan(&aws).await.unwrap();
    assert!(plan.is_empty(), "{plan}");
    assert!(plan.findings.is_empty());
    // Twelve reads before drift was read back; the boundary and the tags are two more.
    assert_eq!(aws.calls().total(), 14);
    assert_eq!(plan.apply(&aws).await.unwrap().calls.total(), 0);
}

#[tokio::test]
async fn moto_gaps_skip_the_boundary_tags_and_outdated_copies_only() {
    let spec = admin();
    let idc = converged(&spec, EmulatorGaps::moto());
    let aws = Aws::new(Arc::new(MockIamApi::new()), Arc::new(idc)).with_emulator_gaps(EmulatorGaps::moto());
    let plan = spec.plan(&aws).await.unwrap();
    assert!(plan.is_empty(), "{plan}");
    assert_eq!(aws.calls().total(), 11);
}
