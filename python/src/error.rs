//! The Python exceptions: `HushError` and its two subclasses.
//!
//! Messages come from the library's errors, which name files, lines, rules and variables but
//! never a secret value (SECURITY.md); nothing here adds input text to them.

use pyo3::create_exception;
use pyo3::exceptions::PyException;

create_exception!(
    hush,
    HushError,
    PyException,
    "Base class of hush's errors (bad options, unreadable files, bad rule ids)."
);
create_exception!(
    hush,
    VaultError,
    HushError,
    "A vault could not be opened or read: wrong key, tampered file, no key source, bad format."
);
create_exception!(
    hush,
    ConfigError,
    HushError,
    "hush.check() found settings unfit for the environment; names the variables, never the values."
);

/// `err` and its causes on one line, as the CLI prints them (`{err:#}` style).
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
