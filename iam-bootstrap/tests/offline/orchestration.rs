//! Orchestration with mockall: the exact calls a plan and an apply make, in order.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::sync::Arc;

use iam_bootstrap::client::{MockIamApi, MockIdentityCenterApi, PasswordPolicySettings};
use iam_bootstrap::{Aws, Error, PasswordPolicy, Plan};
use mockall::Sequence;
use mockall::predicate::eq;

fn aws(iam: MockIamApi) -> Aws {
    Aws::new(Arc::new(iam), Arc::new(MockIdentityCenterApi::new()))
}

fn current() -> PasswordPolicySettings {
    let mut current = PasswordPolicySettings::default();
    current.minimum_password_length = 10;
    current.max_password_age = Some(60);
    current.allow_users_to_change_password = true;
    current
}

#[tokio::test]
async fn password_policy_is_read_then_written_whole() {
    let mut iam = MockIamApi::new();
    let mut order = Sequence::new();
    // Read once, when planning: a plan applied straight after it was made is not read
    // again (a saved plan is: see the test below).
    iam.expect_get_password_policy()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| Ok(Some(current())));
    let mut expected = PasswordPolicySettings::default();
    expected.minimum_password_length = 14;
    expected.require_symbols = true;
    expected.require_numbers = true;
    expected.require_uppercase_characters = true;
    expected.require_lowercase_characters = true;
    expected.password_reuse_prevention = Some(24);
    // Not named by the spec: written back unchanged, because the API would reset them.
    expected.max_password_age = Some(60);
    expected.allow_users_to_change_password = true;
    expected.hard_expiry = false;
    iam.expect_update_password_policy()
        .with(eq(expected))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(()));
    let aws = aws(iam);

    let plan = PasswordPolicy::cis().plan(&aws).await.unwrap();
    let outcome = plan.apply(&aws).await.unwrap();
    assert_eq!(outcome.calls.writes(), 1);
    assert_eq!(
        outcome.calls.reads(),
        0,
        "apply writes what the plan read; it does not read again"
    );
}

#[tokio::test]
async fn a_saved_password_policy_plan_reads_the_policy_once_more_before_writing_it() {
    let mut iam = MockIamApi::new();
    let mut order = Sequence::new();
    // Planned (elsewhere), then checked when the saved plan is applied, then written.
    iam.expect_get_password_policy()
        .times(2)
        .in_sequence(&mut order)
        .returning(|| Ok(Some(current())));
    iam.expect_update_password_policy()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(()));
    let aws = aws(iam);

    let saved = PasswordPolicy::cis().plan(&aws).await.unwrap().to_json().unwrap();
    let outcome = Plan::from_json(&saved).unwrap().apply(&aws).await.unwrap();
    assert_eq!(outcome.calls.writes(), 1);
    assert_eq!(
        outcome.calls.reads(),
        1,
        "a saved plan reads the policy once, to check it is not stale, then writes it whole"
    );
}

#[tokio::test]
async fn a_saved_password_policy_plan_is_refused_when_the_policy_changed_since() {
    let mut iam = MockIamApi::new();
    let mut order = Sequence::new();
    iam.expect_get_password_policy()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| Ok(Some(current())));
    // Someone edits the policy by hand before the saved plan is applied.
    iam.expect_get_password_policy()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| {
            let mut changed = current();
            changed.minimum_password_length = 20;
            Ok(Some(changed))
        });
    iam.expect_update_password_policy().never();
    let aws = aws(iam);

    let saved = PasswordPolicy::cis().plan(&aws).await.unwrap().to_json().unwrap();
    let err = Plan::from_json(&saved).unwrap().apply(&aws).await.unwrap_err();
    assert!(
        matches!(&err, Error::StalePlan { step: 0, resource, change }
            if resource == "account:password-policy" && change.starts_with("update the account password policy")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_converged_account_gets_no_write() {
    let mut iam = MockIamApi::new();
    let converged = PasswordPolicy::cis().merged_onto(&current());
    iam.expect_get_password_policy()
        .times(1)
        .returning(move || Ok(Some(converged.clone())));
    iam.expect_update_password_policy().times(0);
    let aws = aws(iam);

    let plan = PasswordPolicy::cis().plan(&aws).await.unwrap();
    assert!(plan.is_empty());
    assert_eq!(plan.apply(&aws).await.unwrap().calls.total(), 0);
}

#[tokio::test]
async fn invalid_input_makes_no_call() {
    let mut iam = MockIamApi::new();
    iam.expect_get_password_policy().times(0);
    let aws = aws(iam);
    let too_short: PasswordPolicy = serde_json::from_str(r#"{"minimum_password_length": 4}"#).unwrap();
    let err = too_short.plan(&aws).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("password_policy.minimum_password_length"),
        "{err}"
    );
    assert_eq!(aws.calls().total(), 0);
}
