//! The scanner: sources in, [`Finding`]s out.
//!
//! [`Scanner`] ties a [`Detector`] to sources: files and directories (walked in parallel,
//! honouring ignore files) and readers such as stdin. It turns detector matches into located,
//! fingerprinted, masked findings and applies inline suppressions (`hush:allow` on the line).
//! It never prints; results go to a [`Sink`].

pub mod finding;
pub mod sink;
pub mod source;
pub mod window;

pub use finding::{Finding, Location};
pub use sink::Sink;

use crate::detect::Detector;
use std::io::Read;
use std::sync::Arc;
use window::{Outcome, StreamState};

/// A comment containing this marker suppresses findings on its line.
pub const ALLOW_MARKER: &[u8] = b"hush:allow";

/// Runs a detector over sources and produces findings.
#[derive(Debug, Clone)]
pub struct Scanner {
    detector: Arc<Detector>,
}

impl Scanner {
    /// A scanner using `detector`.
    pub fn new(detector: Detector) -> Self {
        Self {
            detector: Arc::new(detector),
        }
    }

    /// The underlying detector.
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Scans one reader to the end, labelling findings with `path`.
    pub fn scan_reader(
        &self,
        path: &str,
        reader: impl Read,
        state: &mut StreamState,
        skip_binary: bool,
        out: &mut Vec<Finding>,
    ) -> std::io::Result<Outcome> {
        let rules = self.detector.rules();
        window::scan_stream(&self.detector, state, reader, skip_binary, |hit| {
            if memchr::memmem::find(hit.line, ALLOW_MARKER).is_some() {
                return;
            }
            let rule = &rules[hit.matched.rule];
            out.push(Finding::new(
                &rule.id,
                rule.kind,
                hit.matched.confidence,
                path,
                hit.location,
                hit.secret,
            ));
        })
    }
}
