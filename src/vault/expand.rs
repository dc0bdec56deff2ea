//! Value expansion for the dotenv loader: `${VAR}`, `${VAR:-default}` and, in double quotes,
//! backslash escapes. Values only ever live in [`Zeroizing`] strings, grown without leaving an
//! unzeroized copy behind.
//!
//! A `.env` file is input: a few hundred bytes whose values each reference the previous one
//! twice would double in size on every line. So every expansion is checked *before* its bytes
//! are copied, against [`MAX_VALUE_LEN`] for the value and against [`MAX_EXPANDED`] for the
//! bytes all expansions of one file copy in; and the output buffer grows geometrically, so a
//! value with many references costs time linear in its length.

use super::MAX_VALUE_LEN;
use super::format::{LineError, valid_name};
use std::ops::Deref;
use zeroize::Zeroizing;

/// Most bytes that `${...}` expansions may copy in over one whole file (16 MiB): far above
/// what real files reference, far below what would hurt the machine.
pub(crate) const MAX_EXPANDED: usize = 16 << 20;

/// The value a `${NAME}` refers to: borrowed from an earlier entry, or owned (from the
/// environment), zeroized either way.
pub(crate) enum Found<'a> {
    /// An entry the file defined earlier.
    Entry(&'a str),
    /// A copy from the process environment.
    Env(Zeroizing<String>),
}

impl Deref for Found<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Self::Entry(s) => s,
            Self::Env(s) => s,
        }
    }
}

/// Expands `${VAR}` and `${VAR:-default}` in `raw`, and backslash escapes if `escapes`.
/// `budget` holds how many bytes expansions may still copy in (see [`MAX_EXPANDED`]); an
/// expansion that would pass it, or make the value longer than [`MAX_VALUE_LEN`], is an error
/// naming `line`, raised before anything is copied.
pub(super) fn expand<'a>(
    raw: &str,
    escapes: bool,
    line: usize,
    budget: &mut usize,
    lookup: impl Fn(&str) -> Option<Found<'a>>,
) -> Result<Zeroizing<String>, LineError> {
    // Sized so that only `grow_push` ever needs more room: the rest of `raw` never expands.
    let mut v = Zeroizing::new(String::with_capacity(raw.len()));
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c == '\\' && escapes {
            let e = rest.chars().next();
            rest = &rest[e.map_or(0, char::len_utf8)..];
            match e {
                Some('n') => v.push('\n'),
                Some('r') => v.push('\r'),
                Some('t') => v.push('\t'),
                Some(e @ ('"' | '\\' | '$' | '\'')) => v.push(e),
                Some(other) => v.extend(['\\', other]),
                None => v.push('\\'),
            }
        } else if let Some(inner) = rest.strip_prefix('{').filter(|_| c == '$') {
            let close = inner.find('}');
            let close = close.ok_or_else(|| LineError::new(line, "unterminated `${`"))?;
            let (name, default) = match inner[..close].split_once(":-") {
                Some((name, default)) => (name, Some(default)),
                None => (&inner[..close], None),
            };
            if !valid_name(name) {
                return Err(LineError::new(line, "bad name inside `${...}`"));
            }
            rest = &inner[close + 1..];
            let found = lookup(name).filter(|found| !found.is_empty());
            let s = match (&found, default) {
                (Some(found), _) => &**found,
                (None, Some(default)) => default,
                (None, None) => "",
            };
            charge(v.len(), s.len(), budget, line)?;
            grow_push(&mut v, s, rest.len());
        } else {
            v.push(c);
        }
    }
    Ok(v)
}

/// Checks that appending `add` bytes to a value of `len` bytes stays within
/// [`MAX_VALUE_LEN`] and the file's `budget`, and takes them from the budget.
fn charge(len: usize, add: usize, budget: &mut usize, line: usize) -> Result<(), LineError> {
    if len.saturating_add(add) > MAX_VALUE_LEN {
        let what = "`${...}` expansion makes the value longer than 1 MiB";
        return Err(LineError::new(line, what));
    }
    *budget = budget.checked_sub(add).ok_or_else(|| {
        let what = "`${...}` expansions of this file copy more than 16 MiB in total";
        LineError::new(line, what)
    })?;
    Ok(())
}

/// Appends `s` to `v`, first moving `v` into a zeroizing buffer with room for `s` and `more`
/// bytes, so no reallocation leaves an unzeroized copy of a value behind. The new buffer is at
/// least twice the old one (capped at what a value may hold), so `n` appends copy O(total)
/// bytes, not O(n × total).
fn grow_push(v: &mut Zeroizing<String>, s: &str, more: usize) {
    let need = v.len() + s.len() + more;
    if v.capacity() < need {
        let doubled = v.capacity().saturating_mul(2).min(MAX_VALUE_LEN);
        let mut bigger = Zeroizing::new(String::with_capacity(need.max(doubled)));
        bigger.push_str(v);
        *v = bigger; // the old buffer is zeroized as it drops
    }
    v.push_str(s);
}

pub(super) fn copy(raw: &str) -> Zeroizing<String> {
    let mut v = Zeroizing::new(String::with_capacity(raw.len()));
    v.push_str(raw);
    v
}

#[cfg(test)]
mod tests;
