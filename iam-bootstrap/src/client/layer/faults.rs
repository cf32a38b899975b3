//! Injected failures: fail call k, fail an operation n times, throttle a fraction of calls.

use std::sync::{Arc, Mutex, PoisonError};

use super::{CallFuture, Layer};
use crate::client::Operation;
use crate::error::Error;

/// What an injected failure looks like to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// [`Error::Throttled`]: retryable.
    Throttled,
    /// [`Error::Conflict`]: retryable.
    Conflict,
    /// [`Error::Service`] with code `InjectedFault`: not retryable, the run stops.
    Service,
    /// [`Error::AccessDenied`]: not retryable.
    AccessDenied,
}

impl FaultKind {
    fn error(self, operation: Operation) -> Error {
        let source = Some("injected by iam_bootstrap::client::layer::Faults".into());
        match self {
            FaultKind::Throttled => Error::Throttled { operation, source },
            FaultKind::Conflict => Error::Conflict { operation, source },
            FaultKind::Service => Error::Service {
                operation,
                code: Some("InjectedFault".into()),
                source,
            },
            FaultKind::AccessDenied => Error::AccessDenied {
                operation,
                resource: None,
                source,
            },
        }
    }
}

#[derive(Debug, Clone)]
enum Rule {
    /// Fail the n-th call (1-based) that matches `writes_only`.
    Nth {
        n: u64,
        writes_only: bool,
        kind: FaultKind,
    },
    /// Fail the first `times` calls of `operation`.
    Operation {
        operation: Operation,
        times: u64,
        kind: FaultKind,
    },
    /// Fail each call with probability `fraction`.
    Fraction { fraction: f64, kind: FaultKind },
}

#[derive(Debug)]
struct State {
    rules: Vec<Rule>,
    calls: u64,
    writes: u64,
    per_operation: std::collections::BTreeMap<Operation, u64>,
    injected: u64,
    rng: fastrand::Rng,
}

/// A [`Layer`] that fails calls on purpose, to prove that runs survive failures.
///
/// Deterministic: random rules draw from a seeded generator. Clones share state.
///
/// ```
/// use iam_bootstrap::client::layer::{FaultKind, Faults};
/// let faults = Faults::new(7).fail_nth_write(3, FaultKind::Service).throttle_fraction(0.3);
/// # let _ = faults;
/// ```
#[derive(Debug, Clone)]
pub struct Faults {
    state: Arc<Mutex<State>>,
}

impl Faults {
    /// No faults yet; `seed` drives the random rules.
    pub fn new(seed: u64) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                rules: Vec::new(),
                calls: 0,
                writes: 0,
                per_operation: Default::default(),
                injected: 0,
                rng: fastrand::Rng::with_seed(seed),
            })),
        }
    }

    fn with(self, rule: Rule) -> Self {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .rules
            .push(rule);
        self
    }

    /// Fail the `n`-th call (1-based).
    #[must_use]
    pub fn fail_nth(self, n: u64, kind: FaultKind) -> Self {
        self.with(Rule::Nth {
            n,
            writes_only: false,
            kind,
        })
    }

    /// Fail the `n`-th write call (1-based).
    #[must_use]
    pub fn fail_nth_write(self, n: u64, kind: FaultKind) -> Self {
        self.with(Rule::Nth {
            n,
            writes_only: true,
            kind,
        })
    }

    /// Fail the first `times` calls of `operation`.
    #[must_use]
    pub fn fail_operation(self, operation: Operation, times: u64, kind: FaultKind) -> Self {
        self.with(Rule::Operation {
            operation,
            times,
            kind,
        })
    }

    /// Throttle each call with probability `fraction` (0.0 to 1.0).
    #[must_use]
    pub fn throttle_fraction(self, fraction: f64) -> Self {
        self.with(Rule::Fraction {
            fraction: fraction.clamp(0.0, 1.0),
            kind: FaultKind::Throttled,
        })
    }

    /// How many failures were injected so far.
    pub fn injected(&self) -> u64 {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).injected
    }

    /// How many calls reached this layer so far.
    pub fn calls(&self) -> u64 {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).calls
    }

    fn decide(&self, operation: Operation) -> Option<FaultKind> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.calls += 1;
        if operation.is_write() {
            state.writes += 1;
        }
        let seen = {
            let entry = state.per_operation.entry(operation).or_default();
            *entry += 1;
            *entry
        };
        let (calls, writes) = (state.calls, state.writes);
        let rules = state.rules.clone();
        let mut fault = None;
        for rule in rules {
            let hit = match rule {
                Rule::Nth {
                    n,
                    writes_only: false,
                    kind,
                } => (calls == n).then_some(kind),
                Rule::Nth {
                    n,
                    writes_only: true,
                    kind,
                } => (operation.is_write() && writes == n).then_some(kind),
                Rule::Operation {
                    operation: target,
                    times,
                    kind,
                } => (target == operation && seen <= times).then_some(kind),
                Rule::Fraction { fraction, kind } => (state.rng.f64() < fraction).then_some(kind),
            };
            if hit.is_some() && fault.is_none() {
                fault = hit;
            }
        }
        if fault.is_some() {
            state.injected += 1;
        }
        fault
    }
}

impl Layer for Faults {
    fn before(&self, operation: Operation) -> CallFuture<'_, ()> {
        let fault = self.decide(operation);
        Box::pin(async move {
            match fault {
                Some(kind) => {
                    tracing::debug!(%operation, ?kind, "injecting a fault");
                    Err(kind.error(operation))
                }
                None => Ok(()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn nth_call_and_nth_write() {
        let faults = Faults::new(1)
            .fail_nth(2, FaultKind::Service)
            .fail_nth_write(2, FaultKind::Conflict);
        assert!(faults.before(Operation::GetRole).await.is_ok());
        assert!(matches!(
            faults.before(Operation::CreateRole).await,
            Err(Error::Service { .. })
        ));
        assert!(faults.before(Operation::GetRole).await.is_ok());
        assert!(matches!(
            faults.before(Operation::CreateRole).await,
            Err(Error::Conflict { .. })
        ));
        assert!(faults.before(Operation::CreateRole).await.is_ok());
        assert_eq!(faults.injected(), 2);
        assert_eq!(faults.calls(), 5);
    }

    #[tokio::test]
    async fn operation_rule_fails_the_first_calls() {
        let faults =
            Faults::new(1).fail_operation(Operation::CreateAccountAssignment, 2, FaultKind::Conflict);
        assert!(faults.before(Operation::CreateAccountAssignment).await.is_err());
        assert!(faults.before(Operation::GetRole).await.is_ok());
        assert!(faults.before(Operation::CreateAccountAssignment).await.is_err());
        assert!(faults.before(Operation::CreateAccountAssignment).await.is_ok());
    }

    #[tokio::test]
    async fn fraction_is_roughly_respected_and_deterministic() {
        let run = |seed| async move {
            let faults = Faults::new(seed).throttle_fraction(0.3);
            for _ in 0..1000 {
                let _ = faults.before(Operation::GetRole).await;
            }
            faults.injected()
        };
        let injected = run(42).await;
        assert!((250..=350).contains(&injected), "{injected}");
        assert_eq!(injected, run(42).await);
    }
}
