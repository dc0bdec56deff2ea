//! Where `hush seal` gets its key: `--vault V` (the vault's key), `--passphrase` (a new
//! passphrase for a new file), `--keyfile P`, HUSH_VAULT_KEY, the default key file named by the
//! file's key id, HUSH_PASSPHRASE — and a no-echo prompt when a passphrase is needed at a
//! terminal. The order is the vault's.

use super::KeyArgs;
use crate::cli::vault::{new_passphrase, prompt_secret};
use anyhow::{Context, Result};
use hush::seal::{KeyChoice, METADATA_KEY, SealError, SealedFile};
use hush::vault::{KeySource, SecretKey, SecretString, Vault, VaultError};
use std::io::IsTerminal;
use std::path::Path;
use zeroize::Zeroizing;

/// Runs `f` with the key `args` name for `file`, prompting once for a passphrase if a
/// passphrase-sealed file (or vault) needs one and stdin is a terminal.
pub(super) fn with_key<T>(
    file: &Path,
    args: &KeyArgs,
    mut f: impl FnMut(KeyChoice<'_>) -> Result<T, SealError>,
) -> Result<T> {
    if let Some(vault_path) = &args.vault {
        let vault = open_vault(vault_path, args)?;
        return f(KeyChoice::Vault(&vault))
            .with_context(|| format!("under the key of {}", vault_path.display()));
    }
    let source = source(file, args)?;
    match f(KeyChoice::Source(&source)) {
        Err(SealError::Key(VaultError::NoKey {
            passphrase: true, ..
        })) if std::io::stdin().is_terminal() => {
            let p = prompt_secret(&format!("passphrase for {}: ", file.display()))?;
            Ok(f(KeyChoice::Source(&KeySource::Passphrase(p)))?)
        }
        r => Ok(r?),
    }
}

fn source(file: &Path, args: &KeyArgs) -> Result<KeySource> {
    if args.passphrase {
        let sealed = std::fs::read_to_string(file).is_ok_and(|t| t.contains(METADATA_KEY));
        let from_env = std::env::var("HUSH_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty());
        return Ok(KeySource::Passphrase(match from_env {
            Some(p) => SecretString::from(p),
            None if sealed => prompt_secret(&format!("passphrase for {}: ", file.display()))?,
            None => new_passphrase("HUSH_PASSPHRASE", None)?,
        }));
    }
    if let Some(p) = &args.keyfile {
        return Ok(KeySource::KeyFile(p.clone()));
    }
    let env_key = std::env::var("HUSH_VAULT_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    if let Some(text) = env_key.map(Zeroizing::new) {
        let key = SecretKey::from_base64(&text).ok_or(VaultError::EnvKeyInvalid)?;
        return Ok(KeySource::Key(key));
    }
    Ok(KeySource::Environment { keyfile: None })
}

fn open_vault(path: &Path, args: &KeyArgs) -> Result<Vault> {
    let source = KeySource::Environment {
        keyfile: args.keyfile.clone(),
    };
    match Vault::open(path, &source) {
        Err(VaultError::NoKey {
            passphrase: true, ..
        }) if std::io::stdin().is_terminal() => {
            let p = prompt_secret(&format!("passphrase for {}: ", path.display()))?;
            Ok(Vault::open(path, &KeySource::Passphrase(p))?)
        }
        r => Ok(r?),
    }
}

/// `vault run --config FILE`: opens `file` (format from its extension) with `vault`'s key if
/// it was sealed under it, else with the key sources of `seal get` (`keyfile` for --keyfile).
pub(in crate::cli) fn open_for_run(
    file: &Path,
    keyfile: Option<std::path::PathBuf>,
    vault: Option<&Vault>,
) -> Result<SealedFile> {
    let format = hush::seal::format_of(file, None)?;
    if let Some(vault) = vault {
        match SealedFile::open_with(file, format, KeyChoice::Vault(vault)) {
            Err(SealError::OtherKey { .. }) => {}
            r => return Ok(r?),
        }
    }
    let args = KeyArgs {
        keyfile,
        vault: None,
        passphrase: false,
        format: Some(format),
    };
    with_key(file, &args, |choice| {
        SealedFile::open_with(file, format, choice)
    })
}
