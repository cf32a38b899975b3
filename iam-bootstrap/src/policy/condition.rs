//! The `Condition` element: operators, keys and values.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::operator::ConditionOperator;
use super::value::{ConditionValue, ValueList};

/// One test in a `Condition` block: operator, context key, and the values it is compared with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConditionEntry {
    operator: ConditionOperator,
    key: String,
    values: ValueList<ConditionValue>,
}

impl ConditionEntry {
    /// A test of `key` against `values` with `operator`.
    pub fn new(
        operator: ConditionOperator,
        key: impl Into<String>,
        values: ValueList<ConditionValue>,
    ) -> Self {
        Self {
            operator,
            key: key.into(),
            values,
        }
    }

    /// The operator.
    pub fn operator(&self) -> ConditionOperator {
        self.operator
    }

    /// The context key, as written (IAM compares keys without case).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The policy values; the test passes if the request matches any of them (none of them
    /// for negated operators).
    pub fn values(&self) -> &ValueList<ConditionValue> {
        &self.values
    }
}

/// A statement's `Condition` block: every entry must hold.
///
/// Stored flat, in document order; serialization groups entries by operator the way IAM
/// writes them (`{"StringEquals": {"k1": ..., "k2": ...}, "Bool": {...}}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Condition {
    entries: Vec<ConditionEntry>,
    /// Operators IAM does not know, each over an empty block (`"StringEqual": {}`): IAM
    /// accepts them and they test nothing; kept so the linter can name them and the document
    /// serializes as written.
    unknown_operators: Vec<String>,
}

impl Condition {
    /// An empty block.
    pub fn new() -> Self {
        Self::default()
    }

    /// This block plus one test.
    #[must_use]
    pub fn with(
        mut self,
        operator: impl Into<ConditionOperator>,
        key: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<ConditionValue>>,
    ) -> Self {
        self.push(ConditionEntry::new(operator.into(), key, ValueList::new(values)));
        self
    }

    /// Appends one test.
    pub fn push(&mut self, entry: ConditionEntry) {
        self.entries.push(entry);
    }

    /// Records an operator IAM does not know whose block is empty (it tests nothing).
    pub(crate) fn push_unknown_operator(&mut self, operator: String) {
        self.unknown_operators.push(operator);
    }

    /// Operators IAM does not know that appear with an empty block (`"StringEqual": {}`):
    /// IAM accepts them and they test nothing (the linter reports them).
    pub fn unknown_operators(&self) -> &[String] {
        &self.unknown_operators
    }

    /// The tests, in document order.
    pub fn entries(&self) -> &[ConditionEntry] {
        &self.entries
    }

    /// Whether the block has no tests.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether some test uses `key` (compared without case, as IAM does).
    pub fn has_key(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key.eq_ignore_ascii_case(key))
    }

    /// The distinct operators in first-appearance order, each with its entries.
    pub(crate) fn grouped(&self) -> Vec<(ConditionOperator, Vec<&ConditionEntry>)> {
        let mut groups: Vec<(ConditionOperator, Vec<&ConditionEntry>)> = Vec::new();
        for entry in &self.entries {
            match groups.iter_mut().find(|(op, _)| *op == entry.operator) {
                Some((_, list)) => list.push(entry),
                None => groups.push((entry.operator, vec![entry])),
            }
        }
        groups
    }
}

struct Group<'a>(&'a [&'a ConditionEntry]);

impl Serialize for Group<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for entry in self.0 {
            map.serialize_entry(&entry.key, &entry.values)?;
        }
        map.end()
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let groups = self.grouped();
        let mut map = serializer.serialize_map(Some(groups.len() + self.unknown_operators.len()))?;
        for (operator, entries) in &groups {
            map.serialize_entry(&operator.to_string(), &Group(entries))?;
        }
        for operator in &self.unknown_operators {
            map.serialize_entry(operator, &Group(&[]))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Operator;

    #[test]
    fn conditions_serialize_grouped_by_operator() {
        let c = Condition::new()
            .with(Operator::StringEquals, "aws:SourceAccount", ["111122223333"])
            .with(
                ConditionOperator::new(Operator::Bool),
                "aws:SecureTransport",
                [true],
            )
            .with(Operator::StringEquals, "aws:SourceVpc", ["vpc-1", "vpc-2"]);
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"StringEquals":{"aws:SourceAccount":"111122223333","aws:SourceVpc":["vpc-1","vpc-2"]},"Bool":{"aws:SecureTransport":true}}"#
        );
        assert!(c.has_key("AWS:sourceaccount"));
        assert!(!c.has_key("aws:MultiFactorAuthPresent"));
    }
}
