//! [`EmulatorGaps`]: the one switch that declares what an API emulator cannot answer.
//!
//! Against real AWS every plan reads everything AWS can report about what it converges, so
//! drift made by hand is found. An emulator may not implement some of those calls (moto
//! answers HTTP 500) or may ignore a filter; a handle that declares those gaps skips exactly
//! the reads named here, and the drift they would have found goes unseen. The default is
//! no gap: nothing is skipped unless a caller says it talks to an emulator.

/// What an API emulator cannot answer, declared on the handle
/// ([`Aws::with_emulator_gaps`](crate::Aws::with_emulator_gaps)). Real AWS has none
/// ([`EmulatorGaps::none`], the default); [`EmulatorGaps::moto`] declares moto's.
///
/// Each gap turns one check off, and only that check:
///
/// | gap | skipped on an existing permission set | drift left unseen |
/// | --- | --- | --- |
/// | `permission_set_boundaries` | `GetPermissionsBoundaryForPermissionSet`, unless the spec names a boundary | a boundary added by hand |
/// | `permission_set_tags` | `ListTagsForResource`, unless the spec names tags or a change needs the ownership check | tags added by hand |
/// | `provisioning_status_filter` | `ListAccountsForProvisionedPermissionSet` with `LATEST_PERMISSION_SET_NOT_PROVISIONED` | a change whose provisioning never ran |
///
/// ```
/// use iam_bootstrap::{Aws, EmulatorGaps};
/// use iam_bootstrap::client::InMemory;
///
/// let aws = Aws::in_memory(InMemory::new());
/// assert_eq!(aws.emulator_gaps(), EmulatorGaps::none());
/// let moto = aws.with_emulator_gaps(EmulatorGaps::moto());
/// assert!(moto.emulator_gaps().permission_set_boundaries);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct EmulatorGaps {
    /// sso-admin's permission-set boundary calls fail (moto: HTTP 500), so a boundary is read
    /// only when the spec names one.
    pub permission_set_boundaries: bool,
    /// sso-admin's tag calls fail (moto: HTTP 500), so a permission set's tags are read only
    /// when the plan cannot go on without them: to converge the tags the spec names, or to
    /// check ownership before changing a set the spec does not adopt.
    pub permission_set_tags: bool,
    /// `ListAccountsForProvisionedPermissionSet` ignores its provisioning-status filter
    /// (moto lists every provisioned account as outdated, so a re-plan would provision again
    /// on every run), so plans do not ask for outdated copies.
    pub provisioning_status_filter: bool,
}

impl EmulatorGaps {
    /// No gap: every check runs (real AWS, the in-memory account).
    pub const fn none() -> Self {
        Self {
            permission_set_boundaries: false,
            permission_set_tags: false,
            provisioning_status_filter: false,
        }
    }

    /// moto's gaps (checked against moto 5.2): no permission-set boundary or tag calls, and
    /// no provisioning-status filter. The checks these skip are tested on the in-memory
    /// account.
    pub const fn moto() -> Self {
        Self {
            permission_set_boundaries: true,
            permission_set_tags: true,
            provisioning_status_filter: true,
        }
    }
}
