//! Redaction: the detector's findings masked in place, everything else byte-identical.
//!
//! [`Redactor`] applies a [`PatternSet`] (through the same [`Detector`] `hush scan` uses) to a
//! buffer of lines and returns it with every finding replaced by a mask ([`mask`]). Three
//! things are added on top of the detector, none of them a rule of its own:
//! - **JSON lines** ([`json`]): in a line that is one JSON object (after an optional prefix
//!   such as a timestamp), masks are spliced into string values only (a match on a number
//!   replaces the number with a masked string), and the value of a sensitive field
//!   (`password`, `token`, …) is masked whole; the line stays valid JSON with the same keys in
//!   the same order.
//! - **Private-key blocks** (`pem.rs`): from a `-----BEGIN … PRIVATE KEY-----` line to its
//!   `-----END` line, every line is masked even when the lines arrive one at a time
//!   ([`RedactFilter`] carries the state), under the id of the matching private-key rule; no
//!   such rule (say, `--except` it) means no block masking.
//! - **Values under a sensitive name in text** (`pairs.rs`): `DB_PASSWORD=…`, `token: …`,
//!   `password="…"`, header lines, query strings, also inside JSON strings; the name list is
//!   the same [`SensitiveNames`] the JSON fields use ([`Redactor::sensitive_names`]).
//! - **Whole-token masks** ([`widen`]): a secret match that stops inside a token is widened
//!   to the token's ends.
//! - **Line shape**: a span across lines is masked line by line, so line count is kept.
//!
//! Flow: `edit.rs` turns matches, JSON spans and blocks into a sorted list of edits,
//! [`Redactor`] writes the buffer with the edits applied. Streaming ([`RedactFilter`]) and the
//! [`RedactingWriter`] for a program's log sink sit on top.

mod edit;
mod escaped;
pub mod json;
pub mod mask;
mod pairs;
mod parallel;
mod pem;
mod stream;
pub mod widen;
mod writer;

pub use mask::{MaskStyle, Masker};
pub use pem::MAX_PEM_LINES;
pub use stream::{MAX_LINE, OVERLAP, RedactFilter};
pub use writer::RedactingWriter;

use edit::Edit;
use pem::PemState;

use crate::detect::{BuildError, Detector, Match, Scratch};
use crate::patterns::sensitive::SensitiveNames;
use crate::patterns::{Kind, PatternSet};
use regex::bytes::Regex;
use std::borrow::Cow;
use std::sync::{Arc, Mutex};

/// Label (in masks and `--stats`) of a value masked because of its JSON field name.
pub const SENSITIVE_FIELD: &str = "sensitive-field";

/// Masks findings in buffers of lines. Share it by reference or `Arc` between threads.
#[derive(Debug)]
pub struct Redactor {
    detector: Detector,
    masker: Masker,
    /// Private-key rules (regex names BEGIN and PRIVATE), with their keywords.
    pem_rules: Vec<(usize, Vec<String>)>,
    pem_begin: Regex,
    pem_end: Regex,
    names: SensitiveNames,
    pool: Mutex<Vec<Work>>,
    /// Labels of [`Stats`]: rule ids, then [`SENSITIVE_FIELD`].
    labels: Arc<[String]>,
}

/// Per-call buffers, reused.
#[derive(Debug)]
struct Work {
    scratch: Scratch,
    matches: Vec<Match>,
    edits: Vec<Edit>,
    lines: Vec<(usize, usize)>,
    spans: json::Spans,
    decoded: escaped::Decoded,
    /// Values under sensitive names, before JSON lines are sorted out.
    pairs: Vec<Edit>,
}

/// Masked spans per label, for `--stats`. Holds counts only, never a value.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Rule ids then [`SENSITIVE_FIELD`], shared with the redactor: a fresh `Stats` per call
    /// (the in-memory [`Redactor::redact`] makes one) must not copy hundreds of strings.
    labels: Arc<[String]>,
    counts: Vec<u64>,
}

impl Stats {
    /// `(label, count)` of every label masked at least once, in rule order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.labels
            .iter()
            .zip(&self.counts)
            .filter(|(_, n)| **n > 0)
            .map(|(l, n)| (l.as_str(), *n))
    }

    /// All masked spans.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Adds `other`'s counts (stats of the same redactor) to these.
    pub(crate) fn add(&mut self, other: &Self) {
        for (n, m) in self.counts.iter_mut().zip(&other.counts) {
            *n += m;
        }
    }
}

impl Redactor {
    /// A redactor for `set`, masking with `masker`.
    pub fn new(set: PatternSet, masker: Masker) -> Result<Self, BuildError> {
        let pem_rules = (set.rules().iter().enumerate())
            .filter(|(_, r)| {
                let re = r.pattern.to_ascii_uppercase();
                r.kind == Kind::Secret && re.contains("BEGIN") && re.contains("PRIVATE")
            })
            .map(|(i, r)| (i, r.keywords.clone()))
            .collect();
        let labels = (set.rules().iter().map(|r| r.id.clone()))
            .chain([SENSITIVE_FIELD.to_owned()])
            .collect();
        Ok(Self {
            labels,
            detector: Detector::new(set)?,
            masker,
            pem_rules,
            pem_begin: Regex::new(r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----")
                .expect("valid regex"),
            pem_end: Regex::new(r"-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----")
                .expect("valid regex"),
            names: SensitiveNames::default(),
            pool: Mutex::new(Vec::new()),
        })
    }

    /// Masks values under `names` (JSON fields and text pairs) instead of the default names.
    pub fn with_sensitive_names(mut self, names: SensitiveNames) -> Self {
        self.names = names;
        self
    }

    /// The names whose values are masked whole.
    pub fn sensitive_names(&self) -> &SensitiveNames {
        &self.names
    }

    /// The detector (and through it the rules).
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Empty stats for this redactor's labels.
    pub fn stats(&self) -> Stats {
        Stats {
            labels: Arc::clone(&self.labels),
            counts: vec![0; self.labels.len()],
        }
    }

    /// Redacts `input`, a run of lines (the last may lack its newline); borrows it back when
    /// there is nothing to mask.
    ///
    /// ```
    /// use hush::patterns::PatternSet;
    /// use hush::redact::{MaskStyle, Masker, Redactor};
    ///
    /// let redactor = Redactor::new(PatternSet::builtin()?, Masker::new(MaskStyle::Full, b""))?;
    /// let line = br#"{"user":"ana","password":"hunter2!"}"#;
    /// assert_eq!(&*redactor.redact(line), br#"{"user":"ana","password":"[REDACTED:sensitive-field]"}"#);
    /// assert_eq!(&*redactor.redact(b"nothing here\n"), b"nothing here\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn redact<'a>(&self, input: &'a [u8]) -> Cow<'a, [u8]> {
        let mut work = self.take_work();
        self.line_edits(input, &mut work, &mut PemState::default());
        let result = if work.edits.is_empty() {
            Cow::Borrowed(input)
        } else {
            let mut out = Vec::with_capacity(input.len() + 64);
            let mut stats = self.stats();
            self.apply(input, 0, input.len(), &work.edits, &mut out, &mut stats);
            Cow::Owned(out)
        };
        self.put_work(work);
        result
    }

    fn put_work(&self, work: Work) {
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(work);
        }
    }

    fn take_work(&self) -> Work {
        let reused = self.pool.lock().ok().and_then(|mut p| p.pop());
        reused.unwrap_or_else(|| self.work())
    }

    fn work(&self) -> Work {
        Work {
            scratch: self.detector.scratch(),
            matches: Vec::new(),
            edits: Vec::new(),
            lines: Vec::new(),
            spans: json::Spans::default(),
            decoded: escaped::Decoded::default(),
            pairs: Vec::new(),
        }
    }

    /// Writes `hay[from..to]` to `out` with `edits` applied; an edit that starts before `from`
    /// is clipped to it (and not counted).
    fn apply(
        &self,
        hay: &[u8],
        from: usize,
        to: usize,
        edits: &[Edit],
        out: &mut Vec<u8>,
        stats: &mut Stats,
    ) {
        let rules = self.detector.rules();
        let mut pos = from;
        for e in edits {
            if e.end <= pos {
                continue;
            }
            let start = e.start.max(pos);
            if start >= to {
                break;
            }
            out.extend_from_slice(&hay[pos..start]);
            let label = rules
                .get(e.label)
                .map_or(SENSITIVE_FIELD, |r| r.id.as_str());
            if e.quote {
                out.push(b'"');
            }
            self.write_mask(label, &hay[start..e.end], out);
            if e.quote {
                out.push(b'"');
            }
            if e.count && e.start >= from {
                stats.counts[e.label] += 1;
            }
            pos = e.end;
        }
        if pos < to {
            out.extend_from_slice(&hay[pos..to]);
        }
    }

    /// One mask per line of `span`, keeping its newlines (and `\r`s); an empty span gets one.
    fn write_mask(&self, label: &str, span: &[u8], out: &mut Vec<u8>) {
        if span.is_empty() {
            self.masker.write(label, span, out);
        }
        for (i, seg) in span.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                out.push(b'\n');
            }
            let body = seg.strip_suffix(b"\r").unwrap_or(seg);
            if !body.is_empty() {
                self.masker.write(label, body, out);
            }
            if body.len() < seg.len() {
                out.push(b'\r');
            }
        }
    }
}

#[cfg(test)]
mod tests;
