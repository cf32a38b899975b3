//! Roles on the in-memory account only: moto cannot model an account quota other than the
//! default, nor IAM's eventual consistency ("Invalid principal in policy" for a role created
//! moments ago), so these run on InMemory, which does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::time::Duration;

use iam_bootstrap::client::{InMemory, Operation};
use iam_bootstrap::policy::{PolicyDocument, Principal, Statement};
use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::{Aws, Error, WaitConfig};

fn service_role(name: &str) -> RoleSpec {
    RoleSpec::builder(name)
        .trust(Trust::service("lambda.amazonaws.com"))
        .build()
        .unwrap()
}

fn attaching(policies: usize) -> RoleSpec {
    let mut builder = RoleSpec::builder("reader").trust(Trust::service("lambda.amazonaws.com"));
    for n in 0..policies {
        builder = builder.managed_policy(format!("arn:aws:iam::aws:policy/Reader{n}"));
    }
    builder.build().unwrap()
}

#[tokio::test]
async fn the_account_quota_is_checked_before_any_write() {
    // AWS's default quota is 10.
    let aws = Aws::in_memory(InMemory::new());
    match attaching(11).plan(&aws).await {
        Err(Error::Validation(err)) => {
            assert_eq!(err.field(), "managed_policies");
            assert!(err.to_string().contains("between 0 and 10, got 11"), "{err}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(aws.calls().writes(), 0);
    assert_eq!(aws.calls().calls(Operation::GetAccountSummary), 1);

    let raised = Aws::in_memory(InMemory::builder().attached_policies_per_role_quota(20).build());
    assert_eq!(attaching(11).plan(&raised).await.unwrap().changes.len(), 12);

    // The quota can be raised but never lowered below 10: up to ten attachments, no read.
    let aws = Aws::in_memory(InMemory::new());
    attaching(10).plan(&aws).await.unwrap();
    attaching(3).plan(&aws).await.unwrap();
    assert_eq!(aws.calls().calls(Operation::GetAccountSummary), 0);
    // The caller's account is read once per handle, however many roles it plans.
    assert_eq!(aws.calls().calls(Operation::GetCallerIdentity), 1);
}

fn trusting(name: &str, principal_arn: &str) -> RoleSpec {
    let trust = PolicyDocument::new([Statement::allow()
        .principal(Principal::aws([principal_arn]))
        .actions(["sts:AssumeRole"])
        .condition(
            iam_bootstrap::policy::Operator::Bool,
            "aws:MultiFactorAuthPresent",
            ["true"],
        )
        .build()]);
    RoleSpec::builder(name)
        .trust(Trust::custom(trust))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_principal_created_moments_ago_is_retried_until_iam_accepts_it() {
    // The new role becomes usable in trust policies 8 calls after it is created.
    let memory = InMemory::builder().principal_propagation_calls(8).build();
    let aws = Aws::in_memory(memory.clone());
    service_role("first")
        .plan(&aws)
        .await
        .unwrap()
        .apply(&aws)
        .await
        .unwrap();
    let second = trusting("second", "arn:aws:iam::123456789012:role/first");
    let outcome = second.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    let creates = outcome.calls.by_operation.get(&Operation::CreateRole).unwrap();
    assert!(
        creates.errors >= 1,
        "IAM refused the principal at first: {creates:?}"
    );
    assert_eq!(creates.calls - creates.errors, 1, "and the role was created once");
    assert_eq!(memory.inventory().roles, 2);
}

#[tokio::test]
async fn waiting_for_propagation_is_bounded() {
    let memory = InMemory::builder().principal_propagation_calls(1_000_000).build();
    let aws = Aws::in_memory(memory.clone()).with_waits(WaitConfig::new(
        Duration::from_millis(1),
        Duration::from_millis(5),
        Duration::from_millis(100),
    ));
    service_role("first")
        .plan(&aws)
        .await
        .unwrap()
        .apply(&aws)
        .await
        .unwrap();
    let err = trusting("second", "arn:aws:iam::123456789012:role/first")
        .plan(&aws)
        .await
        .unwrap()
        .apply(&aws)
        .await
        .unwrap_err();
    match err.root_cause() {
        Error::Timeout { what, .. } => assert!(what.contains("second"), "{what}"),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(memory.inventory().roles, 1, "nothing half-written");
}

#[tokio::test]
async fn a_failed_run_converges_when_run_again() {
    use iam_bootstrap::client::layer::{FaultKind, Faults, Layered};
    use std::sync::Arc;
    let spec = RoleSpec::builder("app")
        .trust(Trust::service("lambda.amazonaws.com"))
        .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .customer_policy(
            "app-write",
            PolicyDocument::allow(["s3:PutObject"], ["arn:aws:s3:::b/*"]),
        )
        .inline_policy(
            "logs",
            PolicyDocument::allow(["logs:PutLogEvents"], ["arn:aws:logs:*:*:*"]),
        )
        .build()
        .unwrap();
    let clean = InMemory::new();
    let clean_aws = Aws::in_memory(clean.clone());
    spec.plan(&clean_aws)
        .await
        .unwrap()
        .apply(&clean_aws)
        .await
        .unwrap();
    let writes = clean_aws.calls().writes();
    for k in 1..=writes {
        let memory = InMemory::new();
        let faults = Faults::new(k).fail_nth_write(k, FaultKind::Service);
        let (iam, idc) = Layered::new(faults, Arc::new(memory.clone()), Arc::new(memory.clone())).into_arcs();
        let faulty = Aws::new(iam, idc);
        assert!(
            spec.plan(&faulty).await.unwrap().apply(&faulty).await.is_err(),
            "write {k} fails"
        );
        let aws = Aws::in_memory(memory.clone());
        spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
        assert!(
            spec.plan(&aws).await.unwrap().is_empty(),
            "converged after failing write {k}"
        );
        assert_eq!(
            memory.inventory(),
            clean.inventory(),
            "same end state after failing write {k}"
        );
    }
}
