//! [`SealedFile`]: reading values of a sealed file (`seal get`, `vault run --config`, the
//! Python binding). Opening checks everything once — the key, every sealed value and the MAC —
//! and keeps the located document, so a lookup parses the wanted path and compares segments
//! instead of rendering and copying every value of the file up front (a 1 MB config has
//! ~20,000 values; `seal get` wants one).

use super::document::{Document, OpenValue};
use super::file::{self, KeyChoice};
use super::{Format, KeyPath, SealError};
use crate::vault::{KeySource, SecretString};
use std::path::Path;

/// A verified sealed file, for reading values: every sealed value opened and the MAC checked.
pub struct SealedFile {
    doc: Document,
    /// The opened sealed values, by ascending scalar index.
    opened: Vec<OpenValue>,
}

impl std::fmt::Debug for SealedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedFile")
            .field("sealed", &self.opened.len())
            .finish_non_exhaustive()
    }
}

impl SealedFile {
    /// Opens `path` (format from its extension) with the key from `source`.
    pub fn open(path: &Path, source: KeySource) -> Result<Self, SealError> {
        Self::open_with(
            path,
            file::format_of(path, None)?,
            KeyChoice::Source(&source),
        )
    }

    /// Opens `path` as `format` with `key`.
    pub fn open_with(path: &Path, format: Format, key: KeyChoice<'_>) -> Result<Self, SealError> {
        let doc = Document::parse(path, format, file::read_text(path)?)?;
        let mut opened = file::open_doc(path, &doc, key)?
            .map(|(_, v)| v)
            .unwrap_or_default();
        opened.sort_by_key(|v| v.index);
        Ok(Self { doc, opened })
    }

    /// The value at `path` (e.g. `integrations.stripe.api_key`, `servers[0].password`), sealed
    /// or not; `None` if there is none (or it is null, or `path` is not a valid path).
    pub fn get(&self, path: &str) -> Option<SecretString> {
        self.get_path(&KeyPath::parse(path)?)
    }

    /// The value at `path`, sealed or not; `None` if there is none (or it is null).
    pub fn get_path(&self, path: &KeyPath) -> Option<SecretString> {
        let scalars = &self.doc.located().scalars;
        let index = scalars.iter().position(|s| &s.path == path)?;
        match self.opened.binary_search_by_key(&index, |v| v.index) {
            Ok(at) => Some(SecretString::from(self.opened[at].opened.value.to_string())),
            Err(_) if path.is_metadata() => None,
            Err(_) => scalars[index]
                .kind
                .map(|_| SecretString::from(scalars[index].value.to_string())),
        }
    }

    /// The paths of every non-null scalar value, in document order.
    pub fn paths(&self) -> impl Iterator<Item = &KeyPath> {
        self.doc
            .located()
            .scalars
            .iter()
            .filter(|s| s.kind.is_some() && !s.path.is_metadata())
            .map(|s| &s.path)
    }

    /// The paths of the sealed values, in document order.
    pub fn sealed_paths(&self) -> impl Iterator<Item = &KeyPath> {
        let scalars = &self.doc.located().scalars;
        self.opened.iter().map(|v| &scalars[v.index].path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::{Selector, seal_text};
    use crate::vault::{ExposeSecret, SecretKey};

    #[test]
    fn reads_sealed_and_plain_values_by_parsed_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("c.json");
        let text =
            r#"{"db": {"password": "pw1", "host": "h"}, "l": [1, null], "a.b": {"token": 7}}"#;
        let key = KeySource::Key(SecretKey::generate());
        let sealed = seal_text(
            &path,
            Format::Json,
            text.to_owned().into(),
            KeyChoice::Source(&key),
            &Selector::new(true, None, Vec::new()),
        )
        .expect("seals");
        std::fs::write(&path, &sealed.text).expect("writes");
        let file = SealedFile::open(&path, key).expect("opens");
        let got = |p: &str| file.get(p).map(|v| v.expose_secret().to_owned());
        assert_eq!(got("db.password").as_deref(), Some("pw1"));
        assert_eq!(got("db.\"password\"").as_deref(), Some("pw1"));
        assert_eq!(got("db.host").as_deref(), Some("h"));
        assert_eq!(got("l[0]").as_deref(), Some("1"));
        assert_eq!(got("\"a.b\".token").as_deref(), Some("7"));
        for none in ["l[1]", "db", "nope", "_hush", "db.", ""] {
            assert_eq!(got(none), None, "{none:?}");
        }
        let sealed: Vec<String> = file.sealed_paths().map(ToString::to_string).collect();
        assert_eq!(sealed, ["db.password", "\"a.b\".token"]);
        assert_eq!(file.paths().count(), 4);
        assert!(!format!("{file:?}").contains("pw1"));
    }
}
