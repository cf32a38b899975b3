//! The policy document: `{"Version", "Id", "Statement"}`, its builder and its JSON forms.

use std::fmt;
use std::str::FromStr;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::error::PolicyError;
use super::statement::Statement;

/// The policy language version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// `2012-10-17`, the current language (policy variables work).
    V2012_10_17,
    /// `2008-10-17`, the original language; also what IAM assumes when `Version` is absent.
    V2008_10_17,
}

impl Version {
    /// The version string.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2012_10_17 => "2012-10-17",
            Version::V2008_10_17 => "2008-10-17",
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Version {
    type Err = PolicyError;
    fn from_str(s: &str) -> Result<Self, PolicyError> {
        match s {
            "2012-10-17" => Ok(Version::V2012_10_17),
            "2008-10-17" => Ok(Version::V2008_10_17),
            other => Err(PolicyError::InvalidVersion {
                version: other.to_owned(),
            }),
        }
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// An IAM policy document.
///
/// Parse any JSON form IAM accepts with [`from_json`](Self::from_json) (including the
/// URL-encoded text `GetRole` and `GetPolicyVersion` return); write the compact canonical form
/// with [`to_json`](Self::to_json). One-or-many forms (`"Action": "x"` vs `["x"]`, a single
/// statement object vs an array) are kept, so a parsed document re-serializes to the same JSON
/// value.
///
/// ```
/// use iam_bootstrap::policy::{PolicyContext, PolicyDocument};
/// let doc = PolicyDocument::allow(["s3:GetObject"], ["arn:aws:s3:::artifacts/*"]);
/// assert_eq!(
///     doc.to_json(),
///     r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::artifacts/*"}]}"#
/// );
/// doc.validate(PolicyContext::Identity)?;
/// let back = PolicyDocument::from_json(&doc.to_json())?;
/// assert_eq!(back, doc);
/// # Ok::<(), iam_bootstrap::policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PolicyDocument {
    pub(crate) version: Option<Version>,
    pub(crate) id: Option<String>,
    pub(crate) statements: Vec<Statement>,
    /// Whether `Statement` is written as one object instead of an array.
    pub(crate) single_statement: bool,
}

impl PolicyDocument {
    /// A `2012-10-17` document with these statements.
    pub fn new(statements: impl IntoIterator<Item = impl Into<Statement>>) -> Self {
        Self {
            version: Some(Version::V2012_10_17),
            id: None,
            statements: statements.into_iter().map(Into::into).collect(),
            single_statement: false,
        }
    }

    /// Starts a document (version `2012-10-17` unless set otherwise).
    pub fn builder() -> PolicyDocumentBuilder {
        PolicyDocumentBuilder {
            document: Self::new(Vec::<Statement>::new()),
        }
    }

    /// A one-statement document allowing `actions` on `resources`.
    pub fn allow(
        actions: impl IntoIterator<Item = impl Into<String>>,
        resources: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self::new([Statement::allow().actions(actions).resources(resources)])
    }

    /// Parses a policy from JSON, or from the URL-encoded JSON IAM returns
    /// (`%7B%22Version%22...`).
    ///
    /// # Errors
    /// A [`PolicyError`] for bad JSON or URL-encoding, and for grammar errors the type cannot
    /// represent: unknown, duplicate or wrongly typed elements, a missing or unknown `Effect`,
    /// an unknown `Version` or condition operator, and both halves of `Action`/`NotAction`,
    /// `Resource`/`NotResource` or `Principal`/`NotPrincipal`. Context-dependent checks are
    /// [`validate`](Self::validate)'s.
    pub fn from_json(text: &str) -> Result<Self, PolicyError> {
        let decoded = super::parse::url_decode(text)?;
        super::parse::parse_document(&decoded)
    }

    /// Parses a policy from JSON bytes (no URL-decoding).
    ///
    /// # Errors
    /// As [`from_json`](Self::from_json).
    pub fn from_slice(bytes: &[u8]) -> Result<Self, PolicyError> {
        super::parse::parse_document_slice(bytes)
    }

    /// The compact JSON IAM is sent, elements in canonical order.
    pub fn to_json(&self) -> String {
        // Serializing plain strings, bools and numbers into a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Indented JSON for people to read.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The `Version` element, if present (IAM treats absence as `2008-10-17`).
    pub fn version(&self) -> Option<Version> {
        self.version
    }

    /// The version the policy is evaluated with: `Version`, or `2008-10-17` when absent.
    pub fn effective_version(&self) -> Version {
        self.version.unwrap_or(Version::V2008_10_17)
    }

    /// The `Id` element, if present.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The statements, in document order.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// Consumes the document, returning its statements.
    pub fn into_statements(self) -> Vec<Statement> {
        self.statements
    }
}

impl Serialize for PolicyDocument {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(version) = &self.version {
            map.serialize_entry("Version", version)?;
        }
        if let Some(id) = &self.id {
            map.serialize_entry("Id", id)?;
        }
        match self.statements.as_slice() {
            [only] if self.single_statement => map.serialize_entry("Statement", only)?,
            all => map.serialize_entry("Statement", all)?,
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for PolicyDocument {
    /// Accepts every form [`from_json`](PolicyDocument::from_json) does, except URL-encoding.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::parse::deserialize_document(deserializer)
    }
}

impl fmt::Display for PolicyDocument {
    /// The compact JSON, as [`to_json`](PolicyDocument::to_json).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl FromStr for PolicyDocument {
    type Err = PolicyError;
    fn from_str(s: &str) -> Result<Self, PolicyError> {
        Self::from_json(s)
    }
}

/// Builds a [`PolicyDocument`]; see [`PolicyDocument::builder`].
///
/// ```
/// use iam_bootstrap::policy::{PolicyDocument, Statement};
/// let doc = PolicyDocument::builder()
///     .id("artifacts")
///     .statement(Statement::allow().actions(["s3:GetObject"]).resources(["arn:aws:s3:::a/*"]))
///     .statement(Statement::deny().not_actions(["s3:*"]).resources(["*"]))
///     .build();
/// assert_eq!(doc.statements().len(), 2);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct PolicyDocumentBuilder {
    document: PolicyDocument,
}

impl PolicyDocumentBuilder {
    /// Sets the language version (default `2012-10-17`).
    pub fn version(mut self, version: Version) -> Self {
        self.document.version = Some(version);
        self
    }

    /// Sets the optional `Id`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.document.id = Some(id.into());
        self
    }

    /// Appends a statement (a [`Statement`] or a [`StatementBuilder`](super::StatementBuilder)).
    pub fn statement(mut self, statement: impl Into<Statement>) -> Self {
        self.document.statements.push(statement.into());
        self
    }

    /// Appends several statements.
    pub fn statements(mut self, statements: impl IntoIterator<Item = impl Into<Statement>>) -> Self {
        self.document
            .statements
            .extend(statements.into_iter().map(Into::into));
        self
    }

    /// The document. Nothing is checked here: what is valid depends on where the policy goes,
    /// so call [`PolicyDocument::validate`] with the right [`PolicyContext`](super::PolicyContext).
    pub fn build(self) -> PolicyDocument {
        self.document
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_defaults_to_the_current_version() {
        let doc = PolicyDocument::builder().build();
        assert_eq!(doc.version(), Some(Version::V2012_10_17));
        assert_eq!(doc.to_json(), r#"{"Version":"2012-10-17","Statement":[]}"#);
        let doc = PolicyDocument::builder()
            .version(Version::V2008_10_17)
            .id("x")
            .build();
        assert_eq!(
            doc.to_json(),
            r#"{"Version":"2008-10-17","Id":"x","Statement":[]}"#
        );
    }

    #[test]
    fn versions_parse_exactly() {
        assert_eq!("2012-10-17".parse::<Version>(), Ok(Version::V2012_10_17));
        assert!(matches!(
            "2012-10-18".parse::<Version>(),
            Err(PolicyError::InvalidVersion { .. })
        ));
    }

    #[test]
    fn pretty_json_parses_back_to_the_same_document() {
        let doc = PolicyDocument::allow(["s3:GetObject", "s3:PutObject"], ["*"]);
        let pretty = doc.to_json_pretty();
        assert!(pretty.contains('\n'));
        assert_eq!(PolicyDocument::from_json(&pretty).unwrap(), doc);
        assert_eq!(doc.to_string(), doc.to_json());
    }
}
