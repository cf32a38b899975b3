//! Typed policy errors.

/// Why a policy document was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The document is not valid JSON or does not have the policy grammar's shape.
    #[error("malformed policy: {0}")]
    Malformed(String),
}
