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
        &["acme-key", "unknown field `…`", "expected one of `id`"],
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

const KEYWORDLESS_RULES: &str = r#"
[[rule]]
id = "acme-badge"
description = "ACME badge number (its prefilter holds a digit anchor)"
kind = "secret"
regex = '''\b(BDG-\d{3}-\d{4})\b'''
prefilter = '''\d{3}-\d{4}'''
examples = ["badge BDG-804-2291", "id=BDG-377-5120;"]
negative_examples = ["BDG-80-2291", "XBDG-804-22910"]

[[rule]]
id = "acme-order"
description = "ACME order number (its prefilter has no digit anchor)"
kind = "secret"
regex = '''\b(ORD\d{10})\b'''
prefilter = '''ORD\d{10}'''
examples = ["order ORD8305196274", "(ORD4719902385)"]
negative_examples = ["ORD830519627", "ORD83051962741"]
"#;

/// Keyword-less user rules are found whether their prefilter is proven to hold a digit
/// anchor (walked near anchors only) or not (walked whole), alone or together.
#[test]
fn keywordless_user_rules_are_found_with_and_without_digit_anchors() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "rules/acme.toml", KEYWORDLESS_RULES);
    let mut text = String::new();
    for i in 0..6000 {
        text.push_str(&format!("line {i}: nothing to see, v1.2 x+1 id_{i}\n"));
        if i == 1234 {
            text.push_str("badge = BDG-804-2291 order = ORD8305196274\n");
        }
    }
    text.push_str("last: ORD4719902385 BDG-377-5120");
    write(dir.path(), "tree/big.txt", &text);
    let rules = dir.path().join("rules");
    hush()
        .args(["rules", "test", "--rules"])
        .arg(&rules)
        .assert()
        .success();
    for (only, want) in [
        ("acme-badge", 2),
        ("acme-order", 2),
        ("acme-badge,acme-order", 4),
    ] {
        let out = hush()
            .args(["scan", "--format", "jsonl", "--only", only, "--rules"])
            .arg(&rules)
            .arg(dir.path().join("tree"))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{only}");
        let lines: Vec<serde_json::Value> = (String::from_utf8_lossy(&out.stdout).lines())
            .map(|l| serde_json::from_str(l).expect("jsonl"))
            .collect();
        assert_eq!(lines.len(), want, "{only}: {lines:?}");
        let mut at: Vec<u64> = lines
            .iter()
            .map(|f| f["line"].as_u64().expect("line"))
            .collect();
        at.sort_unstable();
        assert_eq!(at.first(), Some(&1236), "{only}");
        assert_eq!(at.last(), Some(&6002), "{only}");
    }
}

/// A token table that names a carrier the harness does not have is a failure that says so,
/// not a rule that silently generates nothing.
#[test]
fn an_unknown_carrier_is_reported_by_rules_test() {
    let dir = tempfile::tempdir().expect("tmp");
    let rule = USER_RULE.replace(
        "negative_examples = [\"acme_short\", \"acme_q8zp2mvx7lk3toolong\"]",
        "negative_examples = [\"acme_short\", \"acme_q8zp2mvx7lk3toolong\"]\nprovider = \"ACME\"\n\n[rule.token]\nformat = [\"acme_{lower-alnum:12}\"]\ncarriers = [\"punchcard\"]",
    );
    write(dir.path(), "rules/acme.toml", &rule);
    let out = hush()
        .arg("rules")
        .arg("test")
        .arg("--rules")
        .arg(dir.path().join("rules"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("unknown carrier \"punchcard\""), "{text}");
}
