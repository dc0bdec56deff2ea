//! Personal data that holds up (issue 15, point 5), through the real binary: card numbers in
//! source code need a label, published test values and fictional numbers are not reported by
//! `scan` but are masked by `redact`, SSNs without dashes only beside a label, and no value is
//! printed without `--show-secrets`.

use crate::util::{assert_absent, hush, write};
use std::path::Path;

/// (rule, path, line) of each finding of `hush scan --pii` on `dir`, and all output.
fn scan(dir: &Path) -> (Vec<(String, String, u64)>, Vec<u8>) {
    let out = hush()
        .args(["scan", "--pii", "--format", "json"])
        .arg(dir)
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let found = (json.as_array().expect("an array").iter())
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let name = path.rsplit('/').next().expect("a name").to_owned();
            (
                f["rule"].as_str().expect("rule").to_owned(),
                name,
                f["line"].as_u64().expect("line"),
            )
        })
        .collect();
    let mut all = out.stdout;
    all.extend_from_slice(&out.stderr);
    (found, all)
}

fn redact(input: &str) -> String {
    let out = hush()
        .arg("redact")
        .write_stdin(input.to_owned())
        .output()
        .expect("runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

const CARD: &str = "4743401969284466";

#[test]
fn a_card_number_in_source_code_needs_a_label_and_in_a_log_does_not() {
    let dir = tempfile::tempdir().expect("tmp");
    let code = format!("const K: [u64; 2] = [{CARD}, 7];\nlet card_number = \"{CARD}\";\n");
    write(dir.path(), "consts.rs", &code);
    write(dir.path(), "fixture.json", format!("{{\"n\": {CARD}}}\n"));
    write(dir.path(), "pay.py", format!("# test PAN\nx = '{CARD}'\n"));
    write(dir.path(), "app.log", format!("charge ok {CARD}\n"));
    let (found, all) = scan(dir.path());
    let cards: Vec<(String, u64)> = (found.iter())
        .filter(|(rule, ..)| rule == "credit-card-number")
        .map(|(_, path, line)| (path.clone(), *line))
        .collect();
    let mut cards = cards;
    cards.sort();
    let want = [("app.log", 1), ("consts.rs", 2), ("pay.py", 2)];
    let want: Vec<(String, u64)> = want.iter().map(|(p, l)| ((*p).to_owned(), *l)).collect();
    assert_eq!(cards, want);
    // Never high: Luhn alone vouches for nothing.
    let out = hush()
        .args(["scan", "--pii", "--format", "jsonl"])
        .arg(dir.path().join("app.log"))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"confidence\":\"medium\""), "{text}");
    assert_absent(&all, CARD, "scan");
    assert_absent(&out.stdout, CARD, "scan jsonl");
}

#[test]
fn documentation_values_are_not_reported_but_are_masked() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = "card 4111 1111 1111 1111\nstripe 4242424242424242\nphone (415) 555-0123\n\
                ssn 078-05-1120\nmail ops@mail.example.net and noreply@acme-corp.io\n";
    write(dir.path(), "notes.txt", text);
    let (found, _) = scan(dir.path());
    assert!(found.is_empty(), "{found:?}");
    let masked = redact(text);
    for v in [
        "4111 1111 1111 1111",
        "4242424242424242",
        "555-0123",
        "078-05-1120",
    ] {
        assert_absent(masked.as_bytes(), v, "redact");
    }
    // One digit changed is a finding again.
    write(
        dir.path(),
        "notes.txt",
        "card 4111 1111 1111 1129\nphone (415) 555-0223\n",
    );
    let (found, all) = scan(dir.path());
    let rules: Vec<&str> = found.iter().map(|(r, ..)| r.as_str()).collect();
    assert_eq!(
        rules,
        ["credit-card-number", "phone-number-nanp"],
        "{found:?}"
    );
    assert_absent(&all, "4111 1111 1111 1129", "scan");
    assert_absent(&all, "555-0223", "scan");
}

#[test]
fn an_ssn_without_dashes_is_found_only_beside_a_label() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "people.csv",
        "name,ssn\nAna,ssn: 524713309\nrow 524713309 shipped\n",
    );
    let (found, all) = scan(dir.path());
    let ssn: Vec<u64> = (found.iter())
        .filter(|(r, ..)| r.starts_with("us-ssn"))
        .map(|(.., line)| *line)
        .collect();
    assert_eq!(ssn, [2], "{found:?}");
    assert_absent(&all, "524713309", "scan");
}

#[test]
fn phone_numbers_follow_the_numbering_plan() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "contacts.txt",
        "uk +44 20 7946 0958\nbad code +28 1234 5678\nnanp (415) 283-7702\nn11 (911) 283-7702\n",
    );
    let (found, all) = scan(dir.path());
    let lines: Vec<u64> = found.iter().map(|(.., line)| *line).collect();
    assert_eq!(lines, [1, 3], "{found:?}");
    for v in ["7946 0958", "283-7702"] {
        assert_absent(&all, v, "scan");
    }
}

#[test]
fn an_iban_with_spaces_survives_a_card_shaped_group() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "pay.txt", "IBAN DE55 4000 1234 5678 9012 34\n");
    let (found, all) = scan(dir.path());
    let rules: Vec<&str> = found.iter().map(|(r, ..)| r.as_str()).collect();
    assert_eq!(rules, ["iban"], "{found:?}");
    assert_absent(&all, "1234 5678", "scan");
}
