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

/// A token glued to a `\n` escape inside a string literal (a stack trace or a `.env` file
/// kept in JSON) is found where it starts, and its value is not printed.
#[test]
fn a_token_after_an_escape_in_a_string_is_found() {
    let dir = tempfile::tempdir().expect("tmp");
    let tok = token();
    write(
        dir.path(),
        "trace.json",
        format!("{{\"log\": \"failed\\n{tok}\\tretry\"}}\n"),
    );
    let (code, json, err) = scan_json(&[], dir.path());
    assert_eq!(code, 1);
    let found = json.as_array().expect("array");
    assert_eq!(found.len(), 1, "{json}");
    assert_eq!(found[0]["rule"], "github-pat");
    assert_eq!(found[0]["column"], 18);
    assert_eq!(found[0]["end_column"], 18 + 40);
    assert_absent(json.to_string().as_bytes(), &tok, "scan stdout");
    assert_absent(&err, &tok, "scan stderr");
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

#[test]
fn stdin_is_scanned_with_dash() {
    let tok = token();
    let out = hush()
        .args(["scan", "--format", "jsonl", "-"])
        .write_stdin(format!("first line\nexport T={tok}\n"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one jsonl object");
    assert_eq!(v["path"], "<stdin>");
    assert_eq!(v["line"], 2);
    assert_eq!(v["column"], 10);
}

#[test]
fn invalid_utf8_and_binary_files_do_not_panic() {
    let dir = tempfile::tempdir().expect("tmp");
    let tok = token();
    let mut bad = b"\xff\xfe\xc3\x28 latin1 \xe9t\xe9\n".to_vec();
    bad.extend(format!("key = {tok}\n").as_bytes());
    bad.extend(b"\xf0\x28\x8c\xbc trailing\n");
    write(dir.path(), "latin1.txt", &bad);
    let mut bin = vec![0u8, 1, 2, 3, 0, 255];
    bin.extend(tok.as_bytes());
    write(dir.path(), "blob.bin", &bin);
    let (code, json, stderr) = scan_json(&[], dir.path());
    assert_eq!(code, 1, "{}", String::from_utf8_lossy(&stderr));
    let arr = json.as_array().expect("array");
    assert_eq!(arr.len(), 1, "binary file skipped, text file found: {json}");
    assert_eq!(
        arr[0]["path"].as_str().map(|p| p.ends_with("latin1.txt")),
        Some(true)
    );
    assert_eq!(arr[0]["line"], 2);
}

#[test]
fn fifty_megabyte_single_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let tok = token();
    let mut big = vec![b'a'; 50 << 20];
    // One secret near the start, one straddling the first 4 MiB window edge, one at the end.
    let places = [1000usize, (4 << 20) - 20, (50 << 20) - 100];
    for &at in &places {
        big[at - 1] = b' ';
        big[at..at + tok.len()].copy_from_slice(tok.as_bytes());
        big[at + tok.len()] = b' ';
    }
    write(dir.path(), "huge.txt", &big);
    let (code, json, _) = scan_json(&[], dir.path());
    assert_eq!(code, 1);
    let columns: Vec<u64> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["column"].as_u64().expect("column"))
        .collect();
    let want: Vec<u64> = places.iter().map(|&p| p as u64 + 1).collect();
    assert_eq!(columns, want);
}

#[test]
fn size_limit_skips_with_a_warning() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "big.txt",
        format!("{}\nk={}\n", "x".repeat(5000), token()),
    );
    let out = hush()
        .args(["scan", "--max-file-size", "1K"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("size limit"));
}

#[cfg(unix)]
#[test]
fn symlink_loop_and_unreadable_file_warn_and_continue() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a/found.txt", format!("t={}\n", token()));
    symlink(dir.path().join("a"), dir.path().join("a/loop")).expect("symlink");
    write(dir.path(), "locked.txt", "nothing\n");
    let locked = dir.path().join("locked.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let unreadable = std::fs::read(&locked).is_err(); // root can read anything
    let out = hush()
        .args(["scan", "--follow"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("loop"), "{stderr}");
    if unreadable {
        assert!(stderr.contains("locked.txt"), "{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("found.txt"));
}

#[test]
fn gitignore_is_honoured_and_git_dir_skipped() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), ".gitignore", "ignored/\n");
    write(dir.path(), "ignored/a.txt", format!("t={}\n", token()));
    write(dir.path(), ".git/config", format!("t={}\n", token()));
    let (code, _, _) = scan_json(&[], dir.path());
    assert_eq!(code, 0);
    let (code, json, _) = scan_json(&["--no-ignore"], dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        json.as_array().expect("array").len(),
        1,
        "only ignored/a.txt, never .git/"
    );
}

#[test]
fn inline_allow_and_baseline_suppress() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a.txt", format!("t={} # hush:allow\n", token()));
    let (code, _, _) = scan_json(&[], dir.path());
    assert_eq!(code, 0);
    write(dir.path(), "a.txt", format!("t={}\n", token()));
    let base = tempfile::NamedTempFile::new().expect("tmp");
    hush()
        .args(["scan", "--format", "json", "--output"])
        .arg(base.path())
        .arg(dir.path())
        .assert()
        .code(1);
    let base_arg = base.path().to_str().expect("utf8 path");
    let (code, json, _) = scan_json(&["--baseline", base_arg], dir.path());
    assert_eq!((code, json), (0, serde_json::json!([])));
}

#[test]
fn missing_path_is_an_error() {
    hush()
        .args(["scan", "/definitely/not/here"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not/here"));
}

#[test]
fn human_output_has_no_colour_off_terminal() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a.txt", format!("t={}\n", token()));
    let out = hush().arg("scan").arg(dir.path()).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\x1b'));
    assert!(
        text.contains("a.txt:1:3: github-pat (high) ghp_…"),
        "{text}"
    );
    let out = hush()
        .args(["scan", "--color", "always"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn diff_from_stdin_reports_new_path_and_line() {
    let tok = token();
    let diff = format!(
        "diff --git a/old.cfg b/conf/new.cfg\nsimilarity index 80%\nrename from old.cfg\nrename to conf/new.cfg\n--- a/old.cfg\n+++ b/conf/new.cfg\n@@ -3,2 +3,3 @@\n a = 1\n-b = 2\n+b = 3\n+token = {tok}\n c = 4\n"
    );
    let out = hush()
        .args(["diff", "--format", "jsonl"])
        .write_stdin(diff)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("jsonl");
    assert_eq!(v["path"], "conf/new.cfg");
    assert_eq!(v["line"], 5);
    assert_eq!(v["column"], 9);
}

#[test]
fn diff_removed_secret_is_not_reported_and_malformed_hunk_is_exit_2() {
    let tok = token();
    let diff = format!("--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n-token = {tok}\n keep\n");
    hush().arg("diff").write_stdin(diff).assert().code(0);
    hush()
        .arg("diff")
        .write_stdin("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\ngarbage\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("line 5"));
}

#[test]
fn config_file_excludes_paths_allows_fingerprints_and_adds_rules() {
    let dir = tempfile::tempdir().expect("tmp");
    let tree = dir.path().join("tree");
    write(&tree, "testdata/fixture.txt", format!("t={}\n", token()));
    write(&tree, "src/app.txt", format!("t={}\n", token()));
    write(&tree, "src/acme.txt", "k = acme_q8zp2mvx7lk3\n");
    write(
        dir.path(),
        "rules/acme.toml",
        "[[rule]]\nid = \"acme-key\"\ndescription = \"d\"\nkind = \"secret\"\nkeywords = [\"acme_\"]\nregex = '''\\b(acme_[a-z0-9]{12})\\b'''\n",
    );
    write(
        dir.path(),
        "hush.toml",
        "rules = [\"rules\"]\nexclude = [\"**/testdata/**\"]\n",
    );
    let config = dir.path().join("hush.toml");
    let config = config.to_str().expect("utf8");
    let (code, json, _) = scan_json(&["--config", config], &tree);
    assert_eq!(code, 1);
    let rules: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(rules, vec!["acme-key", "github-pat"], "{json}");
    let fp = json[1]["fingerprint"].as_str().expect("fp").to_owned();
    write(
        dir.path(),
        "hush.toml",
        format!("rules = [\"rules\"]\nexclude = [\"**/testdata/**\"]\nallow = [\"{fp}\"]\n"),
    );
    let (_, json, _) = scan_json(&["--config", config], &tree);
    assert_eq!(json.as_array().expect("array").len(), 1);
    write(dir.path(), "hush.toml", "colour = \"red\"\n");
    hush()
        .args(["scan", "--config", config])
        .arg(&tree)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "line 1, column 1: unknown field `…`",
        ));
}

/// The OASIS SARIF schema from `../shared/data` (CI keeps `shared/` beside the checkout; the
/// data must not be copied into the repository). `None` when this checkout has no `shared/`.
pub(crate) fn sarif_validator() -> Option<jsonschema::Validator> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/sarif-schema-2.1.0.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("note: {path} not found; SARIF checked for structure only");
        return None;
    };
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    // The validator must be able to say no.
    assert!(
        !validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]}))
    );
    Some(validator)
}

#[test]
fn sarif_output_validates_against_the_schema_and_hides_secrets() {
    let validator = sarif_validator();
    let dir = tempfile::tempdir().expect("tmp");
    let tok = token();
    write(dir.path(), "dir with space/conf.env", format!("GH={tok}\n"));
    for args in [
        &["--format", "sarif"][..],
        &["--format", "sarif", "--show-secrets"][..],
    ] {
        let out = hush()
            .arg("scan")
            .args(args)
            .arg(dir.path())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        assert_absent(&out.stdout, &tok, "SARIF");
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        if let Some(v) = &validator {
            let errors: Vec<String> = v.iter_errors(&log).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "hush");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "github-pat");
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(uri.ends_with("dir%20with%20space/conf.env"), "{uri}");
        // What GitHub code scanning reads from the result's rule (its "SARIF support" page).
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        let rule = &log["runs"][0]["tool"]["driver"]["rules"][index];
        assert_eq!(rule["id"], "github-pat");
        for field in [
            "/fullDescription/text",
            "/help/text",
            "/help/markdown",
            "/helpUri",
        ] {
            assert!(
                rule.pointer(field).and_then(|v| v.as_str()).is_some(),
                "{field}"
            );
        }
        let severity = rule["properties"]["security-severity"]
            .as_str()
            .expect("string");
        assert!(
            severity.parse::<f64>().is_ok_and(|s| s >= 9.0),
            "{severity}"
        );
        assert_eq!(result["level"], rule["defaultConfiguration"]["level"]);
    }
}

#[test]
fn bad_baseline_and_missing_diff_file_exit_2_and_skips_are_summarised() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a.txt", format!("t={}\n", token()));
    write(dir.path(), "blob.bin", b"\0\x01binary");
    write(dir.path(), "baseline.json", "this is not a report\n");
    let out = hush()
        .args(["scan", "--baseline"])
        .arg(dir.path().join("baseline.json"))
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("baseline") && err.contains("line 1"), "{err}");
    assert_absent(&out.stdout, &token(), "stdout");
    hush()
        .args(["diff", "/definitely/not/a.patch"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a.patch"));
    let out = hush().arg("scan").arg(dir.path()).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped 1 binary"));
}
