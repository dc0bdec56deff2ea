//! The data key of a sealed file: made fresh for a new file, taken from a vault with
//! `--vault`, or unwrapped from the `_hush` entry — always through the vault's key sources
//! ([`KeySource`]) and cipher, never a copy of them.

use super::SealError;
use super::meta::Meta;
use crate::vault::crypto::{self, MAC_LEN};
use crate::vault::format::ID_LEN;
use crate::vault::{KeySource, SecretKey, Vault, VaultError, key};
use std::path::{Path, PathBuf};

/// An open data key and the metadata entry it belongs to (whose MAC is recomputed on write).
#[derive(Debug)]
pub(crate) struct FileKey {
    pub(crate) meta: Meta,
    pub(crate) dek: SecretKey,
    /// The key-encryption key, so `seal rotate` can wrap a new data key without asking again.
    pub(crate) kek: SecretKey,
    /// A key file written for a new file, if any (the CLI tells the user where it is).
    pub(crate) new_key_file: Option<PathBuf>,
}

impl FileKey {
    /// A new file id and data key, wrapped under the key-encryption key `source` gives (as
    /// `vault init` does: `Environment` without a key file writes a new default key file named
    /// by the new file id).
    pub(crate) fn create(path: &Path, source: &KeySource) -> Result<Self, SealError> {
        let id = crypto::random::<ID_LEN>();
        let (kdf, kek, new_key_file) = key::new_kek(path, &id, source)?;
        Ok(Self::wrap(
            id,
            id,
            kdf,
            kek,
            SecretKey::generate(),
            new_key_file,
        ))
    }

    /// A new file id sealed under `vault`'s data key, wrapped under its key-encryption key and
    /// named by its id, so the vault's key sources open the file.
    pub(crate) fn from_vault(vault: &Vault) -> Self {
        let (vault_id, kdf, kek, dek) = vault.sealing_keys();
        let id = crypto::random::<ID_LEN>();
        Self::wrap(id, *vault_id, kdf.clone(), kek.clone(), dek.clone(), None)
    }

    /// The same key-encryption key and key id with a fresh file id and data key (`seal rotate`).
    pub(crate) fn rotated(&self) -> Self {
        let id = crypto::random::<ID_LEN>();
        let (kdf, kek) = (self.meta.kdf.clone(), self.kek.clone());
        Self::wrap(id, self.meta.key_id, kdf, kek, SecretKey::generate(), None)
    }

    fn wrap(
        id: [u8; ID_LEN],
        key_id: [u8; ID_LEN],
        kdf: crate::vault::format::Kdf,
        kek: SecretKey,
        dek: SecretKey,
        new_key_file: Option<PathBuf>,
    ) -> Self {
        let mut meta = Meta {
            id,
            key_id,
            kdf,
            wrapped: Vec::new(),
            mac: [0; MAC_LEN],
        };
        meta.wrapped = crypto::wrap(&kek, &dek, &meta.wrap_aad());
        Self {
            meta,
            dek,
            kek,
            new_key_file,
        }
    }

    /// Unwraps the data key of an existing entry. A wrong key, and a changed entry, give
    /// [`SealError::WrongKey`] ("wrong key or passphrase"), as for a vault.
    pub(crate) fn open(path: &Path, meta: Meta, source: &KeySource) -> Result<Self, SealError> {
        let kek = key::kek(path, &meta.key_header(), source).map_err(|e| match e {
            VaultError::WrongKey => SealError::WrongKey(path.to_owned()),
            e => SealError::Key(e),
        })?;
        let dek = crypto::unwrap(&kek, &meta.wrapped, &meta.wrap_aad())
            .map_err(|_| SealError::WrongKey(path.to_owned()))?;
        Ok(Self {
            meta,
            dek,
            kek,
            new_key_file: None,
        })
    }

    /// Unwraps with `vault`'s key-encryption key (`--vault`); the file must name the vault's key.
    pub(crate) fn open_with_vault(
        path: &Path,
        meta: Meta,
        vault: &Vault,
    ) -> Result<Self, SealError> {
        let (vault_id, _, kek, _) = vault.sealing_keys();
        let other = || SealError::OtherKey {
            path: path.to_owned(),
            vault: vault.path().to_owned(),
        };
        if &meta.key_id != vault_id {
            return Err(other());
        }
        let dek = crypto::unwrap(kek, &meta.wrapped, &meta.wrap_aad()).map_err(|_| other())?;
        Ok(Self {
            meta,
            dek,
            kek: kek.clone(),
            new_key_file: None,
        })
    }
}
