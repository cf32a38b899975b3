//! The data a mock returns (and a direct call sends) is `#[non_exhaustive]`: code outside
//! the crate builds it with the public constructors, and sets other public fields after.
//! This file is outside the crate, so it proves each constructor is enough.

use std::sync::Arc;
use std::time::Duration;

use iam_bootstrap::client::layer::{CallStats, RetryConfig};
use iam_bootstrap::client::{
    AccessKey, AccessKeyStatus, AccountAssignment, AccountSummary, AsyncState, AsyncStatus, AttachedPolicy,
    CallerIdentity, CustomerPolicyRef, DirectoryUser, Instance, ManagedPolicy, MfaDevice, NewDirectoryUser,
    NewPolicy, NewRole, NewVirtualMfaDevice, Operation, PasswordPolicySettings, PermissionSet,
    PermissionSetFields, PolicyVersion, RawCredentialReport, Role, User, VirtualMfaDevice,
};
use iam_bootstrap::mock::{MockIamApi, MockIdentityCenterApi};
use iam_bootstrap::names::{
    AccountId, Arn, DirectoryGroupId, DirectoryUserId, IamPath, IdentityStoreId, InstanceArn,
    PermissionSetArn, PolicyName, RoleName, UserName,
};
use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::{
    Aws, Error, Finding, FindingSeverity, FindingStatus, ManualStep, Outcome, Plan, Resource, ResourceKind,
    Secret, WaitConfig,
};

const ACCOUNT: &str = "123456789012";

fn account() -> AccountId {
    AccountId::new(ACCOUNT).unwrap()
}

#[test]
fn iam_data_builds_from_outside_the_crate() {
    let caller = CallerIdentity::new(ACCOUNT, format!("arn:aws:iam::{ACCOUNT}:user/ci"), "AIDAEXAMPLE");
    assert_eq!(
        (caller.account.as_str(), caller.user_id.as_str()),
        (ACCOUNT, "AIDAEXAMPLE")
    );
    assert!(!caller.is_root());

    let summary = AccountSummary::new([("AccountMFAEnabled", 1), ("Users", 3)]);
    assert_eq!(summary.account_mfa_enabled(), Some(true));
    assert_eq!(summary.get("Users"), Some(3));

    let mut policy = PasswordPolicySettings::default();
    policy.minimum_password_length = 14;
    assert_eq!(policy.minimum_password_length, 14);

    let report = RawCredentialReport::new("user,arn\n");
    assert_eq!(
        (report.content.as_slice(), report.generated_at),
        (&b"user,arn\n"[..], None)
    );

    let key = AccessKey::new("AKIAEXAMPLE", AccessKeyStatus::Inactive);
    assert_eq!(
        (key.id.as_str(), key.status, key.created_at),
        ("AKIAEXAMPLE", AccessKeyStatus::Inactive, None)
    );

    let device = MfaDevice::new("arn:aws:iam::123456789012:mfa/ci");
    assert_eq!(device.enabled_at, None);
    let mut virtual_device = VirtualMfaDevice::new("arn:aws:iam::123456789012:mfa/root");
    virtual_device.user_arn = Some(format!("arn:aws:iam::{ACCOUNT}:root"));
    assert!(virtual_device.user_arn.is_some());
    let created = NewVirtualMfaDevice::new(
        "arn:aws:iam::123456789012:mfa/ci",
        Secret::new(b"SEED".to_vec()),
        Secret::new(b"PNG".to_vec()),
    );
    assert!(!format!("{created:?}").contains("SEED"), "the seed stays secret");

    let user = User::new(
        UserName::new("ci").unwrap(),
        IamPath::root(),
        format!("arn:aws:iam::{ACCOUNT}:user/ci"),
    );
    assert!(user.tags.is_empty());

    let mut new_role = NewRole::new(RoleName::new("deployer").unwrap(), "{}");
    assert_eq!(
        (new_role.max_session_duration, new_role.path.as_str()),
        (3600, "/")
    );
    new_role.description = Some("deploys".into());
    let role = Role::created(&new_role, &account());
    assert_eq!(role.arn, format!("arn:aws:iam::{ACCOUNT}:role/deployer"));
    assert_eq!(role.description.as_deref(), Some("deploys"));

    let arn = Arn::new(format!("arn:aws:iam::{ACCOUNT}:policy/p")).unwrap();
    let attached = AttachedPolicy::new("p", arn.clone());
    assert_eq!(attached.arn, arn);
    let new_policy = NewPolicy::new(PolicyName::new("p").unwrap(), "{}");
    assert_eq!(
        (new_policy.description.as_deref(), new_policy.path.as_str()),
        (None, "/")
    );
    let managed = ManagedPolicy::new(arn, "p", "v2");
    assert_eq!(
        (managed.path.as_str(), managed.default_version_id.as_str()),
        ("/", "v2")
    );
    let mut version = PolicyVersion::new("v2", true);
    version.document = Some("{}".into());
    assert!(version.is_default && version.created_at.is_none());
}

#[test]
fn identity_center_data_builds_from_outside_the_crate() {
    let instance_arn = InstanceArn::new("arn:aws:sso:::instance/ssoins-1234567890abcdef").unwrap();
    let store = IdentityStoreId::new("d-1234567890").unwrap();
    let instance = Instance::new(instance_arn, store);
    assert_eq!((instance.status, instance.name), (None, None));

    let new_user = NewDirectoryUser::new("jdoe".parse().unwrap(), "Jane", "Doe", "jane@example.com");
    assert_eq!(new_user.display_name, "Jane Doe");
    let user_id = DirectoryUserId::new("a1b2c3d4-1234-5678-9abc-def012345678").unwrap();
    let mut user = DirectoryUser::new(user_id, "jdoe");
    user.email = Some("jane@example.com".into());
    assert_eq!(user.user_name, "jdoe");

    let set_arn =
        PermissionSetArn::new("arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef")
            .unwrap();
    let set = PermissionSet::new(set_arn.clone(), "Admin");
    assert_eq!((set.name.as_str(), set.session_duration), ("Admin", None));
    let fields = PermissionSetFields::new("Admin");
    assert_eq!(
        (fields.session_duration.as_str(), fields.description.as_str()),
        ("PT1H", "")
    );
    let customer = CustomerPolicyRef::new("deploy", "/");
    assert_eq!(customer.path, "/");

    let group = DirectoryGroupId::new("b1b2c3d4-1234-5678-9abc-def012345678").unwrap();
    let assignment = AccountAssignment::new(account(), set_arn, group.into());
    assert_eq!(assignment.account_id, account());
    let status = AsyncStatus::new("req-1", AsyncState::Succeeded);
    assert_eq!(
        (status.state, status.failure_reason),
        (AsyncState::Succeeded, None)
    );
}

#[test]
fn plans_outcomes_and_configs_build_from_outside_the_crate() {
    let mut plan = Plan::new(Vec::new());
    assert!(plan.is_empty());
    plan.manual_steps.push(ManualStep::new(
        "root-mfa",
        "Enable MFA",
        vec!["sign in".into()],
        "MFA on",
    ));
    plan.findings.push(Finding::new(
        "root-keys",
        FindingStatus::Pass,
        FindingSeverity::Critical,
        "no root keys",
        "none",
    ));
    assert_eq!(plan.manual_steps[0].id, "root-mfa");
    assert!(plan.findings[0].cis.is_empty());

    let outcome = Outcome::new(vec!["create role x".into()], CallStats::default());
    assert_eq!(outcome.calls.total(), 0);

    let waits = WaitConfig::new(
        Duration::from_millis(1),
        Duration::from_millis(2),
        Duration::from_millis(3),
    );
    assert_eq!(waits.timeout, Duration::from_millis(3));
    let retry = RetryConfig::new(2, Duration::from_millis(1), Duration::from_millis(4));
    assert_eq!(retry.max_attempts, 2);
}

/// A mock that answers with constructed data and a constructed error, through the library.
#[tokio::test]
async fn a_mock_answers_with_constructed_data_and_errors() {
    let mut iam = MockIamApi::new();
    let caller = CallerIdentity::role_in(&account(), "ci");
    iam.expect_caller_identity().returning(move || Ok(caller.clone()));
    iam.expect_get_role().returning(|_| Ok(None));
    iam.expect_create_role().returning(|new| {
        Err(Error::access_denied(Operation::CreateRole).on(ResourceKind::Role, new.name.as_str()))
    });
    let aws = Aws::for_tests(Arc::new(iam), Arc::new(MockIdentityCenterApi::new()));
    let spec = RoleSpec::builder("deployer")
        .trust(Trust::service("lambda.amazonaws.com"))
        .build()
        .unwrap();
    let err = spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap_err();
    assert_eq!(err.operation(), Some(Operation::CreateRole));
    assert_eq!(
        err.resource(),
        Some(&Resource::new(ResourceKind::Role, "deployer"))
    );
    assert!(
        err.to_string()
            .ends_with("access denied calling iam:CreateRole on role `deployer`"),
        "{err}"
    );
}

#[tokio::test]
async fn organizations_data_builds_from_outside_the_crate() {
    use iam_bootstrap::client::{
        Account, AccountState, CreateAccountState, CreateAccountStatus, DelegatedAdministrator, FeatureSet,
        NewAccount, Organization, OrganizationRoot, OrganizationalUnit, OrganizationsApi,
    };
    use iam_bootstrap::mock::MockOrganizationsApi;
    use iam_bootstrap::names::{
        AccountEmail, AccountName, CreateAccountRequestId, OrganizationId, OuId, RootId,
    };

    let org = Organization::new(
        OrganizationId::new("o-exampleorgid").unwrap(),
        "arn:aws:organizations::123456789012:organization/o-exampleorgid",
        FeatureSet::All,
        account(),
    );
    assert_eq!(
        (org.feature_set, org.management_account_email),
        (FeatureSet::All, None)
    );
    let root = OrganizationRoot::new(
        RootId::new("r-abcd").unwrap(),
        "arn:aws:organizations::root",
        "Root",
    );
    assert_eq!(root.name, "Root");
    let ou = OrganizationalUnit::new(OuId::new("ou-abcd-12345678").unwrap(), "arn:ou", "Workloads");
    assert_eq!(ou.name, "Workloads");
    let mut new = NewAccount::new(
        AccountName::new("prod-a").unwrap(),
        AccountEmail::new("aws+prod-a@example.com").unwrap(),
    );
    new.tags.insert("env".into(), "prod".into());
    assert_eq!((new.role_name.as_ref(), new.tags.len()), (None, 1));
    let mut status = CreateAccountStatus::new(
        CreateAccountRequestId::new("car-0123456789abcdef0123456789abcdef").unwrap(),
        CreateAccountState::Failed,
    );
    status.failure_reason = Some("EMAIL_ALREADY_EXISTS".into());
    assert_eq!(status.account_id, None);
    let admin = DelegatedAdministrator::new(account(), "security", AccountState::Active);
    assert_eq!(admin.state, AccountState::Active);

    // A mock answers with what the constructors built, through the trait.
    let member = Account::new(
        account(),
        "arn:acct",
        "prod-a",
        "aws+prod-a@example.com",
        AccountState::Suspended,
    );
    let mut mock = MockOrganizationsApi::new();
    let answer = vec![member.clone()];
    mock.expect_list_accounts()
        .times(1)
        .return_once(move || Ok(answer));
    assert_eq!(mock.list_accounts().await.unwrap(), vec![member]);
}

#[test]
fn access_analyzer_data_builds_from_outside_the_crate() {
    use iam_bootstrap::client::{
        AccessCheckOutcome, AccessCheckReason, AccessToCheck, GeneratedPolicyResult, JobStatus,
        PolicyGenerationRequest, PolicyValidationFinding, ServiceLastAccessed, ServiceLastAccessedReport,
        TrackedActionAccess,
    };
    use iam_bootstrap::policy::LintSeverity;

    let mut finding =
        PolicyValidationFinding::new(LintSeverity::Warning, "PASS_ROLE_WITH_STAR_IN_RESOURCE", "…");
    finding.statement = Some(0);
    assert_eq!(
        (finding.issue_code.as_str(), finding.path),
        ("PASS_ROLE_WITH_STAR_IN_RESOURCE", None)
    );
    let mut outcome = AccessCheckOutcome::new(false, "grants new access");
    outcome
        .reasons
        .push(AccessCheckReason::new("statement 0 adds s3:PutObject"));
    assert_eq!(outcome.reasons[0].statement, None);
    let access = AccessToCheck::new(vec!["iam:PassRole".into()], Vec::new());
    assert!(access.resources.is_empty());
    let arn = |s: &str| Arn::new(s).unwrap();
    let start = "2026-09-01T00:00:00Z".parse().unwrap();
    let end = "2026-12-01T00:00:00Z".parse().unwrap();
    let request = PolicyGenerationRequest::new(
        arn("arn:aws:iam::123456789012:role/ci-deployer"),
        arn("arn:aws:cloudtrail:us-east-1:123456789012:trail/management"),
        arn("arn:aws:iam::123456789012:role/AccessAnalyzerMonitorServiceRole"),
        start,
        end,
    );
    assert!(request.regions.is_empty());
    let mut result = GeneratedPolicyResult::new(JobStatus::Succeeded);
    result.policies.push("{}".into());
    assert!(result.trail_complete);
    let mut service = ServiceLastAccessed::new("s3", "Amazon S3", None);
    service
        .tracked_actions
        .push(TrackedActionAccess::new("PutObject", Some(end)));
    let mut report = ServiceLastAccessedReport::new(JobStatus::InProgress);
    report.services.push(service);
    assert_eq!(report.services[0].tracked_actions[0].last_accessed, Some(end));
}
