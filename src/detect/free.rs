//! Prefilter for rules without keywords (digit-shaped PII): where may any of them match?
//!
//! One DFA over every such rule's `prefilter` (a simpler regex each of its matches contains;
//! the rule's own regex when it has none), with every-match semantics, reports each position
//! where some prefilter match ends and which rule it belongs to. The DFA is built whole (the
//! prefilters are small, so this takes milliseconds) and, as for keywords (`keywords.rs`),
//! walked in four lanes at once, since each step waits on a table load: each lane after the
//! first starts `longest + 1` bytes before its cut and reports only ends past the cut. A DFA
//! over the size limit, or a rule with an unbounded match, falls back to one regex walk that
//! reports every rule at each match.

use super::BuildError;
use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, meta};

/// Lanes walked at once.
const LANES: usize = 4;
/// Below this many bytes, one walk.
const SPLIT_MIN: usize = 16 << 10;
/// Largest DFA built (bytes); bigger means the prefilters are too loose to be worth it.
const DFA_LIMIT: usize = 4 << 20;

#[derive(Debug)]
pub(super) struct FreePrefilter {
    dfa: Option<dense::DFA<Vec<u32>>>,
    fallback: meta::Regex,
    rules: usize,
    /// Longest possible match of any prefilter; `None` when one is unbounded.
    longest: Option<usize>,
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
        Ok(Self {
            dfa,
            fallback,
            rules: patterns.len(),
            longest,
        })
    }

    /// Calls `hit(pattern, end)` for every position `end` where a match of `pattern` ends.
    pub(super) fn for_each(&self, hay: &[u8], mut hit: impl FnMut(usize, usize)) {
        let walked = match (&self.dfa, self.longest) {
            (Some(dfa), Some(longest))
                if hay.len() >= SPLIT_MIN && longest + 1 < hay.len() / LANES =>
            {
                self.walk_lanes(dfa, hay, longest, &mut hit)
            }
            (Some(_), _) => self.walk(hay, &mut hit),
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

    /// One walk over `hay`; `None` without a DFA.
    fn walk(&self, hay: &[u8], hit: &mut impl FnMut(usize, usize)) -> Option<()> {
        let dfa = self.dfa.as_ref()?;
        let mut sid = dfa.start_state_forward(&Input::new(hay)).ok()?;
        for (i, &byte) in hay.iter().enumerate() {
            sid = dfa.next_state(sid, byte);
            if dfa.is_special_state(sid) && dfa.is_match_state(sid) {
                // Matches are reported one byte late: this one ends before `byte`.
                report(dfa, sid, i, hit);
            }
        }
        sid = dfa.next_eoi_state(sid);
        if dfa.is_match_state(sid) {
            report(dfa, sid, hay.len(), hit);
        }
        Some(())
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
                let mut one = Vec::new();
                f.walk(&hay, &mut |p, e| one.push((p, e))).expect("walks");
                one.sort_unstable();
                assert!(!one.is_empty(), "len {len} at {at}");
                assert_eq!(ends(&f, &hay), one, "len {len} at {at}");
            }
        }
    }

    proptest::proptest! {
        /// Random digit-heavy text around the split size: the split walk reports what one walk
        /// reports.
        #[test]
        fn split_walk_equals_one_walk_on_random_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["123-45-6789", "+4912345", " ", "-", "7", "x", "\n"]),
                4000..6000,
            ),
        ) {
            let patterns = [r"\b\d{3}-\d{2}-\d{4}\b", r"\+[2-9]\d{3,6}\b"];
            let f = FreePrefilter::new(&patterns, Some(12)).expect("builds");
            let hay = pieces.concat().into_bytes();
            let mut one = Vec::new();
            f.walk(&hay, &mut |p, e| one.push((p, e))).expect("walks");
            one.sort_unstable();
            proptest::prop_assert_eq!(ends(&f, &hay), one);
        }
    }
}
