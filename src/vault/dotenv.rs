//! Plaintext dotenv in and out of a vault: [`Vault::import_dotenv`] seals what the
//! [`loader`](super::loader) parses; [`Vault::export_dotenv`] writes it back, [`write_entry`]
//! quoting each value so the loader reads it back exactly.

use super::format::Line;
use super::{LoadWarning, Vault, VaultError, loader};
use zeroize::Zeroizing;

/// Appends `NAME=value\n` to `out`, quoting `value` so [`super::loader::parse`] reads it back
/// exactly: bare when it is made of `[A-Za-z0-9_./:@%+,=-]`, in single quotes (never expanded)
/// when it has no `'` and no control character, else in double quotes with `\\ \" \$ \n \r \t`
/// escaped (so no `${` is expanded).
pub(crate) fn write_entry(out: &mut Zeroizing<String>, name: &str, value: &str) {
    const BARE: &str = "_./:@%+,=-";
    out.push_str(name);
    out.push('=');
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || BARE.contains(c))
    {
        out.push_str(value);
    } else if !value.contains('\'') && !value.chars().any(char::is_control) {
        out.push('\'');
        out.push_str(value);
        out.push('\'');
    } else {
        out.push('"');
        for c in value.chars() {
            match c {
                '\\' | '"' | '$' => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push('\n');
}

impl Vault {
    /// Seals every entry of a plaintext dotenv file into the vault, in order, appending its
    /// comments; a name already present is replaced in place. Returns the number of entries and
    /// the warnings (duplicate names, bare names), which name lines, never values.
    ///
    /// The dialect: a BOM, CRLF, `export `, `#` comments, single quotes (literal), double quotes
    /// (escapes, several lines), `${VAR}` and `${VAR:-default}` from earlier entries, else the
    /// process environment, else empty; `$VAR` without braces stays as written; a bare `NAME`
    /// without `=` is skipped with a warning; a repeated name keeps its last value.
    pub fn import_dotenv(&mut self, text: &[u8]) -> Result<(usize, Vec<LoadWarning>), VaultError> {
        let env = |name: &str| std::env::var(name).ok().map(Zeroizing::new);
        let loaded = loader::parse(text, &env).map_err(VaultError::Dotenv)?;
        let mut count = 0;
        for item in loaded.items {
            match item {
                loader::Item::Blank => self.lines.push(Line::Blank),
                loader::Item::Comment(c) => self.lines.push(Line::Comment(c)),
                loader::Item::Entry { name, value } => {
                    self.set_str(&name, &value)?;
                    count += 1;
                }
            }
        }
        Ok((count, loaded.warnings))
    }

    /// The live values as plaintext dotenv (comments kept, history left out), in a zeroizing
    /// buffer.
    pub fn export_dotenv(&self) -> Zeroizing<String> {
        let size: usize = self
            .lines
            .iter()
            .map(|l| match l {
                Line::Blank => 1,
                Line::Comment(c) => c.len() + 1,
                Line::Entry { name, sealed } => name.len() + 2 * sealed.len() + 4,
                Line::History { .. } => 0,
            })
            .sum();
        let mut out = Zeroizing::new(String::with_capacity(size));
        for line in &self.lines {
            match line {
                Line::Blank => out.push('\n'),
                Line::Comment(c) => {
                    out.push_str(c);
                    out.push('\n');
                }
                Line::Entry { name, sealed } => {
                    let value = self
                        .open_value(name, sealed)
                        .expect("every value was checked by open");
                    write_entry(&mut out, name, &value);
                }
                // Export is of live values only; older versions stay sealed.
                Line::History { .. } => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
