//! [`SealError`]: everything that can go wrong sealing or opening a file or a column. No variant
//! ever carries a value, a key or a passphrase; paths (file paths and key paths such as
//! `db.password`) and line numbers are not secret.

use crate::vault::VaultError;
use std::path::PathBuf;

/// Sealing or opening failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// Reading or writing a file failed.
    #[error("{what} {path}")]
    Io {
        /// What was being done, e.g. "reading".
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid JSON, TOML or YAML (or not of the kind that can be sealed).
    #[error("{path} is not a valid {format} file: {what}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// `JSON`, `TOML` or `YAML`.
        format: &'static str,
        /// Where and what, from the parser; never quotes the input.
        what: String,
    },
    /// A construct that cannot be sealed safely (a YAML anchor or alias on a sealed value, a
    /// multi-document YAML file, a root that is not a mapping).
    #[error("{path}: cannot seal {what}")]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What, naming the key path.
        what: String,
    },
    /// The format could not be told from the file name; `--format` says it.
    #[error("cannot tell the format of {0} from its name; pass --format json|toml|yaml")]
    UnknownFormat(PathBuf),
    /// The `_hush` metadata entry is malformed.
    #[error("{path}: the `_hush` entry is not valid: {what}")]
    Metadata {
        /// The file.
        path: PathBuf,
        /// The problem.
        what: &'static str,
    },
    /// A sealed value is present but the file has no `_hush` entry (it was deleted).
    #[error("{path} holds sealed values but no `_hush` entry (was it removed?)")]
    NoMetadata {
        /// The file.
        path: PathBuf,
    },
    /// The key is right but a sealed value, or the set of sealed values, was changed, moved,
    /// removed, duplicated or rolled back.
    #[error("{path} was modified outside hush: {what}")]
    Tampered {
        /// The file (or `table.column` for a database column).
        path: PathBuf,
        /// What does not verify, naming the key path.
        what: String,
    },
    /// `seal --vault V` on a file sealed under another key, or the reverse.
    #[error("{path} was sealed under another key than {vault}")]
    OtherKey {
        /// The sealed file.
        path: PathBuf,
        /// The vault given.
        vault: PathBuf,
    },
    /// The data key did not unwrap: the key or passphrase is wrong, or the `_hush` entry was
    /// modified (the two cannot be told apart without the right key).
    #[error("wrong key or passphrase (or the `_hush` entry of {0} was modified)")]
    WrongKey(PathBuf),
    /// A key source or vault problem (no key, an unreadable key file, …).
    #[error(transparent)]
    Key(#[from] VaultError),
    /// A SQLite operation failed.
    #[error("{what}")]
    Sqlite {
        /// What was being done.
        what: String,
        /// The cause (SQLite messages name tables and columns, not values).
        #[source]
        source: rusqlite::Error,
    },
}

impl SealError {
    pub(crate) fn io(
        what: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.to_owned();
        move |source| Self::Io { what, path, source }
    }
}
