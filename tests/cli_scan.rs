//! `hush scan` on real temp trees.

use crate::util::{assert_absent, github_token, hush, write};
use std::path::Path;

fn token() -> String {
    github_token("ghp_", "R8mQz2LwX5vN9pK3tJ7hB4cF6dY1sG")
}

fn scan_json(args: &[&str], dir: &Path) -> (i32, serde_json::Value, Vec<u8>) {
    let out = hush()
        .arg("scan")
        .args(args)
        .args(["--format", "json"])
        .arg(dir)
        .output()
        .expect("runs");
    let json = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (out.status.code().expect("exit code"), json, out.stderr)
}

#[test]
fn planted_secret_found_at_line_and_column() {
    let dir = tempfile::tempdir().expect("tmp");
    let tok = token();
    write(
        dir.path(),
        "src/config.py",
        format!("import os\n\nGITHUB = \"{tok}\"\n"),
    );
    let (code, json, _) = scan_json(&[], dir.path());
    assert_eq!(code, 1);
    let f = &json.as_array().expect("array")[0];
    assert_eq!(f["rule"], "github-pat");
    assert_eq!(f["line"], 3);
    assert_eq!(f["column"], 11);
    assert_eq!(f["end_column"], 11 + 40);
    assert!(f["path"].as_str().expect("path").ends_with("src/config.py"));
    for key in ["kind", "confidence", "commit", "fingerprint", "redacted"] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(f["commit"], serde_json::Value::Null);
}

#[test]
fn clean_tree_exits_0() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a.rs", "fn main() { println!(\"hello\"); }\n");
    let (code, json, _) = scan_json(&[], dir.path());
    assert_eq!(code, 0);
    assert_eq!(json, serde_json::json!([]));
}

#[test]
fn secret_never_printed_without_show_secrets() {
    let dir = tempfile::tempdir().expect("tmp");
    let tok = token();
    write(dir.path(), ".env", format!("GH_TOKEN={tok}\n"));
    for format in ["human", "json", "jsonl"] {
        let out = hush()
            .args(["scan", "--format", format])
            .arg(dir.path())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert_absent(&out.stdout, &tok, "stdout");
        assert_absent(&out.stderr, &tok, "stderr");
    }
    let out = hush()
        .args(["scan", "--show-secrets"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&tok));
}

#[test]
fn fingerprint_is_stable_across_runs() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a.txt", format!("t={}\n", token()));
    let (_, a, _) = scan_json(&[], dir.path());
    let (_, b, _) = scan_json(&["--threads", "1"], dir.path());
    assert_eq!(a[0]["fingerprint"], b[0]["fingerprint"]);
}
