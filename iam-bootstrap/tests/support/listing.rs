//! A read-only listing of everything a [`Bootstrap`] spec can touch, made through the client
//! traits only (so it works on the in-memory account and on moto alike), with generated IDs
//! (user, group and permission-set IDs, request IDs, timestamps) replaced by names, so two
//! accounts that went through different histories compare equal exactly when they hold the
//! same things.
//!
//! What the traits cannot list (IAM has no `ListRoles` in them) is looked up by the names
//! the spec uses; whatever can be listed in full is (permission sets, their policies, tags,
//! assignments, provisioned accounts, policy versions, inline policies, attachments).
//! [`InMemory::inventory`](iam_bootstrap::client::InMemory::inventory) counts everything
//! else on the in-memory account, and [`super::moto::contents`] lists it on moto, so
//! together they catch anything orphaned or duplicated.

use std::collections::{BTreeMap, BTreeSet};

use iam_bootstrap::client::{
    AccessKeyStatus, BoundaryRef, CredentialOwner, DirectoryPrincipalType, PasswordPolicySettings,
    ProvisionedAccounts, Tags,
};
use iam_bootstrap::names::{AccountId, Arn, DirectoryGroupName, DirectoryUserName};
use iam_bootstrap::{
    AssignmentPrincipal, Aws, Bootstrap, IdentityCenterSpec, InstanceChoice, PolicyDocument,
};

/// What to look for and how.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    pub(crate) roles: BTreeSet<String>,
    /// Customer managed policies, by (path, name).
    pub(crate) policies: BTreeSet<(String, String)>,
    pub(crate) users: BTreeSet<String>,
    pub(crate) groups: BTreeSet<String>,
    pub(crate) accounts: BTreeSet<String>,
    /// Whether to list permission-set tags, boundaries and provisioned accounts. Off on
    /// moto: it answers HTTP 500 to the tag and boundary reads, and it records only explicit
    /// provisioning (not what an assignment provisions), so two accounts holding the same
    /// things list different provisioned accounts after different histories. The in-memory
    /// sweeps and ownership tests list all three.
    pub(crate) sso_extras: bool,
    /// Whether the caller's own access keys are the root user's (an in-memory root caller).
    pub(crate) root_keys: bool,
}

impl Scope {
    /// Every name `spec` uses.
    pub(crate) fn of(spec: &Bootstrap) -> Self {
        let mut scope = Scope {
            sso_extras: true,
            ..Scope::default()
        };
        for role in spec.roles() {
            scope.roles.insert(role.name().to_string());
            for policy in role.customer_policies() {
                scope
                    .policies
                    .insert((policy.path.to_string(), policy.name.to_string()));
            }
        }
        let mut idc: Vec<&IdentityCenterSpec> = Vec::new();
        if let Some(admin) = &spec.admin {
            idc.push(admin.spec());
        }
        if let Some(extra) = &spec.identity_center {
            idc.push(extra);
        }
        for section in idc {
            scope
                .users
                .extend(section.users().iter().map(|u| u.user_name().to_string()));
            scope
                .groups
                .extend(section.groups().iter().map(|g| g.name().to_string()));
            for assignment in section.assignments() {
                scope
                    .accounts
                    .extend(assignment.accounts().iter().map(ToString::to_string));
                match assignment.principal() {
                    AssignmentPrincipal::Group(g) => scope.groups.insert(g.to_string()),
                    AssignmentPrincipal::User(u) => scope.users.insert(u.to_string()),
                };
            }
        }
        scope
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleListing {
    pub(crate) path: String,
    pub(crate) description: Option<String>,
    pub(crate) max_session_duration: u32,
    pub(crate) trust: String,
    pub(crate) boundary: Option<String>,
    pub(crate) tags: Tags,
    pub(crate) attached: BTreeSet<String>,
    pub(crate) inline: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PolicyListing {
    pub(crate) path: String,
    pub(crate) tags: Tags,
    pub(crate) default_version: String,
    /// (version ID, default?, document)
    pub(crate) versions: Vec<(String, bool, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PermissionSetListing {
    pub(crate) description: Option<String>,
    pub(crate) session_duration: Option<String>,
    pub(crate) relay_state: Option<String>,
    pub(crate) managed: BTreeSet<String>,
    pub(crate) customer: BTreeSet<(String, String)>,
    pub(crate) inline: Option<String>,
    pub(crate) boundary: Option<String>,
    pub(crate) tags: Option<Tags>,
    pub(crate) provisioned: BTreeSet<String>,
}

/// Everything, IDs replaced by names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listing {
    pub(crate) password_policy: Option<PasswordPolicySettings>,
    pub(crate) aliases: Vec<String>,
    pub(crate) root_access_keys: Option<Vec<(String, AccessKeyStatus)>>,
    pub(crate) roles: BTreeMap<String, Option<RoleListing>>,
    pub(crate) policies: BTreeMap<String, Option<PolicyListing>>,
    /// user name → (display, given, family, email), `None` when absent.
    pub(crate) users: BTreeMap<String, Option<[Option<String>; 4]>>,
    /// group name → its members among the scope's users, `None` when absent.
    pub(crate) groups: BTreeMap<String, Option<BTreeSet<String>>>,
    /// Every permission set in the instance, by name (a duplicate name gets a `#2` suffix).
    pub(crate) permission_sets: BTreeMap<String, PermissionSetListing>,
    /// (account, permission set, principal type, principal) for every set and scope account.
    pub(crate) assignments: BTreeSet<(String, String, String, String)>,
}

/// A document as the library would write it (so encodings and spacing do not matter).
fn normal(document: &str) -> String {
    PolicyDocument::from_json(document)
        .map(|d| d.to_json())
        .unwrap_or_else(|e| format!("unparsable ({e}): {document}"))
}

/// Lists everything in `scope` through `aws` (reads only).
pub(crate) async fn list(aws: &Aws, scope: &Scope) -> iam_bootstrap::Result<Listing> {
    let iam = aws.iam();
    let account = AccountId::new(iam.caller_identity().await?.account)?;
    let root_access_keys = if scope.root_keys {
        let mut keys: Vec<(String, AccessKeyStatus)> = iam
            .list_access_keys(&CredentialOwner::Caller)
            .await?
            .into_iter()
            .map(|k| (k.id, k.status))
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        Some(keys)
    } else {
        None
    };
    let mut roles = BTreeMap::new();
    for name in &scope.roles {
        let role_name = iam_bootstrap::names::RoleName::new(name.clone())?;
        let listing = match iam.get_role(&role_name).await? {
            None => None,
            Some(role) => {
                let attached = iam
                    .list_attached_role_policies(&role_name)
                    .await?
                    .into_iter()
                    .map(|a| a.arn.to_string())
                    .collect();
                let mut inline = BTreeMap::new();
                for policy in iam.list_role_policies(&role_name).await? {
                    let document = iam.get_role_policy(&role_name, &policy).await?;
                    inline.insert(policy, document.as_deref().map(normal).unwrap_or_default());
                }
                Some(RoleListing {
                    path: role.path.to_string(),
                    description: role.description,
                    max_session_duration: role.max_session_duration,
                    trust: normal(&role.assume_role_policy),
                    boundary: role.permissions_boundary.map(|b| b.to_string()),
                    tags: role.tags,
                    attached,
                    inline,
                })
            }
        };
        roles.insert(name.clone(), listing);
    }
    let mut policies = BTreeMap::new();
    for (path, name) in &scope.policies {
        let arn = Arn::customer_policy(
            &account,
            &iam_bootstrap::names::IamPath::new(path.clone())?,
            &iam_bootstrap::names::PolicyName::new(name.clone())?,
        );
        let listing = match iam.get_policy(&arn).await? {
            None => None,
            Some(policy) => {
                let mut versions = Vec::new();
                for version in iam.list_policy_versions(&arn).await? {
                    let document = iam
                        .get_policy_version(&arn, &version.version_id)
                        .await?
                        .and_then(|v| v.document)
                        .map(|d| normal(&d))
                        .unwrap_or_default();
                    versions.push((version.version_id, version.is_default, document));
                }
                versions.sort();
                Some(PolicyListing {
                    path: policy.path,
                    tags: policy.tags,
                    default_version: policy.default_version_id,
                    versions,
                })
            }
        };
        policies.insert(format!("{path}{name}"), listing);
    }

    let mut listing = Listing {
        password_policy: iam.get_password_policy().await?,
        aliases: iam.list_account_aliases().await?,
        root_access_keys,
        roles,
        policies,
        users: BTreeMap::new(),
        groups: BTreeMap::new(),
        permission_sets: BTreeMap::new(),
        assignments: BTreeSet::new(),
    };
    if scope.users.is_empty() && scope.groups.is_empty() && scope.accounts.is_empty() {
        return Ok(listing);
    }

    let idc = aws.identity_center();
    let instance = InstanceChoice::Only.discover(aws).await?;
    let store = &instance.identity_store_id;
    // Generated ID → name, for the principals of assignments.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut user_ids = BTreeMap::new();
    for user in &scope.users {
        let entry = match idc
            .find_user(store, &DirectoryUserName::new(user.as_str())?)
            .await?
        {
            None => None,
            Some(id) => {
                names.insert(id.to_string(), format!("user:{user}"));
                user_ids.insert(user.clone(), id.clone());
                idc.describe_user(store, &id)
                    .await?
                    .map(|u| [u.display_name, u.given_name, u.family_name, u.email])
            }
        };
        listing.users.insert(user.clone(), entry);
    }
    for group in &scope.groups {
        let entry = match idc
            .find_group(store, &DirectoryGroupName::new(group.as_str())?)
            .await?
        {
            None => None,
            Some(id) => {
                names.insert(id.to_string(), format!("group:{group}"));
                let mut members = BTreeSet::new();
                for (user, user_id) in &user_ids {
                    if idc.find_group_membership(store, &id, user_id).await?.is_some() {
                        members.insert(user.clone());
                    }
                }
                Some(members)
            }
        };
        listing.groups.insert(group.clone(), entry);
    }

    let accounts: Vec<AccountId> = scope
        .accounts
        .iter()
        .map(|a| AccountId::new(a.clone()))
        .collect::<Result<_, _>>()?;
    for arn in idc.list_permission_sets(&instance.arn).await? {
        let Some(set) = idc.describe_permission_set(&instance.arn, &arn).await? else {
            continue;
        };
        let (boundary, tags, provisioned) = if scope.sso_extras {
            let boundary = idc
                .get_permissions_boundary(&instance.arn, &arn)
                .await?
                .map(|b| match b {
                    BoundaryRef::Managed(arn) => arn,
                    BoundaryRef::Customer(r) => format!("{}{}", r.path, r.name),
                });
            let provisioned = idc
                .list_accounts_for_provisioned_permission_set(&instance.arn, &arn, ProvisionedAccounts::All)
                .await?
                .into_iter()
                .map(|a| a.to_string())
                .collect();
            (
                boundary,
                Some(idc.list_tags(&instance.arn, &arn).await?),
                provisioned,
            )
        } else {
            (None, None, BTreeSet::new())
        };
        let entry = PermissionSetListing {
            description: set.description,
            session_duration: set.session_duration,
            relay_state: set.relay_state,
            managed: idc
                .list_managed_policies(&instance.arn, &arn)
                .await?
                .into_iter()
                .collect(),
            customer: idc
                .list_customer_policy_refs(&instance.arn, &arn)
                .await?
                .into_iter()
                .map(|r| (r.path, r.name))
                .collect(),
            inline: idc
                .get_inline_policy(&instance.arn, &arn)
                .await?
                .as_deref()
                .map(normal),
            boundary,
            tags,
            provisioned,
        };
        for account in &accounts {
            for a in idc.list_account_assignments(&instance.arn, account, &arn).await? {
                let principal = names
                    .get(a.principal.as_str())
                    .cloned()
                    .unwrap_or_else(|| format!("unknown:{}", a.principal.as_str()));
                let kind = match a.principal.principal_type() {
                    DirectoryPrincipalType::User => "USER",
                    DirectoryPrincipalType::Group => "GROUP",
                };
                listing.assignments.insert((
                    a.account_id.to_string(),
                    set.name.clone(),
                    kind.to_owned(),
                    principal,
                ));
            }
        }
        let mut key = set.name.clone();
        let mut n = 1;
        while listing.permission_sets.contains_key(&key) {
            n += 1;
            key = format!("{}#{n}", set.name);
        }
        listing.permission_sets.insert(key, entry);
    }
    Ok(listing)
}
