//! `hush.Redactor`: the CLI's redactor, built once, applied to `str` or `bytes`.
//!
//! The input is copied out of Python (or borrowed, for `bytes`) and redacted with the GIL
//! released, so threads redact in parallel. Input with nothing to mask comes back as the same
//! object, unchanged, at no copy.

use crate::error::{HushError, chain};
use crate::rules;
use hush::redact::{MaskStyle, Masker, RedactFilter};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyString};
use std::borrow::Cow;
use std::sync::Arc;

/// Environment variable holding the key of `mask="hash"`, as for `hush redact`.
const KEY_VAR: &str = "HUSH_REDACT_KEY";

/// Masks secrets (and, with `pii=True`, personal data) in text; same rules as `hush redact`.
#[pyclass(frozen, module = "hush")]
pub(crate) struct Redactor {
    inner: Arc<hush::redact::Redactor>,
    describe: String,
}

#[pymethods]
impl Redactor {
    #[new]
    #[pyo3(signature = (*, pii = true, mask = "full", only = None, exclude = None, key = None))]
    fn new(
        pii: bool,
        mask: &str,
        only: Option<Vec<String>>,
        exclude: Option<Vec<String>>,
        key: Option<Vec<u8>>,
    ) -> PyResult<Self> {
        let style = match mask {
            "full" => MaskStyle::Full,
            "partial" => MaskStyle::Partial,
            "hash" => MaskStyle::Hash,
            other => {
                return Err(HushError::new_err(format!(
                    "unknown mask {other:?}: use \"full\", \"partial\" or \"hash\""
                )));
            }
        };
        let (only, exclude) = (only.unwrap_or_default(), exclude.unwrap_or_default());
        let set = rules::select(pii, &only, &exclude)?;
        let env_key = std::env::var_os(KEY_VAR).filter(|k| !k.is_empty());
        let masker = match (key, env_key) {
            (Some(key), _) => Masker::new(style, &key),
            (None, Some(key)) => Masker::new(style, key.as_encoded_bytes()),
            (None, None) => Masker::random(style)
                .map_err(|e| HushError::new_err(format!("drawing a random hash key: {e}")))?,
        };
        let inner = hush::redact::Redactor::new(set, masker)
            .map_err(|e| HushError::new_err(format!("building the detector: {}", chain(&e))))?;
        let describe = format!(
            "Redactor(pii={}, mask={mask:?}, rules={})",
            if pii { "True" } else { "False" },
            inner.detector().rules().len()
        );
        Ok(Self {
            inner: Arc::new(inner),
            describe,
        })
    }

    /// `data` with every finding masked: `str` in, `str` out; `bytes` in, `bytes` out.
    fn redact<'py>(&self, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = data.py();
        let redactor = &*self.inner;
        if let Ok(bytes) = data.cast::<PyBytes>() {
            let input = bytes.as_bytes();
            return Ok(match py.detach(|| redact(redactor, input)) {
                Cow::Borrowed(_) => data.clone(),
                Cow::Owned(out) => PyBytes::new(py, &out).into_any(),
            });
        }
        let text: PyBackedStr = data.extract().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "redact() takes str or bytes, not {}",
                type_name(data)
            ))
        })?;
        let masked = py.detach(|| match redact(redactor, text.as_bytes()) {
            Cow::Borrowed(_) => None,
            // Masks replace whole matches; should one ever end inside a UTF-8 sequence, the
            // broken bytes become U+FFFD rather than an error.
            Cow::Owned(out) => Some(
                String::from_utf8(out)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
        });
        Ok(match masked {
            None => data.clone(),
            Some(out) => PyString::new(py, &out).into_any(),
        })
    }

    /// Ids of the rules this redactor runs.
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.inner
            .detector()
            .rules()
            .iter()
            .map(|r| r.id.clone())
            .collect()
    }

    fn __repr__(&self) -> String {
        self.describe.clone()
    }
}

/// Above this size input goes through the CLI's streaming filter (line by line, bounded work
/// per line, one thread): measured faster on large logs than one in-memory pass, and identical
/// to `hush redact` by construction. Below it, the in-memory pass (no per-call buffers).
const STREAM_ABOVE: usize = 1 << 20; // 1 MiB

fn redact<'a>(redactor: &hush::redact::Redactor, input: &'a [u8]) -> Cow<'a, [u8]> {
    if input.len() <= STREAM_ABOVE {
        return redactor.redact(input);
    }
    let mut out = Vec::with_capacity(input.len() + input.len() / 64);
    match RedactFilter::new(redactor, input, &mut out)
        .buffered(true)
        .threads(1)
        .run()
    {
        Ok(stats) if stats.total() == 0 => Cow::Borrowed(input),
        Ok(_) => Cow::Owned(out),
        // Writing to a Vec cannot fail; should it, the in-memory pass still masks everything.
        Err(_) => redactor.redact(input),
    }
}

/// The Python type name of `obj`, for error messages (never its value).
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}
