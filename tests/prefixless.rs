//! Secrets without a provider prefix (issue 15): every syntax and credential file in
//! `tests/data/prefixless.toml` is found with its value, and references, templates,
//! placeholders and published sample values are not.

use hush::detect::Detector;
use hush::patterns::{Kind, PatternSet};
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    found: Vec<Found>,
    not_found: Vec<NotFound>,
}

#[derive(Deserialize)]
struct Found {
    name: String,
    text: String,
    secret: String,
    rule: Option<String>,
}

#[derive(Deserialize)]
struct NotFound {
    name: String,
    text: String,
}

fn cases() -> Cases {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/prefixless.toml");
    let text = std::fs::read_to_string(path).expect("case file reads");
    toml::from_str(&text).expect("case file parses")
}

/// The secrets found in `text`: (rule id, value).
fn secrets(d: &Detector, text: &str) -> Vec<(String, String)> {
    let mut scratch = d.scratch();
    let mut out = Vec::new();
    d.detect(text.as_bytes(), &mut scratch, &mut out);
    (out.iter())
        .filter(|m| d.rules()[m.rule].kind == Kind::Secret)
        .map(|m| {
            (
                d.rules()[m.rule].id.clone(),
                text[m.start..m.end].to_string(),
            )
        })
        .collect()
}

#[test]
fn every_prefixless_case_is_found_and_no_reference_is() {
    let d = Detector::new(PatternSet::builtin().expect("rules load")).expect("builds");
    let cases = cases();
    assert!(cases.found.len() >= 50 && cases.not_found.len() >= 20);
    let mut failures = Vec::new();
    for case in &cases.found {
        let got = secrets(&d, &case.text);
        let hit = got.iter().any(|(rule, value)| {
            *value == case.secret && case.rule.as_ref().is_none_or(|r| r == rule)
        });
        if !hit {
            failures.push(format!("missed {:?}: got {got:?}", case.name));
        }
    }
    for case in &cases.not_found {
        let got = secrets(&d, &case.text);
        if !got.is_empty() {
            failures.push(format!("reported {:?}: {got:?}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.found.len() + cases.not_found.len(),
        failures.join("\n")
    );
}
