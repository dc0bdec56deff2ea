//! Prefilter for rules without keywords (digit-shaped PII): where may any of them match?
//!
//! One automaton over every such rule's `prefilter` (a simpler regex each of its matches contains;
//! the rule's own regex when it has none), with every-match semantics, reports each position where
//! some prefilter match ends and which rule it belongs to. Three ways, the cheapest that is sound:
//! - every match provably holds a digit anchor (`detect/digits/anchor_proof.rs`), as the built-in
//!   ones do: a lazy DFA walks only near anchors (`detect/digits/near_anchors.rs`);
//! - otherwise a dense DFA walks the whole buffer in four lanes (`lanes.rs`);
//! - a DFA over the size limit, or a walk that gives up, falls back to one regex walk that reports
//!   every rule at each match.

use super::BuildError;
use near_anchors::Regions;

mod anchor_proof;
pub(super) mod anchors;
mod lanes;
mod near_anchors;
use regex_automata::dfa::dense;
use regex_automata::hybrid::dfa::Cache;
use regex_automata::meta;

#[derive(Debug)]
pub(super) struct DigitPrefilter {
    walk: Walk,
    fallback: meta::Regex,
    rules: usize,
}

#[derive(Debug)]
enum Walk {
    /// Every match holds an anchor.
    Regions(Regions),
    /// No match is longer than `longest`, if known.
    Lanes {
        dfa: dense::DFA<Vec<u32>>,
        longest: Option<usize>,
    },
    /// Only the fallback regex.
    Regex,
}

impl DigitPrefilter {
    /// `longest`: the longest match of any of the rules, if bounded.
    pub(super) fn new(patterns: &[&str], longest: Option<usize>) -> Result<Self, BuildError> {
        let syntax = crate::patterns::syntax_config();
        let fallback = meta::Regex::builder()
            .syntax(syntax)
            // Digit-shaped patterns yield no useful literals; a literal prefilter fires on
            // nearly every digit and costs more than it saves.
            .configure(meta::Config::new().utf8_empty(false).auto_prefilter(false))
            .build_many(patterns)
            .map_err(|e| BuildError::new("keyword-less rule prefilter", e))?;
        // Every match is bounded by its pattern and by its rule: the tighter bound wins.
        let own = (patterns.iter()).try_fold(0, |acc, p| {
            let hir = crate::patterns::syntax_tree(p).ok()?;
            Some(acc.max(hir.properties().maximum_len()?))
        });
        let longest = match (longest, own) {
            (Some(rule), Some(own)) => Some(rule.min(own)),
            (rule, own) => rule.or(own),
        };
        let regions = longest
            .filter(|_| anchor_proof::every_match_anchored(patterns))
            .and_then(|longest| Regions::new(patterns, longest));
        let walk = match regions {
            Some(regions) => Walk::Regions(regions),
            None => match lanes::build(patterns) {
                Some(dfa) => Walk::Lanes { dfa, longest },
                None => Walk::Regex,
            },
        };
        Ok(Self {
            walk,
            fallback,
            rules: patterns.len(),
        })
    }

    /// A thread's cache for [`DigitPrefilter::for_each`], if its walk needs one.
    pub(super) fn cache(&self) -> Option<Cache> {
        match &self.walk {
            Walk::Regions(regions) => Some(regions.cache()),
            _ => None,
        }
    }

    /// Calls `hit(pattern, end)` for every position `end` where a match of `pattern` ends.
    /// `cache` is this thread's, from [`DigitPrefilter::cache`].
    pub(super) fn for_each(
        &self,
        hay: &[u8],
        cache: &mut Option<Cache>,
        mut hit: impl FnMut(usize, usize),
    ) {
        let walked = match (&self.walk, cache) {
            (Walk::Regions(regions), Some(cache)) => regions.for_each(hay, cache, &mut hit),
            (Walk::Lanes { dfa, longest }, _) => lanes::walk(dfa, hay, *longest, &mut hit),
            _ => None,
        };
        if walked.is_none() {
            for m in self.fallback.find_iter(hay) {
                for pattern in 0..self.rules {
                    hit(pattern, m.end());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(f: &DigitPrefilter, hay: &[u8]) -> Vec<(usize, usize)> {
        let mut got = Vec::new();
        f.for_each(hay, &mut f.cache(), |p, e| got.push((p, e)));
        got.sort_unstable();
        got.dedup();
        got
    }

    #[test]
    fn anchored_prefilters_walk_near_anchors_and_others_walk_everything() {
        let anchored = DigitPrefilter::new(&[r"\d{3}-\d{2}-\d{4}"], Some(11)).expect("builds");
        assert!(matches!(anchored.walk, Walk::Regions(_)));
        assert!(anchored.cache().is_some());
        let unanchored = DigitPrefilter::new(&[r"\d{9}"], Some(9)).expect("builds");
        assert!(matches!(unanchored.walk, Walk::Lanes { .. }));
        assert!(unanchored.cache().is_none());
        let hay = b"x 123-45-6789 123456789 y";
        assert_eq!(ends(&anchored, hay), vec![(0, 13)]);
        assert_eq!(ends(&unanchored, hay), vec![(0, 23)]);
    }

    #[test]
    fn an_unbounded_prefilter_walks_everything() {
        let f = DigitPrefilter::new(&[r"\d{3}-\d+"], None).expect("builds");
        assert!(
            matches!(f.walk, Walk::Lanes { longest: None, .. }),
            "{:?}",
            f.walk
        );
        assert_eq!(
            ends(&f, b"a 123-4567 b"),
            vec![(0, 7), (0, 8), (0, 9), (0, 10)]
        );
    }

    #[test]
    fn too_big_a_dfa_falls_back_to_one_regex_walk() {
        // 50 bounded repetitions of a wide class: far over the DFA size limit.
        let f = DigitPrefilter::new(&[r"[a-z0-9]{20}x[a-z0-9]{30}"], Some(51)).expect("builds");
        assert!(matches!(f.walk, Walk::Regex));
        let hay = format!("{}x{}", "a".repeat(20), "b".repeat(30));
        assert_eq!(ends(&f, hay.as_bytes()), vec![(0, 51)]);
    }

    /// An unbounded pattern is bounded by its rule, which lets it walk near anchors.
    #[test]
    fn the_rules_bound_bounds_an_unbounded_pattern() {
        let f = DigitPrefilter::new(&[r"\d{3}-\d{3}\d*"], Some(8)).expect("builds");
        assert!(matches!(f.walk, Walk::Regions(_)), "{:?}", f.walk);
        assert_eq!(ends(&f, b"a 123-4567 b"), vec![(0, 9), (0, 10)]);
    }

    #[test]
    fn a_bad_pattern_is_an_error() {
        assert!(DigitPrefilter::new(&[r"\d{3}("], Some(4)).is_err());
    }
}
