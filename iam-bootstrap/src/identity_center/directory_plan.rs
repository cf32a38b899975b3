//! Planning and applying the identity store: users, groups, memberships.
//!
//! Users and groups are found by their unique attribute (`GetUserId` by user name,
//! `GetGroupId` by display name) and created when missing; memberships are checked with
//! `GetGroupMembershipId`. A create that answers "already exists" (someone created it
//! between plan and apply, or a lost response was retried) is not an error: the unique
//! name identifies the same user or group, so its ID is looked up and remembered.

use std::collections::{BTreeMap, BTreeSet};

use super::resolve;
use super::{DirectoryGroupSpec, DirectoryUserSpec, IdentityCenterChange};
use crate::aws::Aws;
use crate::client::{DirectoryUser, NewDirectoryUser};
use crate::error::{Error, PreconditionReason, ResourceKind, Result};
use crate::names::{
    DirectoryGroupId, DirectoryGroupName, DirectoryUserId, DirectoryUserName, IdentityStoreId,
};
use crate::observe::ABSENT;
use crate::plan::{Finding, FindingSeverity, FindingStatus, Plan};
use crate::protocol::{ApplyContext, IdKind};

/// What the plan knows about the identity store: IDs of what exists, and what it will create.
#[derive(Debug)]
pub(super) struct Directory<'a> {
    aws: &'a Aws,
    store: &'a IdentityStoreId,
    users: BTreeMap<DirectoryUserName, Option<DirectoryUserId>>,
    groups: BTreeMap<DirectoryGroupName, Option<DirectoryGroupId>>,
    planned_users: BTreeSet<DirectoryUserName>,
    planned_groups: BTreeSet<DirectoryGroupName>,
}

impl<'a> Directory<'a> {
    pub(super) fn new(aws: &'a Aws, store: &'a IdentityStoreId) -> Self {
        Self {
            aws,
            store,
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            planned_users: BTreeSet::new(),
            planned_groups: BTreeSet::new(),
        }
    }

    /// The user's ID if it exists (one `GetUserId` per name and plan).
    pub(super) async fn user(&mut self, name: &DirectoryUserName) -> Result<Option<DirectoryUserId>> {
        if let Some(id) = self.users.get(name) {
            return Ok(id.clone());
        }
        let id = self.aws.identity_center().find_user(self.store, name).await?;
        self.users.insert(name.clone(), id.clone());
        Ok(id)
    }

    /// The group's ID if it exists (one `GetGroupId` per name and plan).
    pub(super) async fn group(&mut self, name: &DirectoryGroupName) -> Result<Option<DirectoryGroupId>> {
        if let Some(id) = self.groups.get(name) {
            return Ok(id.clone());
        }
        let id = self.aws.identity_center().find_group(self.store, name).await?;
        self.groups.insert(name.clone(), id.clone());
        Ok(id)
    }

    /// What an earlier lookup found for the user: `None` if it was not looked up yet.
    pub(super) fn known_user(&self, name: &DirectoryUserName) -> Option<Option<DirectoryUserId>> {
        self.users.get(name).cloned()
    }

    /// What an earlier lookup found for the group: `None` if it was not looked up yet.
    pub(super) fn known_group(&self, name: &DirectoryGroupName) -> Option<Option<DirectoryGroupId>> {
        self.groups.get(name).cloned()
    }

    /// Remembers what a lookup made elsewhere (several at a time) found for the user.
    pub(super) fn remember_user(&mut self, name: DirectoryUserName, id: Option<DirectoryUserId>) {
        self.users.insert(name, id);
    }

    /// Remembers what a lookup made elsewhere found for the group.
    pub(super) fn remember_group(&mut self, name: DirectoryGroupName, id: Option<DirectoryGroupId>) {
        self.groups.insert(name, id);
    }

    /// The names of the users looked up so far that exist, by ID.
    pub(super) fn known_user_names(&self) -> BTreeMap<DirectoryUserId, DirectoryUserName> {
        self.users
            .iter()
            .filter_map(|(name, id)| Some((id.clone()?, name.clone())))
            .collect()
    }

    /// A user that exists or that this plan creates; `Ok(None)` means "created by the plan".
    pub(super) async fn require_user(
        &mut self,
        name: &DirectoryUserName,
        needed_by: &str,
    ) -> Result<Option<DirectoryUserId>> {
        match self.user(name).await? {
            Some(id) => Ok(Some(id)),
            None if self.planned_users.contains(name) => Ok(None),
            None => Err(missing(ResourceKind::DirectoryUser, name.as_str(), needed_by)),
        }
    }

    /// A group that exists or that this plan creates; `Ok(None)` means "created by the plan".
    pub(super) async fn require_group(
        &mut self,
        name: &DirectoryGroupName,
        needed_by: &str,
    ) -> Result<Option<DirectoryGroupId>> {
        match self.group(name).await? {
            Some(id) => Ok(Some(id)),
            None if self.planned_groups.contains(name) => Ok(None),
            None => Err(missing(ResourceKind::DirectoryGroup, name.as_str(), needed_by)),
        }
    }

    /// Plans the spec's users: creates the missing ones, reports existing ones that differ.
    pub(super) async fn plan_users(&mut self, users: &[DirectoryUserSpec], plan: &mut Plan) -> Result<()> {
        for spec in users {
            let name = spec.user_name();
            match self.user(name).await? {
                None => {
                    self.planned_users.insert(name.to_owned());
                    push_unseen(
                        plan,
                        IdentityCenterChange::CreateUser {
                            identity_store_id: self.store.clone(),
                            user: spec.to_new_user(),
                        },
                    );
                }
                Some(id) => {
                    let current = self.aws.identity_center().describe_user(self.store, &id).await?;
                    if let Some(finding) = current.and_then(|c| differences(&spec.to_new_user(), &c)) {
                        plan.findings.push(finding);
                    }
                }
            }
        }
        Ok(())
    }

    /// Plans a group: created if missing, then each member added if not one already.
    pub(super) async fn plan_group(&mut self, spec: &DirectoryGroupSpec, plan: &mut Plan) -> Result<()> {
        let name = spec.name();
        let group_id = self.group(name).await?;
        if group_id.is_none() && self.planned_groups.insert(name.to_owned()) {
            push_unseen(
                plan,
                IdentityCenterChange::CreateGroup {
                    identity_store_id: self.store.clone(),
                    group: spec.name().clone(),
                    description: spec.description().to_owned(),
                },
            );
        }
        for member in spec.members() {
            let user_id = self.require_user(member, &format!("group `{name}`")).await?;
            if let (Some(group), Some(user)) = (&group_id, &user_id) {
                let idc = self.aws.identity_center();
                if idc
                    .find_group_membership(self.store, group, user)
                    .await?
                    .is_some()
                {
                    continue;
                }
            }
            // Between existing principals, the membership read above found none.
            push_unseen(
                plan,
                IdentityCenterChange::AddGroupMember {
                    identity_store_id: self.store.clone(),
                    group: spec.name().clone(),
                    group_id: group_id.clone(),
                    user: member.clone(),
                    user_id,
                },
            );
        }
        Ok(())
    }
}

/// Plans `change`, which creates what the planner's read just found absent. That read is
/// what a saved copy of the plan checks again (see [`crate::observe`]), so it is recorded
/// here rather than read a second time; a change whose check reads nothing (a membership
/// of a principal this plan creates) records nothing.
fn push_unseen(plan: &mut Plan, change: IdentityCenterChange) {
    if change.checked().is_some() {
        crate::observe::saw(plan, change.lane(), ABSENT.to_owned());
    }
    plan.changes.push(change.into());
}

fn missing(resource: ResourceKind, name: &str, needed_by: &str) -> Error {
    let kind = if resource == ResourceKind::DirectoryGroup {
        "group"
    } else {
        "user"
    };
    Error::Precondition {
        reason: PreconditionReason::MissingReference {
            kind: resource,
            name: name.to_owned(),
        },
        problem: format!("{needed_by} names the {kind} `{name}`, which is not in the identity store"),
        remedy: format!("add the {kind} to the spec so it is created, or create it in Identity Center"),
    }
}

/// A finding when an existing user's attributes are not what the spec says: the library
/// creates users but never rewrites them (a person may have edited their profile).
fn differences(wanted: &NewDirectoryUser, current: &DirectoryUser) -> Option<Finding> {
    let mut differ = Vec::new();
    let mut check = |what: &str, have: Option<&str>, want: &str, same: fn(&str, &str) -> bool| {
        if !have.is_some_and(|h| same(h, want)) {
            differ.push(format!(
                "{what} is {:?} (spec: {want:?})",
                have.unwrap_or("unset")
            ));
        }
    };
    let exact: fn(&str, &str) -> bool = |a, b| a == b;
    check(
        "display name",
        current.display_name.as_deref(),
        &wanted.display_name,
        exact,
    );
    check(
        "given name",
        current.given_name.as_deref(),
        &wanted.given_name,
        exact,
    );
    check(
        "family name",
        current.family_name.as_deref(),
        &wanted.family_name,
        exact,
    );
    check("email", current.email.as_deref(), &wanted.email, |a, b| {
        a.eq_ignore_ascii_case(b)
    });
    (!differ.is_empty()).then(|| Finding {
        id: "identity-center-user-differs".into(),
        status: FindingStatus::Fail,
        severity: FindingSeverity::Low,
        title: format!(
            "Identity Center user `{}` differs from the spec",
            wanted.user_name
        ),
        evidence: format!("{}; existing users are left as they are", differ.join(", ")),
        cis: Vec::new(),
        prowler: Vec::new(),
        cis_controls: Vec::new(),
    })
}

/// `CreateUser`, remembering the new ID; an existing user of that name is taken as it is.
pub(super) async fn create_user(
    aws: &Aws,
    context: &ApplyContext,
    store: &IdentityStoreId,
    user: &NewDirectoryUser,
) -> Result<()> {
    let idc = aws.identity_center();
    let id = match idc.create_user(store, user).await {
        Ok(id) => id,
        Err(Error::AlreadyExists { .. }) => {
            resolve::user_id(aws, context, store, &user.user_name, None).await?
        }
        Err(other) => return Err(other),
    };
    context.remember(IdKind::DirectoryUser, user.user_name.as_str(), id);
    Ok(())
}

/// `CreateGroup`, remembering the new ID; an existing group of that name is taken as it is.
pub(super) async fn create_group(
    aws: &Aws,
    context: &ApplyContext,
    store: &IdentityStoreId,
    name: &DirectoryGroupName,
    description: &str,
) -> Result<()> {
    let idc = aws.identity_center();
    let id = match idc.create_group(store, name, description).await {
        Ok(id) => id,
        Err(Error::AlreadyExists { .. }) => resolve::group_id(aws, context, store, name, None).await?,
        Err(other) => return Err(other),
    };
    context.remember(IdKind::DirectoryGroup, name.as_str(), id);
    Ok(())
}

/// `CreateGroupMembership`; "already a member" is success.
pub(super) async fn add_member(
    aws: &Aws,
    context: &ApplyContext,
    store: &IdentityStoreId,
    (group, group_id): (&DirectoryGroupName, Option<&DirectoryGroupId>),
    (user, user_id): (&DirectoryUserName, Option<&DirectoryUserId>),
) -> Result<()> {
    let group_id = resolve::group_id(aws, context, store, group, group_id).await?;
    let user_id = resolve::user_id(aws, context, store, user, user_id).await?;
    match aws
        .identity_center()
        .create_group_membership(store, &group_id, &user_id)
        .await
    {
        Ok(_) | Err(Error::AlreadyExists { .. }) => Ok(()),
        Err(other) => Err(other),
    }
}
