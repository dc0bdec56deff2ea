//! Walking the keyword-less rules' prefilters only near digit anchors.
//!
//! When every prefilter match provably holds a digit anchor (`detect/digits/anchor_proof.rs`), as
//! the built-in ones do, a match lies within `longest` bytes of its anchor's end, so only the
//! merged ranges around anchor ends (`detect/digits/anchors.rs`) are walked: 1 to 5% of typical
//! text.
//!
//! The DFA is lazy: each thread builds the states its text reaches, in its own cache. The dense DFA
//! of the five built-in prefilters (their product: 190 KB) took 7 to 10 ms to build before the
//! first byte could be scanned; a lazy walk of the ranges measured the same speed.

use super::anchors;
use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Builder, Cache, Config, DFA};
use regex_automata::{Input, MatchKind};

#[derive(Debug)]
pub(super) struct Regions {
    dfa: DFA,
    /// No prefilter match is longer.
    longest: usize,
}

impl Regions {
    /// `None` when a pattern does not compile.
    pub(super) fn new(patterns: &[&str], longest: usize) -> Option<Self> {
        let syntax = crate::patterns::syntax_config();
        let config = Config::new().match_kind(MatchKind::All);
        let dfa = (Builder::new().syntax(syntax).configure(config))
            .build_many(patterns)
            .ok()?;
        Some(Self { dfa, longest })
    }

    /// A thread's cache of built states.
    pub(super) fn cache(&self) -> Cache {
        self.dfa.create_cache()
    }

    /// Calls `hit(pattern, end)` for every position `end` where a match of `pattern` ends,
    /// if every match holds an anchor. `None` when the lazy DFA gives up.
    pub(super) fn for_each(
        &self,
        hay: &[u8],
        cache: &mut Cache,
        hit: &mut dyn FnMut(usize, usize),
    ) -> Option<()> {
        let mut walked = Some(());
        let (mut held, mut count) = ([(0, 0); LANES], 0);
        anchors::for_each_region(hay, self.longest, |lo, hi| {
            if walked.is_some() {
                held[count] = (lo, hi);
                count += 1;
                if count == LANES {
                    walked = walk_lanes(&self.dfa, cache, hay, held, hit);
                    count = 0;
                }
            }
        });
        for &(lo, hi) in &held[..count] {
            walked = walked.and_then(|()| walk_range(&self.dfa, cache, hay, lo, hi, hit));
        }
        walked
    }
}

/// Regions walked at once: each step waits on a table load, and four independent walks
/// overlap their waits.
const LANES: usize = 4;

/// Walks four ranges as [`walk_range`] does: together as far as the shortest goes, then
/// each to its end.
// One index steps the four lanes together.
#[allow(clippy::needless_range_loop)]
fn walk_lanes(
    dfa: &DFA,
    cache: &mut Cache,
    hay: &[u8],
    ranges: [(usize, usize); LANES],
    hit: &mut dyn FnMut(usize, usize),
) -> Option<()> {
    let mut s = [LazyStateID::default(); LANES];
    for (sid, &(lo, hi)) in s.iter_mut().zip(&ranges) {
        *sid = dfa
            .start_state_forward(cache, &Input::new(hay).range(lo..hi))
            .ok()?;
    }
    let n = ranges.iter().map(|&(lo, hi)| hi - lo).min().unwrap_or(0);
    let lanes: [&[u8]; LANES] = std::array::from_fn(|k| &hay[ranges[k].0..ranges[k].0 + n]);
    for i in 0..n {
        for k in 0..LANES {
            s[k] = dfa.next_state(cache, s[k], lanes[k][i]).ok()?;
        }
        if s.iter().any(|sid| sid.is_tagged()) {
            for k in 0..LANES {
                if s[k].is_match() {
                    report(dfa, cache, s[k], ranges[k].0 + i, hit);
                }
            }
        }
    }
    for k in 0..LANES {
        let (lo, hi) = ranges[k];
        finish(dfa, cache, hay, lo + n, hi, s[k], hit)?;
    }
    Some(())
}

/// One walk over `hay[lo..hi]`, reporting the matches that start at `lo` or later; the byte
/// after `hi` (or the end of input) is read too, since a match shows one byte late.
fn walk_range(
    dfa: &DFA,
    cache: &mut Cache,
    hay: &[u8],
    lo: usize,
    hi: usize,
    hit: &mut dyn FnMut(usize, usize),
) -> Option<()> {
    let sid = dfa
        .start_state_forward(cache, &Input::new(hay).range(lo..hi))
        .ok()?;
    finish(dfa, cache, hay, lo, hi, sid, hit)
}

/// The rest of a range walk: state `sid` has read the bytes before `from`.
fn finish(
    dfa: &DFA,
    cache: &mut Cache,
    hay: &[u8],
    from: usize,
    hi: usize,
    mut sid: LazyStateID,
    hit: &mut dyn FnMut(usize, usize),
) -> Option<()> {
    for (i, &byte) in hay[from..hi].iter().enumerate() {
        sid = dfa.next_state(cache, sid, byte).ok()?;
        if sid.is_tagged() && sid.is_match() {
            // Matches are reported one byte late: this one ends before `byte`.
            report(dfa, cache, sid, from + i, hit);
        }
    }
    sid = match hay.get(hi) {
        Some(&byte) => dfa.next_state(cache, sid, byte).ok()?,
        None => dfa.next_eoi_state(cache, sid).ok()?,
    };
    if sid.is_match() {
        report(dfa, cache, sid, hi, hit);
    }
    Some(())
}

/// Calls `hit` for each pattern matching in state `sid`, ending at `end`.
fn report(
    dfa: &DFA,
    cache: &Cache,
    sid: LazyStateID,
    end: usize,
    hit: &mut dyn FnMut(usize, usize),
) {
    for i in 0..dfa.match_len(cache, sid) {
        hit(dfa.match_pattern(cache, sid, i).as_usize(), end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::digits::lanes;

    const PATTERNS: [&str; 5] = [
        r"\b\d{3}-\d{2}-\d{4}\b",
        r"\+[2-9]\d{3,6}\b",
        r"[A-Z]{2}\d{2} ?[A-Z0-9]{4} ?[A-Z0-9]{4}",
        r"\d{4}[ -]?\d{4}[ -]?\d{4}",
        r"(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[.-])[2-9]\d{2}[.-]\d{4}",
    ];

    fn sorted(mut v: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        v.sort_unstable();
        v.dedup();
        v
    }

    fn regions(r: &Regions, hay: &[u8]) -> Vec<(usize, usize)> {
        let mut got = Vec::new();
        r.for_each(hay, &mut r.cache(), &mut |p, e| got.push((p, e)))
            .expect("walks");
        sorted(got)
    }

    /// What a dense DFA's walk over the whole buffer reports.
    fn whole(patterns: &[&str], hay: &[u8]) -> Vec<(usize, usize)> {
        let dfa = lanes::build(patterns).expect("builds");
        let mut got = Vec::new();
        lanes::walk(&dfa, hay, None, &mut |p, e| got.push((p, e))).expect("walks");
        sorted(got)
    }

    #[test]
    fn matches_are_found_anywhere_near_an_anchor() {
        let r = Regions::new(&[r"\d{3}-\d{2}-\d{4}"], 11).expect("builds");
        // At both ends, in the middle, across block edges, and none.
        for at in [0, 5, 58, 60, 64, 120, 189] {
            let mut hay = vec![b'x'; 200];
            hay[at..at + 11].copy_from_slice(b"123-45-6789");
            assert_eq!(regions(&r, &hay), vec![(0, at + 11)], "at {at}");
        }
        assert_eq!(regions(&r, &[b'7'; 300]), vec![]);
        assert_eq!(regions(&r, b""), vec![]);
    }

    #[test]
    fn a_match_ending_at_a_range_end_or_the_input_end_is_seen() {
        let r = Regions::new(&[r"\d{3}-\d{2}-\d{4}\b"], 11).expect("builds");
        assert_eq!(regions(&r, b"123-45-6789"), vec![(0, 11)]);
        let hay = format!("123-45-6789 {}", "y".repeat(40));
        assert_eq!(regions(&r, hay.as_bytes()), vec![(0, 11)]);
    }

    /// A match ending at the range's end counts only if the byte after it allows (`\b`).
    #[test]
    fn a_range_walk_reads_the_byte_after_its_end() {
        let r = Regions::new(&[r"\d{3}-\d{2}-\d{4}\b"], 11).expect("builds");
        let mut cache = r.cache();
        let mut got = Vec::new();
        for hay in [&b"123-45-67890"[..], b"123-45-6789 "] {
            walk_range(&r.dfa, &mut cache, hay, 0, 11, &mut |p, e| got.push((p, e)))
                .expect("walks");
        }
        assert_eq!(got, vec![(0, 11)]);
    }

    /// Four and more regions of unequal lengths, matches at their starts and ends.
    #[test]
    fn regions_walked_together_report_what_one_at_a_time_do() {
        let r = Regions::new(&PATTERNS, 22).expect("builds");
        let gap = "x".repeat(60);
        for count in 1..=9 {
            let mut hay = String::new();
            for i in 0..count {
                hay.push_str(&gap);
                hay.push_str(["123-45-6789", "+4912345 (555) 234-5678 GB12ABCD1234", "7-7"][i % 3]);
            }
            hay.push_str(["", " ", "123-45-6789"][count % 3]);
            assert_eq!(
                regions(&r, hay.as_bytes()),
                whole(&PATTERNS, hay.as_bytes()),
                "{count}"
            );
        }
    }

    /// Four ranges walked together report what each walked alone does, however short the
    /// shortest (the others go on alone from there).
    #[test]
    fn four_ranges_together_equal_four_alone() {
        let r = Regions::new(&PATTERNS, 22).expect("builds");
        let hay = b"..123-45-6789..+4912345 x 123-45-6789 (555) 234-5678 GB12ABCD1234 7-7.";
        let mut cache = r.cache();
        for shortest in 0..40 {
            let ranges = [(0, shortest), (2, 45), (11, 60), (24, hay.len())];
            let mut alone = Vec::new();
            for &(lo, hi) in &ranges {
                walk_range(&r.dfa, &mut cache, hay, lo, hi, &mut |p, e| {
                    alone.push((p, e))
                })
                .expect("walks");
            }
            let mut together = Vec::new();
            walk_lanes(&r.dfa, &mut cache, hay, ranges, &mut |p, e| {
                together.push((p, e))
            })
            .expect("walks");
            assert_eq!(sorted(together), sorted(alone), "shortest {shortest}");
        }
    }

    #[test]
    fn one_cache_serves_many_buffers() {
        let r = Regions::new(&PATTERNS, 22).expect("builds");
        let mut cache = r.cache();
        for hay in [
            &b"ssn 123-45-6789"[..],
            b"+4912345 ",
            b"nothing",
            b"GB12ABCD1234",
        ] {
            let mut got = Vec::new();
            r.for_each(hay, &mut cache, &mut |p, e| got.push((p, e)))
                .expect("walks");
            assert_eq!(sorted(got), whole(&PATTERNS, hay));
        }
    }

    proptest::proptest! {
        /// Random digit-heavy text: the walk near anchors reports what a whole walk reports.
        #[test]
        fn regions_equal_a_whole_walk_on_random_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "123-45-6789", "+4912345", "GB70QWER12345678901234", "4111111111111111",
                    " ", "-", ".", "7", "x", "Q", "\n", "(555) 234-5678",
                ]),
                4000..6000,
            ),
        ) {
            let r = Regions::new(&PATTERNS, 22).expect("builds");
            let hay = pieces.concat().into_bytes();
            proptest::prop_assert_eq!(regions(&r, &hay), whole(&PATTERNS, &hay));
        }
    }
}
