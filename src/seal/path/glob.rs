//! [`FieldGlob`]: a `--fields` pattern, matched against a [`KeyPath`] segment by segment: `*`
//! matches one segment (a key or an index), `**` any number of segments, `[*]` any index, and
//! a key segment may use the wildcards of [`globset`] (`*_key`, `token?`); a quoted key is
//! literal.

use super::syntax::{Raw, split};
use super::{KeyPath, Segment};
use globset::{Glob, GlobMatcher};

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
        matches_from(&self.parts, path.segments())
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
        (Pattern::Key(m), Segment::Key(k)) => m.is_match(&**k),
        _ => false,
    };
    one && matches_from(rest, tail)
}
