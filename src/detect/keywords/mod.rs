//! Keyword search: every keyword occurrence, overlapping ones included, ASCII case-insensitive.
//!
//! Where the CPU can gather table words (AVX2), a table of 4-byte grams finds the candidate
//! positions (`detect/keywords/grams.rs`). Elsewhere, or for keyword sets that do not suit it, a
//! DFA walks the buffer: a walk is bound by the latency of one table load per byte, not by
//! throughput, so the buffer is cut in four lanes walked in the same loop: the four loads are
//! independent and overlap, and one branch tests all four states for a match. That measured 3.4x
//! the speed of one walk (two lanes: 2.2x). Each lane after the first starts `longest - 1` bytes
//! before its cut, so a keyword across a cut is seen whole, and reports only keywords that end past
//! the cut, so none is reported twice. When the keyword set is too big for a DFA, an NFA walks the
//! buffer once.

use super::BuildError;
use grams::Grams;

mod gram_index;
mod gram_rarity;
mod grams;
use aho_corasick::automaton::Automaton;
use aho_corasick::{AhoCorasick, Anchored, MatchKind, dfa::DFA};

/// Lanes walked at once.
const LANES: usize = 4;
/// Below this many bytes, one walk (the split costs more than it saves). Most source files
/// are a few KiB, so the lanes must start small: 1 KiB instead of 16 took a scan of the
/// cargo registry's sources (10,486 files, 85% under 16 KiB) from 348 to 303 ms of CPU.
const SPLIT_MIN: usize = 1 << 10;

/// The keyword automaton.
#[derive(Debug)]
pub(super) enum Keywords {
    Grams(Box<Grams>),
    Dfa { dfa: Box<DFA>, longest: usize },
    Nfa(AhoCorasick),
}

impl Keywords {
    pub(super) fn new(keywords: &[String]) -> Result<Self, BuildError> {
        match Grams::new(keywords) {
            Some(grams) => Ok(Self::Grams(Box::new(grams))),
            None => Self::automaton(keywords),
        }
    }

    /// The DFA, or the NFA when the DFA is too big.
    fn automaton(keywords: &[String]) -> Result<Self, BuildError> {
        let longest = keywords.iter().map(String::len).max().unwrap_or(0);
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(keywords);
        if let Ok(dfa) = dfa {
            return Ok(Self::Dfa {
                dfa: Box::new(dfa),
                longest,
            });
        }
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(keywords)
            .map(Self::Nfa)
            .map_err(|e| BuildError::new("keyword automaton", e))
    }

    /// Calls `hit(keyword index, start, end)` for every occurrence in `hay`, in no set order.
    pub(super) fn for_each(&self, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
        match self {
            Self::Grams(grams) => grams.for_each(hay, &mut hit),
            Self::Nfa(ac) => {
                for m in ac.find_overlapping_iter(hay) {
                    hit(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            Self::Dfa { dfa, longest } => {
                if hay.len() < SPLIT_MIN || *longest == 0 || *longest > hay.len() / LANES {
                    walk(dfa, hay, 0, 0, &mut hit);
                    return;
                }
                walk_lanes(dfa, hay, *longest, &mut hit);
            }
        }
    }
}

/// Reports the keywords ending at `end` (an offset in the whole buffer) in state `sid`.
#[inline]
fn report(
    dfa: &DFA,
    sid: aho_corasick::automaton::StateID,
    end: usize,
    hit: &mut (impl FnMut(usize, usize, usize) + ?Sized),
) {
    for i in 0..dfa.match_len(sid) {
        let pattern = dfa.match_pattern(sid, i);
        hit(pattern.as_usize(), end - dfa.pattern_len(pattern), end);
    }
}

/// One walk over `part`, which starts at `offset`; reports keywords ending after `report_from`.
fn walk(
    dfa: &DFA,
    part: &[u8],
    offset: usize,
    report_from: usize,
    hit: &mut impl FnMut(usize, usize, usize),
) {
    let Ok(mut sid) = dfa.start_state(Anchored::No) else {
        return;
    };
    for (i, &byte) in part.iter().enumerate() {
        sid = dfa.next_state(Anchored::No, sid, byte);
        if dfa.is_special(sid) && dfa.is_match(sid) && offset + i + 1 > report_from {
            report(dfa, sid, offset + i + 1, hit);
        }
    }
}

/// Four walks in one loop. Lane `k` reports keywords ending past its cut `k * len / 4`, and
/// lanes after the first start `longest - 1` bytes before their cut.
fn walk_lanes(dfa: &DFA, hay: &[u8], longest: usize, hit: &mut dyn FnMut(usize, usize, usize)) {
    let Ok(start) = dfa.start_state(Anchored::No) else {
        return;
    };
    let cut: [usize; LANES] = std::array::from_fn(|k| k * hay.len() / LANES);
    let from: [usize; LANES] = std::array::from_fn(|k| cut[k].saturating_sub(longest - 1));
    let to: [usize; LANES] = std::array::from_fn(|k| cut.get(k + 1).copied().unwrap_or(hay.len()));
    // Every lane is at least `n` long; lane 0 (no lead-in) is the shortest but the last.
    let n = (0..LANES).map(|k| to[k] - from[k]).min().unwrap_or(0);
    let (l0, l1) = (&hay[from[0]..from[0] + n], &hay[from[1]..from[1] + n]);
    let (l2, l3) = (&hay[from[2]..from[2] + n], &hay[from[3]..from[3] + n]);
    let mut s = [start; LANES];
    for i in 0..n {
        s[0] = dfa.next_state(Anchored::No, s[0], l0[i]);
        s[1] = dfa.next_state(Anchored::No, s[1], l1[i]);
        s[2] = dfa.next_state(Anchored::No, s[2], l2[i]);
        s[3] = dfa.next_state(Anchored::No, s[3], l3[i]);
        if dfa.is_special(s[0]) | dfa.is_special(s[1]) | dfa.is_special(s[2]) | dfa.is_special(s[3])
        {
            report_lanes(dfa, s, i, &from, &cut, hit);
        }
    }
    // The rest of each lane, one at a time.
    for k in 0..LANES {
        let mut sid = s[k];
        for (i, &byte) in hay[from[k] + n..to[k]].iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, byte);
            let end = from[k] + n + i + 1;
            if dfa.is_special(sid) && dfa.is_match(sid) && (k == 0 || end > cut[k]) {
                report(dfa, sid, end, hit);
            }
        }
    }
}

/// The reports of one step of the four walks. Kept out of the loop: inlined, its
/// bookkeeping spilled the loop's registers, which measured 1.3x slower.
#[cold]
#[inline(never)]
fn report_lanes(
    dfa: &DFA,
    s: [aho_corasick::automaton::StateID; LANES],
    i: usize,
    from: &[usize; LANES],
    cut: &[usize; LANES],
    hit: &mut dyn FnMut(usize, usize, usize),
) {
    for k in 0..LANES {
        let end = from[k] + i + 1;
        if dfa.is_match(s[k]) && (k == 0 || end > cut[k]) {
            report(dfa, s[k], end, hit);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn hits(k: &Keywords, hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        k.for_each(hay, |p, s, e| v.push((p, s, e)));
        v.sort_unstable();
        v
    }

    /// Every occurrence, by the `aho-corasick` crate's overlapping search: (keyword, start,
    /// end), sorted.
    pub(in crate::detect) fn reference(words: &[String], hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .expect("builds");
        let mut v: Vec<_> = (ac.find_overlapping_iter(hay))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        v.sort_unstable();
        v
    }

    /// Every occurrence, overlapping, across the cut and at both ends, exactly once.
    #[test]
    fn split_walk_finds_what_one_walk_finds() {
        let words: Vec<String> = ["secret", "secret_key", "key", "ghp_", "@"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let k = Keywords::automaton(&words).expect("builds");
        assert!(matches!(k, Keywords::Dfa { .. }));
        for len in [
            0,
            1,
            10,
            SPLIT_MIN - 1,
            SPLIT_MIN,
            SPLIT_MIN + 7,
            3 * SPLIT_MIN + 1,
        ] {
            let mut hay: Vec<u8> = (0..len).map(|i| b"abc xyz\n"[i % 8]).collect();
            // Plant keywords at the ends and across every position near the middle.
            for (at, word) in [
                (0, "SECRET_KEY"),
                ((len / 2).saturating_sub(5), "Secret_Key"),
            ] {
                if at + word.len() <= hay.len() {
                    hay[at..at + word.len()].copy_from_slice(word.as_bytes());
                }
            }
            if len >= 4 {
                hay[len - 4..].copy_from_slice(b"ghp_");
            }
            assert_eq!(hits(&k, &hay), reference(&words, &hay), "len {len}");
        }
        for (shift, quarter) in (0..12).flat_map(|s| (1..LANES).map(move |q| (s, q))) {
            let len = 2 * SPLIT_MIN + 3;
            let mut hay = vec![b'.'; len];
            let at = quarter * len / LANES - 6 + shift;
            hay[at..at + 10].copy_from_slice(b"secret_key");
            hay[at - 1] = b'@';
            let got = hits(&k, &hay);
            assert_eq!(
                got,
                reference(&words, &hay),
                "shift {shift} at cut {quarter}"
            );
            assert_eq!(got.len(), 4, "shift {shift} at cut {quarter}: {got:?}");
        }
    }

    proptest::proptest! {
        /// Random text made of keyword pieces and noise, at sizes around the split: the split
        /// walk reports exactly the overlapping matches of one NFA walk.
        #[test]
        fn split_walk_equals_reference_on_random_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["secret", "SeCrEt_KeY", "key", "ghp_", "@", "x", "\n", "\u{ff}", "  "]),
                4000..6000,
            ),
        ) {
            let words: Vec<String> = ["secret", "secret_key", "key", "ghp_", "@"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let k = Keywords::automaton(&words).expect("builds");
            let hay = pieces.concat().into_bytes();
            proptest::prop_assert_eq!(hits(&k, &hay), reference(&words, &hay));
        }
    }
}
