//! SARIF 2.1.0 output (`--format sarif`), for GitHub code scanning and other SARIF viewers.
//!
//! # Wire format
//! One SARIF log with one run. `tool.driver.rules` lists every rule that ran, each with the
//! descriptions, help (what it is, how to revoke or rotate it), `helpUri`, level, tags,
//! precision and `security-severity` that GitHub code scanning shows (derived in
//! `sarif/help.rs`); each result has `ruleId`, `ruleIndex`, `level` (`error` for high
//! confidence, `warning` for medium, `note` for low), a message with the rule description and the masked
//! value, one location (`uri` relative and percent-encoded, `startLine`, `startColumn`,
//! `endColumn`; columns count bytes), `partialFingerprints["hush/v1"]` (the finding's
//! fingerprint) and `properties` (`kind`, `confidence`, and in git modes `commit`, `author`,
//! `date`). The run's `properties.suppressed` counts the findings the filter stage left out
//! (`inline`, `path`, `fingerprint`, `baseline`). The secret itself is never written, `--show-secrets` or not: SARIF files are
//! uploaded to third parties.

mod help;

use crate::filter::Suppressed;
use crate::patterns::Rule;
use crate::scan::{Finding, Sink};
use help::HelpData;
use serde_json::{Value, json};
use std::io::{self, Write};

/// Collects results and writes the whole log on [`Sink::finish`].
pub struct SarifPrinter<'w> {
    out: Box<dyn Write + 'w>,
    rules: &'w [Rule],
    results: Vec<Value>,
    suppressed: Option<Suppressed>,
}

impl<'w> SarifPrinter<'w> {
    /// A printer for findings of `rules`, writing to `out`.
    pub fn new(out: Box<dyn Write + 'w>, rules: &'w [Rule]) -> Self {
        Self {
            out,
            rules,
            results: Vec::new(),
            suppressed: None,
        }
    }
}

impl Sink for SarifPrinter<'_> {
    fn matched(&mut self, f: &Finding) -> io::Result<()> {
        let index = self.rules.iter().position(|r| r.id == f.rule);
        let description = index.map_or(f.rule.as_str(), |i| self.rules[i].description.as_str());
        let level = help::level(f.confidence);
        let mut properties =
            json!({ "kind": f.kind.as_str(), "confidence": f.confidence.as_str() });
        for (key, value) in [
            ("commit", &f.commit),
            ("author", &f.author),
            ("date", &f.date),
        ] {
            if let Some(v) = value {
                properties[key] = json!(v);
            }
        }
        // SARIF regions are 1-based and forbid 0: a finding from a source that numbers from
        // 0, or a hostile diff header, must still give a valid log.
        let (line, column) = (f.line.max(1), f.column.max(1));
        let mut result = json!({
            "ruleId": f.rule,
            "level": level,
            "message": { "text": format!("{description}: {}", f.redacted) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&f.path) },
                    "region": {
                        "startLine": line,
                        "startColumn": column,
                        "endColumn": f.end_column.max(column.saturating_add(1)),
                    }
                }
            }],
            "partialFingerprints": { "hush/v1": f.fingerprint },
            "properties": properties,
        });
        if let Some(i) = index {
            result["ruleIndex"] = json!(i);
        }
        self.results.push(result);
        Ok(())
    }

    fn suppressed(&mut self, counts: Suppressed) {
        self.suppressed = Some(counts);
    }

    fn finish(&mut self) -> io::Result<()> {
        let help = HelpData::builtin();
        let rules: Vec<Value> = self.rules.iter().map(|r| help.descriptor(r)).collect();
        let mut log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "hush",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "results": std::mem::take(&mut self.results),
            }],
        });
        if let Some(s) = self.suppressed {
            log["runs"][0]["properties"] = json!({ "suppressed": {
                "inline": s.inline, "path": s.path,
                "fingerprint": s.fingerprint, "baseline": s.baseline,
            }});
        }
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

/// A relative path as a URI reference: unreserved bytes and `/` kept, the rest `%XX`.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::{Confidence, Kind, PatternSet};
    use crate::scan::Location;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("src/a b/ü.rs"), "src/a%20b/%C3%BC.rs");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn log_has_results_rules_and_no_secret() {
        let set = PatternSet::builtin().expect("rules");
        let loc = Location {
            line: 3,
            column: 5,
            end_column: 45,
        };
        let f = Finding::new(
            "github-pat",
            Kind::Secret,
            Confidence::High,
            "a.txt",
            loc,
            b"s3cr3t-value-123456",
        );
        let mut buf = Vec::new();
        {
            let mut p = SarifPrinter::new(Box::new(&mut buf), set.rules());
            p.matched(&f).expect("write");
            p.finish().expect("flush");
        }
        let text = String::from_utf8(buf).expect("utf8");
        assert!(!text.contains("s3cr3t-value-123456"));
        let v: Value = serde_json::from_str(&text).expect("json");
        let result = &v["runs"][0]["results"][0];
        assert_eq!(result["level"], "error");
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "github-pat"
        );
    }
}
