//! Reaching the moto server `scripts/test` starts.
//!
//! Tests that need it are marked `#[ignore = "needs moto ..."]`, so a plain `cargo test`
//! reports them as ignored (a visible skip, never a silent pass). `scripts/test` runs them
//! with `-- --include-ignored`; a test that runs without `IAM_BOOTSTRAP_TEST_ENDPOINT`
//! fails, so a missing emulator can never pass as a green run.

/// The variable holding the moto server's URL.
pub(crate) const ENDPOINT_VAR: &str = "IAM_BOOTSTRAP_TEST_ENDPOINT";

/// The moto server's URL; panics when it is not set (the test was asked for explicitly).
pub(crate) fn endpoint() -> String {
    std::env::var(ENDPOINT_VAR).unwrap_or_else(|_| {
        panic!(
            "{ENDPOINT_VAR} is not set: start a moto server and point it there \
             (scripts/test does), or leave the moto tests ignored"
        )
    })
}

/// A random moto account ID: moto keeps one isolated account per `x-moto-account-id`.
pub(crate) fn account() -> String {
    format!("{:012}", fastrand::u64(100_000_000_000..1_000_000_000_000))
}

/// A handle on a fresh, isolated moto account, with short waits.
#[cfg(feature = "sdk")]
pub(crate) async fn aws() -> iam_bootstrap::Aws {
    iam_bootstrap::Aws::builder()
        .endpoint_url(endpoint())
        .region("us-east-1")
        .static_credentials("testing", "testing")
        .header("x-moto-account-id", account())
        .waits(iam_bootstrap::WaitConfig::fast())
        // moto answers HTTP 500 to sso-admin's boundary and tag calls and ignores the
        // provisioning-status filter, so on moto these checks cannot run: a boundary or tags
        // added by hand to an existing permission set, and copies a stopped run left
        // outdated. The in-memory account runs them (offline/identity_center_in_memory.rs:
        // `a_boundary_added_by_hand_to_an_owned_set_is_planned_away`,
        // `tags_added_or_changed_by_hand_on_an_owned_set_are_planned_away`; and
        // offline/provisioning_recovery.rs for outdated copies).
        .emulator_gaps(iam_bootstrap::EmulatorGaps::moto())
        .build()
        .await
        .expect("an SDK client for moto")
}

/// The SDK backend for moto account `account`, below the library's layers (so a test can
/// put a fault layer between them). The library's own retry layer and waits stay short; the
/// SDK retries moto's few transient answers itself.
#[cfg(feature = "sdk")]
pub(crate) async fn backend(account: &str) -> std::sync::Arc<iam_bootstrap::client::SdkBackend> {
    std::sync::Arc::new(
        iam_bootstrap::client::SdkBackend::builder()
            .endpoint_url(endpoint())
            .region("us-east-1")
            .static_credentials("testing", "testing")
            .header("x-moto-account-id", account)
            .build()
            .await
            .expect("an SDK client for moto"),
    )
}

/// Everything in a moto account the library could have created, listed in full through
/// the SDK (the client traits can only look things up by name): by name, what
/// `InMemory::inventory` counts on the in-memory account. With
/// [`list`](super::listing::list) it catches anything orphaned or made twice.
#[cfg(feature = "sdk")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Contents {
    pub(crate) iam_users: std::collections::BTreeSet<String>,
    /// Role name → (attached policy ARNs, inline policy names).
    pub(crate) roles: std::collections::BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Customer managed policy (path and name) → how many versions it has.
    pub(crate) policies: std::collections::BTreeMap<String, usize>,
    pub(crate) virtual_mfa_devices: std::collections::BTreeSet<String>,
    /// Identity-store user names, sorted (a user made twice shows twice).
    pub(crate) directory_users: Vec<String>,
    /// (group name, the user names of its members), sorted.
    pub(crate) directory_groups: Vec<(String, std::collections::BTreeSet<String>)>,
}

/// Adds moto's account header to every request (before signing, as the library does).
#[cfg(feature = "sdk")]
#[derive(Debug)]
struct AccountHeader(String);

#[cfg(feature = "sdk")]
impl aws_smithy_runtime_api::client::interceptors::Intercept for AccountHeader {
    fn name(&self) -> &'static str {
        "moto-account-header"
    }

    fn modify_before_signing(
        &self,
        context: &mut aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut<'_>,
        _components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        _cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        context
            .request_mut()
            .headers_mut()
            .insert("x-moto-account-id", self.0.clone());
        Ok(())
    }
}

/// Lists [`Contents`] of moto account `account`.
#[cfg(feature = "sdk")]
pub(crate) async fn contents(account: &str) -> Contents {
    use std::collections::{BTreeMap, BTreeSet};

    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_iam::config::Credentials::new(
            "testing", "testing", None, None, "moto",
        ))
        .load()
        .await;
    let iam = aws_sdk_iam::Client::from_conf(
        aws_sdk_iam::config::Builder::from(&config)
            .interceptor(AccountHeader(account.to_owned()))
            .build(),
    );
    let sso = aws_sdk_ssoadmin::Client::from_conf(
        aws_sdk_ssoadmin::config::Builder::from(&config)
            .interceptor(AccountHeader(account.to_owned()))
            .build(),
    );
    let store = aws_sdk_identitystore::Client::from_conf(
        aws_sdk_identitystore::config::Builder::from(&config)
            .interceptor(AccountHeader(account.to_owned()))
            .build(),
    );
    // One page each: a test account holds a handful of things (checked, not assumed).
    let users = iam.list_users().send().await.unwrap();
    assert!(!users.is_truncated());
    let roles_page = iam.list_roles().send().await.unwrap();
    assert!(!roles_page.is_truncated());
    let mut roles = BTreeMap::new();
    for role in roles_page.roles() {
        let name = role.role_name();
        let attached = iam
            .list_attached_role_policies()
            .role_name(name)
            .send()
            .await
            .unwrap();
        let inline = iam.list_role_policies().role_name(name).send().await.unwrap();
        let mut attached: Vec<String> = attached
            .attached_policies()
            .iter()
            .filter_map(|p| p.policy_arn().map(str::to_owned))
            .collect();
        attached.sort();
        let mut inline = inline.policy_names().to_vec();
        inline.sort();
        roles.insert(name.to_owned(), (attached, inline));
    }
    let policies_page = iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    assert!(!policies_page.is_truncated());
    let mut policies = BTreeMap::new();
    for policy in policies_page.policies() {
        let versions = iam
            .list_policy_versions()
            .policy_arn(policy.arn().unwrap())
            .send()
            .await
            .unwrap();
        policies.insert(
            format!(
                "{}{}",
                policy.path().unwrap_or("/"),
                policy.policy_name().unwrap()
            ),
            versions.versions().len(),
        );
    }
    let devices = iam.list_virtual_mfa_devices().send().await.unwrap();
    assert!(!devices.is_truncated());

    let instances = sso.list_instances().send().await.unwrap();
    let store_id = instances.instances()[0].identity_store_id().unwrap();
    let directory = store
        .list_users()
        .identity_store_id(store_id)
        .send()
        .await
        .unwrap();
    assert!(directory.next_token().is_none());
    let names: BTreeMap<String, String> = directory
        .users()
        .iter()
        .map(|u| {
            (
                u.user_id().to_owned(),
                u.user_name().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let groups_page = store
        .list_groups()
        .identity_store_id(store_id)
        .send()
        .await
        .unwrap();
    assert!(groups_page.next_token().is_none());
    let mut directory_groups = Vec::new();
    for group in groups_page.groups() {
        let memberships = store
            .list_group_memberships()
            .identity_store_id(store_id)
            .group_id(group.group_id())
            .send()
            .await
            .unwrap();
        assert!(memberships.next_token().is_none());
        let members: BTreeSet<String> = memberships
            .group_memberships()
            .iter()
            .filter_map(|m| m.member_id()?.as_user_id().ok())
            .map(|id| names.get(id).cloned().unwrap_or_else(|| format!("unknown:{id}")))
            .collect();
        directory_groups.push((group.display_name().unwrap_or_default().to_owned(), members));
    }
    directory_groups.sort();
    let mut directory_users: Vec<String> = names.into_values().collect();
    directory_users.sort();
    Contents {
        iam_users: users.users().iter().map(|u| u.user_name().to_owned()).collect(),
        roles,
        policies,
        virtual_mfa_devices: devices
            .virtual_mfa_devices()
            .iter()
            .map(|d| d.serial_number().to_owned())
            .collect(),
        directory_users,
        directory_groups,
    }
}

/// A fault sample on moto: `case(k)` (a fresh account, a failure injected at call `k`, a
/// re-run that must converge) for the first and last of `total` calls and about `spread`
/// between, four cases at a time; fails listing every `k` whose case failed. Every call is
/// swept on the in-memory account; moto, through the real SDK, gets this sample.
pub(crate) async fn fault_sample<F, Fut>(label: &str, total: u64, spread: u64, case: F)
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>> + Send + 'static,
{
    let step = usize::try_from((total / spread).max(1)).expect("a step that fits usize");
    let sample: Vec<u64> = (1..=total).step_by(step).chain([total]).collect();
    let mut failures = Vec::new();
    for chunk in sample.chunks(4) {
        let mut tasks = tokio::task::JoinSet::new();
        for &k in chunk {
            tasks.spawn(case(k));
        }
        while let Some(done) = tasks.join_next().await {
            if let Err(failure) = done.expect("a sampled case that did not panic") {
                failures.push(failure);
            }
        }
    }
    eprintln!("moto {label}: sampled k = {sample:?} of {total} calls");
    assert!(
        failures.is_empty(),
        "{} of {} sampled k failed:\n{}",
        failures.len(),
        sample.len(),
        failures.join("\n")
    );
}
