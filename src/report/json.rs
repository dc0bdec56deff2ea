//! JSON and JSON Lines output.
//!
//! # Wire format
//! Each finding is one object with, in this order: `rule` (string), `kind` (`secret`|`pii`),
//! `confidence` (`high`|`medium`|`low`), `path` (string), `line`, `column`, `end_column`
//! (1-based integers; columns count bytes, `end_column` is exclusive), `commit` (full sha or
//! null; in git modes `author` and `date` follow it), `fingerprint` (32 hex chars, stable for the same rule, path and secret),
//! `redacted` (the masked secret). With `--show-secrets` a `secret` field follows, holding
//! the secret (invalid UTF-8 replaced by U+FFFD). `json` writes one array; `jsonl` one
//! object per line. A two-part credential found with its other half (`scan/pair.rs`) has a
//! `pair` object after `redacted`: `{"rule": ..., "line": N, "column": N}`, the other
//! half's rule and place; the field is absent otherwise.

use super::ReportOptions;
use crate::scan::{Finding, Sink};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Record<'a> {
    rule: &'a str,
    kind: &'a str,
    confidence: &'a str,
    path: &'a str,
    line: u64,
    column: u64,
    end_column: u64,
    commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    fingerprint: &'a str,
    redacted: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pair: Option<PairRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

#[derive(Serialize)]
struct PairRecord<'a> {
    rule: &'a str,
    line: u64,
    column: u64,
}

/// Writes findings as a JSON array or as JSON Lines.
pub struct JsonPrinter<'w> {
    out: Box<dyn Write + 'w>,
    options: ReportOptions,
    lines: bool,
    count: u64,
}

impl<'w> JsonPrinter<'w> {
    /// A printer writing to `out`; `lines` selects JSON Lines.
    pub fn new(out: Box<dyn Write + 'w>, options: ReportOptions, lines: bool) -> Self {
        Self {
            out,
            options,
            lines,
            count: 0,
        }
    }
}

impl Sink for JsonPrinter<'_> {
    fn matched(&mut self, f: &Finding) -> io::Result<()> {
        let record = Record {
            rule: &f.rule,
            kind: f.kind.as_str(),
            confidence: f.confidence.as_str(),
            path: &f.path,
            line: f.line,
            column: f.column,
            end_column: f.end_column,
            commit: f.commit.as_deref(),
            author: f.author.as_deref(),
            date: f.date.as_deref(),
            fingerprint: &f.fingerprint,
            redacted: &f.redacted,
            pair: f.pair.as_ref().map(|p| PairRecord {
                rule: &p.rule,
                line: p.line,
                column: p.column,
            }),
            secret: self
                .options
                .show_secrets
                .then(|| String::from_utf8_lossy(f.expose_secret()).into_owned()),
        };
        if !self.lines {
            self.out
                .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        }
        serde_json::to_writer(&mut self.out, &record)?;
        if self.lines {
            self.out.write_all(b"\n")?;
        }
        self.count += 1;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if !self.lines {
            self.out
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::{Confidence, Kind};
    use crate::scan::Location;

    fn finding() -> Finding {
        let loc = Location {
            line: 3,
            column: 5,
            end_column: 17,
        };
        Finding::new(
            "demo",
            Kind::Secret,
            Confidence::High,
            "a.txt",
            loc,
            b"s3cr3t-value",
        )
    }

    fn render(lines: bool, show: bool, n: usize) -> String {
        let mut buf = Vec::new();
        {
            let opts = ReportOptions {
                show_secrets: show,
                color: false,
            };
            let mut p = JsonPrinter::new(Box::new(&mut buf), opts, lines);
            for _ in 0..n {
                p.matched(&finding()).expect("write");
            }
            p.finish().expect("flush");
        }
        String::from_utf8(buf).expect("utf8")
    }

    #[test]
    fn array_is_valid_json_with_every_field() {
        let v: serde_json::Value = serde_json::from_str(&render(false, false, 2)).expect("json");
        let arr = v.as_array().expect("array");
        assert_eq!(arr.len(), 2);
        for key in [
            "rule",
            "kind",
            "confidence",
            "path",
            "line",
            "column",
            "end_column",
            "commit",
            "fingerprint",
            "redacted",
        ] {
            assert!(arr[0].get(key).is_some(), "{key}");
        }
        assert!(arr[0].get("secret").is_none());
        assert_eq!(render(false, false, 0), "[]\n");
    }

    #[test]
    fn lines_and_show_secrets() {
        let text = render(true, true, 2);
        assert_eq!(text.lines().count(), 2);
        let v: serde_json::Value =
            serde_json::from_str(text.lines().next().expect("line")).expect("json");
        assert_eq!(v["secret"], "s3cr3t-value");
        assert!(!render(true, false, 1).contains("s3cr3t-value"));
    }
}
