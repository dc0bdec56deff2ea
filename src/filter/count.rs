//! How many findings each filter suppressed.
//!
//! The scanner's threads and the filtering sink count into one [`Counters`] (atomics, so a
//! shared [`Filter`](super::Filter) can count from any thread); [`Suppressed`] is the
//! snapshot a summary or a report prints.

use std::sync::atomic::{AtomicU64, Ordering};

/// Findings suppressed, by filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Suppressed {
    /// By an inline marker on the finding's line.
    pub inline: u64,
    /// By a path glob of the config allowlist.
    pub path: u64,
    /// By a fingerprint of the config allowlist.
    pub fingerprint: u64,
    /// By the baseline.
    pub baseline: u64,
}

impl Suppressed {
    /// All suppressed findings.
    pub fn total(&self) -> u64 {
        self.inline + self.path + self.fingerprint + self.baseline
    }
}

/// Which filter suppressed a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reason {
    Inline,
    Path,
    Fingerprint,
    Baseline,
}

/// Shared counters behind [`Suppressed`].
#[derive(Debug, Default)]
pub(super) struct Counters {
    inline: AtomicU64,
    path: AtomicU64,
    fingerprint: AtomicU64,
    baseline: AtomicU64,
}

impl Counters {
    pub(super) fn add(&self, reason: Reason) {
        let counter = match reason {
            Reason::Inline => &self.inline,
            Reason::Path => &self.path,
            Reason::Fingerprint => &self.fingerprint,
            Reason::Baseline => &self.baseline,
        };
        // Counts only: no other memory is published through them.
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn snapshot(&self) -> Suppressed {
        Suppressed {
            inline: self.inline.load(Ordering::Relaxed),
            path: self.path.load(Ordering::Relaxed),
            fingerprint: self.fingerprint.load(Ordering::Relaxed),
            baseline: self.baseline.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Counters, Reason};

    #[test]
    fn counts_by_reason() {
        let c = Counters::default();
        c.add(Reason::Inline);
        c.add(Reason::Inline);
        c.add(Reason::Baseline);
        let s = c.snapshot();
        assert_eq!((s.inline, s.path, s.fingerprint, s.baseline), (2, 0, 0, 1));
        assert_eq!(s.total(), 3);
    }
}
