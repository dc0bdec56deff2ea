//! Prefilter for rules without keywords (digit-shaped PII): where may any of them match?
//!
//! One DFA over every such rule's `prefilter` (a simpler regex each of its matches contains;
//! the rule's own regex when it has none), with every-match semantics, reports each position
//! where some prefilter match ends and which rule it belongs to. The DFA is built whole (the
//! prefilters are small, so this takes milliseconds).
//!
//! When every prefilter match provably holds a digit anchor (`anchor_proof.rs`), as the
//! built-in ones do, the DFA walks only the merged ranges within `longest` bytes of an anchor
//! (`anchor.rs`): a match holds an anchor, so it lies in that anchor's range. Otherwise, as
//! for keywords (`keywords.rs`), it walks four lanes at once, since each step waits on a
//! table load: each lane after the first starts `longest + 1` bytes before its cut and
//! reports only ends past the cut. A DFA over the size limit, or a rule with an unbounded
//! match, falls back to one regex walk that reports every rule at each match.

use super::{BuildError, anchor, anchor_proof};
use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, meta};

/// Lanes walked at once.
const LANES: usize = 4;
/// Below this many bytes, one walk.
const SPLIT_MIN: usize = 1 << 10;
/// Largest DFA built (bytes); bigger means the prefilters are too loose to be worth it.
const DFA_LIMIT: usize = 4 << 20;

#[derive(Debug)]
pub(super) struct FreePrefilter {
    dfa: Option<dense::DFA<Vec<u32>>>,
    fallback: meta::Regex,
    rules: usize,
    /// Longest possible match of any prefilter (no longer than its rule's); `None` when one is
    /// unbounded.
    longest: Option<usize>,
    /// Every prefilter match holds a digit anchor (`anchor_proof.rs`).
    anchored: bool,
}

impl FreePrefilter {
    pub(super) fn new(patterns: &[&str], longest: Option<usize>) -> Result<Self, BuildError> {
        let syntax = syntax::Config::new().unicode(false).utf8(false);
        let config = dense::Config::new()
            .match_kind(MatchKind::All)
            .start_kind(StartKind::Unanchored)
            .minimize(false)
            .dfa_size_limit(Some(DFA_LIMIT))
            .determinize_size_limit(Some(4 * DFA_LIMIT));
        let dfa = (dense::Builder::new().syntax(syntax).configure(config))
            .build_many(patterns)
            .ok();
        let fallback = meta::Regex::builder()
            .syntax(syntax)
            // Digit-shaped patterns yield no useful literals; a literal prefilter fires on
            // nearly every digit and costs more than it saves.
            .configure(meta::Config::new().utf8_empty(false).auto_prefilter(false))
            .build_many(patterns)
            .map_err(|e| BuildError::new("keyword-less rule prefilter", e))?;
        let anchored = dfa.is_some() && anchor_proof::every_match_anchored(patterns);
        // Every match is bounded by its pattern and by its rule: the tighter bound wins.
        let own = (patterns.iter()).try_fold(0, |acc, p| {
            let hir = crate::patterns::syntax_tree(p).ok()?;
            Some(acc.max(hir.properties().maximum_len()?))
        });
        let longest = match (longest, own) {
            (Some(rule), Some(own)) => Some(rule.min(own)),
            (rule, own) => rule.or(own),
        };
        Ok(Self {
            dfa,
            fallback,
            rules: patterns.len(),
            longest,
            anchored,
        })
    }

    /// Calls `hit(pattern, end)` for every position `end` where a match of `pattern` ends.
    pub(super) fn for_each(&self, hay: &[u8], mut hit: impl FnMut(usize, usize)) {
        let walked = match (&self.dfa, self.longest) {
            // Each match lies within `longest` bytes of an anchor's end: walk only there.
            (Some(dfa), Some(longest)) if self.anchored => {
                let mut walked = Some(());
                anchor::for_each_region(hay, longest, |lo, hi| {
                    if walked.is_some() {
                        walked = walk_range(dfa, hay, lo, hi, &mut hit);
                    }
                });
                walked
            }
            (Some(dfa), Some(longest))
                if hay.len() >= SPLIT_MIN && longest + 1 < hay.len() / LANES =>
            {
                self.walk_lanes(dfa, hay, longest, &mut hit)
            }
            (Some(dfa), _) => walk_range(dfa, hay, 0, hay.len(), &mut hit),
            (None, _) => None,
        };
        if walked.is_none() {
            for m in self.fallback.find_iter(hay) {
                for pattern in 0..self.rules {
                    hit(pattern, m.end());
                }
            }
        }
    }

    /// Four walks in one loop: lane `k` walks from `longest + 1` bytes before its cut
    /// `k * len / 4` to the next cut and reports ends at its cut or later.
    fn walk_lanes(
        &self,
        dfa: &dense::DFA<Vec<u32>>,
        hay: &[u8],
        longest: usize,
        hit: &mut dyn FnMut(usize, usize),
    ) -> Option<()> {
        let cut: [usize; LANES] = std::array::from_fn(|k| k * hay.len() / LANES);
        let from: [usize; LANES] = std::array::from_fn(|k| cut[k].saturating_sub(longest + 1));
        let to: [usize; LANES] =
            std::array::from_fn(|k| cut.get(k + 1).copied().unwrap_or(hay.len()));
        let mut s = [StateID::ZERO; LANES];
        for k in 0..LANES {
            s[k] = dfa
                .start_state_forward(&Input::new(hay).range(from[k]..to[k]))
                .ok()?;
        }
        let n = (0..LANES).map(|k| to[k] - from[k]).min().unwrap_or(0);
        let (l0, l1) = (&hay[from[0]..from[0] + n], &hay[from[1]..from[1] + n]);
        let (l2, l3) = (&hay[from[2]..from[2] + n], &hay[from[3]..from[3] + n]);
        let special = |sid| dfa.is_special_state(sid);
        for i in 0..n {
            s[0] = dfa.next_state(s[0], l0[i]);
            s[1] = dfa.next_state(s[1], l1[i]);
            s[2] = dfa.next_state(s[2], l2[i]);
            s[3] = dfa.next_state(s[3], l3[i]);
            if special(s[0]) | special(s[1]) | special(s[2]) | special(s[3]) {
                report_lanes(dfa, s, i, &from, &cut, hit);
            }
        }
        // The rest of each lane, one at a time; the last also takes the end of input.
        for k in 0..LANES {
            let mut sid = s[k];
            for (i, &byte) in hay[from[k] + n..to[k]].iter().enumerate() {
                sid = dfa.next_state(sid, byte);
                let end = from[k] + n + i;
                if dfa.is_special_state(sid) && dfa.is_match_state(sid) && (k == 0 || end >= cut[k])
                {
                    report(dfa, sid, end, hit);
                }
            }
            if k == LANES - 1 {
                sid = dfa.next_eoi_state(sid);
                if dfa.is_match_state(sid) {
                    report(dfa, sid, hay.len(), hit);
                }
            }
        }
        Some(())
    }
}

/// One walk over `hay[lo..hi]`, reporting the matches that start at `lo` or later; the byte
/// after `hi` (or the end of input) is read too, since a match shows one byte late. `None`
/// when the DFA cannot start there.
fn walk_range(
    dfa: &dense::DFA<Vec<u32>>,
    hay: &[u8],
    lo: usize,
    hi: usize,
    hit: &mut impl FnMut(usize, usize),
) -> Option<()> {
    let mut sid = dfa
        .start_state_forward(&Input::new(hay).range(lo..hi))
        .ok()?;
    for (i, &byte) in hay[lo..hi].iter().enumerate() {
        sid = dfa.next_state(sid, byte);
        if dfa.is_special_state(sid) && dfa.is_match_state(sid) {
            // Matches are reported one byte late: this one ends before `byte`.
            report(dfa, sid, lo + i, hit);
        }
    }
    sid = match hay.get(hi) {
        Some(&byte) => dfa.next_state(sid, byte),
        None => dfa.next_eoi_state(sid),
    };
    if dfa.is_match_state(sid) {
        report(dfa, sid, hi, hit);
    }
    Some(())
}

/// Calls `hit` for each pattern matching in state `sid`, ending at `end`.
fn report(
    dfa: &dense::DFA<Vec<u32>>,
    sid: StateID,
    end: usize,
    hit: &mut (impl FnMut(usize, usize) + ?Sized),
) {
    for i in 0..dfa.match_len(sid) {
        hit(dfa.match_pattern(sid, i).as_usize(), end);
    }
}

/// The reports of one step of the four walks, kept out of the loop (see `keywords.rs`).
#[cold]
#[inline(never)]
fn report_lanes(
    dfa: &dense::DFA<Vec<u32>>,
    s: [StateID; LANES],
    i: usize,
    from: &[usize; LANES],
    cut: &[usize; LANES],
    hit: &mut dyn FnMut(usize, usize),
) {
    for k in 0..LANES {
        // Matches are reported one byte late: these end before byte `i` of the lane.
        let end = from[k] + i;
        if dfa.is_match_state(s[k]) && (k == 0 || end >= cut[k]) {
            report(dfa, s[k], end, hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(f: &FreePrefilter, hay: &[u8]) -> Vec<(usize, usize)> {
        let mut got = Vec::new();
        f.for_each(hay, |p, e| got.push((p, e)));
        got.sort_unstable();
        got.dedup();
        got
    }

    #[test]
    fn too_big_a_dfa_falls_back_to_one_regex_walk() {
        // 50 bounded repetitions of a wide class: far over the DFA size limit.
        let f = FreePrefilter::new(&[r"[a-z0-9]{20}x[a-z0-9]{30}"], Some(51)).expect("builds");
        assert!(f.dfa.is_none());
        let hay = format!("{}x{}", "a".repeat(20), "b".repeat(30));
        assert_eq!(ends(&f, hay.as_bytes()), vec![(0, 51)]);
    }

    #[test]
    fn one_walk_reports_each_rule_at_its_match_end() {
        let f = FreePrefilter::new(&[r"\b\d{3}-\d{2}-\d{4}\b", r"\+[2-9]\d{3,6}\b"], Some(12))
            .expect("builds");
        assert_eq!(
            ends(&f, b"ssn 123-45-6789 tel +4912345"),
            vec![(0, 15), (1, 28)]
        );
        assert_eq!(ends(&f, b"x123-45-6789 +1234"), vec![]);
    }

    /// The split walk reports what one walk reports, with matches on, before, after and
    /// across the cut and at both ends.
    #[test]
    fn split_walk_matches_one_walk() {
        let patterns = [r"\b\d{3}-\d{2}-\d{4}\b", r"\+[2-9]\d{3,6}\b"];
        let f = FreePrefilter::new(&patterns, Some(12)).expect("builds");
        for len in [SPLIT_MIN, SPLIT_MIN + 3, 3 * SPLIT_MIN] {
            let cuts = (1..LANES).map(|q| q * len / LANES);
            let near_cuts = cuts.flat_map(|c| [c - 14, c - 11, c - 6, c - 1, c]);
            for at in [0, len - 11].into_iter().chain(near_cuts) {
                let mut hay = vec![b'.'; len];
                hay[at..at + 11].copy_from_slice(b"123-45-6789");
                if at > 0 {
                    hay[at - 1] = b' ';
                }
                if at >= 10 {
                    hay[at - 9..at - 1].copy_from_slice(b" +491234");
                }
                let one = one_walk(&f, &hay);
                assert!(!one.is_empty(), "len {len} at {at}");
                assert_eq!(lane_ends(&f, &hay), one, "len {len} at {at}");
                assert_eq!(ends(&f, &hay), one, "len {len} at {at}");
            }
        }
    }

    /// What one walk over the whole of `hay` reports.
    fn one_walk(f: &FreePrefilter, hay: &[u8]) -> Vec<(usize, usize)> {
        let mut one = Vec::new();
        let dfa = f.dfa.as_ref().expect("a DFA");
        walk_range(dfa, hay, 0, hay.len(), &mut |p, e| one.push((p, e))).expect("walks");
        one.sort_unstable();
        one
    }

    /// What the four-lane walk reports, anchors or not.
    fn lane_ends(f: &FreePrefilter, hay: &[u8]) -> Vec<(usize, usize)> {
        let lanes = FreePrefilter {
            dfa: f.dfa.clone(),
            fallback: f.fallback.clone(),
            anchored: false,
            ..*f
        };
        ends(&lanes, hay)
    }

    #[test]
    fn a_range_walk_sees_matches_ending_at_its_end() {
        let f = FreePrefilter::new(&[r"\d{3}-\d{2}-\d{4}\b"], Some(11)).expect("builds");
        let dfa = f.dfa.as_ref().expect("a DFA");
        let mut got = Vec::new();
        let hay = b"x 123-45-6789 y";
        walk_range(dfa, hay, 1, 13, &mut |p, e| got.push((p, e))).expect("walks");
        walk_range(dfa, hay, 3, 13, &mut |p, e| got.push((p, e))).expect("walks");
        walk_range(dfa, hay, 1, 12, &mut |p, e| got.push((p, e))).expect("walks");
        assert_eq!(got, vec![(0, 13)]);
    }

    #[test]
    fn anchored_prefilters_walk_only_near_anchors() {
        let f = FreePrefilter::new(&[r"\d{3}-\d{2}-\d{4}"], Some(11)).expect("builds");
        assert!(f.anchored);
        let unanchored = FreePrefilter::new(&[r"\d{9}"], Some(9)).expect("builds");
        assert!(!unanchored.anchored);
        // At both ends, in the middle, across block edges, and none.
        for at in [0, 5, 58, 60, 64, 120, 189] {
            let mut hay = vec![b'x'; 200];
            hay[at..at + 11].copy_from_slice(b"123-45-6789");
            assert_eq!(ends(&f, &hay), vec![(0, at + 11)], "at {at}");
        }
        assert_eq!(ends(&f, &[b'7'; 300]), vec![]);
        assert_eq!(ends(&f, b""), vec![]);
    }

    proptest::proptest! {
        /// Random digit-heavy text around the split size: the split walk and the anchored
        /// walk report what one walk reports.
        #[test]
        fn split_and_anchored_walks_equal_one_walk_on_random_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "123-45-6789", "+4912345", "GB70QWER12345678901234", "4111111111111111",
                    " ", "-", ".", "7", "x", "Q", "\n", "(555) 234-5678",
                ]),
                4000..6000,
            ),
        ) {
            let patterns = [
                r"\b\d{3}-\d{2}-\d{4}\b",
                r"\+[2-9]\d{3,6}\b",
                r"[A-Z]{2}\d{2} ?[A-Z0-9]{4} ?[A-Z0-9]{4}",
                r"\d{4}[ -]?\d{4}[ -]?\d{4}",
                r"(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[.-])[2-9]\d{2}[.-]\d{4}",
            ];
            let f = FreePrefilter::new(&patterns, Some(22)).expect("builds");
            proptest::prop_assert!(f.anchored);
            let hay = pieces.concat().into_bytes();
            let one = one_walk(&f, &hay);
            proptest::prop_assert_eq!(&lane_ends(&f, &hay), &one);
            proptest::prop_assert_eq!(&ends(&f, &hay), &one);
        }
    }
}
