//! `hush vault import FILE`: seal a plaintext `.env`, refusing to change a live value unless
//! `--overwrite` (names listed, never values), and creating the vault as `init` does when there
//! is none (the file is checked first, so a bad one creates nothing).

use super::super::exit::ExitCode;
use super::{VaultArgs, create, open};
use anyhow::{Context, Result, bail};
use hush::vault::Vault;
use std::path::Path;
use zeroize::Zeroizing;

/// `vault import`: refuses to change live values unless `overwrite`; creates the vault (as
/// `init`) when there is none. The file is read and checked before any vault is created.
pub(super) fn import(
    args: &VaultArgs,
    source: &Path,
    remove_plaintext: bool,
    overwrite: bool,
    passphrase: bool,
) -> Result<ExitCode> {
    let file = args.file.as_path();
    let shown = source.display();
    let text = Zeroizing::new(std::fs::read(source).with_context(|| format!("reading {shown}"))?);
    let mut vault = if file.exists() {
        open(args, true)?
    } else {
        Vault::check_dotenv(&text).with_context(|| format!("importing {shown}"))?;
        eprintln!("hush: no vault at {}: creating it", file.display());
        create(args, passphrase)?
    };
    let changed = vault
        .changed_by_dotenv(&text)
        .with_context(|| format!("importing {shown}"))?;
    if !changed.is_empty() && !overwrite {
        bail!(
            "importing {shown} would change the value of {} in {}; nothing was imported \
             (pass --overwrite to replace them)",
            changed.join(", "),
            file.display()
        );
    }
    let (n, warnings) = vault
        .import_dotenv(&text)
        .with_context(|| format!("importing {shown}"))?;
    for w in &warnings {
        eprintln!("hush: warning: {shown}: {w}");
    }
    vault.save()?;
    if remove_plaintext {
        std::fs::remove_file(source).with_context(|| format!("removing {shown}"))?;
    }
    let replaced = if changed.is_empty() {
        String::new()
    } else {
        format!(" ({} replaced: {})", changed.len(), changed.join(", "))
    };
    eprintln!(
        "hush: sealed {n} entries from {shown} into {}{replaced}",
        file.display()
    );
    Ok(ExitCode::Clean)
}
