//! An [`Aws`] over the AWS SDK that counts every HTTP request it sends (each attempt and
//! each page), the way botocore's `before-sign` event counts them for boto3, and sends
//! moto's `x-moto-account-id` header so each run gets a fresh, isolated account.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_config::BehaviorVersion;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use iam_bootstrap::Aws;
use iam_bootstrap::client::SdkBackend;

/// Counts requests and adds the moto account header, before signing.
#[derive(Debug, Clone)]
struct CountAndTag {
    requests: Arc<AtomicU64>,
    account: String,
}

impl Intercept for CountAndTag {
    fn name(&self) -> &'static str {
        "bench-count-and-tag"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        context
            .request_mut()
            .headers_mut()
            .insert("x-moto-account-id", self.account.clone());
        Ok(())
    }
}

/// The handle and its request counter.
#[derive(Debug, Clone)]
pub struct CountedAws {
    /// The library's handle (its default stack: rate limits, counter; the SDK retries).
    pub aws: Aws,
    requests: Arc<AtomicU64>,
}

impl CountedAws {
    /// Connects to `endpoint` as moto account `account`, with dummy credentials.
    pub async fn connect(endpoint: &str, account: &str) -> Self {
        let config = aws_config::defaults(BehaviorVersion::latest())
            .endpoint_url(endpoint)
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_iam::config::Credentials::new(
                "testing", "testing", None, None, "bench",
            ))
            .load()
            .await;
        let requests = Arc::new(AtomicU64::new(0));
        let hook = CountAndTag {
            requests: requests.clone(),
            account: account.to_owned(),
        };
        let iam = aws_sdk_iam::config::Builder::from(&config)
            .interceptor(hook.clone())
            .build();
        let sts = aws_sdk_sts::config::Builder::from(&config)
            .interceptor(hook.clone())
            .build();
        let sso = SdkBackend::sso_admin_config(aws_sdk_ssoadmin::config::Builder::from(&config))
            .interceptor(hook.clone())
            .build();
        let identity_store = aws_sdk_identitystore::config::Builder::from(&config)
            .interceptor(hook)
            .build();
        let backend = SdkBackend::from_clients(
            aws_sdk_iam::Client::from_conf(iam),
            aws_sdk_sts::Client::from_conf(sts),
            aws_sdk_ssoadmin::Client::from_conf(sso),
            aws_sdk_identitystore::Client::from_conf(identity_store),
        );
        Self {
            // moto cannot answer the permission-set boundary and tag calls a re-plan makes.
            aws: Aws::from_sdk(Arc::new(backend)).with_emulator_gaps(iam_bootstrap::EmulatorGaps::moto()),
            requests,
        }
    }

    /// HTTP requests sent so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}
