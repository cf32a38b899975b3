//! The IAM credential report, parsed with a real CSV parser into typed rows.
//!
//! IAM fills cells it has no value for with placeholders rather than leaving them empty:
//! `N/A` (the credential does not exist), `no_information` (never used since IAM began
//! tracking, October 2014) and `not_supported` (the field does not exist for this
//! principal: the root user has no "password enabled" flag). Each cell keeps which one it
//! was, so "never used" is never mistaken for "unknown". Columns are looked up by name, so
//! a report with more (or reordered) columns still parses.

use std::collections::BTreeMap;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Serialize, Serializer};

use crate::client::{Operation, RawCredentialReport};
use crate::error::{Error, Result};

/// The `user` value of the root user's row.
pub const ROOT_ROW_USER: &str = "<root_account>";

/// One cell of the credential report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportValue<T> {
    /// A value.
    Value(T),
    /// `N/A`: the credential does not exist.
    NotApplicable,
    /// `no_information`: never used since IAM began tracking.
    NoInformation,
    /// `not_supported`: the field does not exist for this principal.
    NotSupported,
    /// The report has no such column.
    Missing,
    /// Text the parser does not recognise, kept as is rather than guessed at.
    Unrecognized(String),
}

impl<T> ReportValue<T> {
    /// The value, if the cell holds one.
    pub fn value(&self) -> Option<&T> {
        match self {
            ReportValue::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Whether IAM positively says there is nothing here (`N/A` or `no_information`), as
    /// opposed to a missing or unreadable cell.
    pub fn is_known_empty(&self) -> bool {
        matches!(self, ReportValue::NotApplicable | ReportValue::NoInformation)
    }
}

impl<T: FromStr> ReportValue<T> {
    fn parse(cell: Option<&str>) -> Self {
        match cell.map(str::trim) {
            None => ReportValue::Missing,
            Some("N/A") => ReportValue::NotApplicable,
            Some("no_information") => ReportValue::NoInformation,
            Some("not_supported") => ReportValue::NotSupported,
            Some(text) => text
                .parse()
                .map_or_else(|_| ReportValue::Unrecognized(text.to_owned()), ReportValue::Value),
        }
    }
}

impl ReportValue<bool> {
    /// `true` only if the cell says `true`.
    pub fn is_true(&self) -> bool {
        matches!(self, ReportValue::Value(true))
    }
}

impl<T: Serialize> Serialize for ReportValue<T> {
    /// Values as themselves, placeholders as IAM writes them (`"N/A"`), a missing column as `null`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            ReportValue::Value(v) => v.serialize(serializer),
            ReportValue::NotApplicable => serializer.serialize_str("N/A"),
            ReportValue::NoInformation => serializer.serialize_str("no_information"),
            ReportValue::NotSupported => serializer.serialize_str("not_supported"),
            ReportValue::Missing => serializer.serialize_none(),
            ReportValue::Unrecognized(text) => serializer.serialize_str(text),
        }
    }
}

/// The columns of one access key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ReportAccessKey {
    /// `access_key_N_active`.
    pub active: ReportValue<bool>,
    /// `access_key_N_last_rotated`.
    pub last_rotated: ReportValue<Timestamp>,
    /// `access_key_N_last_used_date`.
    pub last_used_date: ReportValue<Timestamp>,
    /// `access_key_N_last_used_region`.
    pub last_used_region: ReportValue<String>,
    /// `access_key_N_last_used_service`.
    pub last_used_service: ReportValue<String>,
}

/// The columns of one X.509 signing certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ReportCertificate {
    /// `cert_N_active`.
    pub active: ReportValue<bool>,
    /// `cert_N_last_rotated`.
    pub last_rotated: ReportValue<Timestamp>,
}

/// One row of the credential report: a user, or the root user (`<root_account>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CredentialReportRow {
    /// `user`: the user name, or [`ROOT_ROW_USER`].
    pub user: String,
    /// `arn`.
    pub arn: String,
    /// `user_creation_time`.
    pub user_creation_time: ReportValue<Timestamp>,
    /// `password_enabled` (`not_supported` for the root user).
    pub password_enabled: ReportValue<bool>,
    /// `password_last_used`.
    pub password_last_used: ReportValue<Timestamp>,
    /// `password_last_changed`.
    pub password_last_changed: ReportValue<Timestamp>,
    /// `mfa_active`.
    pub mfa_active: ReportValue<bool>,
    /// `access_key_1_*` and `access_key_2_*`.
    pub access_keys: [ReportAccessKey; 2],
    /// `cert_1_*` and `cert_2_*`.
    pub certificates: [ReportCertificate; 2],
}

impl CredentialReportRow {
    /// Whether this is the root user's row.
    pub fn is_root(&self) -> bool {
        self.user == ROOT_ROW_USER
    }

    /// How many access keys the report says are active.
    pub fn active_access_keys(&self) -> usize {
        self.access_keys.iter().filter(|k| k.active.is_true()).count()
    }

    /// How many signing certificates the report says are active.
    pub fn active_certificates(&self) -> usize {
        self.certificates.iter().filter(|c| c.active.is_true()).count()
    }

    /// The most recent use of the password or an access key, with what was used.
    pub fn last_used(&self) -> Option<(Timestamp, &'static str)> {
        let uses = [
            (self.password_last_used.value(), "password"),
            (self.access_keys[0].last_used_date.value(), "access key 1"),
            (self.access_keys[1].last_used_date.value(), "access key 2"),
        ];
        uses.into_iter()
            .filter_map(|(at, what)| at.map(|at| (*at, what)))
            .max_by_key(|(at, _)| *at)
    }

    /// Whether every "last used" cell is either a time or IAM's "never"/"none" placeholder,
    /// so that the absence of a time really means "not used".
    pub fn usage_is_known(&self) -> bool {
        let known = |v: &ReportValue<Timestamp>| v.value().is_some() || v.is_known_empty();
        known(&self.password_last_used) && self.access_keys.iter().all(|k| known(&k.last_used_date))
    }
}

/// A parsed credential report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CredentialReport {
    /// When IAM generated it (reports are reused for up to four hours).
    pub generated_at: Option<Timestamp>,
    /// Every row, in the report's order.
    pub rows: Vec<CredentialReportRow>,
}

impl CredentialReport {
    /// Parses the CSV IAM returns.
    ///
    /// # Errors
    /// [`Error::Service`] with code `MalformedCredentialReport` if the content is not CSV or
    /// has no `user` or `arn` column. Unrecognised cells are kept as
    /// [`ReportValue::Unrecognized`], never an error.
    pub fn parse(raw: &RawCredentialReport) -> Result<Self> {
        let malformed = |source: crate::error::BoxError| Error::Service {
            operation: Operation::GetCredentialReport,
            code: Some("MalformedCredentialReport".into()),
            source: Some(source),
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(raw.content.as_slice());
        let columns: BTreeMap<String, usize> = reader
            .headers()
            .map_err(|e| malformed(Box::new(e)))?
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim().to_owned(), i))
            .collect();
        for required in ["user", "arn"] {
            if !columns.contains_key(required) {
                return Err(malformed(format!("no `{required}` column").into()));
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| malformed(Box::new(e)))?;
            let cell = |name: &str| columns.get(name).and_then(|i| record.get(*i));
            let key = |n: u8| ReportAccessKey {
                active: ReportValue::parse(cell(&format!("access_key_{n}_active"))),
                last_rotated: ReportValue::parse(cell(&format!("access_key_{n}_last_rotated"))),
                last_used_date: ReportValue::parse(cell(&format!("access_key_{n}_last_used_date"))),
                last_used_region: ReportValue::parse(cell(&format!("access_key_{n}_last_used_region"))),
                last_used_service: ReportValue::parse(cell(&format!("access_key_{n}_last_used_service"))),
            };
            let cert = |n: u8| ReportCertificate {
                active: ReportValue::parse(cell(&format!("cert_{n}_active"))),
                last_rotated: ReportValue::parse(cell(&format!("cert_{n}_last_rotated"))),
            };
            rows.push(CredentialReportRow {
                user: cell("user").unwrap_or_default().to_owned(),
                arn: cell("arn").unwrap_or_default().to_owned(),
                user_creation_time: ReportValue::parse(cell("user_creation_time")),
                password_enabled: ReportValue::parse(cell("password_enabled")),
                password_last_used: ReportValue::parse(cell("password_last_used")),
                password_last_changed: ReportValue::parse(cell("password_last_changed")),
                mfa_active: ReportValue::parse(cell("mfa_active")),
                access_keys: [key(1), key(2)],
                certificates: [cert(1), cert(2)],
            });
        }
        Ok(Self {
            generated_at: raw.generated_at.as_deref().and_then(|t| t.parse().ok()),
            rows,
        })
    }

    /// The root user's row; `None` when the report has none (emulators such as moto do not
    /// model the root user).
    pub fn root(&self) -> Option<&CredentialReportRow> {
        self.rows.iter().find(|row| row.is_root())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    fn raw(body: &str) -> RawCredentialReport {
        RawCredentialReport {
            content: format!("{HEADER}\n{body}").into_bytes(),
            generated_at: Some("2025-01-02T03:04:05Z".into()),
        }
    }

    #[test]
    fn parses_the_root_row_with_placeholders() {
        let report = CredentialReport::parse(&raw(
            "<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2025-01-01T10:00:00+00:00,not_supported,not_supported,false,true,2020-01-01T00:00:00+00:00,2024-12-31T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n\
             alice,arn:aws:iam::123456789012:user/alice,2021-01-01T00:00:00+00:00,true,no_information,2021-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        ))
        .unwrap();
        assert!(report.generated_at.is_some());
        let root = report.root().unwrap();
        assert_eq!(root.password_enabled, ReportValue::NotSupported);
        assert_eq!(root.mfa_active, ReportValue::Value(false));
        assert_eq!(root.active_access_keys(), 1);
        assert_eq!(root.access_keys[1].last_used_date, ReportValue::NotApplicable);
        let (at, what) = root.last_used().unwrap();
        assert_eq!(what, "password");
        assert_eq!(at.to_string(), "2025-01-01T10:00:00Z");
        assert!(root.usage_is_known());
        let alice = &report.rows[1];
        assert_eq!(alice.password_last_used, ReportValue::NoInformation);
        assert_eq!(alice.last_used(), None);
        assert!(alice.usage_is_known());
    }

    #[test]
    fn missing_root_row_and_odd_cells_are_not_guessed() {
        let report = CredentialReport::parse(&raw(
            "bob,arn:aws:iam::1:user/bob,yesterday,true,N/A,N/A,N/A,maybe,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        ))
        .unwrap();
        assert!(report.root().is_none());
        let bob = &report.rows[0];
        assert_eq!(bob.mfa_active, ReportValue::Unrecognized("maybe".into()));
        assert!(!bob.mfa_active.is_true());
        assert_eq!(
            bob.user_creation_time,
            ReportValue::Unrecognized("yesterday".into())
        );
    }

    #[test]
    fn columns_are_found_by_name_and_may_be_missing() {
        let content = "arn,user,mfa_active\narn:aws:iam::1:root,<root_account>,true\n";
        let report = CredentialReport::parse(&RawCredentialReport {
            content: content.as_bytes().to_vec(),
            generated_at: None,
        })
        .unwrap();
        let root = report.root().unwrap();
        assert!(root.mfa_active.is_true());
        assert_eq!(root.password_last_used, ReportValue::Missing);
        assert!(!root.usage_is_known(), "a missing column is not 'never used'");
    }

    #[test]
    fn malformed_reports_are_typed_errors() {
        for content in ["nothing,here\n1,2\n", "", "user,arn\n\"unterminated"] {
            let err = CredentialReport::parse(&RawCredentialReport {
                content: content.as_bytes().to_vec(),
                generated_at: None,
            });
            if content.starts_with("user,arn") {
                // csv reports the unterminated quote at end of input as a record; either
                // way nothing panics and no row is invented.
                if let Ok(report) = err {
                    assert!(report.root().is_none());
                }
                continue;
            }
            assert!(
                matches!(err, Err(Error::Service { code: Some(ref c), .. }) if c == "MalformedCredentialReport"),
                "{content:?}: {err:?}"
            );
        }
    }

    #[test]
    fn serializes_placeholders_as_iam_writes_them() {
        let report = CredentialReport::parse(&raw(
            "<root_account>,arn:aws:iam::1:root,N/A,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        ))
        .unwrap();
        let json = serde_json::to_value(report.root().unwrap()).unwrap();
        assert_eq!(json["password_last_used"], "no_information");
        assert_eq!(json["mfa_active"], true);
        assert_eq!(json["access_keys"][0]["active"], false);
    }
}
