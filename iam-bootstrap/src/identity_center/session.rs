//! A permission set's session duration: ISO-8601, one to twelve hours.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

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
        iso8601(u64::from(self.seconds))
    }

    /// Whether `text`, as AWS reports it, is this duration.
    pub(crate) fn matches(self, text: Option<&str>) -> bool {
        text.and_then(|t| t.parse::<SessionDuration>().ok()) == Some(self)
    }
}

impl FromStr for SessionDuration {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_secs(parse_seconds(s, "session_duration")?)
    }
}

impl From<SessionDuration> for Duration {
    fn from(duration: SessionDuration) -> Self {
        Duration::from_secs(u64::from(duration.seconds))
    }
}

/// `PT{h}H[{m}M][{s}S]`, the form AWS writes.
fn iso8601(total: u64) -> String {
    let (hours, minutes, seconds) = (total / 3_600, total % 3_600 / 60, total % 60);
    let mut text = format!("PT{hours}H");
    if minutes > 0 {
        text.push_str(&format!("{minutes}M"));
    }
    if seconds > 0 {
        text.push_str(&format!("{seconds}S"));
    }
    text
}

/// Whole seconds from ISO-8601 or jiff's friendly form; a format error names `field`.
fn parse_seconds(s: &str, field: &str) -> Result<i64, ValidationError> {
    let format_error = || {
        ValidationError::new(
            field,
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
    Ok(parsed.as_secs())
}

/// A session length as every builder takes it (a role's `max_session`, a permission set's
/// `session_duration`): ISO-8601 text (`"PT1H30M"`), a [`std::time::Duration`] or a
/// [`SessionDuration`]. The builder's `build` checks it (whole seconds, 1 to 12 hours), so a
/// bad length is a [`ValidationError`] naming the field, never a panic.
///
/// ```
/// use std::time::Duration;
/// use iam_bootstrap::identity_center::PermissionSetSpec;
///
/// let a = PermissionSetSpec::builder("Ops").session_duration(Duration::from_secs(5_400)).build()?;
/// let b = PermissionSetSpec::builder("Ops").session_duration("PT1H30M").build()?;
/// assert_eq!(a.session_duration(), b.session_duration());
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLength(LengthInput);

#[derive(Debug, Clone, PartialEq, Eq)]
enum LengthInput {
    Text(String),
    Std(Duration),
}

impl SessionLength {
    /// The length in whole seconds, not yet range-checked; a format error names `field`.
    pub(crate) fn seconds(&self, field: &str) -> Result<i64, ValidationError> {
        match &self.0 {
            LengthInput::Text(text) => parse_seconds(text, field),
            LengthInput::Std(duration) if duration.subsec_nanos() != 0 => Err(ValidationError::new(
                field,
                ValidationReason::Format {
                    expected: "a whole number of seconds".into(),
                    actual: format!("{duration:?}"),
                },
            )),
            LengthInput::Std(duration) => Ok(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)),
        }
    }

    /// The checked permission-set duration; errors name `session_duration`.
    pub(crate) fn to_session_duration(&self) -> Result<SessionDuration, ValidationError> {
        SessionDuration::from_secs(self.seconds("session_duration")?)
    }
}

impl From<&str> for SessionLength {
    fn from(text: &str) -> Self {
        Self(LengthInput::Text(text.to_owned()))
    }
}

impl From<String> for SessionLength {
    fn from(text: String) -> Self {
        Self(LengthInput::Text(text))
    }
}

impl From<&String> for SessionLength {
    fn from(text: &String) -> Self {
        Self(LengthInput::Text(text.clone()))
    }
}

impl From<Duration> for SessionLength {
    fn from(duration: Duration) -> Self {
        Self(LengthInput::Std(duration))
    }
}

impl From<SessionDuration> for SessionLength {
    fn from(duration: SessionDuration) -> Self {
        Self(LengthInput::Std(duration.into()))
    }
}

impl Serialize for SessionLength {
    /// As spec files write it: the text given, or a `Duration` in ISO-8601.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            LengthInput::Text(text) => s.serialize_str(text),
            LengthInput::Std(duration) if duration.subsec_nanos() == 0 => {
                s.serialize_str(&iso8601(duration.as_secs()))
            }
            LengthInput::Std(duration) => s.serialize_str(&format!(
                "PT{}.{:09}S",
                duration.as_secs(),
                duration.subsec_nanos()
            )),
        }
    }
}

impl<'de> Deserialize<'de> for SessionLength {
    /// Spec files write the length as text (`session_duration = "PT2H"`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::from)
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
    fn session_length_accepts_text_std_and_typed_forms_alike() {
        let want = SessionDuration::from_hours(2).unwrap();
        for length in [
            SessionLength::from("PT2H"),
            SessionLength::from(Duration::from_secs(7_200)),
            SessionLength::from(want),
        ] {
            assert_eq!(length.to_session_duration().unwrap(), want);
        }
        let fractional = SessionLength::from(Duration::from_millis(7_200_001));
        assert_eq!(
            fractional.to_session_duration().unwrap_err().field(),
            "session_duration"
        );
        let too_long = SessionLength::from(Duration::from_secs(13 * 3_600));
        assert_eq!(
            too_long.to_session_duration().unwrap_err().field(),
            "session_duration"
        );
        assert_eq!(Duration::from(want), Duration::from_secs(7_200));
        // Spec files round-trip a `Duration` as ISO-8601 text.
        let json = serde_json::to_string(&SessionLength::from(Duration::from_secs(5_400))).unwrap();
        assert_eq!(json, "\"PT1H30M\"");
        let back: SessionLength = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_session_duration().unwrap().as_secs(), 5_400);
    }

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
