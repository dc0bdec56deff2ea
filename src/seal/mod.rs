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
mod reader;
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
pub use reader::SealedFile;
pub use sealer::{OpenedValue, Sealer};
pub use select::{Reason, Selector};
pub use value::{Kind, MAX_VALUE_LEN, PAD_BUCKET, PREFIX};

#[cfg(test)]
mod tests;
