//! Writing plaintext dotenv, for `vault export`: [`write_entry`] quotes each value so the
//! [`loader`](super::loader) reads it back exactly. Reading is the loader's job.

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

#[cfg(test)]
#[path = "dotenv_tests.rs"]
mod tests;
