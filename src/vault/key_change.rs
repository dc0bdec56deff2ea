//! Changing the key that wraps the data key ([`Vault::change_key`], `vault passwd`), and a new
//! key file put in place only after the vault that needs it.
//!
//! For `vault passwd --new-keyfile P`, the key is written to a pending name beside `P` (`.<P's name>.hush-pending`, mode 0600), the
//! vault is replaced atomically, and only then is the pending file linked to `P`. A writer
//! killed before the vault's rename leaves at most the pending file, which no vault needs: the
//! next `passwd` replaces it, and `P` itself never appears without the vault it opens. A writer
//! killed between the two renames leaves a vault that only the pending key opens;
//! [`Vault::finish_key_change`] notices that and completes the move.

use super::{KeySource, SecretKey, Vault, VaultError, key, store};
use std::fs;
use std::path::{Path, PathBuf};

/// Where the key meant for `target` waits until the vault is written.
pub(crate) fn pending_path(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or(target.as_os_str());
    let mut pending = std::ffi::OsString::from(".");
    pending.push(name);
    pending.push(".hush-pending");
    target.with_file_name(pending)
}

/// Removes a pending file left by a killed writer, unless it holds `current` (the key the vault
/// was just opened with, which must not be lost).
pub(crate) fn clear_stale(target: &Path, current: &SecretKey) -> Result<(), VaultError> {
    let pending = pending_path(target);
    if !pending.exists() {
        return Ok(());
    }
    if let Ok(key) = store::read_key_file(&pending)
        && key.expose() == current.expose()
    {
        return Err(VaultError::KeyMismatch(
            "the vault is opened by a pending key file; run `hush vault passwd` to finish first",
        ));
    }
    fs::remove_file(&pending).map_err(|source| VaultError::Io {
        what: "removing stale pending key file",
        path: pending,
        source,
    })
}

/// Links the pending key into place at `target` (never replacing a file there), removes the
/// pending name and syncs the directory.
pub(crate) fn commit(target: &Path) -> Result<(), VaultError> {
    let pending = pending_path(target);
    let err = |source| VaultError::Io {
        what: "the vault now needs the new key file, still at",
        path: pending.clone(),
        source,
    };
    fs::hard_link(&pending, target).map_err(err)?;
    fs::remove_file(&pending).map_err(err)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(err)
}

impl Vault {
    /// Re-wraps the data key under the key from `source` (a passphrase, with a new Argon2id
    /// salt; a key; or a key file, written fresh with mode 0600 if it does not exist) and saves.
    /// Values are not re-sealed: every entry line keeps its bytes. Returns the key file written,
    /// if any. A new key file is written under a pending name and moved into place only after
    /// the vault (see the module docs); if saving fails, it is removed again and the vault is left
    /// as it was.
    pub fn change_key(&mut self, source: &KeySource) -> Result<Option<PathBuf>, VaultError> {
        let current = self.kek.clone().ok_or(VaultError::NeedsOwnerKey)?;
        let target = match source {
            KeySource::KeyFile(p) if !p.exists() => Some(p.clone()),
            KeySource::Environment { keyfile: Some(p) } => Some(p.clone()),
            KeySource::Environment { keyfile: None } => self.default_key_path(),
            _ => None,
        }
        .filter(|t| !t.exists());
        let pending;
        let source = match target.as_deref() {
            Some(t) => {
                clear_stale(t, &current)?;
                pending = KeySource::KeyFile(pending_path(t));
                &pending
            }
            None => source,
        };
        let (kdf, kek, written) = key::new_kek(&self.path, &self.header.id, source)?;
        let old = (self.header.clone(), self.kek.replace(kek));
        self.header.kdf = kdf;
        self.rewrap()?;
        if let Err(e) = self.save() {
            (self.header, self.kek) = old;
            if let Some(kf) = &written {
                let _ = fs::remove_file(kf);
            }
            return Err(e);
        }
        match (target, written) {
            (Some(target), Some(_)) => {
                commit(&target)?;
                Ok(Some(target))
            }
            (_, written) => Ok(written),
        }
    }

    /// Completes a key change to the key file `target` that was killed after the vault was
    /// written but before the key was moved into place: when `target` is absent and its pending
    /// file opens the vault at `path`, moves it into place and returns `true`. Anything else
    /// (no pending file, or one that does not open this vault) returns `false` and changes
    /// nothing.
    pub fn finish_key_change(path: &Path, target: &Path) -> Result<bool, VaultError> {
        let pending = pending_path(target);
        if target.exists() || !pending.exists() {
            return Ok(false);
        }
        // A writer killed while writing the pending file leaves it empty or cut short: that
        // is a change that never reached the vault.
        let Ok(key) = store::read_key_file(&pending) else {
            return Ok(false);
        };
        // Under the vault's lock, so no other writer changes the key meanwhile.
        match Self::open_locked(path, &KeySource::Key(key)) {
            Ok(_) => commit(target).map(|()| true),
            Err(VaultError::WrongKey | VaultError::KeyMismatch(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
