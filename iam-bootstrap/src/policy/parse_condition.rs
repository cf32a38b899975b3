//! Parsing a `Condition` block: operators, keys and values.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::condition::{Condition, ConditionEntry};
use super::error::PolicyError;
use super::operator::ConditionOperator;
use super::parse_values::{
    FirstError, Key, LenientConditionValues, WrongType, reject_other_types, wrong_type,
};

/// `{"Operator": {"key": value-or-values, ...}, ...}`.
pub(super) struct ConditionSeed {
    pub(super) statement: usize,
}

impl<'de> DeserializeSeed<'de> for ConditionSeed {
    type Value = Result<Condition, PolicyError>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ConditionSeed {
    type Value = Result<Condition, PolicyError>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a condition object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let statement = self.statement;
        let mut err = FirstError::default();
        let mut condition = Condition::new();
        let mut operators: Vec<ConditionOperator> = Vec::with_capacity(2);
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let Ok(operator) = key.parse::<ConditionOperator>() else {
                // An unknown operator over an empty block (`"StringEqual": {}`) tests nothing:
                // IAM accepts it (issue #21's single-mutation trials against IAM's validator;
                // the IAM User Guide's policy grammar, "condition_block", puts no rule on the
                // operator name of an empty map), so it is kept for the linter
                // (`unknown_operator_without_keys`) instead of refused. With keys it is refused:
                // IAM answers "Syntax errors in policy" for an unknown condition type.
                if map.next_value_seed(EmptyObject)? {
                    condition.push_unknown_operator(key.into_owned());
                } else {
                    err.set(PolicyError::UnknownOperator {
                        statement,
                        operator: key.into_owned(),
                    });
                }
                continue;
            };
            if operators.contains(&operator) {
                err.set(PolicyError::DuplicateElement {
                    path: format!("Statement[{statement}].Condition"),
                    element: key.to_string(),
                });
            }
            operators.push(operator);
            match map.next_value_seed(OperatorBlockSeed {
                statement,
                operator,
                condition: &mut condition,
            })? {
                Ok(()) => {}
                Err(e) => err.set(e),
            }
        }
        Ok(match err.0 {
            Some(e) => Err(e),
            None => Ok(condition),
        })
    }

    reject_other_types!(scalars, str, seq);
}

impl WrongType for ConditionSeed {
    type Output = Result<Condition, PolicyError>;
    fn wrong(&self) -> Self::Output {
        Err(wrong_type(
            format!("Statement[{}].Condition", self.statement),
            "an object",
        ))
    }
}

/// Whether a value is `{}` (anything else is read and ignored).
struct EmptyObject;

impl<'de> DeserializeSeed<'de> for EmptyObject {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EmptyObject {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a condition block")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut empty = true;
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {
            empty = false;
        }
        Ok(empty)
    }

    reject_other_types!(scalars, str, seq);
}

impl WrongType for EmptyObject {
    type Output = bool;
    fn wrong(&self) -> bool {
        false
    }
}

/// The `{"key": values}` object under one operator; appends its entries to `condition`.
struct OperatorBlockSeed<'c> {
    statement: usize,
    operator: ConditionOperator,
    condition: &'c mut Condition,
}

impl<'de> DeserializeSeed<'de> for OperatorBlockSeed<'_> {
    type Value = Result<(), PolicyError>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for OperatorBlockSeed<'_> {
    type Value = Result<(), PolicyError>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of condition keys")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut err = FirstError::default();
        let first_new = self.condition.entries().len();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let duplicate = self
                .condition
                .entries()
                .get(first_new..)
                .unwrap_or_default()
                .iter()
                .any(|e| e.key() == key.as_ref());
            if duplicate {
                err.set(PolicyError::DuplicateElement {
                    path: format!("Statement[{}].Condition.{}", self.statement, self.operator),
                    element: key.to_string(),
                });
            }
            match map.next_value_seed(LenientConditionValues)? {
                Some(values) => self
                    .condition
                    .push(ConditionEntry::new(self.operator, key, values)),
                None => err.set(wrong_type(
                    format!("Statement[{}].Condition.{}.{key}", self.statement, self.operator),
                    "a string, boolean or number, or an array of them",
                )),
            }
        }
        Ok(match err.0 {
            Some(e) => Err(e),
            None => Ok(()),
        })
    }

    reject_other_types!(scalars, str, seq);
}

impl WrongType for OperatorBlockSeed<'_> {
    type Output = Result<(), PolicyError>;
    fn wrong(&self) -> Self::Output {
        Err(wrong_type(
            format!("Statement[{}].Condition.{}", self.statement, self.operator),
            "an object",
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::{PolicyDocument, PolicyError, Statement};

    fn first(text: &str) -> Result<Statement, PolicyError> {
        let doc = PolicyDocument::from_json(&format!(r#"{{"Version":"2012-10-17","Statement":[{text}]}}"#))?;
        Ok(doc.statements()[0].clone())
    }

    #[test]
    fn condition_duplicates_are_reported() {
        let err = first(r#"{"Effect":"Allow","Condition":{"Bool":{"a:b":true,"a:b":false}}}"#).unwrap_err();
        assert_eq!(err.code(), "duplicate_element");
        let err =
            first(r#"{"Effect":"Allow","Condition":{"Bool":{"a:b":true},"bool":{"a:c":true}}}"#).unwrap_err();
        assert_eq!(err.code(), "duplicate_element");
    }
}
