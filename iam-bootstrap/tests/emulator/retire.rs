//! Taking access away (issue #17): prune deletes what a spec owns and no longer names,
//! destroy deletes everything a spec owns — in reverse dependency order, only with an
//! explicit opt-in, and never what another spec or a person made. Each scenario runs on the
//! in-memory account and on moto (through the SDK); a fault at every call of a prune and of
//! a destroy converges on re-run (every call in memory, a sample on moto).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use crate::support;

use iam_bootstrap::client::layer::{FaultKind, Faults};
use iam_bootstrap::client::{InMemory, NewPolicy, NewRole};
use iam_bootstrap::names::{AccountId, PolicyName, RoleName};
use iam_bootstrap::roles::{RoleChange, Trust};
use iam_bootstrap::{ApplyOptions, Aws, Bootstrap, Change, Error, Plan, PolicyDocument, PreconditionReason};
use support::listing::{Scope, list};
#[cfg(feature = "sdk")]
use support::moto;
use support::{chain, fast_retry, layered_memory};

/// A spec named `name` with `roles` (each with a customer managed policy `<role>-policy`
/// and an inline policy), pruning when `prune`.
fn spec(name: &str, roles: &[&str], prune: bool) -> Bootstrap {
    let mut text = format!("name = \"{name}\"\nprune = {prune}\n");
    for role in roles {
        text.push_str(&format!(
            r#"
[[roles]]
name = "{role}"
trust = {{ preset = "service", service = "lambda.amazonaws.com" }}
managed_policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
customer_policies = [{{ name = "{role}-policy", document = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::{role}/*" }}] }} }}]
inline_policies = {{ logs = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" }}] }} }}
"#
        ));
    }
    Bootstrap::from_toml_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn allow() -> ApplyOptions {
    ApplyOptions::default().allow_deletions(true)
}

async fn account_id(aws: &Aws) -> AccountId {
    AccountId::new(aws.iam().caller_identity().await.unwrap().account).unwrap()
}

/// A role and a policy made by hand (no ownership tag), the role using the policy.
async fn made_by_hand(aws: &Aws) {
    let account = account_id(aws).await;
    let iam = aws.iam();
    let policy = iam
        .create_policy(&NewPolicy::new(
            PolicyName::new("their-policy").unwrap(),
            PolicyDocument::allow(["sqs:SendMessage"], ["*"]).to_json(),
        ))
        .await
        .unwrap();
    let name = RoleName::new("their-role").unwrap();
    let mut role = NewRole::new(
        name.clone(),
        Trust::service("lambda.amazonaws.com").render(&account).to_json(),
    );
    role.tags = [("managed-by".to_owned(), "someone-else".to_owned())].into();
    iam.create_role(&role).await.unwrap();
    iam.attach_role_policy(&name, &policy.arn).await.unwrap();
}

fn scope(roles: &[&str], on_moto: bool) -> Scope {
    Scope {
        roles: roles.iter().map(ToString::to_string).collect(),
        policies: roles
            .iter()
            .map(|r| ("/".to_owned(), format!("{r}-policy")))
            .chain([("/".to_owned(), "their-policy".to_owned())])
            .collect(),
        sso_extras: !on_moto,
        ..Scope::default()
    }
}

/// The deletions of a plan, as (kind, name) in plan order.
fn deletions(plan: &Plan) -> Vec<String> {
    plan.changes
        .iter()
        .filter(|c| c.is_deletion())
        .map(|c| match c {
            Change::Role(RoleChange::DeleteRole { name }) => format!("role {name}"),
            Change::Role(RoleChange::DeletePolicy { arn }) => {
                format!("policy {}", arn.resource().trim_start_matches("policy/"))
            }
            other => panic!("unexpected deletion {other}"),
        })
        .collect()
}

/// Two specs and a person share the account; spec a drops a role, plans with prune: exactly
/// that role and its policy are deleted (role first), with the opt-in only; a re-run writes
/// nothing; spec b's and the person's resources are untouched.
async fn prune_deletes_exactly_what_the_spec_no_longer_names(aws: &Aws, on_moto: bool) {
    made_by_hand(aws).await;
    let all = ["a-1", "a-2", "a-3", "b-1", "their-role"];
    let a = spec("team-a", &["a-1", "a-2", "a-3"], false);
    let b = spec("team-b", &["b-1"], false);
    a.plan(aws).await.unwrap().apply(aws).await.unwrap();
    b.plan(aws).await.unwrap().apply(aws).await.unwrap();
    let before = list(aws, &scope(&all, on_moto)).await.unwrap();
    let tags = &before.roles["a-1"].as_ref().unwrap().tags;
    assert_eq!(tags.get("iam-bootstrap:spec").map(String::as_str), Some("team-a"));

    // Without prune, dropping a role from the spec leaves it in place.
    assert!(
        spec("team-a", &["a-1", "a-3"], false)
            .plan(aws)
            .await
            .unwrap()
            .is_empty()
    );

    let pruning = spec("team-a", &["a-1", "a-3"], true);
    let plan = pruning.plan(aws).await.unwrap();
    assert_eq!(deletions(&plan), ["role a-2", "policy a-2-policy"], "{plan}");
    assert_eq!(plan.changes.len(), 2, "nothing but the deletions: {plan}");
    let text = plan.to_string();
    assert!(text.contains("[DELETE] delete role a-2"), "{text}");
    let json = plan.to_json().unwrap();
    assert!(
        json.contains("\"delete_role\"") && json.contains("\"delete_policy\""),
        "{json}"
    );

    let calls = aws.calls();
    let err = plan.apply(aws).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::DeletionsNotAllowed { deletions: 2 },
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(aws.calls().since(&calls).total(), 0, "refused before any call");

    let outcome = plan.apply_with(aws, allow()).await.unwrap();
    assert_eq!(outcome.applied.len(), 2);
    let again = pruning.plan(aws).await.unwrap();
    assert!(again.is_empty(), "{again}");
    assert_eq!(again.apply(aws).await.unwrap().calls.writes(), 0);

    let after = list(aws, &scope(&all, on_moto)).await.unwrap();
    assert_eq!(after.roles["a-2"], None);
    assert_eq!(after.policies["/a-2-policy"], None);
    for kept in ["a-1", "a-3", "b-1", "their-role"] {
        assert_eq!(after.roles[kept], before.roles[kept], "{kept}");
    }
    for kept in ["/a-1-policy", "/b-1-policy", "/their-policy"] {
        assert_eq!(after.policies[kept], before.policies[kept], "{kept}");
    }
}

/// Destroy deletes every role and policy the spec owns and nothing else: the roles and
/// policies are as before the bootstrap, another spec's and a person's are untouched.
async fn destroy_returns_the_roles_to_before_the_bootstrap(aws: &Aws, on_moto: bool) {
    let all = ["a-1", "a-2", "b-1", "their-role"];
    let a = spec("team-a", &["a-1", "a-2"], false);
    let pristine = list(aws, &scope(&all, on_moto)).await.unwrap();
    made_by_hand(aws).await;
    spec("team-b", &["b-1"], false)
        .plan(aws)
        .await
        .unwrap()
        .apply(aws)
        .await
        .unwrap();
    let others = list(aws, &scope(&all, on_moto)).await.unwrap();
    a.plan(aws).await.unwrap().apply(aws).await.unwrap();

    let plan = a.destroy_plan(aws).await.unwrap();
    assert_eq!(
        deletions(&plan),
        ["role a-1", "role a-2", "policy a-1-policy", "policy a-2-policy"],
        "{plan}"
    );
    plan.apply_with(aws, allow()).await.unwrap();
    assert!(a.destroy_plan(aws).await.unwrap().is_empty());

    let after = list(aws, &scope(&all, on_moto)).await.unwrap();
    for role in ["a-1", "a-2"] {
        assert_eq!(after.roles[role], pristine.roles[role], "{role}");
    }
    for policy in ["/a-1-policy", "/a-2-policy"] {
        assert_eq!(after.policies[policy], pristine.policies[policy], "{policy}");
    }
    assert_eq!(after.roles["b-1"], others.roles["b-1"]);
    assert_eq!(after.roles["their-role"], others.roles["their-role"]);
    assert_eq!(after.policies["/their-policy"], others.policies["/their-policy"]);
    assert_eq!(after.policies["/b-1-policy"], others.policies["/b-1-policy"]);
}

#[tokio::test]
async fn prune_in_memory() {
    prune_deletes_exactly_what_the_spec_no_longer_names(&Aws::in_memory(InMemory::new()), false).await;
}

#[tokio::test]
async fn destroy_in_memory() {
    destroy_returns_the_roles_to_before_the_bootstrap(&Aws::in_memory(InMemory::new()), false).await;
}

#[cfg(feature = "sdk")]
#[tokio::test]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn prune_on_moto() {
    prune_deletes_exactly_what_the_spec_no_longer_names(&moto::aws().await, true).await;
}

#[cfg(feature = "sdk")]
#[tokio::test]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn destroy_on_moto() {
    destroy_returns_the_roles_to_before_the_bootstrap(&moto::aws().await, true).await;
}

/// Which plan a fault sweep takes away with.
#[derive(Clone, Copy, Debug)]
enum Removal {
    Prune,
    Destroy,
}

async fn removal_plan(removal: Removal, aws: &Aws) -> iam_bootstrap::Result<Plan> {
    match removal {
        Removal::Prune => spec("team-a", &["a-1"], true).plan(aws).await,
        Removal::Destroy => {
            spec("team-a", &["a-1", "a-2", "a-3"], false)
                .destroy_plan(aws)
                .await
        }
    }
}

/// An account with spec a's three roles applied, and a role and a policy made by hand.
async fn applied_account() -> InMemory {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    made_by_hand(&aws).await;
    spec("team-a", &["a-1", "a-2", "a-3"], false)
        .plan(&aws)
        .await
        .unwrap()
        .apply(&aws)
        .await
        .unwrap();
    memory
}

/// A failure at call k of the prune (or destroy), for every k of a clean run, then a
/// re-run without faults: the same end state as the clean run, and nothing left to delete.
async fn sweep(removal: Removal) {
    let all = ["a-1", "a-2", "a-3", "their-role"];
    let clean = applied_account().await;
    let aws = Aws::in_memory(clean.clone());
    let before = aws.calls();
    removal_plan(removal, &aws)
        .await
        .unwrap()
        .apply_with(&aws, allow())
        .await
        .unwrap();
    let total = aws.calls().since(&before).total();
    let expected = list(&aws, &scope(&all, false)).await.unwrap();
    assert!(total > 10, "{removal:?}: {total} calls");
    for k in 1..=total {
        let memory = applied_account().await;
        let faults = Faults::new(k).fail_nth(k, FaultKind::Service);
        let faulty = layered_memory(&memory, faults.clone(), fast_retry(5));
        let result = match removal_plan(removal, &faulty).await {
            Ok(plan) => plan.apply_with(&faulty, allow()).await,
            Err(err) => Err(err),
        };
        let err = result.expect_err(&format!("{removal:?}: call {k} fails, and so does the run"));
        assert!(
            chain(&err).contains("InjectedFault"),
            "{removal:?} call {k}: {}",
            chain(&err)
        );
        let aws = Aws::in_memory(memory.clone());
        removal_plan(removal, &aws)
            .await
            .unwrap()
            .apply_with(&aws, allow())
            .await
            .unwrap_or_else(|e| panic!("{removal:?}: the re-run after failing call {k}: {}", chain(&e)));
        let again = removal_plan(removal, &aws).await.unwrap();
        assert!(again.is_empty(), "{removal:?} call {k}: not converged:\n{again}");
        assert_eq!(
            list(&aws, &scope(&all, false)).await.unwrap(),
            expected,
            "{removal:?} call {k}: the listing differs"
        );
    }
}

#[tokio::test]
async fn a_failure_at_any_call_of_a_prune_converges_on_a_rerun() {
    sweep(Removal::Prune).await;
}

#[tokio::test]
async fn a_failure_at_any_call_of_a_destroy_converges_on_a_rerun() {
    sweep(Removal::Destroy).await;
}

/// The listing of `scope` in a moto account, its account ID written as `<account>` so that
/// two accounts compare.
#[cfg(feature = "sdk")]
async fn moto_listing(aws: &Aws, account: &str) -> String {
    let all = ["a-1", "a-2", "a-3", "their-role"];
    format!("{:#?}", list(aws, &scope(&all, true)).await.unwrap()).replace(account, "<account>")
}

/// A fresh moto account with spec a's three roles applied and a role and a policy made by
/// hand: its ID, the SDK backend (to put a fault layer on) and a plain handle.
#[cfg(feature = "sdk")]
async fn applied_moto_account() -> (String, std::sync::Arc<iam_bootstrap::client::SdkBackend>, Aws) {
    let account = moto::account();
    let sdk = moto::backend(&account).await;
    let aws = Aws::from_sdk(sdk.clone())
        .with_waits(iam_bootstrap::WaitConfig::fast())
        .with_emulator_gaps(iam_bootstrap::EmulatorGaps::moto());
    made_by_hand(&aws).await;
    spec("team-a", &["a-1", "a-2", "a-3"], false)
        .plan(&aws)
        .await
        .unwrap()
        .apply(&aws)
        .await
        .unwrap();
    (account, sdk, aws)
}

/// One sampled k on moto: a fresh applied account, the removal failing at call k, a clean
/// re-run; then nothing left to remove, and the roles and policies as a clean run left them.
#[cfg(feature = "sdk")]
async fn moto_removal_case(removal: Removal, k: u64, expected: std::sync::Arc<String>) -> Result<(), String> {
    let (account, sdk, aws) = applied_moto_account().await;
    let faults = Faults::new(k).fail_nth(k, FaultKind::Service);
    let faulty = support::layered(
        faults,
        sdk.clone(),
        sdk.clone(),
        iam_bootstrap::client::layer::RetryConfig::disabled(),
    )
    .with_emulator_gaps(iam_bootstrap::EmulatorGaps::moto());
    let result = match removal_plan(removal, &faulty).await {
        Ok(plan) => plan.apply_with(&faulty, allow()).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(_) => return Err(format!("{removal:?} call {k}: the run succeeded")),
        Err(err) if !chain(&err).contains("InjectedFault") => {
            return Err(format!("{removal:?} call {k}: another failure: {}", chain(&err)));
        }
        Err(_) => {}
    }
    let rerun = removal_plan(removal, &aws).await.map_err(|e| chain(&e))?;
    rerun
        .apply_with(&aws, allow())
        .await
        .map_err(|e| format!("{removal:?} call {k}: the re-run failed: {}", chain(&e)))?;
    let again = removal_plan(removal, &aws).await.map_err(|e| chain(&e))?;
    if !again.is_empty() {
        return Err(format!("{removal:?} call {k}: not converged:\n{again}"));
    }
    let state = moto_listing(&aws, &account).await;
    if state != *expected {
        return Err(format!(
            "{removal:?} call {k}: the roles and policies differ from a clean run's:\n{state}\nclean:\n{expected}"
        ));
    }
    Ok(())
}

/// Issue #17's "a sample on moto": a failure at about eight calls spread over a prune (or a
/// destroy) through the real SDK, each in a fresh moto account, converges on a re-run to
/// what a clean run leaves. Every call is swept on the in-memory account above.
#[cfg(feature = "sdk")]
async fn moto_sweep(removal: Removal) {
    let (account, _, aws) = applied_moto_account().await;
    let before = aws.calls();
    removal_plan(removal, &aws)
        .await
        .unwrap()
        .apply_with(&aws, allow())
        .await
        .unwrap();
    let total = aws.calls().since(&before).total();
    assert!(total > 10, "{removal:?}: {total} calls");
    let expected = std::sync::Arc::new(moto_listing(&aws, &account).await);
    support::moto::fault_sample(&format!("{removal:?}"), total, 7, |k| {
        moto_removal_case(removal, k, expected.clone())
    })
    .await;
}

#[cfg(feature = "sdk")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn a_sample_of_failures_of_a_prune_on_moto_converges_on_a_rerun() {
    moto_sweep(Removal::Prune).await;
}

#[cfg(feature = "sdk")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto: set IAM_BOOTSTRAP_TEST_ENDPOINT, run with --include-ignored (scripts/test does)"]
async fn a_sample_of_failures_of_a_destroy_on_moto_converges_on_a_rerun() {
    moto_sweep(Removal::Destroy).await;
}
