//! Bounded waiting: polling asynchronous work and retrying while IAM propagates.
//!
//! Every wait uses [`WaitConfig`] (exponential backoff from `initial_interval` up to
//! `max_interval`, at most `timeout` of sleeping in all) through backon, and ends in
//! [`Error::Timeout`] rather than looping forever.

use std::future::Future;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};

use crate::aws::WaitConfig;
use crate::error::{Error, Result};

fn backoff(waits: WaitConfig) -> ExponentialBuilder {
    ExponentialBuilder::default()
        .with_min_delay(waits.initial_interval)
        .with_max_delay(waits.max_interval)
        .without_max_times()
        .with_total_delay(Some(waits.timeout))
}

/// Marks "not yet" inside a poll, so backon retries it.
#[allow(dead_code)]
struct NotYet;

/// Calls `poll` until it returns `Some`, backing off between calls; gives up with
/// [`Error::Timeout`] naming `what` after `waits.timeout` of waiting.
///
/// # Errors
/// The first error `poll` returns, or [`Error::Timeout`].
// Used by the capabilities that poll asynchronous work (assignments, reports).
#[allow(dead_code)]
pub(crate) async fn poll_until<T, F, Fut>(waits: WaitConfig, what: &str, mut poll: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let started = tokio::time::Instant::now();
    let attempt = || {
        let next = poll();
        async move {
            match next.await {
                Ok(Some(value)) => Ok(Ok(value)),
                Ok(None) => Err(NotYet),
                Err(err) => Ok(Err(err)),
            }
        }
    };
    match attempt.retry(backoff(waits)).sleep(tokio::time::sleep).await {
        Ok(result) => result,
        Err(NotYet) => Err(Error::Timeout {
            what: what.to_owned(),
            waited: started.elapsed(),
        }),
    }
}

/// Calls `call` again while it fails with an error `retryable` accepts, backing off; when
/// the wait runs out, [`Error::Timeout`] naming `what`.
///
/// # Errors
/// The first error `retryable` rejects, or [`Error::Timeout`].
pub(crate) async fn retry_while<T, F, Fut>(
    waits: WaitConfig,
    what: &str,
    retryable: fn(&Error) -> bool,
    call: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let started = tokio::time::Instant::now();
    let result = call
        .retry(backoff(waits))
        .sleep(tokio::time::sleep)
        .when(retryable)
        .notify(|err: &Error, wait: Duration| tracing::info!(%err, ?wait, "waiting for IAM to catch up"))
        .await;
    match result {
        Err(err) if retryable(&err) => Err(Error::Timeout {
            what: what.to_owned(),
            waited: started.elapsed(),
        }),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn waits() -> WaitConfig {
        WaitConfig {
            initial_interval: Duration::from_millis(10),
            max_interval: Duration::from_millis(100),
            timeout: Duration::from_secs(2),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn polls_until_ready() {
        let calls = AtomicU32::new(0);
        let value = poll_until(waits(), "ready", || async {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            Ok((n >= 4).then_some(n))
        })
        .await
        .unwrap();
        assert_eq!(value, 4);
    }

    #[tokio::test(start_paused = true)]
    async fn poll_gives_up_with_a_timeout() {
        let calls = AtomicU32::new(0);
        let result: Result<()> = poll_until(waits(), "never", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok(None)
        })
        .await;
        match result {
            Err(Error::Timeout { what, waited }) => {
                assert_eq!(what, "never");
                assert!(waited <= Duration::from_secs(3), "{waited:?}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let made = calls.load(Ordering::SeqCst);
        assert!((10..=40).contains(&made), "bounded number of polls: {made}");
    }

    #[tokio::test(start_paused = true)]
    async fn poll_stops_at_an_error() {
        let result: Result<u8> = poll_until(waits(), "x", || async {
            Err(Error::not_found(crate::ResourceKind::Role, "r"))
        })
        .await;
        assert!(result.unwrap_err().is_not_found());
    }

    fn is_conflict(err: &Error) -> bool {
        matches!(err, Error::Conflict { .. })
    }

    #[tokio::test(start_paused = true)]
    async fn retries_only_what_it_is_told() {
        let calls = AtomicU32::new(0);
        let value = retry_while(waits(), "x", is_conflict, || async {
            if calls.fetch_add(1, Ordering::SeqCst) < 2 {
                Err(Error::Conflict {
                    operation: crate::client::Operation::CreateRole,
                    source: None,
                })
            } else {
                Ok(7)
            }
        })
        .await
        .unwrap();
        assert_eq!(value, 7);
        let timed_out: Result<()> = retry_while(waits(), "forever", is_conflict, || async {
            Err(Error::Conflict {
                operation: crate::client::Operation::CreateRole,
                source: None,
            })
        })
        .await;
        assert!(matches!(timed_out, Err(Error::Timeout { .. })));
    }
}
