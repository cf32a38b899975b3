//! Wrappers that work over any backend: call counting, latency, rate limits, retries and
//! injected faults (in the spirit of object_store's `ThrottledStore` and `LimitStore`).
//!
//! A [`Layer`] sees every call as an [`Operation`] plus a way to start it; [`Layered`]
//! applies one layer to both traits. Layers stack: wrap a `Layered` in another.
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

use super::{IamApi, IdentityCenterApi, Operation};
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

/// Both client traits with a [`Layer`] around every call.
#[derive(Debug, Clone)]
pub struct Layered<L> {
    layer: L,
    iam: Arc<dyn IamApi>,
    identity_center: Arc<dyn IdentityCenterApi>,
}

impl<L: Layer> Layered<L> {
    /// Wraps `iam` and `identity_center` (often the same backend) in `layer`.
    pub fn new(layer: L, iam: Arc<dyn IamApi>, identity_center: Arc<dyn IdentityCenterApi>) -> Self {
        Self {
            layer,
            iam,
            identity_center,
        }
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
}
