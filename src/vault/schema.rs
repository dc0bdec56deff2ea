//! The `vault check` schema: TOML rules per entry name (see [`validator`](super::validator)).

use crate::detect::shannon;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A validation schema: rules per name, under `[vars.NAME]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Rules by entry name.
    #[serde(default)]
    pub vars: BTreeMap<String, VarRule>,
}

/// The rules for one name; see the module docs for the TOML.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VarRule {
    /// The name must be in the vault.
    #[serde(default)]
    pub required: bool,
    /// A regex the whole value must match.
    pub pattern: Option<String>,
    /// Minimum length in characters.
    pub min_length: Option<usize>,
    /// Minimum Shannon entropy, bits per byte.
    pub min_entropy: Option<f64>,
    /// Values refused outright (exact match).
    #[serde(default)]
    pub forbidden: Vec<String>,
    /// The `--env` names this rule applies under; absent means always.
    pub environments: Option<Vec<String>>,
}

/// The schema could not be used; messages name the entry, never a value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The text is not valid TOML or not the schema's shape.
    #[error("not a valid schema: {0}")]
    Parse(String),
    /// A `pattern` does not compile.
    #[error("[vars.{name}] pattern does not compile: {message}")]
    Pattern {
        /// The entry whose pattern is bad.
        name: String,
        /// The regex error.
        message: String,
    },
}

impl Schema {
    /// Parses a schema from TOML text.
    pub fn from_toml(text: &str) -> Result<Self, SchemaError> {
        toml::from_str(text).map_err(|e| SchemaError::Parse(crate::message::toml_error(&e, text)))
    }
}

impl VarRule {
    /// Why `value` breaks this rule (`re` is `pattern`, compiled), appended to `out`; never
    /// the value itself.
    pub(crate) fn reasons(&self, re: Option<&regex::Regex>, value: &str, out: &mut Vec<String>) {
        if re.is_some_and(|re| !re.is_match(value)) {
            out.push("does not match the schema pattern".into());
        }
        if let Some(min) = self.min_length.filter(|&m| value.chars().count() < m) {
            out.push(format!("shorter than {min} characters"));
        }
        if let Some(min) = self.min_entropy.filter(|&m| shannon(value.as_bytes()) < m) {
            out.push(format!("entropy below {min} bits per byte"));
        }
        if self.forbidden.iter().any(|f| f == value) {
            out.push("a forbidden value".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_and_bad_toml_are_refused() {
        assert!(Schema::from_toml("[vars.A]\nrequired = true\nmin_length = 4").is_ok());
        assert!(matches!(
            Schema::from_toml("[vars.A]\nrequried = true"),
            Err(SchemaError::Parse(_))
        ));
        assert!(Schema::from_toml("[vars.A\n").is_err());
    }

    #[test]
    fn reasons_name_limits_never_the_value() {
        let rule = VarRule {
            min_length: Some(12),
            min_entropy: Some(3.0),
            forbidden: vec!["aaaa-hunter".into()],
            ..VarRule::default()
        };
        let re = regex::Regex::new("^[0-9]+$").expect("valid");
        let mut out = Vec::new();
        rule.reasons(Some(&re), "aaaa-hunter", &mut out);
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(out.iter().all(|r| !r.contains("hunter")), "{out:?}");
        out.clear();
        rule.reasons(None, "Zq8vX3kLmN7pR2sT", &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
