//! `hush seal FILE…`, `hush unseal FILE`, and `hush seal get|edit|rotate|sqlite`: flags and
//! output. Sealed text may go to stdout; plaintext only from `unseal` and `seal get`. Key
//! handling (sources, prompts, `--vault`) is in `seal/key.rs`, `seal edit` in `seal/edit.rs`,
//! the SQLite migration in `seal/sqlite.rs`.

use super::exit::ExitCode;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use hush::detect::Detector;
use hush::patterns::PatternSet;
use hush::seal::{self, FieldGlob, Format, SealedFile, Selector};
use hush::vault::ExposeSecret;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

mod edit;
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
        Some(SealVerb::Get { file, path, key }) => return get(file, path, key),
        Some(SealVerb::Edit { file, key }) => return edit::edit(file, key, &selector(args)?),
        Some(SealVerb::Rotate { file, key }) => return rotate(file, key),
        Some(SealVerb::Sqlite(s)) => return sqlite::seal(s),
        None => {}
    }
    let selector = selector(args)?;
    if args.check {
        return check(args, &selector);
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

fn selector(args: &SealArgs) -> Result<Selector> {
    let globs = args
        .fields
        .iter()
        .map(|g| FieldGlob::new(g).map_err(anyhow::Error::msg))
        .collect::<Result<Vec<_>>>()?;
    let detector = if args.no_detect {
        None
    } else {
        let set = PatternSet::builtin().context("loading built-in rules")?;
        Some(Detector::new(set).context("building the detector")?)
    };
    Ok(Selector::new(true, detector, globs))
}

fn check(args: &SealArgs, selector: &Selector) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut found = false;
    for file in &args.files {
        let format = seal::format_of(file, args.key.format)?;
        let plain = seal::check_text(file, format, seal::read_text(file)?, selector)?;
        for (path, reason) in &plain {
            writeln!(out, "{}: {path}: plaintext ({reason})", file.display())?;
        }
        found |= !plain.is_empty();
    }
    out.flush()?;
    if found {
        eprintln!("hush: seal them with `hush seal --in-place FILE`");
    }
    Ok(ExitCode::from_found(found))
}

fn get(file: &Path, path: &str, key: &KeyArgs) -> Result<ExitCode> {
    let format = seal::format_of(file, key.format)?;
    let sealed = key::with_key(file, key, |choice| {
        SealedFile::open_with(file, format, choice)
    })?;
    let Some(value) = sealed.get(path) else {
        eprintln!("hush: no value at {path} in {}", file.display());
        return Ok(ExitCode::Findings);
    };
    let mut out = std::io::stdout().lock();
    out.write_all(value.expose_secret().as_bytes())?;
    if out.is_terminal() {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::Clean)
}

fn rotate(file: &Path, key: &KeyArgs) -> Result<ExitCode> {
    let format = seal::format_of(file, key.format)?;
    key::with_key(file, key, |choice| {
        seal::change_in_place(file, true, |text| {
            seal::rotate_text(file, format, text, choice)
        })
    })?;
    eprintln!("hush: re-sealed {} under a new data key", file.display());
    Ok(ExitCode::Clean)
}
