//! A dense DFA over the keyword-less rules' prefilters, walked over a whole buffer.
//!
//! Used when a prefilter match need not hold a digit anchor (a user rule such as `\d{11}`), so
//! `detect/digits/near_anchors.rs` cannot skip to anchors. As for keywords
//! (`detect/keywords/mod.rs`), each step waits on a table load, so the walk goes four lanes at
//! once: each lane after the first starts `longest + 1` bytes before its cut and reports only ends
//! past the cut.

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::{Input, MatchKind};

/// Lanes walked at once.
const LANES: usize = 4;
/// Below this many bytes, one walk.
const SPLIT_MIN: usize = 1 << 10;
/// Largest DFA built (bytes); bigger means the prefilters are too loose to be worth it.
const DFA_LIMIT: usize = 4 << 20;

/// The dense DFA reporting every match of every pattern; `None` over the size limit.
pub(super) fn build(patterns: &[&str]) -> Option<dense::DFA<Vec<u32>>> {
    let syntax = crate::patterns::syntax_config();
    let config = dense::Config::new()
        .match_kind(MatchKind::All)
        .start_kind(StartKind::Unanchored)
        .minimize(false)
        .dfa_size_limit(Some(DFA_LIMIT))
        .determinize_size_limit(Some(4 * DFA_LIMIT));
    (dense::Builder::new().syntax(syntax).configure(config))
        .build_many(patterns)
        .ok()
}

/// Calls `hit(pattern, end)` for every position `end` where a match of `pattern` ends; no
/// match is longer than `longest`. `None` when the DFA cannot start.
pub(super) fn walk(
    dfa: &dense::DFA<Vec<u32>>,
    hay: &[u8],
    longest: Option<usize>,
    hit: &mut dyn FnMut(usize, usize),
) -> Option<()> {
    match longest {
        Some(longest) if hay.len() >= SPLIT_MIN && longest + 1 < hay.len() / LANES => {
            walk_lanes(dfa, hay, longest, hit)
        }
        _ => walk_range(dfa, hay, 0, hay.len(), hit),
    }
}

/// Four walks in one loop: lane `k` walks from `longest + 1` bytes before its cut
/// `k * len / 4` to the next cut and reports ends at its cut or later.
fn walk_lanes(
    dfa: &dense::DFA<Vec<u32>>,
    hay: &[u8],
    longest: usize,
    hit: &mut dyn FnMut(usize, usize),
) -> Option<()> {
    let cut: [usize; LANES] = std::array::from_fn(|k| k * hay.len() / LANES);
    let from: [usize; LANES] = std::array::from_fn(|k| cut[k].saturating_sub(longest + 1));
    let to: [usize; LANES] = std::array::from_fn(|k| cut.get(k + 1).copied().unwrap_or(hay.len()));
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
            if dfa.is_special_state(sid) && dfa.is_match_state(sid) && (k == 0 || end >= cut[k]) {
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

/// One walk over `hay[lo..hi]`, reporting the matches that start at `lo` or later; the byte
/// after `hi` (or the end of input) is read too, since a match shows one byte late. `None`
/// when the DFA cannot start there.
fn walk_range(
    dfa: &dense::DFA<Vec<u32>>,
    hay: &[u8],
    lo: usize,
    hi: usize,
    hit: &mut dyn FnMut(usize, usize),
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

/// The reports of one step of the four walks, kept out of the loop (see `detect/keywords/mod.rs`).
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

    const PATTERNS: [&str; 2] = [r"\b\d{3}-\d{2}-\d{4}\b", r"\+[2-9]\d{3,6}\b"];

    fn sorted(mut v: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        v.sort_unstable();
        v
    }

    /// What one walk over the whole of `hay` reports.
    fn one_walk(dfa: &dense::DFA<Vec<u32>>, hay: &[u8]) -> Vec<(usize, usize)> {
        let mut one = Vec::new();
        walk_range(dfa, hay, 0, hay.len(), &mut |p, e| one.push((p, e))).expect("walks");
        sorted(one)
    }

    #[test]
    fn too_big_a_dfa_is_not_built() {
        // 50 bounded repetitions of a wide class: far over the DFA size limit.
        assert!(build(&[r"[a-z0-9]{20}x[a-z0-9]{30}"]).is_none());
        assert!(build(&PATTERNS).is_some());
    }

    #[test]
    fn one_walk_reports_each_rule_at_its_match_end() {
        let dfa = build(&PATTERNS).expect("builds");
        assert_eq!(
            one_walk(&dfa, b"ssn 123-45-6789 tel +4912345"),
            vec![(0, 15), (1, 28)]
        );
        assert_eq!(one_walk(&dfa, b"x123-45-6789 +1234"), vec![]);
    }

    /// The split walk reports what one walk reports, with matches on, before, after and
    /// across the cut and at both ends.
    #[test]
    fn split_walk_matches_one_walk() {
        let dfa = build(&PATTERNS).expect("builds");
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
                let one = one_walk(&dfa, &hay);
                assert!(!one.is_empty(), "len {len} at {at}");
                let mut lanes = Vec::new();
                walk(&dfa, &hay, Some(12), &mut |p, e| lanes.push((p, e))).expect("walks");
                assert_eq!(sorted(lanes), one, "len {len} at {at}");
            }
        }
    }

    #[test]
    fn a_range_walk_sees_matches_ending_at_its_end() {
        let dfa = build(&[r"\d{3}-\d{2}-\d{4}\b"]).expect("builds");
        let mut got = Vec::new();
        let hay = b"x 123-45-6789 y";
        walk_range(&dfa, hay, 1, 13, &mut |p, e| got.push((p, e))).expect("walks");
        walk_range(&dfa, hay, 3, 13, &mut |p, e| got.push((p, e))).expect("walks");
        walk_range(&dfa, hay, 1, 12, &mut |p, e| got.push((p, e))).expect("walks");
        assert_eq!(got, vec![(0, 13)]);
    }

    proptest::proptest! {
        /// Random digit-heavy text: the split walk reports what one walk reports.
        #[test]
        fn split_walk_equals_one_walk_on_random_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "123-45-6789", "+4912345", " ", "-", "7", "x", "\n",
                ]),
                2000..4000,
            ),
        ) {
            let dfa = build(&PATTERNS).expect("builds");
            let hay = pieces.concat().into_bytes();
            let mut lanes = Vec::new();
            walk(&dfa, &hay, Some(12), &mut |p, e| lanes.push((p, e))).expect("walks");
            proptest::prop_assert_eq!(sorted(lanes), one_walk(&dfa, &hay));
        }
    }
}
