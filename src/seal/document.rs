//! A sealed (or to-be-sealed) document: its text, its located values, and the three things
//! done to it — verify every sealed value and the MAC, seal the selected values, unseal them
//! all — each by splicing replacements into the original text at the located spans.

use super::SealError;
use super::format::{Format, Located};
use super::keys::FileKey;
use super::meta::{self, Meta};
use super::splice::splice;
use super::value::{self, Opened};
use crate::vault::crypto;
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
        self.is_sealed(index)
            .then(|| value::parse_token(&self.located.scalars[index].value).unwrap_or_default())
    }

    /// True when the value at `index` is a `hush:v1:` string (well-formed or not).
    fn is_sealed(&self, index: usize) -> bool {
        let s = &self.located.scalars[index];
        s.kind == Some(value::Kind::String) && s.value.starts_with(value::PREFIX)
    }

    /// Indices of the values that are sealed.
    pub(crate) fn sealed_indices(&self) -> Vec<usize> {
        (0..self.located.scalars.len())
            .filter(|&i| self.is_sealed(i))
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
        let mut paths = Vec::new();
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
            paths.push(path);
        }
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

mod sealing;
