//! Identity Center behaviour that moto cannot model, on the in-memory account: assignments
//! that stay IN_PROGRESS or end FAILED (moto settles every request at once, as SUCCEEDED),
//! conflicts and throttling, the ten-outstanding bound, sso-admin tags (ownership, drift)
//! and permissions boundaries (moto answers HTTP 500, so its tests declare
//! `EmulatorGaps::moto()`; the drift those reads find is tested here), job-function policies (moto cannot
//! attach them by their real ARN), several instances or none, and a failure at every call.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use iam_bootstrap::client::layer::{FaultKind, Faults, Layered, RetryConfig};
use iam_bootstrap::client::{InMemory, Operation, PermissionSetFields, Tags};
use iam_bootstrap::names::{AccountId, InstanceArn, PermissionSetArn};
use iam_bootstrap::{
    AdminProvisioning, AssignmentSpec, Aws, DirectoryGroupSpec, DirectoryUserSpec, EmulatorGaps, Error,
    IdentityCenterSpec, InstanceChoice, JobFunction, PermissionSetSpec, PermissionSetSpecBuilder,
    PreconditionReason, ResourceKind, WaitConfig,
};
use support::{accounts, admin, chain};

const ADMIN_ARN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

fn fast_retry() -> RetryConfig {
    RetryConfig::new(8, Duration::from_millis(1), Duration::from_millis(10))
}

/// The in-memory account behind a fault-injecting layer, with the usual stack around it.
fn faulty(memory: &InMemory, faults: Faults) -> Aws {
    let (iam, idc) = Layered::new(faults, Arc::new(memory.clone()), Arc::new(memory.clone())).into_arcs();
    Aws::new(iam, idc)
        .with_retry(fast_retry())
        .with_waits(WaitConfig::fast())
}

async fn run(spec: &AdminProvisioning, aws: &Aws) -> iam_bootstrap::Result<iam_bootstrap::Outcome> {
    spec.plan(aws).await?.apply(aws).await
}

#[tokio::test]
async fn assignments_are_polled_from_in_progress_to_succeeded() {
    let memory = InMemory::builder()
        .assignment_polls(3)
        .provisioning_polls(2)
        .build();
    let aws = Aws::in_memory(memory.clone());
    let spec = admin(&accounts(5));
    let outcome = run(&spec, &aws).await.unwrap();
    let calls = &outcome.calls;
    assert_eq!(calls.calls(Operation::CreateAccountAssignment), 5);
    assert_eq!(
        calls.calls(Operation::DescribeAccountAssignmentCreationStatus),
        15
    );
    // The assignments provisioned the new set to their accounts: nothing to push again.
    assert_eq!(calls.calls(Operation::ProvisionPermissionSet), 0);
    assert_eq!(calls.calls(Operation::DescribePermissionSetProvisioningStatus), 0);
    assert_eq!(memory.inventory().account_assignments, 5);
}

#[tokio::test]
async fn a_failed_assignment_surfaces_its_reason_and_the_rest_settle() {
    let all = accounts(3);
    let bad = AccountId::new(all[1].clone()).unwrap();
    let memory = InMemory::builder()
        .assignment_polls(2)
        .fail_assignments_to(bad.clone(), "the account is suspended")
        .build();
    let aws = Aws::in_memory(memory.clone());
    let spec = admin(&all);
    let err = run(&spec, &aws).await.unwrap_err();
    match err.root_cause() {
        Error::AsyncFailed {
            operation, reason, ..
        } => {
            assert_eq!(*operation, Operation::CreateAccountAssignment);
            assert_eq!(reason, "the account is suspended");
        }
        other => panic!("expected AsyncFailed, got {other:?}"),
    }
    assert!(matches!(err, Error::Apply { step: 5, .. }), "{err}");
    // The other two were in flight together and settled; nothing was provisioned after.
    assert_eq!(memory.inventory().account_assignments, 2);
    let again = spec.plan(&aws).await.unwrap();
    let texts: Vec<String> = again.changes.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].contains(&format!("in 1 account(s) ({bad})")),
        "{texts:?}"
    );
}

#[tokio::test]
async fn conflicts_are_retried_with_backoff() {
    let memory = InMemory::builder().assignment_polls(1).build();
    let faults = Faults::new(1)
        .fail_operation(Operation::CreateAccountAssignment, 2, FaultKind::Conflict)
        .fail_operation(Operation::CreatePermissionSet, 1, FaultKind::Conflict);
    let aws = faulty(&memory, faults.clone());
    let outcome = run(&admin(&accounts(3)), &aws).await.unwrap();
    assert_eq!(faults.injected(), 3);
    let stats = &outcome.calls.by_operation;
    assert_eq!(stats[&Operation::CreateAccountAssignment].errors, 2);
    assert_eq!(stats[&Operation::CreateAccountAssignment].calls, 5);
    assert_eq!(stats[&Operation::CreatePermissionSet].errors, 1);
    assert_eq!(memory.inventory().account_assignments, 3);
    assert_eq!(memory.inventory().permission_sets, 1);
}

#[tokio::test]
async fn throttling_is_retried_with_backoff() {
    let memory = InMemory::builder().assignment_polls(2).build();
    let faults = Faults::new(7).throttle_fraction(0.2);
    let aws = faulty(&memory, faults.clone());
    let spec = admin(&accounts(6));
    run(&spec, &aws).await.unwrap();
    assert!(faults.injected() > 5, "only {} throttled", faults.injected());
    assert_eq!(memory.inventory().account_assignments, 6);
    assert!(spec.plan(&Aws::in_memory(memory)).await.unwrap().is_empty());
}

#[tokio::test]
async fn at_most_ten_assignment_creations_are_outstanding() {
    // Thirty accounts, each IN_PROGRESS for three polls. The in-memory account throttles an
    // eleventh outstanding creation, so the counter's error count proves the bound was kept.
    let memory = InMemory::builder().assignment_polls(3).build();
    // Without the 20 calls/s limit only to keep the test fast; the bound is independent of it.
    let aws = Aws::in_memory(memory.clone()).with_rate_limit(None);
    let outcome = run(&admin(&accounts(30)), &aws).await.unwrap();
    let create = outcome.calls.by_operation[&Operation::CreateAccountAssignment];
    assert_eq!((create.calls, create.errors), (30, 0));
    assert_eq!(memory.max_outstanding_assignments(), 10);
    assert_eq!(memory.inventory().account_assignments, 30);

    // A lower bound is configurable.
    let memory = InMemory::builder().assignment_polls(3).build();
    let aws = Aws::in_memory(memory.clone()).with_rate_limit(None);
    let spec = AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("J")
                .family_name("D")
                .email("j@example.com"),
        )
        .accounts(accounts(12))
        .max_outstanding_assignments(4)
        .build()
        .unwrap();
    run(&spec, &aws).await.unwrap();
    assert_eq!(memory.max_outstanding_assignments(), 4);

    // Two batches in one plan: the apply engine runs independent changes concurrently, but
    // assignment batches share one lane, so the limit holds across them.
    let memory = InMemory::builder().assignment_polls(3).build();
    let aws = Aws::in_memory(memory.clone()).with_rate_limit(None);
    let spec = IdentityCenterSpec::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("J")
                .family_name("D")
                .email("j@example.com"),
        )
        .permission_set(PermissionSetSpec::builder("Admin").managed_policy(ADMIN_ARN))
        .permission_set(PermissionSetSpec::builder("ReadOnly").job_function(JobFunction::ReadOnlyAccess))
        .assignment(
            AssignmentSpec::builder("Admin")
                .user("jdoe")
                .accounts(accounts(15)),
        )
        .assignment(
            AssignmentSpec::builder("ReadOnly")
                .user("jdoe")
                .accounts(accounts(15)),
        )
        .build()
        .unwrap();
    let outcome = spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    assert_eq!(
        outcome.calls.by_operation[&Operation::CreateAccountAssignment].errors,
        0
    );
    assert_eq!(memory.max_outstanding_assignments(), 10);
    assert_eq!(memory.inventory().account_assignments, 30);
}

#[tokio::test]
async fn a_converged_account_plans_nothing_and_applying_writes_nothing() {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    let spec = admin(&accounts(3));
    let first = run(&spec, &aws).await.unwrap();
    // No provisioning change: the assignments provision the new set.
    assert_eq!(first.applied.len(), 6);

    let before = aws.calls();
    let plan = spec.plan(&aws).await.unwrap();
    let reads = aws.calls().since(&before);
    assert!(plan.is_empty(), "{plan}");
    assert_eq!(reads.writes(), 0);
    // ListInstances, GetUserId, DescribeUser, GetGroupId, GetGroupMembershipId,
    // ListPermissionSets, DescribePermissionSet, ListManagedPolicies, ListCustomerRefs,
    // GetInlinePolicy, GetPermissionsBoundary and ListTagsForResource (drift made by hand),
    // ListAccountsForProvisionedPermissionSet (are the accounts' copies current?), and one
    // ListAccountAssignmentsForPrincipal for the group's three accounts (instead of one
    // ListAccountAssignments per account).
    assert_eq!(reads.total(), 13 + 1, "{reads:?}");
    assert_eq!(reads.calls(Operation::GetPermissionsBoundaryForPermissionSet), 1);
    assert_eq!(reads.calls(Operation::ListTagsForResource), 1);
    assert_eq!(reads.calls(Operation::ListAccountAssignmentsForPrincipal), 1);
    assert_eq!(reads.calls(Operation::ListAccountAssignments), 0);
    assert_eq!(plan.apply(&aws).await.unwrap().calls.total(), 0);
}

#[tokio::test]
async fn a_refused_listing_by_principal_falls_back_to_listing_by_account() {
    // AWS serves ListAccountAssignmentsForPrincipal to the management account only.
    let memory = InMemory::new();
    let spec = admin(&accounts(3));
    run(&spec, &Aws::in_memory(memory.clone())).await.unwrap();
    let refusing = Faults::new(1).fail_operation(
        Operation::ListAccountAssignmentsForPrincipal,
        u64::MAX,
        FaultKind::AccessDenied,
    );
    let aws = faulty(&memory, refusing);
    let plan = spec.plan(&aws).await.unwrap();
    assert!(plan.is_empty(), "{plan}");
    let calls = aws.calls();
    assert_eq!(calls.calls(Operation::ListAccountAssignmentsForPrincipal), 1);
    assert_eq!(calls.calls(Operation::ListAccountAssignments), 3);
}

/// Fails the k-th write (then, separately, the k-th call of any kind) of a clean run, for
/// every k; a re-run must reach the clean run's end state with nothing duplicated.
#[tokio::test]
async fn a_rerun_after_a_failure_at_any_call_converges() {
    let spec = admin(&accounts(2));
    let fresh = || InMemory::builder().assignment_polls(1).build();
    let clean = fresh();
    let clean_aws = Aws::in_memory(clean.clone());
    let outcome = run(&spec, &clean_aws).await.unwrap();
    let expected = clean.inventory();
    // Every call of the clean run, planning's reads included (the outcome counts the apply).
    let (writes, total) = (outcome.calls.writes(), clean_aws.calls().total());
    // User, group, membership, set, its policy, two assignments (which provision the set).
    assert_eq!(writes, 7, "{outcome}");
    assert!(total > outcome.calls.total(), "planning made calls too: {total}");

    for (k, only_writes) in (1..=writes)
        .map(|k| (k, true))
        .chain((1..=total).map(|k| (k, false)))
    {
        let memory = fresh();
        let faults = if only_writes {
            Faults::new(k).fail_nth_write(k, FaultKind::Service)
        } else {
            Faults::new(k).fail_nth(k, FaultKind::Service)
        };
        // The failing run: it reaches call k (a clean run makes that many), which fails it.
        let err = run(&spec, &faulty(&memory, faults.clone()))
            .await
            .expect_err(&format!("call {k} (writes only: {only_writes}) fails the run"));
        assert_eq!(faults.injected(), 1, "call {k} (writes only: {only_writes})");
        let text = chain(&err);
        assert!(
            text.contains("InjectedFault"),
            "call {k} (writes only: {only_writes}): the injected failure surfaces: {text}"
        );
        // Then a clean re-run on the same account.
        let aws = Aws::in_memory(memory.clone());
        run(&spec, &aws)
            .await
            .unwrap_or_else(|e| panic!("re-run after failing call {k} (writes only: {only_writes}): {e}"));
        assert_eq!(
            memory.inventory(),
            expected,
            "after failing call {k} (writes only: {only_writes})"
        );
        assert!(
            spec.plan(&aws).await.unwrap().is_empty(),
            "not converged after call {k}"
        );
    }
}

#[tokio::test]
async fn identity_center_must_be_enabled_and_unambiguous() {
    let aws = Aws::in_memory(InMemory::builder().identity_center_instances(0).build());
    let err = admin(&accounts(1)).plan(&aws).await.unwrap_err();
    assert!(matches!(
        err,
        Error::Precondition {
            reason: PreconditionReason::IdentityCenterNotEnabled,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "IAM Identity Center is not enabled in this account/region; enable it in the console \
         (https://console.aws.amazon.com/singlesignon) or choose the region where it is"
    );
    assert_eq!(aws.calls().total(), 1);

    let memory = InMemory::builder().identity_center_instances(2).build();
    let aws = Aws::in_memory(memory.clone());
    let err = admin(&accounts(1)).plan(&aws).await.unwrap_err();
    assert!(
        matches!(&err, Error::Precondition { reason: PreconditionReason::AmbiguousInstance { instances }, .. } if instances.len() == 2),
        "{err}"
    );
    assert!(err.to_string().contains("choose one by ARN"), "{err}");
    let second = aws.identity_center().list_instances().await.unwrap()[1].clone();
    let chosen = AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("J")
                .family_name("D")
                .email("j@example.com"),
        )
        .accounts(accounts(1))
        .instance(InstanceChoice::ByArn(second.arn.clone()))
        .build()
        .unwrap();
    chosen.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let idc = aws.identity_center();
    assert!(
        idc.find_user(&second.identity_store_id, &"jdoe".parse().unwrap())
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_permission_set_the_library_did_not_create_is_rewritten_only_when_adopted() {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    let instance = InstanceChoice::Only.discover(&aws).await.unwrap();
    let idc = aws.identity_center();
    // Someone made an AdministratorAccess set by hand, with four-hour sessions.
    let mut fields = PermissionSetFields::new("AdministratorAccess");
    fields.description = "made in the console".into();
    fields.session_duration = "PT4H".into();
    let theirs = idc
        .create_permission_set(&instance.arn, &fields, &Tags::new())
        .await
        .unwrap();
    idc.attach_managed_policy(&instance.arn, &theirs.arn, ADMIN_ARN)
        .await
        .unwrap();

    let before = aws.calls();
    let err = admin(&accounts(1)).plan(&aws).await.unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(
            &err,
            Error::Precondition {
                reason: PreconditionReason::NotOwned {
                    kind: ResourceKind::PermissionSet,
                    name,
                },
                ..
            } if name == "AdministratorAccess"
        ),
        "{text}"
    );
    assert!(
        text.contains("not created by iam-bootstrap") && text.contains("session PT4H → PT1H"),
        "{text}"
    );
    assert!(text.contains("adopt"), "{text}");
    assert_eq!(aws.calls().since(&before).writes(), 0);

    let adopting = AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("jdoe")
                .given_name("Jane")
                .family_name("Doe")
                .email("jane.doe@example.com"),
        )
        .accounts(accounts(1))
        .adopt_permission_set(true)
        .build()
        .unwrap();
    adopting.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let set = idc
        .describe_permission_set(&instance.arn, &theirs.arn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(set.session_duration.as_deref(), Some("PT1H"));
    assert_eq!(memory.inventory().permission_sets, 1);
    // Adopting does not tag; a set that already matches needs no ownership to converge.
    assert!(admin(&accounts(1)).plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn job_function_policies_attach_by_their_real_arns() {
    let aws = Aws::in_memory(InMemory::new());
    let mut set = PermissionSetSpec::builder("JobFunctions");
    for function in JobFunction::ALL {
        set = set.job_function(function);
    }
    let spec = IdentityCenterSpec::builder().permission_set(set).build().unwrap();
    spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let instance = InstanceChoice::Only.discover(&aws).await.unwrap();
    let idc = aws.identity_center();
    let arn = idc.list_permission_sets(&instance.arn).await.unwrap()[0].clone();
    let mut attached = idc.list_managed_policies(&instance.arn, &arn).await.unwrap();
    attached.sort();
    let mut expected: Vec<String> = JobFunction::ALL.iter().map(|f| f.arn()).collect();
    expected.sort();
    assert_eq!(attached, expected);
    assert!(attached.contains(&"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess".to_owned()));
    assert!(spec.plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn boundaries_and_tags_converge_where_the_api_has_them() {
    let aws = Aws::in_memory(InMemory::new());
    let with = |boundary: Option<&str>| {
        let mut set = PermissionSetSpec::builder("Bounded")
            .managed_policy(ADMIN_ARN)
            .tag("team", "platform");
        set = match boundary {
            Some(arn) => set.aws_managed_boundary(arn),
            None => set.no_permissions_boundary(),
        };
        IdentityCenterSpec::builder().permission_set(set).build().unwrap()
    };
    let bounded = with(Some("arn:aws:iam::aws:policy/PowerUserAccess"));
    bounded.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    assert!(bounded.plan(&aws).await.unwrap().is_empty());

    let unbounded = with(None);
    let plan = unbounded.plan(&aws).await.unwrap();
    let texts: Vec<String> = plan.changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "remove the permissions boundary of permission set `Bounded`",
            "provision permission set `Bounded` to every account it is in"
        ]
    );
    plan.apply(&aws).await.unwrap();
    assert!(unbounded.plan(&aws).await.unwrap().is_empty());
    let instance = InstanceChoice::Only.discover(&aws).await.unwrap();
    let idc = aws.identity_center();
    let arn = idc.list_permission_sets(&instance.arn).await.unwrap()[0].clone();
    let tags = idc.list_tags(&instance.arn, &arn).await.unwrap();
    assert_eq!(tags.get("team").map(String::as_str), Some("platform"));
    assert_eq!(tags.get("managed-by").map(String::as_str), Some("iam-bootstrap"));
}

/// A spec with one permission set, `Ops`, assigned to group `Ops` in `accounts`.
fn ops(set: PermissionSetSpecBuilder, accounts: &[String]) -> IdentityCenterSpec {
    IdentityCenterSpec::builder()
        .group(DirectoryGroupSpec::builder("Ops"))
        .permission_set(set)
        .assignment(
            AssignmentSpec::builder("Ops")
                .group("Ops")
                .accounts(accounts.to_vec()),
        )
        .build()
        .unwrap()
}

/// The instance ARN and the ARN of its only permission set.
async fn only_set(aws: &Aws) -> (InstanceArn, PermissionSetArn) {
    let instance = InstanceChoice::Only.discover(aws).await.unwrap();
    let sets = aws
        .identity_center()
        .list_permission_sets(&instance.arn)
        .await
        .unwrap();
    assert_eq!(sets.len(), 1, "{sets:?}");
    (instance.arn, sets[0].clone())
}

fn texts(plan: &iam_bootstrap::Plan) -> Vec<String> {
    plan.changes.iter().map(ToString::to_string).collect()
}

/// Applies `plan`, then checks that a re-plan is empty and applying it makes no call.
async fn apply_then_converged(spec: &IdentityCenterSpec, plan: iam_bootstrap::Plan, aws: &Aws) {
    plan.apply(aws).await.unwrap();
    let before = aws.calls();
    let again = spec.plan(aws).await.unwrap();
    assert!(again.is_empty(), "{again}");
    assert_eq!(aws.calls().since(&before).writes(), 0);
    assert_eq!(again.apply(aws).await.unwrap().calls.total(), 0);
}

const POWER_USER: &str = "arn:aws:iam::aws:policy/PowerUserAccess";

#[tokio::test]
async fn a_boundary_added_by_hand_to_an_owned_set_is_planned_away() {
    // The spec names no boundary: it wants none. Someone adds one in the console; the next
    // plan reads it (GetPermissionsBoundaryForPermissionSet, on every existing set) and
    // removes it, then provisions the set so the accounts' copies lose it too.
    let aws = Aws::in_memory(InMemory::new());
    let spec = ops(
        PermissionSetSpec::builder("Ops").managed_policy(ADMIN_ARN),
        &accounts(2),
    );
    spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let (instance, arn) = only_set(&aws).await;
    let idc = aws.identity_center();
    let by_hand = iam_bootstrap::client::BoundaryRef::Managed(POWER_USER.into());
    idc.put_permissions_boundary(&instance, &arn, &by_hand)
        .await
        .unwrap();

    let plan = spec.plan(&aws).await.unwrap();
    assert_eq!(
        texts(&plan),
        [
            "remove the permissions boundary of permission set `Ops`",
            "provision permission set `Ops` to every account it is in",
        ]
    );
    apply_then_converged(&spec, plan, &aws).await;
    assert_eq!(idc.get_permissions_boundary(&instance, &arn).await.unwrap(), None);

    // A boundary the spec names and someone changed by hand is put back.
    let bounded = ops(
        PermissionSetSpec::builder("Ops")
            .managed_policy(ADMIN_ARN)
            .customer_managed_boundary("ops-limit", Some("/limits/")),
        &accounts(2),
    );
    bounded.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    idc.put_permissions_boundary(&instance, &arn, &by_hand)
        .await
        .unwrap();
    let plan = bounded.plan(&aws).await.unwrap();
    assert_eq!(
        texts(&plan),
        [
            "set the permissions boundary of permission set `Ops` to customer managed `/limits/ops-limit`",
            "provision permission set `Ops` to every account it is in",
        ]
    );
    apply_then_converged(&bounded, plan, &aws).await;
}

#[tokio::test]
async fn tags_added_or_changed_by_hand_on_an_owned_set_are_planned_away() {
    let aws = Aws::in_memory(InMemory::new());
    let spec = ops(
        PermissionSetSpec::builder("Ops")
            .managed_policy(ADMIN_ARN)
            .tag("team", "platform"),
        &accounts(1),
    );
    spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let (instance, arn) = only_set(&aws).await;
    let idc = aws.identity_center();
    // By hand: the spec's tag changed, one added; and a tag of AWS's own, which no caller
    // may remove (the in-memory account refuses it, as AWS does).
    let by_hand: Tags = [
        ("team", "data"),
        ("cost-center", "42"),
        ("aws:cloudformation:stack-name", "theirs"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    idc.tag_resource(&instance, &arn, &by_hand).await.unwrap();

    let plan = spec.plan(&aws).await.unwrap();
    // Tags are not provisioned content: no provisioning follows.
    assert_eq!(
        texts(&plan),
        [
            "tag permission set `Ops` with team=platform",
            "remove tag(s) cost-center from permission set `Ops`",
        ]
    );
    apply_then_converged(&spec, plan, &aws).await;
    let tags = idc.list_tags(&instance, &arn).await.unwrap();
    let keys: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        keys,
        [
            ("aws:cloudformation:stack-name", "theirs"),
            ("iam-bootstrap:spec", "default"),
            ("managed-by", "iam-bootstrap"),
            ("team", "platform"),
        ]
    );
}

#[tokio::test]
async fn drift_on_a_set_the_library_did_not_create_is_refused_unless_adopted() {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    let instance = InstanceChoice::Only.discover(&aws).await.unwrap();
    let idc = aws.identity_center();
    // Their set, by hand, with their own tag: it matches the spec, so the spec uses it as
    // it is (its tags are not the spec's to remove).
    let mut fields = PermissionSetFields::new("Ops");
    fields.description = "operators".into();
    let theirs: Tags = [("owner".to_owned(), "alice".to_owned())].into();
    let set = idc
        .create_permission_set(&instance.arn, &fields, &theirs)
        .await
        .unwrap();
    idc.attach_managed_policy(&instance.arn, &set.arn, ADMIN_ARN)
        .await
        .unwrap();
    let spec = |adopt: bool| {
        ops(
            PermissionSetSpec::builder("Ops")
                .description("operators")
                .managed_policy(ADMIN_ARN)
                .adopt(adopt),
            &accounts(1),
        )
    };
    let plan = spec(false).plan(&aws).await.unwrap();
    assert_eq!(
        texts(&plan),
        [
            "create Identity Center group `Ops`",
            "assign group `Ops` permission set `Ops` in 1 account(s) (100000000000), at most 10 at a time"
        ]
    );

    // Then they add a boundary: the set's content no longer matches, and it is not ours.
    let boundary = iam_bootstrap::client::BoundaryRef::Managed(POWER_USER.into());
    idc.put_permissions_boundary(&instance.arn, &set.arn, &boundary)
        .await
        .unwrap();
    let before = aws.calls();
    let err = spec(false).plan(&aws).await.unwrap_err();
    assert!(matches!(err, Error::Precondition { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("not created by iam-bootstrap")
            && text.contains("remove the permissions boundary of permission set `Ops`")
            && !text.contains("owner"),
        "{text}"
    );
    assert_eq!(aws.calls().since(&before).writes(), 0);

    // Adopted, the set is converged fully: the boundary and their tag go.
    let adopting = spec(true);
    let plan = adopting.plan(&aws).await.unwrap();
    let changes = texts(&plan);
    assert!(
        changes.contains(&"remove the permissions boundary of permission set `Ops`".to_owned())
            && changes.contains(&"remove tag(s) owner from permission set `Ops`".to_owned()),
        "{changes:?}"
    );
    apply_then_converged(&adopting, plan, &aws).await;
    assert!(idc.list_tags(&instance.arn, &set.arn).await.unwrap().is_empty());
    assert_eq!(memory.inventory().permission_sets, 1);
}

/// The calls a plan of `spec` makes on `aws` (a fresh handle, so its counter starts at
/// zero); the plan must be empty.
async fn converged_calls(spec: &IdentityCenterSpec, aws: Aws) -> iam_bootstrap::client::layer::CallStats {
    let plan = spec.plan(&aws).await.unwrap();
    assert!(plan.is_empty(), "{plan}");
    aws.calls()
}

#[tokio::test]
async fn declared_emulator_gaps_skip_exactly_their_reads() {
    // What a converged re-plan of one set reads, with no gap (AWS) and with moto's gaps:
    // the boundary, the tags and the outdated-copy listing are the three reads moto cannot
    // answer; everything else is read either way.
    let memory = InMemory::new();
    let spec = ops(
        PermissionSetSpec::builder("Ops").managed_policy(ADMIN_ARN),
        &accounts(1),
    );
    let aws = Aws::in_memory(memory.clone());
    spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let on_aws = converged_calls(&spec, Aws::in_memory(memory.clone())).await;
    let moto = || Aws::in_memory(memory.clone()).with_emulator_gaps(EmulatorGaps::moto());
    let with_gaps = converged_calls(&spec, moto()).await;
    for op in [
        Operation::GetPermissionsBoundaryForPermissionSet,
        Operation::ListTagsForResource,
        Operation::ListAccountsForProvisionedPermissionSet,
    ] {
        assert_eq!((on_aws.calls(op), with_gaps.calls(op)), (1, 0), "{op}");
    }
    assert_eq!(on_aws.total(), with_gaps.total() + 3);
    assert_eq!(on_aws.writes() + with_gaps.writes(), 0);

    // The price of a declared gap: a boundary added by hand goes unseen.
    let (instance, arn) = only_set(&aws).await;
    let boundary = iam_bootstrap::client::BoundaryRef::Managed(POWER_USER.into());
    aws.identity_center()
        .put_permissions_boundary(&instance, &arn, &boundary)
        .await
        .unwrap();
    assert!(spec.plan(&moto()).await.unwrap().is_empty());
    assert_eq!(texts(&spec.plan(&aws).await.unwrap()).len(), 2);
}
