//! Scanning the commits of a range in parallel (`hush git RANGE`).
//!
//! Each worker opens its own repository handle, takes the next commit from a shared counter,
//! diffs it (see [`git::commit_added`]) and scans the lines it added. A commit whose diff
//! cannot be read (a missing tree or blob) is skipped and listed in [`GitScan::unreadable`].

use crate::scan::source::git::{self, GitError};
use crate::scan::unreadable::{GitScan, ObjectKind, Unreadable};
use crate::scan::window::StreamState;
use crate::scan::{Finding, Scanner};
use git2::Oid;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Scans `commits` of the repository at `git_dir` with `threads` workers.
pub fn scan_commits(
    scanner: &Scanner,
    git_dir: &Path,
    commits: &[Oid],
    threads: usize,
) -> Result<GitScan, GitError> {
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    let failure = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, commits.len().max(1)) {
            scope.spawn(|| {
                let result = worker(scanner, git_dir, commits, &next);
                match result {
                    Ok(local) => found.lock().unwrap_or_else(|p| p.into_inner()).push(local),
                    Err(e) => {
                        next.store(commits.len(), Ordering::Relaxed);
                        *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                    }
                }
            });
        }
    });
    match failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(e) => Err(e),
        None => {
            let mut scan = GitScan::default();
            for (mut findings, mut unreadable) in
                found.into_inner().unwrap_or_else(|p| p.into_inner())
            {
                scan.findings.append(&mut findings);
                scan.unreadable.append(&mut unreadable);
            }
            scan.unreadable.sort_by(|a, b| a.oid.cmp(&b.oid));
            scan.scanned = commits.len() - scan.unreadable.len();
            Ok(scan)
        }
    }
}

fn worker(
    scanner: &Scanner,
    git_dir: &Path,
    commits: &[Oid],
    next: &AtomicUsize,
) -> Result<(Vec<Finding>, Vec<Unreadable>), GitError> {
    let repo = git::reopen(git_dir)?;
    let mut state = StreamState::new(scanner.detector());
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    while let Some(&oid) = commits.get(next.fetch_add(1, Ordering::Relaxed)) {
        let Ok((meta, files)) = git::commit_added(&repo, oid) else {
            // Its tree, a parent's tree or one of its blobs is missing; the message of the
            // error is libgit2's, so only the commit is named.
            let (kind, oid, path) = (ObjectKind::Commit, oid.to_string(), None);
            unreadable.push(Unreadable { kind, oid, path });
            continue;
        };
        let first = out.len();
        for file in files {
            scanner
                .scan_added(&file, &mut state, &mut out)
                .map_err(|e| GitError::new(format!("scanning commit {oid}"), &e.to_string()))?;
        }
        for f in &mut out[first..] {
            f.author = Some(meta.author.clone());
            f.date = Some(meta.date.clone());
        }
    }
    Ok((out, unreadable))
}
