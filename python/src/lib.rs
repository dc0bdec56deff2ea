//! `hush._native`: the native module behind the `hush` Python package.
//!
//! A thin layer over the hush library, no logic of its own: [`rules`] narrows the built-in
//! rules as the CLI's `--pii/--only/--except` do, [`redactor`] wraps `hush::redact::Redactor`,
//! [`scanner`] wraps `hush::scan::Scanner` and turns findings into Python objects
//! ([`finding`]), [`vault`] opens vaults with the CLI's key sources and hands out values as
//! [`secret::Secret`]s, [`seal`] opens sealed configs the same way, [`check`] runs the vault validator's rules on the process environment.
//! Long work releases the GIL. The Python package (`python/hush/`) adds the logging filter,
//! the structlog processor, `load_vault` and the pydantic-settings source on top.

mod check;
mod error;
mod finding;
mod redactor;
mod rules;
mod scanner;
mod seal;
mod secret;
mod vault;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("HushError", py.get_type::<error::HushError>())?;
    m.add("VaultError", py.get_type::<error::VaultError>())?;
    m.add("ConfigError", py.get_type::<error::ConfigError>())?;
    m.add_class::<redactor::Redactor>()?;
    m.add_class::<scanner::Scanner>()?;
    m.add_class::<finding::Finding>()?;
    m.add_class::<secret::Secret>()?;
    m.add_class::<vault::Vault>()?;
    m.add_class::<seal::SealedFile>()?;
    m.add_function(wrap_pyfunction!(seal::open_sealed, m)?)?;
    m.add_function(wrap_pyfunction!(check::check_environ, m)?)?;
    Ok(())
}
