//! Pattern sets: rules as data, loaded from TOML and compiled once.
//!
//! A [`PatternSet`] is the built-in rules (embedded from `patterns/*.toml`) plus any user rule
//! files; a user rule with a built-in id replaces it. The [`Detector`](crate::detect::Detector)
//! is built from a pattern set; nothing here matches text.

mod builtin;
pub(crate) mod compile;
#[cfg(test)]
pub(crate) mod demo;
pub mod sensitive;
pub mod spec;
pub mod token;

pub use spec::{Confidence, Kind, RuleSpec};

/// A rule regex's syntax tree, parsed as rules are built (bytes, no Unicode classes).
pub(crate) use compile::parse as syntax_tree;
pub(crate) use compile::{secret_group, syntax_config};

use crate::detect::Validator;
use regex_automata::meta::Regex;
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, OnceLock};

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
    /// The provider whose credential this is; none for generic shapes and PII.
    pub provider: Option<String>,
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
    /// Minimum Shannon entropy of the secret, bits per byte.
    pub entropy: Option<f64>,
    /// Offline validator, if any.
    pub validator: Option<Validator>,
    /// Whether a match in a key name that holds no credential is dropped (see the rule
    /// file's `filter_names`).
    pub filter_names: bool,
    /// Lowercased words one of which must be near a match in source code (see the rule
    /// file's `code_labels`); empty: none needed.
    pub code_labels: Vec<String>,
    /// Documentation values, without separators (see the rule file's
    /// `documentation_values`): not reported by scans.
    pub documentation_values: Vec<Vec<u8>>,
    /// Confidence before validation.
    pub confidence: Confidence,
    /// Inputs that must produce a finding.
    pub examples: Vec<String>,
    /// Inputs that must not produce a finding.
    pub negative_examples: Vec<String>,
    /// How the rule's tokens are made, when the rule says.
    pub token: Option<token::Token>,
    /// Path globs the rule is limited to; empty means every input (see the rule file's `paths`).
    pub paths: Vec<String>,
    /// The rule of the credential's other half, and how near it must be.
    pub pair: Option<spec::PairSpec>,
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
    /// Shared: a scan's detector and its printer hold the same rules without a copy.
    rules: Arc<Vec<Rule>>,
}

impl PatternSet {
    /// The rules shipped in the binary.
    pub fn builtin() -> Result<Self, PatternError> {
        let mut specs = Vec::new();
        for (name, json) in builtin::FILES {
            let file = format!("builtin:{name}");
            specs.extend(
                compile::parse_builtin(&file, json)?
                    .into_iter()
                    .map(|s| (file.clone(), s)),
            );
        }
        Self::compile_all(specs, false)
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
        let mut specs = Vec::new();
        for (name, text) in files {
            specs.extend(
                compile::parse_file(&name, &text)?
                    .into_iter()
                    .map(|s| (name.clone(), s)),
            );
        }
        Self::compile_all(specs, eager)
    }

    /// Compiles `(file, spec)` pairs; ids must be unique across them.
    fn compile_all(specs: Vec<(String, RuleSpec)>, eager: bool) -> Result<Self, PatternError> {
        let mut rules = Vec::with_capacity(specs.len());
        let mut seen = HashSet::with_capacity(specs.len());
        for (name, spec) in specs {
            if !seen.insert(spec.id.clone()) {
                return Err(PatternError::Rule {
                    file: name,
                    id: spec.id,
                    message: "duplicate rule id".into(),
                });
            }
            rules.push(compile::compile(&name, spec, eager)?);
        }
        Ok(Self {
            rules: Arc::new(rules),
        })
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
        let rules = Arc::make_mut(&mut self.rules);
        for rule in Arc::unwrap_or_clone(other.rules) {
            match rules.iter_mut().find(|r| r.id == rule.id) {
                Some(slot) => *slot = rule,
                None => rules.push(rule),
            }
        }
    }

    /// Keeps only the rules for which `keep` returns true.
    pub fn retain(&mut self, keep: impl FnMut(&Rule) -> bool) {
        Arc::make_mut(&mut self.rules).retain(keep);
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
        Self {
            rules: Arc::new(vec![rule]),
        }
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
