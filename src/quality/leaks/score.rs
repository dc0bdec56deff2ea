//! Scoring a redacted log against what was planted in it; the [`LeakReport`].

use super::{Log, PARTIAL_RUN};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Planted, leaked and partly leaked values of one label (a rule id or `pii:<family>`).
#[derive(Debug, Default, Clone, Serialize)]
pub struct LabelScore {
    /// The rule id or PII family.
    pub label: String,
    /// Values planted.
    pub planted: usize,
    /// Values that came out whole.
    pub leaked: usize,
    /// Values of which a run of characters came out.
    pub partial: usize,
    /// Log shapes in which something came out (no values).
    pub shapes: Vec<&'static str>,
}

/// The harness result. Holds labels, shapes and counts only, never a planted value.
#[derive(Debug, Default, Clone, Serialize)]
pub struct LeakReport {
    /// Lines in the generated log.
    pub lines: usize,
    /// Per label, in label order.
    pub labels: Vec<LabelScore>,
    /// Values planted in all.
    pub planted: usize,
    /// Values that came out whole.
    pub leaked: usize,
    /// Values of which a run came out.
    pub partial: usize,
    /// Whitespace-separated tokens in ordinary lines.
    pub ordinary_tokens: usize,
    /// Of those, tokens that did not come out unchanged.
    pub over_redacted: usize,
    /// Which labels masked ordinary tokens, and how many times.
    pub over_redacted_by: BTreeMap<String, usize>,
    /// The output had as many lines as the input.
    pub line_count_kept: bool,
    /// Input lines that were JSON and are not any more.
    pub json_broken: usize,
    /// One thread and two gave the same bytes.
    pub threads_agree: bool,
    /// With [`Options::show_values`](super::Options::show_values): `label shape: lines` of
    /// each leak, redacted output (the values are the harness's own synthetic ones).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<String>,
}

impl LeakReport {
    /// Over-redacted share of ordinary tokens.
    pub fn over_redaction_rate(&self) -> f64 {
        self.over_redacted as f64 / self.ordinary_tokens.max(1) as f64
    }

    /// A text table: totals, then every label that leaked (all labels with `all`).
    pub fn to_table(&self, all: bool) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<44} {:>7} {:>7} {:>7}  shapes",
            "label", "planted", "leaked", "partial"
        );
        for l in (self.labels.iter()).filter(|l| all || l.leaked + l.partial > 0) {
            let _ = writeln!(
                s,
                "{:<44} {:>7} {:>7} {:>7}  {}",
                l.label,
                l.planted,
                l.leaked,
                l.partial,
                l.shapes.join(",")
            );
        }
        let _ = writeln!(
            s,
            "{} lines, {} values planted: {} leaked, {} partly leaked; over-redaction {}/{} ordinary tokens ({:.3} %)",
            self.lines,
            self.planted,
            self.leaked,
            self.partial,
            self.over_redacted,
            self.ordinary_tokens,
            100.0 * self.over_redaction_rate()
        );
        for (label, n) in &self.over_redacted_by {
            let _ = writeln!(s, "  over-redacted by {label}: {n}");
        }
        for sample in &self.samples {
            let _ = writeln!(s, "  {sample}");
        }
        let _ = writeln!(
            s,
            "line count kept: {}; JSON lines broken: {}; -j1 == -j2: {}",
            self.line_count_kept, self.json_broken, self.threads_agree
        );
        s
    }
}

/// `text` without its `[REDACTED:…]` masks (a rule id in a mask is not a leak).
fn unmasked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[REDACTED:") {
        out.push_str(&rest[..i]);
        out.push('\u{1}');
        rest = rest[i..].find(']').map_or("", |j| &rest[i + j + 1..]);
    }
    out.push_str(rest);
    out
}

/// Whether a run of `PARTIAL_RUN` characters of `value` that is not in `around` is in `out`.
fn partly_in(value: &str, around: &str, out: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    (chars.windows(PARTIAL_RUN)).any(|w| {
        let run: String = w.iter().collect();
        w.iter().any(char::is_ascii_alphanumeric) && !around.contains(&run) && out.contains(&run)
    })
}

fn labels_in(line: &str, into: &mut BTreeMap<String, usize>) {
    for part in line.split("[REDACTED:").skip(1) {
        let label = part.split([']', ':']).next().unwrap_or("");
        *into.entry(label.to_owned()).or_default() += 1;
    }
}

pub(super) fn score(log: &Log, out: &[&str], threads_agree: bool, samples: bool) -> LeakReport {
    let mut r = LeakReport {
        lines: log.lines.len(),
        line_count_kept: out.len() == log.lines.len(),
        threads_agree,
        ..LeakReport::default()
    };
    let mut by_label: HashMap<&str, LabelScore> = HashMap::new();
    for p in &log.plants {
        let got = out
            .get(p.first..p.first + p.lines)
            .unwrap_or(&[])
            .join("\n");
        let got = unmasked(&got);
        let e = by_label.entry(&p.label).or_insert_with(|| LabelScore {
            label: p.label.clone(),
            ..LabelScore::default()
        });
        e.planted += 1;
        let leaked = got.contains(&p.value);
        let partial = !leaked && partly_in(&p.value, &p.around, &got);
        e.leaked += usize::from(leaked);
        e.partial += usize::from(partial);
        if (leaked || partial) && !e.shapes.contains(&p.shape) {
            e.shapes.push(p.shape);
        }
        if samples && (leaked || partial) {
            let lines = out
                .get(p.first..p.first + p.lines)
                .unwrap_or(&[])
                .join("\n");
            r.samples
                .push(format!("{} {} [{}]: {lines}", p.label, p.shape, p.value));
        }
    }
    for &i in &log.ordinary {
        let got = out.get(i).copied().unwrap_or("");
        let mut have: HashMap<&str, usize> = HashMap::new();
        for t in got.split_ascii_whitespace() {
            *have.entry(t).or_default() += 1;
        }
        for t in log.lines[i].split_ascii_whitespace() {
            r.ordinary_tokens += 1;
            match have.get_mut(t) {
                Some(n) if *n > 0 => *n -= 1,
                _ => r.over_redacted += 1,
            }
        }
        if got != log.lines[i] {
            labels_in(got, &mut r.over_redacted_by);
        }
    }
    for (i, line) in log.lines.iter().enumerate() {
        let was = serde_json::from_str::<serde_json::Value>(line).is_ok();
        let is = out
            .get(i)
            .is_some_and(|o| serde_json::from_str::<serde_json::Value>(o).is_ok());
        r.json_broken += usize::from(was && !is);
    }
    r.labels = by_label.into_values().collect();
    r.labels.sort_by(|a, b| a.label.cmp(&b.label));
    r.planted = r.labels.iter().map(|l| l.planted).sum();
    r.leaked = r.labels.iter().map(|l| l.leaked).sum();
    r.partial = r.labels.iter().map(|l| l.partial).sum();
    r
}
