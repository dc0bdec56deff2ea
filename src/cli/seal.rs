//! `hush seal FILE…`, `hush unseal FILE`, and `hush seal get|edit|rotate|sqlite`: flags and
//! output. Sealed text may go to stdout; plaintext only from `unseal` and `seal get`. Key
//! handling (sources, prompts, `--vault`) is in `seal/key.rs`, `seal edit` in `seal/edit.rs`,
//! `get`, `--check` and `rotate` in `seal/read.rs`, the SQLite migration in `seal/sqlite.rs`.

use super::exit::ExitCode;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use hush::seal::{self, Format};
use std::io::Write;
use std::path::PathBuf;

mod edit;
mod read;
mod select;
use select::selector;
mod key;
pub(super) use key::open_for_run;
mod sqlite;

/// Flags every `seal` / `unseal` verb takes.
#[derive(Debug, Args)]
pub(super) struct KeyArgs {
    /// Key file (or, sealing a new file, the key file to create with mode 0600).
    ///
    /// Default: HUSH_VAULT_KEY, else `$XDG_CONFIG_HOME/hush/keys/<key id>.key` (else
    /// `~/.config/...`), else HUSH_PASSPHRASE or a prompt for a passphrase-sealed file.
    #[arg(long, global = true, value_name = "P")]
    keyfile: Option<PathBuf>,
    /// Seal under this vault's key (so a project has one key); files sealed so open with it.
    #[arg(long, global = true, value_name = "V")]
    vault: Option<PathBuf>,
    /// Protect a newly sealed file with a passphrase (HUSH_PASSPHRASE, else prompted twice).
    #[arg(long, global = true, conflicts_with_all = ["keyfile", "vault"])]
    passphrase: bool,
    /// The file format: json, toml or yaml. Default: from the file extension.
    #[arg(long, global = true, value_name = "F", value_parser = parse_format)]
    format: Option<Format>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| "expected json, toml or yaml".to_owned())
}

/// `hush seal`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(super) struct SealArgs {
    #[command(subcommand)]
    verb: Option<SealVerb>,
    /// The files to seal (or to check, with --check).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Write the sealed file back in place (atomically). Default: print it to stdout.
    #[arg(long)]
    in_place: bool,
    /// Exit 1 naming every sensitive value still in plaintext (never the value); needs no key.
    #[arg(long, conflicts_with = "in_place")]
    check: bool,
    /// Also seal the values at paths matching this glob (`integrations.*.api_key`); repeatable.
    #[arg(long = "fields", value_name = "GLOB")]
    fields: Vec<String>,
    /// Do not run the secret detector on values (sensitive names and --fields only).
    #[arg(long)]
    no_detect: bool,
    #[command(flatten)]
    key: KeyArgs,
}

#[derive(Debug, Subcommand)]
enum SealVerb {
    /// Print the value at PATH (`db.password`, `servers[0].token`) to stdout.
    Get {
        /// The sealed file.
        file: PathBuf,
        /// The key path.
        path: String,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Decrypt to a 0600 temp file, run $EDITOR on it, re-seal it, remove the temp file.
    Edit {
        /// The sealed file.
        file: PathBuf,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Re-seal every sealed value under a fresh data key and file id (same key file/passphrase).
    Rotate {
        /// The sealed file.
        file: PathBuf,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Seal every plaintext value of a SQLite column, in one transaction (rerun-safe).
    Sqlite(sqlite::SqliteArgs),
}

/// `hush unseal`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(super) struct UnsealArgs {
    #[command(subcommand)]
    verb: Option<UnsealVerb>,
    /// The sealed file.
    #[arg(value_name = "FILE", required = true)]
    file: Option<PathBuf>,
    /// Write the plaintext back in place (atomically, mode 0600). Default: print it to stdout.
    #[arg(long)]
    in_place: bool,
    #[command(flatten)]
    key: KeyArgs,
}

#[derive(Debug, Subcommand)]
enum UnsealVerb {
    /// Open every sealed value of a SQLite column again, in one transaction.
    Sqlite(sqlite::SqliteArgs),
}

pub(super) fn run_seal(args: &SealArgs) -> Result<ExitCode> {
    match &args.verb {
        Some(SealVerb::Get { file, path, key }) => return read::get(file, path, key),
        Some(SealVerb::Edit { file, key }) => return edit::edit(file, key, &selector(args)?),
        Some(SealVerb::Rotate { file, key }) => return read::rotate(file, key),
        Some(SealVerb::Sqlite(s)) => return sqlite::seal(s),
        None => {}
    }
    let selector = selector(args)?;
    if args.check {
        return read::check(args, &selector);
    }
    if !args.in_place && args.files.len() > 1 {
        bail!("sealing several files needs --in-place (without it the result goes to stdout)");
    }
    for file in &args.files {
        let format = seal::format_of(file, args.key.format)?;
        let report = |s: &seal::Sealed| {
            eprintln!(
                "hush: sealed {} new values in {}",
                s.newly_sealed,
                file.display()
            );
            if let Some(kf) = &s.new_key_file {
                eprintln!(
                    "hush: new key file {} (keep it secret and backed up; never commit it)",
                    kf.display()
                );
            }
        };
        if args.in_place {
            key::with_key(file, &args.key, |choice| {
                seal::change_in_place(file, true, |text| {
                    let s = seal::seal_text(file, format, text, choice, &selector)?;
                    report(&s);
                    Ok(s.text)
                })
            })?;
        } else {
            let text = seal::read_text(file)?;
            let s = key::with_key(file, &args.key, |choice| {
                seal::seal_text(file, format, text.clone(), choice, &selector)
            })?;
            report(&s);
            let mut out = std::io::stdout().lock();
            out.write_all(s.text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::Clean)
}

pub(super) fn run_unseal(args: &UnsealArgs) -> Result<ExitCode> {
    if let Some(UnsealVerb::Sqlite(s)) = &args.verb {
        return sqlite::unseal(s);
    }
    let file = args.file.as_deref().context("no FILE given")?;
    let format = seal::format_of(file, args.key.format)?;
    if args.in_place {
        key::with_key(file, &args.key, |choice| {
            seal::change_in_place(file, false, |text| {
                seal::unseal_text(file, format, text, choice)
            })
        })?;
        eprintln!("hush: unsealed {} (mode 0600)", file.display());
    } else {
        let text = seal::read_text(file)?;
        let plain = key::with_key(file, &args.key, |choice| {
            seal::unseal_text(file, format, text.clone(), choice)
        })?;
        let mut out = std::io::stdout().lock();
        out.write_all(plain.as_bytes())?;
        out.flush()?;
    }
    Ok(ExitCode::Clean)
}
