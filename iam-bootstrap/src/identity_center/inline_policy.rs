//! A permission set's inline policy: validated before any API call, compared semantically.
//!
//! Everything policy-specific sits in [`InlinePolicy::new`] and [`InlinePolicy::matches`], so
//! moving to the crate's policy module (`PolicyDocument::from_json` +
//! `validate(PolicyContext::PermissionSetInline)` + `semantic_eq`) changes only those two
//! bodies. Until then the checks are the shape of an identity policy (an object with a
//! `Statement`, no `Principal`) and AWS's size limit: 10,240 non-whitespace characters.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{ValidationError, ValidationReason};

/// The most non-whitespace characters a permission set's inline policy may have.
pub const INLINE_POLICY_MAX_CHARS: usize = 10_240;

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

fn malformed(expected: &str, actual: &str) -> ValidationError {
    ValidationError::new(
        FIELD,
        ValidationReason::Format {
            expected: expected.to_owned(),
            actual: actual.chars().take(80).collect(),
        },
    )
}

impl InlinePolicy {
    /// Parses and checks a policy document.
    ///
    /// # Errors
    /// [`ValidationError`] (field `inline_policy`) if it is not an identity policy or is
    /// larger than [`INLINE_POLICY_MAX_CHARS`].
    pub fn new(document: impl AsRef<str>) -> Result<Self, ValidationError> {
        let text = document.as_ref();
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|_| malformed("a JSON policy document", text))?;
        let statements = match value.get("Statement") {
            Some(serde_json::Value::Array(list)) if !list.is_empty() => list.clone(),
            Some(one @ serde_json::Value::Object(_)) => vec![one.clone()],
            _ => return Err(malformed("a policy document with a non-empty `Statement`", text)),
        };
        for statement in &statements {
            let Some(fields) = statement.as_object() else {
                return Err(malformed("statements that are JSON objects", text));
            };
            // An identity policy applies to whoever holds it; naming a principal is an error.
            if fields.contains_key("Principal") || fields.contains_key("NotPrincipal") {
                return Err(malformed("an identity policy (no `Principal`)", text));
            }
            if !matches!(
                fields.get("Effect").and_then(|e| e.as_str()),
                Some("Allow" | "Deny")
            ) {
                return Err(malformed("statements with `Effect` Allow or Deny", text));
            }
        }
        let compact = value.to_string();
        let size = compact.chars().filter(|c| !c.is_whitespace()).count();
        if size > INLINE_POLICY_MAX_CHARS {
            return Err(ValidationError::new(
                FIELD,
                ValidationReason::Length {
                    min: 1,
                    max: INLINE_POLICY_MAX_CHARS,
                    actual: size,
                },
            ));
        }
        Ok(Self(compact))
    }

    /// The document, as compact JSON.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the document AWS reports (`current`) says the same: whitespace and key
    /// order do not matter.
    pub(crate) fn matches(&self, current: &str) -> bool {
        let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
        match (parse(&self.0), parse(current)) {
            (Some(wanted), Some(found)) => wanted == found,
            _ => false,
        }
    }

    /// The size AWS counts: non-whitespace characters.
    pub fn size(&self) -> usize {
        self.0.chars().filter(|c| !c.is_whitespace()).count()
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
        Self::new(text).map_err(serde::de::Error::custom)
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
        assert_eq!(
            err.reason(),
            &ValidationReason::Length {
                min: 1,
                max: 10_240,
                actual: 10_241
            }
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
