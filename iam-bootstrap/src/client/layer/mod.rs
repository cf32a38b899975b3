//! Wrappers that work over any backend: call counting, latency, rate limits, retries and
//! injected faults (in the spirit of object_store's `ThrottledStore` and `LimitStore`).
//!
//! A [`Layer`] sees every call as an [`Operation`] plus a way to start it; [`Layered`]
//! applies one layer to every client trait. Layers stack: wrap a `Layered` in another.
//!
//! ```
//! use std::sync::Arc;
//! use iam_bootstrap::client::layer::{CallCounter, Layered};
//! use iam_bootstrap::client::InMemory;
//!
//! let memory = Arc::new(InMemory::new());
//! let counter = CallCounter::new();
//! let counted = Layered::new(counter.clone(), memory.clone(), memory);
//! # let _ = counted;
//! ```

mod counter;
mod delegate;
mod faults;
mod latency;
mod rate_limit;
mod retry;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub use counter::{CallCounter, CallStats, OperationStats};
pub use faults::{FaultKind, Faults};
pub use latency::Latency;
pub use rate_limit::RateLimit;
pub use retry::{Retry, RetryConfig};

use super::{
    AccessAnalyzerApi, CloudFormationApi, IamApi, IdentityCenterApi, NoAccessAnalyzer, NoCloudFormation,
    NoOrganization, Operation, OrganizationsApi,
};
use crate::error::{Error, Result};

/// A boxed future of one call's result.
pub type CallFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// Starts one attempt of a call; a layer may invoke it several times (retries) or never
/// (an injected failure).
pub type CallFn<'a, T> = dyn Fn() -> CallFuture<'a, T> + Send + Sync + 'a;

/// Something that runs around every backend call.
///
/// Most layers only need [`Layer::before`] and [`Layer::after`]; [`Layer::call`] can be
/// overridden to run the call several times (see [`Retry`]).
pub trait Layer: std::fmt::Debug + Send + Sync + 'static {
    /// Runs before the call: may wait (latency, rate limit) or fail it (injected fault).
    fn before(&self, _operation: Operation) -> CallFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }

    /// Sees the outcome of the call.
    fn after(&self, _operation: Operation, _outcome: std::result::Result<(), &Error>) {}

    /// Runs the call: `before`, the call, `after`.
    fn call<'a, T: Send + 'a>(&'a self, operation: Operation, call: &'a CallFn<'a, T>) -> CallFuture<'a, T> {
        Box::pin(async move {
            self.before(operation).await?;
            let result = call().await;
            self.after(operation, result.as_ref().map(|_| ()));
            result
        })
    }
}

/// The client traits with a [`Layer`] around every call.
#[derive(Debug, Clone)]
pub struct Layered<L> {
    layer: L,
    iam: Arc<dyn IamApi>,
    identity_center: Arc<dyn IdentityCenterApi>,
    organizations: Arc<dyn OrganizationsApi>,
    access_analyzer: Arc<dyn AccessAnalyzerApi>,
    cloudformation: Arc<dyn CloudFormationApi>,
}

/// One backend per client trait (often the same one three times), as [`Layered`] and
/// [`Aws::from_clients`](crate::Aws::from_clients) take them.
#[derive(Debug, Clone)]
pub struct Clients {
    /// IAM and STS.
    pub iam: Arc<dyn IamApi>,
    /// Identity Center.
    pub identity_center: Arc<dyn IdentityCenterApi>,
    /// Organizations.
    pub organizations: Arc<dyn OrganizationsApi>,
    /// IAM Access Analyzer.
    pub access_analyzer: Arc<dyn AccessAnalyzerApi>,
    /// CloudFormation (StackSets).
    pub cloudformation: Arc<dyn CloudFormationApi>,
}

impl Clients {
    /// One backend that implements every trait ([`InMemory`](crate::client::InMemory),
    /// `SdkBackend`).
    pub fn all<B: IamApi + IdentityCenterApi + OrganizationsApi + AccessAnalyzerApi + CloudFormationApi>(
        backend: Arc<B>,
    ) -> Self {
        Self {
            iam: backend.clone(),
            identity_center: backend.clone(),
            organizations: backend.clone(),
            access_analyzer: backend.clone(),
            cloudformation: backend,
        }
    }
}

impl<L: Layer> Layered<L> {
    /// Wraps `iam` and `identity_center` (often the same backend) in `layer`; the
    /// Organizations side is [`NoOrganization`] until [`Layered::with_organizations`], the
    /// Access Analyzer side [`NoAccessAnalyzer`] until [`Layered::with_access_analyzer`], the
    /// CloudFormation side [`NoCloudFormation`] until [`Layered::with_cloudformation`].
    pub fn new(layer: L, iam: Arc<dyn IamApi>, identity_center: Arc<dyn IdentityCenterApi>) -> Self {
        Self {
            layer,
            iam,
            identity_center,
            organizations: Arc::new(NoOrganization),
            access_analyzer: Arc::new(NoAccessAnalyzer),
            cloudformation: Arc::new(NoCloudFormation),
        }
    }

    /// Wraps every client of `clients` in `layer`.
    pub fn over(layer: L, clients: Clients) -> Self {
        Self {
            layer,
            iam: clients.iam,
            identity_center: clients.identity_center,
            organizations: clients.organizations,
            access_analyzer: clients.access_analyzer,
            cloudformation: clients.cloudformation,
        }
    }

    /// Also wraps `organizations` in the layer.
    #[must_use]
    pub fn with_organizations(mut self, organizations: Arc<dyn OrganizationsApi>) -> Self {
        self.organizations = organizations;
        self
    }

    /// Also wraps `access_analyzer` in the layer.
    #[must_use]
    pub fn with_access_analyzer(mut self, access_analyzer: Arc<dyn AccessAnalyzerApi>) -> Self {
        self.access_analyzer = access_analyzer;
        self
    }

    /// Also wraps `cloudformation` in the layer.
    #[must_use]
    pub fn with_cloudformation(mut self, cloudformation: Arc<dyn CloudFormationApi>) -> Self {
        self.cloudformation = cloudformation;
        self
    }

    /// The layer.
    pub fn layer(&self) -> &L {
        &self.layer
    }

    /// Wraps this in `Arc`s as both traits, ready to wrap again or to hand to
    /// [`Aws::new`](crate::Aws::new).
    pub fn into_arcs(self) -> (Arc<dyn IamApi>, Arc<dyn IdentityCenterApi>) {
        let shared = Arc::new(self);
        (shared.clone(), shared)
    }

    /// Wraps this in `Arc`s as every trait, ready to wrap again with [`Layered::over`] or
    /// to hand to [`Aws::from_clients`](crate::Aws::from_clients).
    pub fn into_clients(self) -> Clients {
        Clients::all(Arc::new(self))
    }
}
