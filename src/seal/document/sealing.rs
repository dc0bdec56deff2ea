//! Sealing a [`Document`]: which plaintext values to seal, and the text with them sealed, the
//! values already sealed kept (or re-sealed under a new key), and the `_hush` entry written.

use super::{Document, OpenValue};
use crate::seal::SealError;
use crate::seal::format::quoted;
use crate::seal::keys::FileKey;
use crate::seal::meta;
use crate::seal::select::Selector;
use crate::seal::splice::splice;
use crate::seal::value;
use crate::vault::crypto;
use std::collections::HashSet;
use std::ops::Range;

impl Document {
    /// Indices of plaintext values `selector` picks (or whose path is in `was`), refusing a
    /// shared (anchored) one.
    pub(crate) fn to_seal(
        &self,
        selector: &Selector,
        was: &HashSet<String>,
    ) -> Result<Vec<usize>, SealError> {
        let mut out = Vec::new();
        for (i, s) in self.located.scalars.iter().enumerate() {
            if self.is_sealed(i) || selector.reason(s, was).is_none() {
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
}
