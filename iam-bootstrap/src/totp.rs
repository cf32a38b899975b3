//! Time-based one-time passwords (RFC 6238) from a base32 seed, via `totp-rs`.
//!
//! AWS virtual MFA devices use SHA-1, 6 digits and 30-second steps; `EnableMFADevice`
//! wants two *consecutive* codes.

use totp_rs::{Builder, Secret as TotpSecret, Totp};

use crate::error::{ValidationError, ValidationReason};

const STEP: u64 = 30;

fn totp(seed_base32: &str) -> Result<Totp, ValidationError> {
    let invalid = |detail: String| {
        ValidationError::new(
            "mfa seed",
            ValidationReason::NotAllowed(format!("not a usable TOTP seed: {detail}")),
        )
    };
    let secret = TotpSecret::try_from_base32(seed_base32).map_err(|e| invalid(e.to_string()))?;
    Builder::new()
        .with_secret(secret)
        .build()
        .map_err(|e| invalid(e.to_string()))
}

/// The codes for the step that contains `unix_time` and the step after it.
///
/// # Errors
/// [`ValidationError`] if the seed is not base32 or too short for TOTP.
pub(crate) fn consecutive_codes(
    seed_base32: &str,
    unix_time: u64,
) -> Result<(String, String), ValidationError> {
    let totp = totp(seed_base32)?;
    Ok((
        totp.generate(unix_time).to_string(),
        totp.generate(unix_time + STEP).to_string(),
    ))
}

/// Whether `code1`, `code2` are consecutive codes near `unix_time` (one step either way,
/// for clock skew), as IAM checks them.
pub(crate) fn consecutive_codes_match(seed_base32: &str, code1: &str, code2: &str, unix_time: u64) -> bool {
    [unix_time.saturating_sub(STEP), unix_time, unix_time + STEP]
        .into_iter()
        .any(|t| consecutive_codes(seed_base32, t).is_ok_and(|(a, b)| a == code1 && b == code2))
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B's SHA-1 seed "12345678901234567890", base32-encoded.
    const RFC_SEED: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_the_rfc_test_vectors() {
        // At T=59 the 8-digit code is 94287082; AWS uses 6 digits: 287082.
        let (first, _) = consecutive_codes(RFC_SEED, 59).unwrap();
        assert_eq!(first, "287082");
        let (a, b) = consecutive_codes(RFC_SEED, 1_111_111_109).unwrap();
        assert_eq!(a, "081804");
        assert_ne!(a, b);
    }

    #[test]
    fn accepts_consecutive_codes_only() {
        let (a, b) = consecutive_codes(RFC_SEED, 1_000_000).unwrap();
        assert!(consecutive_codes_match(RFC_SEED, &a, &b, 1_000_000));
        assert!(consecutive_codes_match(RFC_SEED, &a, &b, 1_000_000 + STEP));
        assert!(!consecutive_codes_match(RFC_SEED, &b, &a, 1_000_000));
        assert!(!consecutive_codes_match(RFC_SEED, &a, &b, 1_000_000 + 10 * STEP));
    }

    #[test]
    fn rejects_bad_seeds() {
        assert!(consecutive_codes("not base32!", 0).is_err());
        assert!(consecutive_codes("GEZDGNBV", 0).is_err());
    }
}
