//! The scanner: sources in, [`Finding`]s out.
//!
//! [`Scanner`] ties a [`Detector`] to sources: files and directories (walked in parallel,
//! honouring ignore files) and readers such as stdin. It turns detector matches into located,
//! fingerprinted, masked findings and asks its [`Filter`] about inline markers while the
//! line is in view. It never prints: finished findings go through [`Scanner::sink`], the
//! filter stage, into a [`Sink`] such as a printer.

pub mod blobs;
pub mod commits;
pub mod finding;
pub mod keystore;
pub mod pair;
pub mod sink;
pub mod source;
pub mod unreadable;
pub mod window;

pub use finding::{Finding, Location};
pub use sink::Sink;

use crate::detect::Detector;
use crate::filter::{Filter, FilterSink, Order, context};
use std::io::Read;
use std::sync::Arc;
use window::{Outcome, StreamState};

/// Runs a detector over sources and produces findings.
#[derive(Debug, Clone)]
pub struct Scanner {
    detector: Arc<Detector>,
    filter: Arc<Filter>,
}

impl Scanner {
    /// A scanner using `detector`, with the default filters (every inline marker).
    pub fn new(detector: Detector) -> Self {
        Self::with_filter(detector, Filter::new())
    }

    /// A scanner using `detector` whose findings pass through `filter`.
    pub fn with_filter(detector: Detector, filter: Filter) -> Self {
        Self {
            detector: Arc::new(detector),
            filter: Arc::new(filter),
        }
    }

    /// The underlying detector.
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// The filters, with their counts of suppressed findings.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The filter stage in front of `inner` (a printer): push finished findings into it.
    pub fn sink<S: Sink>(&self, inner: S, order: Order) -> FilterSink<'_, S> {
        FilterSink::new(&self.filter, inner, order)
    }

    /// Scans one reader to the end, labelling findings with `path`; findings an inline
    /// marker allows are left out (and counted). A binary key store is reported by type
    /// (`scan/keystore.rs`), binary or not.
    pub fn scan_reader(
        &self,
        path: &str,
        reader: impl Read,
        state: &mut StreamState,
        skip_binary: bool,
        out: &mut Vec<Finding>,
    ) -> std::io::Result<Outcome> {
        let rules = self.detector.rules();
        let paths = self.detector.path_mask(path);
        let detector = &self.detector;
        let first = out.len();
        let outcome = window::scan_stream_in(detector, &paths, state, reader, skip_binary, |hit| {
            if self.filter.inline_allows(hit.line, hit.previous_line) {
                return;
            }
            let rule = &rules[hit.matched.rule];
            // Documentation values and unlabelled PII in source code (filter/context.rs).
            if !context::reported(rule, path, hit.line, hit.previous_line, hit.secret) {
                return;
            }
            out.push(Finding::new(
                &rule.id,
                rule.kind,
                hit.matched.confidence,
                path,
                hit.location,
                hit.secret,
            ));
        })
        .inspect(|_| out.extend(keystore::finding(path, state.head())))?;
        if out.len() - first >= 2 {
            let mut own = out.split_off(first);
            pair::join(rules, &mut own);
            out.append(&mut own);
        }
        Ok(outcome)
    }

    /// Scans the added lines of a unified diff, reporting new paths and new-file lines;
    /// returns how many files the diff touched.
    pub fn scan_diff(
        &self,
        input: impl std::io::BufRead,
        state: &mut StreamState,
        out: &mut Vec<Finding>,
    ) -> Result<usize, source::diff::DiffError> {
        let mut io_error = None;
        let mut files = 0;
        source::diff::parse(input, |file| {
            files += 1;
            if io_error.is_some() {
                return;
            }
            if let Err(e) = self.scan_added(&file, state, out) {
                io_error = Some(e);
            }
        })?;
        io_error.map_or(Ok(files), |e| Err(e.into()))
    }

    /// Scans many files' added lines on up to `threads` threads.
    pub fn scan_added_all(
        &self,
        files: &[source::diff::DiffFile],
        threads: usize,
    ) -> std::io::Result<Vec<Finding>> {
        let bytes: usize = files.iter().map(|f| f.added.len()).sum();
        // Below this much text a second thread costs more than it saves.
        let threads = if bytes < (256 << 10) {
            1
        } else {
            threads.max(1)
        };
        let per = files.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = files
                .chunks(per)
                .map(|chunk| {
                    scope.spawn(move || {
                        let mut state = StreamState::new(self.detector());
                        let mut out = Vec::new();
                        for file in chunk {
                            self.scan_added(file, &mut state, &mut out)?;
                        }
                        Ok::<_, std::io::Error>(out)
                    })
                })
                .collect();
            let mut all = Vec::new();
            for w in workers {
                all.append(&mut w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?);
            }
            Ok(all)
        })
    }

    /// Scans one file's added lines (from a diff or from git), mapping lines back.
    pub fn scan_added(
        &self,
        file: &source::diff::DiffFile,
        state: &mut StreamState,
        out: &mut Vec<Finding>,
    ) -> std::io::Result<()> {
        let path = source::display_bytes(&file.path);
        let first = out.len();
        self.scan_reader(&path, &file.added[..], state, false, out)?;
        for f in &mut out[first..] {
            let index = usize::try_from(f.line - 1).unwrap_or(usize::MAX);
            f.line = file.lines.get(index).copied().unwrap_or(f.line);
            if let Some(p) = &mut f.pair {
                let index = usize::try_from(p.line - 1).unwrap_or(usize::MAX);
                p.line = file.lines.get(index).copied().unwrap_or(p.line);
            }
            f.commit.clone_from(&file.commit);
        }
        Ok(())
    }
}
