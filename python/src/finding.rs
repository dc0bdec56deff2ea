//! `hush.Finding`: one finding, with the JSON contract's fields (DESIGN.md).
//!
//! `repr()` and `to_dict()` show the masked form (`redacted`) only; the secret itself is kept
//! only when the scan was asked for it (`show_secrets=True`), as a [`Secret`].

use crate::secret::Secret;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use secrecy::{ExposeSecret, SecretString};

/// A secret or personal value found at a place.
#[pyclass(frozen, module = "hush", get_all)]
pub(crate) struct Finding {
    /// Rule id.
    rule: String,
    /// `"secret"` or `"pii"`.
    kind: &'static str,
    /// `"high"`, `"medium"` or `"low"`.
    confidence: &'static str,
    /// Display path (`<text>` for a string).
    path: String,
    /// 1-based line.
    line: u64,
    /// 1-based byte column of the first byte.
    column: u64,
    /// 1-based byte column just past the last byte.
    end_column: u64,
    /// Full commit sha in git modes, else `None`.
    commit: Option<String>,
    /// Stable id: same secret, rule and path give the same value.
    fingerprint: String,
    /// The secret with all but a short prefix and suffix masked.
    redacted: String,
    /// The secret, only with `show_secrets=True`.
    secret: Option<Py<Secret>>,
}

impl Finding {
    pub(crate) fn new(
        py: Python<'_>,
        f: &hush::scan::Finding,
        show_secrets: bool,
    ) -> PyResult<Self> {
        let secret = if show_secrets {
            let text = String::from_utf8_lossy(f.expose_secret()).into_owned();
            Some(Py::new(py, Secret::new(SecretString::from(text)))?)
        } else {
            None
        };
        Ok(Self {
            rule: f.rule.clone(),
            kind: f.kind.as_str(),
            confidence: f.confidence.as_str(),
            path: f.path.clone(),
            line: f.line,
            column: f.column,
            end_column: f.end_column,
            commit: f.commit.clone(),
            fingerprint: f.fingerprint.clone(),
            redacted: f.redacted.clone(),
            secret,
        })
    }
}

#[pymethods]
impl Finding {
    /// The finding as the JSON report writes it; `secret` only when the scan showed secrets.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", &self.rule)?;
        d.set_item("kind", self.kind)?;
        d.set_item("confidence", self.confidence)?;
        d.set_item("path", &self.path)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("end_column", self.end_column)?;
        d.set_item("commit", &self.commit)?;
        d.set_item("fingerprint", &self.fingerprint)?;
        d.set_item("redacted", &self.redacted)?;
        if let Some(secret) = &self.secret {
            d.set_item("secret", secret.get().value().expose_secret())?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Finding(rule={:?}, path={:?}, line={}, column={}, redacted={:?})",
            self.rule, self.path, self.line, self.column, self.redacted
        )
    }
}
