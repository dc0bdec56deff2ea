//! Sealed files and columns (`hush seal`): the sensitive values of a JSON, TOML or YAML file
//! encrypted where they stand, and values of a SQLite column encrypted row by row.
//!
//! A sealed value is the string `hush:v1:<base64url(nonce ‖ ciphertext ‖ tag)>`; inside is the
//! value's type, its original spelling and its meaning, padded (`value`). One `_hush` entry at
//! the top of the file (`meta`) holds the file id, the wrapped data key and a MAC over every
//! sealed path and value in order. The crypto and key sources are the vault's
//! ([`crate::vault`]): XChaCha20-Poly1305 with associated data file id ‖ key path, a data key
//! wrapped by a key-encryption key from a key file, `HUSH_VAULT_KEY` or a passphrase (or a
//! vault's own key, `--vault`). Only the sealed values change: each format's locator (`json`,
//! `toml`, `yaml`) reports byte spans and the `document` splices at them, so comments,
//! order and quoting of everything else stay byte-identical, and unsealing gives the original
//! file back byte for byte.
//!
//! ```
//! use hush::seal::{self, KeyChoice, Selector, SealedFile};
//! use hush::vault::{ExposeSecret, KeySource, SecretKey};
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("config.json");
//! std::fs::write(&path, r#"{"integrations": {"stripe": {"api_key": "sk_test_123"}}}"#)?;
//! let key = KeySource::Key(SecretKey::generate());
//! let text = seal::read_text(&path)?;
//! let sealed = seal::seal_text(&path, seal::Format::Json, text, KeyChoice::Source(&key),
//!     &Selector::new(true, None, Vec::new()))?;
//! assert!(!sealed.text.contains("sk_test_123"));
//! std::fs::write(&path, &sealed.text)?;
//!
//! let file = SealedFile::open(&path, key)?;
//! let api_key = file.get("integrations.stripe.api_key").ok_or("not in the file")?;
//! assert_eq!(api_key.expose_secret(), "sk_test_123");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! What it protects, and what not (names, paths and the number of sealed values are visible;
//! lengths only to within [`PAD_BUCKET`] bytes; a whole-file rollback is not detected), is in
//! SECURITY.md ("Sealed files and columns").

mod document;
mod error;
mod file;
mod format;
mod json;
mod keys;
mod meta;
mod path;
mod sealer;
mod select;
mod splice;
pub mod sqlite;
mod toml;
mod value;
mod yaml;

pub use error::SealError;
pub use file::{
    KeyChoice, Sealed, change_in_place, check_text, edit_text, format_of, read_text, rotate_text,
    seal_text, unseal_text,
};
pub use format::Format;
pub use meta::KEY as METADATA_KEY;
pub use path::{FieldGlob, KeyPath};
pub use sealer::{OpenedValue, Sealer};
pub use select::{Reason, Selector};
pub use value::{Kind, MAX_VALUE_LEN, PAD_BUCKET, PREFIX};

use crate::vault::{KeySource, SecretString};
use std::path::Path;

/// A verified sealed file, for reading values: every sealed value opened and the MAC checked.
pub struct SealedFile {
    values: Vec<(String, SecretString)>,
}

impl std::fmt::Debug for SealedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedFile")
            .field("values", &self.values.len())
            .finish_non_exhaustive()
    }
}

impl SealedFile {
    /// Opens `path` (format from its extension) with the key from `source`.
    pub fn open(path: &Path, source: KeySource) -> Result<Self, SealError> {
        Self::open_with(path, format_of(path, None)?, KeyChoice::Source(&source))
    }

    /// Opens `path` as `format` with `key`.
    pub fn open_with(path: &Path, format: Format, key: KeyChoice<'_>) -> Result<Self, SealError> {
        let doc = document::Document::parse(path, format, read_text(path)?)?;
        let opened = file::open_doc(path, &doc, key)?
            .map(|(_, v)| v)
            .unwrap_or_default();
        let mut values = Vec::with_capacity(doc.located().scalars.len());
        let mut sealed = opened.into_iter().peekable();
        for (i, s) in doc.located().scalars.iter().enumerate() {
            let value = match sealed.next_if(|v| v.index == i) {
                Some(mut v) => std::mem::take(&mut *v.opened.value),
                None if s.kind.is_some() => s.value.to_string(),
                None => continue,
            };
            values.push((s.path.to_string(), SecretString::from(value)));
        }
        Ok(Self { values })
    }

    /// The value at `path` (e.g. `integrations.stripe.api_key`, `servers[0].password`), sealed
    /// or not; `None` if there is none (or it is null).
    pub fn get(&self, path: &str) -> Option<SecretString> {
        self.values
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.clone())
    }

    /// The paths of every non-null scalar value, in document order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|(p, _)| p.as_str())
    }
}

#[cfg(test)]
mod tests;
