//! A sealed (or to-be-sealed) document: its text, its located values, and the three things
//! done to it — verify every sealed value and the MAC, seal the selected values, unseal them
//! all — each by splicing replacements into the original text at the located spans.

use super::SealError;
use super::format::{Format, Located, quoted};
use super::keys::FileKey;
use super::meta::{self, Meta};
use super::select::Selector;
use super::value::{self, Opened};
use crate::vault::crypto;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// A parsed document.
pub(crate) struct Document {
    path: PathBuf,
    text: Zeroizing<String>,
    located: Located,
}

/// A value of a verified document: its index among the located scalars, its sealed bytes,
/// and what it opens to.
pub(crate) struct OpenValue {
    pub(crate) index: usize,
    pub(crate) sealed: Vec<u8>,
    pub(crate) opened: Opened,
}

impl Document {
    pub(crate) fn parse(
        path: &Path,
        format: Format,
        text: Zeroizing<String>,
    ) -> Result<Self, SealError> {
        let mut located = format.locate(path, &text)?;
        located.scalars.sort_by_key(|s| s.span.start);
        Ok(Self {
            path: path.to_owned(),
            text,
            located,
        })
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn located(&self) -> &Located {
        &self.located
    }

    /// The sealed bytes of the value at `index`, if it is a `hush:v1:` string.
    fn sealed_bytes(&self, index: usize) -> Option<Vec<u8>> {
        let s = &self.located.scalars[index];
        if s.kind != Some(value::Kind::String) || !s.value.starts_with(value::PREFIX) {
            return None;
        }
        value::parse_token(&s.value).or_else(|| Some(Vec::new()))
    }

    /// Indices of the values that are sealed.
    pub(crate) fn sealed_indices(&self) -> Vec<usize> {
        (0..self.located.scalars.len())
            .filter(|&i| self.sealed_bytes(i).is_some())
            .collect()
    }

    /// The `_hush` entry, parsed; an error if it is malformed, or missing while sealed values
    /// are present.
    pub(crate) fn meta(&self) -> Result<Option<Meta>, SealError> {
        match &self.located.meta {
            Some(m) => Meta::parse(&m.value)
                .map(Some)
                .map_err(|what| SealError::Metadata {
                    path: self.path.clone(),
                    what,
                }),
            None if !self.sealed_indices().is_empty() => Err(SealError::NoMetadata {
                path: self.path.clone(),
            }),
            None => Ok(None),
        }
    }

    fn tampered(&self, what: String) -> SealError {
        SealError::Tampered {
            path: self.path.clone(),
            what,
        }
    }

    /// Opens every sealed value and checks the MAC; the first failure names its path.
    pub(crate) fn verify(&self, key: &FileKey) -> Result<Vec<OpenValue>, SealError> {
        let mut out = Vec::new();
        for index in self.sealed_indices() {
            let s = &self.located.scalars[index];
            let path = s.path.to_string();
            let sealed = self.sealed_bytes(index).unwrap_or_default();
            let opened = value::open(&key.dek, &value::aad(&key.meta.id, &path), &sealed)
                .map_err(|why| self.tampered(format!("the value at {path} {why}")))?;
            out.push(OpenValue {
                index,
                sealed,
                opened,
            });
        }
        let paths: Vec<String> = out
            .iter()
            .map(|v| self.located.scalars[v.index].path.to_string())
            .collect();
        let input = meta::mac_input(
            &key.meta,
            paths
                .iter()
                .map(String::as_str)
                .zip(out.iter().map(|v| v.sealed.as_slice())),
        );
        if !crypto::verify_mac(&key.dek, &input, &key.meta.mac) {
            return Err(self.tampered(
                "MAC mismatch: a sealed value was removed, added, duplicated, reordered or \
                 rolled back"
                    .to_owned(),
            ));
        }
        Ok(out)
    }

    /// Indices of plaintext values `selector` picks (or whose path is in `was`), refusing a
    /// shared (anchored) one.
    pub(crate) fn to_seal(
        &self,
        selector: &Selector,
        was: &HashSet<String>,
    ) -> Result<Vec<usize>, SealError> {
        let mut out = Vec::new();
        for (i, s) in self.located.scalars.iter().enumerate() {
            if self.sealed_bytes(i).is_some() || selector.reason(s, was).is_none() {
                continue;
            }
            if s.shared {
                return Err(SealError::Unsupported {
                    path: self.path.clone(),
                    what: format!("{}: it is an alias, or under an anchor", s.path),
                });
            }
            out.push(i);
        }
        Ok(out)
    }

    /// The text with the values at `new` sealed under `key`, values already sealed kept (or,
    /// with `reseal`, re-sealed from what they opened to), and the `_hush` entry written.
    pub(crate) fn seal(
        &self,
        key: &mut FileKey,
        new: &[usize],
        kept: &[OpenValue],
        reseal: bool,
    ) -> Result<String, SealError> {
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let mut sealed: Vec<(usize, Vec<u8>)> = Vec::new();
        let seal_one = |index: usize, kind, raw: &str, val: &str| {
            let path = self.located.scalars[index].path.to_string();
            value::seal(&key.dek, &value::aad(&key.meta.id, &path), kind, raw, val)
        };
        for &i in new {
            let s = &self.located.scalars[i];
            let raw = &self.text[s.span.clone()];
            if raw.len() + s.value.len() > value::MAX_VALUE_LEN {
                return Err(SealError::Unsupported {
                    path: self.path.clone(),
                    what: format!("{}: longer than {} bytes", s.path, value::MAX_VALUE_LEN),
                });
            }
            let kind = s.kind.unwrap_or(value::Kind::Other);
            let bytes = seal_one(i, kind, raw, &s.value);
            let mut lit = quoted(&value::token(&bytes));
            if raw.ends_with('\n') {
                lit.push('\n');
            }
            edits.push((s.span.clone(), lit));
            sealed.push((i, bytes));
        }
        for v in kept {
            let bytes = if reseal {
                let o = &v.opened;
                let bytes = seal_one(v.index, o.kind, &o.raw, &o.value);
                let s = &self.located.scalars[v.index];
                edits.push((s.span.clone(), quoted(&value::token(&bytes))));
                bytes
            } else {
                v.sealed.clone()
            };
            sealed.push((v.index, bytes));
        }
        sealed.sort_by_key(|(i, _)| *i);
        let paths: Vec<String> = sealed
            .iter()
            .map(|(i, _)| self.located.scalars[*i].path.to_string())
            .collect();
        let input = meta::mac_input(
            &key.meta,
            paths
                .iter()
                .map(String::as_str)
                .zip(sealed.iter().map(|(_, b)| b.as_slice())),
        );
        key.meta.mac = crypto::mac(&key.dek, &input);
        let entry = quoted(&key.meta.render());
        match &self.located.meta {
            Some(m) => edits.push((m.span.clone(), entry)),
            None => {
                let ins = &self.located.insert;
                let text = format!("{}{entry}{}", ins.prefix, ins.suffix);
                edits.push((ins.at..ins.at, text));
            }
        }
        Ok(splice(&self.text, edits).to_string())
    }

    /// The original text: every sealed value back as it was spelled, the `_hush` entry removed.
    pub(crate) fn unseal(&self, opened: &[OpenValue]) -> Zeroizing<String> {
        let mut edits = Vec::new();
        for v in opened {
            let mut span = self.located.scalars[v.index].span.clone();
            if v.opened.raw.ends_with('\n') && self.text[span.end..].starts_with('\n') {
                span.end += 1;
            }
            edits.push((span, v.opened.raw.to_string()));
        }
        if let Some(m) = &self.located.meta {
            edits.push((m.remove.clone(), String::new()));
        }
        splice(&self.text, edits)
    }

    /// The rendered path of the value at `index`.
    pub(crate) fn path_of(&self, index: usize) -> String {
        self.located.scalars[index].path.to_string()
    }
}

/// `text` with each range replaced (ranges must not overlap). The result zeroizes, as it may
/// hold plaintext; replacement strings holding plaintext are zeroized by the caller's types.
fn splice(text: &str, mut edits: Vec<(Range<usize>, String)>) -> Zeroizing<String> {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let extra: usize = edits.iter().map(|(_, s)| s.len()).sum();
    let mut out = Zeroizing::new(String::with_capacity(text.len() + extra));
    let mut at = 0;
    for (range, with) in edits {
        out.push_str(&text[at..range.start.max(at)]);
        out.push_str(&with);
        zeroize::Zeroize::zeroize(&mut with.into_bytes());
        at = range.end.max(at);
    }
    out.push_str(&text[at..]);
    out
}
