//! The backend conformance suite: scenarios any backend must pass, written once and run on
//! [`InMemory`](crate::client::InMemory) always and on the SDK backend against a real AWS
//! API emulator (moto) in the integration tests, so the in-memory model cannot drift from
//! a real peer. Enabled by the `conformance` feature, for authors of other backends too.
//!
//! Scenarios only assume behaviour both AWS and moto share; what moto cannot model (the
//! root user, asynchronous failures) is tested on the in-memory account alone.

mod account_selectors;
mod account_vending;
mod client_contract;
mod identity_center;
mod organizations;
mod password_policy;
mod roles;
mod root_audit;
mod stacksets;

use std::fmt;

pub use account_selectors::{account_selectors_resolve, selected_accounts_are_assigned};
pub use account_vending::accounts_are_vended_once_and_targeted;
pub use client_contract::{iam_policy_versions_contract, iam_roles_contract, identity_center_contract};
pub use identity_center::{
    admin_provisioning_adds_accounts, admin_provisioning_converges,
    identity_center_refuses_unknown_principals, permission_set_converges,
};
pub use organizations::organization_tree_reads_back;
pub use password_policy::{password_policy_converges, password_policy_read_merge_write};
pub use roles::{
    customer_policy_versions_stay_under_five, role_lifecycle_and_drift, role_manifest_covers_every_call,
    unowned_roles_are_adopted_only_on_request,
};
pub use root_audit::{root_audit_runs_end_to_end, root_hardening_fixes_read_back};
pub use stacksets::org_stack_set_rolls_out_and_converges;

/// Why a scenario failed.
#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

impl From<crate::Error> for Failure {
    fn from(err: crate::Error) -> Self {
        let mut message = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Failure(message)
    }
}

impl From<crate::ValidationError> for Failure {
    fn from(err: crate::ValidationError) -> Self {
        Failure(err.to_string())
    }
}

/// The result of a scenario.
pub type Check = Result<(), Failure>;

/// Fails with `message` unless `condition` holds.
pub(crate) fn ensure(condition: bool, message: impl FnOnce() -> String) -> Check {
    if condition {
        Ok(())
    } else {
        Err(Failure(message()))
    }
}

/// Fails unless `left == right`, showing both.
pub(crate) fn ensure_eq<T: PartialEq + fmt::Debug>(left: T, right: T, what: &str) -> Check {
    ensure(left == right, || format!("{what}: {left:?} != {right:?}"))
}

/// A name unique to this run, so scenarios can share an account without colliding.
pub(crate) fn unique(prefix: &str) -> String {
    format!("{prefix}-{:08x}", fastrand::u32(..))
}
