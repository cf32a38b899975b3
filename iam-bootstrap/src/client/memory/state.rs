//! What the in-memory account holds.

use std::collections::{BTreeMap, BTreeSet};

use crate::client::{
    AccountAssignment, BoundaryRef, CustomerPolicyRef, DirectoryUser, Instance, ManagedPolicy,
    PasswordPolicySettings, PermissionSet, PolicyVersion, Role, Tags, User,
};
use crate::names::{AccountId, Arn, DirectoryGroupId, DirectoryUserId, PermissionSetArn};

use super::config::{Caller, Config, RootUser};
use super::org_state::OrgState;

/// An access key of the root user or an IAM user.
#[derive(Debug, Clone)]
pub(super) struct KeyRecord {
    pub(super) id: String,
    pub(super) active: bool,
    pub(super) created_at: String,
    pub(super) last_used_at: Option<String>,
}

/// An IAM user with its credentials.
#[derive(Debug, Clone)]
pub(super) struct UserRecord {
    pub(super) user: User,
    pub(super) created_at: String,
    pub(super) access_keys: Vec<KeyRecord>,
    pub(super) mfa_serials: Vec<(String, String)>,
}

/// A virtual MFA device; the seed is kept to check the codes `EnableMFADevice` receives.
#[derive(Debug, Clone)]
pub(super) struct VirtualMfaRecord {
    pub(super) seed_base32: String,
    pub(super) user_arn: Option<String>,
}

/// A role with what is attached to it.
#[derive(Debug, Clone)]
pub(super) struct RoleRecord {
    pub(super) role: Role,
    pub(super) attached: Vec<Arn>,
    pub(super) inline: BTreeMap<String, String>,
}

/// A customer managed policy with its versions.
#[derive(Debug, Clone)]
pub(super) struct PolicyRecord {
    pub(super) policy: ManagedPolicy,
    pub(super) versions: Vec<PolicyVersion>,
    pub(super) next_version: u32,
    pub(super) attachments: u32,
}

/// The credential report's life cycle.
#[derive(Debug, Clone)]
pub(super) enum Report {
    Absent,
    /// Generating; ready after this many more `GenerateCredentialReport` calls.
    Generating {
        calls_left: u32,
    },
    Ready {
        content: Vec<u8>,
        generated_at: String,
        generated_tick: u64,
    },
}

/// A permission set with its attachments.
#[derive(Debug, Clone)]
pub(super) struct PermissionSetRecord {
    pub(super) set: PermissionSet,
    pub(super) managed: BTreeSet<String>,
    pub(super) customer: BTreeSet<CustomerPolicyRef>,
    pub(super) inline: Option<String>,
    pub(super) boundary: Option<BoundaryRef>,
    pub(super) tags: Tags,
}

/// An asynchronous request and how it will end.
#[derive(Debug, Clone)]
pub(super) struct AsyncRecord {
    /// `Describe...Status` answers IN_PROGRESS this many more times.
    pub(super) polls_left: u32,
    /// `None`: succeeds; `Some(reason)`: fails.
    pub(super) failure: Option<String>,
    /// The assignment created when it succeeds.
    pub(super) assignment: Option<AccountAssignment>,
    /// The permission set and account provisioned when it succeeds.
    pub(super) provision: Option<(PermissionSetArn, Vec<AccountId>)>,
    /// The assignment removed when it succeeds (a deletion request).
    pub(super) removal: Option<AccountAssignment>,
}

/// A group in the identity store.
#[derive(Debug, Clone)]
pub(super) struct GroupRecord {
    pub(super) display_name: String,
}

/// The whole account.
#[derive(Debug)]
pub(super) struct State {
    pub(super) config: Config,
    pub(super) tick: u64,
    pub(super) next_id: u64,
    pub(super) caller: Caller,
    pub(super) root: RootUser,
    pub(super) root_keys: Vec<KeyRecord>,
    pub(super) root_created_at: String,
    pub(super) password_policy: Option<PasswordPolicySettings>,
    pub(super) aliases: Vec<String>,
    pub(super) users: BTreeMap<String, UserRecord>,
    pub(super) virtual_mfa: BTreeMap<String, VirtualMfaRecord>,
    pub(super) roles: BTreeMap<String, RoleRecord>,
    pub(super) policies: BTreeMap<String, PolicyRecord>,
    pub(super) report: Report,
    /// ARN → the tick from which trust policies may name it (IAM is eventually consistent).
    pub(super) principal_visible_at: BTreeMap<String, u64>,
    pub(super) instances: Vec<Instance>,
    pub(super) directory_users: BTreeMap<DirectoryUserId, DirectoryUser>,
    pub(super) directory_groups: BTreeMap<DirectoryGroupId, GroupRecord>,
    pub(super) memberships: BTreeMap<String, (DirectoryGroupId, DirectoryUserId)>,
    pub(super) permission_sets: BTreeMap<PermissionSetArn, PermissionSetRecord>,
    pub(super) assignments: BTreeSet<AccountAssignment>,
    pub(super) assignment_requests: BTreeMap<String, AsyncRecord>,
    pub(super) provisioning_requests: BTreeMap<String, AsyncRecord>,
    pub(super) deletion_requests: BTreeMap<String, AsyncRecord>,
    pub(super) provisioned: BTreeMap<PermissionSetArn, BTreeSet<AccountId>>,
    /// Accounts a set is provisioned to whose copy is older than the set's content (a
    /// change since their last provisioning): AWS's `LATEST_PERMISSION_SET_NOT_PROVISIONED`.
    pub(super) outdated: BTreeMap<PermissionSetArn, BTreeSet<AccountId>>,
    /// Assignment creations and deletions currently IN_PROGRESS, and the most there ever were.
    pub(super) outstanding_assignments: u32,
    pub(super) max_outstanding_assignments: u32,
    /// The organization this account manages, if any.
    pub(super) organization: Option<OrgState>,
    /// Recorded activity, trails and analysis jobs (Access Analyzer, last accessed).
    pub(super) activity: super::activity::Activity,
    /// CloudFormation StackSets and the engine that runs their operations.
    pub(super) stack_sets: super::stacksets::Engine,
    /// Centralized root access: the organization's features and each member's root user.
    pub(super) central_root: super::central_root::CentralRootState,
}

impl State {
    /// A permission set's content changed: every account it is provisioned to now holds an
    /// outdated copy until the set is provisioned there again.
    pub(super) fn content_changed(&mut self, permission_set: &PermissionSetArn) {
        let accounts = self.provisioned.get(permission_set).cloned().unwrap_or_default();
        self.outdated
            .entry(permission_set.clone())
            .or_default()
            .extend(accounts);
    }

    /// A fresh identifier, unique within this account.
    pub(super) fn fresh_id(&mut self, width: usize) -> String {
        self.next_id += 1;
        // A multiplicative hash spreads consecutive IDs so they do not look sequential,
        // while staying deterministic for tests.
        let mixed = self.next_id.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.config.seed;
        let hex = format!("{mixed:016x}{:016x}", mixed.rotate_left(17));
        hex.chars().take(width).collect()
    }

    /// The account ID.
    pub(super) fn account(&self) -> &AccountId {
        &self.config.account_id
    }

    /// The ARN of an IAM entity in this account.
    pub(super) fn arn(&self, kind: &str, path: &str, name: &str) -> String {
        format!("arn:aws:iam::{}:{kind}{path}{name}", self.account())
    }
}
