//! Values that IAM writes either as one scalar or as an array.

use std::fmt;

use serde::ser::{Serialize, SerializeSeq, Serializer};

/// A list of values that IAM accepts as either one scalar or an array (`"Action": "s3:GetObject"`
/// or `"Action": ["s3:GetObject"]`).
///
/// The list remembers which form it was parsed from, so a document re-serializes the way it
/// came in; lists built in code use the scalar form for one value and the array form otherwise.
/// [`PartialEq`] compares the form too (exact round trips); semantic comparisons ignore it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValueList<T = String> {
    values: Vec<T>,
    array: bool,
}

impl<T> ValueList<T> {
    /// A list written as a single scalar.
    pub fn one(value: impl Into<T>) -> Self {
        Self {
            values: vec![value.into()],
            array: false,
        }
    }

    /// A list written as a JSON array, even when it holds one value.
    pub fn array(values: impl IntoIterator<Item = impl Into<T>>) -> Self {
        Self {
            values: values.into_iter().map(Into::into).collect(),
            array: true,
        }
    }

    /// A list written as a scalar when it holds exactly one value, as an array otherwise.
    pub fn new(values: impl IntoIterator<Item = impl Into<T>>) -> Self {
        let values: Vec<T> = values.into_iter().map(Into::into).collect();
        // The flag only matters for one value; keeping it canonical otherwise makes a parsed
        // list equal to the same list built in code.
        let array = values.len() != 1;
        Self { values, array }
    }

    pub(crate) fn from_parts(values: Vec<T>, array: bool) -> Self {
        let array = array || values.len() != 1;
        Self { values, array }
    }

    /// The values, in document order.
    pub fn as_slice(&self) -> &[T] {
        &self.values
    }

    /// Iterates over the values.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.values.iter()
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the list is empty (`[]`, which validation rejects).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether the list serializes as a JSON array (false: a single scalar).
    pub fn is_array_form(&self) -> bool {
        self.array
    }

    /// Consumes the list, returning its values.
    pub fn into_vec(self) -> Vec<T> {
        self.values
    }
}

impl<T> Default for ValueList<T> {
    fn default() -> Self {
        Self {
            values: Vec::new(),
            array: true,
        }
    }
}

impl<'a, T> IntoIterator for &'a ValueList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.values.iter()
    }
}

impl<T, V: Into<T>> FromIterator<V> for ValueList<T> {
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Self {
        Self::new(iter)
    }
}

impl<T: Serialize> Serialize for ValueList<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.values.as_slice() {
            [only] if !self.array => only.serialize(serializer),
            values => {
                let mut seq = serializer.serialize_seq(Some(values.len()))?;
                for value in values {
                    seq.serialize_element(value)?;
                }
                seq.end()
            }
        }
    }
}

/// One value in a condition: IAM accepts strings, booleans and numbers
/// (`"aws:SecureTransport": false`, `"s3:max-keys": 10`).
///
/// Booleans and numbers keep their JSON type on a round trip; evaluation compares their text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConditionValue {
    /// A JSON string.
    String(String),
    /// A JSON boolean.
    Bool(bool),
    /// A JSON number.
    Number(serde_json::Number),
}

impl ConditionValue {
    /// The value as IAM compares it: strings as they are, `true`/`false`, numbers in decimal.
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            ConditionValue::String(s) => std::borrow::Cow::Borrowed(s),
            ConditionValue::Bool(true) => std::borrow::Cow::Borrowed("true"),
            ConditionValue::Bool(false) => std::borrow::Cow::Borrowed("false"),
            ConditionValue::Number(n) => std::borrow::Cow::Owned(n.to_string()),
        }
    }
}

impl fmt::Display for ConditionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl From<&str> for ConditionValue {
    fn from(value: &str) -> Self {
        ConditionValue::String(value.to_owned())
    }
}

impl From<String> for ConditionValue {
    fn from(value: String) -> Self {
        ConditionValue::String(value)
    }
}

impl From<&String> for ConditionValue {
    fn from(value: &String) -> Self {
        ConditionValue::String(value.clone())
    }
}

impl From<bool> for ConditionValue {
    fn from(value: bool) -> Self {
        ConditionValue::Bool(value)
    }
}

impl From<i64> for ConditionValue {
    fn from(value: i64) -> Self {
        ConditionValue::Number(value.into())
    }
}

impl From<u64> for ConditionValue {
    fn from(value: u64) -> Self {
        ConditionValue::Number(value.into())
    }
}

impl Serialize for ConditionValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ConditionValue::String(s) => serializer.serialize_str(s),
            ConditionValue::Bool(b) => serializer.serialize_bool(*b),
            ConditionValue::Number(n) => n.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_serializes_as_scalar_unless_parsed_as_array() {
        let one: ValueList = ValueList::new(["s3:GetObject"]);
        assert_eq!(serde_json::to_string(&one).unwrap(), "\"s3:GetObject\"");
        let forced: ValueList = ValueList::array(["s3:GetObject"]);
        assert_eq!(serde_json::to_string(&forced).unwrap(), "[\"s3:GetObject\"]");
        let two: ValueList = ["a", "b"].into_iter().collect();
        assert_eq!(serde_json::to_string(&two).unwrap(), "[\"a\",\"b\"]");
        assert!(two.is_array_form());
        assert!(!one.is_array_form());
        let empty: ValueList = ValueList::default();
        assert_eq!(serde_json::to_string(&empty).unwrap(), "[]");
    }

    #[test]
    fn condition_values_keep_their_json_type() {
        let values: ValueList<ConditionValue> =
            ValueList::array([ConditionValue::from(true), 10_i64.into(), "x".into()]);
        assert_eq!(serde_json::to_string(&values).unwrap(), "[true,10,\"x\"]");
        assert_eq!(ConditionValue::from(false).as_text(), "false");
        assert_eq!(ConditionValue::from(7_u64).to_string(), "7");
    }
}
