//! Input-derived text made safe to put in an error or warning.
//!
//! Messages end up in terminals, CI logs and bug reports, so they must not carry a secret or
//! raw control characters (a file could send terminal escapes). Two helpers, used wherever
//! the binary or the library reports on user input:
//!
//! - [`toml_error`]: a TOML parse or shape error as `line L, column C: <kind>`. The `toml`
//!   crate's own `Display` quotes the offending source line, which may hold a secret; this
//!   keeps the position and the error kind only. Values the kind would quote (serde's
//!   `invalid type: string "…"`, an unknown key) are replaced by `…`.
//! - [`masked_arg`]: an argv value (a vault name, a git revision) masked as findings are
//!   ([`crate::scan::finding::mask`]), since people paste tokens into the wrong argument;
//!   [`shown_name`] for a name a message should repeat as typed unless a rule finds a secret
//!   in it (`vault get ghp_…` with the value pasted where its name belongs).

use crate::report::escape_control;
use crate::scan::finding::mask;

/// `line L, column C: kind` for a TOML error in `text` (or just `kind` when the error has no
/// position), never quoting `text`. One line per error; no control characters.
pub fn toml_error(err: &toml::de::Error, text: &str) -> String {
    let kind = toml_kind(err.message());
    match err.span() {
        Some(span) => {
            let (line, column) = position(text, span.start);
            format!("line {line}, column {column}: {kind}")
        }
        None => kind,
    }
}

/// The kind of a TOML or serde error message, with what it quotes from the input masked: a
/// double-quoted string (serde's `Debug` of a value) anywhere, and any `` `quoted` `` text
/// before `, expected` (an unknown key or variant, a number, a character), except in `missing
/// field` and `duplicate field` messages, whose names come from the schema. The grammar's own
/// expectations (`` expected `=` ``) stay. First line only, control characters escaped.
pub fn toml_kind(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    let from_schema = first.starts_with("missing field") || first.starts_with("duplicate field");
    let input_part = if from_schema {
        0
    } else {
        first.find(", expected").unwrap_or(first.len())
    };
    let mut out = String::with_capacity(first.len());
    let mut chars = first.char_indices();
    while let Some((i, c)) = chars.next() {
        let quoted = c == '"' || (c == '`' && i < input_part);
        if !quoted {
            out.push(c);
            continue;
        }
        // Skip to the closing quote (a `\"` inside a Debug string does not close it).
        let mut escaped = false;
        for (_, d) in chars.by_ref() {
            match d {
                _ if escaped => escaped = false,
                '\\' if c == '"' => escaped = true,
                d if d == c => break,
                _ => {}
            }
        }
        out.extend([c, '…', c]);
    }
    escape_control(&out)
}

/// 1-based line and column (in characters) of byte `at` of `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = 1 + before.matches('\n').count();
    (line, 1 + before[line_start..].chars().count())
}

/// An argv value masked as a finding's secret is (`ghp_…a1b2`; short values become `…`), with
/// control characters escaped.
pub fn masked_arg(arg: &str) -> String {
    escape_control(&mask(arg.as_bytes()))
}

/// A name from argv (a vault entry name) as a message may repeat it: as typed (control
/// characters escaped), unless a built-in rule finds a secret in it, then as [`masked_arg`].
/// Builds a detector, so it is for error paths only; if none can be built, the name is masked.
pub fn shown_name(name: &str) -> String {
    let secret = crate::patterns::PatternSet::builtin()
        .ok()
        .and_then(|set| crate::detect::Detector::new(set).ok())
        .is_none_or(|d| {
            let mut found = Vec::new();
            d.detect(name.as_bytes(), &mut d.scratch(), &mut found);
            !found.is_empty()
        });
    match secret {
        true => masked_arg(name),
        false => escape_control(name),
    }
}

#[cfg(test)]
mod tests;
