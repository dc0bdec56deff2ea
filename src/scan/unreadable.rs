//! Objects a git scan could not read, and the result of a scan that went on without them.
//!
//! A cloned repository may lack objects (a damaged clone, deleted loose objects, a partial
//! clone). Stopping at the first one would give no report at all after a long scan, so the
//! history scans ([`crate::scan::blobs`], [`crate::scan::commits`]) skip each unreadable
//! object, list it here, and finish. The caller reports what was scanned and signals the
//! scan as incomplete. An entry names the object (id, kind, path), never its content.

use crate::report::escape_control;
use crate::scan::Finding;
use std::fmt;

/// What kind of object could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObjectKind {
    /// A commit (its parents' history beyond it may be skipped too).
    Commit,
    /// The tree of a commit, or a subtree its changes need: the commit's files are skipped.
    Tree,
    /// A file's content.
    Blob,
}

/// One object that could not be read; scanning went on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Its kind.
    pub kind: ObjectKind,
    /// The object id (for a tree, the commit whose tree could not be read).
    pub oid: String,
    /// The path it had, for a blob.
    pub path: Option<String>,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ObjectKind::Commit => write!(f, "commit {} is missing or unreadable", self.oid)?,
            ObjectKind::Tree => write!(f, "a tree of commit {} is missing", self.oid)?,
            ObjectKind::Blob => write!(f, "blob {} is missing or unreadable", self.oid)?,
        }
        if let Some(path) = &self.path {
            write!(f, " ({})", escape_control(path))?;
        }
        f.write_str("; not scanned")
    }
}

/// What a git scan found, and what it could not read.
#[derive(Debug, Default)]
pub struct GitScan {
    /// Findings in what could be read.
    pub findings: Vec<Finding>,
    /// Objects skipped because they could not be read; non-empty means the scan is incomplete.
    pub unreadable: Vec<Unreadable>,
    /// How many blobs (`--all`) or commits (a range) were scanned.
    pub scanned: usize,
}
