//! Fresh random values for `vault rotate`: [`Generator`] draws from the OS RNG (through
//! `crypto::random`) and maps bytes to characters by rejection sampling, so every character of
//! the alphabet is equally likely (no modulo bias). `Uuid` formats 16 random bytes as a
//! version 4 UUID (RFC 9562). Output goes straight into a [`SecretString`]; the random bytes
//! are zeroized.

use super::{SecretString, VaultError, crypto};
use zeroize::Zeroizing;

/// Shortest generated value, in characters: 16 hex characters are 64 bits.
pub const MIN_LENGTH: usize = 16;
/// Longest generated value, in characters.
pub const MAX_LENGTH: usize = 4096;
/// Length `vault rotate` uses when none is given (32 alphanumerics ≈ 190 bits).
pub const DEFAULT_LENGTH: usize = 32;

/// The characters a generated value is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Charset {
    /// `A–Z a–z 0–9` (62 characters, ≈ 5.95 bits each).
    Alnum,
    /// `0–9 a–f` (4 bits each).
    Hex,
    /// `A–Z a–z 0–9 + /` (6 bits each).
    Base64,
    /// `A–Z a–z 0–9 - _` (6 bits each).
    UrlSafe,
}

impl Charset {
    pub(crate) fn alphabet(self) -> &'static [u8] {
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        match self {
            Self::Alnum => ALNUM,
            Self::Hex => b"0123456789abcdef",
            Self::Base64 => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            Self::UrlSafe => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        }
    }
}

/// How `vault rotate` makes a new value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Generator {
    /// `length` characters from `charset`.
    Chars {
        /// The alphabet.
        charset: Charset,
        /// Number of characters, `MIN_LENGTH..=MAX_LENGTH`.
        length: usize,
    },
    /// A random (version 4) UUID, lowercase: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`.
    Uuid,
}

impl Default for Generator {
    fn default() -> Self {
        Self::Chars {
            charset: Charset::Alnum,
            length: DEFAULT_LENGTH,
        }
    }
}

impl Generator {
    /// `length` characters from `charset`; [`VaultError::BadLength`] outside
    /// [`MIN_LENGTH`]`..=`[`MAX_LENGTH`].
    pub fn chars(charset: Charset, length: usize) -> Result<Self, VaultError> {
        if !(MIN_LENGTH..=MAX_LENGTH).contains(&length) {
            let (min, max) = (MIN_LENGTH, MAX_LENGTH);
            return Err(VaultError::BadLength { length, min, max });
        }
        Ok(Self::Chars { charset, length })
    }

    /// A fresh value from the OS RNG.
    pub fn generate(&self) -> SecretString {
        let mut pool = RandomPool::new();
        let mut text = match *self {
            Self::Chars { charset, length } => {
                sample(charset.alphabet(), length, || pool.next_byte())
            }
            Self::Uuid => uuid_v4(&Zeroizing::new(crypto::random::<16>())),
        };
        // Moving the exactly-sized String out leaves no copy behind.
        SecretString::from(std::mem::take(&mut *text))
    }
}

/// `length` characters of `alphabet` (at most 256 of them), one accepted byte each: a byte is
/// rejected when it is at or above the largest multiple of the alphabet size that fits in a
/// byte, so the remainder is uniform.
pub(crate) fn sample(
    alphabet: &[u8],
    length: usize,
    mut byte: impl FnMut() -> u8,
) -> Zeroizing<String> {
    let n = alphabet.len();
    assert!(
        (1..=256).contains(&n),
        "an alphabet has 1 to 256 characters"
    );
    let limit = 256 - 256 % n; // accept 0..limit; limit is a multiple of n
    let mut out = Zeroizing::new(String::with_capacity(length));
    while out.len() < length {
        let b = usize::from(byte());
        if b < limit {
            out.push(char::from(alphabet[b % n]));
        }
    }
    out
}

/// Formats 16 random bytes as a version 4, variant 10 UUID.
pub(crate) fn uuid_v4(bytes: &[u8; 16]) -> Zeroizing<String> {
    let mut b = Zeroizing::new(*bytes);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // variant 10
    const HEX: &[u8] = b"0123456789abcdef";
    let mut out = Zeroizing::new(String::with_capacity(36));
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// OS randomness fetched 64 bytes at a time, zeroized when dropped.
struct RandomPool {
    buf: Zeroizing<[u8; 64]>,
    used: usize,
}

impl RandomPool {
    fn new() -> Self {
        Self {
            buf: Zeroizing::new([0; 64]),
            used: 64,
        }
    }

    fn next_byte(&mut self) -> u8 {
        if self.used == self.buf.len() {
            *self.buf = crypto::random();
            self.used = 0;
        }
        self.used += 1;
        self.buf[self.used - 1]
    }
}

#[cfg(test)]
mod tests;
