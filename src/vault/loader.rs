//! The dotenv dialect `vault import` reads: [`parse`] turns plaintext into [`Item`]s (blank
//! lines, comments, entries) plus [`LoadWarning`]s; `vault run` then puts a vault's values into a
//! child's environment (in the binary).
//!
//! The dialect: a UTF-8 BOM and CRLF line ends are accepted; blank lines and `# comment` lines
//! are kept; `export ` before a name is ignored; spaces around `=` are ignored. A value is
//! - unquoted: up to the end of the line, trimmed; ` #` starts a comment (`a#b` does not);
//!   backslashes are literal; `${...}` is expanded;
//! - in single quotes: literal, may span lines, no expansion;
//! - in double quotes: may span lines; escapes `\n \t \r \" \\ \$ \'` (any other `\x` is kept as
//!   written); `${...}` is expanded.
//!
//! `${VAR}` is the value of `VAR` defined earlier in the file, else in the process environment,
//! else empty (as in most dotenv tools). `${VAR:-default}` is `default` (literal text) when `VAR`
//! is unset or empty. `$VAR` without braces is kept as written, so a `$` in a password needs no
//! quoting. A bare `NAME` line (no `=`) declares nothing: it is skipped with a warning. `NAME=`
//! is an empty value. A name set twice keeps its first position and its last value, with a
//! warning. Values only ever live in [`Zeroizing`] strings; errors and warnings name the line
//! (and the name), never the value.

use super::expand::{Found, MAX_EXPANDED, copy, expand};
use super::format::{LineError, valid_comment, valid_name};
pub use super::warning::LoadWarning;
use std::collections::HashMap;
use std::fmt;
use zeroize::Zeroizing;

const WS: [char; 2] = [' ', '\t'];

/// One line (or, for a quoted value, several lines) of a dotenv file.
pub(crate) enum Item {
    Blank,
    Comment(String),
    Entry {
        name: String,
        value: Zeroizing<String>,
    },
}

impl fmt::Debug for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Blank => f.write_str("Blank"),
            Self::Comment(c) => f.debug_tuple("Comment").field(c).finish(),
            Self::Entry { name, .. } => write!(f, "Entry {{ name: {name:?}, value: *** }}"),
        }
    }
}

/// Looks a name up in the process environment (or, in tests, a fixed map).
pub(crate) type Env<'a> = &'a dyn Fn(&str) -> Option<Zeroizing<String>>;

/// A parsed dotenv file: its items in order (each name once) and its warnings.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) items: Vec<Item>,
    pub(crate) warnings: Vec<LoadWarning>,
}

/// Parses dotenv text; `env` resolves `${VAR}` for names the file has not set. Errors carry the
/// 1-based line where the entry starts.
pub(crate) fn parse(text: &[u8], env: Env<'_>) -> Result<Loaded, LineError> {
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
    let mut p = Parser {
        items: Vec::new(),
        warnings: Vec::new(),
        seen: HashMap::new(),
        env,
        budget: MAX_EXPANDED,
    };
    let (mut i, mut line) = (0, 1);
    while i < s.len() {
        let end = eol(&s, i);
        let t = s[i..end].trim_start_matches(WS);
        let next = if t.trim_end().is_empty() {
            p.items.push(Item::Blank);
            end
        } else if t.starts_with('#') {
            let c = t.trim_end();
            if !valid_comment(c) {
                let what = "comments starting `#hush:` are reserved";
                return Err(LineError::new(line, what));
            }
            p.items.push(Item::Comment(c.to_owned()));
            end
        } else {
            p.entry(&s, end - t.len(), line)?
        };
        line += 1 + s[i..next].matches('\n').count();
        i = next + 1;
    }
    let Parser {
        items, warnings, ..
    } = p;
    Ok(Loaded { items, warnings })
}

struct Parser<'a> {
    items: Vec<Item>,
    warnings: Vec<LoadWarning>,
    /// Name -> (index in `items`, line that last set it).
    seen: HashMap<String, (usize, usize)>,
    env: Env<'a>,
    /// Bytes `${...}` expansions may still copy in (see [`MAX_EXPANDED`]).
    budget: usize,
}

impl Parser<'_> {
    /// Parses the entry starting at byte `at`; returns the index of the `\n` that ends it.
    fn entry(&mut self, s: &str, at: usize, line: usize) -> Result<usize, LineError> {
        let err = |what: &str| LineError::new(line, what);
        let mut t = &s[at..eol(s, at)];
        if let Some(r) = t.strip_prefix("export").filter(|r| r.starts_with(WS)) {
            t = r.trim_start_matches(WS);
        }
        let Some(eq) = t.find('=') else {
            let name = strip_comment(t).trim_end();
            if !valid_name(name) {
                return Err(err("expected NAME=value"));
            }
            // The word itself is not kept: a token pasted alone on a line looks like a name.
            self.warnings.push(LoadWarning::Bare { line });
            return Ok(eol(s, at));
        };
        let name = t[..eq].trim_end_matches(WS);
        if !valid_name(name) {
            return Err(err("bad name (expected [A-Za-z_][A-Za-z0-9_]*)"));
        }
        let offset = t.as_ptr() as usize - s.as_ptr() as usize;
        let rest = s[offset + eq + 1..].trim_start_matches(WS);
        let start = s.len() - rest.len();
        let (value, after) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = closing(rest, q).ok_or_else(|| err("unterminated quoted value"))?;
                let raw = &rest[1..close];
                let value = if q == '"' {
                    self.expand(raw, true, line)?
                } else {
                    copy(raw) // single quotes: literal, never expanded
                };
                (value, start + close + 1)
            }
            _ => {
                let end = eol(s, start);
                let v = strip_comment(&s[start..end]);
                let v = if v.starts_with('#') { "" } else { v }; // `A= # note`
                (self.expand(v.trim_end_matches(WS), false, line)?, end)
            }
        };
        let end = eol(s, after);
        let tail = s[after..end].trim_start_matches(WS);
        if !tail.is_empty() && !tail.starts_with('#') {
            return Err(err("unexpected text after the closing quote"));
        }
        self.define(name, value, line);
        Ok(end)
    }

    fn define(&mut self, name: &str, value: Zeroizing<String>, line: usize) {
        if let Some((index, previous)) = self.seen.get_mut(name) {
            if let Item::Entry { value: old, .. } = &mut self.items[*index] {
                *old = value;
            }
            let (name, previous) = (name.to_owned(), std::mem::replace(previous, line));
            self.warnings.push(LoadWarning::Duplicate {
                name,
                previous,
                line,
            });
            return;
        }
        self.seen.insert(name.to_owned(), (self.items.len(), line));
        let name = name.to_owned();
        self.items.push(Item::Entry { name, value });
    }

    /// Expands `raw` against the entries so far and the environment, charging the budget.
    fn expand(
        &mut self,
        raw: &str,
        escapes: bool,
        line: usize,
    ) -> Result<Zeroizing<String>, LineError> {
        let (items, seen, env) = (&self.items, &self.seen, self.env);
        // The value of `name` defined earlier in the file, else from the environment.
        let lookup = |name: &str| match seen.get(name).map(|&(i, _)| &items[i]) {
            Some(Item::Entry { value, .. }) => Some(Found::Entry(value.as_str())),
            _ => env(name).map(Found::Env),
        };
        expand(raw, escapes, line, &mut self.budget, lookup)
    }
}

/// Index of the `\n` ending the line that holds byte `from`, or `s.len()`.
fn eol(s: &str, from: usize) -> usize {
    s[from..].find('\n').map_or(s.len(), |e| from + e)
}

/// `v` up to a ` #` or `\t#` comment.
fn strip_comment(v: &str) -> &str {
    v.find(" #")
        .or_else(|| v.find("\t#"))
        .map_or(v, |c| &v[..c])
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

#[cfg(test)]
mod tests;
