//! Prefilter for rules without keywords (digit-shaped PII): where does any of them match?
//!
//! One lazy DFA over all their regexes, with every-match semantics, reports each position
//! where some rule's match ends and which rules end there. As for keywords
//! (`keywords.rs`), the walk is bound by load latency, so the buffer is cut in two halves
//! walked in one loop, each with its own cache; the second half starts `longest + 1` bytes
//! early (the rules' matches are bounded) and reports only ends past the cut. A rule with an
//! unbounded match, or a DFA that gives up, falls back to a one-walk regex search that
//! reports every rule at each match.

use super::BuildError;
use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, meta};

/// Below this many bytes, one walk.
const SPLIT_MIN: usize = 4 << 10;

#[derive(Debug)]
pub(super) struct FreePrefilter {
    dfa: DFA,
    fallback: meta::Regex,
    rules: usize,
    /// Longest possible match of any rule; `None` when one is unbounded.
    longest: Option<usize>,
}

/// Per-thread lazy DFA caches, one per half.
#[derive(Debug)]
pub(super) struct FreeCaches(Cache, Cache);

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
        FreeCaches(self.dfa.create_cache(), self.dfa.create_cache())
    }

    /// Calls `hit(pattern, end)` for every position `end` where a match of `pattern` may end.
    pub(super) fn for_each(
        &self,
        hay: &[u8],
        caches: &mut FreeCaches,
        mut hit: impl FnMut(usize, usize),
    ) {
        let walked = match self.longest {
            Some(longest) if hay.len() >= SPLIT_MIN && longest + 1 < hay.len() / 2 => {
                let mid = hay.len() / 2;
                self.walk_two(hay, mid, mid - longest - 1, caches, &mut hit)
            }
            _ => self.walk(hay, &mut caches.0, &mut hit),
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

    /// The first half `..mid` and, in the same loop, `b_from..` (reporting ends at `mid` or
    /// later). `None` when the DFA gives up; what was reported before stays reported, and the
    /// fallback reports it again (windows of one rule merge, so repeats cost nothing).
    fn walk_two(
        &self,
        hay: &[u8],
        mid: usize,
        b_from: usize,
        caches: &mut FreeCaches,
        hit: &mut impl FnMut(usize, usize),
    ) -> Option<()> {
        let dfa = &self.dfa;
        let FreeCaches(ca, cb) = caches;
        let mut sa = dfa
            .start_state_forward(ca, &Input::new(hay).range(..mid))
            .ok()?;
        let mut sb = dfa
            .start_state_forward(cb, &Input::new(hay).range(b_from..))
            .ok()?;
        let (a, b) = (&hay[..mid], &hay[b_from..]);
        for (i, (&x, &y)) in a.iter().zip(b).enumerate() {
            sa = dfa.next_state(ca, sa, x).ok()?;
            sb = dfa.next_state(cb, sb, y).ok()?;
            if sa.is_match() {
                self.report(ca, sa, i, hit);
            }
            if sb.is_match() && b_from + i >= mid {
                self.report(cb, sb, b_from + i, hit);
            }
        }
        for (i, &y) in b.iter().enumerate().skip(a.len()) {
            sb = dfa.next_state(cb, sb, y).ok()?;
            if sb.is_match() && b_from + i >= mid {
                self.report(cb, sb, b_from + i, hit);
            }
        }
        sb = dfa.next_eoi_state(cb, sb).ok()?;
        if sb.is_match() {
            self.report(cb, sb, hay.len(), hit);
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
            for at in [
                0,
                len / 2 - 14,
                len / 2 - 11,
                len / 2 - 6,
                len / 2,
                len - 11,
            ] {
                let mut hay = vec![b'.'; len];
                hay[at..at + 11].copy_from_slice(b"123-45-6789");
                if at > 0 {
                    hay[at - 1] = b' ';
                }
                if at >= 10 {
                    hay[at - 9..at - 1].copy_from_slice(b" +491234");
                }
                let mut one = Vec::new();
                f.walk(&hay, &mut f.caches().0, &mut |p, e| one.push((p, e)))
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
                1000..2000,
            ),
        ) {
            let patterns = [r"\b\d{3}-\d{2}-\d{4}\b", r"\+[2-9]\d{3,6}\b"];
            let f = FreePrefilter::new(&patterns, Some(12)).expect("builds");
            let hay = pieces.concat().into_bytes();
            let mut one = Vec::new();
            f.walk(&hay, &mut f.caches().0, &mut |p, e| one.push((p, e))).expect("no give-up");
            one.sort_unstable();
            proptest::prop_assert_eq!(ends(&f, &hay), one);
        }
    }
}
