//! `hush.check()`: the vault validator's rules run on the process environment at start-up.
//!
//! The checker judges the variables it has an opinion about (names in the schema, names the
//! built-in production rules look at, and values that hold a detected secret such as a test
//! key); everything else in the environment is left alone. A failure raises `ConfigError`
//! whose message and `violations` name variables and reasons, never values.

use crate::error::{ConfigError, HushError};
use hush::detect::Detector;
use hush::patterns::PatternSet;
use hush::vault::validator::{Checker, Schema};
use pyo3::prelude::*;
use zeroize::Zeroizing;

/// Checks `environ` (name, value pairs) under `env` against the schema TOML `schema`
/// (`schema_label` names it in errors); raises `ConfigError` listing what is wrong.
#[pyfunction]
#[pyo3(signature = (environ, *, env = None, schema = None, schema_label = "schema"))]
pub(crate) fn check_environ(
    py: Python<'_>,
    environ: Vec<(String, String)>,
    env: Option<&str>,
    schema: Option<&str>,
    schema_label: &str,
) -> PyResult<()> {
    let environ: Vec<(String, Zeroizing<String>)> = environ
        .into_iter()
        .map(|(n, v)| (n, Zeroizing::new(v)))
        .collect();
    let schema = match schema {
        Some(text) => Schema::from_toml(text)
            .map_err(|e| HushError::new_err(format!("schema {schema_label}: {e}")))?,
        None => Schema::default(),
    };
    let detector = PatternSet::builtin()
        .map_err(|e| HushError::new_err(format!("loading built-in rules: {e}")))
        .and_then(|set| {
            Detector::new(set)
                .map_err(|e| HushError::new_err(format!("building the detector: {e}")))
        })?;
    let checker = Checker::new(schema, env, detector)
        .map_err(|e| HushError::new_err(format!("schema {schema_label}: {e}")))?;
    let violations: Vec<(String, String)> = py.detach(|| {
        let judged = environ
            .iter()
            .filter(|(n, v)| checker.concerns(n, v))
            .map(|(n, v)| (n.as_str(), v.as_str()));
        checker
            .check(judged)
            .into_iter()
            .flat_map(|o| o.violations)
            .map(|v| (v.name, v.reason))
            .collect()
    });
    if violations.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> = violations
        .iter()
        .map(|(name, reason)| format!("{name}: {reason}"))
        .collect();
    let env_text = env.map_or_else(String::new, |e| format!(" for {e}"));
    let err = ConfigError::new_err(format!(
        "configuration unfit{env_text}: {}",
        listed.join("; ")
    ));
    err.value(py).setattr("violations", violations)?;
    Err(err)
}
