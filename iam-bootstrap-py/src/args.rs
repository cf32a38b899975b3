//! Integer arguments: a value out of range (a negative count, say) is a `ValidationError`
//! naming the argument, where PyO3's conversion to an unsigned type would raise a bare
//! `OverflowError`. Arguments arrive as `i128` (any integer a person types) and are
//! narrowed here.

use iam_bootstrap::{ValidationError, ValidationReason};

use crate::error::PyIamResult;

/// The unsigned integer types arguments narrow to, with their ranges.
pub(crate) trait Unsigned: TryFrom<i128> {
    /// The largest value, as the `max` of a range error (saturated to `i64`).
    const MAX: i64;
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Unsigned for $t {
            const MAX: i64 = if (<$t>::MAX as u128) > (i64::MAX as u128) {
                i64::MAX
            } else {
                <$t>::MAX as i64
            };
        }
    )*};
}
unsigned!(u8, u16, u32, u64, usize);

/// `value` as a `T`, or a `ValidationError` for `field` when it is out of range.
pub(crate) fn int<T: Unsigned>(field: &str, value: i128) -> PyIamResult<T> {
    T::try_from(value).map_err(|_| {
        let actual = i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX });
        ValidationError::new(
            field,
            ValidationReason::Range {
                min: 0,
                max: T::MAX,
                actual,
            },
        )
        .into()
    })
}

/// [`int`] for an optional argument.
pub(crate) fn opt_int<T: Unsigned>(field: &str, value: Option<i128>) -> PyIamResult<Option<T>> {
    value.map(|value| int(field, value)).transpose()
}
