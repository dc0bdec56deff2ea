//! [`FilterSink`]: the filter stage as a [`Sink`] between the scanner and a printer.
//!
//! Findings pushed into it are checked against the config allowlist and the baseline; the
//! rest go on to the inner sink, at once or, with [`Order::Sorted`], at [`Sink::finish`] in
//! a stable order (path, line, column, rule, commit), so parallel scans print the same report
//! on every run.

use super::Filter;
use super::count::Reason;
use crate::scan::{Finding, Sink};
use std::io;

/// When findings reach the inner sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// As they arrive.
    AsFound,
    /// All at the end, sorted by path, line, column, rule and commit.
    Sorted,
}

/// Filters findings on their way into `inner`.
#[derive(Debug)]
pub struct FilterSink<'f, S> {
    filter: &'f Filter,
    inner: S,
    order: Order,
    held: Vec<Finding>,
    passed: usize,
}

impl<'f, S: Sink> FilterSink<'f, S> {
    /// A sink applying `filter` in front of `inner`.
    pub fn new(filter: &'f Filter, inner: S, order: Order) -> Self {
        Self {
            filter,
            inner,
            order,
            held: Vec::new(),
            passed: 0,
        }
    }

    /// Findings that passed the filters so far (all of them after [`Sink::finish`]).
    pub fn passed(&self) -> usize {
        self.passed
    }

    /// The inner sink back.
    pub fn into_inner(self) -> S {
        self.inner
    }

    fn suppression(&self, f: &Finding) -> Option<Reason> {
        use super::allowlist::Listed;
        match self.filter.allowlist.lists(f) {
            Some(Listed::Fingerprint) => Some(Reason::Fingerprint),
            Some(Listed::Path) => Some(Reason::Path),
            None => self
                .filter
                .baseline
                .as_ref()
                .filter(|b| b.contains(&f.fingerprint))
                .map(|_| Reason::Baseline),
        }
    }

    /// [`Sink::matched`] for a finding the caller owns (sorting keeps it without a copy).
    pub fn push(&mut self, finding: Finding) -> io::Result<()> {
        if self.order == Order::Sorted {
            if self.admit(&finding) {
                self.held.push(finding);
            }
            return Ok(());
        }
        self.matched(&finding)
    }

    /// Counts a suppressed finding; true when `f` passes.
    fn admit(&mut self, f: &Finding) -> bool {
        if let Some(reason) = self.suppression(f) {
            self.filter.counters.add(reason);
            return false;
        }
        self.passed += 1;
        true
    }
}

impl<S: Sink> Sink for FilterSink<'_, S> {
    fn matched(&mut self, finding: &Finding) -> io::Result<()> {
        if !self.admit(finding) {
            return Ok(());
        }
        match self.order {
            Order::AsFound => self.inner.matched(finding),
            Order::Sorted => {
                self.held.push(finding.clone());
                Ok(())
            }
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        let mut held = std::mem::take(&mut self.held);
        held.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.rule, &a.commit)
                .cmp(&(&b.path, b.line, b.column, &b.rule, &b.commit))
        });
        for f in &held {
            self.inner.matched(f)?;
        }
        self.inner.suppressed(self.filter.suppressed());
        self.inner.finish()
    }
}
