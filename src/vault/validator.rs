//! `vault check`: judges each (name, value) pair against built-in rules and an optional schema.
//!
//! A [`Checker`] holds a parsed [`Schema`], the `--env` name and a [`Detector`]; [`Checker::check`]
//! turns the vault's entries into one [`Outcome`] per name: the built-in rule ids the detector
//! matches (what the value is), and the [`Violation`]s. Reasons name rules and limits, never the
//! value. The CLI opens the vault and prints; nothing here reads files or keys.
//!
//! Built-in rules (no schema needed): a known default or placeholder value (`changeme`,
//! `password`, `your-secret-key-change-in-production`, ..., or anything
//! [`is_placeholder`] rejects other than `true`/`false`/`null`/`none`) is refused. Under `--env
//! production` (or `prod`): a secret-key name (`SECRET_KEY`, `APP_KEY`, `SECRET_KEY_BASE`,
//! `*_SECRET`, `*_SECRET_KEY`) needs 32 characters or more; a name containing `CORS` or `ORIGIN`
//! must not list `*`; `DEBUG` and `*_DEBUG` must not be `true`, `1`, `yes` or `on`; provider test
//! keys (`sk_test_`, `rk_test_`, `pk_test_`, built-in rules with `-test-` in their id) are refused.
//!
//! The schema is TOML, one table per name; every field is optional, unknown fields are errors:
//!
//! ```toml
//! [vars.SECRET_KEY]
//! required = true                 # must be in the vault
//! pattern = '[A-Za-z0-9_-]+'      # regex the whole value must match
//! min_length = 32                 # characters
//! min_entropy = 3.5               # Shannon entropy, bits per byte
//! forbidden = ["hunter2"]         # exact values refused
//! environments = ["production"]   # applies only under these --env names (default: always)
//! ```
//!
//! Environment names compare case-insensitively, and `prod` is `production`.

pub use super::schema::{Schema, SchemaError, VarRule};
use crate::detect::{Detector, Match, is_placeholder};
use zeroize::Zeroizing;

/// One broken rule for one name. `reason` never contains the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The entry name.
    pub name: String,
    /// What is wrong, without the value.
    pub reason: String,
}

/// The verdict for one name.
#[derive(Debug)]
pub struct Outcome {
    /// The entry name.
    pub name: String,
    /// Ids of the built-in rules that match the value (information, not a verdict).
    pub detected: Vec<String>,
    /// Everything wrong with it; empty means ok.
    pub violations: Vec<Violation>,
}

/// Checks entries against built-in rules and a [`Schema`] for one environment.
#[derive(Debug)]
pub struct Checker {
    rules: Vec<(String, VarRule, Option<regex::Regex>)>,
    production: bool,
    detector: Detector,
}

/// Known defaults and placeholders, compared ASCII case-insensitively with the whole value.
const DEFAULTS: &str = "changeme change-me change_me your-secret-key-change-in-production \
    secret password admin example todo xxx test default 123456 letmein";
/// Values [`is_placeholder`] rejects that are ordinary settings, not stand-ins for secrets.
const PLAIN_WORDS: &[&str] = &["true", "false", "null", "none"];
const TEST_KEY_PREFIXES: &[&str] = &["sk_test_", "rk_test_", "pk_test_"];
/// Shortest production secret key, in characters.
const MIN_SECRET_KEY_LEN: usize = 32;

impl Checker {
    /// Keeps the schema rules that apply under `env` and compiles their patterns.
    pub fn new(schema: Schema, env: Option<&str>, detector: Detector) -> Result<Self, SchemaError> {
        let env = env.map(canonical_env);
        let applies = |r: &VarRule| match (&r.environments, &env) {
            (None, _) => true,
            (Some(list), Some(env)) => list.iter().any(|e| canonical_env(e) == *env),
            (Some(_), None) => false,
        };
        let mut rules = Vec::new();
        for (name, rule) in schema.vars.into_iter().filter(|(_, r)| applies(r)) {
            let re = match &rule.pattern {
                Some(p) => Some(regex::Regex::new(&format!("^(?:{p})$")).map_err(|e| {
                    // The regex error quotes the pattern over several lines: one line, escaped.
                    let message = e
                        .to_string()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    SchemaError::Pattern {
                        name: crate::report::escape_control(&name),
                        message: crate::report::escape_control(&message),
                    }
                })?),
                None => None,
            };
            rules.push((name, rule, re));
        }
        let production = env.as_deref() == Some("production");
        Ok(Self {
            rules,
            production,
            detector,
        })
    }

    /// One [`Outcome`] per entry, in order, then one per required name that is absent.
    pub fn check<'a>(&self, entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Outcome> {
        let mut out: Vec<Outcome> = entries.into_iter().map(|(n, v)| self.one(n, v)).collect();
        for (name, rule, _) in &self.rules {
            if rule.required && !out.iter().any(|o| &o.name == name) {
                let reasons = vec!["required, but not in the vault".to_owned()];
                out.push(outcome(name, Vec::new(), reasons));
            }
        }
        out
    }

    /// True when this checker has an opinion about `name=value`: the name is in the schema,
    /// the built-in production rules look at it (secret-key, CORS/origin and debug names), or
    /// the value holds a detected secret or a provider test key. Lets a caller judge a process environment, where
    /// most variables (`PATH`, `TERM`) are nobody's secret, without flagging all of them.
    pub fn concerns(&self, name: &str, value: &str) -> bool {
        let upper = name.to_ascii_uppercase();
        self.rules.iter().any(|(n, ..)| n == name)
            || is_secret_key_name(&upper)
            || upper.contains("CORS")
            || upper.contains("ORIGIN")
            || upper == "DEBUG"
            || upper.ends_with("_DEBUG")
            || TEST_KEY_PREFIXES
                .iter()
                .any(|p| value.to_ascii_lowercase().contains(p))
            || !self.detect(name, value).is_empty()
    }

    fn one(&self, name: &str, value: &str) -> Outcome {
        let detected = self.detect(name, value);
        let mut reasons: Vec<String> = Vec::new();
        let lower = value.trim().to_ascii_lowercase();
        let default = DEFAULTS.split_whitespace().any(|d| d == lower)
            || (!value.is_empty()
                && !PLAIN_WORDS.contains(&lower.as_str())
                && is_placeholder(value.as_bytes()));
        if default {
            reasons.push("a known default or placeholder value".into());
        }
        if self.production {
            let upper = name.to_ascii_uppercase();
            if is_secret_key_name(&upper) && value.chars().count() < MIN_SECRET_KEY_LEN {
                reasons.push(format!(
                    "production secret key shorter than {MIN_SECRET_KEY_LEN} characters"
                ));
            }
            if (upper.contains("CORS") || upper.contains("ORIGIN")) && lists_wildcard(value) {
                reasons.push("allows any origin (*) in production".into());
            }
            if (upper == "DEBUG" || upper.ends_with("_DEBUG"))
                && ["true", "1", "yes", "on"].contains(&lower.as_str())
            {
                reasons.push("debug is on in production".into());
            }
            let test_rule = detected.iter().any(|id| id.contains("-test-"));
            if test_rule || TEST_KEY_PREFIXES.iter().any(|p| lower.contains(p)) {
                reasons.push("provider test key, refused in production".into());
            }
        }
        for (_, rule, re) in self.rules.iter().filter(|(n, ..)| n == name) {
            rule.reasons(re.as_ref(), value, &mut reasons);
        }
        outcome(name, detected, reasons)
    }

    /// Rule ids the detector finds in `NAME=value`, the line a `.env` would hold.
    fn detect(&self, name: &str, value: &str) -> Vec<String> {
        let mut line = Zeroizing::new(String::with_capacity(name.len() + 1 + value.len()));
        line.push_str(name);
        line.push('=');
        line.push_str(value);
        let (mut scratch, mut found) = (self.detector.scratch(), Vec::<Match>::new());
        self.detector
            .detect(line.as_bytes(), &mut scratch, &mut found);
        let mut ids: Vec<String> = Vec::new();
        for m in &found {
            let id = &self.detector.rules()[m.rule].id;
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }
}

fn outcome(name: &str, detected: Vec<String>, reasons: Vec<String>) -> Outcome {
    let violations = reasons
        .into_iter()
        .map(|reason| Violation {
            name: name.to_owned(),
            reason,
        })
        .collect();
    Outcome {
        name: name.to_owned(),
        detected,
        violations,
    }
}

/// Environment names compare ASCII case-insensitively, with `prod` meaning `production`.
fn canonical_env(env: &str) -> String {
    match env.to_ascii_lowercase() {
        prod if prod == "prod" => "production".to_owned(),
        other => other,
    }
}

fn is_secret_key_name(upper: &str) -> bool {
    matches!(upper, "SECRET_KEY" | "APP_KEY" | "SECRET_KEY_BASE")
        || upper.ends_with("_SECRET")
        || upper.ends_with("_SECRET_KEY")
}

/// True when a comma/space/semicolon separated list (quotes and brackets ignored) holds `*`.
fn lists_wildcard(value: &str) -> bool {
    value
        .split([',', ';', ' ', '\t'])
        .map(|item| item.trim_matches(|c: char| c.is_whitespace() || "\"'[]".contains(c)))
        .any(|item| item == "*")
}

#[cfg(test)]
mod tests;
