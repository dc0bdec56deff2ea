//! Entry points for the cargo-fuzz targets in `fuzz/`: not a stable API (hidden from the
//! docs). Each wraps one crate-internal parser so the targets fuzz exactly what the binary
//! runs, and checks the invariant that needs crate-internal code (a round trip); it returns
//! what it found instead of panicking, so the target decides what a crash is. No value leaves
//! these functions (they answer with counts and booleans) except [`redact`]'s masked output.

use crate::patterns::PatternSet;
use crate::redact::{MaskStyle, Masker, RedactFilter, Redactor};
use crate::vault::{format, loader};
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// Parses `text` as `vault import` does (`${VAR}` sees a fixed two-name environment); `None`
/// if it is refused. Otherwise writes every entry back as `vault export` quotes it and parses
/// that again: `Some(true)` when the same names and values come back in the same order.
pub fn dotenv_round_trip(text: &[u8]) -> Option<bool> {
    let env = |name: &str| match name {
        "HOME" => Some(Zeroizing::new("/home/fuzz".to_owned())),
        "EMPTY" => Some(Zeroizing::new(String::new())),
        _ => None,
    };
    let first = loader::parse(text, &env).ok()?;
    let mut out = Zeroizing::new(String::new());
    for item in &first.items {
        if let loader::Item::Entry { name, value } = item {
            crate::vault::dotenv::write_entry(&mut out, name, value);
        }
    }
    let Ok(second) = loader::parse(out.as_bytes(), &|_| None) else {
        return Some(false);
    };
    let entries = |items: &[loader::Item]| -> Vec<(String, Zeroizing<String>)> {
        items
            .iter()
            .filter_map(|item| match item {
                loader::Item::Entry { name, value } => Some((name.clone(), value.clone())),
                _ => None,
            })
            .collect()
    };
    Some(entries(&first.items) == entries(&second.items) && second.warnings.is_empty())
}

/// Parses `text` as a vault file (syntax only: no key, no MAC check); `None` if it is
/// refused. Otherwise renders it again: `Some(true)` when that gives back `text` byte for byte
/// (the format has one encoding per content, so a parser that accepts anything else is lax).
pub fn vault_file_round_trip(text: &[u8]) -> Option<bool> {
    let parsed = format::parse(text).ok()?;
    let body = format::render(&parsed.header, &parsed.recipients, &parsed.lines);
    let whole = body.clone() + &format::mac_line(&parsed.mac);
    Some(whole.as_bytes() == text && parsed.covered == body.len())
}

/// Loads `text` as a `hush.toml` does (TOML, then the `exclude` globs); the error message, as
/// the binary would print it, on failure.
pub fn config(text: &str) -> Result<(), String> {
    let config: crate::config::Config =
        toml::from_str(text).map_err(|e| crate::message::toml_error(&e, text))?;
    config.exclude_set().map(|_| ())
}

/// Redacts `input` with every built-in rule, as `hush redact` does (`--mask partial` when
/// `partial`, else full masks), on `threads` threads. The output is masked text; the redact
/// targets check their invariants on it.
pub fn redact(input: &[u8], partial: bool, threads: usize) -> Vec<u8> {
    static FULL: OnceLock<Redactor> = OnceLock::new();
    static PARTIAL: OnceLock<Redactor> = OnceLock::new();
    let build = |style| {
        let set = PatternSet::builtin().expect("built-in rules load");
        Redactor::new(set, Masker::new(style, b"fuzz")).expect("the built-in redactor builds")
    };
    let redactor = if partial {
        PARTIAL.get_or_init(|| build(MaskStyle::Partial))
    } else {
        FULL.get_or_init(|| build(MaskStyle::Full))
    };
    let mut out = Vec::new();
    RedactFilter::new(redactor, input, &mut out)
        .buffered(true)
        .threads(threads)
        .run()
        .expect("in-memory I/O cannot fail");
    out
}
