//! `hush.seal.open(path, keyfile=None)`: a sealed JSON/TOML/YAML config (`hush seal`), verified
//! on open, values handed out as [`Secret`]s by key path (`integrations.stripe.api_key`).
//!
//! Key sources are the CLI's (`hush seal get`): `HUSH_VAULT_KEY`, then `keyfile` or the
//! default key file for the file's key id, then `HUSH_PASSPHRASE`; no prompt. A wrong key,
//! and a tampered file, raise `hush.VaultError` with the CLI's message. Opening runs with the
//! GIL released.

use crate::error::{VaultError, chain};
use crate::secret::Secret;
use hush::vault::KeySource;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use std::path::PathBuf;

/// An opened, verified sealed config.
#[pyclass(frozen, module = "hush.seal")]
pub(crate) struct SealedFile {
    inner: hush::seal::SealedFile,
    path: PathBuf,
}

/// Opens the sealed config at `path` (format from its extension) with the CLI's key sources.
#[pyfunction]
#[pyo3(signature = (path, keyfile = None))]
pub(crate) fn open_sealed(
    py: Python<'_>,
    path: PathBuf,
    keyfile: Option<PathBuf>,
) -> PyResult<SealedFile> {
    let source = KeySource::Environment { keyfile };
    let inner = py
        .detach(|| hush::seal::SealedFile::open(&path, source))
        .map_err(|e| VaultError::new_err(chain(&e)))?;
    Ok(SealedFile { inner, path })
}

#[pymethods]
impl SealedFile {
    /// The value at `path` (sealed or not) as a [`Secret`], or `None` when there is none.
    fn get(&self, path: &str) -> Option<Secret> {
        self.inner.get(path).map(Secret::new)
    }

    /// The paths of the sealed values, in document order.
    fn sealed_paths(&self) -> Vec<String> {
        self.inner.sealed_paths().map(ToString::to_string).collect()
    }

    /// The paths of every non-null value, in document order.
    fn paths(&self) -> Vec<String> {
        self.inner.paths().map(ToString::to_string).collect()
    }

    /// The file it was opened from.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    fn __getitem__(&self, path: &str) -> PyResult<Secret> {
        self.get(path)
            .ok_or_else(|| PyKeyError::new_err(path.to_owned()))
    }

    fn __contains__(&self, path: &str) -> bool {
        self.inner.get(path).is_some()
    }

    fn __repr__(&self) -> String {
        format!(
            "<hush.seal.SealedFile {:?} ({} sealed values)>",
            self.path.display().to_string(),
            self.inner.sealed_paths().count()
        )
    }
}
