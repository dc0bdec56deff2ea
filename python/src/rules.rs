//! Which rules run: the built-in set narrowed by `pii`, `only` and `exclude`, with the same
//! meaning as the CLI's `--pii`, `--only` and `--except`.

use crate::error::HushError;
use hush::patterns::{Kind, PatternSet};
use pyo3::PyResult;

/// The built-in rules, narrowed. An unknown rule id is an error, as on the command line.
pub(crate) fn select(pii: bool, only: &[String], exclude: &[String]) -> PyResult<PatternSet> {
    let mut set = PatternSet::builtin()
        .map_err(|e| HushError::new_err(format!("loading built-in rules: {e}")))?;
    for id in only.iter().chain(exclude) {
        if set.get(id).is_none() {
            return Err(HushError::new_err(format!(
                "unknown rule id {id:?} (see `hush rules list`)"
            )));
        }
    }
    set.retain(|r| {
        let named = only.contains(&r.id);
        let kind_ok = pii || r.kind != Kind::Pii || named;
        (only.is_empty() || named) && !exclude.contains(&r.id) && kind_ok
    });
    Ok(set)
}
