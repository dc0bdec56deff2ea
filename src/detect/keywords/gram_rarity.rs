//! Which of a keyword's 4-byte grams is rarest in source code (`detect/keywords/grams.rs` looks for
//! that one): rare grams mean few positions to confirm.

use crate::detect::simd::grams as simd_grams;
use std::collections::HashMap;

/// The most common grams in source code, most common first, as 8 hex digits each
/// (`scripts/common-grams.py`).
const COMMON: &str = include_str!("common_grams.txt");

/// Ranks grams: the common ones by their place in [`COMMON`], then the others by how rare
/// their bytes are (a rough rank of bytes in source text).
pub(super) struct Rarity {
    common: HashMap<u32, usize>,
}

impl Rarity {
    /// The ranking, parsed from [`COMMON`] on first use (`hush rules test` builds a detector
    /// per rule).
    pub(super) fn get() -> &'static Self {
        static RARITY: std::sync::LazyLock<Rarity> = std::sync::LazyLock::new(Rarity::new);
        &RARITY
    }

    fn new() -> Self {
        let common = (COMMON.lines().enumerate())
            .filter_map(|(rank, line)| Some((u32::from_str_radix(line, 16).ok()?, rank)))
            .collect();
        Self { common }
    }

    /// The offset of the keyword's rarest 4-byte gram, the first of equals.
    pub(super) fn rarest_gram(&self, keyword: &[u8]) -> usize {
        let rarity = |gram: &[u8]| {
            let rank = self.common.get(&simd_grams::gram(gram)).copied();
            (
                rank.map_or(usize::MAX, |r| r),
                gram.iter().map(|&b| byte_rarity(b)).sum::<u32>(),
            )
        };
        (0..=keyword.len() - 4)
            .rev()
            .max_by_key(|&o| rarity(&keyword[o..o + 4]))
            .unwrap_or(0)
    }
}

/// Roughly how rare a byte is in source text, higher for rarer.
fn byte_rarity(b: u8) -> u32 {
    match b.to_ascii_lowercase() {
        b' ' | b'\n' => 2,
        b'e' | b't' => 4,
        b'a' | b'o' | b'i' | b'n' | b's' | b'r' => 5,
        b'l' | b'c' | b'u' | b'd' | b'm' | b'p' | b'f' | b'h' => 6,
        b':' | b'/' | b'(' | b')' | b'.' | b',' | b'_' | b'"' | b'=' | b'*' | b'\t' => 6,
        b'g' | b'b' | b'v' | b'y' | b'k' | b'w' | b'x' | b'-' | b'0'..=b'9' => 7,
        b';' | b'{' | b'}' | b'<' | b'>' => 7,
        _ => 9,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rarest_gram_avoids_common_grams_then_common_bytes() {
        let r = Rarity::new();
        assert!(r.common.len() >= 4000, "{}", r.common.len());
        // All five are common in source; `s://` the least.
        assert_eq!(r.rarest_gram(b"https://"), 4);
        assert_eq!(r.rarest_gram(b"ghp_"), 0);
        // `tion` and `auth` are common; of the rest, `oriz` has the rarest bytes.
        assert_eq!(r.rarest_gram(b"authorization"), 4);
        assert_eq!(r.rarest_gram(b"discord.com/api"), 5);
        assert_eq!(r.rarest_gram(b"token "), 2);
    }
}
