//! The rotator: new values with sealed history, rollback, a new data key, a new passphrase.
//!
//! - [`Vault::rotate`] replaces a value, keeping the old one as a history line (`NAME~N=`, v2)
//!   after the entry, newest first, sealed with its own associated data (vault id, name,
//!   "history", version), so it cannot be moved to the live entry, another name or version.
//! - [`Vault::rollback`] makes the newest kept version live again and forgets the current one.
//! - [`Vault::rotate_key`] draws a new data key and re-seals every line under it;
//!   [`Vault::change_key`] (in `key_change`) re-wraps the data key under a new passphrase or
//!   key file.
//!
//! All of it happens in memory; [`Vault::save`] writes it in one atomic replace.

use super::crypto;
use super::format::{self, Line, V1, V2, V3};
use super::{ExposeSecret, MAX_VALUE_LEN, SecretKey, SecretString, Vault, VaultError};

/// Older versions [`Vault::rotate`] keeps per name unless told otherwise.
pub const DEFAULT_KEEP: usize = 3;
/// Most older versions kept per name; a larger `keep` counts as this.
pub const MAX_KEEP: usize = 100;

/// Where a name stands after a rotation or rollback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    /// The live value's version: one more than the newest kept older version, so 1 for a value
    /// never rotated (numbering starts again at 1 once no older version is kept); after a
    /// rollback, the version that was restored.
    pub current: u32,
    /// How many older versions are kept.
    pub kept: usize,
}

impl Vault {
    /// Replaces the value of `name`, which must exist, with `value`, keeping the replaced value
    /// sealed as history; then drops the oldest versions beyond `keep` (at most [`MAX_KEEP`]).
    pub fn rotate(
        &mut self,
        name: &str,
        value: &SecretString,
        keep: usize,
    ) -> Result<Versions, VaultError> {
        let value = value.expose_secret();
        if value.len() > MAX_VALUE_LEN {
            let (name, max) = (name.to_owned(), MAX_VALUE_LEN);
            return Err(VaultError::ValueTooLarge { name, max });
        }
        let i = self.entry_index(name)?;
        let old_version = self.versions_at(i).current;
        if old_version == u32::MAX {
            return Err(VaultError::VersionsExhausted(name.to_owned()));
        }
        let old = self.get(name).expect("entry_index found it");
        let old = old.expose_secret();
        let id = &self.header.id;
        let history = Line::History {
            name: name.to_owned(),
            version: old_version,
            sealed: crypto::seal(
                &self.dek,
                old.as_bytes(),
                &format::history_aad(id, name, old_version),
            ),
        };
        let sealed = crypto::seal(&self.dek, value.as_bytes(), &format::entry_aad(id, name));
        self.lines[i] = Line::Entry {
            name: name.to_owned(),
            sealed,
        };
        self.lines.insert(i + 1, history);
        let keep = keep.min(MAX_KEEP);
        let kept = self.versions_at(i).kept;
        self.lines.drain(i + 1 + keep.min(kept)..i + 1 + kept);
        Ok(self.versions_at(i))
    }

    /// Makes the newest kept older version of `name` live again; the current value is dropped.
    pub fn rollback(&mut self, name: &str) -> Result<Versions, VaultError> {
        let i = self.entry_index(name)?;
        let Some(Line::History {
            version, sealed, ..
        }) = self.lines.get(i + 1)
        else {
            return Err(VaultError::NoHistory(name.to_owned()));
        };
        let restored = *version;
        let old = self.open_history(name, restored, sealed);
        let old = old.expect("checked by open");
        let aad = format::entry_aad(&self.header.id, name);
        let sealed = crypto::seal(&self.dek, old.as_bytes(), &aad);
        self.lines[i] = Line::Entry {
            name: name.to_owned(),
            sealed,
        };
        self.lines.remove(i + 1);
        Ok(Versions {
            current: restored,
            kept: self.versions_at(i).kept,
        })
    }

    /// The live version of `name` and how many older ones are kept; `None` if it is absent.
    pub fn versions(&self, name: &str) -> Option<Versions> {
        self.entry_index(name).ok().map(|i| self.versions_at(i))
    }

    /// Draws a new data key, re-seals every value and every older version under it, and
    /// re-wraps it under the same key-encryption key and for every recipient. The MAC key,
    /// derived from the data key, changes with it. Needs the owner's key
    /// ([`VaultError::NeedsOwnerKey`] for a vault opened with an age identity; nothing changed).
    pub fn rotate_key(&mut self) -> Result<(), VaultError> {
        self.owner_only()?;
        // Every recipient key is checked before anything changes (the owner's key
        // authenticated these lines, so this only fails for a file hush did not write).
        for r in &self.recipients {
            super::recipient::parse_public(&r.public)?;
        }
        let dek = SecretKey::generate();
        let id = self.header.id;
        for i in 0..self.lines.len() {
            let (aad, plain) = match &self.lines[i] {
                Line::Entry { name, sealed } => (
                    format::entry_aad(&id, name),
                    self.open_value(name, sealed).expect("checked by open"),
                ),
                Line::History {
                    name,
                    version,
                    sealed,
                } => (
                    format::history_aad(&id, name, *version),
                    self.open_history(name, *version, sealed)
                        .expect("checked by open"),
                ),
                Line::Blank | Line::Comment(_) => continue,
            };
            if let Line::Entry { sealed, .. } | Line::History { sealed, .. } = &mut self.lines[i] {
                *sealed = crypto::seal(&dek, plain.as_bytes(), &aad);
            }
        }
        self.dek = dek;
        self.rewrap_recipients()?;
        self.rewrap()
    }

    /// Sets the format version the lines need (v3 while any recipient is present, else v2
    /// while any history line is, else v1, which older hush reads) and re-wraps the data key if
    /// it changed: line 1 is part of the wrapped key's associated data.
    pub(super) fn settle_version(&mut self) -> Result<(), VaultError> {
        let has_history = self.lines.iter().any(|l| matches!(l, Line::History { .. }));
        let version = match (self.recipients.is_empty(), has_history) {
            (false, _) => V3,
            (true, true) => V2,
            (true, false) => V1,
        };
        if self.header.version != version {
            self.owner_only()?;
            self.header.version = version;
            self.rewrap()?;
        }
        Ok(())
    }

    /// Wraps the data key under the owner's key-encryption key, with lines 1-3 and the
    /// recipient lines as associated data.
    pub(super) fn rewrap(&mut self) -> Result<(), VaultError> {
        let kek = self.kek.as_ref().ok_or(VaultError::NeedsOwnerKey)?;
        let aad = format::key_aad(&self.header, &self.recipients);
        self.header.wrapped_key = crypto::wrap(kek, &self.dek, &aad);
        Ok(())
    }

    fn entry_index(&self, name: &str) -> Result<usize, VaultError> {
        self.lines
            .iter()
            .position(|l| matches!(l, Line::Entry { name: n, .. } if n == name))
            .ok_or_else(|| VaultError::NoEntry(name.to_owned()))
    }

    /// The versions of the entry at line index `i`, whose history lines follow it. History
    /// versions stay below u32::MAX (parser, `rotate`), so `newest + 1` cannot overflow.
    fn versions_at(&self, i: usize) -> Versions {
        let newest = match self.lines.get(i + 1) {
            Some(Line::History { version, .. }) => *version,
            _ => 0,
        };
        let kept = self.lines[i + 1..]
            .iter()
            .take_while(|l| matches!(l, Line::History { .. }))
            .count();
        Versions {
            current: newest + 1,
            kept,
        }
    }
}

#[cfg(test)]
mod tests;
