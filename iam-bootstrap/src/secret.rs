//! Secret bytes (MFA seeds, QR codes): redacted everywhere, zeroized on drop.

use std::fmt;

use secrecy::{ExposeSecret, SecretSlice};

/// Bytes that must never be printed, logged or serialized.
///
/// `Debug` and `Display` print `[REDACTED]`; there is no `Serialize` and no `Clone`, so a
/// secret cannot end up in JSON by accident or be copied around; the memory is zeroized
/// when it is dropped. Read it with [`Secret::expose`].
pub struct Secret(SecretSlice<u8>);

impl Secret {
    /// Wraps `bytes`, taking ownership so no other copy stays behind.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(SecretSlice::from(bytes))
    }

    /// The secret bytes. Call this only where the secret is handed to its owner.
    pub fn expose(&self) -> &[u8] {
        self.0.expose_secret()
    }

    /// The secret as UTF-8 text (a base32 seed), if it is text.
    pub fn expose_str(&self) -> Option<&str> {
        std::str::from_utf8(self.expose()).ok()
    }

    /// Its length in bytes (not secret).
    pub fn len(&self) -> usize {
        self.expose().len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_bytes() {
        let secret = Secret::new(b"JBSWY3DPEHPK3PXP".to_vec());
        assert_eq!(format!("{secret:?}"), "Secret([REDACTED])");
        assert_eq!(secret.to_string(), "[REDACTED]");
        assert_eq!(secret.expose_str(), Some("JBSWY3DPEHPK3PXP"));
        assert_eq!(secret.len(), 16);
    }
}
