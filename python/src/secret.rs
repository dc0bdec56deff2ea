//! `hush.Secret`: a value from the vault that does not print.
//!
//! `repr()`, `str()` and f-strings show `***`; the value is read only with `.reveal()`, a
//! named call a reviewer can grep for. It cannot be pickled (that would write it out), and it
//! has no `len()` or comparison (they would leak its length or allow guessing).
//! The Rust side keeps it in a `secrecy::SecretString`, zeroized when the object is freed;
//! each `.reveal()` makes an ordinary Python `str`, which Python does not zeroize.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use secrecy::{ExposeSecret, SecretString};

/// A secret value: prints as `***`; `.reveal()` returns the plaintext.
#[pyclass(frozen, module = "hush")]
pub(crate) struct Secret {
    value: SecretString,
}

impl Secret {
    pub(crate) fn new(value: SecretString) -> Self {
        Self { value }
    }

    pub(crate) fn value(&self) -> &SecretString {
        &self.value
    }
}

#[pymethods]
impl Secret {
    /// The plaintext, as a `str`.
    fn reveal(&self) -> &str {
        self.value.expose_secret()
    }

    fn __repr__(&self) -> &'static str {
        "***"
    }

    fn __str__(&self) -> &'static str {
        "***"
    }

    fn __format__(&self, _spec: &str) -> &'static str {
        "***"
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(PyTypeError::new_err(
            "a hush.Secret cannot be pickled; pass secret.reveal() explicitly if you must",
        ))
    }
}
