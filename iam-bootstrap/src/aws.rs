//! [`Aws`]: the one handle users hold, over any backend.

use std::sync::Arc;
use std::time::Duration;

use crate::client::layer::{CallCounter, CallStats, Layered, RateLimit, Retry, RetryConfig};
use crate::client::{
    AccessAnalyzerApi, Clients, CloudFormationApi, IamApi, IdentityCenterApi, InMemory, NoAccessAnalyzer,
    NoCloudFormation, NoOrganization, OrganizationsApi,
};
#[cfg(feature = "sdk")]
use crate::client::{SdkBackend, SdkBackendBuilder};
use crate::emulator_gaps::EmulatorGaps;
use crate::error::Result;
use crate::names::AccountId;

/// How long and how often the library waits for asynchronous work (assignment creation,
/// provisioning, credential reports, IAM propagation). Every wait is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitConfig {
    /// The first pause between two polls; it doubles up to `max_interval`.
    pub initial_interval: Duration,
    /// The longest pause between two polls.
    pub max_interval: Duration,
    /// Give up (with [`Error::Timeout`](crate::Error::Timeout)) after this long.
    pub timeout: Duration,
}

impl WaitConfig {
    /// Polls starting `initial_interval` apart, doubling up to `max_interval`, giving up
    /// after `timeout`.
    pub fn new(initial_interval: Duration, max_interval: Duration, timeout: Duration) -> Self {
        Self {
            initial_interval,
            max_interval,
            timeout,
        }
    }

    /// Polls for real AWS: 1 s doubling to 10 s, for at most 10 minutes.
    pub fn aws() -> Self {
        Self {
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(10),
            timeout: Duration::from_secs(600),
        }
    }

    /// Polls for an in-memory account or a local emulator: 5 ms doubling to 100 ms, for at
    /// most 30 s.
    pub fn fast() -> Self {
        Self {
            initial_interval: Duration::from_millis(5),
            max_interval: Duration::from_millis(100),
            timeout: Duration::from_secs(30),
        }
    }
}

/// The handle every plan and apply runs against: IAM, Identity Center and Organizations
/// backends with retries, Identity Center's rate limits and a call counter around them.
///
/// ```
/// use iam_bootstrap::Aws;
/// use iam_bootstrap::client::InMemory;
///
/// let aws = Aws::in_memory(InMemory::new());
/// assert_eq!(aws.calls().total(), 0);
/// assert_eq!(aws.region(), None); // an in-memory account is in no region
/// ```
///
/// `Debug` shows where calls go (region, endpoint) and how (retries, waits), never a
/// credential.
#[derive(Clone)]
pub struct Aws {
    raw_iam: Arc<dyn IamApi>,
    raw_identity_center: Arc<dyn IdentityCenterApi>,
    raw_organizations: Arc<dyn OrganizationsApi>,
    raw_access_analyzer: Arc<dyn AccessAnalyzerApi>,
    raw_cloudformation: Arc<dyn CloudFormationApi>,
    iam: Arc<dyn IamApi>,
    identity_center: Arc<dyn IdentityCenterApi>,
    organizations: Arc<dyn OrganizationsApi>,
    access_analyzer: Arc<dyn AccessAnalyzerApi>,
    cloudformation: Arc<dyn CloudFormationApi>,
    counter: CallCounter,
    /// A second counter for the calls of this clone only (one apply's), next to the shared one.
    scoped: Option<CallCounter>,
    retry: RetryConfig,
    rate_limit: Option<RateLimit>,
    waits: WaitConfig,
    /// What the backend cannot answer (none on AWS): the reads plans skip.
    emulator_gaps: EmulatorGaps,
    /// The caller's account, read once: the credentials of a handle belong to one account.
    account: Arc<tokio::sync::OnceCell<AccountId>>,
    /// Where calls go, for people reading a `Debug` or a repr (`None` in memory).
    region: Option<Arc<str>>,
    endpoint_url: Option<Arc<str>>,
    /// The centralized-root backend, for [`OrgRoot`](crate::org_root::OrgRoot) (set by
    /// [`Aws::in_memory`] and [`Aws::from_sdk`]).
    central_root: Option<Arc<dyn crate::client::CentralRootApi>>,
}

impl std::fmt::Debug for Aws {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the backends: an SDK client's configuration is no one's business in a log.
        f.debug_struct("Aws")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit.is_some())
            .field("waits", &self.waits)
            .field("emulator_gaps", &self.emulator_gaps)
            .field("calls", &self.counter.snapshot().total())
            .finish_non_exhaustive()
    }
}

impl Aws {
    /// Any implementations of the IAM and Identity Center traits, with the default stack
    /// around them: bounded retries of throttling and conflicts, Identity Center's 20
    /// calls/s per API, a counter. Organizations calls fail ([`NoOrganization`]) until
    /// [`Aws::with_organizations`] adds a backend; Access Analyzer calls fail
    /// ([`NoAccessAnalyzer`]) until [`Aws::with_access_analyzer`] does, CloudFormation calls
    /// ([`NoCloudFormation`]) until [`Aws::with_cloudformation`] does.
    pub fn new(iam: Arc<dyn IamApi>, identity_center: Arc<dyn IdentityCenterApi>) -> Self {
        Self::from_clients(Clients {
            iam,
            identity_center,
            organizations: Arc::new(NoOrganization),
            access_analyzer: Arc::new(NoAccessAnalyzer),
            cloudformation: Arc::new(NoCloudFormation),
        })
    }

    /// One backend per client trait, with the default stack of [`Aws::new`] around each.
    pub fn from_clients(clients: Clients) -> Self {
        let counter = CallCounter::new();
        let mut aws = Self {
            raw_iam: clients.iam.clone(),
            raw_identity_center: clients.identity_center.clone(),
            raw_organizations: clients.organizations.clone(),
            raw_access_analyzer: clients.access_analyzer.clone(),
            raw_cloudformation: clients.cloudformation.clone(),
            iam: clients.iam,
            identity_center: clients.identity_center,
            organizations: clients.organizations,
            access_analyzer: clients.access_analyzer,
            cloudformation: clients.cloudformation,
            counter,
            scoped: None,
            retry: RetryConfig::default(),
            rate_limit: Some(RateLimit::identity_center_default()),
            waits: WaitConfig::aws(),
            emulator_gaps: EmulatorGaps::none(),
            account: Arc::default(),
            region: None,
            endpoint_url: None,
            central_root: None,
        };
        aws.restack();
        aws
    }

    /// Any implementations of the two traits with nothing around them but the call counter:
    /// no retries (a mocked throttle fails at once), no rate limit, and waits of a few
    /// milliseconds. For testing your own code against mocks or a custom backend.
    ///
    /// # Example
    ///
    /// A unit test of code that creates a role, against the `mock` feature's mocks (in
    /// `Cargo.toml`: `[dev-dependencies] iam-bootstrap = { version = "0.1", features = ["mock"] }`;
    /// `iam_bootstrap::mock` re-exports mockall's `predicate` and `Sequence`, so no mockall
    /// version needs to match):
    ///
    /// ```
    /// # #[cfg(feature = "mock")] {
    /// use std::sync::Arc;
    /// use iam_bootstrap::client::{CallerIdentity, Role};
    /// use iam_bootstrap::mock::{MockIamApi, MockIdentityCenterApi, predicate};
    /// use iam_bootstrap::names::{AccountId, Arn, RoleName};
    /// use iam_bootstrap::roles::{RoleSpec, Trust};
    /// use iam_bootstrap::Aws;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let account = AccountId::new("123456789012")?;
    /// let mut iam = MockIamApi::new();
    /// let caller = CallerIdentity::role_in(&account, "ci");
    /// iam.expect_caller_identity().returning(move || Ok(caller.clone()));
    /// iam.expect_get_role().returning(|_| Ok(None)); // the role does not exist yet
    /// iam.expect_create_role()
    ///     .times(1)
    ///     .returning(move |new| Ok(Role::created(new, &account)));
    /// iam.expect_attach_role_policy()
    ///     .with(
    ///         predicate::eq(RoleName::new("orders-lambda")?),
    ///         predicate::eq(Arn::new("arn:aws:iam::aws:policy/AWSLambdaExecute")?),
    ///     )
    ///     .times(1)
    ///     .returning(|_, _| Ok(()));
    /// let aws = Aws::for_tests(Arc::new(iam), Arc::new(MockIdentityCenterApi::new()));
    ///
    /// let role = RoleSpec::builder("orders-lambda")
    ///     .trust(Trust::service("lambda.amazonaws.com"))
    ///     .managed_policy("arn:aws:iam::aws:policy/AWSLambdaExecute")
    ///     .build()?;
    /// let outcome = role.plan(&aws).await?.apply(&aws).await?;
    /// assert_eq!(outcome.applied.len(), 2); // create the role, attach the policy
    /// # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
    /// # }
    /// ```
    pub fn for_tests(iam: Arc<dyn IamApi>, identity_center: Arc<dyn IdentityCenterApi>) -> Self {
        Self::new(iam, identity_center)
            .with_retry(RetryConfig::disabled())
            .with_rate_limit(None)
            .with_waits(WaitConfig {
                initial_interval: Duration::from_millis(1),
                max_interval: Duration::from_millis(5),
                timeout: Duration::from_secs(5),
            })
    }

    /// An in-memory account (and its organization, if it has one); waits are short, as
    /// nothing real is being waited for.
    pub fn in_memory(account: InMemory) -> Self {
        Self::from_clients(Clients::all(Arc::new(account.clone())))
            .with_central_root(Arc::new(account))
            .with_retry(RetryConfig {
                initial_backoff: Duration::from_millis(5),
                max_backoff: Duration::from_millis(100),
                ..RetryConfig::default()
            })
            .with_waits(WaitConfig::fast())
    }

    /// Real AWS, configured like the AWS CLI (environment, profile, region).
    ///
    /// # Errors
    /// As [`AwsBuilder::build`].
    #[cfg(feature = "sdk")]
    pub async fn from_env() -> Result<Self> {
        Self::builder().build().await
    }

    /// Configures a connection to AWS or to an endpoint such as a local emulator.
    #[cfg(feature = "sdk")]
    pub fn builder() -> AwsBuilder {
        AwsBuilder::default()
    }

    /// Replaces the Organizations backend (the layers are applied to it too).
    #[must_use]
    pub fn with_organizations(mut self, organizations: Arc<dyn OrganizationsApi>) -> Self {
        self.raw_organizations = organizations;
        self.restack();
        self
    }

    /// Replaces the Access Analyzer backend (the layers are applied to it too).
    #[must_use]
    pub fn with_access_analyzer(mut self, access_analyzer: Arc<dyn AccessAnalyzerApi>) -> Self {
        self.raw_access_analyzer = access_analyzer;
        self.restack();
        self
    }

    /// Replaces the CloudFormation backend (the layers are applied to it too).
    #[must_use]
    pub fn with_cloudformation(mut self, cloudformation: Arc<dyn CloudFormationApi>) -> Self {
        self.raw_cloudformation = cloudformation;
        self.restack();
        self
    }

    /// Replaces the retry configuration of the library's own retry layer.
    #[must_use]
    pub fn with_retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self.restack();
        self
    }

    /// Replaces the Identity Center rate limit (`None`: no limit).
    #[must_use]
    pub fn with_rate_limit(mut self, rate_limit: Option<RateLimit>) -> Self {
        self.rate_limit = rate_limit;
        self.restack();
        self
    }

    /// Replaces how long and how often asynchronous work is polled.
    #[must_use]
    pub fn with_waits(mut self, waits: WaitConfig) -> Self {
        self.waits = waits;
        self
    }

    /// Declares what the backend cannot answer, so plans skip exactly those reads (default
    /// [`EmulatorGaps::none`]: every check runs). Only for emulators, such as moto
    /// ([`EmulatorGaps::moto`]): against AWS a declared gap is a blind spot (the drift that
    /// read would find goes unseen).
    #[must_use]
    pub fn with_emulator_gaps(mut self, gaps: EmulatorGaps) -> Self {
        self.emulator_gaps = gaps;
        self
    }

    /// What the backend was declared unable to answer ([`Aws::with_emulator_gaps`]).
    pub fn emulator_gaps(&self) -> EmulatorGaps {
        self.emulator_gaps
    }

    /// The region calls go to, when the handle was built over the AWS SDK
    /// ([`Aws::builder`], [`Aws::from_sdk`]) and a region was resolved; `None` otherwise
    /// (in memory, mocks, custom backends).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint calls go to, when one was configured for the AWS SDK (a local emulator,
    /// a VPC endpoint); `None` for AWS's own endpoints and for handles not over the SDK.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Rebuilds the layers, outermost first: retry, rate limit, counters, backend. The
    /// counters are innermost so they count every attempt that reaches the backend.
    fn restack(&mut self) {
        let raw = Clients {
            iam: self.raw_iam.clone(),
            identity_center: self.raw_identity_center.clone(),
            organizations: self.raw_organizations.clone(),
            access_analyzer: self.raw_access_analyzer.clone(),
            cloudformation: self.raw_cloudformation.clone(),
        };
        let clients = Layered::over(self.counter.clone(), raw).into_clients();
        // An apply's own counter (see `counted_by`), inside the rate limit and retries like
        // the shared one, so both count the same attempts.
        let clients = match &self.scoped {
            Some(scoped) => Layered::over(scoped.clone(), clients).into_clients(),
            None => clients,
        };
        let clients = match &self.rate_limit {
            Some(limit) => Layered::over(limit.clone(), clients).into_clients(),
            None => clients,
        };
        let clients = if self.retry.max_attempts > 1 {
            Layered::over(Retry::new(self.retry), clients).into_clients()
        } else {
            clients
        };
        self.iam = clients.iam;
        self.identity_center = clients.identity_center;
        self.organizations = clients.organizations;
        self.access_analyzer = clients.access_analyzer;
        self.cloudformation = clients.cloudformation;
    }

    /// Uses `api` for centralized root access ([`OrgRoot`](crate::org_root::OrgRoot)).
    #[must_use]
    pub fn with_central_root(mut self, api: Arc<dyn crate::client::CentralRootApi>) -> Self {
        self.central_root = Some(api);
        self
    }

    /// The centralized-root backend: the in-memory organization or the SDK backend this
    /// handle was built from; `None` for handles over other backends.
    pub fn central_root(&self) -> Option<Arc<dyn crate::client::CentralRootApi>> {
        self.central_root.clone()
    }

    /// IAM, with the layers applied.
    pub fn iam(&self) -> &dyn IamApi {
        self.iam.as_ref()
    }

    /// Identity Center, with the layers applied.
    pub fn identity_center(&self) -> &dyn IdentityCenterApi {
        self.identity_center.as_ref()
    }

    /// Organizations, with the layers applied.
    pub fn organizations(&self) -> &dyn OrganizationsApi {
        self.organizations.as_ref()
    }

    /// IAM Access Analyzer, with the layers applied.
    pub fn access_analyzer(&self) -> &dyn AccessAnalyzerApi {
        self.access_analyzer.as_ref()
    }

    /// CloudFormation (StackSets), with the layers applied.
    pub fn cloudformation(&self) -> &dyn CloudFormationApi {
        self.cloudformation.as_ref()
    }

    /// Every call that reached the backend so far.
    pub fn calls(&self) -> CallStats {
        self.counter.snapshot()
    }

    /// The call counter (shared by clones of this handle).
    pub fn call_counter(&self) -> &CallCounter {
        &self.counter
    }

    /// A clone of this handle whose calls `counter` counts as well: the calls of one
    /// apply, counted for that apply only, however many others share this handle. The
    /// clone shares everything else (backends, shared counter, rate limits, cached account).
    pub(crate) fn counted_by(&self, counter: CallCounter) -> Aws {
        let mut aws = self.clone();
        aws.scoped = Some(counter);
        aws.restack();
        aws
    }

    /// The wait configuration.
    pub fn waits(&self) -> WaitConfig {
        self.waits
    }

    /// The retry configuration of the library's retry layer.
    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    /// The account the caller's credentials belong to: `sts:GetCallerIdentity` on first
    /// use, then remembered by this handle and its clones (planning many roles reads it
    /// once). Code that needs the caller itself (root or not) calls
    /// [`IamApi::caller_identity`] instead, which is never cached.
    ///
    /// # Errors
    /// Backend errors, or [`Error::Validation`](crate::Error::Validation) if the answer is
    /// not a 12-digit account ID.
    pub async fn account_id(&self) -> Result<AccountId> {
        self.account
            .get_or_try_init(|| async {
                let caller = self.iam.caller_identity().await?;
                Ok::<_, crate::Error>(AccountId::new(caller.account)?)
            })
            .await
            .cloned()
    }
}

/// Configures an [`Aws`] over the AWS SDK.
#[cfg(feature = "sdk")]
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct AwsBuilder {
    sdk: SdkBackendBuilder,
    waits: Option<WaitConfig>,
    emulator_gaps: EmulatorGaps,
}

#[cfg(feature = "sdk")]
impl AwsBuilder {
    /// Send every request to this endpoint (e.g. `http://127.0.0.1:5000` for moto).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.sdk = self.sdk.endpoint_url(url);
        self
    }

    /// The region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.sdk = self.sdk.region(region);
        self
    }

    /// The shared-config profile.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.sdk = self.sdk.profile(profile);
        self
    }

    /// How many attempts the SDK makes for retryable errors (default 5).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.sdk = self.sdk.max_attempts(attempts);
        self
    }

    /// How long establishing a connection may take
    /// (default [`DEFAULT_CONNECT_TIMEOUT`](crate::client::sdk::DEFAULT_CONNECT_TIMEOUT)).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.sdk = self.sdk.connect_timeout(timeout);
        self
    }

    /// How long one attempt of a call may take
    /// (default [`DEFAULT_ATTEMPT_TIMEOUT`](crate::client::sdk::DEFAULT_ATTEMPT_TIMEOUT)).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.sdk = self.sdk.attempt_timeout(timeout);
        self
    }

    /// How long a call may take in all, retries included
    /// (default [`DEFAULT_OPERATION_TIMEOUT`](crate::client::sdk::DEFAULT_OPERATION_TIMEOUT)).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.sdk = self.sdk.operation_timeout(timeout);
        self
    }

    /// Fixed credentials (for emulators and tests).
    pub fn static_credentials(mut self, access_key_id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.sdk = self.sdk.static_credentials(access_key_id, secret);
        self
    }

    /// An extra header on every request (moto's `x-moto-account-id` isolates accounts).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.sdk = self.sdk.header(name, value);
        self
    }

    /// How long and how often asynchronous work is polled (default [`WaitConfig::aws`]).
    pub fn waits(mut self, waits: WaitConfig) -> Self {
        self.waits = Some(waits);
        self
    }

    /// What the endpoint cannot answer (default none; [`EmulatorGaps::moto`] for moto).
    /// See [`Aws::with_emulator_gaps`].
    pub fn emulator_gaps(mut self, gaps: EmulatorGaps) -> Self {
        self.emulator_gaps = gaps;
        self
    }

    /// Loads the AWS configuration and builds the handle. The SDK retries throttling and
    /// conflicts itself, so the library's own retry layer is off.
    ///
    /// # Errors
    /// [`Error::Validation`](crate::Error::Validation), before anything is sent, for a
    /// malformed endpoint URL, incomplete static credentials, a zero timeout or an invalid
    /// extra header (see [`SdkBackendBuilder::build`]).
    pub async fn build(self) -> Result<Aws> {
        let backend = Arc::new(self.sdk.build().await?);
        Ok(Aws::from_sdk(backend)
            .with_waits(self.waits.unwrap_or_else(WaitConfig::aws))
            .with_emulator_gaps(self.emulator_gaps))
    }
}

#[cfg(feature = "sdk")]
impl Aws {
    /// An [`SdkBackend`] with the default stack, minus the retry layer (the SDK retries).
    pub fn from_sdk(backend: Arc<SdkBackend>) -> Self {
        let mut aws = Self::from_clients(Clients::all(backend.clone()))
            .with_retry(RetryConfig::disabled())
            .with_central_root(backend.clone());
        aws.region = backend.region().map(Arc::from);
        aws.endpoint_url = backend.endpoint_url().map(Arc::from);
        aws
    }
}
