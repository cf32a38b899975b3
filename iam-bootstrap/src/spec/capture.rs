//! Keeps the structured [`ValidationError`] a type's `Deserialize` met, which serde can pass
//! on only as text, so the spec loader reports the builder's field and typed reason.
//!
//! Deserializing is synchronous and runs on the loader's thread, so a thread-local slot is
//! enough; [`take`] hands the error over only if serde's error is the one it turned into
//! (serde may try an alternative, such as an untagged enum's variant, and drop its error).

use std::cell::RefCell;

use crate::error::ValidationError;

thread_local! {
    /// The last error met, and the text serde got for it.
    static CAUGHT: RefCell<Option<(String, ValidationError)>> = const { RefCell::new(None) };
}

/// The serde error for `err` (whose field is relative to the value being deserialized),
/// remembering `err` for the spec loader. An error with an empty field (a policy document's)
/// reads as its reason alone.
pub(crate) fn de_error<E: serde::de::Error>(err: ValidationError) -> E {
    let message = if err.field().is_empty() {
        err.reason().to_string()
    } else {
        err.to_string()
    };
    remember(message, err)
}

/// Like [`de_error`] for a single value's own check (a name, an ARN, a duration): its field
/// is a label (`role name`), kept in the text; the path serde reached is the whole field.
pub(crate) fn de_value_error<E: serde::de::Error>(err: ValidationError) -> E {
    let message = err.to_string();
    remember(message, err.at(""))
}

fn remember<E: serde::de::Error>(message: String, err: ValidationError) -> E {
    let serde_error = E::custom(&message);
    CAUGHT.with(|slot| slot.replace(Some((message, err))));
    serde_error
}

/// Forgets what an earlier load left behind.
pub(crate) fn clear() {
    CAUGHT.with(|slot| slot.replace(None));
}

/// The error remembered last, if serde's error `message` is the text it turned into.
pub(crate) fn take(message: &str) -> Option<ValidationError> {
    CAUGHT
        .with(RefCell::take)
        .and_then(|(text, err)| (text == message).then_some(err))
}

/// `Deserialize` through a builder, as `#[serde(try_from = "...")]` does, keeping the
/// builder's [`ValidationError`] for the spec loader. `leaf` marks a single value (an ARN, a
/// duration): its error's field is a label, and the path to the value replaces it.
macro_rules! deserialize_via {
    ($target:ty, $via:ty) => {
        impl<'de> serde::Deserialize<'de> for $target {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let via = <$via as serde::Deserialize>::deserialize(d)?;
                <$target>::try_from(via).map_err($crate::spec::capture::de_error)
            }
        }
    };
    (leaf $target:ty, $via:ty) => {
        impl<'de> serde::Deserialize<'de> for $target {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let via = <$via as serde::Deserialize>::deserialize(d)?;
                <$target>::try_from(via).map_err($crate::spec::capture::de_value_error)
            }
        }
    };
}
pub(crate) use deserialize_via;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ValidationReason;

    #[test]
    fn hands_over_only_the_error_serde_reported() {
        clear();
        let err = ValidationError::new("name", ValidationReason::Missing);
        let text = de_error::<serde_json::Error>(err.clone()).to_string();
        assert!(text.starts_with("invalid name: a value is required"), "{text}");
        assert_eq!(take("something else"), None);
        let _ = de_error::<serde_json::Error>(err.clone());
        assert_eq!(take("invalid name: a value is required"), Some(err));
        assert_eq!(take("invalid name: a value is required"), None, "taken once");
    }
}
