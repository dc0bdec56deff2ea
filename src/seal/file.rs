//! Sealing, unsealing, rotating and checking whole files: read the text, pick the key, run the
//! [`Document`] operation, and (for `--in-place`) write the result back atomically with the
//! vault's writer, under its lock (`file/disk.rs`).

use super::SealError;
use super::document::{Document, OpenValue};
use super::format::Format;
use super::keys::FileKey;
use super::select::{Reason, Selector};
use crate::vault::{KeySource, Vault};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The key to use: a key source, or an open vault (`--vault`) whose key seals the file.
#[derive(Clone, Copy)]
pub enum KeyChoice<'a> {
    /// The vault's key sources ([`KeySource`]).
    Source(&'a KeySource),
    /// An open vault: a new file is sealed under its data key; a sealed file must name it.
    Vault(&'a Vault),
}

/// What [`seal_text`] did.
#[derive(Debug)]
pub struct Sealed {
    /// The sealed text (holds no plaintext of a sealed value).
    pub text: String,
    /// How many values were newly sealed.
    pub newly_sealed: usize,
    /// A key file created for a new file, if any.
    pub new_key_file: Option<PathBuf>,
}

/// The format `forced`, else from `path`'s extension.
pub fn format_of(path: &Path, forced: Option<Format>) -> Result<Format, SealError> {
    forced
        .or_else(|| Format::from_path(path))
        .ok_or_else(|| SealError::UnknownFormat(path.to_owned()))
}

/// Opens the key of a document that has a `_hush` entry, and verifies every value with it.
pub(crate) fn open_doc(
    path: &Path,
    doc: &Document,
    key: KeyChoice<'_>,
) -> Result<Option<(FileKey, Vec<OpenValue>)>, SealError> {
    let Some(meta) = doc.meta()? else {
        return Ok(None);
    };
    let key = match key {
        KeyChoice::Source(source) => FileKey::open(path, meta, source)?,
        KeyChoice::Vault(vault) => FileKey::open_with_vault(path, meta, vault)?,
    };
    let values = doc.verify(&key)?;
    Ok(Some((key, values)))
}

/// Seals the values `selector` picks (values already sealed are verified and kept). With
/// nothing to seal and no `_hush` entry, the text comes back unchanged and no key is made.
pub fn seal_text(
    path: &Path,
    format: Format,
    text: Zeroizing<String>,
    key: KeyChoice<'_>,
    selector: &Selector,
) -> Result<Sealed, SealError> {
    let doc = Document::parse(path, format, text)?;
    let existing = open_doc(path, &doc, key)?;
    let new = doc.to_seal(selector, &HashSet::new())?;
    let (mut file_key, kept) = match existing {
        Some(found) => found,
        None if new.is_empty() => {
            return Ok(Sealed {
                text: doc.text().to_owned(),
                newly_sealed: 0,
                new_key_file: None,
            });
        }
        None => match key {
            KeyChoice::Source(source) => (FileKey::create(path, source)?, Vec::new()),
            KeyChoice::Vault(vault) => (FileKey::from_vault(vault), Vec::new()),
        },
    };
    let text = doc.seal(&mut file_key, &new, &kept, false)?;
    Ok(Sealed {
        text,
        newly_sealed: new.len(),
        new_key_file: file_key.new_key_file.take(),
    })
}

/// The original text of a sealed file (a file without a `_hush` entry comes back unchanged).
pub fn unseal_text(
    path: &Path,
    format: Format,
    text: Zeroizing<String>,
    key: KeyChoice<'_>,
) -> Result<Zeroizing<String>, SealError> {
    let doc = Document::parse(path, format, text)?;
    match open_doc(path, &doc, key)? {
        Some((_, values)) => Ok(doc.unseal(&values)),
        None => Ok(Zeroizing::new(doc.text().to_owned())),
    }
}

/// Re-seals every sealed value under a fresh data key and file id (same key-encryption key).
pub fn rotate_text(
    path: &Path,
    format: Format,
    text: Zeroizing<String>,
    key: KeyChoice<'_>,
) -> Result<String, SealError> {
    let doc = Document::parse(path, format, text)?;
    let (old, values) = open_doc(path, &doc, key)?.ok_or_else(|| SealError::Metadata {
        path: path.to_owned(),
        what: "missing: the file is not sealed",
    })?;
    let mut new_key = old.rotated();
    doc.seal(&mut new_key, &[], &values, true)
}

/// `seal edit`: hands the plaintext to `edit`, then seals what it returns under the same key
/// and file id, sealing what was sealed before (by path) and what `selector` picks. `None` from
/// `edit` (nothing changed) gives `None`.
pub fn edit_text(
    path: &Path,
    format: Format,
    text: Zeroizing<String>,
    key: KeyChoice<'_>,
    selector: &Selector,
    edit: impl FnOnce(&str) -> Result<Option<Zeroizing<String>>, SealError>,
) -> Result<Option<String>, SealError> {
    let doc = Document::parse(path, format, text)?;
    let (mut file_key, values) = open_doc(path, &doc, key)?.ok_or_else(|| SealError::Metadata {
        path: path.to_owned(),
        what: "missing: the file is not sealed (seal it first)",
    })?;
    let was: HashSet<String> = values.iter().map(|v| doc.path_of(v.index)).collect();
    let plain = doc.unseal(&values);
    drop(values);
    let Some(edited) = edit(&plain)? else {
        return Ok(None);
    };
    let doc = Document::parse(path, format, edited)?;
    if doc.located().meta.is_some() || !doc.sealed_indices().is_empty() {
        return Err(SealError::Unsupported {
            path: path.to_owned(),
            what: "an edited file holding a `_hush` entry or `hush:v1:` values".to_owned(),
        });
    }
    let new = doc.to_seal(selector, &was)?;
    doc.seal(&mut file_key, &new, &[], false).map(Some)
}

/// The plaintext values `selector` picks, as `(path, reason)`; needs no key.
pub fn check_text(
    path: &Path,
    format: Format,
    text: Zeroizing<String>,
    selector: &Selector,
) -> Result<Vec<(String, Reason)>, SealError> {
    let doc = Document::parse(path, format, text)?;
    let sealed: HashSet<usize> = doc.sealed_indices().into_iter().collect();
    Ok(doc
        .located()
        .scalars
        .iter()
        .enumerate()
        .filter(|(i, _)| !sealed.contains(i))
        .filter_map(|(_, s)| {
            selector
                .reason(s, &HashSet::new())
                .map(|r| (s.path.to_string(), r))
        })
        .collect())
}

mod disk;
pub use disk::{change_in_place, read_text};
