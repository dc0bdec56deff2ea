//! Key sources: where the key-encryption key (KEK) of a vault comes from, in the documented
//! order, and how a new vault gets one.
//!
//! `HUSH_VAULT_KEY` (a base64 key), then `--keyfile` or the default key file named by the vault
//! id, then `HUSH_PASSPHRASE`; the CLI adds a no-echo prompt last. Age identities (v3 vaults
//! with recipients): an explicit `--identity F` or `HUSH_IDENTITY` is used alone; otherwise,
//! when none of the above finds a key, the default `$XDG_CONFIG_HOME/hush/identity.txt` (else
//! `~/.config/...`) is tried before the prompt. An identity is
//! [`KeySource::Identity`]; it unwraps a recipient line, not the KEK, so it is resolved in `kek`
//! rather than here, and `Environment` never reads one (so `hush seal --vault`, which needs the
//! KEK, never gets a vault opened by an identity). A source of the wrong kind for
//! the vault (a key for a passphrase vault, or the reverse) is skipped when implicit and refused
//! when explicit.

use super::format::{Header, Kdf};
use super::secret::SecretKey;
use super::{VaultError, crypto, format_err, kdf_limit, store};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use secrecy::{ExposeSecret, SecretString};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Where the key that opens a vault comes from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum KeySource {
    /// A 256-bit key, as a key file or `HUSH_VAULT_KEY` holds it.
    Key(SecretKey),
    /// A key file (refused if group or others may access it).
    KeyFile(PathBuf),
    /// A passphrase, stretched with Argon2id.
    Passphrase(SecretString),
    /// An age identity file (`AGE-SECRET-KEY-1…` lines; refused if group or others may read
    /// it): opens a vault that has this identity's public key as a recipient.
    Identity(PathBuf),
    /// The documented order, without prompting: `HUSH_VAULT_KEY`, then `keyfile` or the default
    /// key file (`$XDG_CONFIG_HOME/hush/keys/<vault id>.key`, else `~/.config/...`), then
    /// `HUSH_PASSPHRASE`. Sources of the wrong kind for the vault are skipped.
    Environment {
        /// `--keyfile`, if given.
        keyfile: Option<PathBuf>,
    },
}

/// A credential, before it is turned into a key-encryption key.
pub(crate) enum Credential {
    Key(SecretKey),
    Passphrase(SecretString),
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Resolves [`KeySource::Environment`] for a vault whose data key is wrapped under a
/// passphrase (`passphrase`) or a key. Order: `HUSH_VAULT_KEY`, `keyfile` or the default key file
/// named by `id`, `HUSH_PASSPHRASE`; sources of the other kind are skipped.
fn from_environment(
    keyfile: Option<&Path>,
    passphrase: bool,
    id: &str,
    path: &Path,
) -> Result<Credential, VaultError> {
    if passphrase {
        if keyfile.is_some() {
            return Err(VaultError::KeyMismatch(
                "this vault is protected by a passphrase, not a key file",
            ));
        }
        return match env_nonempty("HUSH_PASSPHRASE") {
            Some(p) => Ok(Credential::Passphrase(SecretString::from(p))),
            None => Err(VaultError::NoKey {
                path: path.to_owned(),
                passphrase,
            }),
        };
    }
    if let Some(text) = env_nonempty("HUSH_VAULT_KEY").map(Zeroizing::new) {
        let key = SecretKey::from_base64(&text).ok_or(VaultError::EnvKeyInvalid)?;
        return Ok(Credential::Key(key));
    }
    if let Some(kf) = keyfile {
        return store::read_key_file(kf).map(Credential::Key);
    }
    match store::default_key_path(id) {
        Some(kf) if kf.exists() => store::read_key_file(&kf).map(Credential::Key),
        _ => Err(VaultError::NoKey {
            path: path.to_owned(),
            passphrase,
        }),
    }
}

/// The KEK that should unwrap the data key of the vault at `path` with this `header`.
pub(crate) fn kek(
    path: &Path,
    header: &Header,
    source: &KeySource,
) -> Result<SecretKey, VaultError> {
    let passphrase = matches!(header.kdf, Kdf::Argon2id { .. });
    if let Kdf::Argon2id { params, .. } = &header.kdf {
        // Before any source is asked (no prompt, no agent) and before any work.
        kdf_limit::check(path, *params)?;
    }
    let credential = match source {
        KeySource::Key(k) => Credential::Key(k.clone()),
        KeySource::KeyFile(p) => Credential::Key(store::read_key_file(p)?),
        KeySource::Passphrase(p) => Credential::Passphrase(p.clone()),
        KeySource::Identity(_) => {
            return Err(VaultError::KeyMismatch(
                "an age identity opens only a vault it is a recipient of",
            ));
        }
        KeySource::Environment { keyfile } => {
            let id = B64.encode(header.id);
            from_environment(keyfile.as_deref(), passphrase, &id, path)?
        }
    };
    match (credential, &header.kdf) {
        (Credential::Key(k), Kdf::KeyFile) => Ok(k),
        (Credential::Passphrase(p), Kdf::Argon2id { params, salt }) => {
            crypto::argon2id(p.expose_secret().as_bytes(), salt, *params)
                .map_err(|why| format_err(path, 3, why))
        }
        (Credential::Key(_), _) => Err(VaultError::KeyMismatch(
            "this vault is protected by a passphrase, not a key",
        )),
        (Credential::Passphrase(_), _) => Err(VaultError::KeyMismatch(
            "this vault is protected by a key file, not a passphrase",
        )),
    }
}

/// The KDF line and KEK for a new vault with this `id`, and the key file written for it, if any
/// (see [`super::Vault::create`] for what each source means here).
pub(crate) fn new_kek(
    path: &Path,
    id: &[u8; super::format::ID_LEN],
    source: &KeySource,
) -> Result<(Kdf, SecretKey, Option<PathBuf>), VaultError> {
    Ok(match source {
        KeySource::Identity(_) => {
            return Err(VaultError::KeyMismatch(
                "an age identity cannot protect a vault: use a key file or passphrase, then \
                 `hush vault recipients add`",
            ));
        }
        KeySource::Key(k) => (Kdf::KeyFile, k.clone(), None),
        KeySource::Passphrase(p) => {
            let (params, salt) = (crypto::Argon2Params::DEFAULT, crypto::random());
            let kek = crypto::argon2id(p.expose_secret().as_bytes(), &salt, params)
                .map_err(|why| format_err(path, 3, why))?;
            (Kdf::Argon2id { params, salt }, kek, None)
        }
        KeySource::KeyFile(p) if p.exists() => (Kdf::KeyFile, store::read_key_file(p)?, None),
        KeySource::KeyFile(p) | KeySource::Environment { keyfile: Some(p) } => {
            new_key_file(p.clone())?
        }
        KeySource::Environment { keyfile: None } => {
            let kf = store::default_key_path(&B64.encode(id))
                .ok_or(VaultError::KeyMismatch("no HOME to put the key file in"))?;
            new_key_file(kf)?
        }
    })
}

fn new_key_file(path: PathBuf) -> Result<(Kdf, SecretKey, Option<PathBuf>), VaultError> {
    let key = SecretKey::generate();
    store::create_key_file(&path, &key)?;
    Ok((Kdf::KeyFile, key, Some(path)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::crypto::Argon2Params;

    fn header(kdf: Kdf) -> Header {
        Header {
            version: super::super::format::V1,
            id: [1; 16],
            kdf,
            wrapped_key: Vec::new(),
        }
    }

    fn argon() -> Kdf {
        Kdf::Argon2id {
            params: Argon2Params::DEFAULT,
            salt: [2; 16],
        }
    }

    #[test]
    fn explicit_sources_of_the_wrong_kind_are_refused() {
        let p = Path::new("v");
        let key = KeySource::Key(SecretKey::generate());
        let pass = KeySource::Passphrase(SecretString::from("pw"));
        assert!(matches!(
            kek(p, &header(argon()), &key),
            Err(VaultError::KeyMismatch(_))
        ));
        assert!(matches!(
            kek(p, &header(Kdf::KeyFile), &pass),
            Err(VaultError::KeyMismatch(_))
        ));
        let kf = KeySource::Environment {
            keyfile: Some("k".into()),
        };
        assert!(matches!(
            kek(p, &header(argon()), &kf),
            Err(VaultError::KeyMismatch(_))
        ));
    }

    #[test]
    fn a_key_is_used_as_the_kek() {
        let k = SecretKey::generate();
        let got = kek(
            Path::new("v"),
            &header(Kdf::KeyFile),
            &KeySource::Key(k.clone()),
        );
        assert_eq!(got.expect("resolves").expose(), k.expose());
    }

    #[test]
    fn new_key_file_is_created_once_then_reused() {
        let dir = tempfile::tempdir().expect("tmp");
        let kf = dir.path().join("keys/new.key");
        let src = KeySource::KeyFile(kf.clone());
        let (kdf, k1, made) = new_kek(Path::new("v"), &[0; 16], &src).expect("creates");
        assert_eq!((kdf, made), (Kdf::KeyFile, Some(kf)));
        let (_, k2, made) = new_kek(Path::new("v"), &[0; 16], &src).expect("reuses");
        assert_eq!(made, None);
        assert_eq!(k1.expose(), k2.expose());
        assert_eq!(
            kek(Path::new("v"), &header(Kdf::KeyFile), &src)
                .expect("reads")
                .expose(),
            k1.expose()
        );
    }
}
