//! Every wait and retry is bounded (DESIGN.md §3, issue #9 item 7). The paths, and where
//! each is shown both to succeed after a delay and to give up with a bounded error:
//!
//! | path | succeeds after a delay | gives up, bounded |
//! |---|---|---|
//! | credential report generation (root audit) | `root_in_memory::the_credential_report_wait_backs_off_and_is_bounded` | same test (`Error::Timeout`) |
//! | "Invalid principal" on `CreateRole` (IAM propagation) | `roles_in_memory::a_principal_created_moments_ago_is_retried_until_iam_accepts_it` | `roles_in_memory::waiting_for_propagation_is_bounded` |
//! | "Invalid principal" on `UpdateAssumeRolePolicy` | [`a_trust_update_waits_for_a_new_principal`] | [`a_trust_update_gives_up_on_a_principal_that_never_appears`] |
//! | assignment creation status (IN_PROGRESS polls) | `identity_center_in_memory::assignments_are_polled_from_in_progress_to_succeeded` | [`an_assignment_that_stays_in_progress_times_out`] |
//! | provisioning status (IN_PROGRESS polls) | same | [`provisioning_that_stays_in_progress_times_out`] |
//! | the library's retry layer (throttling, conflicts) | [`throttled_calls_are_retried_until_they_get_through`] | [`throttling_that_never_stops_surfaces_after_max_attempts`] |
//! | the ten-outstanding-assignments bound (throttled by the account) | `identity_center_in_memory::at_most_ten_assignment_creations_are_outstanding` | the retry layer's bound |
//! | the SDK's retries (throttling; sso-admin conflicts) | [`the_sdk_retries_throttling_until_it_gets_through`], `client::sdk::mock_tests::sso_admin_conflicts_are_retried_by_the_sdk` | `client::sdk::mock_tests::throttling_is_retried_by_the_sdk_then_surfaces_as_throttled` |
//!
//! Time is paused where the account is in memory (tokio's clock advances when every task
//! waits), so the bounded cases cost no real time; the rate limit is off for them because
//! it keeps real time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use iam_bootstrap::client::layer::{FaultKind, Faults, Layered, RetryConfig};
use iam_bootstrap::client::{InMemory, Operation};
use iam_bootstrap::policy::{Operator, PolicyDocument, Principal, Statement};
use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::{AdminProvisioning, Aws, Error, WaitConfig};

/// Short waits: 1 ms doubling to 8 ms, at most 200 ms in all.
fn short() -> WaitConfig {
    WaitConfig::new(
        Duration::from_millis(1),
        Duration::from_millis(8),
        Duration::from_millis(200),
    )
}

fn aws(memory: &InMemory) -> Aws {
    Aws::in_memory(memory.clone())
        .with_waits(short())
        .with_rate_limit(None)
}

fn role(name: &str, trust: Trust) -> RoleSpec {
    RoleSpec::builder(name).trust(trust).build().unwrap()
}

fn trusting(arn: &str) -> Trust {
    Trust::custom(PolicyDocument::new([Statement::allow()
        .principal(Principal::aws([arn]))
        .actions(["sts:AssumeRole"])
        .condition(Operator::Bool, "aws:MultiFactorAuthPresent", ["true"])
        .build()]))
}

/// `second` exists (trusting Lambda), then `first` is created, then `second` is changed to
/// trust `first`: an `UpdateAssumeRolePolicy` naming a principal created moments ago.
async fn retrust(propagation_calls: u64) -> (InMemory, Aws, iam_bootstrap::Result<iam_bootstrap::Outcome>) {
    let memory = InMemory::builder()
        .principal_propagation_calls(propagation_calls)
        .build();
    let aws = aws(&memory);
    let lambda = || Trust::service("lambda.amazonaws.com");
    for spec in [role("second", lambda()), role("first", lambda())] {
        spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    }
    let changed = role("second", trusting("arn:aws:iam::123456789012:role/first"));
    let plan = changed.plan(&aws).await.unwrap();
    assert_eq!(plan.changes.len(), 1, "{plan}");
    let result = plan.apply(&aws).await;
    (memory, aws, result)
}

#[tokio::test(start_paused = true)]
async fn a_trust_update_waits_for_a_new_principal() {
    let (_, aws, result) = retrust(12).await;
    let outcome = result.unwrap();
    let updates = outcome.calls.by_operation[&Operation::UpdateAssumeRolePolicy];
    assert!(
        updates.errors >= 1,
        "IAM refused the principal at first: {updates:?}"
    );
    assert_eq!(updates.calls - updates.errors, 1);
    let converged = role("second", trusting("arn:aws:iam::123456789012:role/first"));
    assert!(converged.plan(&aws).await.unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_trust_update_gives_up_on_a_principal_that_never_appears() {
    let (_, aws, result) = retrust(1_000_000).await;
    let err = result.unwrap_err();
    match err.root_cause() {
        Error::Timeout { what, waited } => {
            assert!(what.contains("second"), "{what}");
            assert!(*waited <= Duration::from_millis(400), "{waited:?}");
        }
        other => panic!("unexpected {other:?}"),
    }
    let attempts = aws.calls().calls(Operation::UpdateAssumeRolePolicy);
    assert!(
        (5..=60).contains(&attempts),
        "a bounded number of attempts: {attempts}"
    );
    // The trust was not changed.
    let second = iam_bootstrap::names::RoleName::new("second").unwrap();
    let trust = aws
        .iam()
        .get_role(&second)
        .await
        .unwrap()
        .unwrap()
        .assume_role_policy;
    assert!(trust.contains("lambda.amazonaws.com"), "{trust}");
}

fn admin() -> AdminProvisioning {
    admin_with_session("PT1H")
}

fn admin_with_session(duration: &str) -> AdminProvisioning {
    support::admin_builder(&support::accounts(2))
        .session_duration(duration)
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn an_assignment_that_stays_in_progress_times_out() {
    let memory = InMemory::builder().assignment_polls(u32::MAX).build();
    let aws = aws(&memory);
    let err = admin().plan(&aws).await.unwrap().apply(&aws).await.unwrap_err();
    assert!(
        matches!(err.root_cause(), Error::Timeout { what, .. } if what.contains("assignment")),
        "{err:?}"
    );
    let polls = aws
        .calls()
        .calls(Operation::DescribeAccountAssignmentCreationStatus);
    // Two assignments, polled at most every 1..8 ms for 200 ms each.
    assert!((10..=120).contains(&polls), "a bounded number of polls: {polls}");
    assert_eq!(
        aws.calls().calls(Operation::ProvisionPermissionSet),
        0,
        "nothing after it"
    );
    assert_eq!(memory.inventory().account_assignments, 0);
}

#[tokio::test(start_paused = true)]
async fn provisioning_that_stays_in_progress_times_out() {
    let memory = InMemory::builder()
        .assignment_polls(2)
        .provisioning_polls(u32::MAX)
        .build();
    let aws = aws(&memory);
    // A new permission set is provisioned by its assignments: no provisioning call yet.
    admin().plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    assert_eq!(aws.calls().calls(Operation::ProvisionPermissionSet), 0);
    assert_eq!(memory.inventory().account_assignments, 2);
    // Changing the assigned set must re-provision it, and that never finishes here.
    let longer = admin_with_session("PT2H");
    let err = longer.plan(&aws).await.unwrap().apply(&aws).await.unwrap_err();
    assert!(
        matches!(err.root_cause(), Error::Timeout { what, .. } if what.contains("provision")),
        "{err:?}"
    );
    let polls = aws
        .calls()
        .calls(Operation::DescribePermissionSetProvisioningStatus);
    assert!((5..=60).contains(&polls), "a bounded number of polls: {polls}");
}

fn throttled(memory: &InMemory, times: u64, max_attempts: u32) -> (Faults, Aws) {
    let faults = Faults::new(1).fail_operation(Operation::CreateRole, times, FaultKind::Throttled);
    let (iam, idc) =
        Layered::new(faults.clone(), Arc::new(memory.clone()), Arc::new(memory.clone())).into_arcs();
    let aws = Aws::new(iam, idc)
        .with_retry(RetryConfig::new(
            max_attempts,
            Duration::from_millis(10),
            Duration::from_millis(100),
        ))
        .with_waits(short());
    (faults, aws)
}

#[tokio::test(start_paused = true)]
async fn throttled_calls_are_retried_until_they_get_through() {
    let memory = InMemory::new();
    let (faults, aws) = throttled(&memory, 3, 5);
    let spec = role("app", Trust::service("lambda.amazonaws.com"));
    let outcome = spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    assert_eq!(faults.injected(), 3);
    // The counter sits above the injected faults: four attempts, three throttled.
    let creates = outcome.calls.by_operation[&Operation::CreateRole];
    assert_eq!((creates.calls, creates.errors), (4, 3));
    assert_eq!(memory.inventory().roles, 1, "created once");
}

#[tokio::test(start_paused = true)]
async fn throttling_that_never_stops_surfaces_after_max_attempts() {
    let memory = InMemory::new();
    let (faults, aws) = throttled(&memory, u64::MAX, 5);
    let spec = role("app", Trust::service("lambda.amazonaws.com"));
    let started = tokio::time::Instant::now();
    let err = spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap_err();
    assert!(matches!(err.root_cause(), Error::Throttled { .. }), "{err:?}");
    assert_eq!(faults.injected(), 5, "exactly max_attempts attempts");
    // 10 + 20 + 40 + 80 ms of backoff, plus jitter: well under a second.
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(1), "{waited:?}");
    assert_eq!(memory.inventory().roles, 0);
}
