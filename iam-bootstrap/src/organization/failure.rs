//! [`CreateAccountFailure`]: why Organizations gave up creating an account, typed, so
//! code can tell "the email is taken" from "the organization is full".

use std::fmt;

use serde::{Deserialize, Serialize};

/// The `FailureReason` of a `CreateAccount` request that ended FAILED.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum CreateAccountFailure {
    /// Another AWS account already uses the email (`EMAIL_ALREADY_EXISTS`).
    EmailAlreadyExists,
    /// The organization has as many accounts as its quota allows (`ACCOUNT_LIMIT_EXCEEDED`).
    AccountLimitExceeded,
    /// The email address is not valid (`INVALID_EMAIL`).
    InvalidEmail,
    /// The account's address is not valid (`INVALID_ADDRESS`).
    InvalidAddress,
    /// Another request changed the organization at the same time
    /// (`CONCURRENT_ACCOUNT_MODIFICATION`): running again usually succeeds.
    ConcurrentAccountModification,
    /// AWS failed internally (`INTERNAL_FAILURE`): running again usually succeeds.
    InternalFailure,
    /// The management account has no valid payment instrument
    /// (`MISSING_PAYMENT_INSTRUMENT`, `INVALID_PAYMENT_INSTRUMENT`).
    PaymentInstrument,
    /// The management account's business validation is missing, pending or failed
    /// (`MISSING_BUSINESS_VALIDATION`, `PENDING_BUSINESS_VALIDATION`, ...).
    BusinessValidation,
    /// A reason this version does not know, as AWS wrote it.
    Other(String),
}

impl CreateAccountFailure {
    /// Maps AWS's `FailureReason`.
    pub fn from_aws(reason: &str) -> Self {
        match reason {
            "EMAIL_ALREADY_EXISTS" => Self::EmailAlreadyExists,
            "ACCOUNT_LIMIT_EXCEEDED" => Self::AccountLimitExceeded,
            "INVALID_EMAIL" => Self::InvalidEmail,
            "INVALID_ADDRESS" => Self::InvalidAddress,
            "CONCURRENT_ACCOUNT_MODIFICATION" => Self::ConcurrentAccountModification,
            "INTERNAL_FAILURE" => Self::InternalFailure,
            "MISSING_PAYMENT_INSTRUMENT" | "INVALID_PAYMENT_INSTRUMENT" => Self::PaymentInstrument,
            "MISSING_BUSINESS_VALIDATION"
            | "PENDING_BUSINESS_VALIDATION"
            | "FAILED_BUSINESS_VALIDATION"
            | "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION"
            | "UNKNOWN_BUSINESS_VALIDATION" => Self::BusinessValidation,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Whether running the same request again may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::ConcurrentAccountModification | Self::InternalFailure)
    }

    /// What the caller can do about it.
    pub fn remedy(&self) -> &'static str {
        match self {
            Self::EmailAlreadyExists => {
                "the email belongs to an AWS account outside this organization: invite that account, or use another email"
            }
            Self::AccountLimitExceeded => {
                "ask AWS Support (Service Quotas, Organizations) to raise the organization's account quota"
            }
            Self::InvalidEmail | Self::InvalidAddress => "correct the account's email or contact details",
            Self::ConcurrentAccountModification | Self::InternalFailure => "run the plan again",
            Self::PaymentInstrument => "add a valid payment method to the management account",
            Self::BusinessValidation => "complete the management account's business validation",
            Self::Other(_) => "see the FailureReason in the Organizations documentation",
        }
    }
}

impl fmt::Display for CreateAccountFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::EmailAlreadyExists => "EMAIL_ALREADY_EXISTS",
            Self::AccountLimitExceeded => "ACCOUNT_LIMIT_EXCEEDED",
            Self::InvalidEmail => "INVALID_EMAIL",
            Self::InvalidAddress => "INVALID_ADDRESS",
            Self::ConcurrentAccountModification => "CONCURRENT_ACCOUNT_MODIFICATION",
            Self::InternalFailure => "INTERNAL_FAILURE",
            Self::PaymentInstrument => "payment instrument missing or invalid",
            Self::BusinessValidation => "business validation missing, pending or failed",
            Self::Other(reason) => reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_reasons_map_to_kinds() {
        assert_eq!(
            CreateAccountFailure::from_aws("EMAIL_ALREADY_EXISTS"),
            CreateAccountFailure::EmailAlreadyExists
        );
        assert_eq!(
            CreateAccountFailure::from_aws("ACCOUNT_LIMIT_EXCEEDED").to_string(),
            "ACCOUNT_LIMIT_EXCEEDED"
        );
        assert!(CreateAccountFailure::from_aws("INTERNAL_FAILURE").is_transient());
        assert_eq!(
            CreateAccountFailure::from_aws("PENDING_BUSINESS_VALIDATION"),
            CreateAccountFailure::BusinessValidation
        );
        assert_eq!(
            CreateAccountFailure::from_aws("SOMETHING_NEW"),
            CreateAccountFailure::Other("SOMETHING_NEW".into())
        );
    }
}
