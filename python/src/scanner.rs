//! `hush.Scanner`: the CLI's scanner over text, bytes or paths, findings as Python objects.
//!
//! Paths are walked as `hush scan` walks them (ignore files, `.hushignore`, binary and size
//! skips); inline `hush:allow` markers suppress as on the command line. Scanning runs with the
//! GIL released. Findings come back sorted by path, line, column and rule, as the CLI prints.

use crate::error::HushError;
use crate::finding::Finding;
use crate::redactor::type_name;
use crate::rules;
use hush::scan::source::files::{WalkConfig, scan_paths};
use hush::scan::window::StreamState;
use pyo3::exceptions::{PyRuntimeWarning, PyTypeError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::PyBytes;
use std::path::PathBuf;
use std::sync::Mutex;

/// Finds secrets (and, with `pii=True`, personal data); same rules as `hush scan`.
#[pyclass(frozen, module = "hush")]
pub(crate) struct Scanner {
    inner: hush::scan::Scanner,
}

#[pymethods]
impl Scanner {
    #[new]
    #[pyo3(signature = (*, pii = false, only = None, exclude = None))]
    fn new(pii: bool, only: Option<Vec<String>>, exclude: Option<Vec<String>>) -> PyResult<Self> {
        let set = rules::select(pii, &only.unwrap_or_default(), &exclude.unwrap_or_default())?;
        let detector = hush::detect::Detector::new(set)
            .map_err(|e| HushError::new_err(format!("building the detector: {e}")))?;
        Ok(Self {
            inner: hush::scan::Scanner::new(detector),
        })
    }

    /// Findings in `data` (`str` or `bytes`), labelled with `path`.
    #[pyo3(signature = (data, *, path = "<text>", show_secrets = false))]
    fn scan_text(
        &self,
        data: &Bound<'_, PyAny>,
        path: &str,
        show_secrets: bool,
    ) -> PyResult<Vec<Finding>> {
        let py = data.py();
        let input = Input::extract(data)?;
        let input = input.as_bytes();
        let scanner = &self.inner;
        let mut found = py
            .detach(|| {
                let mut state = StreamState::new(scanner.detector());
                let mut out = Vec::new();
                scanner
                    .scan_reader(path, input, &mut state, false, &mut out)
                    .map(|_| out)
            })
            .map_err(|e| HushError::new_err(format!("scanning {path}: {e}")))?;
        sort(&mut found);
        found
            .iter()
            .map(|f| Finding::new(py, f, show_secrets))
            .collect()
    }

    /// Findings in files and directories, walked as `hush scan` walks them.
    #[pyo3(signature = (paths, *, show_secrets = false, max_file_size = 64 << 20))]
    fn scan_paths(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        show_secrets: bool,
        max_file_size: u64,
    ) -> PyResult<Vec<Finding>> {
        for path in &paths {
            std::fs::symlink_metadata(path)
                .map_err(|e| HushError::new_err(format!("{}: {e}", path.display())))?;
        }
        let walk = WalkConfig {
            max_file_size,
            threads: 0,
            ..WalkConfig::default()
        };
        let scanner = &self.inner;
        // Warnings (unreadable files, loops: paths and causes, never content) become Python
        // warnings, so the caller's warning filters decide whether they are shown.
        let warnings = Mutex::new(Vec::new());
        let warn = |msg: String| {
            if let Ok(mut w) = warnings.lock() {
                w.push(msg);
            }
        };
        let (mut found, _stats) = py.detach(|| scan_paths(scanner, &paths, &walk, &warn));
        let warn_fn = py.import("warnings")?.getattr("warn")?;
        for msg in warnings.into_inner().unwrap_or_default() {
            warn_fn.call1((format!("hush: {msg}"), py.get_type::<PyRuntimeWarning>()))?;
        }
        sort(&mut found);
        found
            .iter()
            .map(|f| Finding::new(py, f, show_secrets))
            .collect()
    }
}

fn sort(found: &mut [hush::scan::Finding]) {
    found.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });
}

/// Text to scan, kept alive (and borrowed) while the GIL is released.
enum Input {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
}

impl Input {
    fn extract(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        if data.cast::<PyBytes>().is_ok() {
            return Ok(Self::Bytes(data.extract()?));
        }
        match data.extract::<PyBackedStr>() {
            Ok(s) => Ok(Self::Str(s)),
            Err(_) => Err(PyTypeError::new_err(format!(
                "scan() takes str, bytes or a path, not {}",
                type_name(data)
            ))),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Str(s) => s.as_bytes(),
            Self::Bytes(b) => b,
        }
    }
}
