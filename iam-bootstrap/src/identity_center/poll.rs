//! Waiting for Identity Center's asynchronous requests (assignment creation, provisioning):
//! poll with exponential backoff, bounded by [`Aws::waits`].

use std::future::Future;

use tokio::time::Instant;

use crate::aws::Aws;
use crate::client::{AsyncState, AsyncStatus, Operation};
use crate::error::{Error, Result};

/// Polls until `status` is terminal: `Ok` on SUCCEEDED, [`Error::AsyncFailed`] with the
/// service's reason on FAILED, [`Error::Timeout`] when the wait runs out. Polls only while
/// IN_PROGRESS, so a request that settled at once (as moto's do) costs no extra call.
pub(super) async fn settle<F, Fut>(
    aws: &Aws,
    operation: Operation,
    what: &str,
    mut status: AsyncStatus,
    mut describe: F,
) -> Result<()>
where
    F: FnMut(String) -> Fut,
    Fut: Future<Output = Result<AsyncStatus>>,
{
    let waits = aws.waits();
    let started = Instant::now();
    let mut interval = waits.initial_interval;
    loop {
        match status.state {
            AsyncState::Succeeded => return Ok(()),
            AsyncState::Failed => {
                return Err(Error::AsyncFailed {
                    operation,
                    request_id: status.request_id,
                    reason: status
                        .failure_reason
                        .unwrap_or_else(|| "no reason given".to_owned()),
                });
            }
            AsyncState::InProgress => {}
        }
        let waited = started.elapsed();
        if waited >= waits.timeout {
            return Err(Error::Timeout {
                what: what.to_owned(),
                waited,
            });
        }
        tokio::time::sleep(interval.min(waits.timeout.saturating_sub(waited))).await;
        interval = interval.saturating_mul(2).min(waits.max_interval);
        let request_id = status.request_id.clone();
        status = describe(request_id).await?;
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::time::Duration;

    use super::*;
    use crate::WaitConfig;
    use crate::client::InMemory;

    fn status(state: AsyncState) -> AsyncStatus {
        AsyncStatus {
            request_id: "r-1".into(),
            state,
            failure_reason: (state == AsyncState::Failed).then(|| "no access".to_owned()),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn polls_with_backoff_until_terminal() {
        let aws = Aws::in_memory(InMemory::new());
        let polls = Cell::new(0);
        let result = settle(
            &aws,
            Operation::CreateAccountAssignment,
            "x",
            status(AsyncState::InProgress),
            |id| {
                polls.set(polls.get() + 1);
                assert_eq!(id, "r-1");
                let state = if polls.get() < 3 {
                    AsyncState::InProgress
                } else {
                    AsyncState::Succeeded
                };
                async move { Ok(status(state)) }
            },
        )
        .await;
        assert!(result.is_ok());
        assert_eq!(polls.get(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn failed_carries_the_reason_and_terminal_states_are_not_polled() {
        let aws = Aws::in_memory(InMemory::new());
        let err = settle(
            &aws,
            Operation::CreateAccountAssignment,
            "x",
            status(AsyncState::Failed),
            |_| async { unreachable_in_test() },
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, Error::AsyncFailed { reason, request_id, .. } if reason == "no access" && request_id == "r-1")
        );
    }

    fn unreachable_in_test() -> Result<AsyncStatus> {
        panic!("a terminal status must not be polled")
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_the_timeout() {
        let aws = Aws::in_memory(InMemory::new()).with_waits(WaitConfig {
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(4),
            timeout: Duration::from_secs(20),
        });
        let polls = Cell::new(0u32);
        let err = settle(
            &aws,
            Operation::ProvisionPermissionSet,
            "provisioning",
            status(AsyncState::InProgress),
            |_| {
                polls.set(polls.get() + 1);
                async { Ok(status(AsyncState::InProgress)) }
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::Timeout { .. }), "{err}");
        // 1 + 2 + 4 + 4 + 4 + 4 + 1 seconds: seven polls, then the bound.
        assert_eq!(polls.get(), 7);
    }
}
