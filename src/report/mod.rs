//! Printers: [`Sink`]s that write findings in one of the contract's formats.
//!
//! No matching happens here. Secrets appear only when [`ReportOptions::show_secrets`] is set;
//! otherwise a printer writes the masked form the scanner already computed.

pub mod human;
pub mod json;
pub mod sarif;

use crate::scan::Sink;
use std::io::Write;

/// Output formats of `scan`, `diff` and `git`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `path:line:column: rule (confidence) masked`, one per line.
    Human,
    /// One JSON array of finding objects.
    Json,
    /// One finding object per line.
    Jsonl,
    /// A SARIF 2.1.0 log.
    Sarif,
}

/// Options shared by every printer.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Print secrets in full (`--show-secrets`).
    pub show_secrets: bool,
    /// Use ANSI colour (human format only).
    pub color: bool,
}

/// A printer for `format` writing to `out`.
/// `rules` are the rules that ran (SARIF lists them).
pub fn printer<'w>(
    format: Format,
    options: ReportOptions,
    out: Box<dyn Write + 'w>,
    rules: &'w [crate::patterns::Rule],
) -> Box<dyn Sink + 'w> {
    match format {
        Format::Human => Box::new(human::HumanPrinter::new(out, options)),
        Format::Json => Box::new(json::JsonPrinter::new(out, options, false)),
        Format::Jsonl => Box::new(json::JsonPrinter::new(out, options, true)),
        Format::Sarif => Box::new(sarif::SarifPrinter::new(out, rules)),
    }
}

/// Escapes control characters so scanned text cannot drive the terminal.
pub fn escape_control(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_control;

    #[test]
    fn control_chars_are_escaped() {
        assert_eq!(escape_control("a\x1b[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(escape_control("plain ünïcode"), "plain ünïcode");
    }
}
