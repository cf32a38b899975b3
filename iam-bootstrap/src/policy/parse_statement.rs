//! Parsing one statement: its elements, `Principal` objects and `Condition` blocks.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::error::PolicyError;
use super::parse_condition::ConditionSeed;
use super::parse_values::{
    FirstError, Key, LenientString, LenientStrings, WrongType, reject_other_types, wrong_type,
};
use super::principal::{Principal, PrincipalType};
use super::statement::{ActionElement, Effect, PrincipalElement, ResourceElement, Statement};
use super::value::ValueList;

/// The statement elements; `seen` flags are kept in this order.
const ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Parses the statement at `index` of the `Statement` array.
pub(super) struct StatementSeed {
    pub(super) index: usize,
}

impl StatementSeed {
    fn path(&self, element: &str) -> String {
        format!("Statement[{}].{element}", self.index)
    }
}

impl<'de> DeserializeSeed<'de> for StatementSeed {
    type Value = Result<Statement, PolicyError>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StatementSeed {
    type Value = Result<Statement, PolicyError>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a statement object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let statement = self.index;
        let mut err = FirstError::default();
        let mut seen = [false; ELEMENTS.len()];
        let mut sid = None;
        let mut effect = None;
        let mut principal: Option<PrincipalElement> = None;
        let mut action: Option<ActionElement> = None;
        let mut resource: Option<ResourceElement> = None;
        let mut condition = None;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let Some(slot) = ELEMENTS.iter().position(|e| *e == key) else {
                err.set(PolicyError::UnknownElement {
                    path: format!("Statement[{statement}]"),
                    element: key.into_owned(),
                });
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let name = ELEMENTS.get(slot).copied().unwrap_or_default();
            if std::mem::replace(&mut seen[slot], true) {
                err.set(PolicyError::DuplicateElement {
                    path: format!("Statement[{statement}]"),
                    element: name.to_owned(),
                });
            }
            match name {
                "Sid" => match map.next_value_seed(LenientString)? {
                    Some(v) => sid = Some(v),
                    None => err.set(wrong_type(self.path(name), "a string")),
                },
                "Effect" => match map.next_value_seed(LenientString)?.as_deref() {
                    Some("Allow") => effect = Some(Effect::Allow),
                    Some("Deny") => effect = Some(Effect::Deny),
                    Some(other) => err.set(PolicyError::InvalidEffect {
                        statement,
                        effect: other.to_owned(),
                    }),
                    None => err.set(wrong_type(self.path(name), "a string")),
                },
                "Principal" | "NotPrincipal" => match map.next_value_seed(PrincipalSeed { statement })? {
                    Ok(p) => {
                        let element = if name == "Principal" {
                            PrincipalElement::Principal(p)
                        } else {
                            PrincipalElement::NotPrincipal(p)
                        };
                        if let Some(previous) = principal.replace(element) {
                            err.set(exclusive(statement, previous.name(), name));
                        }
                    }
                    Err(e) => err.set(e),
                },
                "Action" | "NotAction" => match map.next_value_seed(LenientStrings)? {
                    Some(list) => {
                        let element = if name == "Action" {
                            ActionElement::Action(list)
                        } else {
                            ActionElement::NotAction(list)
                        };
                        if let Some(previous) = action.replace(element) {
                            err.set(exclusive(statement, previous.name(), name));
                        }
                    }
                    None => err.set(wrong_type(self.path(name), "a string or an array of strings")),
                },
                "Resource" | "NotResource" => match map.next_value_seed(LenientStrings)? {
                    Some(list) => {
                        let element = if name == "Resource" {
                            ResourceElement::Resource(list)
                        } else {
                            ResourceElement::NotResource(list)
                        };
                        if let Some(previous) = resource.replace(element) {
                            err.set(exclusive(statement, previous.name(), name));
                        }
                    }
                    None => err.set(wrong_type(self.path(name), "a string or an array of strings")),
                },
                _ => match map.next_value_seed(ConditionSeed { statement })? {
                    Ok(c) => condition = Some(c),
                    Err(e) => err.set(e),
                },
            }
        }
        if let Some(e) = err.0 {
            return Ok(Err(e));
        }
        let Some(effect) = effect else {
            return Ok(Err(PolicyError::MissingElement {
                path: format!("Statement[{statement}]"),
                element: "Effect",
            }));
        };
        Ok(Ok(Statement {
            sid,
            effect,
            principal,
            action,
            resource,
            condition,
        }))
    }

    reject_other_types!(scalars, str, seq);
}

impl WrongType for StatementSeed {
    type Output = Result<Statement, PolicyError>;
    fn wrong(&self) -> Self::Output {
        Err(wrong_type(format!("Statement[{}]", self.index), "an object"))
    }
}

fn exclusive(statement: usize, first: &'static str, second: &'static str) -> PolicyError {
    if first == second {
        // Same element twice: already reported as a duplicate.
        return PolicyError::DuplicateElement {
            path: format!("Statement[{statement}]"),
            element: first.to_owned(),
        };
    }
    PolicyError::MutuallyExclusive {
        statement,
        first,
        second,
    }
}

/// `"*"` or `{"AWS": ..., "Service": ..., "Federated": ..., "CanonicalUser": ...}`.
struct PrincipalSeed {
    statement: usize,
}

impl<'de> DeserializeSeed<'de> for PrincipalSeed {
    type Value = Result<Principal, PolicyError>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PrincipalSeed {
    type Value = Result<Principal, PolicyError>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"*\" or a principal object")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(if v == "*" {
            Ok(Principal::Any)
        } else {
            Err(PolicyError::InvalidPrincipal {
                statement: self.statement,
                principal: v.to_owned(),
                reason: "a principal string must be \"*\"; name others by type, e.g. {\"AWS\": ...}",
            })
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let statement = self.statement;
        let mut err = FirstError::default();
        let mut entries: Vec<(PrincipalType, ValueList)> = Vec::with_capacity(2);
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let Ok(kind) = key.parse::<PrincipalType>() else {
                err.set(PolicyError::InvalidPrincipal {
                    statement,
                    principal: key.into_owned(),
                    reason: "unknown principal type (expected AWS, Service, Federated or CanonicalUser)",
                });
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if entries.iter().any(|(k, _)| *k == kind) {
                err.set(PolicyError::DuplicateElement {
                    path: format!("Statement[{statement}].Principal"),
                    element: key.into_owned(),
                });
            }
            match map.next_value_seed(LenientStrings)? {
                Some(values) => entries.push((kind, values)),
                None => err.set(wrong_type(
                    format!("Statement[{statement}].Principal.{kind}"),
                    "a string or an array of strings",
                )),
            }
        }
        Ok(match err.0 {
            Some(e) => Err(e),
            None => Ok(Principal::Typed(entries)),
        })
    }

    reject_other_types!(scalars, seq);
}

impl WrongType for PrincipalSeed {
    type Output = Result<Principal, PolicyError>;
    fn wrong(&self) -> Self::Output {
        Err(wrong_type(
            format!("Statement[{}].Principal", self.statement),
            "\"*\" or an object",
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::{ConditionValue, Operator, PolicyDocument, PolicyError, PrincipalType};

    fn first(text: &str) -> Result<crate::policy::Statement, PolicyError> {
        let doc = PolicyDocument::from_json(&format!(r#"{{"Version":"2012-10-17","Statement":[{text}]}}"#))?;
        Ok(doc.statements()[0].clone())
    }

    #[test]
    fn every_element_parses() {
        let s = first(
            r#"{"Sid":"A","Effect":"Allow","Principal":{"AWS":["111122223333"],"Service":"ec2.amazonaws.com"},
            "Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":true},
            "NumericLessThan":{"aws:MultiFactorAuthAge":[3600, 1.5]}}}"#,
        )
        .unwrap();
        assert_eq!(s.sid(), Some("A"));
        let principal = s.principal().unwrap().values();
        assert_eq!(
            principal.values(PrincipalType::Service).unwrap().as_slice(),
            ["ec2.amazonaws.com"]
        );
        let c = s.condition().unwrap();
        assert_eq!(c.entries().len(), 2);
        assert_eq!(c.entries()[0].values().as_slice(), [ConditionValue::Bool(true)]);
        assert_eq!(c.entries()[1].operator().operator(), Operator::NumericLessThan);
        assert_eq!(c.entries()[1].values().len(), 2);
    }

    #[test]
    fn grammar_errors_are_typed() {
        let cases: [(&str, &str); 12] = [
            (r#"{"Effect":"allow","Action":"*"}"#, "invalid_effect"),
            (r#"{"Action":"*"}"#, "missing_element"),
            (
                r#"{"Effect":"Allow","Action":"*","NotAction":"s3:*"}"#,
                "mutually_exclusive",
            ),
            (
                r#"{"Effect":"Allow","Resource":"*","NotResource":"*"}"#,
                "mutually_exclusive",
            ),
            (
                r#"{"Effect":"Allow","Principal":"*","NotPrincipal":"*"}"#,
                "mutually_exclusive",
            ),
            (
                r#"{"Effect":"Allow","Action":"*","Action":"*"}"#,
                "duplicate_element",
            ),
            (r#"{"Effect":"Allow","Actions":"*"}"#, "unknown_element"),
            (r#"{"Effect":"Allow","Action":5}"#, "invalid_type"),
            (r#"{"Effect":"Allow","Action":["a",{}]}"#, "invalid_type"),
            (
                r#"{"Effect":"Allow","Principal":{"Aws":"*"}}"#,
                "invalid_principal",
            ),
            (
                r#"{"Effect":"Allow","Condition":{"StringEqual":{"a:b":"c"}}}"#,
                "unknown_operator",
            ),
            (
                r#"{"Effect":"Allow","Condition":{"Null":{"a:b":null}}}"#,
                "invalid_type",
            ),
        ];
        for (text, code) in cases {
            let err = first(text).unwrap_err();
            assert_eq!(err.code(), code, "{text}: {err}");
        }
        let err = first(r#"{"Effect":"Allow","Principal":"arn:aws:iam::1:root"}"#).unwrap_err();
        assert!(matches!(err, PolicyError::InvalidPrincipal { statement: 0, .. }));
    }
}
