//! Root hardening with mockall: the exact calls the audit, the plan and the apply make.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::sync::Arc;

use iam_bootstrap::client::{
    AccessKey, AccessKeyStatus, AccountSummary, CallerIdentity, CredentialOwner, MockIamApi,
    MockIdentityCenterApi, RawCredentialReport,
};
use iam_bootstrap::{Aws, Error, PreconditionReason, RootAccessKeys, RootHardening};
use mockall::Sequence;
use mockall::predicate::eq;

const ACCOUNT: &str = "111122223333";

fn caller(arn: &str) -> CallerIdentity {
    CallerIdentity::new(ACCOUNT, arn, "ID")
}

fn summary(keys: bool) -> AccountSummary {
    AccountSummary::new([
        ("AccountMFAEnabled", 0),
        ("AccountAccessKeysPresent", i64::from(keys)),
        ("AccountSigningCertificatesPresent", 0),
    ])
}

fn report() -> RawCredentialReport {
    let csv = format!(
        "user,arn,password_last_used,mfa_active,access_key_1_active,access_key_1_last_used_date,access_key_2_active,access_key_2_last_used_date,cert_1_active,cert_2_active\n\
         <root_account>,arn:aws:iam::{ACCOUNT}:root,2020-01-01T00:00:00+00:00,false,true,N/A,false,N/A,false,false\n"
    );
    RawCredentialReport::new(csv)
}

/// The audit's reads, in order, once.
fn expect_audit(iam: &mut MockIamApi, order: &mut Sequence, arn: &'static str, keys: bool) {
    iam.expect_caller_identity()
        .times(1)
        .in_sequence(order)
        .returning(move || Ok(caller(arn)));
    iam.expect_account_summary()
        .times(1)
        .in_sequence(order)
        .returning(move || Ok(summary(keys)));
    iam.expect_generate_credential_report()
        .times(1)
        .in_sequence(order)
        .returning(|| Ok(true));
    iam.expect_get_credential_report()
        .times(1)
        .in_sequence(order)
        .returning(|| Ok(Some(report())));
    // MFA is off, so hardware vs virtual is not asked.
    iam.expect_list_virtual_mfa_devices().times(0);
}

#[tokio::test]
async fn root_keys_are_listed_and_deleted_as_the_caller_after_checking_it_is_root() {
    let mut iam = MockIamApi::new();
    let mut order = Sequence::new();
    let root = "arn:aws:iam::111122223333:root";
    expect_audit(&mut iam, &mut order, root, true);
    iam.expect_list_access_keys()
        .with(eq(CredentialOwner::Caller))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(vec![AccessKey::new("AKIAROOTKEY", AccessKeyStatus::Active)]));
    iam.expect_get_password_policy()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| Ok(None));
    iam.expect_list_account_aliases()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| Ok(Vec::new()));
    // Apply: who is calling, then the deletion of the caller's (root's) key.
    iam.expect_caller_identity()
        .times(1)
        .in_sequence(&mut order)
        .returning(move || Ok(caller(root)));
    iam.expect_delete_access_key()
        .with(eq(CredentialOwner::Caller), eq("AKIAROOTKEY"))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(()));
    iam.expect_update_access_key().times(0);
    let aws = Aws::new(Arc::new(iam), Arc::new(MockIdentityCenterApi::new()));

    let spec = RootHardening::builder()
        .root_access_keys(RootAccessKeys::Delete)
        .build()
        .unwrap();
    let plan = spec.plan(&aws).await.unwrap();
    assert_eq!(plan.changes.len(), 1);
    let outcome = plan.apply(&aws).await.unwrap();
    assert_eq!(outcome.calls.writes(), 1);
}

#[tokio::test]
async fn a_non_root_caller_never_lists_or_touches_root_keys() {
    let mut iam = MockIamApi::new();
    let mut order = Sequence::new();
    expect_audit(
        &mut iam,
        &mut order,
        "arn:aws:sts::111122223333:assumed-role/Admin/me",
        true,
    );
    iam.expect_list_access_keys().times(0);
    iam.expect_get_password_policy().times(1).returning(|| Ok(None));
    iam.expect_list_account_aliases()
        .times(1)
        .returning(|| Ok(Vec::new()));
    iam.expect_delete_access_key().times(0);
    iam.expect_update_access_key().times(0);
    let aws = Aws::new(Arc::new(iam), Arc::new(MockIdentityCenterApi::new()));

    let spec = RootHardening::builder()
        .root_access_keys(RootAccessKeys::Delete)
        .require_root_caller(true)
        .build()
        .unwrap();
    let err = spec.plan(&aws).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::NotRootSession { .. },
                ..
            }
        ),
        "{err:?}"
    );
}
