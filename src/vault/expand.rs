//! Value expansion for the dotenv loader: `${VAR}`, `${VAR:-default}` and, in double quotes,
//! backslash escapes. Values only ever live in [`Zeroizing`] strings, grown without leaving an
//! unzeroized copy behind.

use super::format::{LineError, valid_name};
use zeroize::Zeroizing;

/// Expands `${VAR}` and `${VAR:-default}` in `raw`, and backslash escapes if `escapes`.
pub(super) fn expand(
    raw: &str,
    escapes: bool,
    line: usize,
    lookup: impl Fn(&str) -> Option<Zeroizing<String>>,
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
            match (lookup(name), default) {
                (Some(found), _) if !found.is_empty() => grow_push(&mut v, &found, rest.len()),
                (_, Some(default)) => grow_push(&mut v, default, rest.len()),
                _ => {}
            }
        } else {
            v.push(c);
        }
    }
    Ok(v)
}

/// Appends `s` to `v`, first moving `v` into a zeroizing buffer with room for `s` and `more`
/// bytes, so no reallocation leaves an unzeroized copy of a value behind.
fn grow_push(v: &mut Zeroizing<String>, s: &str, more: usize) {
    if v.capacity() - v.len() < s.len() + more {
        let mut bigger = Zeroizing::new(String::with_capacity(v.len() + s.len() + more));
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
mod tests {
    use super::*;

    fn run(raw: &str, escapes: bool) -> Result<String, LineError> {
        let lookup = |name: &str| (name == "HOST").then(|| copy("db.internal"));
        expand(raw, escapes, 7, lookup).map(|v| v.as_str().to_owned())
    }

    #[test]
    fn variables_defaults_and_escapes() {
        assert_eq!(
            run("pg://${HOST}:5432", false).unwrap(),
            "pg://db.internal:5432"
        );
        assert_eq!(run("${MISSING:-fallback}/x", false).unwrap(), "fallback/x");
        assert_eq!(run("${HOST:-fallback}", false).unwrap(), "db.internal");
        assert_eq!(run("${MISSING}", false).unwrap(), "");
        assert_eq!(run("$HOST and $", false).unwrap(), "$HOST and $");
        assert_eq!(run(r#"a\nb\t\"\\\$\q"#, true).unwrap(), "a\nb\t\"\\$\\q");
        assert_eq!(run(r"a\nb", false).unwrap(), r"a\nb");
    }

    #[test]
    fn errors_name_the_line_not_the_value() {
        let e = run("s3cr3t-${HOST", false).unwrap_err();
        assert_eq!(e.line(), 7);
        assert!(!e.to_string().contains("s3cr3t"), "{e}");
        let e = run("s3cr3t-${1BAD}", false).unwrap_err();
        assert!(!e.to_string().contains("s3cr3t"), "{e}");
    }

    #[test]
    fn growing_keeps_the_value() {
        let mut v = copy("ab");
        grow_push(&mut v, "cdef", 10);
        assert_eq!(v.as_str(), "abcdef");
        assert!(v.capacity() >= 16);
    }
}
