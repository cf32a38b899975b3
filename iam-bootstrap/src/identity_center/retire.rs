//! Taking Identity Center access away: planning the deletion of what a spec owns and no
//! longer names (prune), of everything it owns (destroy), or of the users and groups it
//! lists for removal; and carrying the deletions out.
//!
//! What a spec owns:
//! - a permission set tagged with its name (see [`crate::ownership`]);
//! - every account assignment of such a set, whoever made it (an assignment belongs to the
//!   spec that owns its set, and AWS refuses to delete a set that is still assigned);
//! - the memberships of the groups it lists (a prune removes members it does not list; a
//!   destroy removes the members it lists);
//! - nothing else in the identity store: users and groups carry no tags (the identity
//!   store's only free-form attributes, such as a group's description or a user's title,
//!   are edited by people and prove nothing), so a user or group is deleted only when a
//!   spec lists it under `remove_users` / `remove_groups`.
//!
//! Changes come out in the order they run: assignment deletions (one batch per set), member
//! removals, then permission sets, groups and users. A resource already gone counts as
//! deleted, so an interrupted prune or destroy converges when run again.

use std::collections::{BTreeMap, BTreeSet};

use super::directory_plan::Directory;
use super::{
    IdentityCenterChange as C, IdentityCenterSpec, PermissionSetRef, assignment::MAX_OUTSTANDING, poll,
};
use crate::aws::Aws;
use crate::client::{AccountAssignment, Operation, ProvisionedAccounts};
use crate::error::{Error, Result};
use crate::names::{
    AccountId, DirectoryGroupName, DirectoryPrincipal, DirectoryUserId, DirectoryUserName, IdentityStoreId,
    InstanceArn, PermissionSetArn, PermissionSetName,
};
use crate::ownership::{SpecName, owned_by};
use crate::plan::{Finding, FindingSeverity, FindingStatus, ManualStep, Plan};
use futures::{StreamExt, TryStreamExt, stream};

/// What a retirement plan deletes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Only the users and groups the specs list for removal (and their assignments of the
    /// owner's sets).
    Removals,
    /// Those, and what the owner owns that no spec names any more.
    Prune,
    /// Everything the owner owns.
    Destroy,
}

/// Not-found is what a deletion wants: the resource is already gone.
pub(super) fn gone_is_done(result: Result<()>) -> Result<()> {
    match result {
        Err(err) if err.is_not_found() => Ok(()),
        other => other,
    }
}

/// The owner's permission sets, by ARN, with their names. Reads `ListPermissionSets`, then
/// `ListTagsForResource` of every set and `DescribePermissionSet` of each owned one.
pub(super) async fn owned_sets(
    aws: &Aws,
    instance: &InstanceArn,
    owner: &SpecName,
) -> Result<BTreeMap<PermissionSetArn, PermissionSetName>> {
    let idc = aws.identity_center();
    let mut arns = idc.list_permission_sets(instance).await?;
    // Sorted: the same instance gives the same plan (listings come in no promised order).
    arns.sort();
    let mut owned = BTreeMap::new();
    for arn in arns {
        let tags = match idc.list_tags(instance, &arn).await {
            Err(err) if err.is_not_found() => continue,
            other => other?,
        };
        if !owned_by(&tags, owner) {
            continue;
        }
        if let Some(set) = idc.describe_permission_set(instance, &arn).await?
            && let Ok(name) = PermissionSetName::new(set.name)
        {
            owned.insert(arn, name);
        }
    }
    Ok(owned)
}

/// Every assignment of a set: `ListAccountAssignments` in each account it is provisioned
/// to (an assignment provisions its set, so that covers them all).
async fn assignments_of(
    aws: &Aws,
    instance: &InstanceArn,
    set: &PermissionSetArn,
) -> Result<Vec<AccountAssignment>> {
    let idc = aws.identity_center();
    let mut accounts = idc
        .list_accounts_for_provisioned_permission_set(instance, set, ProvisionedAccounts::All)
        .await?;
    accounts.sort();
    let mut all = Vec::new();
    for account in accounts {
        all.extend(idc.list_account_assignments(instance, &account, set).await?);
    }
    Ok(all)
}

/// Listings by principal one plan keeps in flight (the layers' rate limit still paces them).
const LISTINGS_IN_FLIGHT: usize = 8;

/// A user or group the specs name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Named {
    User(DirectoryUserName),
    Group(DirectoryGroupName),
}

/// Every user and group the specs name: users, groups, group members, assignment
/// principals, and the users and groups listed for removal.
fn named(specs: &[&IdentityCenterSpec]) -> BTreeSet<Named> {
    let mut names = BTreeSet::new();
    for spec in specs {
        names.extend(spec.users().iter().map(|u| Named::User(u.user_name().clone())));
        names.extend(spec.remove_users().iter().cloned().map(Named::User));
        names.extend(spec.remove_groups().iter().cloned().map(Named::Group));
        for group in spec.groups() {
            names.insert(Named::Group(group.name().clone()));
            names.extend(group.members().iter().cloned().map(Named::User));
        }
        for assignment in spec.assignments() {
            names.insert(match assignment.principal() {
                super::AssignmentPrincipal::Group(name) => Named::Group(name.clone()),
                super::AssignmentPrincipal::User(name) => Named::User(name.clone()),
            });
        }
    }
    names
}

/// A named principal's ID (`None`: it does not exist) and its assignments in every
/// account (`None`: none to list).
type Found = (
    Named,
    Option<DirectoryPrincipal>,
    Option<Result<Vec<AccountAssignment>>>,
);

/// Looks up each named principal the directory does not know yet and lists its
/// assignments, several principals at a time: the lookups and the listings are separate
/// APIs with separate rate budgets, so they overlap.
async fn list_named(
    aws: &Aws,
    instance: &InstanceArn,
    store: &IdentityStoreId,
    directory: &Directory<'_>,
    names: BTreeSet<Named>,
) -> Result<Vec<Found>> {
    let idc = aws.identity_center();
    let known: Vec<(Named, Option<Option<DirectoryPrincipal>>)> = names
        .into_iter()
        .map(|name| {
            let known = match &name {
                Named::User(user) => directory
                    .known_user(user)
                    .map(|id| id.map(DirectoryPrincipal::User)),
                Named::Group(group) => directory
                    .known_group(group)
                    .map(|id| id.map(DirectoryPrincipal::Group)),
            };
            (name, known)
        })
        .collect();
    stream::iter(known)
        .map(|(name, known)| async move {
            let principal = match (known, &name) {
                (Some(principal), _) => principal,
                (None, Named::User(user)) => idc.find_user(store, user).await?.map(DirectoryPrincipal::User),
                (None, Named::Group(group)) => {
                    idc.find_group(store, group).await?.map(DirectoryPrincipal::Group)
                }
            };
            let listed = match &principal {
                Some(principal) => Some(
                    match idc
                        .list_account_assignments_for_principal(instance, principal)
                        .await
                    {
                        // Deleted since it was looked up: it holds nothing.
                        Err(err) if err.is_not_found() => Ok(Vec::new()),
                        other => other,
                    },
                ),
                None => None,
            };
            Ok((name, principal, listed))
        })
        .buffer_unordered(LISTINGS_IN_FLIGHT)
        .try_collect()
        .await
}

/// Every assignment of the owned sets, with as few calls as the API allows.
///
/// One `ListAccountAssignmentsForPrincipal` (every page of it) per principal the specs
/// name finds their assignments in every account at once, where listing each set account
/// by account takes one `ListAccountAssignments` per (set, account): for 50 sets in 200
/// accounts, 1,100 listings instead of 10,000. Someone else's principal may hold an owned
/// set too (an assignment belongs to the set's owner, whoever made it), so each owned
/// set's `ListAccountsForProvisionedPermissionSet` is read, and an account the set is
/// provisioned to where no named principal holds it is listed with `ListAccountAssignments`.
/// What this cannot see is another principal's assignment in an account where a named
/// principal holds the same set; AWS then refuses the set's deletion (still assigned) and
/// the re-run, where no named principal holds the set in that account any more, lists the
/// account and deletes the rest. When the listing by principal is refused (it is served to
/// the management account only), every owned set is listed account by account.
async fn owned_assignments(
    aws: &Aws,
    instance: &InstanceArn,
    store: &IdentityStoreId,
    owned: &BTreeMap<PermissionSetArn, PermissionSetName>,
    directory: &mut Directory<'_>,
    specs: &[&IdentityCenterSpec],
) -> Result<BTreeMap<PermissionSetArn, Vec<AccountAssignment>>> {
    let mut found: BTreeMap<PermissionSetArn, BTreeSet<AccountAssignment>> = BTreeMap::new();
    if owned.is_empty() {
        return Ok(BTreeMap::new());
    }
    let listed = list_named(aws, instance, store, directory, named(specs)).await?;
    let mut refused = None;
    for (name, principal, listing) in listed {
        match name {
            Named::User(user) => directory.remember_user(
                user,
                match principal {
                    Some(DirectoryPrincipal::User(id)) => Some(id),
                    _ => None,
                },
            ),
            Named::Group(group) => directory.remember_group(
                group,
                match principal {
                    Some(DirectoryPrincipal::Group(id)) => Some(id),
                    _ => None,
                },
            ),
        }
        match listing {
            Some(Ok(assignments)) => {
                for assignment in assignments {
                    if owned.contains_key(&assignment.permission_set_arn) {
                        found
                            .entry(assignment.permission_set_arn.clone())
                            .or_default()
                            .insert(assignment);
                    }
                }
            }
            // Refused (not the management account): list by account instead.
            Some(Err(error)) if matches!(error.root_cause(), Error::AccessDenied { .. }) => {
                refused = Some(error);
            }
            Some(Err(error)) => return Err(error),
            None => {}
        }
    }
    let idc = aws.identity_center();
    if let Some(error) = refused {
        tracing::debug!(%error, "listing by principal refused; listing each owned set by account");
        let mut all = BTreeMap::new();
        for set in owned.keys() {
            all.insert(set.clone(), assignments_of(aws, instance, set).await?);
        }
        return Ok(all);
    }
    for set in owned.keys() {
        let mut accounts = idc
            .list_accounts_for_provisioned_permission_set(instance, set, ProvisionedAccounts::All)
            .await?;
        accounts.sort();
        let held = found.entry(set.clone()).or_default();
        let unexplained: Vec<AccountId> = accounts
            .into_iter()
            .filter(|account| !held.iter().any(|a| &a.account_id == account))
            .collect();
        for account in unexplained {
            held.extend(idc.list_account_assignments(instance, &account, set).await?);
        }
    }
    Ok(found
        .into_iter()
        .map(|(set, assignments)| (set, assignments.into_iter().collect()))
        .collect())
}

/// The (set name, principal, account) triples the specs name, with principal IDs for the
/// principals that exist.
async fn wanted_assignments(
    directory: &mut Directory<'_>,
    specs: &[&IdentityCenterSpec],
) -> Result<BTreeSet<(String, DirectoryPrincipal, String)>> {
    let mut wanted = BTreeSet::new();
    for spec in specs {
        for assignment in spec.assignments() {
            let principal: Option<DirectoryPrincipal> = match assignment.principal() {
                super::AssignmentPrincipal::Group(name) => directory.group(name).await?.map(Into::into),
                super::AssignmentPrincipal::User(name) => directory.user(name).await?.map(Into::into),
            };
            let Some(principal) = principal else { continue };
            for account in assignment.accounts() {
                wanted.insert((
                    assignment.permission_set().as_str().to_lowercase(),
                    principal.clone(),
                    account.as_str().to_owned(),
                ));
            }
        }
    }
    Ok(wanted)
}

/// Plans the deletions `scope` asks for, of what `owner` owns, for `specs` (the sections of
/// one spec that share an instance: what any of them names is kept). Reads only.
///
/// # Errors
/// The instance cannot be found; backend errors from the reads.
pub(crate) async fn plan(
    aws: &Aws,
    specs: &[&IdentityCenterSpec],
    owner: &SpecName,
    scope: Scope,
) -> Result<Plan> {
    let mut plan = Plan::default();
    let Some(first) = specs.first() else {
        return Ok(plan);
    };
    // Selectors (OUs, tags) become account IDs, so a prune compares like with like.
    let mut resolved = Vec::with_capacity(specs.len());
    for spec in specs {
        resolved.push(match crate::organization::resolve_assignments(aws, spec).await? {
            Some(r) if scope == Scope::Prune => r.spec,
            _ => (*spec).clone(),
        });
    }
    let specs: Vec<&IdentityCenterSpec> = resolved.iter().collect();
    let instance = first.instance().discover(aws).await?;
    let (arn, store) = (&instance.arn, &instance.identity_store_id);
    let mut directory = Directory::new(aws, store);
    let max_outstanding = specs
        .iter()
        .map(|s| s.max_outstanding_assignments())
        .min()
        .unwrap_or(MAX_OUTSTANDING);

    // What is deleted, keyed so the plan lists it sorted.
    let mut doomed: BTreeMap<PermissionSetArn, BTreeSet<AccountAssignment>> = BTreeMap::new();
    let mut sets_to_delete: Vec<PermissionSetArn> = Vec::new();

    let owned = if aws.emulator_gaps().permission_set_tags {
        // Without tags nothing proves a set is this spec's: none is touched.
        plan.findings.push(Finding {
            id: "permission-set-ownership-unreadable".into(),
            status: FindingStatus::Unknown,
            severity: FindingSeverity::Informational,
            title: "Permission sets left as they are".into(),
            evidence: "this backend cannot read permission set tags, so no set (nor its assignments) can be \
                       shown to be this spec's"
                .into(),
            cis: Vec::new(),
            prowler: Vec::new(),
            cis_controls: Vec::new(),
        });
        BTreeMap::new()
    } else {
        owned_sets(aws, arn, owner).await?
    };
    let named: BTreeSet<String> = specs
        .iter()
        .flat_map(|s| {
            s.permission_sets()
                .iter()
                .map(|p| p.name().as_str().to_lowercase())
        })
        .collect();
    let wanted = if scope == Scope::Prune {
        wanted_assignments(&mut directory, &specs).await?
    } else {
        BTreeSet::new()
    };
    if scope != Scope::Removals {
        let mut existing = owned_assignments(aws, arn, store, &owned, &mut directory, &specs).await?;
        for (set_arn, name) in &owned {
            let key = name.as_str().to_lowercase();
            let delete_set = scope == Scope::Destroy || !named.contains(&key);
            let existing = existing.remove(set_arn).unwrap_or_default();
            let going: BTreeSet<AccountAssignment> = existing
                .into_iter()
                .filter(|a| {
                    delete_set
                        || !wanted.contains(&(
                            key.clone(),
                            a.principal.clone(),
                            a.account_id.as_str().to_owned(),
                        ))
                })
                .collect();
            if !going.is_empty() {
                doomed.entry(set_arn.clone()).or_default().extend(going);
            }
            if delete_set {
                sets_to_delete.push(set_arn.clone());
            }
        }
    }

    // Users and groups listed for removal: their assignments of owned sets go first.
    let mut user_deletions = Vec::new();
    let mut group_deletions = Vec::new();
    for spec in &specs {
        for user in spec.remove_users() {
            if let Some(id) = directory.user(user).await? {
                user_deletions.push(C::DeleteUser {
                    identity_store_id: store.clone(),
                    user: user.clone(),
                    user_id: id.clone(),
                });
                doom_principal(aws, arn, &owned, DirectoryPrincipal::User(id), &mut doomed).await?;
            }
        }
        for group in spec.remove_groups() {
            if let Some(id) = directory.group(group).await? {
                group_deletions.push(C::DeleteGroup {
                    identity_store_id: store.clone(),
                    group: group.clone(),
                    group_id: id.clone(),
                });
                doom_principal(aws, arn, &owned, DirectoryPrincipal::Group(id), &mut doomed).await?;
            }
        }
    }

    // Listed by set name, as the plan reads best (the map is by ARN).
    let mut batches: Vec<(PermissionSetName, PermissionSetArn, BTreeSet<AccountAssignment>)> = doomed
        .into_iter()
        .filter_map(|(set_arn, assignments)| Some((owned.get(&set_arn)?.clone(), set_arn, assignments)))
        .collect();
    batches.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    for (name, set_arn, assignments) in batches {
        plan.changes.push(
            C::DeleteAccountAssignments {
                instance_arn: arn.clone(),
                permission_set: PermissionSetRef {
                    name,
                    arn: Some(set_arn),
                },
                assignments: assignments.into_iter().collect(),
                max_outstanding,
            }
            .into(),
        );
    }
    if scope != Scope::Removals {
        for change in member_removals(aws, &mut directory, store, &specs, scope).await? {
            plan.changes.push(change.into());
        }
    }
    sets_to_delete.sort_by(|a, b| {
        owned
            .get(a)
            .map(PermissionSetName::as_str)
            .cmp(&owned.get(b).map(PermissionSetName::as_str))
    });
    for set_arn in sets_to_delete {
        if let Some(name) = owned.get(&set_arn) {
            plan.changes.push(
                C::DeletePermissionSet {
                    instance_arn: arn.clone(),
                    permission_set: PermissionSetRef {
                        name: name.clone(),
                        arn: Some(set_arn),
                    },
                }
                .into(),
            );
        }
    }
    plan.changes.extend(group_deletions.into_iter().map(Into::into));
    plan.changes.extend(user_deletions.into_iter().map(Into::into));
    if scope == Scope::Destroy {
        note_kept_directory(&mut plan, &specs);
    }
    Ok(plan)
}

/// Adds the principal's assignments of owned sets to `doomed`.
pub(super) async fn doom_principal(
    aws: &Aws,
    instance: &InstanceArn,
    owned: &BTreeMap<PermissionSetArn, PermissionSetName>,
    principal: DirectoryPrincipal,
    doomed: &mut BTreeMap<PermissionSetArn, BTreeSet<AccountAssignment>>,
) -> Result<()> {
    if owned.is_empty() {
        return Ok(());
    }
    let idc = aws.identity_center();
    let assignments = match idc
        .list_account_assignments_for_principal(instance, &principal)
        .await
    {
        Ok(listed) => listed,
        // Refused (not the management account): every owned set, account by account.
        Err(error) if !error.is_not_found() => {
            tracing::debug!(%error, "listing by principal refused; listing each owned set");
            let mut all = Vec::new();
            for set in owned.keys() {
                all.extend(
                    assignments_of(aws, instance, set)
                        .await?
                        .into_iter()
                        .filter(|a| a.principal == principal),
                );
            }
            all
        }
        Err(_) => Vec::new(),
    };
    for assignment in assignments {
        if owned.contains_key(&assignment.permission_set_arn) {
            doomed
                .entry(assignment.permission_set_arn.clone())
                .or_default()
                .insert(assignment);
        }
    }
    Ok(())
}

/// Memberships to delete in the groups the specs list: a prune removes members no spec
/// lists; a destroy removes the members the specs list.
async fn member_removals(
    aws: &Aws,
    directory: &mut Directory<'_>,
    store: &IdentityStoreId,
    specs: &[&IdentityCenterSpec],
    scope: Scope,
) -> Result<Vec<C>> {
    let idc = aws.identity_center();
    let mut members: BTreeMap<DirectoryGroupName, BTreeSet<DirectoryUserId>> = BTreeMap::new();
    for spec in specs {
        for group in spec.groups() {
            let listed = members.entry(group.name().clone()).or_default();
            for user in group.members() {
                if let Some(id) = directory.user(user).await? {
                    listed.insert(id);
                }
            }
        }
    }
    let names = directory.known_user_names();
    let mut removals: Vec<(DirectoryGroupName, String, String)> = Vec::new();
    for (group, listed) in members {
        let Some(group_id) = directory.group(&group).await? else {
            continue;
        };
        for member in idc.list_group_memberships(store, &group_id).await? {
            let goes = match scope {
                Scope::Destroy => listed.contains(&member.user_id),
                Scope::Prune => !listed.contains(&member.user_id),
                Scope::Removals => false,
            };
            if !goes {
                continue;
            }
            // The spec's users were looked up by name: only a stranger needs reading.
            let user = match names.get(&member.user_id) {
                Some(name) => name.to_string(),
                None => idc
                    .describe_user(store, &member.user_id)
                    .await?
                    .map_or_else(|| member.user_id.to_string(), |u| u.user_name),
            };
            removals.push((group.clone(), user, member.membership_id));
        }
    }
    // By group, then user name (membership IDs say nothing to a reader).
    removals.sort();
    Ok(removals
        .into_iter()
        .map(|(group, user, membership_id)| C::RemoveGroupMember {
            identity_store_id: store.clone(),
            group,
            user,
            membership_id,
        })
        .collect())
}

/// A destroy leaves the users and groups the specs create (nothing proves the store's
/// users are the spec's): a manual step names them, and how to delete them.
fn note_kept_directory(plan: &mut Plan, specs: &[&IdentityCenterSpec]) {
    let users: Vec<String> = specs
        .iter()
        .flat_map(|s| s.users().iter().map(|u| u.user_name().to_string()))
        .collect();
    let groups: Vec<String> = specs
        .iter()
        .flat_map(|s| s.groups().iter().map(|g| g.name().to_string()))
        .collect();
    if users.is_empty() && groups.is_empty() {
        return;
    }
    plan.manual_steps.push(ManualStep {
        id: "identity-store-kept".into(),
        title: "Identity-store users and groups the spec names are left in place".into(),
        instructions: vec![
            format!(
                "The identity store cannot tag users or groups, so a destroy does not delete users ({}) or groups ({}).",
                users.join(", "),
                groups.join(", ")
            ),
            "To delete them, move them to the spec's remove_users / remove_groups and plan again.".into(),
        ],
        verification: "GetUserId / GetGroupId find them until they are removed".into(),
    });
}

/// Deletes the assignments, at most `max_outstanding` in flight, each polled to a terminal
/// state. An assignment already gone counts as deleted. Returns the first failure (with the
/// service's reason) after every started deletion has settled.
pub(super) async fn delete_assignments(
    aws: &Aws,
    instance: &InstanceArn,
    assignments: &[AccountAssignment],
    max_outstanding: u8,
) -> Result<()> {
    let limit = usize::from(max_outstanding.clamp(1, MAX_OUTSTANDING));
    // Owned items, as in `assignment::create_all`: a stream over borrowed ones makes the
    // apply future's `Send` bound higher-ranked, which the compiler cannot prove.
    let results: Vec<Result<()>> = stream::iter(assignments.to_vec())
        .map(|assignment| async move { delete_one(aws, instance, &assignment).await })
        .buffer_unordered(limit)
        .collect()
        .await;
    let mut first_error = None;
    for err in results.into_iter().filter_map(Result::err) {
        tracing::warn!(error = %err, "account assignment deletion failed");
        first_error.get_or_insert(err);
    }
    first_error.map_or(Ok(()), Err)
}

async fn delete_one(aws: &Aws, instance: &InstanceArn, assignment: &AccountAssignment) -> Result<()> {
    let idc = aws.identity_center();
    let status = match idc.delete_account_assignment(instance, assignment).await {
        Err(err) if err.is_not_found() => return Ok(()),
        other => other?,
    };
    let what = format!(
        "the deletion of the account assignment in {}",
        assignment.account_id
    );
    poll::settle(
        aws,
        Operation::DeleteAccountAssignment,
        &what,
        status,
        |request_id| async move {
            idc.describe_account_assignment_deletion_status(instance, &request_id)
                .await
        },
    )
    .await
}

/// Deletes the set (its assignments were deleted by an earlier stage). Already gone is done.
pub(super) async fn delete_permission_set(
    aws: &Aws,
    instance: &InstanceArn,
    set: &PermissionSetRef,
) -> Result<()> {
    let Some(arn) = &set.arn else {
        // A set the plan did not see cannot be the spec's (retirement plans carry ARNs).
        return Ok(());
    };
    gone_is_done(aws.identity_center().delete_permission_set(instance, arn).await)
}
