//! Key paths (`integrations.stripe.api_key`, `servers[0].password`) and `--fields` globs.
//!
//! A [`KeyPath`] names one value of a document. Its text form is what users type (`seal get`,
//! `--fields`), what `seal --check` prints, and what each sealed value is bound to (associated
//! data), so it must be injective: a key that is empty or holds `.`, `[`, `]`, `"`, `\`,
//! whitespace or a control character is written quoted (`a."b.c"`), with `"` and `\` escaped.
//! [`KeyPath::parse`] reads that form back (`syntax`), so a lookup compares segments instead of
//! rendering every path of a document. Keys are shared (`Arc<str>`): a locator clones the
//! current path once per scalar, and a clone then costs no allocation per segment.
//!
//! [`FieldGlob`] (`glob`) matches paths segment by segment.

use std::fmt;
use std::sync::Arc;

mod glob;
mod syntax;

pub use glob::FieldGlob;

/// One step of a [`KeyPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(Arc<str>),
    Index(usize),
}

/// The path of a value inside a document, from the root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(Vec<Segment>);

impl KeyPath {
    /// Reads the text form (`a.b[0]."c.d"`); `None` when it is malformed. Keys are literal
    /// (no glob characters), and a key that needs no quotes may be quoted anyway.
    pub fn parse(text: &str) -> Option<Self> {
        let raw = syntax::split(text)?;
        let mut out = Vec::with_capacity(raw.len());
        for seg in raw {
            out.push(match seg {
                syntax::Raw::Key(k, _) => Segment::Key(k.into()),
                syntax::Raw::Index(i) => Segment::Index(i.parse().ok()?),
            });
        }
        Some(Self(out))
    }

    pub(crate) fn push_key(&mut self, key: &str) {
        self.0.push(Segment::Key(key.into()));
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
            Segment::Key(k) => Some(&**k),
            Segment::Index(_) => None,
        })
    }

    /// True for the top-level `_hush` metadata entry.
    pub(crate) fn is_metadata(&self) -> bool {
        matches!(self.0.as_slice(), [Segment::Key(k)] if &**k == super::meta::KEY)
    }

    pub(crate) fn segments(&self) -> &[Segment] {
        &self.0
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

#[cfg(test)]
mod tests;
