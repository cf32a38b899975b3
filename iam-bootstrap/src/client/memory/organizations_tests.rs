//! The in-memory organization, and the layers of [`Aws`] around Organizations calls.

use std::sync::Arc;

use super::{InMemory, MemberAccount, OrganizationTree};
use crate::Aws;
use crate::client::layer::{FaultKind, Faults, Layered};
use crate::client::{
    AccountState, Clients, CreateAccountState, FeatureSet, NewAccount, Operation, OrganizationResource,
    OrganizationsApi, ParentId, Tags,
};
use crate::error::{Error, ResourceKind};
use crate::names::{AccountEmail, AccountId, AccountName, OuName};

fn id(n: u64) -> AccountId {
    AccountId::new(format!("{n:012}")).unwrap()
}

fn tree() -> OrganizationTree {
    OrganizationTree::new()
        .ou("/Sandbox")
        .account(
            MemberAccount::new(id(1), "prod-a")
                .in_ou("/Workloads/Prod")
                .tag("env", "prod"),
        )
        .account(
            MemberAccount::new(id(2), "prod-old")
                .in_ou("/Workloads/Prod")
                .state(AccountState::Suspended),
        )
        .account(MemberAccount::new(id(3), "dev").in_ou("/Workloads/Dev"))
        .delegated_administrator(id(3), "sso.amazonaws.com")
        .service_access("sso.amazonaws.com")
}

async fn child(org: &InMemory, parent: &ParentId, name: &str) -> ParentId {
    let ous = org.list_organizational_units_for_parent(parent).await.unwrap();
    let ou = ous.into_iter().find(|o| o.name == name).unwrap();
    ParentId::Ou(ou.id)
}

#[tokio::test]
async fn the_tree_is_built_as_described() {
    let org = InMemory::builder().organization(tree()).build();
    let described = org.describe_organization().await.unwrap().unwrap();
    assert_eq!(described.management_account_id.as_str(), "123456789012");
    let roots = org.list_roots().await.unwrap();
    let root = ParentId::Root(roots[0].id.clone());
    let top: Vec<_> = org
        .list_organizational_units_for_parent(&root)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(top.len(), 2);
    assert!(top.contains(&"Sandbox".to_owned()) && top.contains(&"Workloads".to_owned()));
    let workloads = child(&org, &root, "Workloads").await;
    assert!(org.list_accounts_for_parent(&workloads).await.unwrap().is_empty());
    let prod = child(&org, &workloads, "Prod").await;
    let accounts = org.list_accounts_for_parent(&prod).await.unwrap();
    let states: Vec<_> = accounts.iter().map(|a| (a.id.clone(), a.state)).collect();
    assert_eq!(
        states,
        [(id(1), AccountState::Active), (id(2), AccountState::Suspended)]
    );
    let tags = org
        .list_tags_for_resource(&OrganizationResource::Account(id(1)))
        .await
        .unwrap();
    assert_eq!(tags.get("env").map(String::as_str), Some("prod"));
    assert_eq!(
        org.list_accounts().await.unwrap().len(),
        4,
        "the management account too"
    );
    let admins = org
        .list_delegated_administrators("sso.amazonaws.com")
        .await
        .unwrap();
    assert_eq!(admins.len(), 1);
    assert_eq!(admins[0].id, id(3));
    assert_eq!(
        org.list_aws_service_access().await.unwrap(),
        ["sso.amazonaws.com"]
    );
}

#[tokio::test]
async fn without_an_organization_calls_fail_like_aws() {
    let account = InMemory::new();
    assert_eq!(account.describe_organization().await.unwrap(), None);
    match account.list_roots().await {
        Err(Error::Service { code, .. }) => {
            assert_eq!(code.as_deref(), Some("AWSOrganizationsNotInUseException"))
        }
        other => panic!("unexpected {other:?}"),
    }
    account.create_organization(FeatureSet::All).await.unwrap();
    assert_eq!(account.list_accounts().await.unwrap().len(), 1);
    assert!(matches!(
        account.create_organization(FeatureSet::All).await,
        Err(Error::AlreadyExists {
            resource: crate::Resource {
                kind: ResourceKind::Organization,
                ..
            },
            ..
        })
    ));
}

#[tokio::test]
async fn account_creation_settles_after_polls_and_fails_on_a_taken_email() {
    let org = InMemory::builder()
        .organization(tree())
        .create_account_polls(2)
        .build();
    let new = NewAccount {
        name: AccountName::new("Prod B").unwrap(),
        email: AccountEmail::new("prod-b@example.com").unwrap(),
        role_name: None,
        tags: Tags::from([("env".to_owned(), "prod".to_owned())]),
    };
    let started = org.create_account(&new).await.unwrap();
    assert_eq!(started.state, CreateAccountState::InProgress);
    let again = org.create_account(&new).await.unwrap();
    assert_eq!(
        org.describe_create_account_status(&started.request_id)
            .await
            .unwrap()
            .state,
        CreateAccountState::InProgress
    );
    let done = org
        .describe_create_account_status(&started.request_id)
        .await
        .unwrap();
    assert_eq!(done.state, CreateAccountState::Succeeded);
    let created = done.account_id.unwrap();
    let account = org.describe_account(&created).await.unwrap().unwrap();
    assert_eq!(
        (account.name.as_str(), account.state),
        ("Prod B", AccountState::Active)
    );
    let tags = org
        .list_tags_for_resource(&OrganizationResource::Account(created))
        .await
        .unwrap();
    assert_eq!(tags, new.tags);
    org.describe_create_account_status(&again.request_id)
        .await
        .unwrap();
    let failed = org
        .describe_create_account_status(&again.request_id)
        .await
        .unwrap();
    assert_eq!(failed.state, CreateAccountState::Failed);
    assert_eq!(failed.failure_reason.as_deref(), Some("EMAIL_ALREADY_EXISTS"));
}

#[tokio::test]
async fn writes_check_parents_names_depth_and_the_management_account() {
    let org = InMemory::builder().organization(OrganizationTree::new()).build();
    let root = ParentId::Root(org.list_roots().await.unwrap()[0].id.clone());
    let mut parent = root.clone();
    for level in 1..=5 {
        let name = OuName::new(format!("L{level}")).unwrap();
        parent = ParentId::Ou(
            org.create_organizational_unit(&parent, &name, &Tags::new())
                .await
                .unwrap()
                .id,
        );
    }
    let sixth = org
        .create_organizational_unit(&parent, &OuName::new("L6").unwrap(), &Tags::new())
        .await;
    assert!(
        matches!(&sixth, Err(Error::Service { code: Some(c), .. }) if c == "ConstraintViolationException"),
        "{sixth:?}"
    );
    let duplicate = org
        .create_organizational_unit(&root, &OuName::new("L1").unwrap(), &Tags::new())
        .await;
    assert!(matches!(duplicate, Err(Error::AlreadyExists { .. })));
    let management = AccountId::new("123456789012").unwrap();
    assert!(org.close_account(&management).await.is_err());
    assert!(
        org.register_delegated_administrator(&management, "sso.amazonaws.com")
            .await
            .is_err()
    );
    assert!(
        org.move_account(&management, &parent, &root)
            .await
            .unwrap_err()
            .is_not_found()
    );
    org.move_account(&management, &root, &parent).await.unwrap();
    assert_eq!(org.list_accounts_for_parent(&parent).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_layers_of_aws_wrap_organizations_calls() {
    let memory = Arc::new(InMemory::builder().organization(tree()).build());
    let aws = Aws::in_memory((*memory).clone());
    aws.organizations().list_roots().await.unwrap();
    aws.organizations().list_accounts().await.unwrap();
    let calls = aws.calls();
    assert_eq!(calls.calls(Operation::ListRoots), 1);
    assert_eq!(calls.calls(Operation::ListAccounts), 1);

    // Faults injected below the library's retry layer are retried like any other call.
    let faults = Faults::new(1).fail_operation(Operation::ListRoots, 2, FaultKind::Throttled);
    let faulty = Aws::from_clients(Layered::over(faults.clone(), Clients::all(memory)).into_clients())
        .with_retry(crate::client::layer::RetryConfig {
            initial_backoff: std::time::Duration::from_millis(1),
            ..Default::default()
        });
    assert_eq!(faulty.organizations().list_roots().await.unwrap().len(), 1);
    assert_eq!(faults.injected(), 2);
    let stats = faulty.calls();
    assert_eq!(stats.calls(Operation::ListRoots), 3, "every attempt is counted");
    assert_eq!(stats.errors(), 2);
}

#[tokio::test]
async fn a_handle_without_organizations_says_so() {
    let memory = Arc::new(InMemory::new());
    let aws = Aws::new(memory.clone(), memory);
    assert!(matches!(
        aws.organizations().list_roots().await,
        Err(Error::Precondition { .. })
    ));
}
