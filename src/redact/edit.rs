//! Where to mask in a buffer: the [`Edit`] list the redactor applies.
//!
//! Detector matches become edits as they are, except in a JSON line (masks go inside string
//! values; a number becomes a masked string; a sensitive field's value is masked whole) and
//! inside a private-key block (the block's edit covers them). Edits come out sorted and
//! non-overlapping.

use super::{PemState, Redactor, Work, json, pairs, widen};
use crate::detect::Match;

/// One span to mask. `label` indexes the rules; one past the last is [`SENSITIVE_FIELD`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Edit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) label: usize,
    /// Write the mask as a JSON string (it replaces a non-string JSON value).
    pub(super) quote: bool,
    /// Counts in the stats (the first piece of a finding).
    pub(super) count: bool,
}

impl Redactor {
    /// Edits for `hay`, a part of one line: plain detector matches.
    pub(super) fn text_edits(&self, hay: &[u8], work: &mut Work) {
        work.edits.clear();
        work.matches.clear();
        self.detector
            .detect(hay, &mut work.scratch, &mut work.matches);
        widen::widen(hay, self.detector.rules(), &mut work.matches);
        work.edits.extend(work.matches.iter().map(text_edit));
        let label = self.detector.rules().len();
        pairs::pair_edits(hay, &self.names, label, &mut work.edits);
        work.edits
            .sort_by_key(|e| (e.start, e.end, e.label, e.quote));
        merge_overlaps(&mut work.edits);
    }

    /// Edits for `hay`, whole lines: private-key blocks, JSON lines, then the other matches.
    pub(super) fn line_edits(&self, hay: &[u8], work: &mut Work, pem: &mut PemState) {
        let Work {
            scratch,
            matches,
            edits,
            lines,
            spans,
            decoded,
            pairs,
        } = work;
        edits.clear();
        matches.clear();
        pairs.clear();
        self.detector.detect(hay, scratch, matches);
        let label = self.detector.rules().len();
        widen::widen(hay, self.detector.rules(), matches);
        matches.sort_unstable_by_key(|m| (m.start, m.end, m.rule));
        pairs::pair_edits(hay, &self.names, label, pairs);
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
            let line = &hay[ls..le];
            let escaped = memchr::memchr(b'\\', line).is_some();
            if !has_match && !escaped && !json::may_have_sensitive_key(line, &self.names) {
                continue;
            }
            if json::parse_named(line, &self.names, spans).is_none() {
                continue;
            }
            // In a JSON line a text pair counts only inside a string value.
            pairs::keep_in_strings(pairs, ls, le, &spans.strings);
            if escaped {
                for strings in [&spans.strings, &spans.keys] {
                    self.escaped_edits(line, ls, strings, scratch, decoded, edits);
                }
            }
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
        pairs::drop_in_blocks(pairs, &edits[..pem_count]);
        edits.extend_from_slice(pairs);
        edits.sort_by_key(|e| (e.start, e.end, e.label, e.quote));
        merge_overlaps(edits);
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
    let before = edits.len();
    let push = |edits: &mut Vec<Edit>, start: usize, end: usize, quote: bool| {
        let count = edits.len() == before;
        edits.push(Edit {
            start: ls + start,
            end: ls + end,
            label: m.rule,
            quote,
            count,
        });
    };
    for strings in [&spans.strings, &spans.keys] {
        let first = strings.partition_point(|&(_, e)| e <= ms);
        for &(cs, ce) in strings[first..].iter().take_while(|&&(cs, _)| cs < me) {
            let content = &hay[ls + cs..ls + ce];
            let (a, b) = json::snap_to_escapes(content, ms.max(cs) - cs, me.min(ce) - cs);
            push(edits, cs + a, cs + b, false);
        }
    }
    let first = spans.numbers.partition_point(|&(_, e)| e <= ms);
    for &(ns, ne) in spans.numbers[first..]
        .iter()
        .take_while(|&&(ns, _)| ns < me)
    {
        push(edits, ns, ne, true);
    }
    if edits.len() == before {
        // In no string, key or number (JSON punctuation?): mask the raw bytes rather than
        // let a finding through.
        push(edits, ms, me, false);
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
