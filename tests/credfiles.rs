//! Credential files by path and content, and binary key stores (issue 15, point 3): the real
//! binary on real files in temp trees, on diffs and on git history. The path cases are the
//! table `tests/data/credfiles.toml`.

use crate::cli_git::git;
use crate::util::{assert_absent, hush, write};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

#[derive(Deserialize)]
struct Cases {
    found: Vec<Found>,
    not_found: Vec<NotFound>,
}

#[derive(Deserialize)]
struct Found {
    path: String,
    text: String,
    secret: String,
    rule: Option<String>,
}

#[derive(Deserialize)]
struct NotFound {
    path: String,
    text: String,
    rule: String,
}

fn cases() -> Cases {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/credfiles.toml");
    let text = std::fs::read_to_string(path).expect("case file reads");
    toml::from_str(&text).expect("case file parses")
}

/// `hush scan --format json ARGS DIR`: the findings and all output bytes.
fn scan(dir: &Path, args: &[&str]) -> (Vec<Value>, Vec<u8>) {
    let out = hush()
        .args(["scan", "--no-config", "--format", "json"])
        .args(args)
        .arg(dir)
        .output()
        .expect("runs");
    let code = out.status.code();
    assert!(code == Some(0) || code == Some(1), "{out:?}");
    let findings = serde_json::from_slice(&out.stdout).expect("json");
    let mut all = out.stdout;
    all.extend(out.stderr);
    (findings, all)
}

fn on<'a>(findings: &'a [Value], path: &str) -> impl Iterator<Item = &'a Value> {
    let path = path.to_owned();
    findings
        .iter()
        .filter(move |f| f["path"].as_str().is_some_and(|p| p.ends_with(&path)))
}

#[test]
fn credential_files_are_found_by_path_and_content() {
    let cases = cases();
    let dir = tempfile::tempdir().expect("tmp");
    let found: Vec<_> = (cases.found.iter().enumerate())
        .map(|(i, c)| (format!("f{i}/{}", c.path), c))
        .collect();
    let not_found: Vec<_> = (cases.not_found.iter().enumerate())
        .map(|(i, c)| (format!("n{i}/{}", c.path), c))
        .collect();
    for (path, c) in &found {
        write(dir.path(), path, &c.text);
    }
    for (path, c) in &not_found {
        write(dir.path(), path, &c.text);
    }
    let (findings, _) = scan(dir.path(), &["--show-secrets"]);
    let mut failures = Vec::new();
    for (path, c) in &found {
        let hit = on(&findings, path).any(|f| {
            f["secret"] == c.secret.as_str() && c.rule.as_ref().is_none_or(|r| f["rule"] == *r)
        });
        if !hit {
            let got: Vec<_> = on(&findings, path).map(|f| &f["rule"]).collect();
            failures.push(format!("missed {path}: got {got:?}"));
        }
    }
    for (path, c) in &not_found {
        if on(&findings, path).any(|f| f["rule"] == c.rule.as_str()) {
            failures.push(format!("{} reported in {path}", c.rule));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Without --show-secrets, no value of any case is in any output.
    let (_, all) = scan(dir.path(), &[]);
    for (path, c) in &found {
        assert_absent(&all, &c.secret, path);
    }
}

const PGPASS: &str = "db.internal:5432:billing:svc_billing:Qm7rTz2vKp9x\n";

#[test]
fn path_rules_apply_to_diffs_and_git_history() {
    let diff = |path: &str| {
        format!(
            "diff --git a/{path} b/{path}\nnew file mode 100600\n--- /dev/null\n+++ b/{path}\n@@ -0,0 +1 @@\n+{PGPASS}"
        )
    };
    let rules_in = |input: String| {
        let out = hush()
            .args(["diff", "--no-config", "--format", "jsonl"])
            .write_stdin(input)
            .output()
            .expect("runs");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert_absent(text.as_bytes(), "Qm7rTz2vKp9x", "diff output");
        text
    };
    assert!(rules_in(diff("home/.pgpass")).contains("\"pgpass-password\""));
    assert!(!rules_in(diff("home/notes.txt")).contains("\"pgpass-password\""));

    let repo = tempfile::tempdir().expect("tmp");
    git(repo.path(), &["init", "-q"]);
    write(repo.path(), ".pgpass", PGPASS);
    write(repo.path(), "notes.txt", PGPASS);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "add"]);
    for mode in [&["git", "--all"][..], &["git", "HEAD"][..]] {
        let out = hush()
            .current_dir(repo.path())
            .args(mode)
            .args(["--no-config", "--format", "json"])
            .output()
            .expect("runs");
        let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
        let pg: Vec<_> = (findings.iter())
            .filter(|f| f["rule"] == "pgpass-password")
            .map(|f| f["path"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(pg, [".pgpass"], "{mode:?}: {findings:?}");
    }
}

/// A rule file's `paths` is checked at load, naming the rule.
#[test]
fn a_bad_path_glob_is_an_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let rule = "[[rule]]\nid = \"acme-key\"\ndescription = \"d\"\nkind = \"secret\"\npaths = [\"**/[.acme\"]\nkeywords = [\"acme_\"]\nregex = '''(acme_[a-z0-9]{12})'''\nexamples = [\"acme_q8zp2mvx7lk3\", \"x acme_r5tw9bn2hj4c\"]\nnegative_examples = [\"acme_short\", \"acme\"]\n";
    write(dir.path(), "rules/acme.toml", rule);
    let out = hush()
        .args(["rules", "test", "--rules"])
        .arg(dir.path().join("rules"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("acme-key") && err.contains("invalid path glob"),
        "{err}"
    );
}

/// Key store files: made by openssl and keytool when they are installed, else written from
/// the formats' first bytes (the scanner reads no more than those).
fn key_stores(dir: &Path) {
    let run = |cmd: &mut std::process::Command| cmd.output().is_ok_and(|o| o.status.success());
    let p12 = dir.join("client.p12");
    let made = run(std::process::Command::new("openssl")
        .current_dir(dir)
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args([
            "-subj",
            "/CN=hush-test",
            "-keyout",
            "k.pem",
            "-out",
            "c.pem",
        ]))
        && run(std::process::Command::new("openssl")
            .current_dir(dir)
            .args(["pkcs12", "-export", "-in", "c.pem", "-inkey", "k.pem"])
            .args(["-out", "client.p12", "-passout", "pass:Tq8vLm2Rz9wX"]));
    if !made {
        let mut bytes = vec![0x30, 0x82, 0x09, 0xC1, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09];
        bytes.extend([
            0x77, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07,
        ]);
        bytes.extend([0x01, 0xA0, 0x82, 0, 0x10]);
        std::fs::write(&p12, bytes).expect("write");
    }
    let _ = std::fs::remove_file(dir.join("k.pem"));
    let _ = std::fs::remove_file(dir.join("c.pem"));
    for (file, kind) in [("app.jks", "JKS"), ("app.jceks", "JCEKS")] {
        let made = run(std::process::Command::new("keytool")
            .current_dir(dir)
            .args([
                "-genkeypair",
                "-alias",
                "a",
                "-keyalg",
                "RSA",
                "-dname",
                "CN=t",
            ])
            .args(["-keystore", file, "-storetype", kind])
            .args(["-storepass", "Hb7kQz2Lp4xW", "-keypass", "Hb7kQz2Lp4xW"]));
        if !made {
            let magic: &[u8] = match kind {
                "JKS" => &[0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 1],
                _ => &[0xCE, 0xCE, 0xCE, 0xCE, 0, 0, 0, 2, 0, 0, 0, 1],
            };
            std::fs::write(dir.join(file), magic).expect("write");
        }
    }
    std::fs::copy(&p12, dir.join("renamed.bin")).expect("copy");
}

#[test]
fn binary_key_stores_are_reported_by_type_without_their_bytes() {
    let dir = tempfile::tempdir().expect("tmp");
    key_stores(dir.path());
    write(dir.path(), "cert.der.txt", "not a key store\n");
    let (findings, _) = scan(dir.path(), &["--show-secrets"]);
    let mut got: Vec<_> = (findings.iter())
        .map(|f| {
            let name = f["path"].as_str().and_then(|p| p.rsplit('/').next());
            (
                name.unwrap_or_default(),
                f["rule"].as_str(),
                f["confidence"].as_str(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("app.jceks", Some("java-keystore"), Some("high")),
            ("app.jks", Some("java-keystore"), Some("high")),
            ("client.p12", Some("pkcs12-keystore"), Some("high")),
            ("renamed.bin", Some("pkcs12-keystore"), Some("medium")),
        ]
    );
    for f in &findings {
        assert_eq!(
            (&f["line"], &f["column"]),
            (&Value::from(1), &Value::from(1))
        );
        assert_eq!(
            (&f["redacted"], &f["secret"]),
            (&Value::from("…"), &Value::from(""))
        );
    }
    // The same stores committed to a repository are found in its history.
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "stores"]);
    let out = hush()
        .current_dir(dir.path())
        .args(["git", "--all", "--no-config", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let history: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    // `--all` scans each distinct blob once: renamed.bin is client.p12's blob.
    assert_eq!(history.len(), 3, "{history:?}");
    assert!(history.iter().all(|f| f["commit"].is_string()));
}

/// Two-part credentials (issue 15.6): the secret half's finding names the other half, which
/// is not reported again; halves too far apart stay two findings.
#[test]
fn pairs_are_one_finding_at_the_secret() {
    let dir = tempfile::tempdir().expect("tmp");
    let id = "AKIAZ7RTQW3MKXPL4NVA";
    let secret = "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";
    write(
        dir.path(),
        "near/credentials",
        format!("[ci]\naws_access_key_id={id}\naws_secret_access_key={secret}\n"),
    );
    let far = format!(
        "aws_access_key_id={id}\n{}aws_secret_access_key={secret}\n",
        "#\n".repeat(8)
    );
    write(dir.path(), "far/credentials", far);
    let (findings, _) = scan(dir.path(), &[]);
    let near: Vec<_> = on(&findings, "near/credentials").collect();
    assert_eq!(near.len(), 1, "{near:?}");
    assert_eq!(near[0]["rule"], "aws-secret-access-key");
    assert_eq!(
        (&near[0]["line"], &near[0]["column"]),
        (&Value::from(3), &Value::from(23))
    );
    assert_eq!(
        near[0]["pair"],
        serde_json::json!({"rule": "aws-access-key-id", "line": 2, "column": 19})
    );
    let far: Vec<_> = on(&findings, "far/credentials").collect();
    assert_eq!(far.len(), 2, "{far:?}");
    assert!(far.iter().all(|f| f.get("pair").is_none()));
    // No half of the pair in any output format without --show-secrets.
    for format in ["human", "json", "jsonl", "sarif"] {
        let out = hush()
            .args(["scan", "--no-config", "--format", format])
            .arg(dir.path())
            .output()
            .expect("runs");
        let mut all = out.stdout;
        all.extend(out.stderr);
        assert_absent(&all, secret, format);
        assert_absent(&all, id, format);
    }
}
