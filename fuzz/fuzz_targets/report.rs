//! The JSON, JSON Lines and SARIF printers given arbitrary findings (any bytes in rule ids,
//! paths, secrets and commit fields; any line and column numbers): the output is always valid
//! JSON, SARIF regions are never 0, and without `--show-secrets` the human and JSON output do
//! not carry a long secret in full.
#![no_main]

use hush::patterns::{Confidence, Kind, PatternSet};
use hush::report::{Format, ReportOptions, printer};
use hush::scan::{Finding, Location};
use std::sync::OnceLock;

fn rules() -> &'static PatternSet {
    static S: OnceLock<PatternSet> = OnceLock::new();
    S.get_or_init(|| PatternSet::builtin().expect("built-in rules load"))
}

/// Findings cut out of `data`: records split at 0xFF, fields at 0xFE.
fn findings(data: &[u8]) -> Vec<Finding> {
    let ids: Vec<&str> = rules().rules().iter().map(|r| r.id.as_str()).collect();
    data.split(|&b| b == 0xFF)
        .take(16)
        .map(|record| {
            let mut fields = record.split(|&b| b == 0xFE);
            let mut next = || fields.next().unwrap_or_default();
            let head = next();
            let num = |i: usize| {
                let mut b = [0u8; 8];
                for (j, slot) in b.iter_mut().enumerate() {
                    *slot = head.get(i * 8 + j).copied().unwrap_or(0);
                }
                u64::from_le_bytes(b)
            };
            let rule = match head.first() {
                Some(&b) if usize::from(b) < ids.len() => ids[usize::from(b)].to_owned(),
                _ => String::from_utf8_lossy(next()).into_owned(),
            };
            let kind = if num(0) & 1 == 0 {
                Kind::Secret
            } else {
                Kind::Pii
            };
            let confidence = match num(0) % 3 {
                0 => Confidence::High,
                1 => Confidence::Medium,
                _ => Confidence::Low,
            };
            let path = String::from_utf8_lossy(next()).into_owned();
            let secret = next().to_vec();
            let location = Location {
                line: num(1),
                column: num(2),
                end_column: num(3),
            };
            let mut f = Finding::new(&rule, kind, confidence, &path, location, &secret);
            let commit = next();
            if !commit.is_empty() {
                f.commit = Some(String::from_utf8_lossy(commit).into_owned());
                f.author = Some(String::from_utf8_lossy(next()).into_owned());
                f.date = Some(String::from_utf8_lossy(next()).into_owned());
            }
            f
        })
        .collect()
}

fn print(format: Format, found: &[Finding]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut p = printer(
            format,
            ReportOptions::default(),
            Box::new(&mut out),
            rules().rules(),
        );
        for f in found {
            p.matched(f).expect("in-memory I/O cannot fail");
        }
        p.finish().expect("in-memory I/O cannot fail");
    }
    out
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let found = findings(data);
    let json: serde_json::Value =
        serde_json::from_slice(&print(Format::Json, &found)).expect("JSON output is valid JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(found.len()));
    let jsonl = print(Format::Jsonl, &found);
    for line in jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).expect("each JSONL line is valid JSON");
    }
    let sarif: serde_json::Value =
        serde_json::from_slice(&print(Format::Sarif, &found)).expect("SARIF output is valid JSON");
    for result in sarif["runs"][0]["results"].as_array().into_iter().flatten() {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        for key in ["startLine", "startColumn", "endColumn"] {
            assert!(region[key].as_u64().is_some_and(|n| n >= 1), "{key} < 1");
        }
    }
    let human = print(Format::Human, &found);
    // Every field a report may print as it is, of every finding.
    let fields: Vec<&str> = found
        .iter()
        .flat_map(|f| {
            [&f.rule, &f.path, &f.fingerprint]
                .into_iter()
                .chain(&f.commit)
                .chain(&f.author)
                .chain(&f.date)
        })
        .map(String::as_str)
        .collect();
    for f in &found {
        let secret = String::from_utf8_lossy(f.expose_secret());
        // Long and alphanumeric, so no field or piece of the format holds it by chance.
        let distinct = secret.len() >= 24
            && secret.bytes().all(|b| b.is_ascii_alphanumeric())
            && fields.iter().all(|field| !field.contains(&*secret));
        if distinct {
            for (what, out) in [("human", &human), ("jsonl", &jsonl)] {
                let text = String::from_utf8_lossy(out);
                assert!(
                    !text.contains(&*secret),
                    "{what} output holds a secret in full"
                );
            }
        }
    }
});
