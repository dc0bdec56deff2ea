//! `git --all`: every distinct blob in the history of every ref, scanned once.
//!
//! Commits are walked oldest first (topological order) from every ref and `HEAD`. Each commit
//! is tree-diffed against its first parent, which is cheap (no content diff); a blob id seen
//! for the first time is attributed to that commit and path. The blobs are then read and
//! scanned in parallel, each thread with its own repository handle. Memory grows with the
//! number of distinct blobs (an id, a path and an index each), never with their content.

use crate::scan::source::git::{CommitMeta, GitError, err, meta};
use crate::scan::unreadable::{ObjectKind, Unreadable};
use git2::{Delta, FileMode, Oid, Repository};
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
    /// Commits and trees that could not be read, so their changes were not listed.
    pub unreadable: Vec<Unreadable>,
}

/// Walks every ref (and `HEAD`) and lists each blob once, at its first appearance. A commit
/// or tree that cannot be read is listed in [`History::unreadable`] and passed over.
pub fn collect(repo: &Repository) -> Result<History, GitError> {
    let mut starts = Vec::new();
    for reference in repo.references().map_err(err("listing refs"))?.flatten() {
        if let Ok(commit) = reference.peel_to_commit() {
            starts.push(commit.id());
        }
    }
    if let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) {
        starts.push(head.id());
    }
    let mut history = History::default();
    let mut seen: HashSet<Oid> = HashSet::new();
    for oid in parents_first(repo, &starts, &mut history.unreadable) {
        let Ok(commit) = repo.find_commit(oid) else {
            continue; // listed as unreadable by `parents_first`
        };
        let unreadable_tree = || Unreadable {
            kind: ObjectKind::Tree,
            oid: oid.to_string(),
            path: None,
        };
        let Ok(tree) = commit.tree() else {
            history.unreadable.push(unreadable_tree());
            continue;
        };
        let parent = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let Ok(diff) = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), None) else {
            history.unreadable.push(unreadable_tree());
            continue;
        };
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

/// Every commit reachable from `starts`, each after all of its parents (a topological order,
/// oldest first). Written out rather than libgit2's revwalk because a revwalk fails as a
/// whole at the first missing commit; here a commit that cannot be read is added to
/// `unreadable` and the walk goes on (its own ancestors stay unreached unless another path
/// leads to them).
fn parents_first(repo: &Repository, starts: &[Oid], unreadable: &mut Vec<Unreadable>) -> Vec<Oid> {
    let mut order = Vec::new();
    let mut visited: HashSet<Oid> = HashSet::new();
    // (commit, its parents are already on the stack above it)
    let mut stack: Vec<(Oid, bool)> = starts.iter().rev().map(|&oid| (oid, false)).collect();
    while let Some((oid, expanded)) = stack.pop() {
        if expanded {
            order.push(oid);
            continue;
        }
        if !visited.insert(oid) {
            continue;
        }
        let Ok(commit) = repo.find_commit(oid) else {
            let (kind, oid, path) = (ObjectKind::Commit, oid.to_string(), None);
            unreadable.push(Unreadable { kind, oid, path });
            continue;
        };
        stack.push((oid, true));
        let parents: Vec<Oid> = commit.parent_ids().collect();
        stack.extend(
            parents
                .into_iter()
                .rev()
                .filter(|p| !visited.contains(p))
                .map(|p| (p, false)),
        );
    }
    order
}
