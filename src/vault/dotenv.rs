//! The common plaintext dotenv dialect, for `vault import` (read) and `vault export` (write).
//!
//! Read: a UTF-8 BOM, CRLF line ends, blank lines, `# comment` lines, an optional `export `
//! prefix, `NAME=value` with the value unquoted (trimmed; ` #...` starts a comment), in single
//! quotes (literal, may span lines) or in double quotes (escapes `\n \r \t \" \\ \$ \'`, may span
//! lines). Comments after a value are dropped; whole-line comments are kept. Values only ever live
//! in [`Zeroizing`] strings, and errors name the line, never the value. `${VAR}` expansion and the
//! rest of the full dialect belong to the loader (a later issue).

use super::format::{LineError, valid_comment, valid_name};
use zeroize::Zeroizing;

/// One line (or, for a quoted value, several lines) of a dotenv file.
pub(crate) enum Item {
    Blank,
    Comment(String),
    Entry {
        name: String,
        value: Zeroizing<String>,
    },
}

/// Parses dotenv text. Errors carry the 1-based line where the problem starts.
pub(crate) fn parse(text: &[u8]) -> Result<Vec<Item>, LineError> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    let text = std::str::from_utf8(text).map_err(|e| {
        let line = 1 + text[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        LineError::new(line, "not valid UTF-8")
    })?;
    let mut s = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    while let Some(p) = rest.find("\r\n") {
        s.push_str(&rest[..p]);
        s.push('\n');
        rest = &rest[p + 2..];
    }
    s.push_str(rest);
    let mut items = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < s.len() {
        let end = s[i..].find('\n').map_or(s.len(), |e| i + e);
        let t = s[i..end].trim_start_matches([' ', '\t']);
        if t.trim_end().is_empty() {
            items.push(Item::Blank);
        } else if t.starts_with('#') {
            let c = t.trim_end();
            if !valid_comment(c) {
                return Err(LineError::new(
                    line,
                    "comments starting `#hush:` are reserved",
                ));
            }
            items.push(Item::Comment(c.to_owned()));
        } else {
            let (item, next) = entry(&s, end - t.len(), line)?;
            items.push(item);
            line += s[i..next].matches('\n').count();
            i = next + 1;
            line += 1;
            continue;
        }
        i = end + 1;
        line += 1;
    }
    Ok(items)
}

/// Parses the entry starting at byte `at`; returns it and the index of the `\n` ending it.
fn entry(s: &str, at: usize, line: usize) -> Result<(Item, usize), LineError> {
    let err = |what: &str| LineError::new(line, what);
    let mut t = &s[at..];
    if let Some(r) = t
        .strip_prefix("export")
        .filter(|r| r.starts_with([' ', '\t']))
    {
        t = r.trim_start_matches([' ', '\t']);
    }
    let eq = t.find('=').filter(|&e| !t[..e].contains('\n'));
    let eq = eq.ok_or_else(|| err("expected NAME=value"))?;
    let name = t[..eq].trim_end_matches([' ', '\t']);
    if !valid_name(name) {
        return Err(err("bad name (expected [A-Za-z_][A-Za-z0-9_]*)"));
    }
    let rest = t[eq + 1..].trim_start_matches([' ', '\t']);
    let start = s.len() - rest.len();
    let eol = |from: usize| s[from..].find('\n').map_or(s.len(), |e| from + e);
    let (value, after) = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let close = closing(rest, q).ok_or_else(|| err("unterminated quoted value"))?;
            let raw = &rest[1..close];
            let value = if q == '"' { unescape(raw) } else { copy(raw) };
            (value, start + close + 1)
        }
        _ => {
            let end = eol(start);
            let mut v = &s[start..end];
            if let Some(c) = v.find(" #").or_else(|| v.find("\t#")) {
                v = &v[..c];
            }
            if v.starts_with('#') {
                v = ""; // `A= # comment`: an empty value
            }
            (copy(v.trim_end_matches([' ', '\t'])), end)
        }
    };
    let end = eol(after);
    let tail = s[after..end].trim_start_matches([' ', '\t']);
    if !tail.is_empty() && !tail.starts_with('#') {
        return Err(err("unexpected text after the closing quote"));
    }
    let name = name.to_owned();
    Ok((Item::Entry { name, value }, end))
}

/// Index in `rest` of the quote closing the one at index 0; backslash escapes in `"`.
fn closing(rest: &str, q: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if q == '"' => escaped = true,
            c if c == q => return Some(i),
            _ => {}
        }
    }
    None
}

fn copy(raw: &str) -> Zeroizing<String> {
    let mut v = Zeroizing::new(String::with_capacity(raw.len()));
    v.push_str(raw);
    v
}

fn unescape(raw: &str) -> Zeroizing<String> {
    let mut v = Zeroizing::new(String::with_capacity(raw.len()));
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            v.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => v.push('\n'),
            Some('r') => v.push('\r'),
            Some('t') => v.push('\t'),
            Some(e @ ('"' | '\\' | '$' | '\'')) => v.push(e),
            Some(other) => {
                v.push('\\');
                v.push(other);
            }
            None => v.push('\\'),
        }
    }
    v
}

/// Appends `NAME=value\n` to `out`, quoting `value` so [`parse`] reads it back exactly: bare when
/// it is made of `[A-Za-z0-9_./:@%+,=-]`, in single quotes when it has no `'` and no control
/// character, else in double quotes with `\\ \" \$ \n \r \t` escaped.
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
