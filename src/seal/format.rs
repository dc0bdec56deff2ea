//! The formats a file can be sealed in, and what each format's locator reports: where every
//! scalar value is (byte spans into the original text), where the `_hush` entry is, and where
//! one would be inserted. Sealing and unsealing only splice at these spans, so every byte
//! outside sealed values (comments, key order, indentation, quoting) stays as it was.

use super::path::KeyPath;
use super::value::Kind;
use super::{SealError, json, toml, yaml};
use std::ops::Range;
use std::path::Path;
use zeroize::Zeroizing;

/// A structured file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// JSON (RFC 8259); the root must be an object.
    Json,
    /// TOML 1.0, via `toml_edit`.
    Toml,
    /// YAML 1.2, one document whose root is a block mapping.
    Yaml,
}

/// One scalar value of a document.
pub(crate) struct Scalar {
    pub(crate) path: KeyPath,
    /// The value's bytes in the text, quotes included.
    pub(crate) span: Range<usize>,
    /// `None` for a null (never sealed).
    pub(crate) kind: Option<Kind>,
    /// What the value means (a string's contents, a number's spelling).
    pub(crate) value: Zeroizing<String>,
    /// A YAML anchor or alias is on (or inside) this value: it cannot be sealed.
    pub(crate) shared: bool,
}

/// The `_hush` entry of a document.
pub(crate) struct MetaEntry {
    /// Its string value, quotes included.
    pub(crate) span: Range<usize>,
    /// What to cut to remove the entry (key, separator, value and the line or comma it takes).
    pub(crate) remove: Range<usize>,
    /// The string's contents.
    pub(crate) value: String,
}

/// Where a new `_hush` entry goes: `prefix` + the quoted value + `suffix`, inserted at `at`.
pub(crate) struct Insert {
    pub(crate) at: usize,
    pub(crate) prefix: String,
    pub(crate) suffix: String,
}

/// A located document.
pub(crate) struct Located {
    pub(crate) scalars: Vec<Scalar>,
    pub(crate) meta: Option<MetaEntry>,
    pub(crate) insert: Insert,
}

impl Format {
    /// From the file extension: `.json`, `.toml`, `.yaml`/`.yml`.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "json" => Self::Json,
            "toml" => Self::Toml,
            "yaml" | "yml" => Self::Yaml,
            _ => return None,
        })
    }

    /// `json`, `toml` or `yaml`.
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(Self::Json),
            "toml" => Some(Self::Toml),
            "yaml" | "yml" => Some(Self::Yaml),
            _ => None,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Toml => "TOML",
            Self::Yaml => "YAML",
        }
    }

    /// Locates every scalar of `text`; `Err` names the problem, never quoting the input.
    pub(crate) fn locate(self, path: &Path, text: &str) -> Result<Located, SealError> {
        let syntax = |what: String| SealError::Syntax {
            path: path.to_owned(),
            format: self.name(),
            what,
        };
        let located = match self {
            Self::Json => json::locate(text).map_err(syntax)?,
            Self::Toml => toml::locate(text).map_err(syntax)?,
            Self::Yaml => yaml::locate(path, text)?,
        };
        Ok(located)
    }
}

/// A sealed value or metadata string as every format writes it: in double quotes (base64url
/// and the metadata alphabet never need escaping).
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    out.push_str(s);
    out.push('"');
    out
}
