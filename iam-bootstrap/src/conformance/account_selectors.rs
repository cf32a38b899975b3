//! Account selectors on the organization [`build_tree`] makes: each form resolves to the
//! ACTIVE accounts it reaches, reports the others, refuses unknown OUs and tags by name,
//! and an assignment to selected accounts converges.

use std::collections::BTreeSet;

use super::organizations::{BuiltTree, PROD_ACCOUNTS, build_tree};
use super::{Check, Failure, ensure, ensure_eq, unique};
use crate::error::{Error, PreconditionReason, ResourceKind};
use crate::names::AccountId;
use crate::organization::{AccountSelectorBuilder, OrganizationReader, SelectorResolution};
use crate::{AssignmentSpec, Aws, DirectoryGroupSpec, IdentityCenterSpec, PermissionSetSpec};

fn set(ids: &[AccountId]) -> BTreeSet<AccountId> {
    ids.iter().cloned().collect()
}

async fn resolve(aws: &Aws, selector: AccountSelectorBuilder) -> crate::Result<SelectorResolution> {
    let selector = selector.build()?;
    OrganizationReader::new(aws).resolve(&selector).await
}

fn missing(result: crate::Result<SelectorResolution>, kind: ResourceKind, name: &str) -> Check {
    match result {
        Err(Error::Precondition {
            reason: PreconditionReason::MissingReference { kind: k, name: n },
            ..
        }) if k == kind && n == name => Ok(()),
        other => Err(Failure(format!(
            "expected a missing {kind} `{name}`, got {other:?}"
        ))),
    }
}

/// Every selector form on a three-level organization of thirty accounts: an OU by path,
/// nested OUs included (Workloads: Prod, Payments, Dev), with the closed account skipped;
/// an OU by ID without nesting; a tag; the organization with an exclusion; unknown OUs and
/// tags refused by name. Reading by path costs one `ListOrganizationalUnitsForParent` per
/// level walked, then per OU of the subtree one `ListAccountsForParent` and one
/// `ListOrganizationalUnitsForParent` (none again for an OU already walked).
pub async fn account_selectors_resolve(aws: &Aws) -> Check {
    let tree: BuiltTree = build_tree(aws).await?;
    let closed_prod = tree.prod_accounts[PROD_ACCOUNTS - 1].clone();

    let before = aws.calls().total();
    let workloads = resolve(aws, AccountSelectorBuilder::ou("Root/Workloads")).await?;
    // DescribeOrganization and ListRoots; the root's and Workloads' OUs (the walk); then
    // Workloads' accounts, and the accounts and OUs of Prod, Dev and Payments.
    ensure_eq(
        aws.calls().total() - before,
        2 + 2 + 1 + 3 * 2,
        "calls to resolve an OU path",
    )?;
    ensure_eq(workloads.nested_ous, Some(3), "OUs nested under Workloads")?;
    let mut expected: BTreeSet<AccountId> = tree
        .prod_accounts
        .iter()
        .chain(&tree.payments_accounts)
        .chain(&tree.dev_accounts)
        .cloned()
        .collect();
    expected.remove(&closed_prod);
    ensure_eq(
        set(&workloads.accounts),
        expected,
        "ACTIVE accounts under Workloads",
    )?;
    ensure_eq(
        workloads.skipped.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        vec![closed_prod.clone()],
        "skipped under Workloads",
    )?;
    let shown = workloads.to_string();
    ensure(
        shown.starts_with("OU Root/Workloads (3 nested OUs) -> 26 accounts; skipped, not ACTIVE: "),
        || format!("resolution shown as {shown}"),
    )?;

    let prod_only = resolve(
        aws,
        AccountSelectorBuilder::ou(tree.prod.as_str()).recursive(false),
    )
    .await?;
    ensure_eq(prod_only.nested_ous, Some(0), "nested OUs when not recursive")?;
    ensure_eq(
        prod_only.accounts.len(),
        PROD_ACCOUNTS - 1,
        "Prod's own ACTIVE accounts",
    )?;

    let tagged = resolve(aws, AccountSelectorBuilder::tag("env=prod")).await?;
    ensure_eq(
        set(&tagged.accounts),
        tree.tagged_prod.clone(),
        "accounts tagged env=prod",
    )?;

    let everything = resolve(
        aws,
        AccountSelectorBuilder::organization().except([tree.root_account.as_str()]),
    )
    .await?;
    ensure_eq(everything.excluded, vec![tree.root_account.clone()], "excluded")?;
    ensure_eq(
        set(&everything
            .skipped
            .iter()
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()),
        tree.closed.clone(),
        "skipped in the organization",
    )?;
    // 30 members and the management account, less two closed and one excluded.
    ensure_eq(
        everything.accounts.len(),
        28,
        "ACTIVE accounts of the organization",
    )?;

    missing(
        resolve(aws, AccountSelectorBuilder::ou("Root/Workloads/Staging")).await,
        ResourceKind::OrganizationalUnit,
        "Root/Workloads/Staging",
    )?;
    let suffix = tree.prod.as_str().rsplit('-').next().unwrap_or_default();
    let absent_id = tree.prod.as_str().replace(suffix, &"0".repeat(suffix.len()));
    missing(
        resolve(aws, AccountSelectorBuilder::ou(absent_id.as_str())).await,
        ResourceKind::OrganizationalUnit,
        &absent_id,
    )?;
    missing(
        resolve(aws, AccountSelectorBuilder::tag("env=staging")).await,
        ResourceKind::AccountTag,
        "env=staging",
    )
}

/// A group assigned by selectors (Payments by path, and the accounts tagged `env=dev`)
/// gets the set in exactly those accounts; the plan shows both resolutions; a second plan
/// has no change.
pub async fn selected_accounts_are_assigned(aws: &Aws) -> Check {
    let tree = build_tree(aws).await?;
    let (group, set_name) = (unique("Payments"), unique("Deploy"));
    let spec = IdentityCenterSpec::builder()
        .group(DirectoryGroupSpec::builder(&group))
        .permission_set(
            PermissionSetSpec::builder(&set_name).managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess"),
        )
        .assignment(
            AssignmentSpec::builder(&set_name)
                .group(&group)
                .select(AccountSelectorBuilder::ou("Root/Workloads/Prod/Payments"))
                .select(AccountSelectorBuilder::tag("env=dev")),
        )
        .build()?;
    let plan = spec.plan(aws).await?;
    let shown: Vec<String> = plan.selections.iter().map(ToString::to_string).collect();
    ensure_eq(
        shown,
        vec![
            "OU Root/Workloads/Prod/Payments -> 3 accounts".to_owned(),
            "tag env=dev -> 2 accounts".to_owned(),
        ],
        "selections in the plan",
    )?;
    ensure(plan.to_string().contains("Accounts selected:"), || {
        format!("plan text: {plan}")
    })?;
    plan.apply(aws).await?;

    let again = spec.plan(aws).await?;
    ensure(again.changes.is_empty(), || format!("second plan: {again}"))?;

    let instance = crate::InstanceChoice::Only.discover(aws).await?;
    let idc = aws.identity_center();
    let mut set_arn = None;
    for arn in idc.list_permission_sets(&instance.arn).await? {
        if idc
            .describe_permission_set(&instance.arn, &arn)
            .await?
            .is_some_and(|s| s.name == set_name)
        {
            set_arn = Some(arn);
        }
    }
    let set_arn = set_arn.ok_or_else(|| Failure(format!("no permission set `{set_name}`")))?;
    let mut assigned = BTreeSet::new();
    for account in tree.members() {
        if !idc
            .list_account_assignments(&instance.arn, &account, &set_arn)
            .await?
            .is_empty()
        {
            assigned.insert(account);
        }
    }
    let expected: BTreeSet<AccountId> = tree
        .payments_accounts
        .iter()
        .chain(&tree.dev_accounts)
        .cloned()
        .collect();
    ensure_eq(assigned, expected, "accounts holding the assignment")
}
