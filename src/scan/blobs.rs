//! Scanning the blobs of a git history in parallel (`hush git --all`).
//!
//! Each worker opens its own handle on the repository (libgit2 handles are not shared across
//! threads), takes the next blob from a shared counter, reads it and scans it in place. A
//! secret that several blobs of one path carry is reported once, at the oldest commit.

use crate::scan::source::display_bytes;
use crate::scan::source::git::GitError;
use crate::scan::source::history::History;
use crate::scan::unreadable::{GitScan, ObjectKind, Unreadable};
use crate::scan::window::StreamState;
use crate::scan::{Finding, Scanner};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Limits for [`scan_history`].
#[derive(Debug, Clone, Copy)]
pub struct BlobLimits {
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Blobs larger than this many bytes are skipped.
    pub max_size: u64,
}

/// Scans every blob of `history` from the repository at `git_dir`; `progress` is called
/// once per blob from the worker threads. A blob that cannot be read is skipped and listed in
/// [`GitScan::unreadable`] (after the commits and trees [`History::unreadable`] lists).
pub fn scan_history(
    scanner: &Scanner,
    git_dir: &Path,
    history: &History,
    limits: BlobLimits,
    progress: &(dyn Fn() + Sync),
) -> Result<GitScan, GitError> {
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    let missing = Mutex::new(Vec::new());
    let failure = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..limits.threads.max(1) {
            scope.spawn(|| {
                let shared = Shared {
                    next: &next,
                    found: &found,
                    missing: &missing,
                    progress,
                };
                if let Err(e) = worker(scanner, git_dir, history, limits, &shared) {
                    next.store(usize::MAX / 2, Ordering::Relaxed);
                    *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    let mut findings = found.into_inner().unwrap_or_else(|p| p.into_inner());
    // Oldest commit first, then keep one finding per fingerprint (rule, path, secret).
    findings.sort_by_key(|(commit, f): &(usize, Finding)| (*commit, f.line, f.column));
    let mut seen = HashSet::new();
    let findings = findings
        .into_iter()
        .filter(|(_, f)| seen.insert(f.fingerprint.clone()))
        .map(|(_, f)| f)
        .collect();
    let mut missing = missing.into_inner().unwrap_or_else(|p| p.into_inner());
    missing.sort_by(|a: &Unreadable, b| a.oid.cmp(&b.oid));
    let scanned = history.blobs.len() - missing.len();
    let mut unreadable = history.unreadable.clone();
    unreadable.append(&mut missing);
    Ok(GitScan {
        findings,
        unreadable,
        scanned,
    })
}

/// What the workers share.
struct Shared<'a> {
    next: &'a AtomicUsize,
    found: &'a Mutex<Vec<(usize, Finding)>>,
    missing: &'a Mutex<Vec<Unreadable>>,
    progress: &'a (dyn Fn() + Sync),
}

fn worker(
    scanner: &Scanner,
    git_dir: &Path,
    history: &History,
    limits: BlobLimits,
    shared: &Shared<'_>,
) -> Result<(), GitError> {
    let repo = crate::scan::source::git::reopen(git_dir)?;
    let mut state = StreamState::new(scanner.detector());
    let mut local = Vec::new();
    let mut out = Vec::new();
    loop {
        let index = shared.next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = history.blobs.get(index) else {
            break;
        };
        (shared.progress)();
        let path = display_bytes(&job.path);
        let Ok(blob) = repo.find_blob(job.oid) else {
            let (kind, oid) = (ObjectKind::Blob, job.oid.to_string());
            let missing = Unreadable {
                kind,
                oid,
                path: Some(path),
            };
            shared
                .missing
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(missing);
            continue;
        };
        if blob.size() as u64 > limits.max_size {
            continue;
        }
        // A binary blob gives no findings but a key store's (`scan/keystore.rs`).
        scanner
            .scan_reader(&path, blob.content(), &mut state, true, &mut local)
            .map_err(|e| GitError::new(format!("scanning blob {}", job.oid), &e.to_string()))?;
        let meta = &history.commits[job.commit];
        for mut f in local.drain(..) {
            f.commit = Some(meta.sha.clone());
            f.author = Some(meta.author.clone());
            f.date = Some(meta.date.clone());
            out.push((job.commit, f));
        }
    }
    shared
        .found
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .append(&mut out);
    Ok(())
}
