//! `hush.Vault`: an opened `.env.vault`, read-only, values handed out as [`Secret`]s.
//!
//! Key sources are the CLI's, in its order: `HUSH_VAULT_KEY`, then `keyfile` or the default key
//! file for the vault's id, then `HUSH_PASSPHRASE` (or the `passphrase` argument). There is no
//! prompt: a library must not read the terminal behind its caller's back. Opening (Argon2id for
//! a passphrase vault) runs with the GIL released.

use crate::error::{VaultError, chain};
use crate::secret::Secret;
use hush::vault::KeySource;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use secrecy::SecretString;
use std::path::PathBuf;

/// An opened vault: names in the clear, values decrypted on `get`.
#[pyclass(frozen, module = "hush")]
pub(crate) struct Vault {
    inner: hush::vault::Vault,
}

#[pymethods]
impl Vault {
    /// Opens the vault at `path` with the CLI's key sources (no prompt).
    #[staticmethod]
    #[pyo3(signature = (path = PathBuf::from(".env.vault"), keyfile = None, passphrase = None))]
    fn open(
        py: Python<'_>,
        path: PathBuf,
        keyfile: Option<PathBuf>,
        passphrase: Option<String>,
    ) -> PyResult<Self> {
        let source = match passphrase {
            Some(p) => KeySource::Passphrase(SecretString::from(p)),
            None => KeySource::Environment { keyfile },
        };
        let inner = py
            .detach(|| hush::vault::Vault::open(&path, &source))
            .map_err(|e| VaultError::new_err(chain(&e)))?;
        Ok(Self { inner })
    }

    /// The entry names, in file order.
    fn names(&self) -> Vec<String> {
        self.inner.names().map(str::to_owned).collect()
    }

    /// The value of `name` as a [`Secret`], or `None` when the vault has no such entry.
    fn get(&self, name: &str) -> Option<Secret> {
        self.inner.get(name).map(Secret::new)
    }

    /// Every entry as `(name, Secret)`, in file order.
    fn items(&self) -> Vec<(String, Secret)> {
        self.inner
            .names()
            .filter_map(|n| self.inner.get(n).map(|v| (n.to_owned(), Secret::new(v))))
            .collect()
    }

    /// The path the vault was opened from.
    #[getter]
    fn path(&self) -> PathBuf {
        self.inner.path().to_owned()
    }

    fn __getitem__(&self, name: &str) -> PyResult<Secret> {
        self.get(name)
            .ok_or_else(|| PyKeyError::new_err(name.to_owned()))
    }

    fn __contains__(&self, name: &str) -> bool {
        self.inner.names().any(|n| n == name)
    }

    fn __len__(&self) -> usize {
        self.inner.names().count()
    }

    fn __repr__(&self) -> String {
        format!(
            "Vault({:?}, {} entries)",
            self.inner.path().display().to_string(),
            self.__len__()
        )
    }
}
