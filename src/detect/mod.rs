//! The detector: bytes in, candidate secrets out. It knows nothing of files, git or reports.
//!
//! Three stages, cheapest first:
//! 1. **Prefilter.** Every rule's keywords, ASCII case-insensitive, are found together
//!    (`detect/keywords/mod.rs`): by a table of 4-byte grams and vector gathers
//!    (`detect/keywords/grams.rs`), or by one Aho-Corasick DFA walked four lanes of the buffer at
//!    once, which hides the latency of its table loads. Rules without keywords (digit-shaped PII)
//!    are prefiltered together by one automaton over their `prefilter` regexes
//!    (`detect/digits/mod.rs`), which walks only the bytes near digit anchors
//!    (`detect/digits/anchors.rs`) once it is proven that every match holds one
//!    (`detect/digits/anchor_proof.rs`).
//! 2. **Confirm.** A rule's regex runs only in a window around its hits: matches must start no
//!    earlier than the rule's longest possible match (at most [`BACK`] bytes) before a hit and no
//!    later than its end, and may run as far past it (at most [`FORWARD`] bytes). Overlapping
//!    windows of one rule are merged, so a dense region costs one regex pass, not one per hit, and
//!    a window without the rule's gate byte (`detect/plan/gate.rs`) costs one `memchr`. Where every
//!    match provably starts at a keyword or a line start (`detect/plan/match_start.rs`), the regex
//!    runs anchored there instead of searching the window.
//! 3. **Filter.** The secret group must pass the rule's entropy minimum, must not look like a
//!    placeholder, and must pass the rule's offline validator (which raises confidence).
//!
//! Overlapping candidates are resolved by keeping the most confident (then the longest), so a token
//! inside a `token = "..."` assignment is reported once, under its specific rule.
//!
//! Rooms, one per part of that flow:
//! - `keywords/`: the keyword prefilter (gram table or Aho-Corasick walk);
//! - `digits/`: the prefilter of rules without keywords (digit anchors, the proof that every
//!   match holds one, and the two walks);
//! - `plan/`: what the detector reads from a rule's regex on its first hit (gate byte, where
//!   matches start, how long they can be); `windows.rs`: where each rule's regex runs;
//! - `confirm/`: running a rule's regex in its windows;
//! - `candidate/`: entropy, placeholders, known fakes and overlaps;
//! - `validate/`: offline checksums and structure checks;
//! - `simd/`: the AVX2 kernels, the only `unsafe` code of the detector, behind a CPU check.

mod candidate;
mod confirm;
mod digits;
mod keywords;
mod paths;
mod plan;
mod simd;
mod validate;
mod windows;

pub use candidate::entropy::shannon;
pub use candidate::placeholder::is_placeholder;
pub use paths::PathMask;
pub use plan::match_start::MatchStart;
pub use validate::Validator;
pub use validate::encoded::{bech32_encode, pem_armor};

use crate::patterns::{Confidence, PatternSet, Rule};
use digits::DigitPrefilter;
use keywords::Keywords;
use plan::Plan;
use regex_automata::meta::Cache;
use regex_automata::util::captures::Captures;
use std::collections::HashMap;
use windows::Windows;

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
    /// Rules without keywords, run wherever `digit_prefilter` matches.
    digit_rules: Vec<usize>,
    digit_prefilter: Option<DigitPrefilter>,
    /// Per rule: its execution plan, made on the rule's first hit (`detect/plan/mod.rs`).
    plans: Vec<std::sync::OnceLock<Plan>>,
    /// The rules limited to some paths, kept out of the prefilters above (`detect/paths.rs`).
    paths: Option<paths::PathRules>,
}

/// Per-thread reusable state for [`Detector::detect`].
#[derive(Debug)]
pub struct Scratch {
    windows: Windows,
    /// Per rule: its capture slots and search cache, made on the rule's first use (its regex
    /// compiles lazily).
    caps: Vec<Option<(Captures, Cache)>>,
    /// The keyword-less prefilter's lazy DFA states.
    digits: Option<regex_automata::hybrid::dfa::Cache>,
    found: Vec<Match>,
    /// Candidates that failed their validator: known fakes, which no rule may report.
    fakes: Vec<Match>,
    /// The path rules' scratch, made on their first use.
    paths: Option<Box<Self>>,
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
    /// Builds the prefilters for `set`. Rules with `paths` run only through
    /// [`Detector::detect_in`] with a [`PathMask`] that enables them.
    pub fn new(set: PatternSet) -> Result<Self, BuildError> {
        Self::build(set, false)
    }

    /// Builds the detector; with `all_content`, path rules are ordinary rules (the path
    /// detector of `detect/paths.rs` is built so).
    fn build(set: PatternSet, all_content: bool) -> Result<Self, BuildError> {
        let mut keyword_list: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut keyword_ids: HashMap<&str, usize> = HashMap::new();
        let mut digit_rules = Vec::new();
        for (index, rule) in set.rules().iter().enumerate() {
            if !all_content && paths::is_path_rule(rule) {
                continue;
            }
            if rule.keywords.is_empty() {
                digit_rules.push(index);
            }
            for kw in &rule.keywords {
                let id = *keyword_ids.entry(kw).or_insert_with(|| {
                    keyword_list.push(kw.clone());
                    keyword_rules.push(Vec::new());
                    keyword_list.len() - 1
                });
                keyword_rules[id].push(index);
            }
        }
        let build_keywords = || match keyword_list.is_empty() {
            true => Ok(None),
            false => Keywords::new(&keyword_list).map(Some),
        };
        let build_digits = || {
            if digit_rules.is_empty() {
                return Ok(None);
            }
            // A prefilter match lies inside the rule's match, so the rule's longest bounds it.
            let patterns: Vec<&str> = (digit_rules.iter())
                .map(|&i| &set.rules()[i])
                .map(|r| r.prefilter.as_deref().unwrap_or(&r.pattern))
                .collect();
            let longest = (digit_rules.iter())
                .map(|&i| Plan::of(&set.rules()[i]).max_len)
                .try_fold(0, |acc, len| len.map(|l| acc.max(l)));
            DigitPrefilter::new(&patterns, longest).map(Some)
        };
        // The two automata take milliseconds each and nothing else runs yet: build them at once.
        let (keywords, digit_prefilter) = std::thread::scope(|scope| {
            match std::thread::Builder::new().spawn_scoped(scope, build_digits) {
                Ok(digits) => {
                    let keywords = build_keywords();
                    let digits = digits
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e));
                    (keywords, digits)
                }
                Err(_) => (build_keywords(), build_digits()),
            }
        });
        let (keywords, digit_prefilter) = (keywords?, digit_prefilter?);
        let plans = set
            .rules()
            .iter()
            .map(|_| std::sync::OnceLock::new())
            .collect();
        let paths = match all_content {
            true => None,
            false => paths::PathRules::new(&set)?,
        };
        Ok(Self {
            set,
            keywords,
            keyword_rules,
            digit_rules,
            digit_prefilter,
            plans,
            paths,
        })
    }

    /// Rule `rule`'s execution plan, made now if this is its first use.
    fn plan(&self, rule: usize) -> &Plan {
        self.plans[rule].get_or_init(|| Plan::of(&self.rules()[rule]))
    }

    /// The same detector with every match start forgotten: the reference the anchored runs
    /// are tested against.
    #[cfg(test)]
    pub(crate) fn searched_everywhere(self) -> Self {
        for (rule, slot) in self.rules().iter().zip(&self.plans) {
            let plan = Plan {
                start: MatchStart::Anywhere,
                ..Plan::of(rule)
            };
            slot.set(plan).expect("a new detector has made no plan yet");
        }
        self
    }

    /// The rules, indexed by [`Match::rule`].
    pub fn rules(&self) -> &[Rule] {
        self.set.rules()
    }

    /// Fresh per-thread scratch space.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            windows: Windows::new(self.rules().len()),
            caps: self.rules().iter().map(|_| None).collect(),
            digits: self
                .digit_prefilter
                .as_ref()
                .and_then(DigitPrefilter::cache),
            found: Vec::new(),
            fakes: Vec::new(),
            paths: None,
        }
    }

    /// Which of the path rules apply to `path` (as the scan shows it).
    pub fn path_mask(&self, path: &str) -> PathMask {
        self.paths.as_ref().map_or(PathMask::NONE, |p| p.mask(path))
    }

    /// [`Detector::detect`], plus the path rules `mask` enables.
    pub fn detect_in(
        &self,
        mask: &PathMask,
        hay: &[u8],
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        self.detect(hay, scratch, out);
        if let Some(p) = &self.paths
            && !mask.is_none()
        {
            let own = scratch.paths.get_or_insert_with(|| Box::new(p.scratch()));
            p.detect(mask, hay, own, out);
        }
    }

    /// Finds every secret in `hay`, appending them to `out` sorted by start offset.
    pub fn detect(&self, hay: &[u8], scratch: &mut Scratch, out: &mut Vec<Match>) {
        let Scratch {
            windows,
            caps,
            digits,
            found,
            fakes,
            ..
        } = scratch;
        found.clear();
        fakes.clear();
        self.collect_windows(hay, digits, windows);
        // Windows come rule by rule; `resume` is the current rule's.
        let (mut rule, mut resume) = (usize::MAX, 0);
        for w in windows.iter() {
            if w.rule != rule {
                (rule, resume) = (w.rule, 0);
            }
            self.confirm(hay, w, &mut caps[w.rule], found, fakes, &mut resume);
        }
        candidate::drop_fakes(found, fakes, self.rules());
        candidate::resolve_overlaps(found, self.rules(), out);
    }
}

#[cfg(test)]
mod tests;
