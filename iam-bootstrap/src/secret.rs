//! Secret bytes (MFA seeds, QR codes): redacted everywhere, zeroized on drop.

use std::fmt;

use secrecy::zeroize::Zeroize;
use secrecy::{ExposeSecret, SecretSlice};

/// Bytes that must never be printed, logged or serialized.
///
/// `Debug` and `Display` print `[REDACTED]`; there is no `Serialize` and no `Clone`, so a
/// secret cannot end up in JSON by accident or be copied around; the memory is zeroized
/// when it is dropped. Read it with [`Secret::expose`].
pub struct Secret(SecretSlice<u8>);

impl Secret {
    /// Wraps `bytes`, taking ownership so no other copy stays behind.
    pub fn new(mut bytes: Vec<u8>) -> Self {
        if bytes.len() == bytes.capacity() {
            // `into_boxed_slice` keeps the allocation when there is no spare capacity.
            return Self(SecretSlice::from(bytes));
        }
        // With spare capacity, `SecretSlice::from(Vec)` would reallocate (`into_boxed_slice`)
        // and free the old buffer without zeroizing it. Copy into an exact allocation and
        // zeroize the vector, spare capacity included.
        let exact: Box<[u8]> = bytes.as_slice().into();
        bytes.zeroize();
        Self(SecretSlice::from(exact))
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

    #[test]
    fn keeps_exactly_the_bytes_whatever_the_capacity() {
        let mut spare = Vec::with_capacity(64);
        spare.extend_from_slice(b"JBSWY3DPEHPK3PXP");
        let secret = Secret::new(spare);
        assert_eq!(secret.expose(), b"JBSWY3DPEHPK3PXP");
        // Without spare capacity the bytes are moved, not copied: the secret's memory is
        // the buffer it was given (so dropping the secret zeroizes the only copy).
        let exact = b"qr".to_vec().into_boxed_slice().into_vec();
        assert_eq!(exact.len(), exact.capacity());
        let at = exact.as_ptr();
        let secret = Secret::new(exact);
        assert_eq!(secret.expose(), b"qr");
        assert_eq!(secret.expose().as_ptr(), at);
        assert!(Secret::new(Vec::new()).is_empty());
    }
}
