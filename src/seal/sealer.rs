//! [`Sealer`]: per-field seal and open for applications that write sealed values themselves
//! (a database column, a message field), under the same key and format as sealed files.
//!
//! The associated data is the sealer's id ‖ the caller's `context`, which must name the field
//! unambiguously; [`Sealer::column_context`] builds table ‖ column ‖ row id for a column, each
//! part length-prefixed so no two different triples give the same bytes.

use super::SealError;
use super::keys::FileKey;
use super::value::{self, Kind};
use crate::vault::SecretString;

/// Seals and opens single values under one data key.
#[derive(Debug)]
pub struct Sealer {
    key: FileKey,
}

/// A value opened by [`Sealer::open`]: its type and text.
#[derive(Debug)]
pub struct OpenedValue {
    /// The type it was sealed with.
    pub kind: Kind,
    /// The value.
    pub value: SecretString,
}

impl Sealer {
    pub(crate) fn new(key: FileKey) -> Self {
        Self { key }
    }

    /// `table ‖ column ‖ row id`, each part prefixed by its length (u32 big-endian).
    pub fn column_context(table: &str, column: &str, row_id: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + table.len() + column.len() + row_id.len());
        for part in [table, column, row_id] {
            let n = u32::try_from(part.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&n.to_be_bytes());
            out.extend_from_slice(part.as_bytes());
        }
        out
    }

    fn aad(&self, context: &[u8]) -> Vec<u8> {
        [&self.key.meta.id[..], context].concat()
    }

    /// Seals a string `value` bound to `context`: a `hush:v1:` token.
    pub fn seal(&self, context: &[u8], value: &str) -> String {
        self.seal_kind(context, Kind::String, value)
    }

    /// Seals `value` of type `kind` bound to `context`.
    pub fn seal_kind(&self, context: &[u8], kind: Kind, value: &str) -> String {
        value::token(&value::seal(
            &self.key.dek,
            &self.aad(context),
            kind,
            "",
            value,
        ))
    }

    /// Opens a token sealed for `context`; `Tampered` (naming `what`) if it does not open.
    pub fn open(&self, context: &[u8], token: &str, what: &str) -> Result<OpenedValue, SealError> {
        let tampered = |why: &str| SealError::Tampered {
            path: what.into(),
            what: format!("a value {why}"),
        };
        let sealed =
            value::parse_token(token).ok_or_else(|| tampered("is not a hush:v1: value"))?;
        let mut opened =
            value::open(&self.key.dek, &self.aad(context), &sealed).map_err(tampered)?;
        Ok(OpenedValue {
            kind: opened.kind,
            value: SecretString::from(std::mem::take(&mut *opened.value)),
        })
    }

    /// True when `text` looks sealed (starts with `hush:v1:`).
    pub fn is_sealed(text: &str) -> bool {
        text.starts_with(value::PREFIX)
    }
}
