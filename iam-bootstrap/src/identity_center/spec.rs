//! [`IdentityCenterSpec`]: everything this capability manages, as one validated document,
//! and the plan that converges an instance to it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::assignment::MAX_OUTSTANDING;
use super::directory_plan::Directory;
use super::existing_assignments::ExistingAssignments;
use super::permission_set_plan::{self, SetChanges};
use super::provisioning;
use super::resolve::PermissionSetIndex;
use super::retire::{self, Scope};
use super::{
    AssignmentPrincipal, AssignmentSpec, AssignmentSpecBuilder, DirectoryGroupSpec,
    DirectoryGroupSpecBuilder, DirectoryUserSpec, DirectoryUserSpecBuilder, IdentityCenterChange,
    InstanceChoice, PermissionSetRef, PermissionSetSpec, PermissionSetSpecBuilder,
};
use crate::aws::Aws;
use crate::error::{Error, PreconditionReason, ResourceKind, Result, ValidationError, ValidationReason};
use crate::names::{AccountId, DirectoryGroupName, DirectoryPrincipal, DirectoryUserName, PermissionSetArn};
use crate::observe::fingerprint;
use crate::ownership::SpecName;
use crate::plan::Plan;

/// Identity-store users and groups, permission sets and account assignments in one
/// Identity Center instance.
///
/// Built with [`IdentityCenterSpec::builder`] or deserialized (TOML, JSON, ...) in the same
/// shape; either way every field is checked, with the path of the one at fault
/// (`permission_sets[1].session_duration`), before any API call.
///
/// ```
/// use iam_bootstrap::IdentityCenterSpec;
///
/// let spec: IdentityCenterSpec = serde_json::from_str(r#"{
///     "users": [{"user_name": "jdoe", "given_name": "Jane", "family_name": "Doe", "email": "jane@example.com"}],
///     "groups": [{"name": "Administrators", "members": ["jdoe"]}],
///     "permission_sets": [{"name": "AdministratorAccess",
///                          "managed_policies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}],
///     "assignments": [{"permission_set": "AdministratorAccess", "principal": {"group": "Administrators"},
///                      "accounts": ["123456789012"]}]
/// }"#).unwrap();
/// assert_eq!(spec.permission_sets()[0].session_duration().to_string(), "PT1H");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct IdentityCenterSpec {
    #[serde(skip_serializing_if = "SpecName::is_default")]
    name: SpecName,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    prune: bool,
    instance: InstanceChoice,
    users: Vec<DirectoryUserSpec>,
    groups: Vec<DirectoryGroupSpec>,
    permission_sets: Vec<PermissionSetSpec>,
    assignments: Vec<AssignmentSpec>,
    max_outstanding_assignments: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    portal_subdomain: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    remove_users: Vec<DirectoryUserName>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    remove_groups: Vec<DirectoryGroupName>,
}

impl IdentityCenterSpec {
    /// An empty builder.
    pub fn builder() -> IdentityCenterSpecBuilder {
        IdentityCenterSpecBuilder::default()
    }

    /// The spec's name: the permission sets it creates are tagged with it, and it prunes
    /// and destroys only sets that carry it (see [`crate::ownership`]).
    pub fn name(&self) -> &SpecName {
        &self.name
    }
    /// Whether a plan also deletes what this spec owns and no longer names (see
    /// [`IdentityCenterSpecBuilder::prune`]).
    pub fn prune(&self) -> bool {
        self.prune
    }
    /// Users the spec deletes (the identity store cannot mark a user as the library's, so
    /// a user is deleted only when a spec lists it here).
    pub fn remove_users(&self) -> &[DirectoryUserName] {
        &self.remove_users
    }
    /// Groups the spec deletes (listed explicitly, as for users).
    pub fn remove_groups(&self) -> &[DirectoryGroupName] {
        &self.remove_groups
    }
    /// The same spec with [`prune`](Self::prune) set to `prune` (for a one-off pruning plan).
    pub fn with_prune(&self, prune: bool) -> Self {
        Self {
            prune,
            ..self.clone()
        }
    }
    /// Which instance.
    pub fn instance(&self) -> &InstanceChoice {
        &self.instance
    }
    /// Users.
    pub fn users(&self) -> &[DirectoryUserSpec] {
        &self.users
    }
    /// Groups and their members.
    pub fn groups(&self) -> &[DirectoryGroupSpec] {
        &self.groups
    }
    /// Permission sets.
    pub fn permission_sets(&self) -> &[PermissionSetSpec] {
        &self.permission_sets
    }
    /// Account assignments.
    pub fn assignments(&self) -> &[AssignmentSpec] {
        &self.assignments
    }
    /// How many assignment creations may be in progress at once (1 to 10).
    pub fn max_outstanding_assignments(&self) -> u8 {
        self.max_outstanding_assignments
    }
    /// The AWS access portal URL of `instance`'s identity store (with the spec's
    /// customized subdomain, if it names one): see [`access_portal_url`](crate::organization::access_portal_url).
    pub fn portal_url(&self, identity_store_id: &str) -> String {
        crate::organization::access_portal_url(identity_store_id, self.portal_subdomain.as_deref())
    }
    /// The same spec with other assignments (its selectors resolved).
    pub(crate) fn with_assignments(&self, assignments: Vec<AssignmentSpec>) -> Self {
        Self {
            assignments,
            ..self.clone()
        }
    }

    /// Reads the instance and plans what converges it to the spec. Reads only.
    ///
    /// # Errors
    /// [`Error::Precondition`] when Identity Center is not enabled (or the instance is
    /// ambiguous), when the spec names a user, group or permission set that neither exists
    /// nor is in the spec, when an account selector names an OU or tag the organization
    /// does not have (or the account is in no organization), when a caller other than the
    /// management account would assign in it or change a set provisioned to it (checked
    /// when the spec selects accounts of the organization), or when it would rewrite a permission set the library does not
    /// own; backend errors from the reads.
    pub async fn plan(&self, aws: &Aws) -> Result<Plan> {
        let mut plan = self.plan_owned(aws, &self.name).await?;
        if self.prune || !self.remove_users.is_empty() || !self.remove_groups.is_empty() {
            let scope = if self.prune { Scope::Prune } else { Scope::Removals };
            plan.extend(retire::plan(aws, &[self], &self.name, scope).await?);
        }
        Ok(plan)
    }

    /// A plan that deletes everything this spec owns in Identity Center, in reverse
    /// dependency order, and nothing else: every assignment of each permission set tagged
    /// with the spec's [`name`](Self::name) (polled to SUCCEEDED; the last one in an account
    /// deprovisions the set there), then those sets; the memberships the spec lists; and
    /// the users and groups it lists under `remove_users` / `remove_groups`. Users and
    /// groups it creates stay (the identity store has no tags to prove they are the
    /// spec's): the plan says so in a manual step. Reads only; applying it needs
    /// [`ApplyOptions::allow_deletions`](crate::ApplyOptions::allow_deletions).
    ///
    /// # Errors
    /// As [`plan`](Self::plan): the instance, backend errors from the reads.
    pub async fn destroy_plan(&self, aws: &Aws) -> Result<Plan> {
        retire::plan(aws, &[self], &self.name, Scope::Destroy).await
    }

    /// [`plan`](Self::plan) without prune or removals, with the permission sets it creates
    /// tagged as `owner`'s (a [`Bootstrap`](crate::Bootstrap) passes its own name).
    pub(crate) async fn plan_owned(&self, aws: &Aws, owner: &SpecName) -> Result<Plan> {
        // Selectors (OUs, tags, the organization) become account IDs first; the plan of
        // the resolved spec then shows how each resolved.
        if let Some(resolved) = crate::organization::resolve_assignments(aws, self).await? {
            let plan = Box::pin(resolved.spec.plan_owned(aws, owner)).await?;
            return resolved.finish(aws, plan).await;
        }
        let instance = self.instance.discover(aws).await?;
        let (arn, store) = (&instance.arn, &instance.identity_store_id);
        let mut plan = Plan::default();

        let mut directory = Directory::new(aws, store);
        directory.plan_users(&self.users, &mut plan).await?;
        for group in &self.groups {
            directory.plan_group(group, &mut plan).await?;
        }

        let index = if self.permission_sets.is_empty() && self.assignments.is_empty() {
            PermissionSetIndex::default()
        } else {
            PermissionSetIndex::load(aws, arn).await?
        };
        let mut set_arns: BTreeMap<&str, Option<PermissionSetArn>> = BTreeMap::new();
        let mut to_provision = Vec::new();
        for spec in &self.permission_sets {
            let name = spec.name().as_str();
            let existing = index.get(name);
            let SetChanges {
                changes,
                content_changed,
            } = match existing {
                None => permission_set_plan::plan_new(arn, spec, owner),
                Some(set) => permission_set_plan::plan_existing(aws, arn, spec, set, owner).await?,
            };
            // An existing set's first change is checked, by a saved copy of the plan, with
            // the `DescribePermissionSet` the index made: recorded, not read again.
            if let (Some(set), Some(first)) = (existing, changes.first())
                && first.checked().is_some()
            {
                crate::observe::saw(&mut plan, first.lane(), fingerprint(&Some(set)));
            }
            plan.changes.extend(changes.into_iter().map(Into::into));
            // A new set needs no provisioning: it is in no account yet, and each assignment
            // this plan creates for it provisions its account (CreateAccountAssignment does,
            // with the set's content as the earlier stage left it).
            if let Some(set) = existing {
                // An unchanged set may still hold a change that was never provisioned.
                if content_changed || provisioning::has_outdated_copies(aws, arn, &set.arn).await? {
                    to_provision.push(PermissionSetRef {
                        name: spec.name().clone(),
                        arn: Some(set.arn.clone()),
                    });
                }
            }
            set_arns.insert(name, existing.map(|s| s.arn.clone()));
        }

        let mut existing = ExistingAssignments::default();
        for spec in &self.assignments {
            let name = spec.permission_set().as_str();
            let set_arn =
                match set_arns.get(name) {
                    Some(arn) => arn.clone(),
                    None => Some(index.get(name).map(|s| s.arn.clone()).ok_or_else(|| {
                        Error::Precondition {
                            reason: PreconditionReason::MissingReference {
                                kind: ResourceKind::PermissionSet,
                                name: name.to_owned(),
                            },
                            problem: format!(
                                "an assignment names the permission set `{name}`, which does not exist"
                            ),
                            remedy: "add it to the spec's permission sets, or create it".into(),
                        }
                    })?),
                };
            let needed_by = format!("the assignment of `{name}`");
            let principal: Option<DirectoryPrincipal> = match spec.principal() {
                AssignmentPrincipal::Group(group) => {
                    directory.require_group(group, &needed_by).await?.map(Into::into)
                }
                AssignmentPrincipal::User(user) => {
                    directory.require_user(user, &needed_by).await?.map(Into::into)
                }
            };
            // How many (set, account) pairs this plan checks for the principal.
            let checks = self
                .assignments
                .iter()
                .filter(|a| a.principal() == spec.principal())
                .map(|a| a.accounts().len())
                .sum();
            let ids = (set_arn.as_ref(), principal.as_ref());
            let accounts = existing.missing_accounts(aws, arn, spec, ids, checks).await?;
            if !accounts.is_empty() {
                plan.changes.push(
                    IdentityCenterChange::CreateAccountAssignments {
                        instance_arn: arn.clone(),
                        identity_store_id: store.clone(),
                        permission_set: PermissionSetRef {
                            name: spec.permission_set().clone(),
                            arn: set_arn,
                        },
                        principal: spec.principal().clone(),
                        principal_id: principal.map(|p| p.id()),
                        accounts,
                        max_outstanding: self.max_outstanding_assignments,
                    }
                    .into(),
                );
            }
        }

        plan.changes
            .extend(to_provision.into_iter().map(|permission_set| {
                let accounts: BTreeSet<AccountId> = self
                    .assignments
                    .iter()
                    .filter(|a| a.permission_set() == &permission_set.name)
                    .flat_map(|a| a.accounts().iter().cloned())
                    .collect();
                IdentityCenterChange::ProvisionPermissionSet {
                    instance_arn: arn.clone(),
                    permission_set,
                    accounts: accounts.into_iter().collect(),
                }
                .into()
            }));
        crate::organization::add_first_sign_in(&mut plan, store.as_str(), self.portal_subdomain.as_deref());
        // Every observation was recorded from the reads above (no read of its own).
        Ok(plan)
    }
}

/// Builds an [`IdentityCenterSpec`]; also the shape it has in spec files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[must_use]
pub struct IdentityCenterSpecBuilder {
    name: Option<String>,
    prune: bool,
    remove_users: Vec<String>,
    remove_groups: Vec<String>,
    instance: InstanceChoice,
    users: Vec<DirectoryUserSpecBuilder>,
    groups: Vec<DirectoryGroupSpecBuilder>,
    permission_sets: Vec<PermissionSetSpecBuilder>,
    assignments: Vec<AssignmentSpecBuilder>,
    max_outstanding_assignments: Option<u8>,
    portal_subdomain: Option<String>,
}

impl IdentityCenterSpecBuilder {
    /// The spec's name (default [`DEFAULT_SPEC_NAME`](crate::ownership::DEFAULT_SPEC_NAME)):
    /// what its permission sets are tagged with, so that two specs in one instance never
    /// touch each other's sets.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
    /// Whether a plan also deletes what the spec owns and no longer names: permission sets
    /// tagged with its name that it no longer lists (their assignments first), assignments
    /// of its sets that it no longer lists (whoever made them: an assignment belongs to the
    /// spec that owns its set), and members of its groups that it does not list. Applying
    /// such a plan needs [`ApplyOptions::allow_deletions`](crate::ApplyOptions::allow_deletions).
    pub fn prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }
    /// Deletes the user with this user name (with its assignments of the spec's sets): the
    /// identity store cannot mark a user as the library's, so users are only ever deleted
    /// when a spec lists them here.
    pub fn remove_user(mut self, user_name: impl Into<String>) -> Self {
        self.remove_users.push(user_name.into());
        self
    }
    /// Deletes the group with this display name (with its assignments of the spec's sets).
    pub fn remove_group(mut self, display_name: impl Into<String>) -> Self {
        self.remove_groups.push(display_name.into());
        self
    }
    /// Which instance (default: the only one).
    pub fn instance(mut self, choice: InstanceChoice) -> Self {
        self.instance = choice;
        self
    }
    /// Adds a user.
    pub fn user(mut self, user: impl Into<DirectoryUserSpecBuilder>) -> Self {
        self.users.push(user.into());
        self
    }
    /// Adds a group.
    pub fn group(mut self, group: impl Into<DirectoryGroupSpecBuilder>) -> Self {
        self.groups.push(group.into());
        self
    }
    /// Adds a permission set.
    pub fn permission_set(mut self, set: impl Into<PermissionSetSpecBuilder>) -> Self {
        self.permission_sets.push(set.into());
        self
    }
    /// Adds account assignments.
    pub fn assignment(mut self, assignment: impl Into<AssignmentSpecBuilder>) -> Self {
        self.assignments.push(assignment.into());
        self
    }
    /// How many assignment creations may be in progress at once (1 to 10; default 10,
    /// Identity Center's limit).
    pub fn max_outstanding_assignments(mut self, max: u8) -> Self {
        self.max_outstanding_assignments = Some(max);
        self
    }

    /// The access portal's customized subdomain (`example-corp` for
    /// `https://example-corp.awsapps.com/start`), when an administrator set one: no API
    /// reports it, and the plan's first sign-in step names the portal URL.
    pub fn portal_subdomain(mut self, subdomain: impl Into<String>) -> Self {
        self.portal_subdomain = Some(subdomain.into());
        self
    }

    /// Checks every part and that names are not repeated.
    ///
    /// # Errors
    /// [`ValidationError`] with the path of the field at fault (`users[2].email`).
    pub fn build(self) -> Result<IdentityCenterSpec, ValidationError> {
        let users = build_all("users", self.users, DirectoryUserSpecBuilder::build)?;
        unique("users", "user_name", &users, |u| {
            u.user_name().as_str().to_lowercase()
        })?;
        let groups = build_all("groups", self.groups, DirectoryGroupSpecBuilder::build)?;
        unique("groups", "name", &groups, |g| g.name().as_str().to_owned())?;
        let permission_sets = build_all(
            "permission_sets",
            self.permission_sets,
            PermissionSetSpecBuilder::build,
        )?;
        unique("permission_sets", "name", &permission_sets, |p| {
            p.name().as_str().to_lowercase()
        })?;
        let assignments = build_all("assignments", self.assignments, AssignmentSpecBuilder::build)?;
        let mut seen = Vec::new();
        for (n, a) in assignments.iter().enumerate() {
            for (m, account) in a.accounts().iter().enumerate() {
                let key = (a.permission_set(), a.principal(), account);
                if seen.contains(&key) {
                    return Err(ValidationError::new(
                        format!("assignments[{n}].accounts[{m}]"),
                        ValidationReason::NotAllowed(format!(
                            "{} already has `{}` in {account} from an earlier assignment",
                            a.principal(),
                            a.permission_set()
                        )),
                    ));
                }
                seen.push(key);
            }
        }
        let max = self.max_outstanding_assignments.unwrap_or(MAX_OUTSTANDING);
        if !(1..=MAX_OUTSTANDING).contains(&max) {
            return Err(ValidationError::new(
                "max_outstanding_assignments",
                ValidationReason::Range {
                    min: 1,
                    max: i64::from(MAX_OUTSTANDING),
                    actual: i64::from(max),
                },
            ));
        }
        if let Some(subdomain) = &self.portal_subdomain {
            crate::organization::check_subdomain("portal_subdomain", subdomain)?;
        }
        let name = self.name.map(SpecName::new).transpose()?.unwrap_or_default();
        let remove_users = removals("remove_users", self.remove_users, DirectoryUserName::new)?;
        let remove_groups = removals("remove_groups", self.remove_groups, DirectoryGroupName::new)?;
        // A spec cannot both keep and delete a user or group.
        for (n, user) in remove_users.iter().enumerate() {
            if users
                .iter()
                .any(|u| u.user_name().as_str().eq_ignore_ascii_case(user.as_str()))
            {
                return Err(listed_twice(format!("remove_users[{n}]"), user.as_str()));
            }
        }
        for (n, group) in remove_groups.iter().enumerate() {
            if groups.iter().any(|g| g.name() == group) {
                return Err(listed_twice(format!("remove_groups[{n}]"), group.as_str()));
            }
        }
        Ok(IdentityCenterSpec {
            name,
            prune: self.prune,
            remove_users,
            remove_groups,
            portal_subdomain: self.portal_subdomain,
            instance: self.instance,
            users,
            groups,
            permission_sets,
            assignments,
            max_outstanding_assignments: max,
        })
    }
}

/// Checks each name of a removal list, prefixing errors with `list[n]`.
fn removals<T>(
    list: &str,
    names: Vec<String>,
    check: fn(String) -> Result<T, ValidationError>,
) -> Result<Vec<T>, ValidationError> {
    names
        .into_iter()
        .enumerate()
        .map(|(n, name)| check(name).map_err(|e| e.at(format!("{list}[{n}]"))))
        .collect()
}

/// A name both kept and removed.
fn listed_twice(field: String, name: &str) -> ValidationError {
    ValidationError::new(
        field,
        ValidationReason::NotAllowed(format!(
            "`{name}` is also in the spec's users or groups: a spec cannot both keep and remove it"
        )),
    )
}

/// Builds each element, prefixing errors with `list[n]`.
fn build_all<B, T>(
    list: &str,
    builders: Vec<B>,
    build: fn(B) -> Result<T, ValidationError>,
) -> Result<Vec<T>, ValidationError> {
    builders
        .into_iter()
        .enumerate()
        .map(|(n, b)| build(b).map_err(|e| e.within(format!("{list}[{n}]"))))
        .collect()
}

/// Rejects a key that appears twice, naming the second.
fn unique<T>(
    list: &str,
    field: &str,
    items: &[T],
    key: impl Fn(&T) -> String,
) -> Result<(), ValidationError> {
    let mut seen = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let k = key(item);
        if seen.contains(&k) {
            return Err(ValidationError::new(
                format!("{list}[{n}].{field}"),
                ValidationReason::NotAllowed(format!("`{k}` is listed twice")),
            ));
        }
        seen.push(k);
    }
    Ok(())
}

impl TryFrom<IdentityCenterSpecBuilder> for IdentityCenterSpec {
    type Error = ValidationError;
    fn try_from(builder: IdentityCenterSpecBuilder) -> Result<Self, Self::Error> {
        builder.build()
    }
}

crate::spec::capture::deserialize_via!(IdentityCenterSpec, IdentityCenterSpecBuilder);
