//! Counts calls per operation: what a run read, what it wrote, what failed.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use super::Layer;
use crate::client::{Access, Operation};
use crate::error::Error;

/// Calls and failures of one operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationStats {
    /// Calls that reached the layer below.
    pub calls: u64,
    /// How many of them failed.
    pub errors: u64,
}

/// A snapshot of a [`CallCounter`]. Serializes with its totals (`reads`, `writes`,
/// `total`) next to the per-operation counts, for reports that do not recompute them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "CallStatsJson", from = "CallStatsJson")]
pub struct CallStats {
    /// Per operation, only those called at least once.
    pub by_operation: BTreeMap<Operation, OperationStats>,
}

impl CallStats {
    /// All calls.
    pub fn total(&self) -> u64 {
        self.by_operation.values().map(|s| s.calls).sum()
    }

    /// Calls that read.
    pub fn reads(&self) -> u64 {
        self.count(Access::Read)
    }

    /// Calls that write.
    pub fn writes(&self) -> u64 {
        self.count(Access::Write)
    }

    /// Failed calls.
    pub fn errors(&self) -> u64 {
        self.by_operation.values().map(|s| s.errors).sum()
    }

    /// Calls of one operation.
    pub fn calls(&self, operation: Operation) -> u64 {
        self.by_operation.get(&operation).map_or(0, |s| s.calls)
    }

    fn count(&self, access: Access) -> u64 {
        self.by_operation
            .iter()
            .filter(|(op, _)| op.access() == access)
            .map(|(_, s)| s.calls)
            .sum()
    }

    /// The calls made since `earlier` (a snapshot of the same counter).
    pub fn since(&self, earlier: &CallStats) -> CallStats {
        let by_operation = self
            .by_operation
            .iter()
            .filter_map(|(op, now)| {
                let before = earlier.by_operation.get(op).copied().unwrap_or_default();
                let delta = OperationStats {
                    calls: now.calls.saturating_sub(before.calls),
                    errors: now.errors.saturating_sub(before.errors),
                };
                (delta.calls > 0).then_some((*op, delta))
            })
            .collect();
        CallStats { by_operation }
    }
}

/// How [`CallStats`] looks in JSON.
#[derive(Serialize, Deserialize)]
struct CallStatsJson {
    #[serde(default)]
    total: u64,
    #[serde(default)]
    reads: u64,
    #[serde(default)]
    writes: u64,
    #[serde(default)]
    errors: u64,
    by_operation: BTreeMap<Operation, OperationStats>,
}

impl From<CallStats> for CallStatsJson {
    fn from(stats: CallStats) -> Self {
        Self {
            total: stats.total(),
            reads: stats.reads(),
            writes: stats.writes(),
            errors: stats.errors(),
            by_operation: stats.by_operation,
        }
    }
}

impl From<CallStatsJson> for CallStats {
    fn from(json: CallStatsJson) -> Self {
        Self {
            by_operation: json.by_operation,
        }
    }
}

/// A [`Layer`] that counts every call by operation. Clones share the same counts.
#[derive(Debug, Clone, Default)]
pub struct CallCounter {
    stats: Arc<Mutex<CallStats>>,
}

impl CallCounter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// The counts so far.
    pub fn snapshot(&self) -> CallStats {
        self.stats.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Sets every count back to zero.
    pub fn reset(&self) {
        *self.stats.lock().unwrap_or_else(PoisonError::into_inner) = CallStats::default();
    }
}

impl Layer for CallCounter {
    fn after(&self, operation: Operation, outcome: Result<(), &Error>) {
        let mut stats = self.stats.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = stats.by_operation.entry(operation).or_default();
        entry.calls += 1;
        if outcome.is_err() {
            entry.errors += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_reads_writes_and_errors() {
        let counter = CallCounter::new();
        counter.after(Operation::GetRole, Ok(()));
        counter.after(Operation::GetRole, Ok(()));
        let before = counter.snapshot();
        let err = Error::not_found(crate::ResourceKind::Role, "r");
        counter.after(Operation::CreateRole, Err(&err));
        let stats = counter.snapshot();
        assert_eq!(stats.reads(), 2);
        assert_eq!(stats.writes(), 1);
        assert_eq!(stats.errors(), 1);
        assert_eq!(stats.calls(Operation::GetRole), 2);
        let delta = stats.since(&before);
        assert_eq!(delta.total(), 1);
        assert_eq!(delta.calls(Operation::CreateRole), 1);
        counter.reset();
        assert_eq!(counter.snapshot().total(), 0);
    }
}
