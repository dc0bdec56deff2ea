//! Binary key stores, recognised by their first bytes and reported by type.
//!
//! A PKCS#12 bundle (`.p12`, `.pfx`) or a Java key store (`.jks`, `.jceks`) holds private
//! keys, but it is binary: the text rules cannot read it, and the scan skips it as binary.
//! Its format is fixed at the start of the file, so the scanner looks at the first
//! [`HEAD`] bytes of every stream (which it holds anyway) and reports a store as one finding
//! at line 1, column 1. The finding carries no bytes of the file: its secret is empty (so
//! `--show-secrets` shows nothing) and its mask is fixed; only the fingerprint is made from
//! the first bytes, so a replaced store at the same path is a new finding.
//!
//! Formats: PKCS#12 is RFC 7292 (`PFX ::= SEQUENCE { version INTEGER (3), authSafe
//! ContentInfo, ... }`, the ContentInfo's type the PKCS#7 `data` or `signedData` OID); JKS
//! starts with the magic `FE ED FE ED` and JCEKS with `CE CE CE CE`, each followed by a
//! 4-byte big-endian version (1 or 2). Confidence is high when the file's extension names the
//! same format, medium when only the bytes do.

use crate::patterns::{Confidence, Kind};
use crate::scan::finding::{Finding, Location, fingerprint};

/// How many leading bytes identify a store (the PKCS#12 header needs about 30).
pub const HEAD: usize = 64;

/// A key store format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStore {
    /// PKCS#12 / PFX.
    Pkcs12,
    /// Java KeyStore (JKS) or its JCE variant (JCEKS).
    Java,
}

impl KeyStore {
    /// The rule id its findings carry.
    pub fn rule(self) -> &'static str {
        match self {
            Self::Pkcs12 => "pkcs12-keystore",
            Self::Java => "java-keystore",
        }
    }

    /// The file extensions that name this format (lowercase).
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pkcs12 => &["p12", "pfx"],
            Self::Java => &["jks", "jceks", "keystore", "ks", "truststore"],
        }
    }
}

/// The key store format `head` (a stream's first bytes) starts with, if any.
pub fn identify(head: &[u8]) -> Option<KeyStore> {
    if is_java(head) {
        Some(KeyStore::Java)
    } else if is_pkcs12(head) {
        Some(KeyStore::Pkcs12)
    } else {
        None
    }
}

/// The finding for a store at `path`, if `head` is one.
pub fn finding(path: &str, head: &[u8]) -> Option<Finding> {
    let store = identify(head)?;
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let named = extension.is_some_and(|e| store.extensions().contains(&e.as_str()));
    let confidence = match named {
        true => Confidence::High,
        false => Confidence::Medium,
    };
    let at = Location {
        line: 1,
        column: 1,
        end_column: 1,
    };
    let mut f = Finding::new(store.rule(), Kind::Secret, confidence, path, at, b"");
    f.fingerprint = fingerprint(store.rule(), path, head);
    f.redacted = "…".to_owned();
    Some(f)
}

fn is_java(head: &[u8]) -> bool {
    matches!(
        head,
        [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 1 | 2, ..] | [0xCE, 0xCE, 0xCE, 0xCE, 0, 0, 0, 2, ..]
    )
}

/// `30 len 02 01 03 30 len 06 09 <1.2.840.113549.1.7.1 or .2>`: the PFX header. Lengths are
/// DER (short or long form) or BER indefinite (`80`), which some older tools write.
fn is_pkcs12(head: &[u8]) -> bool {
    const PKCS7: &[u8] = &[0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07];
    let Some(rest) = sequence(head) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(&[0x02, 0x01, 0x03]) else {
        return false;
    };
    let Some(rest) = sequence(rest) else {
        return false;
    };
    rest.strip_prefix(PKCS7)
        .is_some_and(|oid| matches!(oid.first(), Some(1 | 2)))
}

/// The bytes after a SEQUENCE tag and its length.
fn sequence(bytes: &[u8]) -> Option<&[u8]> {
    let (&tag, rest) = bytes.split_first()?;
    let (&len, rest) = rest.split_first()?;
    if tag != 0x30 {
        return None;
    }
    match len {
        0..=0x80 => Some(rest),
        0x81..=0x84 => rest.get(usize::from(len - 0x80)..),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PFX header as `openssl pkcs12 -export` writes it (lengths made up).
    const PFX: &[u8] = &[
        0x30, 0x82, 0x09, 0xC1, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0x77, 0x06, 0x09, 0x2A, 0x86,
        0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0, 0x82,
    ];

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(identify(PFX), Some(KeyStore::Pkcs12));
        assert_eq!(
            identify(&[0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0]),
            Some(KeyStore::Java)
        );
        assert_eq!(
            identify(&[0xCE, 0xCE, 0xCE, 0xCE, 0, 0, 0, 2]),
            Some(KeyStore::Java)
        );
        // Version 2 of PKCS#12 does not exist; a certificate is a SEQUENCE of a SEQUENCE.
        let mut v2 = PFX.to_vec();
        v2[6] = 0x02;
        assert_eq!(identify(&v2), None);
        assert_eq!(identify(&[0x30, 0x82, 0x03, 0x0A, 0x30, 0x82, 0x02]), None);
        assert_eq!(identify(&[0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 9]), None);
        assert_eq!(identify(&PFX[..12]), None);
        assert_eq!(identify(b""), None);
        assert_eq!(identify(b"password = hunter2"), None);
    }

    #[test]
    fn confidence_follows_the_extension_and_no_bytes_are_shown() {
        let f = finding("certs/Client.PFX", PFX).expect("a store");
        assert_eq!(
            (f.rule.as_str(), f.confidence),
            ("pkcs12-keystore", Confidence::High)
        );
        assert_eq!((f.line, f.column, f.redacted.as_str()), (1, 1, "…"));
        assert!(f.expose_secret().is_empty());
        let f = finding("certs/client.bin", PFX).expect("a store");
        assert_eq!(f.confidence, Confidence::Medium);
        let jks = [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2];
        assert_eq!(
            finding("app.p12", &jks).map(|f| f.confidence),
            Some(Confidence::Medium)
        );
        assert_ne!(
            finding("a.p12", PFX).map(|f| f.fingerprint),
            finding("a.p12", &PFX[..PFX.len() - 1]).map(|f| f.fingerprint)
        );
        assert!(finding("a.p12", b"not a store").is_none());
    }
}
