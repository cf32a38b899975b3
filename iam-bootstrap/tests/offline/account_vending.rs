//! New member accounts on the in-memory organization, for what moto cannot model: a
//! creation that ends FAILED (typed, by reason), a creation still in progress when a run
//! was interrupted (waited for, not started twice), and bad input refused before any call.

use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree};
use iam_bootstrap::client::{InMemory, NewAccount, ParentId};
use iam_bootstrap::names::{AccountEmail, AccountId, AccountName};
use iam_bootstrap::organization::{CreateAccountFailure, OrganizationChange};
use iam_bootstrap::{ApplyOptions, Aws, Bootstrap, Change, Error, WaitConfig};

fn tree() -> OrganizationTree {
    OrganizationTree::new().ou("/Workloads/Prod").account(
        MemberAccount::new(AccountId::new("111111111111").unwrap(), "prod-a").in_ou("/Workloads/Prod"),
    )
}

fn spec(name: &str, email: &str) -> Bootstrap {
    Bootstrap::from_toml_str(&format!(
        "[[accounts]]\nname = \"{name}\"\nemail = \"{email}\"\nou = \"Root/Workloads/Prod\"\ntags = {{ env = \"prod\" }}\n"
    ))
    .unwrap()
}

fn failure(err: &Error) -> &CreateAccountFailure {
    match err.root_cause() {
        Error::AccountCreationFailed { reason, .. } => reason,
        other => panic!("expected a typed creation failure, got {other:?}"),
    }
}

fn new_account(name: &str, email: &str) -> NewAccount {
    NewAccount::new(AccountName::new(name).unwrap(), AccountEmail::new(email).unwrap())
}

#[tokio::test]
async fn a_full_organization_is_a_typed_account_limit_failure() {
    // The management account and prod-a: two of two.
    let memory = InMemory::builder().organization(tree()).account_limit(2).build();
    let aws = Aws::in_memory(memory);
    let err = spec("prod-b", "aws+prod-b@example.com")
        .apply(&aws, ApplyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(*failure(&err), CreateAccountFailure::AccountLimitExceeded);
    assert!(err.to_string().contains("ACCOUNT_LIMIT_EXCEEDED"), "{err}");
}

#[tokio::test]
async fn an_email_another_creation_holds_is_a_typed_failure() {
    let memory = InMemory::builder()
        .organization(tree())
        .create_account_polls(3)
        .build();
    let aws = Aws::in_memory(memory).with_waits(WaitConfig::fast());
    // Someone else's creation, still in progress, under another name, with the same email.
    aws.organizations()
        .create_account(&new_account("someone-else", "aws+prod-b@example.com"))
        .await
        .unwrap();
    let err = spec("prod-b", "aws+prod-b@example.com")
        .apply(&aws, ApplyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(*failure(&err), CreateAccountFailure::EmailAlreadyExists);
}

#[tokio::test]
async fn a_creation_an_interrupted_run_started_is_waited_for_not_repeated() {
    let memory = InMemory::builder()
        .organization(tree())
        .create_account_polls(3)
        .build();
    let aws = Aws::in_memory(memory).with_waits(WaitConfig::fast());
    aws.organizations()
        .create_account(&new_account("prod-b", "aws+prod-b@example.com"))
        .await
        .unwrap();
    let spec = spec("prod-b", "aws+prod-b@example.com");
    let plan = spec.plan(&aws).await.unwrap();
    assert!(
        matches!(
            plan.changes.as_slice(),
            [Change::Organization(
                OrganizationChange::AwaitAccountCreation { .. }
            )]
        ),
        "{plan}"
    );
    let outcome = plan.apply(&aws).await.unwrap();
    assert_eq!(
        outcome
            .calls
            .calls(iam_bootstrap::client::Operation::CreateAccount),
        0
    );
    let again = spec.plan(&aws).await.unwrap();
    // Created with the tags the hand-made request lacked: only they are left.
    assert!(
        matches!(
            again.changes.as_slice(),
            [Change::Organization(OrganizationChange::TagAccount { .. })]
        ),
        "{again}"
    );
    again.apply(&aws).await.unwrap();
    assert!(spec.plan(&aws).await.unwrap().is_empty());
    let accounts = aws.organizations().list_accounts().await.unwrap();
    let made = accounts.iter().find(|a| a.name == "prod-b").unwrap();
    let parent = aws.organizations().list_parent(&made.id).await.unwrap();
    assert!(matches!(parent, ParentId::Ou(_)), "moved into its OU: {parent:?}");
}

#[tokio::test]
async fn the_plan_text_names_what_is_created_and_what_exists() {
    let aws = Aws::in_memory(InMemory::builder().organization(tree()).build());
    let spec = Bootstrap::from_toml_str(
        "[[accounts]]\nname = \"prod-a\"\nemail = \"prod-a@example.com\"\nou = \"Root/Workloads/Prod\"\n\
         [[accounts]]\nname = \"prod-b\"\nemail = \"aws+prod-b@example.com\"\nou = \"Root/Workloads/Prod\"\n",
    )
    .unwrap();
    let steps = spec.plan_steps(&aws).await.unwrap();
    assert_eq!(steps[0].0.to_string(), "Step 0: accounts in the organization");
    let text = steps[0].1.to_string();
    assert!(
        text.contains("create account `prod-b` (aws+prod-b@example.com) in Root/Workloads/Prod"),
        "{text}"
    );
    assert!(
        text.contains("account `prod-a` (prod-a@example.com) exists"),
        "{text}"
    );
    assert_eq!(steps[0].1.changes.len(), 1, "prod-a is not created again");
}

#[test]
fn bad_accounts_name_the_field_and_line() {
    let err = Bootstrap::from_toml_str("[[accounts]]\nname = \"a\"\nemail = \"not-an-email\"\n").unwrap_err();
    assert_eq!((err.field(), err.line()), ("accounts[0].email", Some(3)));
    let err =
        Bootstrap::from_toml_str("[[accounts]]\nname = \"\"\nemail = \"aws@example.com\"\n").unwrap_err();
    assert_eq!(err.field(), "accounts[0].name");
    let err = Bootstrap::from_toml_str(
        "[[accounts]]\nname = \"a\"\nemail = \"aws@example.com\"\nou = \"Workloads/Prod\"\n",
    )
    .unwrap_err();
    assert_eq!((err.field(), err.line()), ("accounts[0].ou", Some(4)));
    let err = Bootstrap::from_toml_str(
        "[[accounts]]\nname = \"a\"\nemail = \"aws@example.com\"\n[[accounts]]\nname = \"b\"\nemail = \"AWS@example.com\"\n",
    )
    .unwrap_err();
    assert_eq!(err.field(), "accounts[1].email");
    let err = Bootstrap::from_json_str(
        r#"{"accounts": [{"name": "a", "email": "aws@example.com", "tags": {"aws:x": "1"}}]}"#,
    )
    .unwrap_err();
    assert_eq!(err.field(), "accounts[0].tags.aws:x");
}
