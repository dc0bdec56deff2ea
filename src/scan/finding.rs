//! [`Finding`]: one located secret, safe to print and serialize.
//!
//! A finding carries the secret's bytes only inside [`SecretBytes`], which zeroizes on drop,
//! prints as `***` and is reachable only through [`Finding::expose_secret`]; everything else
//! on the struct (the masked form, the fingerprint) is safe to show.

use crate::patterns::{Confidence, Kind};
use sha2::{Digest, Sha256};
use std::fmt;
use zeroize::Zeroizing;

/// A secret's raw bytes: zeroized on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Wraps bytes that must not leak.
    pub fn new(bytes: &[u8]) -> Self {
        Self(Zeroizing::new(bytes.to_vec()))
    }

    /// The raw bytes. Call sites must justify showing them (`--show-secrets`).
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// One secret or PII value found at a place.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Secret or PII.
    pub kind: Kind,
    /// Confidence after validation.
    pub confidence: Confidence,
    /// Display path (`<stdin>` for standard input), without a leading `./`.
    pub path: String,
    /// 1-based line of the secret's first byte.
    pub line: u64,
    /// 1-based byte column of the secret's first byte.
    pub column: u64,
    /// 1-based byte column just past the secret's last byte, on the line where it ends.
    pub end_column: u64,
    /// Full commit sha in git modes.
    pub commit: Option<String>,
    /// Commit author (`Name <email>`) in git modes.
    pub author: Option<String>,
    /// Commit author date (RFC 3339, UTC) in git modes.
    pub date: Option<String>,
    /// Stable id: same secret, rule and path give the same value on any machine.
    pub fingerprint: String,
    /// The secret with all but a short prefix and suffix masked.
    pub redacted: String,
    /// The other half of a two-part credential, when it was found near (`scan/pair.rs`).
    pub pair: Option<crate::scan::pair::Pair>,
    secret: SecretBytes,
}

/// Where a secret sits in its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: u64,
    /// 1-based byte column of the first byte.
    pub column: u64,
    /// 1-based byte column just past the last byte (on the last line).
    pub end_column: u64,
}

impl Finding {
    /// Builds a finding, computing its fingerprint and masked form from `secret`.
    pub fn new(
        rule: &str,
        kind: Kind,
        confidence: Confidence,
        path: &str,
        location: Location,
        secret: &[u8],
    ) -> Self {
        Self {
            rule: rule.to_owned(),
            kind,
            confidence,
            path: path.to_owned(),
            line: location.line,
            column: location.column,
            end_column: location.end_column,
            commit: None,
            author: None,
            date: None,
            fingerprint: fingerprint(rule, path, secret),
            redacted: mask(secret),
            pair: None,
            secret: SecretBytes::new(secret),
        }
    }

    /// The raw secret. Only reports given `--show-secrets` may call this.
    pub fn expose_secret(&self) -> &[u8] {
        self.secret.expose()
    }
}

/// `sha256("hush-fingerprint-v1" 0 rule 0 path 0 secret)`, first 16 bytes in hex.
///
/// Stable across runs and machines. For high-entropy secrets it reveals nothing; for
/// low-entropy PII (an SSN) someone who knows the rule and path could brute-force it, which
/// SECURITY.md states.
pub fn fingerprint(rule: &str, path: &str, secret: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(b"hush-fingerprint-v1\0");
    h.update(rule.as_bytes());
    h.update(b"\0");
    h.update(path.as_bytes());
    h.update(b"\0");
    h.update(secret);
    let digest = h.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for &b in &digest[..16] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Masks a secret, keeping at most 4 characters each side and never more than an eighth of
/// it per side: `ghp_…a1b2`; short values become `…`.
pub fn mask(secret: &[u8]) -> String {
    let text = String::from_utf8_lossy(secret);
    let chars: Vec<char> = text.chars().collect();
    let keep = (chars.len() / 8).min(4);
    let head: String = chars[..keep].iter().collect();
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_little() {
        assert_eq!(
            mask(b"ghp_Zk3vQ9pL0mX7aR2tY8wE5uI1oP4sD6fGa1b2"),
            "ghp_…a1b2"
        );
        assert_eq!(mask(b"123-45-6789"), "1…9");
        assert_eq!(mask(b"hunter2"), "…");
        assert_eq!(mask(b""), "…");
        assert_eq!(mask("pässwörd-très-long".as_bytes()), "pä…ng");
    }

    #[test]
    fn fingerprint_is_stable_and_hides_secret() {
        let a = fingerprint("r", "p", b"s3cr3t");
        assert_eq!(a, fingerprint("r", "p", b"s3cr3t"));
        assert_ne!(a, fingerprint("r", "q", b"s3cr3t"));
        assert_ne!(a, fingerprint("x", "p", b"s3cr3t"));
        assert_eq!(a.len(), 32);
        // The first 16 bytes of sha256("hush-fingerprint-v1\0r\0p\0s3cr3t"), in hex.
        assert_eq!(a, "fdd6b1bfdd3e21c60f3adb9467826738");
        assert!(!a.contains("s3cr3t"));
    }

    #[test]
    fn debug_never_shows_secret() {
        let loc = Location {
            line: 1,
            column: 1,
            end_column: 7,
        };
        let f = Finding::new(
            "r",
            Kind::Secret,
            Confidence::High,
            "p",
            loc,
            b"s3cr3tvalue",
        );
        let dbg = format!("{f:?}");
        assert!(!dbg.contains("s3cr3tvalue"), "{dbg}");
        assert_eq!(f.expose_secret(), b"s3cr3tvalue");
    }
}
