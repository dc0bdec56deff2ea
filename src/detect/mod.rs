//! The detector: bytes in, candidate secrets out. It knows nothing of files, git or reports.
//!
//! Three stages, cheapest first:
//! 1. **Prefilter.** One Aho-Corasick DFA over every rule's keywords, ASCII case-insensitive,
//!    finds where each rule could match (`keywords.rs`); rules without keywords (digit-shaped
//!    PII) are prefiltered together by one lazy DFA over their regexes (`free.rs`). Both walk
//!    the two halves of the buffer in one loop, which hides the latency of their table loads.
//! 2. **Confirm.** A rule's regex runs only in a window around its hits: matches must start
//!    no earlier than the rule's longest possible match (at most [`BACK`] bytes) before a hit
//!    and no later than its end, and may run as far past it (at most [`FORWARD`] bytes). Overlapping windows of one rule are merged, so a dense region costs one
//!    regex pass, not one per hit.
//! 3. **Filter.** The secret group must pass the rule's entropy minimum, must not look like
//!    a placeholder, and must pass the rule's offline validator (which raises confidence).
//!
//! Overlapping candidates are resolved by keeping the most confident (then the longest), so
//! a token inside a `token = "..."` assignment is reported once, under its specific rule.

mod entropy;
mod filter;
mod free;
mod iban;
mod keywords;
mod placeholder;
mod validate;

pub use entropy::shannon;
pub use placeholder::is_placeholder;
pub use validate::Validator;

use crate::patterns::{Confidence, PatternSet, Rule};
use free::{FreeCaches, FreePrefilter};
use keywords::Keywords;
use regex_automata::Input;
use regex_automata::util::captures::Captures;

/// How far before a keyword hit a match may start (bytes).
pub const BACK: usize = 256;
/// How far past a keyword hit a match may extend (bytes); PEM bodies need the room.
pub const FORWARD: usize = 8 << 10; // 8 KiB

/// A confirmed candidate: the secret's byte span in the searched buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in [`Detector::rules`].
    pub rule: usize,
    /// Start of the secret (inclusive).
    pub start: usize,
    /// End of the secret (exclusive).
    pub end: usize,
    /// Confidence after validation.
    pub confidence: Confidence,
}

/// Runs a [`PatternSet`] over byte buffers. Cheap to share between threads.
#[derive(Debug)]
pub struct Detector {
    set: PatternSet,
    keywords: Option<Keywords>,
    /// Aho-Corasick pattern id -> indices of the rules that own that keyword.
    keyword_rules: Vec<Vec<usize>>,
    /// Rules without keywords, run wherever `free_prefilter` matches.
    free_rules: Vec<usize>,
    free_prefilter: Option<FreePrefilter>,
}

/// Per-thread reusable state for [`Detector::detect`].
#[derive(Debug)]
pub struct Scratch {
    windows: Vec<Window>,
    /// Per-rule capture slots, made on a rule's first use (its regex compiles lazily).
    caps: Vec<Option<Captures>>,
    found: Vec<Match>,
    free: Option<FreeCaches>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    rule: usize,
    /// Matches may start in `lo..=hi`.
    lo: usize,
    hi: usize,
    /// The regex sees bytes up to here.
    end: usize,
}

/// The detector could not be built from its rules.
#[derive(Debug, thiserror::Error)]
#[error("building the {what} failed: {message}")]
pub struct BuildError {
    what: &'static str,
    message: String,
}

impl BuildError {
    fn new(what: &'static str, e: impl std::fmt::Display) -> Self {
        Self {
            what,
            message: e.to_string(),
        }
    }
}

impl Detector {
    /// Builds the prefilters for `set`.
    pub fn new(set: PatternSet) -> Result<Self, BuildError> {
        let mut keyword_list: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut free_rules = Vec::new();
        for (index, rule) in set.rules().iter().enumerate() {
            if rule.keywords.is_empty() {
                free_rules.push(index);
            }
            for kw in &rule.keywords {
                match keyword_list.iter().position(|k| k == kw) {
                    Some(p) => keyword_rules[p].push(index),
                    None => {
                        keyword_list.push(kw.clone());
                        keyword_rules.push(vec![index]);
                    }
                }
            }
        }
        let keywords = if keyword_list.is_empty() {
            None
        } else {
            Some(Keywords::new(&keyword_list)?)
        };
        let free_prefilter = if free_rules.is_empty() {
            None
        } else {
            let patterns: Vec<&str> = free_rules
                .iter()
                .map(|&i| set.rules()[i].pattern.as_str())
                .collect();
            let longest = (free_rules.iter())
                .map(|&i| set.rules()[i].max_len)
                .try_fold(0, |acc, len| len.map(|l| acc.max(l)));
            Some(FreePrefilter::new(&patterns, longest)?)
        };
        Ok(Self {
            set,
            keywords,
            keyword_rules,
            free_rules,
            free_prefilter,
        })
    }

    /// The rules, indexed by [`Match::rule`].
    pub fn rules(&self) -> &[Rule] {
        self.set.rules()
    }

    /// Fresh per-thread scratch space.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            windows: Vec::new(),
            caps: self.rules().iter().map(|_| None).collect(),
            found: Vec::new(),
            free: self.free_prefilter.as_ref().map(FreePrefilter::caches),
        }
    }

    /// Finds every secret in `hay`, appending them to `out` sorted by start offset.
    pub fn detect(&self, hay: &[u8], scratch: &mut Scratch, out: &mut Vec<Match>) {
        let Scratch {
            windows,
            caps,
            found,
            free,
        } = scratch;
        windows.clear();
        found.clear();
        self.collect_windows(hay, windows, free.as_mut());
        for w in windows.iter() {
            self.confirm(hay, *w, &mut caps[w.rule], found);
        }
        filter::resolve_overlaps(found, self.rules(), out);
    }

    fn collect_windows(
        &self,
        hay: &[u8],
        windows: &mut Vec<Window>,
        free: Option<&mut FreeCaches>,
    ) {
        let rules = self.rules();
        // A match holds its trigger, so it starts at most `max_len` before it and ends at
        // most `max_len` after it; unbounded rules get BACK / FORWARD.
        // A single-line rule's window also stops at the trigger's line ends.
        let window = |rule: usize, start: usize, end: usize| {
            let r = &rules[rule];
            let mut lo = start.saturating_sub(r.max_len.map_or(BACK, |m| m.min(BACK)));
            let mut stop = end
                .saturating_add(r.max_len.map_or(FORWARD, |m| m.min(FORWARD)))
                .min(hay.len());
            if !r.multiline {
                lo = memchr::memrchr(b'\n', &hay[lo..start]).map_or(lo, |i| lo + i + 1);
                stop = memchr::memchr(b'\n', &hay[end..stop]).map_or(stop, |i| end + i);
            }
            Window {
                rule,
                lo,
                hi: end,
                end: stop,
            }
        };
        if let Some(keywords) = &self.keywords {
            keywords.for_each(hay, |keyword, start, end| {
                for &rule in &self.keyword_rules[keyword] {
                    windows.push(window(rule, start, end));
                }
            });
        }
        if let (Some(pre), Some(caches)) = (&self.free_prefilter, free) {
            // The prefilter gives where a match ends; it starts at most `max_len` before.
            pre.for_each(hay, caches, |pattern, end| {
                let rule = self.free_rules[pattern];
                let back = rules[rule].max_len.map_or(BACK, |m| m.min(BACK));
                windows.push(window(rule, end.saturating_sub(back), end));
            });
        }
        windows.sort_unstable_by_key(|w| (w.rule, w.lo));
        windows.dedup_by(|next, prev| {
            let merge = next.rule == prev.rule && next.lo <= prev.end;
            if merge {
                prev.hi = prev.hi.max(next.hi);
                prev.end = prev.end.max(next.end);
            }
            merge
        });
    }

    fn confirm(&self, hay: &[u8], w: Window, caps: &mut Option<Captures>, found: &mut Vec<Match>) {
        let rule = &self.rules()[w.rule];
        let caps = caps.get_or_insert_with(|| rule.regex().create_captures());
        // The range limits the search; look-around (`\b`) still sees the bytes beyond it.
        let mut input = Input::new(hay).range(w.lo..w.end);
        while input.start() <= w.hi {
            rule.regex().search_captures(&input, caps);
            let Some(m) = caps.get_match() else {
                break;
            };
            if m.start() > w.hi {
                break;
            }
            input.set_start(if m.end() > m.start() {
                m.end()
            } else {
                m.end() + 1
            });
            let Some(span) = caps.get_group(rule.secret_group) else {
                continue;
            };
            if let Some(confidence) = filter::accept(rule, &hay[span.range()]) {
                found.push(Match {
                    rule: w.rule,
                    start: span.start,
                    end: span.end,
                    confidence,
                });
            }
            if input.start() > w.end {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests;
