//! The vault: a dotenv-shaped file whose names stay readable and whose values are sealed.
//!
//! [`Vault`] opens a file with a [`KeySource`], hands out values as [`SecretString`]s and writes
//! changes back atomically. The pieces: `format` (text <-> structure, never a key), `crypto` (the
//! only crypto importer), `store` (files, locks, key files), `key` (key sources), `loader` (the
//! dotenv dialect `import` reads, see [`Vault::import_dotenv`]), `dotenv` (plaintext in and out:
//! `import`, `export`), `open` (checking a file while opening it), `entry` (get, set, remove),
//! `rotator` (sealed history, rollback, re-keying), `generator` (fresh random values),
//! `secret` ([`SecretKey`]), [`validator`] (`vault check`), `cache` ([`SecretCache`]),
//! `kek` ([`KekCache`]: derived keys kept between opens), `memlock` (locked memory, no core
//! dumps), [`agent`] (`hush vault agent`), `recipient` (age recipients: the data key wrapped
//! for each member, opened with their own identity).
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
//!   (best effort); making one disables core dumps for the process (the agent makes one);
//!   other plaintext may reach swap.
//! - A weak passphrase: Argon2id (64 MiB, 3 passes) slows guessing, it cannot stop it.

pub mod agent;
mod cache;
pub(crate) mod crypto;
pub(crate) mod dotenv;
mod edit;
mod entry;
mod error;
mod expand;
pub(crate) mod format;
mod generator;
mod import;
mod kdf_limit;
mod kek;
pub(crate) mod key;
mod key_change;
pub(crate) mod loader;
mod memlock;
mod merge;
mod open;
mod recipient;
mod rotator;
mod schema;
mod secret;
pub(crate) mod store;
pub mod validator;
mod warning;

pub use cache::{Clock, SecretCache};
pub use kdf_limit::allow_costly_kdf;
pub use kek::KekCache;
pub use memlock::disable_core_dumps;

pub use edit::EditOutcome;
pub use error::VaultError;
pub use format::LineError;
pub use generator::{Charset, DEFAULT_LENGTH, Generator, MAX_LENGTH, MIN_LENGTH};
pub use key::KeySource;
pub use loader::LoadWarning;
pub use merge::MergeOutcome;
pub use recipient::{Recipient, check_public_key, default_identity_path};
pub use rotator::{DEFAULT_KEEP, MAX_KEEP, Versions};
pub use secrecy::{self, ExposeSecret, SecretString};
pub use secret::{KEY_LEN, SecretKey};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use format::{Header, Line, RecipientLine};
use std::path::{Path, PathBuf};

/// Longest value accepted, in bytes (1 MiB).
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// An open vault: the file's structure and its data key. Values stay sealed until [`Vault::get`].
#[derive(Debug)]
pub struct Vault {
    path: PathBuf,
    header: Header,
    /// The age recipients (v3), lines 5 …; empty for v1 and v2.
    recipients: Vec<RecipientLine>,
    lines: Vec<Line>,
    dek: SecretKey,
    /// The key-encryption key, kept so the data key can be re-wrapped (format version changes,
    /// `rotate --key`) without asking for the passphrase again. `None` when a member opened the
    /// vault with an age identity: values can change, the keys and recipients cannot.
    kek: Option<SecretKey>,
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
            version: format::V1,
            id,
            kdf,
            wrapped_key: Vec::new(),
        };
        header.wrapped_key = crypto::wrap(&kek, &dek, &format::header_aad(&header));
        let mut vault = Self {
            path: path.to_owned(),
            header,
            recipients: Vec::new(),
            lines: Vec::new(),
            dek,
            kek: Some(kek),
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

    /// Writes the vault back atomically (temp file, fsync, rename, fsync of the directory).
    /// Needs the lock from [`Vault::open_locked`] or [`Vault::create`]; keeps holding it.
    pub fn save(&mut self) -> Result<(), VaultError> {
        if self.lock.is_none() {
            return Err(VaultError::ReadOnly);
        }
        self.settle_version()?;
        self.lock = Some(store::write_atomic(&self.path, &self.render(), false)?);
        Ok(())
    }

    /// The full file text: everything the MAC covers, then the MAC line.
    fn render(&self) -> Vec<u8> {
        let body = format::render(&self.header, &self.recipients, &self.lines);
        let mac = crypto::mac(&self.dek, body.as_bytes());
        let mut text = body.into_bytes();
        text.extend_from_slice(format::mac_line(&mac).as_bytes());
        text
    }
}

impl Vault {
    /// What `hush seal --vault` needs to seal under this vault's key: the vault id (which
    /// names its key file), how its key-encryption key is made, that key, and the data key.
    pub(crate) fn sealing_keys(
        &self,
    ) -> (&[u8; format::ID_LEN], &format::Kdf, &SecretKey, &SecretKey) {
        let kek = (self.kek.as_ref()).expect(
            "seal opens its vault with KeySource::Environment or a passphrase, never an age \
             identity (key.rs), so the key-encryption key is known",
        );
        (&self.header.id, &self.header.kdf, kek, &self.dek)
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
