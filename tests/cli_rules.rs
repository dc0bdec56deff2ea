//! `hush rules list|test` and rule-file errors.

use crate::util::{hush, write};

#[test]
fn builtin_examples_all_pass() {
    hush().args(["rules", "test"]).assert().success();
}

#[test]
fn list_prints_id_kind_description() {
    let out = hush().args(["rules", "list"]).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(text.lines().count() >= 60, "at least 60 rules");
    assert!(
        text.lines().all(|l| l.split_whitespace().count() >= 3),
        "{text}"
    );
}

const USER_RULE: &str = r#"
[[rule]]
id = "acme-key"
description = "ACME internal key"
kind = "secret"
keywords = ["acme_"]
regex = '''\b(acme_[a-z0-9]{12})\b'''
examples = ["k = acme_q8zp2mvx7lk3", "ACME=acme_r5tw9bn2hj4c"]
negative_examples = ["acme_short", "acme_q8zp2mvx7lk3toolong"]
"#;

#[test]
fn user_rules_extend_and_are_tested() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "rules/acme.toml", USER_RULE);
    write(dir.path(), "tree/a.txt", "key = acme_q8zp2mvx7lk3\n");
    let rules = dir.path().join("rules");
    hush()
        .arg("rules")
        .arg("test")
        .arg("--rules")
        .arg(&rules)
        .assert()
        .success();
    hush()
        .arg("scan")
        .arg("--rules")
        .arg(&rules)
        .arg(dir.path().join("tree"))
        .assert()
        .code(1)
        .stdout(predicates::str::contains("acme-key"));
}

fn bad_rules_fail(rule_text: &str, must_mention: &[&str]) {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "rules/bad.toml", rule_text);
    let out = hush()
        .arg("scan")
        .arg("--rules")
        .arg(dir.path().join("rules"))
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml"), "{err}");
    for m in must_mention {
        assert!(err.contains(m), "expected {m:?} in {err}");
    }
}

#[test]
fn bad_rule_files_exit_2_naming_file_rule_and_problem() {
    bad_rules_fail("[[rule]\nid = ", &[]);
    bad_rules_fail(
        &USER_RULE.replace("[a-z0-9]{12}", "[a-z0-9"),
        &["acme-key", "invalid regex"],
    );
    bad_rules_fail(
        &USER_RULE.replace(r"\b(acme_[a-z0-9]{12})\b", r"acme_[a-z0-9]{12}"),
        &["acme-key", "secret group"],
    );
    bad_rules_fail(
        &format!("{USER_RULE}{USER_RULE}"),
        &["acme-key", "duplicate"],
    );
    bad_rules_fail(
        &USER_RULE.replace("kind =", "colour = \"red\"\nkind ="),
        &["acme-key", "colour"],
    );
}

#[test]
fn failing_user_example_makes_rules_test_exit_1() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "rules/acme.toml",
        USER_RULE.replace("acme_r5tw9bn2hj4c", "acme_nope"),
    );
    hush()
        .arg("rules")
        .arg("test")
        .arg("--rules")
        .arg(dir.path().join("rules"))
        .assert()
        .code(1)
        .stdout(predicates::str::contains("FAIL acme-key"));
}
