//! Proof, per rule set, that every match of every keyword-less prefilter holds a digit anchor
//! (`detect/digits/anchors.rs`); only then may the prefilter walk skip the bytes far from anchors.
//!
//! The search explores every string a match can start with, in an anchored DFA of the
//! prefilters, beside a [`Tracker`] of the anchors in it, and stops following a string once
//! it holds an anchor (every match extending it holds one too). The proof fails if the DFA
//! reaches a match before an anchor. Bytes are grouped by DFA byte class and anchor class, so
//! a few dozen states and a dozen bytes each are all it visits for the built-in rules.

use super::anchors::{Class, Tracker};
use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use std::collections::HashSet;

/// Largest DFA (bytes) worth a proof; past it, walk everything.
const LIMIT: usize = 1 << 20;
/// Most (DFA state, tracker) pairs explored; past it, walk everything.
const STATES: usize = 1 << 16;

/// True when every match of every pattern contains an anchor; false when one may not, or
/// when the patterns are too big to tell.
pub(super) fn every_match_anchored(patterns: &[&str]) -> bool {
    let config = dense::Config::new()
        .match_kind(MatchKind::All)
        .start_kind(StartKind::Anchored)
        .dfa_size_limit(Some(LIMIT))
        .determinize_size_limit(Some(4 * LIMIT));
    let syntax = crate::patterns::syntax_config();
    let Ok(dfa) = (dense::Builder::new().syntax(syntax).configure(config)).build_many(patterns)
    else {
        return false;
    };
    // A match may start anywhere: after nothing, a line end, a word byte or another byte.
    let mut starts = Vec::new();
    for before in [None, Some(b'\n'), Some(b'\r'), Some(b'a'), Some(b'-')] {
        let config = start::Config::new()
            .anchored(Anchored::Yes)
            .look_behind(before);
        let Ok(start) = dfa.start_state(&config) else {
            return false;
        };
        starts.push((start, Tracker::default()));
    }
    // One byte per (DFA class, anchor class) pair.
    let mut bytes: Vec<u8> = Vec::new();
    let mut kinds = HashSet::new();
    for b in 0..=u8::MAX {
        if kinds.insert((dfa.byte_classes().get(b), Class::of(b))) {
            bytes.push(b);
        }
    }
    let mut seen: HashSet<_> = starts.iter().copied().collect();
    let mut todo = starts;
    while let Some((sid, tracker)) = todo.pop() {
        // Matches show one byte late: a match state here means the string so far matched.
        if dfa.is_match_state(dfa.next_eoi_state(sid)) {
            return false;
        }
        for &b in &bytes {
            let next = dfa.next_state(sid, b);
            if dfa.is_match_state(next) || dfa.is_quit_state(next) {
                return false;
            }
            let mut t = tracker;
            if dfa.is_dead_state(next) || t.push(b) {
                continue;
            }
            if seen.insert((next, t)) {
                if seen.len() > STATES {
                    return false;
                }
                todo.push((next, t));
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::every_match_anchored;
    use crate::patterns::PatternSet;

    #[test]
    fn built_in_prefilters_are_anchored() {
        let set = PatternSet::builtin().expect("built-in rules");
        let digits: Vec<&str> = (set.rules().iter())
            // Path rules have a prefilter of their own, run only on their files.
            .filter(|r| r.keywords.is_empty() && r.paths.is_empty())
            .map(|r| r.prefilter.as_deref().unwrap_or(&r.pattern))
            .collect();
        assert!(digits.len() >= 5, "{digits:?}");
        assert!(every_match_anchored(&digits));
        for p in digits {
            assert!(every_match_anchored(&[p]), "{p}");
        }
    }

    #[test]
    fn each_anchor_shape_suffices() {
        for p in [
            r"\d{3}-\d{2}-\d{4}",
            r"\d{12,}",
            r"x\d{6}(?:\d{6}|\.\d{3}[.\d]|-\d{3})",
            r"[A-Z]{2}\d{2}[A-Z0-9]{4}",
            r"\+[2-9]\d",
        ] {
            assert!(every_match_anchored(&[p]), "{p}");
        }
    }

    #[test]
    fn a_match_without_an_anchor_fails_the_proof() {
        for p in [
            r"\d{11}",
            r"\d{3}_\d{4}",
            // One digit on a side of the separator is no anchor: `1.5`, `v2.7.23`.
            r"\d{3}-\d",
            // Dates and times: two digits after each separator, three after a dot.
            r"\d{4}-\d{2}-\d{2}",
            r"\d\d:\d\d\.\d{3}",
            r"\d\.\d{4}",
            r"\d{3}\.\d\d",
            r"[A-Z]\d{2}[A-Z0-9]{4}",
            r"\+1\d{9}",
            r"\d{3}-\d{4}|abc",
            r"\d*",
            r"[0-9a-f]{40}",
            // Only the end of input completes this match.
            r"\d{3}$",
        ] {
            assert!(!every_match_anchored(&[p]), "{p}");
        }
        // One unanchored pattern spoils the set.
        assert!(!every_match_anchored(&[r"\d{3}-\d{2}-\d{4}", r"\d{11}"]));
    }
}
