//! Lenient visitors for the leaves of a policy: keys, strings, string lists and condition
//! values. A value of the wrong JSON type yields "wrong type" instead of a serde error, so the
//! caller can report a typed [`PolicyError`] naming the element.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::error::PolicyError;
use super::value::{ConditionValue, ValueList};

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
        LenientConditionValue.visit_str(v).map(|o| o.map(ValueList::one))
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
        LenientConditionValue.visit_f64(v).map(|o| o.map(ValueList::one))
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
