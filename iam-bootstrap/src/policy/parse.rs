//! Parsing every JSON shape IAM accepts, with typed errors.
//!
//! The visitors here deserialize straight into the typed document (no intermediate
//! `serde_json::Value`, which would cost as much again as the parse). They never fail on a
//! grammar problem: a wrong type, an unknown or repeated key or a bad `Effect` is recorded as
//! a [`PolicyError`] and the rest of the input is skipped, so the caller gets a typed error
//! instead of serde's string. Only JSON syntax errors come back from serde itself.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::document::{PolicyDocument, Version};
use super::error::PolicyError;
use super::parse_values::{FirstError, Key, LenientString, WrongType, reject_other_types, wrong_type};
use super::statement::Statement;

/// Decodes the URL-encoded form IAM returns (`%7B%22Version%22...`); other text is returned
/// unchanged. Only `%XX` escapes are decoded: `+` stays `+`, since IAM percent-encodes
/// spaces and a literal `+` may appear in a policy.
pub(crate) fn url_decode(text: &str) -> Result<Cow<'_, str>, PolicyError> {
    if !text.trim_start().starts_with('%') {
        return Ok(Cow::Borrowed(text));
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_err(|err| PolicyError::UrlEncoding {
            message: err.to_string(),
        })
}

pub(crate) fn parse_document(text: &str) -> Result<PolicyDocument, PolicyError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = de.deserialize_any(DocumentVisitor)?;
    de.end()?;
    parsed
}

pub(crate) fn parse_document_slice(bytes: &[u8]) -> Result<PolicyDocument, PolicyError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed = de.deserialize_any(DocumentVisitor)?;
    de.end()?;
    parsed
}

pub(crate) fn deserialize_document<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<PolicyDocument, D::Error> {
    deserializer.deserialize_any(DocumentVisitor)?.map_err(|e| {
        let err = crate::error::ValidationError::new("", crate::error::ValidationReason::Policy(e));
        crate::spec::capture::de_error(err)
    })
}

type Parsed<T> = Result<T, PolicyError>;

struct DocumentVisitor;

impl WrongType for DocumentVisitor {
    type Output = Parsed<PolicyDocument>;
    fn wrong(&self) -> Self::Output {
        Err(wrong_type("policy", "a JSON object"))
    }
}

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Parsed<PolicyDocument>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a policy document object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut err = FirstError::default();
        let (mut version, mut id, mut statements) = (None, None, None);
        let mut seen = [false; 3];
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let slot = match key.as_ref() {
                "Version" => 0,
                "Id" => 1,
                "Statement" => 2,
                other => {
                    err.set(PolicyError::UnknownElement {
                        path: "policy".into(),
                        element: other.to_owned(),
                    });
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if std::mem::replace(&mut seen[slot], true) {
                err.set(PolicyError::DuplicateElement {
                    path: "policy".into(),
                    element: key.into_owned(),
                });
            }
            match slot {
                0 => match map.next_value_seed(LenientString)? {
                    Some(v) => match v.parse::<Version>() {
                        Ok(v) => version = Some(v),
                        Err(e) => err.set(e),
                    },
                    None => err.set(wrong_type("Version", "a string")),
                },
                1 => match map.next_value_seed(LenientString)? {
                    Some(v) => id = Some(v),
                    None => err.set(wrong_type("Id", "a string")),
                },
                _ => match map.next_value_seed(StatementsSeed)? {
                    Ok(list) => statements = Some(list),
                    Err(e) => err.set(e),
                },
            }
        }
        if let Some(e) = err.0 {
            return Ok(Err(e));
        }
        let Some((statements, single_statement)) = statements else {
            return Ok(Err(PolicyError::MissingElement {
                path: "policy".into(),
                element: "Statement",
            }));
        };
        Ok(Ok(PolicyDocument {
            version,
            id,
            statements,
            single_statement,
        }))
    }

    reject_other_types!(scalars, str, seq);
}

/// `Statement`: one object or an array of them. Yields the list and whether it was one object.
struct StatementsSeed;

impl WrongType for StatementsSeed {
    type Output = Parsed<(Vec<Statement>, bool)>;
    fn wrong(&self) -> Self::Output {
        Err(wrong_type("Statement", "an object or an array of objects"))
    }
}

impl<'de> DeserializeSeed<'de> for StatementsSeed {
    type Value = Parsed<(Vec<Statement>, bool)>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StatementsSeed {
    type Value = Parsed<(Vec<Statement>, bool)>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a statement object or an array of them")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(StatementSeed { index: 0 }
            .visit_map(map)?
            .map(|s| (vec![s], true)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut err = FirstError::default();
        let mut statements = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        let mut index = 0;
        while let Some(parsed) = seq.next_element_seed(StatementSeed { index })? {
            match parsed {
                Ok(statement) => statements.push(statement),
                Err(e) => err.set(e),
            }
            index += 1;
        }
        Ok(match err.0 {
            Some(e) => Err(e),
            None => Ok((statements, false)),
        })
    }

    reject_other_types!(scalars, str);
}

use super::parse_statement::StatementSeed;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<PolicyDocument, PolicyError> {
        PolicyDocument::from_json(text)
    }

    #[test]
    fn url_encoded_documents_decode() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D";
        let doc = parse(encoded).unwrap();
        assert_eq!(doc.statements().len(), 1);
        assert_eq!(
            doc.to_json(),
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#
        );
        assert!(matches!(parse("%7B%FF%FE"), Err(PolicyError::UrlEncoding { .. })));
    }

    #[test]
    fn root_and_statement_shapes_are_typed_errors() {
        assert!(matches!(parse("[]"), Err(PolicyError::InvalidType { .. })));
        assert!(matches!(parse("\"x\""), Err(PolicyError::InvalidType { .. })));
        assert!(matches!(
            parse(r#"{"Version":"2012-10-17"}"#),
            Err(PolicyError::MissingElement {
                element: "Statement",
                ..
            })
        ));
        assert!(matches!(
            parse(r#"{"Statement":5}"#),
            Err(PolicyError::InvalidType { .. })
        ));
        assert!(matches!(
            parse(r#"{"Statement":[],"Foo":1}"#),
            Err(PolicyError::UnknownElement { .. })
        ));
        assert!(matches!(
            parse(r#"{"Statement":[],"Statement":[]}"#),
            Err(PolicyError::DuplicateElement { .. })
        ));
        assert!(matches!(
            parse(r#"{"Version":1,"Statement":[]}"#),
            Err(PolicyError::InvalidType { .. })
        ));
        assert!(matches!(
            parse(r#"{"Statement":[] } x"#),
            Err(PolicyError::Json { .. })
        ));
        assert!(matches!(
            parse(r#"{"Statement":[1]}"#),
            Err(PolicyError::InvalidType { .. })
        ));
    }
}
