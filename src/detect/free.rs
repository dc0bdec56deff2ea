//! Prefilter for rules without keywords (digit-shaped PII): where does any of them match?
//!
//! One lazy DFA over all their regexes, with every-match semantics, reports each position
//! where some rule's match ends and which rules end there. As for keywords
//! (`keywords.rs`), the walk is bound by load latency, so the buffer is cut in four lanes
//! walked in one loop, each with its own cache; each lane after the first starts `longest + 1`
//! bytes before its cut (the rules' matches are bounded) and reports only ends past the cut. A rule with an
//! unbounded match, or a DFA that gives up, falls back to a one-walk regex search that
//! reports every rule at each match.

use super::BuildError;
use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, meta};

/// Lanes walked at once.
const LANES: usize = 4;
/// Below this many bytes, one walk.
const SPLIT_MIN: usize = 16 << 10;

#[derive(Debug)]
pub(super) struct FreePrefilter {
    dfa: DFA,
    fallback: meta::Regex,
    rules: usize,
    /// Longest possible match of any rule; `None` when one is unbounded.
    longest: Option<usize>,
}

/// Per-thread lazy DFA caches, one per lane.
#[derive(Debug)]
pub(super) struct FreeCaches([Cache; LANES]);

impl FreePrefilter {
    pub(super) fn new(patterns: &[&str], longest: Option<usize>) -> Result<Self, BuildError> {
        let syntax = syntax::Config::new().unicode(false).utf8(false);
        let dfa = DFA::builder()
            .syntax(syntax)
            .configure(DFA::config().match_kind(MatchKind::All))
            .build_many(patterns)
            .map_err(|e| BuildError::new("keyword-less rule prefilter", e))?;
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

    pub(super) fn caches(&self) -> FreeCaches {
        FreeCaches(std::array::from_fn(|_| self.dfa.create_cache()))
    }

    /// Calls `hit(pattern, end)` for every position `end` where a match of `pattern` may end.
    pub(super) fn for_each(
        &self,
        hay: &[u8],
        caches: &mut FreeCaches,
        mut hit: impl FnMut(usize, usize),
    ) {
        let walked = match self.longest {
            Some(longest) if hay.len() >= SPLIT_MIN && longest + 1 < hay.len() / LANES => {
                self.walk_lanes(hay, longest, caches, &mut hit)
            }
            _ => self.walk(hay, &mut caches.0[0], &mut hit),
        };
        if walked.is_none() {
            for m in self.fallback.find_iter(hay) {
                for pattern in 0..self.rules {
                    hit(pattern, m.end());
                }
            }
        }
    }

    fn report(
        &self,
        cache: &Cache,
        sid: LazyStateID,
        end: usize,
        hit: &mut impl FnMut(usize, usize),
    ) {
        for i in 0..self.dfa.match_len(cache, sid) {
            hit(self.dfa.match_pattern(cache, sid, i).as_usize(), end);
        }
    }

    fn walk(
        &self,
        hay: &[u8],
        cache: &mut Cache,
        hit: &mut impl FnMut(usize, usize),
    ) -> Option<()> {
        let dfa = &self.dfa;
        let mut sid = dfa.start_state_forward(cache, &Input::new(hay)).ok()?;
        for (i, &byte) in hay.iter().enumerate() {
            sid = dfa.next_state(cache, sid, byte).ok()?;
            if sid.is_match() {
                // Matches are reported one byte late: this one ends before `byte`.
                self.report(cache, sid, i, hit);
            }
        }
        sid = dfa.next_eoi_state(cache, sid).ok()?;
        if sid.is_match() {
            self.report(cache, sid, hay.len(), hit);
        }
        Some(())
    }

    /// Four walks in one loop: lane `k` walks from `longest + 1` bytes before its cut
    /// `k * len / 4` to the next cut and reports ends at its cut or later. `None` when the DFA
    /// gives up; what was reported stays reported, and the fallback reports it again (windows
    /// of one rule merge, so repeats cost nothing).
    fn walk_lanes(
        &self,
        hay: &[u8],
        longest: usize,
        caches: &mut FreeCaches,
        hit: &mut impl FnMut(usize, usize),
    ) -> Option<()> {
        let dfa = &self.dfa;
        let [c0, c1, c2, c3] = &mut caches.0;
        let cut: [usize; LANES] = std::array::from_fn(|k| k * hay.len() / LANES);
        let from: [usize; LANES] = std::array::from_fn(|k| cut[k].saturating_sub(longest + 1));
        let to: [usize; LANES] =
            std::array::from_fn(|k| cut.get(k + 1).copied().unwrap_or(hay.len()));
        let start = |cache: &mut Cache, k: usize| {
            dfa.start_state_forward(cache, &Input::new(hay).range(from[k]..to[k]))
        };
        let mut s = [
            start(c0, 0).ok()?,
            start(c1, 1).ok()?,
            start(c2, 2).ok()?,
            start(c3, 3).ok()?,
        ];
        let n = (0..LANES).map(|k| to[k] - from[k]).min().unwrap_or(0);
        let (l0, l1) = (&hay[from[0]..from[0] + n], &hay[from[1]..from[1] + n]);
        let (l2, l3) = (&hay[from[2]..from[2] + n], &hay[from[3]..from[3] + n]);
        for i in 0..n {
            s[0] = dfa.next_state(c0, s[0], l0[i]).ok()?;
            s[1] = dfa.next_state(c1, s[1], l1[i]).ok()?;
            s[2] = dfa.next_state(c2, s[2], l2[i]).ok()?;
            s[3] = dfa.next_state(c3, s[3], l3[i]).ok()?;
            if s[0].is_match() | s[1].is_match() | s[2].is_match() | s[3].is_match() {
                // Matches are reported one byte late: these end before byte `i` of the lane.
                let caches = [&*c0, &*c1, &*c2, &*c3];
                for k in 0..LANES {
                    let end = from[k] + i;
                    if s[k].is_match() && (k == 0 || end >= cut[k]) {
                        self.report(caches[k], s[k], end, hit);
                    }
                }
            }
        }
        // The rest of each lane, one at a time; the last also takes the end of input.
        for (k, cache) in caches.0.iter_mut().enumerate() {
            let mut sid = s[k];
            for (i, &byte) in hay[from[k] + n..to[k]].iter().enumerate() {
                sid = dfa.next_state(cache, sid, byte).ok()?;
                let end = from[k] + n + i;
                if sid.is_match() && (k == 0 || end >= cut[k]) {
                    self.report(cache, sid, end, hit);
                }
            }
            if k == LANES - 1 {
                sid = dfa.next_eoi_state(cache, sid).ok()?;
                if sid.is_match() {
                    self.report(cache, sid, hay.len(), hit);
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(f: &FreePrefilter, hay: &[u8]) -> Vec<(usize, usize)> {
        let mut got = Vec::new();
        f.for_each(hay, &mut f.caches(), |p, e| got.push((p, e)));
        got.sort_unstable();
        got.dedup();
        got
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
                f.walk(&hay, &mut f.caches().0[0], &mut |p, e| one.push((p, e)))
                    .expect("no give-up");
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
            f.walk(&hay, &mut f.caches().0[0], &mut |p, e| one.push((p, e))).expect("no give-up");
            one.sort_unstable();
            proptest::prop_assert_eq!(ends(&f, &hay), one);
        }
    }
}
