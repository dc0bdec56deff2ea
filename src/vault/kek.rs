//! Unwrapping the data key through a [`KekCache`], so a passphrase vault opened again within a
//! time-to-live skips Argon2id.
//!
//! Only passphrase (Argon2id) vaults use the cache: a key file's key costs nothing to read, and
//! keeping it elsewhere would only widen its exposure. A cached key-encryption key is found by a
//! public *slot* naming the vault id and every KDF input except the passphrase
//! (`<id>.<m>.<t>.<p>.<salt>`), so a vault whose passphrase was changed (new salt) misses. The
//! cache is consulted first; a cached key that does not unwrap the data key is ignored and the
//! `source` is used; a derived key is put in the cache only after it unwrapped the data key.

use super::format::{self, Header, Kdf, RecipientLine};
use super::secret::{KEY_LEN, SecretKey};
use super::{KeySource, SecretCache, VaultError, crypto, key, recipient};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use std::path::Path;
use zeroize::Zeroizing;

/// Somewhere to keep derived key-encryption keys between opens: an in-process
/// [`SecretCache`](super::SecretCache), or the agent (`hush vault agent`).
pub trait KekCache {
    /// The key-encryption key kept under `slot`, if any.
    fn get_kek(&mut self, slot: &str) -> Option<SecretKey>;
    /// Keeps `kek` under `slot`.
    fn put_kek(&mut self, slot: &str, kek: &SecretKey);
}

/// An in-process cache of derived keys: repeated opens of a passphrase vault skip Argon2id.
impl KekCache for SecretCache {
    fn get_kek(&mut self, slot: &str) -> Option<SecretKey> {
        let bytes = self.get(slot)?;
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(bytes.get(..KEY_LEN).filter(|_| bytes.len() == KEY_LEN)?);
        Some(SecretKey::from_bytes(key))
    }

    fn put_kek(&mut self, slot: &str, kek: &SecretKey) {
        self.insert(slot, kek.expose());
    }
}

/// The cache slot of a passphrase vault with this header; `None` for a key-file vault.
pub(crate) fn slot(header: &Header) -> Option<String> {
    match &header.kdf {
        Kdf::KeyFile => None,
        Kdf::Argon2id { params, salt } => Some(format!(
            "{}.{}.{}.{}.{}",
            B64.encode(header.id),
            params.m_kib,
            params.t,
            params.p,
            B64.encode(salt)
        )),
    }
}

/// The key-encryption key (`None` when an age identity opened a recipient line) and the data
/// key of the vault at `path`, via `cache` when it holds the right KEK.
pub(crate) fn unwrap_dek(
    path: &Path,
    header: &Header,
    recipients: &[RecipientLine],
    source: &KeySource,
    mut cache: Option<&mut dyn KekCache>,
) -> Result<(Option<SecretKey>, SecretKey), VaultError> {
    if let KeySource::Identity(file) = source {
        if recipients.is_empty() {
            return Err(VaultError::KeyMismatch(
                "this vault has no recipients: open it with its key file or passphrase",
            ));
        }
        let identities = recipient::read_identity_file(file)?;
        let dek = recipient::unwrap(&identities, recipients)
            .ok_or_else(|| VaultError::NotRecipient(file.clone()))?;
        return Ok((None, dek));
    }
    let aad = format::key_aad(header, recipients);
    let unwrap = |kek: &SecretKey| crypto::unwrap(kek, &header.wrapped_key, &aad);
    let slot = slot(header);
    if let (Some(cache), Some(slot)) = (cache.as_deref_mut(), slot.as_deref())
        && let Some(kek) = cache.get_kek(slot)
        && let Ok(dek) = unwrap(&kek)
    {
        return Ok((Some(kek), dek));
    }
    let kek = key::kek(path, header, source)?;
    let dek = unwrap(&kek).map_err(|_| VaultError::WrongKey)?;
    if let (Some(cache), Some(slot)) = (cache, slot) {
        cache.put_kek(&slot, &kek);
    }
    Ok((Some(kek), dek))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{SecretString, Vault};
    use std::time::Duration;

    fn pass(p: &str) -> KeySource {
        KeySource::Passphrase(SecretString::from(p))
    }

    #[test]
    fn a_cached_kek_skips_the_passphrase_and_a_stale_one_is_ignored() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("v");
        drop(Vault::create(&path, &pass("right")).expect("creates"));
        let mut cache = SecretCache::new(Duration::from_secs(60));
        Vault::open_with_cache(&path, &pass("right"), &mut cache).expect("derives");
        assert_eq!(cache.len(), 1);
        // Only the cache can open it now: the passphrase given is wrong.
        Vault::open_with_cache(&path, &pass("wrong"), &mut cache).expect("cache hit");
        Vault::open_locked_with_cache(&path, &pass("wrong"), &mut cache).expect("cache hit");
        // A stale key in the slot falls back to the source, and is replaced once that works.
        let header = format::parse(&std::fs::read(&path).expect("reads"))
            .expect("parses")
            .header;
        let slot = slot(&header).expect("passphrase vault");
        assert!(slot.starts_with(&B64.encode(header.id)) && !slot.contains(' '));
        cache.put_kek(&slot, &SecretKey::generate());
        let err = Vault::open_with_cache(&path, &pass("wrong"), &mut cache).map(|_| ());
        assert!(matches!(err, Err(VaultError::WrongKey)));
        Vault::open_with_cache(&path, &pass("right"), &mut cache).expect("derives again");
        Vault::open_with_cache(&path, &pass("wrong"), &mut cache).expect("cache hit again");
    }

    #[test]
    fn key_file_vaults_are_not_cached() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("v");
        let key = KeySource::Key(SecretKey::generate());
        drop(Vault::create(&path, &key).expect("creates"));
        let mut cache = SecretCache::new(Duration::from_secs(60));
        Vault::open_with_cache(&path, &key, &mut cache).expect("opens");
        assert!(cache.is_empty());
    }
}
