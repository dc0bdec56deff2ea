//! The optional configuration file (`--config FILE`), TOML:
//!
//! ```toml
//! rules = ["hush-rules"]          # extra rule directories, relative to this file
//! pii = true                      # include PII rules in scan, diff and git
//! only = ["github-pat"]           # run only these rules
//! except = ["generic-secret-assignment"]
//! max_file_size = "10M"           # bytes, or 10M / 10MB / 10MiB (binary multiples)
//! exclude = ["**/testdata/**", "*.min.js"]   # never report findings in these paths
//! allow = ["3f1c9a0e..."]         # fingerprints accepted as not secret
//! baseline = ".hush-baseline.json"  # a report whose findings are accepted (relative to this file)
//!
//! [sensitive_names]               # names whose values are masked whole (hush redact)
//! add = ["pin", "dsn"]            # more name endings
//! remove = ["pwd"]                # built-in endings to drop
//! ```
//! Command-line flags add to these (`--rules`, `--only`, `--except`) or override them
//! (`--pii`, `--max-file-size`). Unknown keys are errors. Without `--config`, the file is
//! found by [`discover`](discover::discover) (`hush.toml` or `.hush.toml`, up to the
//! repository root).

pub mod discover;

use crate::report::escape_control;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The configuration file, as written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Extra rule directories (relative paths are resolved against the file's directory).
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Include PII rules.
    #[serde(default)]
    pub pii: bool,
    /// Run only these rule ids.
    #[serde(default)]
    pub only: Vec<String>,
    /// Skip these rule ids.
    #[serde(default)]
    pub except: Vec<String>,
    /// Size limit for files and blobs (`64M`).
    pub max_file_size: Option<String>,
    /// Path globs whose findings are never reported.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Fingerprints that are never reported.
    #[serde(default)]
    pub allow: Vec<String>,
    /// A baseline report (relative paths are resolved against the file's directory);
    /// `--baseline` overrides it.
    pub baseline: Option<PathBuf>,
    /// Changes to the sensitive names (`crate::patterns::sensitive`).
    #[serde(default)]
    pub sensitive_names: SensitiveNamesConfig,
}

/// `[sensitive_names]`: name endings added to and removed from the built-in list.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitiveNamesConfig {
    /// Endings to add (`pin`, `dsn`).
    #[serde(default)]
    pub add: Vec<String>,
    /// Built-in endings to remove.
    #[serde(default)]
    pub remove: Vec<String>,
}

impl SensitiveNamesConfig {
    /// The resulting list.
    pub fn names(&self) -> Result<crate::patterns::sensitive::SensitiveNames, String> {
        crate::patterns::sensitive::SensitiveNames::new(&self.add, &self.remove)
    }
}

/// The configuration file could not be used.
#[derive(Debug, thiserror::Error)]
#[error("config {path}: {message}")]
pub struct ConfigError {
    path: String,
    message: String,
}

impl Config {
    /// Reads and checks `path`; relative rule directories become relative to its directory.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let fail = |message: String| ConfigError {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        let mut config: Self =
            toml::from_str(&text).map_err(|e| fail(crate::message::toml_error(&e, &text)))?;
        let base = path.parent().unwrap_or_else(|| Path::new("."));
        for dir in config.rules.iter_mut().chain(&mut config.baseline) {
            if dir.is_relative() {
                *dir = base.join(&*dir);
            }
        }
        config.exclude_set().map_err(fail)?;
        (config.sensitive_names.names()).map_err(|e| fail(format!("sensitive_names: {e}")))?;
        Ok(config)
    }

    /// The `exclude` globs compiled (matched against display paths).
    pub fn exclude_set(&self) -> Result<GlobSet, String> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &self.exclude {
            // globset's message quotes the glob raw: escaped, so a tab or an escape in the
            // file cannot reach the terminal (found by the `config` fuzz target).
            let bad = |e: globset::Error| {
                format!("exclude {pattern:?}: {}", escape_control(&e.to_string()))
            };
            builder.add(Glob::new(pattern).map_err(bad)?);
        }
        builder.build().map_err(|e| escape_control(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    fn load(text: &str) -> Result<Config, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("hush.toml");
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
        Config::load(&path).map_err(|e| e.to_string())
    }

    #[test]
    fn full_file_loads_and_resolves_rule_dirs() {
        let c =
            load("rules = [\"r\"]\npii = true\nexclude = [\"**/testdata/**\"]\nallow = [\"ab\"]\n")
                .expect("valid");
        assert!(c.pii && c.rules[0].ends_with("r") && c.rules[0].is_absolute());
        assert!(c.exclude_set().expect("globs").is_match("a/testdata/x.txt"));
    }

    #[test]
    fn sensitive_names_add_and_remove() {
        let c = load("[sensitive_names]\nadd = [\"pin\"]\nremove = [\"pwd\"]\n").expect("valid");
        let names = c.sensitive_names.names().expect("valid");
        assert!(names.is_sensitive(b"card_pin") && !names.is_sensitive(b"pwd"));
        let e = load("[sensitive_names]\nremove = [\"nosuch\"]\n").expect_err("not listed");
        assert!(
            e.contains("hush.toml") && e.contains("sensitive_names"),
            "{e}"
        );
        assert!(load("[sensitive_names]\nadd = [\"--\"]\n").is_err());
    }

    #[test]
    fn unknown_keys_and_bad_globs_fail_naming_the_file() {
        let e = load("colour = 1\n").expect_err("unknown key");
        // The key is input text, so it is not quoted: the position says where it is.
        assert!(
            e.contains("hush.toml") && e.contains("line 1, column 1: unknown field"),
            "{e}"
        );
        let e = load("exclude = [\"a{\"]\n").expect_err("bad glob");
        assert!(e.contains("exclude"), "{e}");
    }

    /// Issue 19, found by the `config` fuzz target: globset quotes a bad glob raw.
    #[test]
    fn a_bad_glob_error_carries_no_control_character() {
        let e = load("exclude = [\"[\t\tz-a]\"]\n").expect_err("bad range");
        assert!(
            e.contains("exclude") && !e.chars().any(char::is_control),
            "{e:?}"
        );
    }
}
