//! What a redacted span becomes: the [`MaskStyle`] and the [`Masker`] that writes it.
//!
//! Every mask names the rule that fired, so a reader of the redacted log knows what was there
//! without seeing it:
//!
//! | style     | output                                    |
//! |-----------|-------------------------------------------|
//! | `Full`    | `[REDACTED:github-pat]`                   |
//! | `Partial` | `ghp_[REDACTED:github-pat]` (short prefix)|
//! | `Hash`    | `[REDACTED:github-pat:1f3a9c0b]`          |
//!
//! The hash is the first 4 bytes of HMAC-SHA256 under a key, so one value gives the same tag on
//! every line of a run (and across runs that share `HUSH_REDACT_KEY`) without revealing it.
//! Masks hold only ASCII letters, digits, `[`, `]`, `:`, `-` and `_`: they are safe to splice
//! into a JSON string.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;
use zeroize::Zeroizing;

/// How a masked span is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum MaskStyle {
    /// `[REDACTED:<rule>]`.
    #[default]
    Full,
    /// A short prefix of the value (at most 4 bytes and an eighth of it), then `[REDACTED:<rule>]`.
    Partial,
    /// `[REDACTED:<rule>:<8 hex>]`, the hex a keyed hash of the value.
    Hash,
}

/// Longest prefix `Partial` keeps (bytes).
const MAX_PREFIX: usize = 4;

/// Writes masks in one [`MaskStyle`]; holds the hash key for `Hash`.
#[derive(Clone)]
pub struct Masker {
    style: MaskStyle,
    /// Keyed HMAC state, cloned for each value; built from the key, which is then dropped.
    hmac: Option<Hmac<Sha256>>,
}

impl fmt::Debug for Masker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Masker")
            .field("style", &self.style)
            .finish_non_exhaustive()
    }
}

impl Masker {
    /// A masker for `style`; `key` is used by `Hash` only (any length).
    pub fn new(style: MaskStyle, key: &[u8]) -> Self {
        let hmac = (style == MaskStyle::Hash).then(|| {
            <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length")
        });
        Self { style, hmac }
    }

    /// A masker for `style` with a random per-process key for `Hash`.
    pub fn random(style: MaskStyle) -> Result<Self, getrandom::Error> {
        let mut key = Zeroizing::new([0u8; 32]);
        if style == MaskStyle::Hash {
            getrandom::fill(key.as_mut())?;
        }
        Ok(Self::new(style, key.as_ref()))
    }

    /// The style.
    pub fn style(&self) -> MaskStyle {
        self.style
    }

    /// Appends the mask for `value`, found by rule `rule`, to `out`.
    pub fn write(&self, rule: &str, value: &[u8], out: &mut Vec<u8>) {
        if self.style == MaskStyle::Partial {
            out.extend_from_slice(&value[..prefix_len(value)]);
        }
        out.extend_from_slice(b"[REDACTED:");
        out.extend_from_slice(rule.as_bytes());
        if let Some(hmac) = &self.hmac {
            let mut mac = hmac.clone();
            mac.update(value);
            let tag = mac.finalize().into_bytes();
            out.push(b':');
            for b in &tag[..4] {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
        }
        out.push(b']');
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// How many leading bytes `Partial` may show: at most 4 and an eighth of the value, never
/// cutting a UTF-8 character or a JSON escape, never a quote.
fn prefix_len(value: &[u8]) -> usize {
    let mut n = MAX_PREFIX.min(value.len() / 8);
    if let Some(p) = value[..n]
        .iter()
        .position(|b| matches!(b, b'\\' | b'"' | b'\n' | b'\r'))
    {
        n = p;
    }
    while n > 0 && n < value.len() && (value[n] & 0xC0) == 0x80 {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(style: MaskStyle, value: &str) -> String {
        let mut out = Vec::new();
        Masker::new(style, b"k").write("demo-token", value.as_bytes(), &mut out);
        String::from_utf8(out).expect("masks are ASCII here")
    }

    macro_rules! t {
        ($name:ident, $style:expr, $value:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(mask($style, $value), $want);
            }
        };
    }

    t!(
        full10,
        MaskStyle::Full,
        "s3cr3tvalue",
        "[REDACTED:demo-token]"
    );
    t!(
        partial20,
        MaskStyle::Partial,
        "ghp_0123456789abcdefghijklmnopqrstuv",
        "ghp_[REDACTED:demo-token]"
    );
    t!(
        partial21,
        MaskStyle::Partial,
        "short",
        "[REDACTED:demo-token]"
    );
    t!(
        partial22,
        MaskStyle::Partial,
        "ab\\u0041cdefghijklmnop",
        "ab[REDACTED:demo-token]"
    );
    t!(
        partial23,
        MaskStyle::Partial,
        "aé0123456789abcdef",
        "a[REDACTED:demo-token]"
    );

    #[test]
    fn hash30_same_value_same_tag_different_value_different_tag() {
        let a = mask(MaskStyle::Hash, "s3cr3tvalue");
        assert_eq!(a, mask(MaskStyle::Hash, "s3cr3tvalue"));
        assert_ne!(a, mask(MaskStyle::Hash, "s3cr3tvaluf"));
        assert!(
            a.starts_with("[REDACTED:demo-token:") && a.len() == "[REDACTED:demo-token:]".len() + 8
        );
    }

    #[test]
    fn hash31_key_changes_tag_and_debug_hides_it() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        Masker::new(MaskStyle::Hash, b"one").write("r", b"v", &mut a);
        Masker::new(MaskStyle::Hash, b"two").write("r", b"v", &mut b);
        assert_ne!(a, b);
        let debug = format!("{:?}", Masker::new(MaskStyle::Hash, b"topsecretkey"));
        assert!(!debug.contains("topsecretkey"), "{debug}");
    }
}
