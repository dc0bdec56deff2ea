//! `git --all`: every distinct blob in the history of every ref, scanned once.
//!
//! Commits are walked oldest first (topological order) from every ref and `HEAD`. Each commit
//! is tree-diffed against its first parent, which is cheap (no content diff); a blob id seen
//! for the first time is attributed to that commit and path. The blobs are then read and
//! scanned in parallel, each thread with its own repository handle. Memory grows with the
//! number of distinct blobs (an id, a path and an index each), never with their content.

use crate::scan::source::git::{CommitMeta, GitError, err, meta};
use git2::{Delta, FileMode, Oid, Repository, Sort};
use std::collections::HashSet;

/// A blob to scan and where it first appeared.
#[derive(Debug, Clone)]
pub struct BlobJob {
    /// The blob id.
    pub oid: Oid,
    /// Its path in the introducing commit.
    pub path: Vec<u8>,
    /// Index of the introducing commit in [`History::commits`].
    pub commit: usize,
}

/// Every distinct blob of the history, with the commits that introduced them.
#[derive(Debug, Default)]
pub struct History {
    /// Introducing commits, oldest first.
    pub commits: Vec<CommitMeta>,
    /// Blobs in order of first appearance.
    pub blobs: Vec<BlobJob>,
    /// Submodule entries passed over.
    pub submodules: u64,
}

/// Walks every ref (and `HEAD`) and lists each blob once, at its first appearance.
pub fn collect(repo: &Repository) -> Result<History, GitError> {
    let mut walk = repo.revwalk().map_err(err("walking history"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(err("walking history"))?;
    let mut starts = 0;
    for reference in repo.references().map_err(err("listing refs"))?.flatten() {
        if let Ok(commit) = reference.peel_to_commit() {
            walk.push(commit.id()).map_err(err("walking history"))?;
            starts += 1;
        }
    }
    if let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) {
        walk.push(head.id()).map_err(err("walking history"))?;
        starts += 1;
    }
    let mut history = History::default();
    if starts == 0 {
        return Ok(history);
    }
    let mut seen: HashSet<Oid> = HashSet::new();
    for oid in walk {
        let oid = oid.map_err(err("walking history"))?;
        let commit = repo
            .find_commit(oid)
            .map_err(err(format!("commit {oid}")))?;
        let tree = commit.tree().map_err(err(format!("commit {oid}")))?;
        let parent = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let diff = repo
            .diff_tree_to_tree(parent.as_ref(), Some(&tree), None)
            .map_err(err(format!("commit {oid}")))?;
        let mut introduced = false;
        for delta in diff.deltas() {
            if matches!(delta.status(), Delta::Deleted) {
                continue;
            }
            let file = delta.new_file();
            match file.mode() {
                FileMode::Blob | FileMode::BlobExecutable => {}
                FileMode::Commit => {
                    history.submodules += 1;
                    continue;
                }
                _ => continue,
            }
            if seen.insert(file.id()) {
                history.blobs.push(BlobJob {
                    oid: file.id(),
                    path: file.path_bytes().unwrap_or_default().to_vec(),
                    commit: history.commits.len(),
                });
                introduced = true;
            }
        }
        if introduced {
            history.commits.push(meta(&commit));
        }
    }
    Ok(history)
}
