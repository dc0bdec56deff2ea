//! The vault: a dotenv-shaped file whose names stay readable and whose values are sealed.
//!
//! [`Vault`] opens a file with a [`KeySource`], hands out values as [`SecretString`]s and writes
//! changes back atomically. The pieces: `format` (text <-> structure, never a key), `crypto` (the
//! only crypto importer), `store` (files, locks, key files), `key` (key sources), `loader` (the
//! dotenv dialect `import` reads, see [`Vault::import_dotenv`]), `dotenv` (plaintext for
//! `export`), `secret` ([`SecretKey`]), [`validator`] (`vault check`), `cache` ([`SecretCache`]),
//! `kek` ([`KekCache`]: derived keys kept between opens), `memlock` (locked memory, no core
//! dumps), [`agent`] (`hush vault agent`).
//!
//! ```
//! use hush::vault::{KeySource, SecretKey, Vault};
//! use secrecy::{ExposeSecret, SecretString};
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join(".env.vault");
//! let key = SecretKey::generate(); // a key file holds `key.to_base64()`
//! let mut vault = Vault::create(&path, &KeySource::Key(key.clone()))?;
//! vault.set("DATABASE_URL", &SecretString::from("postgres://app@db/app"))?;
//! vault.save()?;
//!
//! let vault = Vault::open(&path, &KeySource::Key(key))?;
//! let url = vault.get("DATABASE_URL").ok_or("DATABASE_URL is not in the vault")?;
//! assert_eq!(url.expose_secret(), "postgres://app@db/app");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What it protects against
//! - Someone who reads the file (a clone of the repository, a backup, a screen share) learns the
//!   names, the number of entries and each value's length, but no value.
//! - Someone who can write the file cannot change, swap (between names or vaults), delete,
//!   duplicate, reorder or roll back any single line without `open` failing: each value is
//!   sealed with its name and the vault id as associated data, and a MAC keyed from the data key
//!   covers every byte of the file.
//! - A wrong key and a modified header (lines 1-4) give the same [`VaultError::WrongKey`], as age
//!   does: telling them apart would need the key. Other modifications give
//!   [`VaultError::Tampered`] or [`VaultError::Format`], naming the line.
//!
//! # What it does not protect against
//! - Rolling back the whole file to an older version written with the same key (git history holds
//!   every version; use git's own integrity for that), or deleting the file.
//! - Anyone who holds the key file, `HUSH_VAULT_KEY` or the passphrase, or who controls the
//!   process or the machine while a value is decrypted. Only [`SecretCache`] locks its memory
//!   (best effort) and only the agent disables core dumps; other plaintext may reach swap.
//! - A weak passphrase: Argon2id (64 MiB, 3 passes) slows guessing, it cannot stop it.

pub mod agent;
mod cache;
mod crypto;
mod dotenv;
mod error;
mod format;
mod kek;
mod key;
mod loader;
mod memlock;
mod secret;
mod store;
pub mod validator;

pub use cache::{Clock, SecretCache};
pub use kek::KekCache;
pub use memlock::disable_core_dumps;

pub use error::VaultError;
pub use format::LineError;
pub use key::KeySource;
pub use loader::LoadWarning;
pub use secrecy::{self, ExposeSecret, SecretString};
pub use secret::{KEY_LEN, SecretKey};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use format::{Header, Line};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Longest value accepted, in bytes (1 MiB).
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// An open vault: the file's structure and its data key. Values stay sealed until [`Vault::get`].
#[derive(Debug)]
pub struct Vault {
    path: PathBuf,
    header: Header,
    lines: Vec<Line>,
    dek: SecretKey,
    lock: Option<store::Lock>,
}

impl Vault {
    /// Creates a new, empty vault at `path` (which must not exist), locked for writing.
    ///
    /// `Key` and `Passphrase` protect it with that key or passphrase (Argon2id, m = 64 MiB, t = 3,
    /// p = 1). `KeyFile(p)` uses the key in `p`, first writing a fresh key there (mode 0600) if `p`
    /// does not exist. `Environment { keyfile }` writes a fresh key to `keyfile`, or to the
    /// default key file named by the new vault's id.
    pub fn create(path: &Path, source: &KeySource) -> Result<Self, VaultError> {
        if path.exists() {
            return Err(VaultError::AlreadyExists(path.to_owned()));
        }
        let id = crypto::random::<{ format::ID_LEN }>();
        let (kdf, kek, new_key_file) = key::new_kek(path, &id, source)?;
        let dek = SecretKey::generate();
        let mut header = Header {
            id,
            kdf,
            wrapped_key: Vec::new(),
        };
        header.wrapped_key = crypto::wrap(&kek, &dek, &format::header_aad(&header));
        let mut vault = Self {
            path: path.to_owned(),
            header,
            lines: Vec::new(),
            dek,
            lock: None,
        };
        match store::write_atomic(path, &vault.render(), true) {
            Ok(lock) => vault.lock = Some(lock),
            Err(e) => {
                if let Some(kf) = new_key_file {
                    let _ = std::fs::remove_file(kf);
                }
                return Err(if path.exists() {
                    VaultError::AlreadyExists(path.to_owned())
                } else {
                    e
                });
            }
        }
        Ok(vault)
    }

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

    fn from_text(
        path: &Path,
        text: &[u8],
        source: &KeySource,
        lock: Option<store::Lock>,
    ) -> Result<Self, VaultError> {
        Self::from_text_with(path, text, source, lock, None)
    }

    fn from_text_with(
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
        let dek = kek::unwrap_dek(path, &parsed.header, source, cache)?;
        let vault = Self {
            path: path.to_owned(),
            header: parsed.header,
            lines: parsed.lines,
            dek,
            lock,
        };
        for (i, line) in vault.lines.iter().enumerate() {
            if let Line::Entry { name, sealed } = line {
                vault.open_value(name, sealed).map_err(|what| {
                    tampered(
                        path,
                        format::HEADER_LINES + 1 + i,
                        format!("value of {name} {what}"),
                    )
                })?;
            }
        }
        if !crypto::verify_mac(&vault.dek, &text[..parsed.covered], &parsed.mac) {
            let line = format::HEADER_LINES + vault.lines.len() + 1;
            let what =
                "MAC mismatch: a line was changed, removed, duplicated, reordered or rolled back";
            return Err(tampered(path, line, what));
        }
        Ok(vault)
    }

    /// The file this vault was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The vault id (base64url), which names the default key file.
    pub fn id(&self) -> String {
        B64.encode(self.header.id)
    }

    /// The default key file for this vault: `$XDG_CONFIG_HOME/hush/keys/<id>.key`, else
    /// `$HOME/.config/hush/keys/<id>.key`; `None` without either variable.
    pub fn default_key_path(&self) -> Option<PathBuf> {
        store::default_key_path(&self.id())
    }

    /// Entry names, in file order. Never values.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().filter_map(|l| match l {
            Line::Entry { name, .. } => Some(name.as_str()),
            _ => None,
        })
    }

    /// The value of `name`, or `None` if there is no such entry.
    pub fn get(&self, name: &str) -> Option<SecretString> {
        let sealed = self.sealed(name)?;
        let mut value = self
            .open_value(name, sealed)
            .expect("every value was checked by open");
        // Moving the exactly-sized String out leaves no copy behind.
        Some(SecretString::from(std::mem::take(&mut *value)))
    }

    /// Sets `name` (in place if present, else appended). Written by [`Vault::save`].
    pub fn set(&mut self, name: &str, value: &SecretString) -> Result<(), VaultError> {
        self.set_str(name, value.expose_secret())
    }

    fn set_str(&mut self, name: &str, value: &str) -> Result<(), VaultError> {
        if !format::valid_name(name) {
            return Err(VaultError::InvalidName(name.to_owned()));
        }
        if value.len() > MAX_VALUE_LEN {
            let (name, max) = (name.to_owned(), MAX_VALUE_LEN);
            return Err(VaultError::ValueTooLarge { name, max });
        }
        let sealed = crypto::seal(
            &self.dek,
            value.as_bytes(),
            &format::entry_aad(&self.header.id, name),
        );
        let entry = Line::Entry {
            name: name.to_owned(),
            sealed,
        };
        match self
            .lines
            .iter()
            .position(|l| matches!(l, Line::Entry { name: n, .. } if n == name))
        {
            Some(i) => self.lines[i] = entry,
            None => self.lines.push(entry),
        }
        Ok(())
    }

    /// Removes `name`; `false` if it was absent. Written by [`Vault::save`].
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.lines.len();
        self.lines
            .retain(|l| !matches!(l, Line::Entry { name: n, .. } if n == name));
        self.lines.len() != before
    }

    /// Writes the vault back atomically (temp file, fsync, rename, fsync of the directory).
    /// Needs the lock from [`Vault::open_locked`] or [`Vault::create`]; keeps holding it.
    pub fn save(&mut self) -> Result<(), VaultError> {
        if self.lock.is_none() {
            return Err(VaultError::ReadOnly);
        }
        self.lock = Some(store::write_atomic(&self.path, &self.render(), false)?);
        Ok(())
    }

    /// Seals every entry of a plaintext dotenv file into the vault, in order, appending its
    /// comments; a name already present is replaced in place. Returns the number of entries and
    /// the warnings (duplicate names, bare names), which name lines, never values.
    ///
    /// The dialect: a BOM, CRLF, `export `, `#` comments, single quotes (literal), double quotes
    /// (escapes, several lines), `${VAR}` and `${VAR:-default}` from earlier entries, else the
    /// process environment, else empty; `$VAR` without braces stays as written; a bare `NAME`
    /// without `=` is skipped with a warning; a repeated name keeps its last value.
    pub fn import_dotenv(&mut self, text: &[u8]) -> Result<(usize, Vec<LoadWarning>), VaultError> {
        let env = |name: &str| std::env::var(name).ok().map(Zeroizing::new);
        let loaded = loader::parse(text, &env).map_err(VaultError::Dotenv)?;
        let mut count = 0;
        for item in loaded.items {
            match item {
                loader::Item::Blank => self.lines.push(Line::Blank),
                loader::Item::Comment(c) => self.lines.push(Line::Comment(c)),
                loader::Item::Entry { name, value } => {
                    self.set_str(&name, &value)?;
                    count += 1;
                }
            }
        }
        Ok((count, loaded.warnings))
    }

    /// The whole vault as plaintext dotenv (comments kept), in a zeroizing buffer.
    pub fn export_dotenv(&self) -> Zeroizing<String> {
        let size: usize = self
            .lines
            .iter()
            .map(|l| match l {
                Line::Blank => 1,
                Line::Comment(c) => c.len() + 1,
                Line::Entry { name, sealed } => name.len() + 2 * sealed.len() + 4,
            })
            .sum();
        let mut out = Zeroizing::new(String::with_capacity(size));
        for line in &self.lines {
            match line {
                Line::Blank => out.push('\n'),
                Line::Comment(c) => {
                    out.push_str(c);
                    out.push('\n');
                }
                Line::Entry { name, sealed } => {
                    let value = self
                        .open_value(name, sealed)
                        .expect("every value was checked by open");
                    dotenv::write_entry(&mut out, name, &value);
                }
            }
        }
        out
    }

    fn sealed(&self, name: &str) -> Option<&[u8]> {
        self.lines.iter().find_map(|l| match l {
            Line::Entry { name: n, sealed } if n == name => Some(sealed.as_slice()),
            _ => None,
        })
    }

    /// Decrypts one value into an exactly-sized zeroizing string (so converting it into a
    /// `SecretString` does not reallocate and leave a copy behind).
    fn open_value(&self, name: &str, sealed: &[u8]) -> Result<Zeroizing<String>, &'static str> {
        let aad = format::entry_aad(&self.header.id, name);
        let plain = crypto::open(&self.dek, sealed, &aad)
            .map_err(|_| "does not open: changed, or moved from another name or vault")?;
        let text = std::str::from_utf8(&plain).map_err(|_| "is not valid UTF-8")?;
        let mut exact = Zeroizing::new(String::with_capacity(text.len()));
        exact.push_str(text);
        Ok(exact)
    }

    /// The full file text: everything the MAC covers, then the MAC line.
    fn render(&self) -> Vec<u8> {
        let body = format::render(&self.header, &self.lines);
        let mac = crypto::mac(&self.dek, body.as_bytes());
        let mut text = body.into_bytes();
        text.extend_from_slice(format::mac_line(&mac).as_bytes());
        text
    }
}

pub(crate) fn format_err(path: &Path, line: usize, what: &str) -> VaultError {
    let (path, source) = (path.to_owned(), LineError::new(line, what));
    VaultError::Format { path, source }
}

fn tampered(path: &Path, line: usize, what: impl Into<String>) -> VaultError {
    let (path, source) = (path.to_owned(), LineError::new(line, what));
    VaultError::Tampered { path, source }
}

#[cfg(test)]
mod tests;
