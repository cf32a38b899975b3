//! The conformance suite on the in-memory account (always runs).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point
#![cfg(feature = "conformance")]

use iam_bootstrap::Aws;
use iam_bootstrap::client::InMemory;
use iam_bootstrap::conformance::{self, Check};

fn aws() -> Aws {
    Aws::in_memory(InMemory::new())
}

macro_rules! in_memory {
    ($($scenario:ident),+ $(,)?) => {$(
        #[tokio::test]
        async fn $scenario() {
            let result: Check = conformance::$scenario(&aws()).await;
            if let Err(failure) = result {
                panic!("{}: {failure}", stringify!($scenario));
            }
        }
    )+};
}

in_memory!(
    password_policy_read_merge_write,
    password_policy_converges,
    iam_roles_contract,
    iam_policy_versions_contract,
    identity_center_contract,
    admin_provisioning_converges,
    admin_provisioning_adds_accounts,
    permission_set_converges,
    identity_center_refuses_unknown_principals,
    role_lifecycle_and_drift,
    customer_policy_versions_stay_under_five,
    unowned_roles_are_adopted_only_on_request,
    role_manifest_covers_every_call,
    root_audit_runs_end_to_end,
    root_hardening_fixes_read_back,
);
