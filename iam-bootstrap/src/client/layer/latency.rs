//! Adds latency to every call, as a network would.

use std::time::Duration;

use super::{CallFuture, Layer};
use crate::client::Operation;

/// A [`Layer`] that sleeps before each call: a fixed time plus, optionally, a uniformly
/// random extra up to `jitter`.
#[derive(Debug, Clone)]
pub struct Latency {
    base: Duration,
    jitter: Duration,
}

impl Latency {
    /// Every call waits `base`.
    pub fn fixed(base: Duration) -> Self {
        Self {
            base,
            jitter: Duration::ZERO,
        }
    }

    /// Every call waits between `min` and `max`.
    pub fn uniform(min: Duration, max: Duration) -> Self {
        Self {
            base: min,
            jitter: max.saturating_sub(min),
        }
    }

    fn delay(&self) -> Duration {
        if self.jitter.is_zero() {
            return self.base;
        }
        let extra = fastrand::u64(0..=u64::try_from(self.jitter.as_micros()).unwrap_or(u64::MAX));
        self.base + Duration::from_micros(extra)
    }
}

impl Layer for Latency {
    fn before(&self, _operation: Operation) -> CallFuture<'_, ()> {
        let delay = self.delay();
        Box::pin(async move {
            tokio::time::sleep(delay).await;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_stay_in_range() {
        let latency = Latency::uniform(Duration::from_millis(5), Duration::from_millis(10));
        for _ in 0..100 {
            let d = latency.delay();
            assert!(
                d >= Duration::from_millis(5) && d <= Duration::from_millis(10),
                "{d:?}"
            );
        }
        assert_eq!(
            Latency::fixed(Duration::from_millis(3)).delay(),
            Duration::from_millis(3)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn before_sleeps() {
        let start = tokio::time::Instant::now();
        Latency::fixed(Duration::from_millis(30))
            .before(Operation::GetRole)
            .await
            .unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(30));
    }
}
