//! `hush vault check`: schema fields, production rules, exit codes, and no value in any output.

use crate::util::{assert_absent, write};
use crate::vault::{init, ok, vault};
use std::path::Path;
use std::process::Output;

/// Every planted value holds this marker, so a leak of any of them is caught.
const MARK: &str = "plntQ7x";

fn check(dir: &Path, args: &[&str]) -> Output {
    let out = vault(dir).arg("check").args(args).output().expect("runs");
    assert_absent(&out.stdout, MARK, "stdout");
    assert_absent(&out.stderr, MARK, "stderr");
    out
}

/// Whether `text` has a line for `name` ending in `tail` (the detector may name rules between).
fn has(text: &str, name: &str, tail: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with(&format!("{name}: ")) && l.ends_with(tail))
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

/// A vault in `dir` holding `pairs`.
fn filled(dir: &Path, pairs: &[(&str, &str)]) {
    init(dir);
    for (name, value) in pairs {
        ok(dir, &["set", name], value);
    }
}

#[test]
fn clean_vault_exits_0() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d, &[("API_TOKEN", "plntQ7xZq8vX3kLmN7pR2sTq9Wb4Yc6")]);
    let out = check(d, &["--env", "production"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        has(&text, "API_TOKEN", ": ok") || has(&text, "API_TOKEN", " — ok"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "{text}");
}

#[test]
fn each_schema_field_violated_exits_1() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(
        d,
        &[
            ("PAT", "plntQ7x-has-dashes"),
            ("LEN", "plntQ7xab"),
            ("ENT", "plntQ7xplntQ7xplntQ7x"),
            ("BANNED", "plntQ7x-banned-value"),
            ("PROD_ONLY", "plntQ7x"),
        ],
    );
    let schema = r#"
[vars.PAT]
pattern = '[A-Za-z0-9]+'
[vars.LEN]
min_length = 20
[vars.ENT]
min_entropy = 3.5
[vars.BANNED]
forbidden = ["plntQ7x-banned-value"]
[vars.MISSING]
required = true
[vars.PROD_ONLY]
min_length = 100
environments = ["production"]
"#;
    write(d, "schema.toml", schema);
    let out = check(d, &["--schema", "schema.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for (name, tail) in [
        ("PAT", "does not match the schema pattern"),
        ("LEN", "shorter than 20 characters"),
        ("ENT", "entropy below 3.5 bits per byte"),
        ("BANNED", "a forbidden value"),
        ("MISSING", "required, but not in the vault"),
        ("PROD_ONLY", "ok"),
    ] {
        assert!(has(&text, name, tail), "{name}: {tail}\n{text}");
    }
    let prod = stdout(&check(d, &["--schema", "schema.toml", "--env", "prod"]));
    assert!(
        has(&prod, "PROD_ONLY", "shorter than 100 characters"),
        "{prod}"
    );
}

#[test]
fn production_rules() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let stripe = "sk_test_plntQ7xZq8vX3kLmN7pR2sTq9W";
    filled(
        d,
        &[
            ("SECRET_KEY", "plntQ7xshort"),
            ("SESSION_SECRET", "changeme"),
            ("CORS_ORIGINS", "https://plntQ7x.io,*"),
            ("DEBUG", "true"),
            ("STRIPE_KEY", stripe),
        ],
    );
    let out = check(d, &["--env", "production"]);
    assert_eq!(out.status.code(), Some(1));
    assert_absent(&out.stdout, "changeme", "stdout");
    assert_absent(&out.stdout, stripe, "stdout");
    let text = stdout(&out);
    for (name, tail) in [
        (
            "SECRET_KEY",
            "production secret key shorter than 32 characters",
        ),
        (
            "SESSION_SECRET",
            "a known default or placeholder value; \
             production secret key shorter than 32 characters",
        ),
        ("CORS_ORIGINS", "allows any origin (*) in production"),
        ("DEBUG", "debug is on in production"),
        ("STRIPE_KEY", "provider test key, refused in production"),
    ] {
        assert!(has(&text, name, tail), "{name}: {tail}\n{text}");
    }
    assert!(
        text.contains("STRIPE_KEY: stripe-test-secret-key"),
        "{text}"
    );
    // Outside production only the default is refused; the test key is just described.
    let out = check(d, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        has(&text, "STRIPE_KEY", "stripe-test-secret-key — ok"),
        "{text}"
    );
    assert!(has(&text, "DEBUG", ": ok"), "{text}");
}

#[test]
fn errors_exit_2_naming_the_file_or_entry() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d, &[("API_TOKEN", "plntQ7xZq8vX3kLmN7pR2sTq9Wb4Yc6")]);
    let out = check(d, &["--schema", "nope.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.toml"));
    write(d, "bad.toml", "[vars.X]\nmin_len = 3\n");
    let out = check(d, &["--schema", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("bad.toml") && err.contains("min_len"), "{err}");
    write(d, "re.toml", "[vars.API_TOKEN]\npattern = '('\n");
    let out = check(d, &["--schema", "re.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("API_TOKEN"), "{err}");
    let wrong = vault(d)
        .args(["check", "--keyfile", "/nonexistent/key"])
        .output()
        .expect("runs");
    assert_eq!(wrong.status.code(), Some(2));
    let wrong = vault(d)
        .arg("check")
        .env("HUSH_VAULT_KEY", "A".repeat(43))
        .output()
        .expect("runs");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("wrong key"));
}
