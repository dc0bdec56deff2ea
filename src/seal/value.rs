//! One sealed value: `hush:v1:<base64url(nonce ‖ ciphertext ‖ tag)>`, and what is inside it.
//!
//! The plaintext sealed for a value is
//! ```text
//! kind (1 byte) ‖ raw length (u32 BE) ‖ raw ‖ value length (u32 BE) ‖ value ‖ 0x00 padding
//! ```
//! `raw` is the value exactly as the file spelled it (quotes, escapes, number spelling), so
//! unsealing gives the original bytes back; `value` is what it means (a string's contents, a
//! number's digits), which `seal get` and the Rust API hand out; `kind` says which type it had.
//! The plaintext is zero-padded to a multiple of [`PAD_BUCKET`] bytes so the ciphertext tells
//! a value's length only to within that bucket. Associated data: file id ‖ key path (see
//! [`aad`]). The cipher is the vault's ([`crate::vault`]'s `crypto` module).

use crate::vault::SecretKey;
use crate::vault::crypto;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use zeroize::Zeroizing;

/// The prefix of every sealed value.
pub const PREFIX: &str = "hush:v1:";
/// Plaintext (kind, lengths, raw text, value) is padded with zeros to a multiple of this many
/// bytes (64), so sealed values of 0 to 54 bytes all have the same length.
pub const PAD_BUCKET: usize = 64;
/// Longest value sealed, raw and decoded together, in bytes (1 MiB).
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// The type a value had before it was sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A floating-point number.
    Float,
    /// `true` or `false`.
    Bool,
    /// A TOML date or time, or another scalar kept as text.
    Other,
}

impl Kind {
    fn tag(self) -> u8 {
        match self {
            Self::String => 1,
            Self::Integer => 2,
            Self::Float => 3,
            Self::Bool => 4,
            Self::Other => 5,
        }
    }

    fn from_tag(tag: u8) -> Option<Self> {
        Some(match tag {
            1 => Self::String,
            2 => Self::Integer,
            3 => Self::Float,
            4 => Self::Bool,
            5 => Self::Other,
            _ => return None,
        })
    }
}

/// What a sealed value opens to.
pub(crate) struct Opened {
    pub(crate) kind: Kind,
    /// The value as the file spelled it.
    pub(crate) raw: Zeroizing<String>,
    /// What it means.
    pub(crate) value: Zeroizing<String>,
}

/// Associated data of the value at `path` in the file `id`: id ‖ path. A path never starts
/// with a byte that could extend the 16-byte id, as every id has exactly that length.
pub(crate) fn aad(id: &[u8], path: &str) -> Vec<u8> {
    [id, path.as_bytes()].concat()
}

fn padded_len(n: usize) -> usize {
    n.div_ceil(PAD_BUCKET).max(1) * PAD_BUCKET
}

/// The sealed bytes (nonce ‖ ciphertext ‖ tag) of one value.
pub(crate) fn seal(dek: &SecretKey, aad: &[u8], kind: Kind, raw: &str, value: &str) -> Vec<u8> {
    let len = 1 + 4 + raw.len() + 4 + value.len();
    let mut plain = Zeroizing::new(Vec::with_capacity(padded_len(len)));
    plain.push(kind.tag());
    for part in [raw, value] {
        let n = u32::try_from(part.len()).expect("values are capped at MAX_VALUE_LEN");
        plain.extend_from_slice(&n.to_be_bytes());
        plain.extend_from_slice(part.as_bytes());
    }
    plain.resize(padded_len(len), 0);
    crypto::seal(dek, &plain, aad)
}

/// `hush:v1:` + base64url of `sealed`.
pub(crate) fn token(sealed: &[u8]) -> String {
    let mut s = String::with_capacity(PREFIX.len() + sealed.len().div_ceil(3) * 4);
    s.push_str(PREFIX);
    B64.encode_string(sealed, &mut s);
    s
}

/// The sealed bytes of a `hush:v1:` token; `None` if it is not one.
pub(crate) fn parse_token(text: &str) -> Option<Vec<u8>> {
    B64.decode(text.strip_prefix(PREFIX)?).ok()
}

/// Opens sealed bytes; `Err` says why (never with any plaintext).
pub(crate) fn open(dek: &SecretKey, aad: &[u8], sealed: &[u8]) -> Result<Opened, &'static str> {
    let plain = crypto::open(dek, sealed, aad)
        .map_err(|_| "does not open: changed, or moved from another path or file")?;
    let bad = "opens, but its contents are malformed";
    let (&tag, mut rest) = plain.split_first().ok_or(bad)?;
    let kind = Kind::from_tag(tag).ok_or(bad)?;
    let mut part = || -> Result<Zeroizing<String>, &'static str> {
        let (n, tail) = rest.split_first_chunk::<4>().ok_or(bad)?;
        let n = usize::try_from(u32::from_be_bytes(*n)).map_err(|_| bad)?;
        let (text, tail) = (tail.get(..n).ok_or(bad)?, &tail[n..]);
        rest = tail;
        let text = std::str::from_utf8(text).map_err(|_| bad)?;
        let mut exact = Zeroizing::new(String::with_capacity(text.len()));
        exact.push_str(text);
        Ok(exact)
    };
    let raw = part()?;
    let value = part()?;
    if rest.iter().any(|&b| b != 0) || plain.len() % PAD_BUCKET != 0 {
        return Err(bad);
    }
    Ok(Opened { kind, raw, value })
}

#[cfg(test)]
mod tests;
