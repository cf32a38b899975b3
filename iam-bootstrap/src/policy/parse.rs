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
use super::statement::Statement;
use super::value::{ConditionValue, ValueList};

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
    deserializer
        .deserialize_any(DocumentVisitor)?
        .map_err(de::Error::custom)
}

type Parsed<T> = Result<T, PolicyError>;

/// What a visitor yields for a JSON type its element does not accept.
pub(super) trait WrongType: Sized {
    /// The visitor's value.
    type Output;
    /// The "wrong type" result (`None`, or a typed error naming the element).
    fn wrong(&self) -> Self::Output;
}

/// Generates the visitor methods for JSON types the element does not accept: they yield
/// [`WrongType::wrong`], draining containers so parsing can go on. Name the kinds to reject:
/// `scalars` (booleans, numbers, null), `str`, `map`, `seq`.
macro_rules! reject_other_types {
    ($($kind:ident),*) => { $(reject_other_types!(@$kind);)* };
    (@scalars) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> { Ok(self.wrong()) }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> { Ok(self.wrong()) }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> { Ok(self.wrong()) }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> { Ok(self.wrong()) }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> { Ok(self.wrong()) }
    };
    (@map) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(self.wrong())
        }
    };
    (@seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(self.wrong())
        }
    };
    (@str) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> { Ok(self.wrong()) }
    };
}
pub(super) use reject_other_types;

/// A map key, borrowed from the input when it has no escapes.
pub(super) struct Key<'de>(pub(super) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A string, or `None` for any other JSON type.
pub(super) struct LenientString;

impl<'de> de::Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Ok(LenientString)
    }
}

impl<'de> DeserializeSeed<'de> for LenientString {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl WrongType for LenientString {
    type Output = Option<String>;
    fn wrong(&self) -> Self::Output {
        None
    }
}

impl<'de> Visitor<'de> for LenientString {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    reject_other_types!(scalars, map, seq);
}

/// A string or an array of strings, or `None` for anything else.
pub(super) struct LenientStrings;

impl<'de> DeserializeSeed<'de> for LenientStrings {
    type Value = Option<ValueList>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl WrongType for LenientStrings {
    type Output = Option<ValueList>;
    fn wrong(&self) -> Self::Output {
        None
    }
}

impl<'de> Visitor<'de> for LenientStrings {
    type Value = Option<ValueList>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an array of strings")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(ValueList::one(v)))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(ValueList::one(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        let mut ok = true;
        while let Some(value) = seq.next_element_seed(LenientString)? {
            match value {
                Some(v) => values.push(v),
                None => ok = false,
            }
        }
        Ok(ok.then(|| ValueList::from_parts(values, true)))
    }
    reject_other_types!(scalars, map);
}

/// One condition value (string, boolean or number), or `None` for anything else.
struct LenientConditionValue;

impl<'de> DeserializeSeed<'de> for LenientConditionValue {
    type Value = Option<ConditionValue>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl WrongType for LenientConditionValue {
    type Output = Option<ConditionValue>;
    fn wrong(&self) -> Self::Output {
        None
    }
}

impl<'de> Visitor<'de> for LenientConditionValue {
    type Value = Option<ConditionValue>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, boolean or number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(ConditionValue::String(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(ConditionValue::String(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(ConditionValue::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(ConditionValue::Number(v.into())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(ConditionValue::Number(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map(ConditionValue::Number))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    reject_other_types!(map, seq);
}

/// One condition value or an array of them.
pub(super) struct LenientConditionValues;

impl<'de> DeserializeSeed<'de> for LenientConditionValues {
    type Value = Option<ValueList<ConditionValue>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl WrongType for LenientConditionValues {
    type Output = Option<ValueList<ConditionValue>>;
    fn wrong(&self) -> Self::Output {
        None
    }
}

impl<'de> Visitor<'de> for LenientConditionValues {
    type Value = Option<ValueList<ConditionValue>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a condition value or an array of them")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        LenientConditionValue
            .visit_str(v)
            .map(|o| o.map(ValueList::one))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(ValueList::one(ConditionValue::String(v))))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(ValueList::one(ConditionValue::Bool(v))))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(ValueList::one(ConditionValue::Number(v.into()))))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(ValueList::one(ConditionValue::Number(v.into()))))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        LenientConditionValue
            .visit_f64(v)
            .map(|o| o.map(ValueList::one))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        let mut ok = true;
        while let Some(value) = seq.next_element_seed(LenientConditionValue)? {
            match value {
                Some(v) => values.push(v),
                None => ok = false,
            }
        }
        Ok(ok.then(|| ValueList::from_parts(values, true)))
    }
    reject_other_types!(map);
}

/// Keeps the first error met while the rest of the input is consumed.
#[derive(Default)]
pub(super) struct FirstError(pub(super) Option<PolicyError>);

impl FirstError {
    pub(super) fn set(&mut self, err: PolicyError) {
        self.0.get_or_insert(err);
    }
}

pub(super) fn wrong_type(path: impl Into<String>, expected: &'static str) -> PolicyError {
    PolicyError::InvalidType {
        path: path.into(),
        expected,
    }
}

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
        assert!(matches!(
            parse("%7B%FF%FE"),
            Err(PolicyError::UrlEncoding { .. })
        ));
    }

    #[test]
    fn root_and_statement_shapes_are_typed_errors() {
        assert!(matches!(parse("[]"), Err(PolicyError::InvalidType { .. })));
        assert!(matches!(
            parse("\"x\""),
            Err(PolicyError::InvalidType { .. })
        ));
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
