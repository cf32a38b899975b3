//! The conformance suite (`iam_bootstrap::conformance`) on both backends, from one list:
//! every scenario runs on the in-memory account (`in_memory::*`) and through the AWS SDK
//! against moto (`on_moto::*`, ignored unless asked for; see `support::moto`), and
//! [`every_scenario_of_the_suite_is_listed`] fails when the suite gains a scenario the
//! list does not name, so none can be left out silently.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

/// Calls `$make!` with every scenario of the suite. The one list of them.
macro_rules! scenarios {
    ($make:ident) => {
        $make!(
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
            organization_tree_reads_back,
            account_selectors_resolve,
            selected_accounts_are_assigned,
            accounts_are_vended_once_and_targeted,
            org_stack_set_rolls_out_and_converges,
        );
    };
}

macro_rules! names {
    ($($scenario:ident),+ $(,)?) => {
        /// The scenarios' names, from [`scenarios`].
        const LISTED: &[&str] = &[$(stringify!($scenario)),+];
    };
}
scenarios!(names);

mod in_memory {
    use iam_bootstrap::Aws;
    use iam_bootstrap::client::InMemory;
    use iam_bootstrap::conformance::{self, Check};

    macro_rules! on_memory {
        ($($scenario:ident),+ $(,)?) => {$(
            #[tokio::test]
            async fn $scenario() {
                let aws = Aws::in_memory(InMemory::new());
                let result: Check = conformance::$scenario(&aws).await;
                if let Err(failure) = result {
                    panic!("{}: {failure}", stringify!($scenario));
                }
            }
        )+};
    }
    scenarios!(on_memory);
}

#[cfg(feature = "sdk")]
mod on_moto {
    use iam_bootstrap::conformance::{self, Check};

    use crate::support::moto;

    macro_rules! on_moto {
        ($($scenario:ident),+ $(,)?) => {$(
            #[tokio::test]
            #[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
            async fn $scenario() {
                let result: Check = conformance::$scenario(&moto::aws().await).await;
                if let Err(failure) = result {
                    panic!("{} on moto: {failure}", stringify!($scenario));
                }
            }
        )+};
    }
    scenarios!(on_moto);
}

/// The scenarios are the `pub async fn`s of `src/conformance/`: each must be in the list.
#[test]
fn every_scenario_of_the_suite_is_listed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/conformance");
    let mut defined = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("pub async fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                defined.push(name);
            }
        }
    }
    defined.sort();
    let mut listed = LISTED.to_vec();
    listed.sort_unstable();
    assert_eq!(
        listed, defined,
        "the list in `scenarios!` against src/conformance"
    );
}
