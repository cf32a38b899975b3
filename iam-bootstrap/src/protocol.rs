//! What the engine ([`crate::apply`]) and the capabilities agree on, typed: when a change
//! can run ([`Stage`]), which resource it writes ([`Lane`]) and what earlier changes of an
//! apply learned that later ones need ([`ApplyContext`]). Crate-private: the public surface
//! is [`Plan`](crate::Plan) and [`Change`](crate::Change).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::names::{DirectoryUserName, InstanceArn, RoleName};

/// When a change can run: every change it depends on is in an earlier stage. Creating and
/// converging come first (what is used before what uses it), then deleting, in the reverse
/// order (what uses a resource before the resource).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Stage {
    /// What depends on nothing the plan writes: account settings, customer managed
    /// policies, directory users and groups, permission sets.
    Foundations,
    /// What uses them: roles (which attach policies), group memberships, account
    /// assignments.
    Uses,
    /// Provisioning a permission set, after the assignments of its set.
    Provisioning,
    /// Taking away, in the reverse order: first what uses other resources (roles).
    Retire,
    /// Last, what those used (customer managed policies, detached from every role by then).
    RetireFoundations,
}

/// The resource a change writes. Changes of one lane run in plan order; different lanes
/// of one stage may run concurrently. Its text (`role:deployer`) names the resource in a
/// saved plan's observations and in [`Error::StalePlan`](crate::Error::StalePlan).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Lane {
    /// The account password policy.
    PasswordPolicy,
    /// The account alias.
    AccountAlias,
    /// The root user's access keys (deactivate-then-delete of one key stays in order).
    RootAccessKeys,
    /// A customer managed policy, by `/path/name`.
    Policy(String),
    /// A role.
    Role(RoleName),
    /// An identity-store user, by user name.
    DirectoryUser(DirectoryUserName),
    /// An identity-store group, by display name.
    DirectoryGroup(String),
    /// A user's membership of a group.
    Membership {
        /// The group's display name.
        group: String,
        /// The user's user name.
        user: String,
    },
    /// A permission set, by name.
    PermissionSet(String),
    /// A member account of the organization, by its root user's email (its creation, move
    /// and tags stay in order).
    OrganizationAccount(String),
    /// Every assignment batch of an instance: Identity Center's limit of ten outstanding
    /// creations is per instance, so batches take turns, each using the whole budget.
    AccountAssignments(InstanceArn),
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lane::PasswordPolicy => f.write_str("account:password-policy"),
            Lane::AccountAlias => f.write_str("account:alias"),
            Lane::RootAccessKeys => f.write_str("root:access-keys"),
            Lane::Policy(path_name) => write!(f, "policy:{path_name}"),
            Lane::Role(name) => write!(f, "role:{name}"),
            Lane::DirectoryUser(name) => write!(f, "identity-center-user:{name}"),
            Lane::DirectoryGroup(name) => write!(f, "identity-center-group:{name}"),
            Lane::Membership { group, user } => write!(f, "identity-center-membership:{group}/{user}"),
            Lane::PermissionSet(name) => write!(f, "permission-set:{name}"),
            Lane::OrganizationAccount(email) => write!(f, "organization-account:{email}"),
            Lane::AccountAssignments(instance) => write!(f, "account-assignments:{instance}"),
        }
    }
}

/// The kinds of ID an apply learns as it creates things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum IdKind {
    /// An identity-store user's ID, by user name.
    DirectoryUser,
    /// An identity-store group's ID, by display name.
    DirectoryGroup,
    /// A permission set's ARN, by name.
    PermissionSet,
}

/// What one apply learns along the way that later changes need: IDs of things created by
/// earlier changes (which a plan could not know when it was computed), and whether the
/// caller was confirmed to be root. Shared by changes that run concurrently, hence the lock.
#[derive(Debug, Default)]
pub(crate) struct ApplyContext {
    ids: Mutex<BTreeMap<(IdKind, String), String>>,
    root_caller: AtomicBool,
}

impl ApplyContext {
    fn ids(&self) -> MutexGuard<'_, BTreeMap<(IdKind, String), String>> {
        self.ids.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Remembers the ID of the `kind` named `name`.
    pub(crate) fn remember(&self, kind: IdKind, name: &str, id: impl Into<String>) {
        self.ids().insert((kind, name.to_owned()), id.into());
    }

    /// The ID remembered for the `kind` named `name`.
    pub(crate) fn recall(&self, kind: IdKind, name: &str) -> Option<String> {
        self.ids().get(&(kind, name.to_owned())).cloned()
    }

    /// Records that the caller is the root user (checked once per apply).
    pub(crate) fn confirm_root_caller(&self) {
        self.root_caller.store(true, Ordering::SeqCst);
    }

    /// Whether the caller was confirmed to be the root user.
    pub(crate) fn root_caller_confirmed(&self) -> bool {
        self.root_caller.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_run_what_is_used_before_what_uses_it() {
        let order = [
            Stage::Foundations,
            Stage::Uses,
            Stage::Provisioning,
            Stage::Retire,
            Stage::RetireFoundations,
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn lanes_print_as_saved_plans_name_resources() {
        let role = RoleName::new("deployer").unwrap();
        assert_eq!(Lane::Role(role).to_string(), "role:deployer");
        assert_eq!(Lane::PasswordPolicy.to_string(), "account:password-policy");
        let membership = Lane::Membership {
            group: "admins".into(),
            user: "ada".into(),
        };
        assert_eq!(membership.to_string(), "identity-center-membership:admins/ada");
    }

    #[test]
    fn the_context_keeps_ids_apart_by_kind() {
        let context = ApplyContext::default();
        context.remember(IdKind::DirectoryUser, "ada", "u-1");
        assert_eq!(
            context.recall(IdKind::DirectoryUser, "ada").as_deref(),
            Some("u-1")
        );
        assert_eq!(context.recall(IdKind::DirectoryGroup, "ada"), None);
        assert!(!context.root_caller_confirmed());
        context.confirm_root_caller();
        assert!(context.root_caller_confirmed());
    }
}
