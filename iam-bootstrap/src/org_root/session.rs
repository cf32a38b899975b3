//! One account's `AssumeRoot` session: assumed under STS's rate, assumed again when it nears
//! expiry, dropped (with its credentials) when the account's work ends.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use jiff::{SignedDuration, Timestamp};

use crate::client::{CentralRootApi, RootSession, RootTaskPolicy};
use crate::error::Result;
use crate::names::AccountId;

/// What every account's sessions share: the backend, STS's budget, the session settings.
#[derive(Debug, Clone)]
pub(super) struct Sessions {
    api: Arc<dyn CentralRootApi>,
    limiter: Arc<DefaultDirectRateLimiter>,
    seconds: u32,
    margin: Duration,
}

impl Sessions {
    pub(super) fn new(
        api: Arc<dyn CentralRootApi>,
        per_second: NonZeroU32,
        seconds: u32,
        margin: Duration,
    ) -> Self {
        Self {
            api,
            // One bucket for every account: STS meters the caller's account, not the target.
            limiter: Arc::new(RateLimiter::direct(Quota::per_second(per_second))),
            seconds,
            margin,
        }
    }

    /// A holder for one account's session with `task`; nothing is assumed until first use.
    pub(super) fn for_account(&self, account: AccountId, task: RootTaskPolicy) -> SessionHolder {
        SessionHolder {
            sessions: self.clone(),
            account,
            task,
            current: None,
            assumed: 0,
        }
    }
}

/// One account's session, assumed on first use and again when it nears expiry.
pub(super) struct SessionHolder {
    sessions: Sessions,
    account: AccountId,
    task: RootTaskPolicy,
    current: Option<RootSession>,
    assumed: u32,
}

impl SessionHolder {
    /// A live session: the current one, or a new one when there is none or it expires
    /// within the margin.
    pub(super) async fn get(&mut self) -> Result<&RootSession> {
        let margin = SignedDuration::try_from(self.sessions.margin).unwrap_or(SignedDuration::MAX);
        let fresh = self.current.as_ref().is_some_and(|session| {
            Timestamp::now()
                .checked_add(margin)
                .is_ok_and(|deadline| deadline < session.expires_at())
        });
        if !fresh {
            // The old session (and its credentials) goes before the new one is asked for.
            self.current = None;
            self.sessions.limiter.until_ready().await;
            let session = self
                .sessions
                .api
                .assume_root(&self.account, self.task, self.sessions.seconds)
                .await?;
            self.assumed += 1;
            self.current = Some(session);
        }
        // Set just above, or kept because it was fresh.
        self.current
            .as_ref()
            .ok_or_else(|| crate::error::Error::access_denied(crate::client::Operation::AssumeRoot))
    }

    /// How many times a session was assumed for this account.
    pub(super) fn assumed(&self) -> u32 {
        self.assumed
    }
}
