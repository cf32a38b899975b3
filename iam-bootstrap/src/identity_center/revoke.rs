//! Revoking one person's access (offboarding): take the user out of the groups that grant
//! access (by default the admin preset's `Administrators`) and, when asked, delete the user
//! with its account assignments of the spec's own permission sets.
//!
//! ```
//! use iam_bootstrap::{AdminProvisioning, ApplyOptions, Aws, DirectoryUserSpec, Revocation};
//! use iam_bootstrap::client::InMemory;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let aws = Aws::in_memory(InMemory::new());
//! let admin = AdminProvisioning::builder()
//!     .user(DirectoryUserSpec::builder("jdoe").given_name("Jane").family_name("Doe").email("jane@example.com"))
//!     .accounts(["123456789012"])
//!     .build()?;
//! admin.plan(&aws).await?.apply(&aws).await?;
//!
//! let revoke = Revocation::builder("jdoe").delete_user(true).build()?;
//! let plan = revoke.plan(&aws).await?;
//! assert_eq!(plan.deletions(), 2, "leave Administrators, delete the user");
//! plan.apply_with(&aws, ApplyOptions::default().allow_deletions(true)).await?;
//! assert!(revoke.plan(&aws).await?.is_empty(), "a second run has nothing to do");
//! # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::retire::{doom_principal, owned_sets};
use super::{
    IdentityCenterChange as C, InstanceChoice, PermissionSetRef, assignment::MAX_OUTSTANDING, field_error,
};
use crate::aws::Aws;
use crate::client::AccountAssignment;
use crate::error::{Result, ValidationError};
use crate::names::{DirectoryGroupName, DirectoryPrincipal, DirectoryUserName, PermissionSetArn};
use crate::ownership::SpecName;
use crate::plan::Plan;

/// The group a revocation takes the user out of when it names none (the admin preset's).
const DEFAULT_GROUP: &str = "Administrators";

/// Taking one identity-store user's access away. Every change it plans is a deletion
/// (applying needs [`ApplyOptions::allow_deletions`](crate::ApplyOptions::allow_deletions)),
/// and a revocation already carried out plans nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Revocation {
    instance: InstanceChoice,
    user: DirectoryUserName,
    groups: Vec<DirectoryGroupName>,
    delete_user: bool,
    owner: SpecName,
}

impl Revocation {
    /// A builder for revoking `user_name`'s access.
    pub fn builder(user_name: impl Into<String>) -> RevocationBuilder {
        RevocationBuilder {
            user: user_name.into(),
            ..RevocationBuilder::default()
        }
    }

    /// The user.
    pub fn user(&self) -> &DirectoryUserName {
        &self.user
    }
    /// The groups the user leaves.
    pub fn groups(&self) -> &[DirectoryGroupName] {
        &self.groups
    }
    /// Whether the user is deleted too.
    pub fn deletes_user(&self) -> bool {
        self.delete_user
    }

    /// Reads the instance and plans the revocation: `DeleteGroupMembership` for each listed
    /// group the user is in; with [`delete_user`](RevocationBuilder::delete_user), the
    /// deletion of the user's account assignments of permission sets the spec named by
    /// [`spec`](RevocationBuilder::spec) owns, then `DeleteUser`. A user that does not exist
    /// plans nothing. Reads only.
    ///
    /// # Errors
    /// The instance cannot be found; backend errors from the reads.
    pub async fn plan(&self, aws: &Aws) -> Result<Plan> {
        let instance = self.instance.discover(aws).await?;
        let (arn, store) = (&instance.arn, &instance.identity_store_id);
        let idc = aws.identity_center();
        let mut plan = Plan::default();
        let Some(user_id) = idc.find_user(store, &self.user).await? else {
            return Ok(plan);
        };
        for group in &self.groups {
            let Some(group_id) = idc.find_group(store, group).await? else {
                continue;
            };
            if let Some(membership_id) = idc.find_group_membership(store, &group_id, &user_id).await? {
                plan.changes.push(
                    C::RemoveGroupMember {
                        identity_store_id: store.clone(),
                        group: group.clone(),
                        user: self.user.to_string(),
                        membership_id,
                    }
                    .into(),
                );
            }
        }
        if self.delete_user {
            let owned = if aws.emulator_gaps().permission_set_tags {
                BTreeMap::new()
            } else {
                owned_sets(aws, arn, &self.owner).await?
            };
            let mut doomed: BTreeMap<PermissionSetArn, BTreeSet<AccountAssignment>> = BTreeMap::new();
            doom_principal(
                aws,
                arn,
                &owned,
                DirectoryPrincipal::User(user_id.clone()),
                &mut doomed,
            )
            .await?;
            for (set_arn, assignments) in doomed {
                if let Some(name) = owned.get(&set_arn) {
                    plan.changes.push(
                        C::DeleteAccountAssignments {
                            instance_arn: arn.clone(),
                            permission_set: PermissionSetRef {
                                name: name.clone(),
                                arn: Some(set_arn),
                            },
                            assignments: assignments.into_iter().collect(),
                            max_outstanding: MAX_OUTSTANDING,
                        }
                        .into(),
                    );
                }
            }
            plan.changes.push(
                C::DeleteUser {
                    identity_store_id: store.clone(),
                    user: self.user.clone(),
                    user_id,
                }
                .into(),
            );
        }
        Ok(plan)
    }
}

/// Builds a [`Revocation`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[must_use]
pub struct RevocationBuilder {
    instance: InstanceChoice,
    user: String,
    groups: Vec<String>,
    delete_user: bool,
    spec: Option<String>,
}

impl RevocationBuilder {
    /// Which instance (default: the only one).
    pub fn instance(mut self, choice: InstanceChoice) -> Self {
        self.instance = choice;
        self
    }
    /// A group the user leaves (default, when none is named: `Administrators`).
    pub fn group(mut self, display_name: impl Into<String>) -> Self {
        self.groups.push(display_name.into());
        self
    }
    /// Also deletes the user (naming it here is the explicit listing the identity store
    /// needs: it cannot mark a user as the library's), after its account assignments of the
    /// spec's permission sets.
    pub fn delete_user(mut self, delete: bool) -> Self {
        self.delete_user = delete;
        self
    }
    /// The name of the spec whose permission sets' assignments of the user are deleted with
    /// it (default [`DEFAULT_SPEC_NAME`](crate::ownership::DEFAULT_SPEC_NAME)); other
    /// specs' assignments stay.
    pub fn spec(mut self, name: impl Into<String>) -> Self {
        self.spec = Some(name.into());
        self
    }

    /// Checks every name.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field (`user`, `groups[1]`, `spec`).
    pub fn build(self) -> Result<Revocation, ValidationError> {
        let user = DirectoryUserName::new(self.user).map_err(|e| field_error("user", e))?;
        let mut groups = self
            .groups
            .into_iter()
            .enumerate()
            .map(|(n, g)| DirectoryGroupName::new(g).map_err(|e| field_error(&format!("groups[{n}]"), e)))
            .collect::<Result<Vec<_>, _>>()?;
        if groups.is_empty() {
            groups.push(DirectoryGroupName::new(DEFAULT_GROUP).map_err(|e| field_error("groups", e))?);
        }
        let owner = self
            .spec
            .map(SpecName::new)
            .transpose()
            .map_err(|e| field_error("spec", e))?
            .unwrap_or_default();
        Ok(Revocation {
            instance: self.instance,
            user,
            groups,
            delete_user: self.delete_user,
            owner,
        })
    }
}
