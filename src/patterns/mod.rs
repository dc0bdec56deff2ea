//! Pattern sets: rules as data, loaded from TOML and compiled once.
//!
//! A [`PatternSet`] is the built-in rules (embedded from `patterns/*.toml`) plus any user rule
//! files; a user rule with a built-in id replaces it. The [`Detector`](crate::detect::Detector)
//! is built from a pattern set; nothing here matches text.

mod builtin;
pub(crate) mod compile;
#[cfg(test)]
pub(crate) mod demo;
pub mod spec;

pub use spec::{Confidence, Kind, RuleSpec};

/// A rule regex's syntax tree, parsed as rules are built (bytes, no Unicode classes).
pub(crate) use compile::parse as syntax_tree;
pub(crate) use compile::syntax_config;

use crate::detect::{MatchStart, Validator};
use regex_automata::meta::Regex;
use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

/// A rule file could not be loaded; the message names the file, the rule and the problem.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PatternError {
    /// The file is not valid TOML, or not a list of `[[rule]]` tables.
    #[error("{file}: {message}")]
    File {
        /// The rule file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// One rule in the file is invalid.
    #[error("{file}: rule '{id}': {message}")]
    Rule {
        /// The rule file.
        file: String,
        /// The rule's id (or `#N` when it has none).
        id: String,
        /// What is wrong.
        message: String,
    },
    /// A rule file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: String,
    /// Human description.
    pub description: String,
    /// Secret or PII.
    pub kind: Kind,
    /// Lowercased prefilter keywords; empty means the regex runs over whole inputs.
    pub keywords: Vec<String>,
    /// The confirming regex (bytes, ASCII classes), compiled on first use for built-ins.
    regex: OnceLock<Regex>,
    /// The regex as written.
    pub pattern: String,
    /// A regex every match contains, searched for instead of `pattern` to find candidates
    /// (rules without keywords only).
    pub prefilter: Option<String>,
    /// The longest possible match in bytes, when bounded: it bounds the search window.
    pub max_len: Option<usize>,
    /// Whether a match can span lines; when not, windows stop at line ends.
    pub multiline: bool,
    /// A byte every match contains and no keyword holds: a window without it has no match.
    pub gate: Option<u8>,
    /// Where every match starts, as proven from the regex: where the regex runs anchored.
    pub start: MatchStart,
    /// Index of the capture group holding the secret.
    pub secret_group: usize,
    /// Minimum Shannon entropy of the secret, bits per byte.
    pub entropy: Option<f64>,
    /// Offline validator, if any.
    pub validator: Option<Validator>,
    /// Confidence before validation.
    pub confidence: Confidence,
    /// Inputs that must produce a finding.
    pub examples: Vec<String>,
    /// Inputs that must not produce a finding.
    pub negative_examples: Vec<String>,
    /// The file the rule came from (`builtin:cloud.toml` or a user path).
    pub origin: String,
}

impl Rule {
    /// The confirming regex, compiled now if it was not yet.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile::build_regex(&self.pattern).expect(
                "built-in rules compile (the test suite compiles each); user rules compile at load",
            )
        })
    }
}

/// A set of compiled rules with unique ids.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    rules: Vec<Rule>,
}

impl PatternSet {
    /// The rules shipped in the binary.
    pub fn builtin() -> Result<Self, PatternError> {
        let files = builtin::FILES
            .iter()
            .map(|(name, text)| (format!("builtin:{name}"), (*text).to_owned()));
        Self::load(files, false)
    }

    /// Compiles rule files given as `(name, text)`; ids must be unique across them.
    pub fn from_texts(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, PatternError> {
        Self::load(files, true)
    }

    fn load(
        files: impl IntoIterator<Item = (String, String)>,
        eager: bool,
    ) -> Result<Self, PatternError> {
        let mut rules = Vec::new();
        let mut seen = HashSet::new();
        for (name, text) in files {
            for spec in compile::parse_file(&name, &text)? {
                if !seen.insert(spec.id.clone()) {
                    return Err(PatternError::Rule {
                        file: name,
                        id: spec.id,
                        message: "duplicate rule id".into(),
                    });
                }
                rules.push(compile::compile(&name, spec, eager)?);
            }
        }
        Ok(Self { rules })
    }

    /// Loads every `*.toml` in `dir` (sorted by name); a user rule replaces a rule with its id.
    pub fn extend_from_dir(&mut self, dir: &Path) -> Result<(), PatternError> {
        let io = |source| PatternError::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io)?;
        paths.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        paths.sort();
        let mut texts = Vec::with_capacity(paths.len());
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| PatternError::Io {
                path: path.display().to_string(),
                source,
            })?;
            texts.push((path.display().to_string(), text));
        }
        self.extend(Self::from_texts(texts)?);
        Ok(())
    }

    /// Adds `other`'s rules; a rule whose id is already present replaces the old one in place.
    pub fn extend(&mut self, other: Self) {
        for rule in other.rules {
            match self.rules.iter_mut().find(|r| r.id == rule.id) {
                Some(slot) => *slot = rule,
                None => self.rules.push(rule),
            }
        }
    }

    /// Keeps only the rules for which `keep` returns true.
    pub fn retain(&mut self, keep: impl FnMut(&Rule) -> bool) {
        self.rules.retain(keep);
    }

    /// All rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// A set holding only `rule` (used to test one rule's examples alone).
    pub fn single(rule: Rule) -> Self {
        Self { rules: vec![rule] }
    }

    /// The same rules with every match start forgotten: the reference the anchored runs
    /// are tested against.
    #[cfg(test)]
    pub(crate) fn searched_everywhere(mut self) -> Self {
        self.rules
            .iter_mut()
            .for_each(|r| r.start = MatchStart::Anywhere);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_text(id: &str) -> String {
        format!(
            "[[rule]]\nid = \"{id}\"\ndescription = \"d\"\nkind = \"secret\"\nregex = '''(a{{3}})'''\n"
        )
    }

    #[test]
    fn duplicate_id_is_an_error_naming_the_rule() {
        let e = PatternSet::from_texts([
            ("a.toml".to_owned(), rule_text("dup")),
            ("b.toml".to_owned(), rule_text("dup")),
        ])
        .expect_err("duplicate");
        assert_eq!(e.to_string(), "b.toml: rule 'dup': duplicate rule id");
    }

    #[test]
    fn extend_overrides_by_id() {
        let mut base =
            PatternSet::from_texts([("a.toml".to_owned(), rule_text("one"))]).expect("ok");
        let user = PatternSet::from_texts([
            ("u.toml".to_owned(), rule_text("one")),
            ("u.toml2".to_owned(), rule_text("two")),
        ])
        .expect("ok");
        base.extend(user);
        assert_eq!(base.rules().len(), 2);
        assert_eq!(base.get("one").expect("present").origin, "u.toml");
    }

    #[test]
    fn builtin_set_loads_and_every_regex_compiles() {
        // Built-in regexes compile lazily; this is what makes `Rule::regex`'s expect safe.
        let set = PatternSet::builtin().expect("built-in rules are valid");
        for rule in set.rules() {
            if let Err(e) = compile::build_regex(&rule.pattern) {
                panic!("built-in rule {} does not compile: {e}", rule.id);
            }
        }
    }
}
