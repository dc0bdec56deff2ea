//! Key paths (`integrations.stripe.api_key`, `servers[0].password`) and `--fields` globs.
//!
//! A [`KeyPath`] names one value of a document. Its text form is what users type (`seal get`,
//! `--fields`), what `seal --check` prints, and what each sealed value is bound to (associated
//! data), so it must be injective: a key that is empty or holds `.`, `[`, `]`, `"`, `\`,
//! whitespace or a control character is written quoted (`a."b.c"`), with `"` and `\` escaped.
//!
//! A [`FieldGlob`] matches paths segment by segment: `*` matches one segment (a key or an
//! index), `**` any number of segments, `[*]` any index, and a key segment may use the wildcards
//! of [`globset`] (`*_key`, `token?`).

use globset::{Glob, GlobMatcher};
use std::fmt;

/// One step of a [`KeyPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// The path of a value inside a document, from the root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(Vec<Segment>);

impl KeyPath {
    pub(crate) fn push_key(&mut self, key: &str) {
        self.0.push(Segment::Key(key.to_owned()));
    }

    pub(crate) fn push_index(&mut self, i: usize) {
        self.0.push(Segment::Index(i));
    }

    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    /// The keys along the path (indices skipped), root first.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
    }

    /// True for the top-level `_hush` metadata entry.
    pub(crate) fn is_metadata(&self) -> bool {
        matches!(self.0.as_slice(), [Segment::Key(k)] if k == super::meta::KEY)
    }
}

fn needs_quotes(key: &str) -> bool {
    key.is_empty()
        || key.chars().any(|c| {
            matches!(c, '.' | '[' | ']' | '"' | '\\') || c.is_whitespace() || c.is_control()
        })
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    if needs_quotes(k) {
                        f.write_str("\"")?;
                        for c in k.chars() {
                            if matches!(c, '"' | '\\') {
                                f.write_str("\\")?;
                            }
                            write!(f, "{c}")?;
                        }
                        f.write_str("\"")?;
                    } else {
                        f.write_str(k)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// One segment of a [`FieldGlob`].
#[derive(Debug, Clone)]
enum Pattern {
    /// `**`: any number of segments, none included.
    Any,
    /// `*`: exactly one segment, key or index.
    One,
    /// `[*]`: one index.
    AnyIndex,
    Index(usize),
    Key(GlobMatcher),
}

/// A `--fields` pattern, e.g. `integrations.*.api_key` or `servers[*].password`.
#[derive(Debug, Clone)]
pub struct FieldGlob {
    text: String,
    parts: Vec<Pattern>,
}

impl FieldGlob {
    /// Parses a pattern; `Err` says what is wrong with it.
    pub fn new(text: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        for seg in split(text).ok_or_else(|| format!("bad field pattern {text:?}"))? {
            parts.push(match seg {
                Raw::Index(i) if i == "*" => Pattern::AnyIndex,
                Raw::Index(i) => Pattern::Index(
                    i.parse()
                        .map_err(|_| format!("bad index [{i}] in field pattern {text:?}"))?,
                ),
                Raw::Key(k, false) if k == "**" => Pattern::Any,
                Raw::Key(k, false) if k == "*" => Pattern::One,
                Raw::Key(k, quoted) => {
                    let glob = if quoted { globset::escape(&k) } else { k };
                    let m = Glob::new(&glob)
                        .map_err(|e| format!("bad field pattern {text:?}: {e}"))?
                        .compile_matcher();
                    Pattern::Key(m)
                }
            });
        }
        Ok(Self {
            text: text.to_owned(),
            parts,
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when `path` matches the whole pattern.
    pub(crate) fn matches(&self, path: &KeyPath) -> bool {
        matches_from(&self.parts, &path.0)
    }
}

fn matches_from(pat: &[Pattern], path: &[Segment]) -> bool {
    let Some((first, rest)) = pat.split_first() else {
        return path.is_empty();
    };
    if let Pattern::Any = first {
        return (0..=path.len()).any(|skip| matches_from(rest, &path[skip..]));
    }
    let Some((seg, tail)) = path.split_first() else {
        return false;
    };
    let one = match (first, seg) {
        (Pattern::One, _) => true,
        (Pattern::AnyIndex, Segment::Index(_)) => true,
        (Pattern::Index(want), Segment::Index(got)) => want == got,
        (Pattern::Key(m), Segment::Key(k)) => m.is_match(k),
        _ => false,
    };
    one && matches_from(rest, tail)
}

enum Raw {
    /// A key, and whether it was quoted (then it is literal).
    Key(String, bool),
    Index(String),
}

/// Splits `a.b[0]."c.d"` into segments; `None` when malformed (unbalanced quote or bracket,
/// empty segment).
fn split(text: &str) -> Option<Vec<Raw>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut expect_key = true;
    while let Some(&c) = chars.peek() {
        match c {
            '[' => {
                chars.next();
                let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
                if inner.is_empty() {
                    return None;
                }
                out.push(Raw::Index(inner));
                expect_key = false;
            }
            '.' if !expect_key => {
                chars.next();
                expect_key = true;
            }
            '"' if expect_key => {
                chars.next();
                let mut key = String::new();
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => key.push(chars.next()?),
                        c => key.push(c),
                    }
                }
                out.push(Raw::Key(key, true));
                expect_key = false;
            }
            _ if expect_key => {
                let mut key = String::new();
                while let Some(&c) = chars.peek() {
                    if matches!(c, '.' | '[') {
                        break;
                    }
                    key.push(c);
                    chars.next();
                }
                if key.is_empty() {
                    return None;
                }
                out.push(Raw::Key(key, false));
                expect_key = false;
            }
            _ => return None,
        }
    }
    (!out.is_empty() && !expect_key).then_some(out)
}

#[cfg(test)]
mod tests;
