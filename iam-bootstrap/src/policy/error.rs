//! Typed policy errors.
//!
//! Every way a document can be rejected — by the parser, by [`validate`](super::PolicyDocument::validate)
//! or by [`pack`](super::pack) — is a variant here, with a stable snake_case
//! [`code`](PolicyError::code) so tests, logs and the Python bindings can match on it.

use super::size::SizeLimit;
use super::validate::PolicyContext;

/// Why a policy document was rejected.
///
/// `path` fields point into the JSON (`Statement[2].Condition.StringEquals`); `statement`
/// fields are zero-based indexes into [`PolicyDocument::statements`](super::PolicyDocument::statements).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The text is not JSON (a syntax error, or trailing data).
    #[error("invalid JSON at line {line} column {column}: {message}")]
    Json {
        /// One-based line of the error.
        line: usize,
        /// One-based column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },

    /// The document looked URL-encoded (as IAM's `GetRole` returns it) but does not decode.
    #[error("invalid URL-encoded policy: {message}")]
    UrlEncoding {
        /// Why decoding failed.
        message: String,
    },

    /// An element has the wrong JSON type (`"Action": 5`).
    #[error("{path} must be {expected}")]
    InvalidType {
        /// Where the element is.
        path: String,
        /// The types the grammar allows there.
        expected: &'static str,
    },

    /// An element the policy grammar does not define (`"Actions"`, `"effect"`).
    #[error("unknown element `{element}` in {path}")]
    UnknownElement {
        /// The object that holds it.
        path: String,
        /// The unknown key.
        element: String,
    },

    /// The same key appears twice in one JSON object.
    #[error("duplicate element `{element}` in {path}")]
    DuplicateElement {
        /// The object that holds it.
        path: String,
        /// The repeated key.
        element: String,
    },

    /// A required element is absent (`Effect`, `Statement`, `Action`, `Resource`, `Principal`).
    #[error("{path} is missing `{element}`")]
    MissingElement {
        /// The object that should hold it.
        path: String,
        /// The missing element.
        element: &'static str,
    },

    /// An element is present but empty (`"Action": []`, `"Statement": []`).
    #[error("{path} must not be empty")]
    EmptyElement {
        /// The empty element.
        path: String,
    },

    /// A statement has both halves of an exclusive pair (`Action` and `NotAction`).
    #[error("statement {statement} has both `{first}` and `{second}`")]
    MutuallyExclusive {
        /// The statement.
        statement: usize,
        /// One element of the pair.
        first: &'static str,
        /// The other one.
        second: &'static str,
    },

    /// `Version` is not `2012-10-17` or `2008-10-17`.
    #[error("unsupported policy version `{version}` (expected 2012-10-17 or 2008-10-17)")]
    InvalidVersion {
        /// The version given.
        version: String,
    },

    /// The kind of policy needs `"Version": "2012-10-17"` and the document has none or
    /// `2008-10-17` (IAM, for managed policies: "Policy document must be version 2012-10-17
    /// or greater").
    #[error("a {context} must have \"Version\": \"2012-10-17\" (found {})", version.as_deref().unwrap_or("no Version"))]
    VersionRequired {
        /// The version given, if any.
        version: Option<String>,
        /// The kind of policy being validated.
        context: PolicyContext,
    },

    /// `Effect` is not `Allow` or `Deny` (the names are case-sensitive).
    #[error("statement {statement} has effect `{effect}` (expected Allow or Deny)")]
    InvalidEffect {
        /// The statement.
        statement: usize,
        /// The effect given.
        effect: String,
    },

    /// A condition operator IAM does not know (`StringEqual`, `NullIfExists`).
    #[error("statement {statement} uses unknown condition operator `{operator}`")]
    UnknownOperator {
        /// The statement.
        statement: usize,
        /// The operator given.
        operator: String,
    },

    /// A condition key that is not `prefix:name`.
    #[error("statement {statement} has invalid condition key `{key}`")]
    InvalidConditionKey {
        /// The statement.
        statement: usize,
        /// The key given.
        key: String,
    },

    /// A condition value the operator cannot compare (`"Bool": "yes"`, a bad CIDR).
    #[error("statement {statement}: `{value}` is not a valid value for {operator} on `{key}`: {reason}")]
    InvalidConditionValue {
        /// The statement.
        statement: usize,
        /// The operator, as written.
        operator: String,
        /// The condition key.
        key: String,
        /// The offending value.
        value: String,
        /// What the operator expects.
        reason: &'static str,
    },

    /// An action that is not `*` or `service:Action` (wildcards allowed in the action part).
    #[error("statement {statement} has invalid action `{action}` (expected `service:Action` or `*`)")]
    InvalidAction {
        /// The statement.
        statement: usize,
        /// The action given.
        action: String,
    },

    /// A resource that is not `*` or an ARN (wildcards and policy variables allowed).
    #[error("statement {statement} has invalid resource `{resource}`: {reason}")]
    InvalidResource {
        /// The statement.
        statement: usize,
        /// The resource given.
        resource: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// A principal of an unknown type or with a malformed value.
    #[error("statement {statement} has invalid principal `{principal}`: {reason}")]
    InvalidPrincipal {
        /// The statement.
        statement: usize,
        /// The principal type or value.
        principal: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// An element this kind of policy does not allow (`Principal` in an identity policy,
    /// `Resource` in a trust policy, `NotPrincipal` with `Allow`).
    #[error("statement {statement}: `{element}` is not allowed in a {context}")]
    ElementNotAllowed {
        /// The statement.
        statement: usize,
        /// The element.
        element: &'static str,
        /// The kind of policy being validated.
        context: PolicyContext,
    },

    /// An action this kind of policy does not allow (a trust policy only takes `sts:AssumeRole*`,
    /// `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`).
    #[error("statement {statement}: action `{action}` is not allowed in a {context}")]
    ActionNotAllowed {
        /// The statement.
        statement: usize,
        /// The action.
        action: String,
        /// The kind of policy being validated.
        context: PolicyContext,
    },

    /// Two statements share a `Sid`.
    #[error("statements {first} and {second} share the Sid `{sid}`")]
    DuplicateSid {
        /// The repeated Sid.
        sid: String,
        /// The first statement with it.
        first: usize,
        /// The second statement with it.
        second: usize,
    },

    /// A `Sid` with characters IAM does not allow (IAM policies take only `A-Z a-z 0-9`).
    #[error(
        "statement {statement} has invalid Sid `{sid}` (only A-Z, a-z and 0-9 are allowed in a {context})"
    )]
    InvalidSid {
        /// The statement.
        statement: usize,
        /// The Sid given.
        sid: String,
        /// The kind of policy being validated.
        context: PolicyContext,
    },

    /// A character outside what IAM accepts (tab, LF, CR and U+0020–U+00FF).
    #[error("character {character:?} (U+{:04X}) in {path} is not allowed (IAM accepts tab, LF, CR and U+0020-U+00FF)", u32::from(*character))]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// Where it is.
        path: String,
    },

    /// The document (or an aggregate of documents) is over IAM's size limit.
    #[error(
        "{context} is too large: {size} non-whitespace characters in {documents} document(s), over the limit of {limit}"
    )]
    TooLarge {
        /// The limit that was exceeded.
        limit: SizeLimit,
        /// The size IAM would count.
        size: usize,
        /// The kind of policy being checked.
        context: PolicyContext,
        /// How many documents were counted together (1 unless an inline aggregate).
        documents: usize,
    },

    /// [`pack`](super::pack) met a statement that does not fit the limit even on its own and
    /// cannot be split (one action on one resource).
    #[error("statement {statement} alone is {size} characters, over the {limit} limit")]
    StatementTooLarge {
        /// The statement, as an index into the input of `pack`.
        statement: usize,
        /// Its size inside a minimal document.
        size: usize,
        /// The limit.
        limit: SizeLimit,
    },

    /// [`pack_within`](super::pack_within) needs more documents than the budget allows.
    #[error("the statements need {needed} documents of at most {limit}, over the budget of {max}")]
    TooManyDocuments {
        /// Documents needed.
        needed: usize,
        /// Documents allowed.
        max: usize,
        /// The size limit of each document.
        limit: SizeLimit,
    },
}

impl PolicyError {
    /// Every [`code`](Self::code), for exhaustive tests and documentation.
    pub const CODES: &'static [&'static str] = &[
        "json",
        "url_encoding",
        "invalid_type",
        "unknown_element",
        "duplicate_element",
        "missing_element",
        "empty_element",
        "mutually_exclusive",
        "invalid_version",
        "version_required",
        "invalid_effect",
        "unknown_operator",
        "invalid_condition_key",
        "invalid_condition_value",
        "invalid_action",
        "invalid_resource",
        "invalid_principal",
        "element_not_allowed",
        "action_not_allowed",
        "duplicate_sid",
        "invalid_sid",
        "invalid_character",
        "too_large",
        "statement_too_large",
        "too_many_documents",
    ];

    /// A stable snake_case identifier of the variant (`duplicate_sid`, `too_large`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::Json { .. } => "json",
            PolicyError::UrlEncoding { .. } => "url_encoding",
            PolicyError::InvalidType { .. } => "invalid_type",
            PolicyError::UnknownElement { .. } => "unknown_element",
            PolicyError::DuplicateElement { .. } => "duplicate_element",
            PolicyError::MissingElement { .. } => "missing_element",
            PolicyError::EmptyElement { .. } => "empty_element",
            PolicyError::MutuallyExclusive { .. } => "mutually_exclusive",
            PolicyError::InvalidVersion { .. } => "invalid_version",
            PolicyError::VersionRequired { .. } => "version_required",
            PolicyError::InvalidEffect { .. } => "invalid_effect",
            PolicyError::UnknownOperator { .. } => "unknown_operator",
            PolicyError::InvalidConditionKey { .. } => "invalid_condition_key",
            PolicyError::InvalidConditionValue { .. } => "invalid_condition_value",
            PolicyError::InvalidAction { .. } => "invalid_action",
            PolicyError::InvalidResource { .. } => "invalid_resource",
            PolicyError::InvalidPrincipal { .. } => "invalid_principal",
            PolicyError::ElementNotAllowed { .. } => "element_not_allowed",
            PolicyError::ActionNotAllowed { .. } => "action_not_allowed",
            PolicyError::DuplicateSid { .. } => "duplicate_sid",
            PolicyError::InvalidSid { .. } => "invalid_sid",
            PolicyError::InvalidCharacter { .. } => "invalid_character",
            PolicyError::TooLarge { .. } => "too_large",
            PolicyError::StatementTooLarge { .. } => "statement_too_large",
            PolicyError::TooManyDocuments { .. } => "too_many_documents",
        }
    }
}

impl From<serde_json::Error> for PolicyError {
    fn from(err: serde_json::Error) -> Self {
        PolicyError::Json {
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_listed() {
        let mut codes = PolicyError::CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), PolicyError::CODES.len());
        let err = PolicyError::DuplicateSid {
            sid: "A".into(),
            first: 0,
            second: 2,
        };
        assert!(PolicyError::CODES.contains(&err.code()));
        assert_eq!(err.to_string(), "statements 0 and 2 share the Sid `A`");
    }

    #[test]
    fn too_large_names_limit_size_and_context() {
        let err = PolicyError::TooLarge {
            limit: SizeLimit::Trust,
            size: 2100,
            context: PolicyContext::Trust,
            documents: 1,
        };
        let text = err.to_string();
        assert!(text.contains("2100"), "{text}");
        assert!(text.contains("2,048"), "{text}");
        assert!(text.contains("trust policy"), "{text}");
    }

    #[test]
    fn json_errors_keep_the_position() {
        let err: PolicyError = serde_json::from_str::<serde_json::Value>("{\n  \"a\": }")
            .map(|_| ())
            .unwrap_err()
            .into();
        assert!(matches!(err, PolicyError::Json { line: 2, .. }), "{err:?}");
    }
}
