//! The filter stage: which findings are not reported, and why.
//!
//! Between the detector and the report (DESIGN.md's flow: sources → detector → findings →
//! filters → report) sit four filters:
//!
//! - [`inline`]: a marker such as `hush:allow` or `gitleaks:allow` on the finding's line;
//! - [`allowlist`]: path globs (`exclude`) and fingerprints (`allow`) from the config file;
//! - [`baseline`]: the fingerprints of an earlier report.
//!
//! A [`Filter`] holds them all. The [`Scanner`](crate::scan::Scanner) asks it about inline
//! markers while the line is in view; every finished finding then goes through a
//! [`FilterSink`] into the printer. Library users and the command line share this stage, so
//! they suppress the same findings; [`Filter::suppressed`] tells how many each filter took.
//!
//! ```
//! use hush::detect::Detector;
//! use hush::filter::{Filter, Order};
//! use hush::patterns::PatternSet;
//! use hush::scan::{Scanner, Sink, window::StreamState};
//!
//! let scanner = Scanner::with_filter(Detector::new(PatternSet::builtin()?)?, Filter::new());
//! let text = "password = \"Zq8vLm2Xt5Rw\"  # hush:allow\n";
//! let mut state = StreamState::new(scanner.detector());
//! let mut found = Vec::new();
//! scanner.scan_reader("app.py", text.as_bytes(), &mut state, false, &mut found)?;
//! let mut sink = scanner.sink(Vec::new(), Order::Sorted);
//! for f in found {
//!     sink.push(f)?;
//! }
//! sink.finish()?;
//! assert!(sink.into_inner().is_empty());
//! assert_eq!(scanner.filter().suppressed().inline, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod allowlist;
pub mod baseline;
pub(crate) mod context;
mod count;
pub mod inline;
mod sink;

pub use allowlist::Allowlist;
pub use baseline::Baseline;
pub use count::Suppressed;
pub use inline::InlineAllow;
pub use sink::{FilterSink, Order};

use count::{Counters, Reason};

/// The filters of one scan, and how many findings each suppressed.
#[derive(Debug, Default)]
pub struct Filter {
    inline: InlineAllow,
    allowlist: Allowlist,
    baseline: Option<Baseline>,
    counters: Counters,
}

impl Filter {
    /// Every inline marker, no allowlist, no baseline.
    pub fn new() -> Self {
        Self::default()
    }

    /// Honours `inline` markers (all by default).
    pub fn with_inline(mut self, inline: InlineAllow) -> Self {
        self.inline = inline;
        self
    }

    /// Suppresses the findings `allowlist` lists.
    pub fn with_allowlist(mut self, allowlist: Allowlist) -> Self {
        self.allowlist = allowlist;
        self
    }

    /// Suppresses the findings of `baseline`.
    pub fn with_baseline(mut self, baseline: Baseline) -> Self {
        self.baseline = Some(baseline);
        self
    }

    /// True (and counted) when an inline marker on `line`, or a next-line marker on
    /// `previous`, suppresses its finding.
    pub fn inline_allows(&self, line: &[u8], previous: &[u8]) -> bool {
        let allowed = self.inline.allows(line, previous);
        if allowed {
            self.counters.add(Reason::Inline);
        }
        allowed
    }

    /// Which inline markers are honoured.
    pub fn inline(&self) -> InlineAllow {
        self.inline
    }

    /// How many findings each filter has suppressed so far.
    pub fn suppressed(&self) -> Suppressed {
        self.counters.snapshot()
    }
}

#[cfg(test)]
mod tests;
