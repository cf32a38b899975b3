//! Keeps calls under a per-API rate, as Identity Center requires (20 calls/s per API).

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::{CallFuture, Layer};
use crate::client::{Operation, Service};

/// A [`Layer`] that waits before a call when its operation has used up its rate.
///
/// Each operation (API) has its own budget, which is how AWS meters Identity Center; a
/// burst of up to `per_second` calls is allowed from a full bucket (GCRA, via `governor`).
/// Clones share the same budgets.
#[derive(Debug, Clone)]
pub struct RateLimit {
    limiter: Arc<DefaultKeyedRateLimiter<Operation>>,
    services: Vec<Service>,
    per_second: NonZeroU32,
}

impl RateLimit {
    /// At most `per_second` calls a second per operation of the given services.
    pub fn per_operation(per_second: NonZeroU32, services: &[Service]) -> Self {
        Self {
            limiter: Arc::new(RateLimiter::keyed(Quota::per_second(per_second))),
            services: services.to_vec(),
            per_second,
        }
    }

    /// Identity Center's documented limit: 20 calls a second per API, for sso-admin and the
    /// identity store.
    pub fn identity_center_default() -> Self {
        Self::per_operation(
            NonZeroU32::MIN.saturating_add(19),
            &[Service::Sso, Service::IdentityStore],
        )
    }

    /// The configured rate.
    pub fn per_second(&self) -> u32 {
        self.per_second.get()
    }
}

impl Layer for RateLimit {
    fn before(&self, operation: Operation) -> CallFuture<'_, ()> {
        Box::pin(async move {
            if self.services.contains(&operation.service()) {
                self.limiter.until_key_ready(&operation).await;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use futures::FutureExt;

    use super::*;

    /// Whether `operation` may go at once (its wait is ready on the first poll). No real-time
    /// measurement: the limiter keeps real time, so this checks which calls must wait, not
    /// how long (at 2 a second, a call refused here would wait half a second).
    fn goes_at_once(limit: &RateLimit, operation: Operation) -> bool {
        limit.before(operation).now_or_never().is_some()
    }

    #[test]
    fn spaces_calls_of_one_operation_only() {
        let limit = RateLimit::per_operation(NonZeroU32::new(2).unwrap(), &[Service::Sso]);
        // A burst of `per_second` from the full bucket, then the operation waits.
        assert!(goes_at_once(&limit, Operation::CreateAccountAssignment));
        assert!(goes_at_once(&limit, Operation::CreateAccountAssignment));
        assert!(!goes_at_once(&limit, Operation::CreateAccountAssignment));
        // Another operation has its own budget; a service that is not limited never waits.
        assert!(goes_at_once(&limit, Operation::ListPermissionSets));
        for _ in 0..10 {
            assert!(goes_at_once(&limit, Operation::GetRole));
        }
        // Clones share the budgets.
        assert!(!goes_at_once(&limit.clone(), Operation::CreateAccountAssignment));
    }
}
