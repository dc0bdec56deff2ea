//! `hush seal get FILE PATH` (one value to stdout), `hush seal --check FILE…` (plaintext
//! sensitive paths, never values) and `hush seal rotate FILE` (a fresh data key): the verbs
//! that read a sealed file whole and write at most its sealed text.

use super::{KeyArgs, SealArgs, key};
use crate::cli::exit::ExitCode;
use anyhow::Result;
use hush::seal::{self, SealedFile, Selector};
use hush::vault::ExposeSecret;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub(super) fn check(args: &SealArgs, selector: &Selector) -> Result<ExitCode> {
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

pub(super) fn get(file: &Path, path: &str, key: &KeyArgs) -> Result<ExitCode> {
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

pub(super) fn rotate(file: &Path, key: &KeyArgs) -> Result<ExitCode> {
    let format = seal::format_of(file, key.format)?;
    key::with_key(file, key, |choice| {
        seal::change_in_place(file, true, |text| {
            seal::rotate_text(file, format, text, choice)
        })
    })?;
    eprintln!("hush: re-sealed {} under a new data key", file.display());
    Ok(ExitCode::Clean)
}
