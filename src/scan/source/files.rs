//! Files and directory trees, walked in parallel.
//!
//! Walking uses the `ignore` crate (as ripgrep does): `.gitignore`, `.ignore` and
//! `.hushignore` are honoured (also outside a git repository), hidden files are scanned
//! (`.env` is the first place secrets leak), `.git` directories are not. Each walker thread
//! scans the files it finds with its own buffers. Unreadable files, symlink loops and
//! similar problems become warnings and the walk goes on.

use crate::scan::source::display_path;
use crate::scan::window::{Outcome, StreamState};
use crate::scan::{Finding, Scanner};
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use std::fs::File;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Mutex;

/// How to walk and which files to skip.
#[derive(Debug, Clone)]
pub struct WalkConfig {
    /// Files larger than this many bytes are skipped with a warning.
    pub max_file_size: u64,
    /// Walker threads; 0 picks the number of cores.
    pub threads: usize,
    /// Ignore `.gitignore` / `.ignore` / `.hushignore` files.
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
}

impl Default for WalkConfig {
    fn default() -> Self {
        Self {
            max_file_size: 64 << 20, // 64 MiB
            threads: 0,
            no_ignore: false,
            follow_links: false,
        }
    }
}

/// Totals of one walk.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WalkStats {
    /// Files scanned.
    pub files: u64,
    /// Bytes scanned.
    pub bytes: u64,
    /// Files skipped as binary.
    pub binary: u64,
    /// Files skipped for their size.
    pub too_big: u64,
}

/// Walks `paths` and scans every file; warnings go to `warn` (already free of secrets).
pub fn scan_paths(
    scanner: &Scanner,
    paths: &[PathBuf],
    config: &WalkConfig,
    warn: &(dyn Fn(String) + Sync),
) -> (Vec<Finding>, WalkStats) {
    let Some((first, rest)) = paths.split_first() else {
        return (Vec::new(), WalkStats::default());
    };
    let mut builder = WalkBuilder::new(first);
    for p in rest {
        builder.add(p);
    }
    let threads = if config.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        config.threads
    };
    builder
        .hidden(false)
        .follow_links(config.follow_links)
        .require_git(false)
        .git_global(false)
        .threads(threads)
        .filter_entry(|e| e.file_name() != ".git");
    if config.no_ignore {
        builder.standard_filters(false).hidden(false);
    } else {
        builder.add_custom_ignore_filename(".hushignore");
    }
    let shared = Shared {
        found: Mutex::new(Vec::new()),
        stats: Mutex::new(WalkStats::default()),
    };
    let mut visitors = VisitorBuilder {
        scanner,
        config,
        warn,
        shared: &shared,
    };
    builder.build_parallel().visit(&mut visitors);
    let found = shared.found.into_inner().unwrap_or_else(|p| p.into_inner());
    let stats = shared.stats.into_inner().unwrap_or_else(|p| p.into_inner());
    (found, stats)
}

struct Shared {
    found: Mutex<Vec<Finding>>,
    stats: Mutex<WalkStats>,
}

struct VisitorBuilder<'s> {
    scanner: &'s Scanner,
    config: &'s WalkConfig,
    warn: &'s (dyn Fn(String) + Sync),
    shared: &'s Shared,
}

impl<'s> ParallelVisitorBuilder<'s> for VisitorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            scanner: self.scanner,
            config: self.config,
            warn: self.warn,
            shared: self.shared,
            state: StreamState::new(self.scanner.detector()),
            found: Vec::new(),
            stats: WalkStats::default(),
        })
    }
}

/// One walker thread's state; flushes its results into `shared` when the thread ends.
struct Visitor<'s> {
    scanner: &'s Scanner,
    config: &'s WalkConfig,
    warn: &'s (dyn Fn(String) + Sync),
    shared: &'s Shared,
    state: StreamState,
    found: Vec<Finding>,
    stats: WalkStats,
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                self.scan_file(entry.path())
            }
            Ok(_) => {}
            Err(err) => (self.warn)(walk_error_message(&err)),
        }
        WalkState::Continue
    }
}

impl Visitor<'_> {
    fn scan_file(&mut self, path: &Path) {
        let shown = display_path(path);
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => return (self.warn)(format!("{shown}: {e}")),
        };
        let size = match file.metadata() {
            Ok(m) => m.len(),
            Err(e) => return (self.warn)(format!("{shown}: {e}")),
        };
        if size > self.config.max_file_size {
            self.stats.too_big += 1;
            return (self.warn)(format!(
                "{shown}: skipped, {size} bytes is over the size limit of {} bytes (--max-file-size)",
                self.config.max_file_size
            ));
        }
        match self
            .scanner
            .scan_reader(&shown, file, &mut self.state, true, &mut self.found)
        {
            Ok(Outcome::Scanned) => {
                self.stats.files += 1;
                self.stats.bytes += size;
            }
            Ok(Outcome::Binary) => self.stats.binary += 1,
            Err(e) => (self.warn)(format!("{shown}: {e}")),
        }
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        lock(&self.shared.found).append(&mut self.found);
        let mut t = lock(&self.shared.stats);
        t.files += self.stats.files;
        t.bytes += self.stats.bytes;
        t.binary += self.stats.binary;
        t.too_big += self.stats.too_big;
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panicking walker thread cannot leave these plain collections half-updated.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// One-line message for a walk error (the `ignore` crate nests them).
fn walk_error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { path, err } => {
            format!("{}: {}", display_path(path), walk_error_message(err))
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_message(err)
        }
        ignore::Error::Loop { child, .. } => {
            format!("{}: symbolic link loop, not followed", display_path(child))
        }
        other => other.to_string(),
    }
}
