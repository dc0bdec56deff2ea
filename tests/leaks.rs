//! Issue 16: `hush redact` leaks nothing. The leak harness at a small seed (0 leaks, 0
//! partial, over-redaction within 0.5 %), and the new behaviour end to end through the binary.

use crate::util::{assert_absent, hush};
use hush::patterns::{PatternSet, sensitive};
use hush::quality::leaks::{self, Options};
use hush::redact::{MaskStyle, Masker, Redactor};

fn redact(args: &[&str], input: &str) -> (String, String, i32) {
    let out = hush()
        .arg("redact")
        .args(args)
        .write_stdin(input.to_owned())
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().expect("exit code"),
    )
}

#[test]
fn harness_seed_leaks_nothing() {
    let set = PatternSet::builtin().expect("loads");
    let redactor = Redactor::new(set.clone(), Masker::new(MaskStyle::Full, b"")).expect("builds");
    let options = Options {
        seed: 16,
        pii_per_family: 12,
        ordinary_per_plant: 2,
        ..Options::default()
    };
    let report = leaks::run(&set, &redactor, options);
    let table = report.to_table(false);
    assert!(report.planted > 1000, "{table}");
    assert_eq!((report.leaked, report.partial), (0, 0), "{table}");
    assert!(report.over_redaction_rate() <= 0.005, "{table}");
    assert!(
        report.line_count_kept && report.threads_agree && report.json_broken == 0,
        "{table}"
    );
}

#[test]
fn harness_can_fail_and_reports_no_values() {
    // With one rule and no sensitive names, most of what is planted leaks.
    let set = PatternSet::builtin().expect("loads");
    let mut one = set.clone();
    one.retain(|r| r.id == "github-pat");
    let all: Vec<String> = (sensitive::DEFAULT_SUFFIXES.iter())
        .map(|s| (*s).to_owned())
        .collect();
    let redactor = Redactor::new(one, Masker::new(MaskStyle::Full, b""))
        .expect("builds")
        .with_sensitive_names(sensitive::SensitiveNames::new(&[], &all).expect("valid"));
    let options = Options {
        seed: 3,
        pii_per_family: 4,
        ordinary_per_plant: 1,
        ..Options::default()
    };
    let report = leaks::run(&set, &redactor, options);
    assert!(
        report.leaked > report.planted / 2,
        "{}",
        report.to_table(false)
    );
    assert!(report.samples.is_empty());
}

#[test]
fn rules_leaks_command_exits_0_and_prints_totals() {
    let out = hush()
        .args([
            "rules",
            "leaks",
            "--seed",
            "5",
            "--pii-values",
            "5",
            "--ordinary",
            "1",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(" 0 leaked, 0 partly leaked") && text.contains("-j1 == -j2: true"),
        "{text}"
    );
}

#[test]
fn text_pairs_headers_and_json_messages_are_masked_whole() {
    let secret = "Zq7!x9Lm_P2w";
    let lines = [
        format!("AWS_SECRET_KEY={secret}"),
        format!("ts=1 level=info db_password={secret} user=ana"),
        format!("    db_password: {secret}"),
        format!("{{\"msg\": \"DB_PASSWORD={secret}\"}}"),
        format!("GET /cb?state=x&api_token={secret}&page=2 HTTP/1.1"),
        format!("> X-Api-Key: {secret}"),
        "Authorization: Bearer 843025879:AAZiQ3pL-kV7s_8Yb2nWq".to_owned(),
    ];
    let input = lines.join("\n") + "\n";
    let (out, err, code) = redact(&[], &input);
    assert_eq!(code, 0, "{err}");
    assert_absent(out.as_bytes(), secret, "redact");
    assert_absent(out.as_bytes(), "AAZiQ3pL", "redact");
    assert_absent(out.as_bytes(), "843025879", "redact");
    assert_eq!(out.lines().count(), lines.len());
    let json = out.lines().nth(3).expect("4 lines");
    serde_json::from_str::<serde_json::Value>(json).expect("still JSON");
    assert!(
        out.contains("level=info") && out.contains("user=ana") && out.contains("page=2"),
        "{out}"
    );
}

#[test]
fn ordinary_names_and_clean_lines_are_untouched() {
    let input = "token_type=bearer prompt_tokens=12 secret_name=db password_reset=true\n\
                 {\"usage\":{\"prompt_tokens\":3},\"token_type\":\"bearer\"}\n\
                 deployed v1.2.3 commit 3f1c9a0e5b7d\n";
    let (out, _, _) = redact(&[], input);
    assert_eq!(out, input);
}

#[test]
fn pii_families_on_by_default_and_except_turns_one_off() {
    let input =
        "from 203.0.113.42 phone (415) 555-0134 ssn 524-71-3309 ip6 2001:db8::8a2e:370:7334\n";
    let (out, _, _) = redact(&[], input);
    for v in ["203.0.113.42", "555-0134", "524-71-3309", "2001:db8::8a2e"] {
        assert_absent(out.as_bytes(), v, "redact");
    }
    let (out, _, code) = redact(&["--except", "ip"], input);
    assert_eq!(code, 0);
    assert!(
        out.contains("203.0.113.42") && out.contains("2001:db8::8a2e:370:7334"),
        "{out}"
    );
    assert_absent(out.as_bytes(), "524-71-3309", "redact --except ip");
    let (out, _, _) = redact(&["--except", "phone,ssn"], input);
    assert!(
        out.contains("(415) 555-0134") && out.contains("524-71-3309"),
        "{out}"
    );
    assert_absent(out.as_bytes(), "203.0.113.42", "redact --except phone,ssn");
    let (_, err, code) = redact(&["--except", "nosuchfamily"], input);
    assert_eq!(code, 2);
    assert!(err.contains("nosuchfamily"), "{err}");
}

#[test]
fn config_sensitive_names_add_and_remove() {
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = dir.path().join("hush.toml");
    std::fs::write(
        &cfg,
        "[sensitive_names]\nadd = [\"pin\"]\nremove = [\"pwd\"]\n",
    )
    .expect("write");
    let cfg = cfg.to_str().expect("utf8 path");
    let input = "card_pin=4711x pwd=keepme42 password=hunter2x\n{\"card_pin\":\"9911\"}\n";
    let (out, err, code) = redact(&["--config", cfg], input);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pwd=keepme42"), "{out}");
    for v in ["4711x", "hunter2x", "9911"] {
        assert_absent(out.as_bytes(), v, "redact --config");
    }
    std::fs::write(
        dir.path().join("bad.toml"),
        "[sensitive_names]\nremove = [\"nosuch\"]\n",
    )
    .expect("write");
    let bad = dir.path().join("bad.toml");
    let (out, err, code) = redact(
        &["--config", bad.to_str().expect("utf8")],
        "password=hunter2x\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("sensitive_names") && err.contains("nosuch"),
        "{err}"
    );
    assert_absent(out.as_bytes(), "hunter2x", "redact with a bad config");
    assert_absent(err.as_bytes(), "hunter2x", "redact with a bad config");
}

#[test]
fn redacting_twice_changes_nothing() {
    let input = "db_password=Zq7!x9Lm token: abc123def ip 10.1.2.3\nAuthorization: Bearer 843025879:AAZiQ3pL\n";
    let (once, _, _) = redact(&[], input);
    let (twice, _, _) = redact(&[], &once);
    assert_eq!(once, twice);
}
