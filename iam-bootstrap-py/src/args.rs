//! Integer arguments: a value out of range (a negative count, a number past any machine
//! integer) is a `ValidationError` naming the argument, where PyO3's conversion would raise
//! a bare `OverflowError` before the argument is known. Arguments arrive as `i128` through
//! [`any_int`] (any Python integer) and are narrowed here.

use iam_bootstrap::{ValidationError, ValidationReason};
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;

use crate::error::PyIamResult;

/// Any Python integer, however large, as an argument (`#[pyo3(from_py_with = any_int)]`):
/// one past `i128` saturates to `i128::MIN` or `i128::MAX` (its sign kept), which no
/// argument accepts, so [`int`] refuses it naming the argument. Anything but an integer is
/// still PyO3's `TypeError`. (Not a wrapper type: a default such as `concurrency=8` must
/// stay a literal, for the signature Python shows.)
pub(crate) fn any_int(obj: &Bound<'_, PyAny>) -> PyResult<i128> {
    match obj.extract::<i128>() {
        Ok(value) => Ok(value),
        Err(err) if err.is_instance_of::<PyOverflowError>(obj.py()) => {
            Ok(if obj.lt(0)? { i128::MIN } else { i128::MAX })
        }
        Err(err) => Err(err),
    }
}

/// [`any_int`] for an optional argument (`None` stays `None`).
pub(crate) fn any_opt_int(obj: &Bound<'_, PyAny>) -> PyResult<Option<i128>> {
    if obj.is_none() {
        Ok(None)
    } else {
        any_int(obj).map(Some)
    }
}

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
