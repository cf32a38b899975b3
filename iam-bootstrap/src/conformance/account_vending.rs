//! New member accounts from a spec: created (polled until they exist), moved into their OU
//! and tagged; found again by email (never created twice); an account that already exists
//! is reported, moved and tagged instead; an assignment to an OU selector of the same spec
//! reaches the accounts the spec creates; an unknown OU is refused by name before any
//! write. What moto cannot model (a creation that ends FAILED) is tested on the in-memory
//! organization and through the SDK's mock HTTP layer (`organization::vending` tests,
//! `client::sdk::organizations_mock_tests`).

use std::collections::BTreeSet;

use super::{Check, Failure, ensure, ensure_eq, unique};
use crate::client::{FeatureSet, NewAccount, OrganizationResource, ParentId, Tags};
use crate::error::{Error, PreconditionReason, ResourceKind};
use crate::names::{AccountEmail, AccountId, AccountName, OuName};
use crate::organization::OrganizationChange;
use crate::{ApplyOptions, Aws, Bootstrap, Change};

async fn account_by_email(aws: &Aws, email: &str) -> Result<Option<AccountId>, Failure> {
    Ok(aws
        .organizations()
        .list_accounts()
        .await?
        .into_iter()
        .find(|a| a.email.eq_ignore_ascii_case(email))
        .map(|a| a.id))
}

/// A spec with two new accounts (one in `Root/<run>/Prod`, tagged; one under the root) and
/// an assignment to `{ ou = "Root/<run>" }`: one apply creates both accounts, places and
/// tags them, then assigns the group in the one under the OU; a second plan is empty. An
/// account created by hand, then named by the spec with an OU and a tag, is reported (not
/// created), moved and tagged. An unknown OU path is a precondition error naming it.
pub async fn accounts_are_vended_once_and_targeted(aws: &Aws) -> Check {
    let orgs = aws.organizations();
    if orgs.describe_organization().await?.is_none() {
        orgs.create_organization(FeatureSet::All).await?;
    }
    let run = unique("vend");
    let root = orgs
        .list_roots()
        .await?
        .into_iter()
        .next()
        .map(|r| ParentId::Root(r.id))
        .ok_or_else(|| Failure("no root".into()))?;
    let top = orgs
        .create_organizational_unit(&root, &OuName::new(&run)?, &Tags::new())
        .await?;
    let prod = orgs
        .create_organizational_unit(&ParentId::Ou(top.id.clone()), &OuName::new("Prod")?, &Tags::new())
        .await?;

    let (group, set) = (unique("Vended"), unique("VendedRead"));
    let spec_text = |extra: &str| {
        format!(
            r#"
[[accounts]]
name = "{run}-prod"
email = "{run}-prod@example.com"
ou = "Root/{run}/Prod"
tags = {{ env = "prod" }}

[[accounts]]
name = "{run}-loose"
email = "{run}-loose@example.com"
{extra}
[identity_center]
groups = [{{ name = "{group}" }}]
permission_sets = [{{ name = "{set}", managed_policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }}]
assignments = [{{ permission_set = "{set}", principal = {{ group = "{group}" }}, accounts = [{{ ou = "Root/{run}" }}] }}]
"#
        )
    };
    let spec = Bootstrap::from_toml_str(&spec_text(""))?;
    let plan = spec.plan(aws).await?;
    let creates = plan
        .changes
        .iter()
        .filter(|c| matches!(c, Change::Organization(OrganizationChange::CreateAccount { .. })))
        .count();
    ensure_eq(creates, 2, "accounts the first plan creates")?;

    let outcome = spec.apply(aws, ApplyOptions::default()).await?;
    ensure(outcome.applied.iter().any(|c| c.contains("assign")), || {
        format!("the apply assigned nothing: {:?}", outcome.applied)
    })?;
    let prod_id = account_by_email(aws, &format!("{run}-prod@example.com"))
        .await?
        .ok_or_else(|| Failure("the Prod account was not created".into()))?;
    let loose_id = account_by_email(aws, &format!("{run}-loose@example.com"))
        .await?
        .ok_or_else(|| Failure("the root account was not created".into()))?;
    ensure_eq(
        orgs.list_parent(&prod_id).await?,
        ParentId::Ou(prod.id.clone()),
        "the new account's OU",
    )?;
    ensure_eq(
        orgs.list_parent(&loose_id).await?,
        root.clone(),
        "the other's parent",
    )?;
    let tags = orgs
        .list_tags_for_resource(&OrganizationResource::Account(prod_id.clone()))
        .await?;
    ensure_eq(
        tags.get("env").map(String::as_str),
        Some("prod"),
        "the new account's tag",
    )?;

    let again = spec.plan(aws).await?;
    ensure(again.changes.is_empty(), || format!("second plan: {again}"))?;
    ensure_eq(
        again
            .findings
            .iter()
            .filter(|f| f.id == "organization-account-exists")
            .count(),
        2,
        "accounts reported as existing",
    )?;
    let selected: BTreeSet<AccountId> = again.selections.iter().flat_map(|s| s.accounts.clone()).collect();
    ensure_eq(
        selected,
        [prod_id].into(),
        "the OU selector reaches the new account",
    )?;

    // Made by hand, under the root, untagged; then named by the spec with an OU and a tag.
    let adopted = NewAccount {
        name: AccountName::new(format!("{run}-hand"))?,
        email: AccountEmail::new(format!("{run}-hand@example.com"))?,
        role_name: None,
        tags: Tags::new(),
    };
    let mut status = orgs.create_account(&adopted).await?;
    for _ in 0..10 {
        if status.account_id.is_some() {
            break;
        }
        status = orgs.describe_create_account_status(&status.request_id).await?;
    }
    let hand_id = status
        .account_id
        .ok_or_else(|| Failure("the hand-made account never settled".into()))?;
    // Found by email without case, as AWS compares them.
    let hand_email = format!("{run}-HAND@example.com");
    let spec = Bootstrap::from_toml_str(&spec_text(&format!(
        "\n[[accounts]]\nname = \"{run}-hand\"\nemail = \"{hand_email}\"\nou = \"Root/{run}/Prod\"\ntags = {{ team = \"a\" }}\n"
    )))?;
    let plan = spec.plan(aws).await?;
    let kinds: Vec<&str> = plan
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Organization(OrganizationChange::MoveAccount { .. }) => Some("move"),
            Change::Organization(OrganizationChange::TagAccount { .. }) => Some("tag"),
            Change::Organization(_) => Some("other"),
            _ => None,
        })
        .collect();
    ensure_eq(
        kinds,
        vec!["move", "tag"],
        "organization changes for an existing account",
    )?;
    spec.apply(aws, ApplyOptions::default()).await?;
    ensure_eq(
        orgs.list_parent(&hand_id).await?,
        ParentId::Ou(prod.id),
        "the adopted account's OU",
    )?;
    let again = spec.plan(aws).await?;
    ensure(again.changes.is_empty(), || {
        format!("plan after adopting: {again}")
    })?;

    // An OU the organization does not have: refused by name, nothing written.
    let spec = Bootstrap::from_toml_str(&format!(
        "[[accounts]]\nname = \"{run}-x\"\nemail = \"{run}-x@example.com\"\nou = \"Root/{run}/Nope\"\n"
    ))?;
    let writes = aws.calls().writes();
    match spec.plan(aws).await {
        Err(Error::Precondition {
            reason:
                PreconditionReason::MissingReference {
                    kind: ResourceKind::OrganizationalUnit,
                    name,
                },
            ..
        }) if name == format!("Root/{run}/Nope") => {}
        other => return Err(Failure(format!("expected the missing OU by name, got {other:?}"))),
    }
    ensure_eq(aws.calls().writes(), writes, "writes for a refused spec")
}
