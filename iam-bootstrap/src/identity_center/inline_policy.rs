//! A permission set's inline policy: validated by the policy module before any API call
//! (identity-policy grammar, element syntax, and AWS's limit of 10,240 non-whitespace
//! characters), and compared semantically with what AWS reports, so key order, whitespace,
//! URL-encoding and one-vs-many forms do not make a difference.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{ValidationError, ValidationReason};
use crate::policy::{PolicyContext, PolicyDocument, PolicyError};

/// The most non-whitespace characters a permission set's inline policy may have.
pub const INLINE_POLICY_MAX_CHARS: usize = crate::limits::PERMISSION_SET_INLINE_CHARS;

const FIELD: &str = "inline_policy";

/// A validated inline policy, kept as the compact JSON that is sent to AWS.
///
/// In spec files it may be written as a JSON string or as the document itself.
///
/// ```
/// use iam_bootstrap::InlinePolicy;
///
/// let policy = InlinePolicy::new(r#"{"Version": "2012-10-17",
///     "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}"#)?;
/// assert!(policy.as_str().starts_with(r#"{"Version":"2012-10-17""#));
/// assert!(InlinePolicy::new("{}").is_err());
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct InlinePolicy(String);

impl InlinePolicy {
    /// Parses and checks a policy document for use as a permission set's inline policy.
    ///
    /// # Errors
    /// [`ValidationError`] (field `inline_policy`, reason [`ValidationReason::Policy`]) if it
    /// is not a valid identity policy or is larger than [`INLINE_POLICY_MAX_CHARS`].
    pub fn new(document: impl AsRef<str>) -> Result<Self, ValidationError> {
        let invalid = |e: PolicyError| ValidationError::new(FIELD, ValidationReason::Policy(e));
        let parsed = PolicyDocument::from_json(document.as_ref()).map_err(invalid)?;
        parsed
            .validate(PolicyContext::PermissionSetInline)
            .map_err(invalid)?;
        Ok(Self(parsed.to_json()))
    }

    /// The document, as the compact JSON that is sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the document AWS reports (`current`) means the same.
    pub(crate) fn matches(&self, current: &str) -> bool {
        match (
            PolicyDocument::from_json(&self.0),
            PolicyDocument::from_json(current),
        ) {
            (Ok(wanted), Ok(found)) => wanted.semantic_eq(&found),
            _ => false,
        }
    }

    /// The size AWS counts: non-whitespace characters.
    pub fn size(&self) -> usize {
        crate::limits::policy_size(&self.0)
    }
}

impl fmt::Display for InlinePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for InlinePolicy {
    /// A JSON string holding the document, or the document itself.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(text) => text,
            document => document.to_string(),
        };
        Self::new(text).map_err(crate::spec::capture::de_value_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DENY: &str =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;

    #[test]
    fn accepts_identity_policies_in_both_statement_forms() {
        assert_eq!(InlinePolicy::new(DENY).unwrap().as_str(), DENY);
        let single = r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#;
        assert!(InlinePolicy::new(single).is_ok());
    }

    #[test]
    fn rejects_what_aws_would_reject() {
        for bad in [
            "not json",
            "[]",
            "{}",
            r#"{"Statement": []}"#,
            r#"{"Statement": [1]}"#,
            r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
            r#"{"Statement": [{"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}]}"#,
        ] {
            assert_eq!(
                InlinePolicy::new(bad).unwrap_err().field(),
                "inline_policy",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_size_limit_counts_non_whitespace_characters() {
        // 132 statements, and a `Sid` in the first one that pads the document to the limit.
        let document = |sid_len: usize| {
            let statements: Vec<String> = (0..132)
                .map(|n| {
                    let sid = if n == 0 { format!(r#""Sid":"{}","#, "S".repeat(sid_len)) } else { String::new() };
                    format!(r#"{{{sid}"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b{n:04}/*"}}"#)
                })
                .collect();
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
                statements.join(",")
            )
        };
        let pad = INLINE_POLICY_MAX_CHARS - InlinePolicy::new(document(0)).unwrap().size();
        let exactly = InlinePolicy::new(document(pad)).unwrap();
        assert_eq!(exactly.size(), INLINE_POLICY_MAX_CHARS);
        let err = InlinePolicy::new(document(pad + 1)).unwrap_err();
        assert_eq!(err.field(), "inline_policy");
        assert!(
            matches!(
                err.reason(),
                ValidationReason::Policy(PolicyError::TooLarge { size: 10_241, .. })
            ),
            "{err}"
        );
        // Whitespace does not count: the pretty-printed document is far longer and still fits.
        let value: serde_json::Value = serde_json::from_str(&document(pad)).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert!(pretty.len() > INLINE_POLICY_MAX_CHARS + 1_000);
        assert!(InlinePolicy::new(pretty).is_ok());
    }

    #[test]
    fn compares_documents_not_text() {
        let policy = InlinePolicy::new(DENY).unwrap();
        let reordered = r#"{ "Statement": [ {"Resource": "*", "Action": "s3:*", "Effect": "Deny"} ],
            "Version": "2012-10-17" }"#;
        assert!(policy.matches(reordered));
        // One-vs-many forms and URL-encoding (as some APIs return documents) are the same.
        assert!(policy.matches(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":["s3:*"],"Resource":["*"]}}"#
        ));
        assert!(policy.matches(&DENY.replace('{', "%7B").replace('}', "%7D").replace('"', "%22")));
        assert!(!policy.matches(r#"{"Version":"2012-10-17","Statement":[]}"#));
        assert!(!policy.matches("garbage"));
    }

    #[test]
    fn deserializes_a_string_or_a_document() {
        let from_string: InlinePolicy = serde_json::from_value(serde_json::json!(DENY)).unwrap();
        let from_document: InlinePolicy =
            serde_json::from_value(serde_json::from_str::<serde_json::Value>(DENY).unwrap()).unwrap();
        assert_eq!(from_string, from_document);
        assert!(serde_json::from_value::<InlinePolicy>(serde_json::json!({"Statement": []})).is_err());
    }
}
