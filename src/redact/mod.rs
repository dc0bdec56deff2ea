//! Redaction: the detector's findings masked in place, everything else byte-identical.
//!
//! [`Redactor`] applies a [`PatternSet`] (through the same [`Detector`] `hush scan` uses) to a
//! buffer of lines and returns it with every finding replaced by a mask ([`mask`]). Three
//! things are added on top of the detector, none of them a rule of its own:
//! - **JSON lines** ([`json`]): in a line that is one JSON object (after an optional prefix
//!   such as a timestamp), masks are spliced into
//!   string values only (a match on a number replaces the number with a masked string), and the
//!   value of a sensitive field (`password`, `token`, …) is masked whole; the line stays valid
//!   JSON with the same keys in the same order.
//! - **Private-key blocks**: from a `-----BEGIN … PRIVATE KEY-----` line to its `-----END`
//!   line, every line is masked even when the lines arrive one at a time ([`RedactFilter`]
//!   carries the state), under the id of the rule set's private-key rule; no such rule (say,
//!   `--except` it) means no block masking.
//! - **Line shape**: a span across lines is masked line by line, so line count is kept.
//!
//! Streaming ([`RedactFilter`]) and the [`RedactingWriter`] for a program's log sink sit on top.

pub mod json;
pub mod mask;
mod stream;
mod writer;

pub use mask::{MaskStyle, Masker};
pub use stream::{MAX_LINE, OVERLAP, RedactFilter};
pub use writer::RedactingWriter;

use crate::detect::{BuildError, Detector, Match, Scratch};
use crate::patterns::{Kind, PatternSet};
use regex::bytes::Regex;
use std::borrow::Cow;
use std::sync::Mutex;

/// Label (in masks and `--stats`) of a value masked because of its JSON field name.
pub const SENSITIVE_FIELD: &str = "sensitive-field";
/// A private-key block longer than this many lines is not followed further (a lost END line
/// must not mask the rest of the log).
pub const MAX_PEM_LINES: usize = 256;

/// Masks findings in buffers of lines. Share it by reference or `Arc` between threads.
#[derive(Debug)]
pub struct Redactor {
    detector: Detector,
    masker: Masker,
    /// Private-key rules (regex names BEGIN and PRIVATE), with their keywords.
    pem_rules: Vec<(usize, Vec<String>)>,
    pem_begin: Regex,
    pem_end: Regex,
    pool: Mutex<Vec<Work>>,
}

/// Per-call buffers, reused.
#[derive(Debug)]
struct Work {
    scratch: Scratch,
    matches: Vec<Match>,
    edits: Vec<Edit>,
    lines: Vec<(usize, usize)>,
    spans: json::Spans,
}

/// One span to mask. `label` indexes the rules; one past the last is [`SENSITIVE_FIELD`].
#[derive(Debug, Clone, Copy)]
struct Edit {
    start: usize,
    end: usize,
    label: usize,
    /// Write the mask as a JSON string (it replaces a non-string JSON value).
    quote: bool,
    /// Counts in the stats (the first piece of a finding).
    count: bool,
}

/// Whether a private-key block is open at the end of the lines seen so far.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PemState {
    open: bool,
    lines: usize,
    /// The rule the open block is masked under.
    label: usize,
}

/// Masked spans per label, for `--stats`. Holds counts only, never a value.
#[derive(Debug, Clone)]
pub struct Stats {
    counts: Vec<(String, u64)>,
}

impl Stats {
    /// `(label, count)` of every label masked at least once, in rule order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| (l.as_str(), *n))
    }

    /// All masked spans.
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|(_, n)| n).sum()
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
        Ok(Self {
            detector: Detector::new(set)?,
            masker,
            pem_rules,
            pem_begin: Regex::new(r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----")
                .expect("valid regex"),
            pem_end: Regex::new(r"-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----")
                .expect("valid regex"),
            pool: Mutex::new(Vec::new()),
        })
    }

    /// The detector (and through it the rules).
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Empty stats for this redactor's labels.
    pub fn stats(&self) -> Stats {
        let mut counts: Vec<(String, u64)> = self
            .detector
            .rules()
            .iter()
            .map(|r| (r.id.clone(), 0))
            .collect();
        counts.push((SENSITIVE_FIELD.to_owned(), 0));
        Stats { counts }
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
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(work);
        }
        result
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
        }
    }

    /// Edits for `hay`, a part of one line: plain detector matches.
    fn text_edits(&self, hay: &[u8], work: &mut Work) {
        work.edits.clear();
        work.matches.clear();
        self.detector
            .detect(hay, &mut work.scratch, &mut work.matches);
        work.edits.extend(work.matches.iter().map(text_edit));
    }

    /// Edits for `hay`, whole lines: private-key blocks, JSON lines, then the other matches.
    fn line_edits(&self, hay: &[u8], work: &mut Work, pem: &mut PemState) {
        let Work {
            scratch,
            matches,
            edits,
            lines,
            spans,
        } = work;
        edits.clear();
        matches.clear();
        self.detector.detect(hay, scratch, matches);
        if !self.pem_rules.is_empty() {
            self.pem_edits(hay, pem, edits);
        }
        let pem_count = edits.len();
        let in_pem = |edits: &[Edit], m: &Match| {
            let i = edits[..pem_count].partition_point(|e| e.end <= m.start);
            i < pem_count && edits[i].start < m.end
        };
        // A line holding a `{` is parsed as JSON (from its first `{`) only when it holds a
        // match or what may be a sensitive field name: most JSON lines need neither.
        lines.clear();
        collect_json_lines(hay, memchr::memchr_iter(b'{', hay), lines);
        let mut next = 0; // first match not yet handled
        for &(ls, le) in lines.iter() {
            let i = matches.partition_point(|m| m.start < ls);
            let has_match = matches.get(i).is_some_and(|m| m.start < le);
            if !has_match && !json::may_have_sensitive_key(&hay[ls..le]) {
                continue;
            }
            if json::parse(&hay[ls..le], spans).is_none() {
                continue;
            }
            let label = self.detector.rules().len();
            for &(s, e, string) in &spans.sensitive {
                let (start, end) = (ls + s, ls + e);
                if string && memchr::memmem::find(&hay[start..end], b"[REDACTED:").is_some() {
                    continue; // masked already: redacting twice changes nothing
                }
                edits.push(Edit {
                    start,
                    end,
                    label,
                    quote: !string,
                    count: true,
                });
            }
            let first = next.max(matches.partition_point(|m| m.start < ls));
            for m in &matches[next..first] {
                if !in_pem(edits, m) {
                    edits.push(text_edit(m));
                }
            }
            next = first;
            while next < matches.len() && matches[next].start < le {
                let m = &matches[next];
                next += 1;
                if in_pem(edits, m) {
                    continue;
                }
                if m.end > le {
                    edits.push(text_edit(m));
                    continue;
                }
                json_match_edits(hay, ls, spans, m, edits);
            }
        }
        for m in &matches[next..] {
            if !in_pem(edits, m) {
                edits.push(text_edit(m));
            }
        }
        edits.sort_unstable_by_key(|e| (e.start, e.end));
        merge_overlaps(edits);
    }

    /// The rule a BEGIN marker's block is masked under: the private-key rule whose keyword the
    /// marker holds, else one without keywords; `None` when such keys are not redacted.
    fn pem_label(&self, marker: &[u8]) -> Option<usize> {
        let marker = marker.to_ascii_lowercase();
        let holds = |kw: &String| memchr::memmem::find(&marker, kw.as_bytes()).is_some();
        (self.pem_rules.iter())
            .find(|(_, kws)| kws.iter().any(holds))
            .or_else(|| self.pem_rules.iter().find(|(_, kws)| kws.is_empty()))
            .map(|(i, _)| *i)
    }

    /// Masks private-key blocks, following one open at the end of the previous call.
    fn pem_edits(&self, hay: &[u8], st: &mut PemState, edits: &mut Vec<Edit>) {
        let mut pos = 0;
        loop {
            if !st.open {
                let Some(b) = self.pem_begin.find_at(hay, pos) else {
                    return;
                };
                pos = b.end();
                let Some(label) = self.pem_label(b.as_bytes()) else {
                    continue;
                };
                let le = memchr::memchr(b'\n', &hay[pos..]).map_or(hay.len(), |p| pos + p);
                let rest = &hay[pos..le];
                if self.pem_end.find(rest).is_none() && !rest.trim_ascii().is_empty() {
                    // Text after the marker and no END on its line: not the start of a block
                    // (a message quoting the marker, or a truncated one-line key). Mask the
                    // marker and what follows it up to a quote or the end of the line.
                    let end = pos + memchr::memchr(b'"', rest).unwrap_or(rest.len());
                    edits.push(Edit {
                        start: b.start(),
                        end,
                        label,
                        quote: false,
                        count: true,
                    });
                    pos = end;
                    continue;
                }
                *st = PemState {
                    open: true,
                    lines: 0,
                    label,
                };
                pos = b.start();
            }
            let label = st.label;
            let start = pos;
            let count = st.lines == 0;
            let mut ls = pos;
            loop {
                if ls >= hay.len() {
                    if start < hay.len() {
                        edits.push(Edit {
                            start,
                            end: hay.len(),
                            label,
                            quote: false,
                            count,
                        });
                    }
                    return;
                }
                let le = memchr::memchr(b'\n', &hay[ls..]).map_or(hay.len(), |p| ls + p);
                if let Some(e) = self.pem_end.find(&hay[ls..le]) {
                    edits.push(Edit {
                        start,
                        end: ls + e.end(),
                        label,
                        quote: false,
                        count,
                    });
                    st.open = false;
                    pos = ls + e.end();
                    break;
                }
                st.lines += 1;
                if st.lines > MAX_PEM_LINES {
                    if ls > start {
                        edits.push(Edit {
                            start,
                            end: ls,
                            label,
                            quote: false,
                            count,
                        });
                    }
                    st.open = false;
                    pos = ls;
                    break;
                }
                ls = le + 1;
            }
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
                stats.counts[e.label].1 += 1;
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

fn text_edit(m: &Match) -> Edit {
    Edit {
        start: m.start,
        end: m.end,
        label: m.rule,
        quote: false,
        count: true,
    }
}

/// Pushes `(start, end)` of the JSON part of each line that holds one of `positions` (sorted)
/// and has a `{`: from its first `{` (a log prefix may come before) to the line's end. Each
/// line is looked at once however many positions it holds.
fn collect_json_lines(
    hay: &[u8],
    positions: impl Iterator<Item = usize>,
    out: &mut Vec<(usize, usize)>,
) {
    let mut seen_to = 0;
    for p in positions {
        if p < seen_to {
            continue;
        }
        let ls = memchr::memrchr(b'\n', &hay[..p]).map_or(0, |i| i + 1);
        let le = memchr::memchr(b'\n', &hay[p..]).map_or(hay.len(), |i| p + i);
        seen_to = le + 1;
        if let Some(brace) = memchr::memchr(b'{', &hay[ls..le]) {
            out.push((ls + brace, le));
        }
    }
}

/// Edits masking `m` inside a parsed JSON line at `ls`: its pieces in string values (escapes
/// kept whole), and whole numbers it touches (as strings). Inside a sensitive value: nothing
/// (the value is masked whole); in keys and punctuation: nothing.
fn json_match_edits(hay: &[u8], ls: usize, spans: &json::Spans, m: &Match, edits: &mut Vec<Edit>) {
    let (ms, me) = (m.start - ls, m.end - ls);
    if spans
        .sensitive
        .iter()
        .any(|&(s, e, _)| s <= ms && me <= e.max(s + 1))
    {
        return;
    }
    let mut count = true;
    let mut push = |start: usize, end: usize, quote: bool| {
        edits.push(Edit {
            start: ls + start,
            end: ls + end,
            label: m.rule,
            quote,
            count,
        });
        count = false;
    };
    let first = spans.strings.partition_point(|&(_, e)| e <= ms);
    for &(cs, ce) in spans.strings[first..]
        .iter()
        .take_while(|&&(cs, _)| cs < me)
    {
        let content = &hay[ls + cs..ls + ce];
        let (a, b) = json::snap_to_escapes(content, ms.max(cs) - cs, me.min(ce) - cs);
        push(cs + a, cs + b, false);
    }
    let first = spans.numbers.partition_point(|&(_, e)| e <= ms);
    for &(ns, ne) in spans.numbers[first..]
        .iter()
        .take_while(|&&(ns, _)| ns < me)
    {
        push(ns, ne, true);
    }
}

/// Sorted edits -> non-overlapping: an edit overlapping the one before is merged into it.
fn merge_overlaps(edits: &mut Vec<Edit>) {
    edits.dedup_by(|next, prev| {
        let overlap = next.start < prev.end;
        if overlap {
            prev.end = prev.end.max(next.end);
            prev.count |= next.count && next.label == prev.label;
        }
        overlap
    });
}

#[cfg(test)]
mod tests;
