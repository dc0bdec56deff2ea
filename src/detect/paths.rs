//! Rules tied to a file's path (`paths = ['**/.pgpass']` in a rule file).
//!
//! A credential file's content is often too loose to find anywhere else: a `.pgpass` line is
//! five colon-separated fields, a Rails `master.key` is 32 hex characters alone. Such a rule
//! runs only on inputs whose path matches one of its globs, and nowhere else. The
//! [`Detector`] keeps these rules out of its own prefilters (so `detect`, redaction and every
//! caller without a path never sees them) and holds them here, in a second detector of their
//! own that runs only when a [`PathMask`] for the scanned path enables some of them. The
//! detector itself still knows nothing of files: the caller asks for the mask by path.
//!
//! Where a path rule and an ordinary rule find overlapping text, the more confident one is
//! kept and the path rule wins a tie: it knows the file's format, a generic rule only guesses.

use super::{BuildError, Detector, Match, Scratch};
use crate::patterns::{PatternSet, Rule};
use globset::{GlobSet, GlobSetBuilder};

/// The path rules of a detector and the matcher of their globs.
#[derive(Debug)]
pub(super) struct PathRules {
    globs: GlobSet,
    /// Glob index -> index of its rule in `detector`.
    glob_rule: Vec<usize>,
    /// A detector over the path rules only (indices: `to_main`).
    detector: Box<Detector>,
    /// Rule index in `detector` -> rule index in the owning detector.
    to_main: Vec<usize>,
}

/// Which path rules apply to one scanned path; [`PathMask::NONE`] where no path is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathMask {
    /// Enabled rule indices of the path detector, sorted; `None` = every one.
    enabled: Option<Vec<usize>>,
}

impl PathMask {
    /// No path rule runs (stdin, a redacted stream).
    pub const NONE: Self = Self {
        enabled: Some(Vec::new()),
    };

    /// Every path rule runs, whatever the path: for testing a rule's examples.
    pub fn every() -> Self {
        Self { enabled: None }
    }

    /// Whether no path rule runs.
    pub fn is_none(&self) -> bool {
        self.enabled.as_ref().is_some_and(Vec::is_empty)
    }

    fn allows(&self, rule: usize) -> bool {
        self.enabled
            .as_ref()
            .is_none_or(|e| e.binary_search(&rule).is_ok())
    }
}

impl PathRules {
    /// The path rules of `set`, or `None` when it has none.
    pub(super) fn new(set: &PatternSet) -> Result<Option<Self>, BuildError> {
        let to_main: Vec<usize> = (set.rules().iter().enumerate())
            .filter(|(_, r)| is_path_rule(r))
            .map(|(i, _)| i)
            .collect();
        if to_main.is_empty() {
            return Ok(None);
        }
        let mut builder = GlobSetBuilder::new();
        let mut glob_rule = Vec::new();
        for (sub, &main) in to_main.iter().enumerate() {
            for glob in &set.rules()[main].paths {
                let glob = crate::patterns::compile::path_glob(glob)
                    .map_err(|e| BuildError::new("path globs", e))?;
                builder.add(glob);
                glob_rule.push(sub);
            }
        }
        let globs = builder
            .build()
            .map_err(|e| BuildError::new("path globs", e))?;
        let mut own = set.clone();
        own.retain(is_path_rule);
        let detector = Box::new(Detector::build(own, true)?);
        Ok(Some(Self {
            globs,
            glob_rule,
            detector,
            to_main,
        }))
    }

    /// The path rules whose globs match `path`.
    pub(super) fn mask(&self, path: &str) -> PathMask {
        let mut enabled: Vec<usize> = (self.globs.matches(path).into_iter())
            .map(|g| self.glob_rule[g])
            .collect();
        enabled.sort_unstable();
        enabled.dedup();
        PathMask {
            enabled: Some(enabled),
        }
    }

    /// Fresh scratch space for the path detector.
    pub(super) fn scratch(&self) -> Scratch {
        self.detector.scratch()
    }

    /// Runs the path rules `mask` enables over `hay` and merges their matches into `out`
    /// (the owning detector's matches of `hay`, sorted by start), keeping `out` sorted.
    pub(super) fn detect(
        &self,
        mask: &PathMask,
        hay: &[u8],
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        let mut found = Vec::new();
        self.detector.detect(hay, scratch, &mut found);
        found.retain(|m| mask.allows(m.rule));
        for m in &mut found {
            m.rule = self.to_main[m.rule];
        }
        merge(found, out);
    }
}

/// Whether `rule` runs only on matching paths.
pub(super) fn is_path_rule(rule: &Rule) -> bool {
    !rule.paths.is_empty()
}

/// Merges path matches into `out`: an overlapping pair keeps the more confident match, the
/// path match on a tie.
fn merge(path: Vec<Match>, out: &mut Vec<Match>) {
    if path.is_empty() {
        return;
    }
    let overlaps = |a: &Match, b: &Match| a.start < b.end && b.start < a.end;
    let mut keep = Vec::with_capacity(path.len());
    for p in path {
        if out
            .iter()
            .any(|o| overlaps(o, &p) && o.confidence > p.confidence)
        {
            continue;
        }
        out.retain(|o| !overlaps(o, &p));
        keep.push(p);
    }
    out.extend(keep);
    out.sort_by_key(|m| (m.start, m.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Confidence;

    fn m(rule: usize, start: usize, end: usize, confidence: Confidence) -> Match {
        Match {
            rule,
            start,
            end,
            confidence,
        }
    }

    #[test]
    fn merge_prefers_confidence_then_the_path_rule() {
        use Confidence::{High, Low, Medium};
        let mut out = vec![m(0, 0, 5, Low), m(1, 10, 20, High), m(2, 30, 35, Low)];
        merge(
            vec![m(7, 2, 6, Medium), m(8, 12, 18, Medium), m(9, 30, 35, Low)],
            &mut out,
        );
        assert_eq!(
            out,
            [m(7, 2, 6, Medium), m(1, 10, 20, High), m(9, 30, 35, Low)]
        );
    }

    fn set() -> PatternSet {
        let text = r#"
[[rule]]
id = "colon-line"
description = "d"
kind = "secret"
paths = ["**/.pgpass", "**/pgpass.conf"]
keywords = [":"]
regex = '''(?m)^[a-z]+:([A-Za-z0-9]{8})$'''
[[rule]]
id = "everywhere"
description = "d"
kind = "secret"
keywords = ["tok_"]
regex = '''\b(tok_[a-z0-9]{12})\b'''
"#;
        PatternSet::from_texts([("t.toml".to_owned(), text.to_owned())]).expect("valid")
    }

    fn ids(d: &Detector, mask: &PathMask, hay: &str) -> Vec<String> {
        let mut out = Vec::new();
        d.detect_in(mask, hay.as_bytes(), &mut d.scratch(), &mut out);
        out.iter().map(|m| d.rules()[m.rule].id.clone()).collect()
    }

    #[test]
    fn a_path_rule_runs_only_where_its_glob_matches() {
        let d = Detector::new(set()).expect("builds");
        let hay = "db:Qm7rTz2v\nx tok_q8zp2mvx7lk3\n";
        assert_eq!(ids(&d, &PathMask::NONE, hay), ["everywhere"]);
        assert_eq!(ids(&d, &d.path_mask("notes.txt"), hay), ["everywhere"]);
        assert!(d.path_mask("notes.txt").is_none());
        for path in [".pgpass", "/home/u/.pgpass", "etc/PGPASS.conf"] {
            assert_eq!(
                ids(&d, &d.path_mask(path), hay),
                ["colon-line", "everywhere"],
                "{path}"
            );
        }
        assert_eq!(
            ids(&d, &PathMask::every(), hay),
            ["colon-line", "everywhere"]
        );
        // Plain `detect` never runs a path rule.
        let mut out = Vec::new();
        d.detect(hay.as_bytes(), &mut d.scratch(), &mut out);
        assert_eq!(out.len(), 1);
    }
}
