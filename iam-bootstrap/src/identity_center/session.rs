//! A permission set's session duration: ISO-8601, one to twelve hours.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{ValidationError, ValidationReason};

const MIN_SECONDS: u32 = *crate::limits::SESSION_SECONDS.start();
const MAX_SECONDS: u32 = *crate::limits::SESSION_SECONDS.end();

/// How long an access-portal session with a permission set lasts: 1 to 12 hours.
///
/// Parsed from ISO-8601 (`PT1H`, `PT1H30M`) or jiff's friendly form (`1h 30m`); always sent
/// to AWS as ISO-8601, and compared by length, so `PT60M` and `PT1H` are the same.
///
/// ```
/// use iam_bootstrap::SessionDuration;
///
/// let d: SessionDuration = "PT90M".parse()?;
/// assert_eq!(d.to_string(), "PT1H30M");
/// assert_eq!(SessionDuration::default(), SessionDuration::from_hours(1)?);
/// assert!("PT13H".parse::<SessionDuration>().is_err());
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionDuration {
    seconds: u32,
}

impl Default for SessionDuration {
    /// One hour: the shortest AWS allows, and the secure default for administrators.
    fn default() -> Self {
        Self { seconds: MIN_SECONDS }
    }
}

impl SessionDuration {
    /// A whole number of hours (1 to 12).
    ///
    /// # Errors
    /// [`ValidationError`] outside 1..=12.
    pub fn from_hours(hours: u32) -> Result<Self, ValidationError> {
        Self::from_secs(i64::from(hours) * 3_600)
    }

    fn from_secs(seconds: i64) -> Result<Self, ValidationError> {
        let in_range = (i64::from(MIN_SECONDS)..=i64::from(MAX_SECONDS)).contains(&seconds);
        match u32::try_from(seconds) {
            Ok(seconds) if in_range => Ok(Self { seconds }),
            _ => Err(ValidationError::new(
                "session_duration",
                ValidationReason::Range {
                    min: i64::from(MIN_SECONDS),
                    max: i64::from(MAX_SECONDS),
                    actual: seconds,
                },
            )),
        }
    }

    /// The length in seconds.
    pub fn as_secs(self) -> u32 {
        self.seconds
    }

    /// The ISO-8601 form AWS takes (`PT1H`, `PT1H30M`, `PT2H0M15S` is written `PT2H15S`).
    pub fn to_iso8601(self) -> String {
        let (hours, minutes, seconds) = (self.seconds / 3_600, self.seconds % 3_600 / 60, self.seconds % 60);
        let mut text = format!("PT{hours}H");
        if minutes > 0 {
            text.push_str(&format!("{minutes}M"));
        }
        if seconds > 0 {
            text.push_str(&format!("{seconds}S"));
        }
        text
    }

    /// Whether `text`, as AWS reports it, is this duration.
    pub(crate) fn matches(self, text: Option<&str>) -> bool {
        text.and_then(|t| t.parse::<SessionDuration>().ok()) == Some(self)
    }
}

impl FromStr for SessionDuration {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let format_error = || {
            ValidationError::new(
                "session_duration",
                ValidationReason::Format {
                    expected: "an ISO-8601 duration such as PT1H or PT1H30M".into(),
                    actual: s.to_owned(),
                },
            )
        };
        let parsed: jiff::SignedDuration = s.trim().parse().map_err(|_| format_error())?;
        if parsed.subsec_nanos() != 0 {
            return Err(format_error());
        }
        Self::from_secs(parsed.as_secs())
    }
}

impl fmt::Display for SessionDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso8601())
    }
}

impl Serialize for SessionDuration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso8601())
    }
}

impl<'de> Deserialize<'de> for SessionDuration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(crate::spec::capture::de_value_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_and_friendly_forms_within_range() {
        for (text, seconds) in [
            ("PT1H", 3_600),
            ("PT12H", 43_200),
            ("PT90M", 5_400),
            ("PT1H30M", 5_400),
            ("1h 30m", 5_400),
            ("PT3600S", 3_600),
        ] {
            assert_eq!(
                text.parse::<SessionDuration>().unwrap().as_secs(),
                seconds,
                "{text}"
            );
        }
        for bad in ["PT59M", "PT12H1S", "PT13H", "1H", "", "P1D", "PT1.5S", "-PT1H"] {
            let err = bad.parse::<SessionDuration>().unwrap_err();
            assert_eq!(err.field(), "session_duration", "{bad}");
        }
    }

    #[test]
    fn writes_canonical_iso_8601() {
        assert_eq!(SessionDuration::from_hours(1).unwrap().to_string(), "PT1H");
        assert_eq!("PT90M".parse::<SessionDuration>().unwrap().to_string(), "PT1H30M");
        assert_eq!(
            "PT2H15S".parse::<SessionDuration>().unwrap().to_string(),
            "PT2H15S"
        );
        assert!(SessionDuration::from_hours(13).is_err());
        assert!(SessionDuration::from_hours(0).is_err());
    }

    #[test]
    fn compares_by_length() {
        let hour = SessionDuration::default();
        assert!(hour.matches(Some("PT60M")));
        assert!(hour.matches(Some("PT1H")));
        assert!(!hour.matches(Some("PT2H")));
        assert!(!hour.matches(None));
        assert!(!hour.matches(Some("garbage")));
    }
}
