//! The filter stage from the command line: other tools' inline markers, `--no-inline-allow`,
//! suppressed counts, `--exit-code`, summaries and the blocked-commit message.

use crate::cli_git::{git, init};
use crate::util::{assert_absent, github_token, hush, write};
use std::path::Path;

fn token(n: u8) -> String {
    github_token("ghp_", &format!("W3nPq8Zr5Tx2Ls7Kd4Mf9Hb6Jc1V{n:02}"))
}

/// One file per marker, each line holding a live-looking token.
fn marked_tree(dir: &Path) -> Vec<String> {
    let lines = [
        "a = \"{T}\"  # hush:allow",
        "b = \"{T}\"  // gitleaks:allow",
        "c = \"{T}\"  # pragma: allowlist secret",
        "# pragma: allowlist nextline secret\nd = \"{T}\"",
        "e = \"{T}\"  # trufflehog:ignore",
        "f = \"{T}\"  # kingfisher:ignore",
    ];
    let mut tokens = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = token(i as u8);
        write(
            dir,
            &format!("m{i}.py"),
            format!("{}\n", line.replace("{T}", &t)),
        );
        tokens.push(t);
    }
    tokens
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    hush().args(args).current_dir(dir).output().expect("runs")
}

#[test]
fn every_tools_marker_suppresses_and_is_counted() {
    let dir = tempfile::tempdir().expect("tmp");
    let tokens = marked_tree(dir.path());
    write(dir.path(), "plain.py", format!("g = \"{}\"\n", token(9)));
    let out = run(dir.path(), &["scan", "--no-config", "."]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("plain.py:1:"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("hush: 1 finding in 7 files") && stderr.contains("6 suppressed (6 inline)"),
        "{stderr}"
    );
    for t in tokens.iter().chain([&token(9)]) {
        assert_absent(&out.stdout, t, "stdout");
        assert_absent(&out.stderr, t, "stderr");
    }
}

#[test]
fn no_inline_allow_reports_marked_lines_and_json_keeps_its_shape() {
    let dir = tempfile::tempdir().expect("tmp");
    marked_tree(dir.path());
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--no-inline-allow",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v.as_array().expect("the contract's array").len(), 6);
    let out = run(
        dir.path(),
        &["scan", "--no-config", "--format", "json", "."],
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn sarif_run_properties_count_what_was_suppressed() {
    let dir = tempfile::tempdir().expect("tmp");
    marked_tree(dir.path());
    write(dir.path(), "hush.toml", "exclude = [\"m5.py\"]\n");
    let out = run(
        dir.path(),
        &["scan", "--no-inline-allow", "--format", "sarif", "."],
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let s = &log["runs"][0]["properties"]["suppressed"];
    assert_eq!(
        (s["inline"].as_u64(), s["path"].as_u64()),
        (Some(0), Some(1)),
        "{s}"
    );
    let out = run(dir.path(), &["scan", "--format", "sarif", "."]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let s = &log["runs"][0]["properties"]["suppressed"];
    assert_eq!(s["inline"].as_u64(), Some(6), "{s}");
}

#[test]
fn exit_code_replaces_1_for_findings_only() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a.py", format!("g = \"{}\"\n", token(1)));
    let code = |args: &[&str]| run(dir.path(), args).status.code();
    assert_eq!(
        code(&["scan", "--no-config", "--exit-code", "42", "."]),
        Some(42)
    );
    assert_eq!(
        code(&["scan", "--no-config", "--exit-code", "0", "."]),
        Some(0)
    );
    write(dir.path(), "a.py", "clean\n");
    assert_eq!(
        code(&["scan", "--no-config", "--exit-code", "42", "."]),
        Some(0)
    );
    // An error stays 2 whatever --exit-code says.
    assert_eq!(
        code(&["scan", "--exit-code", "42", "missing-path"]),
        Some(2)
    );
    assert_eq!(code(&["scan", "--exit-code", "300", "."]), Some(2));
}

#[test]
fn stdin_diff_and_git_modes_end_with_a_summary() {
    let dir = init();
    let t = token(3);
    let stdin = hush()
        .args(["scan", "--no-config", "-"])
        .write_stdin(format!("k = {t}\n"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&stdin.stderr);
    assert!(err.contains("hush: 1 finding in standard input"), "{err}");
    assert!(!err.contains("no files"), "{err}");
    let diff = format!("--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+k = {t}\n");
    let out = hush()
        .args(["diff", "--no-config"])
        .write_stdin(diff)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("hush: 1 finding in the added lines of 1 file"),
        "{err}"
    );
    write(dir.path(), "a.txt", format!("k = {t}\n"));
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "one"]);
    let out = run(dir.path(), &["git", "HEAD"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hush: 1 finding in 1 commit"), "{err}");
    let out = run(dir.path(), &["git", "--all"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("hush: 1 finding in 1 blob of 1 commit"),
        "{err}"
    );
    for o in [&stdin, &out] {
        assert_absent(&o.stdout, &t, "stdout");
        assert_absent(&o.stderr, &t, "stderr");
    }
}

#[test]
fn a_blocked_commit_says_so_and_shows_the_ways_to_proceed() {
    let dir = init();
    let t = token(4);
    write(dir.path(), "app.py", format!("KEY = \"{t}\"\n"));
    git(dir.path(), &["add", "-A"]);
    let out = run(dir.path(), &["git", "--staged"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hush: commit blocked: 1 finding"), "{err}");
    assert!(err.contains("app.py:1: github-pat (fingerprint "), "{err}");
    for way in ["hush:allow", "baseline", "allow = ["] {
        assert!(err.contains(way), "{way}: {err}");
    }
    assert_absent(&out.stdout, &t, "stdout");
    assert_absent(&out.stderr, &t, "stderr");
    // The second way: a baseline named in hush.toml, which the hook reads too.
    let base = run(dir.path(), &["git", "--staged", "--format", "json"]);
    write(dir.path(), ".hush-baseline.json", &base.stdout);
    write(
        dir.path(),
        "hush.toml",
        "baseline = \".hush-baseline.json\"\n",
    );
    let out = run(dir.path(), &["git", "--staged"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 suppressed (1 baseline)") && !err.contains("blocked"),
        "{err}"
    );
}

#[test]
fn a_missing_baseline_names_its_cause_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["scan", "--baseline", "nope.json", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("reading baseline nope.json"), "{err}");
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
}

#[test]
fn sizes_take_mb_and_mib_and_colour_follows_the_environment() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a.py", format!("g = \"{}\"\n", token(5)));
    for size in ["10MB", "10M", "10MiB", "1 KiB"] {
        let out = run(
            dir.path(),
            &["scan", "--no-config", "--max-file-size", size, "."],
        );
        assert_eq!(out.status.code(), Some(1), "{size}");
    }
    let out = run(dir.path(), &["scan", "--max-file-size", "10XB", "."]);
    assert_eq!(out.status.code(), Some(2));
    let coloured = |envs: &[(&str, &str)]| {
        let mut cmd = hush();
        cmd.args(["scan", "--no-config", "."])
            .current_dir(dir.path());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.output().expect("runs").stdout.contains(&0x1b)
    };
    assert!(!coloured(&[]), "not a terminal: no colour");
    assert!(coloured(&[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
}
