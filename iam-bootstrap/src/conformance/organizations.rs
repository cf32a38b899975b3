//! Organizations scenarios: an organization with three levels of OUs and thirty member
//! accounts (some suspended, some tagged) is built through [`OrganizationsApi`] calls, then
//! read back. Its Prod OU holds more accounts, and its Sandbox OU more child OUs, than one
//! page of moto's listings (20), so a backend that stops at the first page fails.
//!
//! [`OrganizationsApi`]: crate::client::OrganizationsApi

use std::collections::BTreeSet;

use super::{Check, Failure, ensure, ensure_eq, unique};
use crate::Aws;
use crate::client::{
    AccountState, CreateAccountState, FeatureSet, NewAccount, OrganizationResource, ParentId, Tags,
};
use crate::names::{AccountEmail, AccountId, AccountName, OuId, OuName};

/// Accounts directly in Workloads/Prod: more than one page of moto's listing.
pub(crate) const PROD_ACCOUNTS: usize = 22;
/// Child OUs of Sandbox: more than one page of moto's listing.
pub(crate) const SANDBOX_TEAMS: usize = 21;
/// The service the scenario delegates (moto delegates it; it does not delegate `sso`).
const DELEGATED_SERVICE: &str = "access-analyzer.amazonaws.com";

/// The organization the scenarios build, by ID.
#[derive(Debug, Clone)]
pub(crate) struct BuiltTree {
    pub(crate) root: ParentId,
    pub(crate) workloads: OuId,
    pub(crate) prod: OuId,
    pub(crate) payments: OuId,
    pub(crate) dev: OuId,
    pub(crate) sandbox: OuId,
    /// Accounts in Workloads/Prod, in creation order.
    pub(crate) prod_accounts: Vec<AccountId>,
    /// Accounts in Workloads/Prod/Payments.
    pub(crate) payments_accounts: Vec<AccountId>,
    /// Accounts in Workloads/Dev.
    pub(crate) dev_accounts: Vec<AccountId>,
    /// Accounts in Sandbox.
    pub(crate) sandbox_accounts: Vec<AccountId>,
    /// The member account left directly under the root.
    pub(crate) root_account: AccountId,
    /// Accounts tagged `env=prod` (the first five of Prod and every Payments account).
    pub(crate) tagged_prod: BTreeSet<AccountId>,
    /// Closed accounts (one of Prod, one of Sandbox): no longer ACTIVE.
    pub(crate) closed: BTreeSet<AccountId>,
}

impl BuiltTree {
    /// Every member account the scenario created.
    pub(crate) fn members(&self) -> BTreeSet<AccountId> {
        self.prod_accounts
            .iter()
            .chain(&self.payments_accounts)
            .chain(&self.dev_accounts)
            .chain(&self.sandbox_accounts)
            .chain(std::iter::once(&self.root_account))
            .cloned()
            .collect()
    }
}

async fn new_ou(aws: &Aws, parent: &ParentId, name: &str) -> Result<OuId, Failure> {
    let ou = aws
        .organizations()
        .create_organizational_unit(parent, &OuName::new(name)?, &Tags::new())
        .await?;
    Ok(ou.id)
}

/// Creates an account (polled until it exists) and moves it under `parent`.
async fn new_account(
    aws: &Aws,
    run: &str,
    n: usize,
    root: &ParentId,
    parent: &ParentId,
) -> Result<AccountId, Failure> {
    let orgs = aws.organizations();
    let request = NewAccount {
        name: AccountName::new(format!("{run}-{n:02}"))?,
        email: AccountEmail::new(format!("{run}-{n:02}@example.com"))?,
        role_name: None,
        tags: Tags::new(),
    };
    let mut status = orgs.create_account(&request).await?;
    // Both backends settle within a few polls; no clock is involved.
    for _ in 0..10 {
        if status.state != CreateAccountState::InProgress {
            break;
        }
        status = orgs.describe_create_account_status(&status.request_id).await?;
    }
    ensure_eq(
        status.state,
        CreateAccountState::Succeeded,
        "CreateAccount status",
    )?;
    let id = status
        .account_id
        .ok_or_else(|| Failure("a SUCCEEDED creation names no account".into()))?;
    if parent != root {
        orgs.move_account(&id, root, parent).await?;
    }
    Ok(id)
}

/// Creates `count` accounts in `parent`, numbering them on from `n`.
async fn place(
    aws: &Aws,
    run: &str,
    n: &mut usize,
    count: usize,
    root: &ParentId,
    parent: &OuId,
) -> Result<Vec<AccountId>, Failure> {
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        *n += 1;
        ids.push(new_account(aws, run, *n, root, &ParentId::Ou(parent.clone())).await?);
    }
    Ok(ids)
}

/// Builds the organization: Root / {Workloads / {Prod / Payments, Dev}, Sandbox / team-NN}
/// with 30 member accounts, tags and two closed accounts.
pub(crate) async fn build_tree(aws: &Aws) -> Result<BuiltTree, Failure> {
    let orgs = aws.organizations();
    if orgs.describe_organization().await?.is_none() {
        orgs.create_organization(FeatureSet::All).await?;
    }
    let roots = orgs.list_roots().await?;
    ensure_eq(roots.len(), 1, "roots")?;
    let root = ParentId::Root(roots[0].id.clone());

    let workloads = new_ou(aws, &root, "Workloads").await?;
    let prod = new_ou(aws, &ParentId::Ou(workloads.clone()), "Prod").await?;
    let payments = new_ou(aws, &ParentId::Ou(prod.clone()), "Payments").await?;
    let dev = new_ou(aws, &ParentId::Ou(workloads.clone()), "Dev").await?;
    let sandbox = new_ou(aws, &root, "Sandbox").await?;
    for team in 0..SANDBOX_TEAMS {
        new_ou(aws, &ParentId::Ou(sandbox.clone()), &format!("team-{team:02}")).await?;
    }

    let run = unique("org");
    let mut n = 0;
    let prod_accounts = place(aws, &run, &mut n, PROD_ACCOUNTS, &root, &prod).await?;
    let payments_accounts = place(aws, &run, &mut n, 3, &root, &payments).await?;
    let dev_accounts = place(aws, &run, &mut n, 2, &root, &dev).await?;
    let sandbox_accounts = place(aws, &run, &mut n, 2, &root, &sandbox).await?;
    let root_account = new_account(aws, &run, 30, &root, &root).await?;

    let env = |value: &str| -> Tags { [("env".to_owned(), value.to_owned())].into() };
    let mut tagged_prod = BTreeSet::new();
    for id in prod_accounts.iter().take(5).chain(&payments_accounts) {
        orgs.tag_resource(&OrganizationResource::Account(id.clone()), &env("prod"))
            .await?;
        tagged_prod.insert(id.clone());
    }
    for id in &dev_accounts {
        orgs.tag_resource(&OrganizationResource::Account(id.clone()), &env("dev"))
            .await?;
    }
    let closed: BTreeSet<AccountId> = [
        prod_accounts[PROD_ACCOUNTS - 1].clone(),
        sandbox_accounts[1].clone(),
    ]
    .into();
    for id in &closed {
        orgs.close_account(id).await?;
    }
    Ok(BuiltTree {
        root,
        workloads,
        prod,
        payments,
        dev,
        sandbox,
        prod_accounts,
        payments_accounts,
        dev_accounts,
        sandbox_accounts,
        root_account,
        tagged_prod,
        closed,
    })
}

fn ids<'a>(accounts: impl IntoIterator<Item = &'a crate::client::Account>) -> BTreeSet<AccountId> {
    accounts.into_iter().map(|a| a.id.clone()).collect()
}

/// The organization reads back as built: OUs per parent (Sandbox's 21 over two pages),
/// accounts per parent (Prod's 22 over two pages), every account in `ListAccounts`,
/// closed accounts no longer ACTIVE, tags per account, a delegated administrator and
/// trusted access.
pub async fn organization_tree_reads_back(aws: &Aws) -> Check {
    let tree = build_tree(aws).await?;
    let orgs = aws.organizations();
    let org = orgs
        .describe_organization()
        .await?
        .ok_or_else(|| Failure("no organization after CreateOrganization".into()))?;
    ensure_eq(org.feature_set, FeatureSet::All, "feature set")?;

    let names = |ous: Vec<crate::client::OrganizationalUnit>| -> BTreeSet<String> {
        ous.into_iter().map(|o| o.name).collect()
    };
    ensure_eq(
        names(orgs.list_organizational_units_for_parent(&tree.root).await?),
        ["Sandbox".to_owned(), "Workloads".to_owned()].into(),
        "OUs under the root",
    )?;
    ensure_eq(
        names(
            orgs.list_organizational_units_for_parent(&ParentId::Ou(tree.workloads.clone()))
                .await?,
        ),
        ["Dev".to_owned(), "Prod".to_owned()].into(),
        "OUs under Workloads",
    )?;
    let payments = orgs
        .list_organizational_units_for_parent(&ParentId::Ou(tree.prod.clone()))
        .await?;
    ensure_eq(
        payments.iter().map(|o| o.id.clone()).collect::<Vec<_>>(),
        vec![tree.payments.clone()],
        "the third level (Payments under Prod)",
    )?;
    ensure_eq(
        orgs.list_organizational_units_for_parent(&ParentId::Ou(tree.sandbox.clone()))
            .await?
            .len(),
        SANDBOX_TEAMS,
        "OUs under Sandbox (more than one page)",
    )?;

    let in_prod = orgs
        .list_accounts_for_parent(&ParentId::Ou(tree.prod.clone()))
        .await?;
    ensure_eq(
        ids(&in_prod),
        tree.prod_accounts.iter().cloned().collect(),
        "accounts in Prod (more than one page)",
    )?;
    for (parent, expected) in [
        (&tree.payments, &tree.payments_accounts),
        (&tree.dev, &tree.dev_accounts),
        (&tree.sandbox, &tree.sandbox_accounts),
    ] {
        let found = orgs
            .list_accounts_for_parent(&ParentId::Ou(parent.clone()))
            .await?;
        ensure_eq(
            ids(&found),
            expected.iter().cloned().collect(),
            &format!("accounts in {parent}"),
        )?;
    }
    ensure(
        orgs.list_accounts_for_parent(&ParentId::Ou(tree.workloads.clone()))
            .await?
            .is_empty(),
        || "ListAccountsForParent is not recursive: Workloads holds no account itself".into(),
    )?;
    let under_root = ids(&orgs.list_accounts_for_parent(&tree.root).await?);
    ensure(
        under_root.contains(&tree.root_account) && under_root.contains(&org.management_account_id),
        || format!("accounts under the root: {under_root:?}"),
    )?;

    let all = orgs.list_accounts().await?;
    ensure_eq(
        all.len(),
        31,
        "accounts of the organization (30 and the management account)",
    )?;
    ensure(tree.members().is_subset(&ids(&all)), || {
        "ListAccounts misses a member account".into()
    })?;
    for account in &all {
        let closed = tree.closed.contains(&account.id);
        ensure(closed == (account.state != AccountState::Active), || {
            format!("{} is {} (closed: {closed})", account.id, account.state)
        })?;
        if closed {
            ensure(
                matches!(
                    account.state,
                    AccountState::PendingClosure | AccountState::Suspended
                ),
                || format!("a closed account is {}", account.state),
            )?;
        }
    }
    let described = orgs
        .describe_account(&tree.root_account)
        .await?
        .ok_or_else(|| Failure("DescribeAccount found nothing".into()))?;
    ensure_eq(described.state, AccountState::Active, "described state")?;

    for id in tree.members() {
        let tags = orgs
            .list_tags_for_resource(&OrganizationResource::Account(id.clone()))
            .await?;
        let expected = if tree.tagged_prod.contains(&id) {
            Some("prod")
        } else if tree.dev_accounts.contains(&id) {
            Some("dev")
        } else {
            None
        };
        ensure_eq(
            tags.get("env").map(String::as_str),
            expected,
            &format!("env tag of {id}"),
        )?;
    }

    let admin = &tree.dev_accounts[0];
    orgs.register_delegated_administrator(admin, DELEGATED_SERVICE)
        .await?;
    ensure_eq(
        orgs.list_delegated_administrators(DELEGATED_SERVICE)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![admin.clone()],
        "delegated administrators",
    )?;
    orgs.enable_aws_service_access(DELEGATED_SERVICE).await?;
    ensure(
        orgs.list_aws_service_access()
            .await?
            .iter()
            .any(|s| s == DELEGATED_SERVICE),
        || "trusted access not listed".into(),
    )
}
