//! Org-wide roles on CloudFormation StackSets, on the in-memory engine: what moto cannot
//! show (operations that take time, per-account failures with CloudFormation's reasons,
//! failure tolerance, an operation already running, drift), bad input refused before any
//! call, deletions only on request, and a fault at any call converging on re-run.

use std::sync::Arc;
use std::time::Duration;

use iam_bootstrap::client::layer::{FaultKind, Faults, Layer, Layered};
use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree, StackSetTiming};
use iam_bootstrap::client::{
    CloudFormationApi, DriftStatus, InstancesRequest, Operation, OperationPreferences, ResourceDrift,
    StackSetOperationStatus,
};
use iam_bootstrap::names::{AccountId, Region, StackSetName};
use iam_bootstrap::organization::AccountSelectorBuilder;
use iam_bootstrap::policy::PolicyDocument;
use iam_bootstrap::roles::{CustomerPolicy, RoleSpec, Trust};
use iam_bootstrap::stacksets::{
    AccountStatus, OperationPreferencesBuilder, OrgStackSet, OrgStackSetBuilder, StackSetApply, audit_drift,
};
use iam_bootstrap::{ApplyOptions, Aws, Bootstrap, Error, InMemory, PreconditionReason, WaitConfig};

fn id(n: u64) -> AccountId {
    AccountId::new(format!("{:012}", 100_000_000_000 + n)).unwrap()
}

/// Root/Workloads/{Prod/{Payments}, Dev} and Root/Sandbox: 3 + 2 + 2 + 1 accounts, the
/// last Prod one suspended.
fn org() -> InMemory {
    let mut tree = OrganizationTree::new();
    for n in 1..=3 {
        let account = MemberAccount::new(id(n), format!("prod-{n}")).in_ou("/Workloads/Prod");
        tree = tree.account(if n == 3 {
            account.state(iam_bootstrap::client::AccountState::Suspended)
        } else {
            account
        });
    }
    for n in 4..=5 {
        tree = tree.account(MemberAccount::new(id(n), format!("pay-{n}")).in_ou("/Workloads/Prod/Payments"));
    }
    for n in 6..=7 {
        tree = tree.account(MemberAccount::new(id(n), format!("dev-{n}")).in_ou("/Workloads/Dev"));
    }
    tree = tree.account(MemberAccount::new(id(8), "sandbox").in_ou("/Sandbox"));
    InMemory::builder().organization(tree).build()
}

fn role(actions: &[&str]) -> RoleSpec {
    RoleSpec::builder("ci-deployer")
        .trust(Trust::account_with_mfa("999999999999"))
        .inline_policy("deploy", PolicyDocument::allow(actions.iter().copied(), ["*"]))
        .build()
        .unwrap()
}

fn builder(role: RoleSpec) -> OrgStackSetBuilder {
    OrgStackSet::role(role)
        .target(AccountSelectorBuilder::ou("Root/Workloads"))
        .region("us-east-1")
        .region("eu-west-1")
}

fn rollout() -> OrgStackSet {
    builder(role(&["s3:PutObject"])).build().unwrap()
}

fn name() -> StackSetName {
    rollout().name().clone()
}

#[tokio::test]
async fn a_rollout_reports_per_account_and_polls_a_bounded_number_of_times() {
    let memory = org();
    // 6 ACTIVE accounts, 2 at a time, 2 regions one after the other: 6 batches of 20 ms.
    memory.set_stack_set_timing(StackSetTiming::new(
        Duration::from_millis(10),
        Duration::from_millis(20),
    ));
    memory.fail_stack_instances(
        &id(6),
        Some("Resource handler returned message: \"Role ci-deployer already exists\""),
    );
    let waits = WaitConfig::new(
        Duration::from_millis(5),
        Duration::from_millis(40),
        Duration::from_secs(10),
    );
    let aws = Aws::in_memory(memory.clone()).with_waits(waits);
    let spec = builder(role(&["s3:PutObject"]))
        .preferences(
            OperationPreferencesBuilder::new()
                .max_concurrent_count(2)
                .failure_tolerance_count(1)
                .region_order(["eu-west-1", "us-east-1"]),
        )
        .build()
        .unwrap();
    let plan = spec.plan(&aws).await.unwrap();
    // The suspended account is skipped, the sandbox and management accounts not targeted.
    assert_eq!(plan.add.len(), 6 * 2, "{plan}");
    assert!(
        plan.to_string()
            .contains("skipped, not ACTIVE: 100000000003 (SUSPENDED)"),
        "{plan}"
    );
    let outcome = plan.apply(&aws).await.unwrap();
    assert!(!outcome.is_success());
    let failed: Vec<_> = outcome.failed().collect();
    assert_eq!(failed.len(), 2, "{outcome}"); // account 6 in both regions
    assert!(failed.iter().all(|a| a.account == id(6)));
    assert!(
        matches!(&failed[0].status, AccountStatus::Failed { reason } if reason.contains("already exists"))
    );
    let skipped = outcome.accounts.iter().find(|a| a.account == id(3)).unwrap();
    assert!(matches!(&skipped.status, AccountStatus::Skipped { reason } if reason.contains("SUSPENDED")));
    let succeeded = outcome
        .accounts
        .iter()
        .filter(|a| a.status == AccountStatus::Succeeded)
        .count();
    assert_eq!(succeeded, 10, "{outcome}");
    // One operation (CreateStackInstances) of 10 + 6 * 20 = 130 ms, polled from 5 ms
    // doubling to 40 ms: at most 2 + log2(40 / 5) + 130 / 40 = 2 + 3 + 4 = 9 polls.
    let op = &outcome.operations[0];
    assert_eq!(
        op.status,
        StackSetOperationStatus::Succeeded,
        "within the failure tolerance"
    );
    assert!(op.polls >= 2 && op.polls <= 9, "{} polls", op.polls);

    // The failed instances are OUTDATED: the re-plan retries them, and once the cause is
    // gone the rollout converges.
    memory.fail_stack_instances(&id(6), None);
    let plan = spec.plan(&aws).await.unwrap();
    assert_eq!(plan.retry.len(), 2, "{plan}");
    assert!(plan.apply(&aws).await.unwrap().is_success());
    assert!(spec.plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn over_the_failure_tolerance_the_rest_is_cancelled_and_skipped() {
    let memory = org();
    memory.fail_stack_instances(&id(1), Some("AccessDenied"));
    memory.fail_stack_instances(&id(2), Some("AccessDenied"));
    let aws = Aws::in_memory(memory.clone());
    let plan = rollout().plan(&aws).await.unwrap();
    let outcome = plan.apply(&aws).await.unwrap();
    let op = &outcome.operations[0];
    assert_eq!(op.status, StackSetOperationStatus::Failed, "{outcome}");
    assert!(
        op.status_reason
            .as_deref()
            .unwrap_or("")
            .contains("failure tolerance")
    );
    // One account at a time, no failure tolerated: the first failure stops the region,
    // and the second region never starts.
    assert_eq!(outcome.failed().count(), 1, "{outcome}");
    let cancelled = outcome
        .accounts
        .iter()
        .filter(|a| matches!(&a.status, AccountStatus::Skipped { reason } if reason.contains("Cancelled")))
        .count();
    assert_eq!(cancelled, 11, "{outcome}");
}

#[tokio::test]
async fn an_operation_already_running_is_waited_for_not_collided_with() {
    let memory = org();
    memory.set_stack_set_timing(StackSetTiming::new(
        Duration::from_millis(5),
        Duration::from_millis(30),
    ));
    let aws = Aws::in_memory(memory.clone());
    rollout().plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    // Someone else starts an operation on the StackSet: starting another now collides.
    let request = InstancesRequest::new(
        vec![rollout_targets(&aws).await],
        vec![Region::new("us-east-1").unwrap()],
        OperationPreferences::default(),
    );
    let running = CloudFormationApi::create_stack_instances(&memory, &name(), &request)
        .await
        .unwrap();
    let direct = CloudFormationApi::create_stack_instances(&memory, &name(), &request).await;
    assert!(matches!(direct, Err(Error::Conflict { .. })), "{direct:?}");
    // The library waits for it, then applies its change.
    let changed = builder(role(&["s3:PutObject", "s3:GetObject"])).build().unwrap();
    let plan = changed.plan(&aws).await.unwrap();
    assert_eq!(plan.running, vec![running.clone()], "{plan}");
    let outcome = plan.apply(&aws).await.unwrap();
    assert!(
        outcome.operations[0].waited_for && outcome.operations[0].id == running,
        "{outcome}"
    );
    assert!(outcome.is_success(), "{outcome}");
    assert!(changed.plan(&aws).await.unwrap().is_empty());
}

async fn rollout_targets(aws: &Aws) -> iam_bootstrap::client::ParentId {
    rollout().plan(aws).await.unwrap().targets[0].clone()
}

#[tokio::test]
async fn bad_input_is_a_typed_error_before_any_call() {
    let cases: Vec<(OrgStackSetBuilder, &str)> = vec![
        (
            OrgStackSet::role(role(&["s3:PutObject"])).region("us-east-1"),
            "stack_set.targets",
        ),
        (
            OrgStackSet::role(role(&["s3:PutObject"])).target(AccountSelectorBuilder::ou("Root/Workloads")),
            "stack_set.regions",
        ),
        (
            builder(role(&["s3:PutObject"])).region("us-east-1"),
            "stack_set.regions[2]",
        ),
        (
            builder(role(&["s3:PutObject"])).region("US-EAST-1"),
            "stack_set.regions[2]",
        ),
        (
            builder(role(&["s3:PutObject"])).target(AccountSelectorBuilder::tag("env=prod")),
            "stack_set.targets[1]",
        ),
        (
            builder(role(&["s3:PutObject"]))
                .target(AccountSelectorBuilder::ou("Root/Sandbox").recursive(false)),
            "stack_set.targets[1]",
        ),
        (
            builder(role(&["s3:PutObject"]))
                .target(AccountSelectorBuilder::organization().except(["100000000001"])),
            "stack_set.targets[1]",
        ),
        (builder(role(&["s3:PutObject"])).name("1-bad"), "stack_set.name"),
        (
            OrgStackSet::policies(Vec::new()).name("p").region("us-east-1"),
            "stack_set.policies",
        ),
        (
            builder(role(&["s3:PutObject"])).preferences(
                OperationPreferencesBuilder::new()
                    .max_concurrent_count(3)
                    .failure_tolerance_count(3),
            ),
            "operation_preferences.failure_tolerance",
        ),
        (
            builder(role(&["s3:PutObject"]))
                .preferences(OperationPreferencesBuilder::new().max_concurrent_percentage(101)),
            "operation_preferences.max_concurrent",
        ),
        (
            builder(role(&["s3:PutObject"]))
                .preferences(OperationPreferencesBuilder::new().region_order(["ap-south-1"])),
            "operation_preferences.region_order",
        ),
    ];
    for (case, field) in cases {
        let err = case.build().unwrap_err();
        assert_eq!(err.field(), field, "{err}");
    }
    // Built, nothing has been called: validation needs no backend.
    let aws = Aws::in_memory(org());
    let _ = rollout();
    assert_eq!(aws.calls().total(), 0);
}

#[tokio::test]
async fn dropping_a_target_removes_its_instances_only_when_allowed() {
    let aws = Aws::in_memory(org());
    let both = builder(role(&["s3:PutObject"]))
        .target(AccountSelectorBuilder::ou("Root/Sandbox"))
        .build()
        .unwrap();
    assert!(
        both.plan(&aws)
            .await
            .unwrap()
            .apply(&aws)
            .await
            .unwrap()
            .is_success()
    );
    let plan = rollout().plan(&aws).await.unwrap();
    assert_eq!(
        plan.remove.len(),
        2,
        "the sandbox account in both regions: {plan}"
    );
    let before = aws.calls().writes();
    let err = plan.apply(&aws).await.unwrap_err();
    assert!(matches!(
        err,
        Error::Precondition {
            reason: PreconditionReason::DeletionsNotAllowed { deletions: 2 },
            ..
        }
    ));
    assert_eq!(aws.calls().writes(), before, "refused before any write");
    let outcome = plan
        .apply_with(&aws, StackSetApply::new().allow_deletions(true))
        .await
        .unwrap();
    assert!(outcome.is_success(), "{outcome}");
    assert!(rollout().plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn customer_managed_policies_roll_out_on_their_own() {
    let aws = Aws::in_memory(org());
    let policy = CustomerPolicy::new(
        "boundary-read".parse().unwrap(),
        PolicyDocument::allow(["s3:GetObject"], ["*"]),
    );
    let spec = OrgStackSet::policies(vec![policy])
        .name("ps-policies")
        .target(AccountSelectorBuilder::organization())
        .region("us-east-1")
        .build()
        .unwrap();
    let template = spec.template();
    assert_eq!(
        template["Resources"]["CustomerPolicy1"]["Type"],
        "AWS::IAM::ManagedPolicy"
    );
    let plan = spec.plan(&aws).await.unwrap();
    // Every ACTIVE member account (the management account never gets a service-managed instance).
    assert_eq!(plan.add.len(), 7, "{plan}");
    assert!(plan.apply(&aws).await.unwrap().is_success());
    assert!(spec.plan(&aws).await.unwrap().is_empty());
}

#[tokio::test]
async fn drift_is_reported_per_account_and_resource() {
    let memory = org();
    let aws = Aws::in_memory(memory.clone());
    rollout().plan(&aws).await.unwrap().apply(&aws).await.unwrap();
    memory.drift_stack_instances(
        &id(4),
        vec![{
            let mut drift = ResourceDrift::new("Role", "AWS::IAM::Role", "MODIFIED");
            drift.physical_id = Some("ci-deployer".into());
            drift
        }],
    );
    let prefs = OperationPreferencesBuilder::new()
        .max_concurrent_percentage(100)
        .failure_tolerance_percentage(50)
        .build()
        .unwrap();
    let writes = aws.calls().writes();
    let report = audit_drift(&aws, &name(), &prefs).await.unwrap();
    assert_eq!(aws.calls().writes(), writes, "the audit writes nothing");
    let drifted: Vec<_> = report.drifted().collect();
    assert_eq!(drifted.len(), 2, "{report}"); // account 4 in both regions
    assert_eq!(drifted[0].resources[0].logical_id, "Role");
    assert!(
        report
            .instances
            .iter()
            .filter(|i| i.status == DriftStatus::InSync)
            .count()
            == 10
    );
    assert!(
        report
            .to_string()
            .contains("AWS::IAM::Role Role (ci-deployer) MODIFIED"),
        "{report}"
    );
}

// Paused clock: the engine's operations and the polls run on tokio's virtual time, so every
// run makes the same calls.
#[tokio::test(start_paused = true)]
async fn a_fault_at_any_call_converges_on_re_run() {
    // Count the calls of a clean run, then fail each one in turn on a fresh organization.
    let clean = Aws::in_memory(org());
    let spec = rollout();
    spec.plan(&clean).await.unwrap().apply(&clean).await.unwrap();
    let calls = clean.calls().total();
    assert!(calls > 5);
    for k in 1..=calls {
        let memory = org();
        let faults = Faults::new(k).fail_nth(k, FaultKind::Service);
        let layered = Layered::over(
            faults,
            iam_bootstrap::client::Clients::all(Arc::new(memory.clone())),
        );
        let faulty = Aws::from_clients(layered.into_clients()).with_waits(WaitConfig::fast());
        let first = async { spec.plan(&faulty).await?.apply(&faulty).await };
        assert!(first.await.is_err(), "call {k} of {calls} should have failed");
        let aws = Aws::in_memory(memory.clone());
        let outcome = spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
        assert!(
            outcome.is_success(),
            "re-run after a fault at call {k}: {outcome}"
        );
        let converged = spec.plan(&aws).await.unwrap();
        assert!(converged.is_empty(), "after a fault at call {k}:\n{converged}");
        let instances = CloudFormationApi::list_stack_instances(&memory, &name())
            .await
            .unwrap();
        assert_eq!(
            instances.len(),
            12,
            "nothing duplicated or missing after a fault at call {k}"
        );
    }
}

// ------------------------------------------------ the `[[stacksets]]` section of a spec

/// A spec whose permission set references a customer managed policy, which its
/// `[[stacksets]]` entry rolls out to Root/Workloads before the set is assigned there;
/// plus a role rolled out to the same OUs.
const SPEC: &str = r#"
[identity_center]
groups = [{ name = "Readers" }]

[[identity_center.permission_sets]]
name = "ReadOnly"
customer_managed_policies = [{ name = "app-read" }]

[[identity_center.assignments]]
permission_set = "ReadOnly"
principal = { group = "Readers" }
accounts = [{ ou = "Root/Workloads" }]

[[stacksets]]
permission_set = "ReadOnly"
ous = ["Root/Workloads"]
regions = ["us-east-1"]
preferences = { max_concurrent_percentage = 25, failure_tolerance_count = 1 }
policies = { "app-read" = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] } }

[[stacksets]]
ous = ["Root/Workloads"]
regions = ["us-east-1", "eu-west-1"]
role = { name = "ci-deployer", trust = { preset = "account_with_mfa", account = "999999999999", max_mfa_age_seconds = 3600 } }
"#;

/// Records every call that reached the backend, in order.
#[derive(Debug, Clone, Default)]
struct CallLog(Arc<std::sync::Mutex<Vec<Operation>>>);

impl Layer for CallLog {
    fn after(&self, operation: Operation, _outcome: Result<(), &Error>) {
        self.0.lock().unwrap().push(operation);
    }
}

fn logged(memory: &InMemory) -> (Aws, CallLog) {
    let log = CallLog::default();
    let layered = Layered::over(
        log.clone(),
        iam_bootstrap::client::Clients::all(Arc::new(memory.clone())),
    );
    (Aws::from_clients(layered.into_clients()), log)
}

#[test]
fn the_section_loads_from_toml_and_json_and_round_trips() {
    let spec = Bootstrap::from_toml_str(SPEC).unwrap();
    assert_eq!(spec.stacksets.len(), 2);
    let rollouts = spec.rollouts().unwrap();
    assert_eq!(rollouts[0].name().as_str(), "iam-bootstrap-ps-ReadOnly");
    assert_eq!(rollouts[1].name().as_str(), "iam-bootstrap-role-ci-deployer");
    assert_eq!(rollouts[1].regions().len(), 2);
    assert_eq!(
        rollouts[0].preferences().max_concurrent,
        iam_bootstrap::client::AccountShare::Percentage(25)
    );
    let json = serde_json::to_string(&spec).unwrap();
    assert_eq!(Bootstrap::from_json_str(&json).unwrap(), spec);
    let toml = spec.to_toml_string().unwrap();
    assert_eq!(Bootstrap::from_toml_str(&toml).unwrap(), spec);
}

#[tokio::test]
async fn stack_set_operations_complete_before_the_permission_set_is_provisioned_and_assigned() {
    let memory = org();
    memory.set_stack_set_timing(StackSetTiming::new(
        Duration::from_millis(2),
        Duration::from_millis(5),
    ));
    let (aws, log) = logged(&memory);
    let aws = aws.with_waits(WaitConfig::fast());
    let spec = Bootstrap::from_toml_str(SPEC).unwrap();
    let plans = spec.plan_stacksets(&aws).await.unwrap();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].add.len(), 6, "{}", plans[0]); // the ACTIVE Workloads accounts
    assert_eq!(plans[1].add.len(), 12, "{}", plans[1]);
    log.0.lock().unwrap().clear();

    let outcome = spec.apply(&aws, ApplyOptions::default()).await.unwrap();
    assert!(
        outcome.applied[0].starts_with("roll out StackSet iam-bootstrap-ps-ReadOnly"),
        "{:?}",
        outcome.applied
    );
    let calls = log.0.lock().unwrap().clone();
    let first = |op: Operation| calls.iter().position(|c| *c == op);
    let last = |op: Operation| calls.iter().rposition(|c| *c == op);
    let last_stack_set_call = calls
        .iter()
        .rposition(|c| c.service() == iam_bootstrap::client::Service::CloudFormation)
        .unwrap();
    // A new set is provisioned by its assignments (CreateAccountAssignment); an existing
    // one by ProvisionPermissionSet: whichever comes first reaches the accounts first.
    let assign = first(Operation::CreateAccountAssignment).expect("the set is assigned");
    let reaches = first(Operation::ProvisionPermissionSet).map_or(assign, |p| p.min(assign));
    assert!(
        last(Operation::DescribeStackSetOperation).unwrap() < reaches,
        "{calls:?}"
    );
    assert!(last_stack_set_call < reaches, "{calls:?}");
    // The policies are in every target account before the set reaches it.
    let instances = CloudFormationApi::list_stack_instances(
        &memory,
        &StackSetName::new("iam-bootstrap-ps-ReadOnly").unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(instances.len(), 6);

    // Converged: the re-run writes nothing.
    let again = Aws::in_memory(memory.clone());
    let rerun = spec.apply(&again, ApplyOptions::default()).await.unwrap();
    assert!(rerun.applied.is_empty(), "{:?}", rerun.applied);
    assert_eq!(again.calls().writes(), 0, "{:?}", again.calls());
    assert!(
        spec.plan_stacksets(&again)
            .await
            .unwrap()
            .iter()
            .all(|p| p.is_empty())
    );
}

#[tokio::test]
async fn a_failed_rollout_stops_before_the_assignments_naming_the_accounts() {
    let memory = org();
    memory.fail_stack_instances(&id(6), Some("AccessDenied"));
    let (aws, log) = logged(&memory);
    let spec = Bootstrap::from_toml_str(SPEC).unwrap();
    let err = spec.apply(&aws, ApplyOptions::default()).await.unwrap_err();
    match &err {
        Error::Precondition {
            reason: PreconditionReason::StackSetRolloutFailed { stack_set, accounts },
            problem,
            ..
        } => {
            assert_eq!(stack_set, "iam-bootstrap-ps-ReadOnly");
            assert_eq!(accounts, &vec![id(6)]);
            assert!(problem.contains("100000000006"), "{problem}");
        }
        other => panic!("not a failed rollout: {other}"),
    }
    let calls = log.0.lock().unwrap().clone();
    for op in [
        Operation::CreatePermissionSet,
        Operation::ProvisionPermissionSet,
        Operation::CreateAccountAssignment,
    ] {
        assert!(!calls.contains(&op), "{op:?} called after a failed rollout");
    }
    // Once the cause is gone, the re-run retries the account and goes on.
    memory.fail_stack_instances(&id(6), None);
    let aws = Aws::in_memory(memory.clone());
    spec.apply(&aws, ApplyOptions::default()).await.unwrap();
    assert!(spec.plan(&aws).await.unwrap().is_empty());
}

#[test]
fn the_required_policy_covers_the_stack_set_calls_only_when_the_spec_has_some() {
    let with = Bootstrap::from_toml_str(SPEC).unwrap().required_policy();
    let text = serde_json::to_string(&with).unwrap();
    assert!(text.contains("cloudformation:CreateStackInstances"), "{text}");
    assert!(text.contains("organizations:ListAccountsForParent"), "{text}");
    assert!(!text.contains("cloudformation:DeleteStackSet"), "{text}");
    let mut without = Bootstrap::from_toml_str(SPEC).unwrap();
    without.stacksets.clear();
    let text = serde_json::to_string(&without.required_policy()).unwrap();
    assert!(!text.contains("cloudformation:"), "{text}");
}
