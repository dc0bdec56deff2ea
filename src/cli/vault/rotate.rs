//! `hush vault rotate|rollback|passwd`: new values, older versions back, new keys.
//!
//! Nothing here prints a value: `rotate` says which version is live and how many older ones are
//! kept; the new value is read with `vault get`. Every change is one atomic write, so a failure
//! (exit 2) leaves the vault file as it was.

use super::super::exit::ExitCode;
use super::{VaultArgs, new_passphrase, open};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use hush::vault::{Charset, DEFAULT_KEEP, DEFAULT_LENGTH, Generator, KeySource, MAX_KEEP, Vault};
use std::path::PathBuf;

/// `vault rotate` flags.
#[derive(Debug, Args)]
pub(super) struct RotateArgs {
    /// The entry whose value is replaced; it must already exist.
    #[arg(required_unless_present = "key")]
    name: Option<String>,
    /// Length of the new value, in characters (16 to 4096).
    ///
    /// Default: 32.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_LENGTH, conflicts_with = "uuid")]
    length: usize,
    /// Characters the new value is made of.
    ///
    /// Default: alnum (A-Z a-z 0-9). hex is 0-9 a-f; base64 adds `+` `/`; urlsafe adds `-` `_`.
    #[arg(long, value_enum, default_value_t = CharsetArg::Alnum, conflicts_with = "uuid")]
    charset: CharsetArg,
    /// Make the new value a random (version 4) UUID instead.
    #[arg(long)]
    uuid: bool,
    /// Older versions of NAME to keep sealed in the vault for `rollback` (0 to 100).
    ///
    /// Default: 3. The oldest beyond N are dropped; 0 drops them all.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_KEEP as u64,
        value_parser = clap::value_parser!(u64).range(0..=MAX_KEEP as u64)
    )]
    keep: u64,
    /// Instead of a value: make a new data key and re-seal every value under it.
    ///
    /// The data key is re-wrapped under the same passphrase or key file, in one atomic write.
    #[arg(long, conflicts_with_all = ["name", "length", "charset", "uuid", "keep"])]
    key: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CharsetArg {
    Alnum,
    Hex,
    Base64,
    Urlsafe,
}

/// `vault passwd` flags.
#[derive(Debug, Args)]
pub(super) struct PasswdArgs {
    /// Wrap the data key under a fresh key file written to PATH (mode 0600) instead of a new
    /// passphrase. PATH must not exist.
    ///
    /// Default: a new passphrase, from HUSH_NEW_PASSPHRASE or prompted for twice.
    #[arg(long, value_name = "PATH")]
    new_keyfile: Option<PathBuf>,
}

pub(super) fn rotate(args: &VaultArgs, r: &RotateArgs) -> Result<ExitCode> {
    let file = args.file.display();
    let Some(name) = r.name.as_deref().filter(|_| !r.key) else {
        let mut vault = open(args, true)?;
        vault.rotate_key()?;
        vault.save()?;
        eprintln!("hush: new data key for {file}; every value re-sealed under it");
        return Ok(ExitCode::Clean);
    };
    let generator = if r.uuid {
        Generator::Uuid
    } else {
        let charset = match r.charset {
            CharsetArg::Alnum => Charset::Alnum,
            CharsetArg::Hex => Charset::Hex,
            CharsetArg::Base64 => Charset::Base64,
            CharsetArg::Urlsafe => Charset::UrlSafe,
        };
        Generator::chars(charset, r.length)?
    };
    let mut vault = open(args, true)?;
    let keep = usize::try_from(r.keep).expect("at most 100");
    let v = vault.rotate(name, &generator.generate(), keep)?;
    vault.save()?;
    eprintln!(
        "hush: rotated {name} in {file} (version {}, {} older kept); \
         read it with `hush vault get {name}`",
        v.current, v.kept
    );
    Ok(ExitCode::Clean)
}

pub(super) fn rollback(args: &VaultArgs, name: &str) -> Result<ExitCode> {
    let mut vault = open(args, true)?;
    let v = vault.rollback(name)?;
    vault.save()?;
    eprintln!(
        "hush: rolled {name} in {} back to version {} ({} older kept)",
        args.file.display(),
        v.current,
        v.kept
    );
    Ok(ExitCode::Clean)
}

pub(super) fn passwd(args: &VaultArgs, p: &PasswdArgs) -> Result<ExitCode> {
    if let Some(kf) = &p.new_keyfile
        && Vault::finish_key_change(&args.file, kf)?
    {
        eprintln!(
            "hush: finished an interrupted key change: {} is now opened by the key file {}",
            args.file.display(),
            kf.display()
        );
        return Ok(ExitCode::Clean);
    }
    if let Some(kf) = &p.new_keyfile
        && kf.exists()
    {
        bail!(
            "{} already exists; passwd writes a fresh key file, name a new path",
            kf.display()
        );
    }
    let mut vault = open(args, true)?;
    let source = match &p.new_keyfile {
        Some(kf) => KeySource::KeyFile(kf.clone()),
        None => KeySource::Passphrase(new_passphrase("HUSH_NEW_PASSPHRASE", None)?),
    };
    vault
        .change_key(&source)
        .with_context(|| format!("changing the key of {}", args.file.display()))?;
    let how = match &p.new_keyfile {
        Some(kf) => format!(
            "the new key file {} (pass --keyfile {0} or move it to the default location)",
            kf.display()
        ),
        None => "the new passphrase".to_owned(),
    };
    eprintln!(
        "hush: {} is now opened by {how}; the old key no longer opens it",
        args.file.display()
    );
    Ok(ExitCode::Clean)
}
