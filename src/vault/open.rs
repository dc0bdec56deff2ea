//! Opening a vault: parse the text, unwrap the data key, check every sealed value, then the MAC.
//!
//! [`Vault::from_text`] is the one place a file's bytes become a [`Vault`]; the checks run in the
//! order SECURITY.md documents (syntax, Argon2id bounds, key, values, MAC), so the first failure
//! names the line it is about and nothing half-checked is ever handed out.

use super::format::{self, Line};
use super::{KekCache, KeySource, Vault, VaultError, crypto, kek, store, tampered};
use std::path::Path;
use zeroize::Zeroizing;

impl Vault {
    /// Opens `path` read-only: checks the key, the MAC and every value, and takes no lock
    /// (writers replace the file atomically, so a reader never sees half a write).
    pub fn open(path: &Path, source: &KeySource) -> Result<Self, VaultError> {
        let text = store::read(path)?;
        Self::from_text(path, &text, source, None)
    }

    /// Like [`Vault::open`], trying the key-encryption key kept in `cache` first and keeping a
    /// newly derived one there (passphrase vaults only; see [`KekCache`]).
    pub fn open_with_cache(
        path: &Path,
        source: &KeySource,
        cache: &mut dyn KekCache,
    ) -> Result<Self, VaultError> {
        let text = store::read(path)?;
        Self::from_text_with(path, &text, source, None, Some(cache))
    }

    /// [`Vault::open_locked`] through a [`KekCache`], as [`Vault::open_with_cache`].
    pub fn open_locked_with_cache(
        path: &Path,
        source: &KeySource,
        cache: &mut dyn KekCache,
    ) -> Result<Self, VaultError> {
        let (lock, text) = store::read_locked(path)?;
        Self::from_text_with(path, &text, source, Some(lock), Some(cache))
    }

    /// Opens `path` for changing: like [`Vault::open`], but first takes an exclusive lock that is
    /// held until the vault is dropped, so concurrent writers serialise and none is lost.
    pub fn open_locked(path: &Path, source: &KeySource) -> Result<Self, VaultError> {
        let (lock, text) = store::read_locked(path)?;
        Self::from_text(path, &text, source, Some(lock))
    }

    pub(super) fn from_text(
        path: &Path,
        text: &[u8],
        source: &KeySource,
        lock: Option<store::Lock>,
    ) -> Result<Self, VaultError> {
        Self::from_text_with(path, text, source, lock, None)
    }

    /// [`Vault::from_text`], looking the key-encryption key up in `cache` first (passphrase
    /// vaults only) and keeping a derived one there.
    pub(super) fn from_text_with(
        path: &Path,
        text: &[u8],
        source: &KeySource,
        lock: Option<store::Lock>,
        cache: Option<&mut dyn KekCache>,
    ) -> Result<Self, VaultError> {
        let parsed = format::parse(text).map_err(|source| VaultError::Format {
            path: path.to_owned(),
            source,
        })?;
        let (kek, dek) = kek::unwrap_dek(path, &parsed.header, &parsed.recipients, source, cache)?;
        let first_body = format::HEADER_LINES + parsed.recipients.len();
        let vault = Self {
            path: path.to_owned(),
            header: parsed.header,
            recipients: parsed.recipients,
            lines: parsed.lines,
            dek,
            kek,
            lock,
        };
        for (i, line) in vault.lines.iter().enumerate() {
            let no = first_body + 1 + i;
            match line {
                Line::Entry { name, sealed } => {
                    vault
                        .open_value(name, sealed)
                        .map_err(|what| tampered(path, no, format!("value of {name} {what}")))?;
                }
                Line::History {
                    name,
                    version,
                    sealed,
                } => {
                    vault.open_history(name, *version, sealed).map_err(|what| {
                        let what = format!("version {version} of {name} {what}");
                        tampered(path, no, what)
                    })?;
                }
                Line::Blank | Line::Comment(_) => {}
            }
        }
        if !crypto::verify_mac(&vault.dek, &text[..parsed.covered], &parsed.mac) {
            let line = first_body + vault.lines.len() + 1;
            let what =
                "MAC mismatch: a line was changed, removed, duplicated, reordered or rolled back";
            return Err(tampered(path, line, what));
        }
        Ok(vault)
    }

    /// Decrypts one value into an exactly-sized zeroizing string (so converting it into a
    /// `SecretString` does not reallocate and leave a copy behind).
    pub(super) fn open_value(
        &self,
        name: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<String>, &'static str> {
        self.open_with(sealed, &format::entry_aad(&self.header.id, name))
    }

    /// Like [`Vault::open_value`], for version `version` of `name` sealed as history.
    pub(super) fn open_history(
        &self,
        name: &str,
        version: u32,
        sealed: &[u8],
    ) -> Result<Zeroizing<String>, &'static str> {
        self.open_with(sealed, &format::history_aad(&self.header.id, name, version))
    }

    fn open_with(&self, sealed: &[u8], aad: &[u8]) -> Result<Zeroizing<String>, &'static str> {
        let plain = crypto::open(&self.dek, sealed, aad).map_err(
            |_| "does not open: changed, or moved from another name, version, history or vault",
        )?;
        let text = std::str::from_utf8(&plain).map_err(|_| "is not valid UTF-8")?;
        let mut exact = Zeroizing::new(String::with_capacity(text.len()));
        exact.push_str(text);
        Ok(exact)
    }
}
