//! Keyword search by 4-byte grams, where the CPU can gather table words (`detect/simd/grams.rs`).
//!
//! Each keyword of 4 bytes or more is represented by its least common 4-byte gram; each of 3
//! bytes by its bytes and every possible fourth. Their hashes mark a 128 KiB bit table. The
//! scan looks up the gram at every position, 32 positions per step, and only a marked one is
//! confirmed: its gram is looked up among the keywords' and each owner is compared with the
//! text, ASCII case-insensitively. Keywords of 1 or 2 bytes (`@`, `::`) are found by
//! `memchr`/`memmem`, one pass per ASCII case variant: a pass on the last byte alone stopped at
//! every `:` of source code for `::` (11% of a `--pii` scan's instructions, callgrind). On the generated benchmark tree the scan and its confirmations took 28%
//! of a `--pii` scan's CPU time where the DFA walk had taken 36%, with 1.7 candidates per
//! keyword hit (grams are chosen by `detect/keywords/gram_rarity.rs`).
//!
//! Every occurrence is reported once: a keyword's gram lies at one offset in it.

use super::gram_index::{GramIndex, Owner};
use super::gram_rarity::Rarity;
use crate::detect::simd::grams::{self as simd_grams, BLOCK_BYTES, GramScanner, POSITIONS, WORDS};

/// Keywords shorter than a gram are found by a pass per case variant, at most this many.
const SHORT_PASSES: usize = 4;
/// Most distinct grams: beyond this, the table passes too many positions to pay off.
const MAX_GRAMS: usize = 1 << 13;

#[derive(Debug)]
pub(in crate::detect) struct Grams {
    table: Box<[u32; WORDS]>,
    index: GramIndex,
    /// Keywords of 1 or 2 bytes: (index, one ASCII case variant), a pass each.
    short: Vec<(usize, memchr::memmem::Finder<'static>)>,
    scan: GramScanner,
}

impl Grams {
    /// `None` when the CPU cannot gather, a keyword is empty, or the keywords need too many
    /// grams or last bytes: the DFA walk serves then.
    pub(super) fn new(keywords: &[String]) -> Option<Self> {
        let scan = GramScanner::new()?;
        let mut entries: Vec<(u32, Owner)> = Vec::new();
        let mut short = Vec::new();
        let rarity = Rarity::get();
        let mut text = Vec::new();
        for (index, keyword) in keywords.iter().enumerate() {
            let k = keyword.as_bytes();
            let (keyword_index, start, len) = (
                u32::try_from(index).ok()?,
                u32::try_from(text.len()).ok()?,
                u16::try_from(k.len()).ok()?,
            );
            text.extend(k.iter().map(u8::to_ascii_lowercase));
            let owner = |offset: usize| {
                // The other end of the keyword; a 3-byte keyword checks its own bytes.
                let check_at = if offset == 0 { k.len().max(4) - 4 } else { 0 };
                let check = if k.len() >= 4 {
                    simd_grams::gram(&k[check_at..])
                } else {
                    0
                };
                Owner {
                    keyword: keyword_index,
                    text: start,
                    len,
                    // Both below `len`, a u16.
                    offset: offset as u16,
                    check_at: check_at as u16,
                    check,
                }
            };
            match k.len() {
                0 => return None,
                1 | 2 => short.extend(
                    case_variants(k)
                        .into_iter()
                        .map(|v| (index, memchr::memmem::Finder::new(&v).into_owned())),
                ),
                3 => entries.extend(
                    (0..=u8::MAX).map(|b| (simd_grams::gram(&[k[0], k[1], k[2], b]), owner(0))),
                ),
                _ => {
                    let offset = rarity.rarest_gram(k);
                    entries.push((simd_grams::gram(&k[offset..]), owner(offset)));
                }
            }
        }
        entries.sort_unstable();
        entries.dedup();
        if short.len() > SHORT_PASSES || entries.len() > MAX_GRAMS {
            return None;
        }
        let mut table = Box::new([0u32; WORDS]);
        for &(gram, _) in &entries {
            let h = simd_grams::hash(gram);
            table[(h >> 5) as usize] |= 1 << (h & 31);
        }
        Some(Self {
            table,
            index: GramIndex::new(&entries, text)?,
            short,
            scan,
        })
    }

    /// Calls `hit(keyword index, start, end)` for every occurrence in `hay`, in no set order.
    pub(super) fn for_each(&self, hay: &[u8], hit: &mut dyn FnMut(usize, usize, usize)) {
        let done = self.scan.scan(&self.table, hay, &mut |at, mask| {
            self.confirm(hay, &hay[at..], at, mask, hit);
        });
        // The last positions, from a zero-padded copy; grams past the end confirm nothing.
        let rest = &hay[done..];
        let mut padded = [0u8; POSITIONS + BLOCK_BYTES];
        padded[..rest.len()].copy_from_slice(rest);
        self.scan.scan(&self.table, &padded, &mut |first, mask| {
            let positions = rest.len().saturating_sub(first).min(POSITIONS);
            let mask = mask & u32::MAX.checked_shr(32 - positions as u32).unwrap_or(0);
            if mask != 0 {
                self.confirm(hay, &padded[first..], done + first, mask, hit);
            }
        });
        self.short_keywords(hay, hit);
    }

    /// Confirms the marked positions of a block: `block` holds the bytes from `hay[at]` on.
    #[cold]
    #[inline(never)]
    fn confirm(
        &self,
        hay: &[u8],
        block: &[u8],
        at: usize,
        mut mask: u32,
        hit: &mut dyn FnMut(usize, usize, usize),
    ) {
        while mask != 0 {
            let i = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            for owner in self.index.get(simd_grams::gram(&block[i..])) {
                let Some(start) = (at + i).checked_sub(owner.offset as usize) else {
                    continue;
                };
                let end = start + owner.len as usize;
                let Some(text) = hay.get(start..end) else {
                    continue;
                };
                if (owner.len < 4
                    || simd_grams::gram(&text[owner.check_at as usize..]) == owner.check)
                    && self.index.holds(owner, text)
                {
                    hit(owner.keyword as usize, start, end);
                }
            }
        }
    }

    fn short_keywords(&self, hay: &[u8], hit: &mut dyn FnMut(usize, usize, usize)) {
        for (keyword, finder) in &self.short {
            let len = finder.needle().len();
            // Stepping one byte past each hit finds overlapping ones too (`:::`).
            let mut at = 0;
            while let Some(i) = hay.get(at..).and_then(|rest| finder.find(rest)) {
                hit(*keyword, at + i, at + i + len);
                at += i + 1;
            }
        }
    }
}

/// The distinct ASCII case variants of `k` (1 or 2 bytes): `ab` gives `ab Ab aB AB`.
fn case_variants(k: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![Vec::new()];
    for &b in k {
        let cases = [b.to_ascii_lowercase(), b.to_ascii_uppercase()];
        let distinct = if cases[0] == cases[1] { 1 } else { 2 };
        out = (out.iter())
            .flat_map(|v| {
                cases[..distinct].iter().map(move |&c| {
                    let mut v = v.clone();
                    v.push(c);
                    v
                })
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::keywords::tests::reference;
    use proptest::prelude::*;

    fn hits(g: &Grams, hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        g.for_each(hay, &mut |k, s, e| v.push((k, s, e)));
        v.sort_unstable();
        v
    }

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    const WORDS_SAMPLE: [&str; 9] = [
        "@",
        "q~",
        "eyJ",
        "hf_",
        "ghp_",
        "password",
        "_password",
        "https://",
        "pwd\t",
    ];

    #[test]
    fn short_keywords_find_every_case_and_overlapping_hits() {
        assert_eq!(case_variants(b"q~"), vec![b"q~".to_vec(), b"Q~".to_vec()]);
        assert_eq!(case_variants(b"ab").len(), 4);
        let Some(g) = Grams::new(&words(&["::", "q~", "hf_x"])) else {
            return; // no gather on this CPU: the DFA walk serves
        };
        assert_eq!(
            hits(&g, b"a:::b Q~ q~"),
            vec![(0, 1, 3), (0, 2, 4), (1, 6, 8), (1, 9, 11)]
        );
        assert!(Grams::new(&words(&["ab", "cd"])).is_none(), "8 passes");
    }

    #[test]
    fn every_keyword_is_found_at_every_offset_near_block_edges_and_ends() {
        let Some(g) = Grams::new(&words(&WORDS_SAMPLE)) else {
            return;
        };
        for (k, word) in WORDS_SAMPLE.iter().enumerate() {
            for len in [word.len(), 31, 40, 41, 72, 100, 129] {
                for at in 0..=len.saturating_sub(word.len()) {
                    let mut hay = vec![b'x'; len.max(word.len())];
                    let upper = word.to_ascii_uppercase();
                    let planted = if at % 2 == 0 {
                        word.as_bytes()
                    } else {
                        upper.as_bytes()
                    };
                    hay[at..at + word.len()].copy_from_slice(planted);
                    let got = hits(&g, &hay);
                    assert!(
                        got.contains(&(k, at, at + word.len())),
                        "{word} at {at} of {len}"
                    );
                    assert_eq!(
                        got,
                        reference(&words(&WORDS_SAMPLE), &hay),
                        "{word} at {at}"
                    );
                }
            }
        }
        assert_eq!(hits(&g, b""), vec![]);
    }

    #[test]
    fn overlapping_keywords_are_each_reported() {
        let Some(g) = Grams::new(&words(&WORDS_SAMPLE)) else {
            return;
        };
        let hay = b"DB_PASSWORD=x https://u:p@h pwd\tz";
        assert_eq!(hits(&g, hay), reference(&words(&WORDS_SAMPLE), hay));
        assert_eq!(
            hits(&g, hay).len(),
            5,
            "password, _password, https://, @, pwd\\t"
        );
    }

    /// Non-ASCII bytes match only themselves: folding makes `ä` (C3 A4) and `Ä` (C3 84)
    /// the same gram, and the comparison tells them apart, as ASCII case-insensitivity does.
    #[test]
    fn non_ascii_keywords_match_their_bytes_exactly() {
        let list = words(&["pässwort", "ключ"]);
        let Some(g) = Grams::new(&list) else { return };
        let hay = "PÄSSWORT pässwort PäSSWORT ключ КЛЮЧ x".as_bytes();
        let got = hits(&g, hay);
        assert_eq!(got, reference(&list, hay));
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn unsuited_keyword_sets_are_refused() {
        assert!(Grams::new(&words(&["", "abcd"])).is_none());
        assert!(
            Grams::new(&words(&["a", "b", "cd"])).is_none(),
            "6 last bytes"
        );
        // Each 3-byte keyword takes 128 grams (its fourth byte, folded).
        let many: Vec<String> = (0..70).map(|i| format!("k{i:02}")).collect();
        assert!(Grams::new(&many).is_none(), "70 x 128 grams");
        assert!(Grams::new(&many[..60]).is_some() || GramScanner::new().is_none());
    }

    /// The built-in keywords fit the table, and each is found, in either case, between
    /// bytes of every kind.
    #[test]
    fn the_builtin_keywords_are_found_as_aho_corasick_finds_them() {
        let set = crate::patterns::PatternSet::builtin().expect("loads");
        let mut list: Vec<String> = set
            .rules()
            .iter()
            .flat_map(|r| r.keywords.clone())
            .collect();
        list.sort();
        list.dedup();
        let Some(g) = Grams::new(&list) else {
            assert!(
                GramScanner::new().is_none(),
                "the built-in keywords must fit"
            );
            return;
        };
        let mut hay = Vec::new();
        for (i, k) in list.iter().enumerate() {
            let k = if i % 2 == 0 {
                k.to_ascii_uppercase()
            } else {
                k.clone()
            };
            hay.extend_from_slice(k.as_bytes());
            hay.push([b' ', b'\n', b'x', b'_', 0xff][i % 5]);
        }
        let got = hits(&g, &hay);
        assert_eq!(got, reference(&list, &hay));
        for (k, keyword) in list.iter().enumerate() {
            assert!(got.iter().any(|h| h.0 == k), "{keyword}");
        }
    }

    proptest! {
        #[test]
        fn grams_find_what_aho_corasick_finds(
            pieces in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(WORDS_SAMPLE.to_vec()).prop_map(String::from),
                    proptest::sample::select(vec!["PASS", "Https:/", "EYJ", "\0", "ghp", " "])
                        .prop_map(String::from),
                    proptest::collection::vec(any::<u8>(), 0..4)
                        .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
                ],
                0..400,
            ),
        ) {
            let list = words(&WORDS_SAMPLE);
            let Some(g) = Grams::new(&list) else { return Ok(()) };
            let hay = pieces.concat().into_bytes();
            prop_assert_eq!(hits(&g, &hay), reference(&list, &hay));
        }
    }
}
