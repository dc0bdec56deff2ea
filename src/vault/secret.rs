//! Secret key material: [`SecretKey`], a 256-bit key that zeroizes on drop and never prints.
//!
//! Values themselves are [`secrecy::SecretString`]s (re-exported as [`crate::vault::SecretString`]);
//! this module holds the one secret type the vault adds: the key a key file or `HUSH_VAULT_KEY`
//! carries, and the data and key-encryption keys derived inside [`crate::vault`].

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use std::fmt;
use zeroize::Zeroizing;

/// Length of every vault key, in bytes (256 bits).
pub const KEY_LEN: usize = 32;

/// A 256-bit secret key. Zeroized on drop; `Debug` prints `***`; no `Display`, no `Serialize`.
#[derive(Clone)]
pub struct SecretKey(Zeroizing<[u8; KEY_LEN]>);

impl SecretKey {
    /// A fresh key from the operating system's random number generator.
    ///
    /// # Panics
    /// If the OS RNG fails, which on supported platforms means the system is unusable.
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(&mut key[..]).expect("the OS random number generator is available");
        Self(key)
    }

    /// Parses a key written as base64 (standard or URL-safe alphabet, padding optional), as a
    /// key file or `HUSH_VAULT_KEY` holds it. Surrounding whitespace is ignored.
    ///
    /// Returns `None` if `text` is not exactly 32 bytes of base64; the text is not echoed.
    pub fn from_base64(text: &str) -> Option<Self> {
        let text = text.trim();
        let mut buf = Zeroizing::new([0u8; KEY_LEN + 3]);
        for engine in [URL_SAFE_NO_PAD, URL_SAFE, STANDARD_NO_PAD, STANDARD] {
            if let Ok(KEY_LEN) = engine.decode_slice(text, &mut buf[..]) {
                let mut key = Zeroizing::new([0u8; KEY_LEN]);
                key.copy_from_slice(&buf[..KEY_LEN]);
                return Some(Self(key));
            }
        }
        None
    }

    /// The key as unpadded URL-safe base64, the form a key file stores. The text is secret too.
    pub fn to_base64(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(KEY_LEN * 4 / 3 + 4));
        URL_SAFE_NO_PAD.encode_string(&self.0[..], &mut out);
        out
    }

    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>) -> Self {
        Self(bytes)
    }

    /// The raw key bytes, for the crypto module only.
    pub(crate) fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip_in_every_alphabet() {
        let key = SecretKey::generate();
        let text = key.to_base64();
        assert_eq!(text.len(), 43);
        let back = SecretKey::from_base64(&format!("  {}\n", text.as_str())).expect("parses");
        assert_eq!(back.expose(), key.expose());
        let std = STANDARD.encode(key.expose());
        let back = SecretKey::from_base64(&std).expect("standard alphabet parses");
        assert_eq!(back.expose(), key.expose());
    }

    #[test]
    fn wrong_lengths_are_refused() {
        assert!(SecretKey::from_base64("").is_none());
        assert!(SecretKey::from_base64(&URL_SAFE_NO_PAD.encode([7u8; 31])).is_none());
        assert!(SecretKey::from_base64(&URL_SAFE_NO_PAD.encode([7u8; 33])).is_none());
        assert!(SecretKey::from_base64("not base64 at all!").is_none());
    }

    #[test]
    fn debug_never_shows_key_bytes() {
        let key = SecretKey::from_bytes(Zeroizing::new([0xAB; KEY_LEN]));
        let shown = format!("{key:?} {key:#?}");
        assert!(!shown.contains("171") && !shown.to_lowercase().contains("ab"));
        assert!(shown.contains("***"));
    }

    #[test]
    fn generated_keys_differ() {
        assert_ne!(
            SecretKey::generate().expose(),
            SecretKey::generate().expose()
        );
    }
}
