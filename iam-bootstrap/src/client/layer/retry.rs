//! Bounded retries with exponential backoff for backends that do not retry on their own.
//!
//! The SDK backend retries throttling and Identity Center conflicts through the SDK's own
//! retry configuration; this layer gives the same behaviour to the in-memory account and
//! to fault-injecting wrappers, so the engine above sees one contract: retryable errors
//! ([`Error::is_retryable`]) are retried a bounded number of times, then surface.

use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};

use super::{CallFn, CallFuture, Layer};
use crate::client::Operation;
use crate::error::Error;

/// How [`Retry`] backs off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// The wait before the second attempt; it doubles each time.
    pub initial_backoff: Duration,
    /// The longest single wait.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    /// Five attempts, 100 ms doubling up to 5 s, with jitter.
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryConfig {
    /// `max_attempts` in all, waiting `initial_backoff` before the second, doubling up to
    /// `max_backoff`.
    pub fn new(max_attempts: u32, initial_backoff: Duration, max_backoff: Duration) -> Self {
        Self {
            max_attempts,
            initial_backoff,
            max_backoff,
        }
    }

    /// No retries: one attempt.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    fn backoff(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_max_times(usize::try_from(self.max_attempts.saturating_sub(1)).unwrap_or(usize::MAX))
            .with_jitter()
    }

    /// The most time all waits of one call can add up to (without jitter's extra).
    pub fn worst_case_wait(&self) -> Duration {
        let mut wait = self.initial_backoff;
        let mut total = Duration::ZERO;
        for _ in 1..self.max_attempts {
            total += wait.min(self.max_backoff);
            wait = wait.saturating_mul(2);
        }
        total
    }
}

/// A [`Layer`] that retries throttled and conflicting calls with exponential backoff.
#[derive(Debug, Clone, Default)]
pub struct Retry {
    config: RetryConfig,
}

impl Retry {
    /// Retries as `config` says.
    pub fn new(config: RetryConfig) -> Self {
        Self { config }
    }

    /// The configuration.
    pub fn config(&self) -> RetryConfig {
        self.config
    }
}

impl Layer for Retry {
    fn call<'a, T: Send + 'a>(&'a self, operation: Operation, call: &'a CallFn<'a, T>) -> CallFuture<'a, T> {
        Box::pin(async move {
            call.retry(self.config.backoff())
                .sleep(tokio::time::sleep)
                .when(Error::is_retryable)
                .notify(|err: &Error, wait: Duration| {
                    tracing::debug!(%operation, error = %err, ?wait, "retrying");
                })
                .await
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::error::Result;

    fn throttled() -> Error {
        Error::Throttled {
            operation: Operation::CreateAccountAssignment,
            source: None,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn retries_retryable_errors_until_success() {
        let attempts = AtomicU32::new(0);
        let call = || -> CallFuture<'_, u32> {
            Box::pin(async {
                let n = attempts.fetch_add(1, Ordering::SeqCst) + 1;
                if n < 3 { Err(throttled()) } else { Ok(n) }
            })
        };
        let result = Retry::default()
            .call(Operation::CreateAccountAssignment, &call)
            .await;
        assert_eq!(result.unwrap(), 3);
        assert_eq!(attempts.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_attempts() {
        let attempts = AtomicU32::new(0);
        let call = || -> CallFuture<'_, ()> {
            Box::pin(async {
                attempts.fetch_add(1, Ordering::SeqCst);
                Err(throttled())
            })
        };
        let retry = Retry::new(RetryConfig {
            max_attempts: 4,
            ..RetryConfig::default()
        });
        let result: Result<()> = retry.call(Operation::CreateAccountAssignment, &call).await;
        assert!(matches!(result, Err(Error::Throttled { .. })));
        assert_eq!(attempts.load(Ordering::SeqCst), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn does_not_retry_other_errors() {
        let attempts = AtomicU32::new(0);
        let call = || -> CallFuture<'_, ()> {
            Box::pin(async {
                attempts.fetch_add(1, Ordering::SeqCst);
                Err(Error::not_found(crate::ResourceKind::Role, "r"))
            })
        };
        let result = Retry::default().call(Operation::GetRole, &call).await;
        assert!(result.is_err());
        assert_eq!(attempts.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn worst_case_wait_is_bounded() {
        let config = RetryConfig::default();
        // 100 + 200 + 400 + 800 ms.
        assert_eq!(config.worst_case_wait(), Duration::from_millis(1500));
        assert_eq!(RetryConfig::disabled().worst_case_wait(), Duration::ZERO);
    }
}
