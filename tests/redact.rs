//! `hush redact` end to end: the real binary on stdin, files and pipes.

use crate::util::{assert_absent, github_token, hush};
use hush::detect::Detector;
use hush::patterns::PatternSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn redact(args: &[&str], input: impl Into<Vec<u8>>) -> (Vec<u8>, Vec<u8>, i32) {
    let out = hush()
        .arg("redact")
        .args(args)
        .write_stdin(input.into())
        .output()
        .expect("runs");
    (
        out.stdout,
        out.stderr,
        out.status.code().expect("exit code"),
    )
}

/// The secrets a rule finds in `text`, each split at newlines (a PEM block is masked per line).
fn secrets_of(rule: &hush::patterns::Rule, text: &str) -> Vec<String> {
    let d = Detector::new(PatternSet::single(rule.clone())).expect("builds");
    let mut found = Vec::new();
    d.detect(text.as_bytes(), &mut d.scratch(), &mut found);
    found
        .iter()
        .flat_map(|m| {
            text[m.start..m.end]
                .split('\n')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .map(|s| s.trim_end_matches(['\r', '\\', 'n']).to_owned())
        .filter(|s| s.len() >= 8)
        .collect()
}

#[test]
fn planted_example_of_every_rule_never_appears() {
    let set = PatternSet::builtin().expect("built-in rules");
    let mut input = String::new();
    let mut planted = Vec::new();
    for rule in set.rules() {
        for ex in &rule.examples {
            input.push_str(ex);
            input.push('\n');
            planted.extend(
                secrets_of(rule, ex)
                    .into_iter()
                    .map(|s| (rule.id.clone(), s)),
            );
        }
    }
    assert!(planted.len() > set.rules().len(), "examples give secrets");
    // From a file: some examples span two lines (`- name: API_KEY` / `  value: ...`), which
    // a pipe may deliver in two reads; streamed input is redacted per read (see README).
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("examples.log");
    std::fs::write(&path, &input).expect("write");
    let path = path.to_str().expect("utf-8 temp path");
    let (out, err, code) = redact(&[path], Vec::new());
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    assert_eq!(
        out.iter().filter(|&&b| b == b'\n').count(),
        input.lines().count()
    );
    for (rule, secret) in &planted {
        assert!(
            memchr::memmem::find(&out, secret.as_bytes()).is_none(),
            "an example secret of {rule} survived redaction"
        );
    }
}

#[test]
fn lines_with_nothing_to_redact_are_byte_identical() {
    let mut input = Vec::new();
    for i in 0..2000 {
        input.extend_from_slice(match i % 7 {
            0 => b"2026-01-01T00:00:00Z INFO request handled in 12ms path=/v1/orders status=200\n" as &[u8],
            1 => b"{ \"level\" : \"info\",  \"msg\":\"caf\\u00e9 ok\", \"n\": 1.5e3, \"tokens\":42 }\n",
            2 => b"\xff\xfe binary \x00\x1b[31m noise\r\n",
            3 => b"\n",
            4 => b"\t  indented: value with  spaces  \n",
            5 => "unicode: \u{1F600} \u{65e5}\u{672c}\n".as_bytes(),
            _ => b"{\"user\":\"ana\",\"action\":\"login\",\"ok\":true}\n",
        });
    }
    input.extend_from_slice(b"last line without newline");
    let (out, _, code) = redact(&[], input.clone());
    assert_eq!(code, 0);
    assert!(out == input, "clean input changed");
}

#[test]
fn json_lines_stay_valid_json_with_keys_in_order() {
    let tok = github_token("ghp_", "R8mQz2LwX5vN9pK3tJ7hB4cF6dY1sG");
    let lines = [
        format!(
            r#"{{"z":1,"password":"hunter2!","msg":"token {tok} used","a":[{{"Api-Key":123}}]}}"#
        ),
        format!(r#"{{"headers":{{"Authorization":"Bearer abc","cookie":"sid=1"}},"b":"{tok}"}}"#),
        r#"{"secret":{"nested":true},"pwd":null,"email":"ana.lima@corp.io"}"#.to_owned(),
    ];
    let input = lines.join("\n") + "\n";
    let (out, _, code) = redact(&[], input);
    assert_eq!(code, 0);
    let text = String::from_utf8(out).expect("utf8");
    assert_absent(text.as_bytes(), &tok, "json redaction");
    for s in ["hunter2!", "ana.lima@corp.io", "sid=1", "abc\""] {
        assert_absent(text.as_bytes(), s, "json redaction");
    }
    for (line, orig) in text.lines().zip(&lines) {
        let got: serde_json::Value = serde_json::from_str(line).expect("output line is JSON");
        let want: serde_json::Value = serde_json::from_str(orig).expect("input line is JSON");
        let keys = |v: &serde_json::Value| {
            v.as_object()
                .expect("object")
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&got), keys(&want));
    }
    assert!(text.contains(r#""pwd":null"#), "{text}");
}

#[test]
fn invalid_utf8_passes_and_only_the_secret_changes() {
    let tok = github_token("ghp_", "Q8mQz2LwX5vN9pK3tJ7hB4cF6dY1sG");
    let mut input = b"\xc3\x28 pre \xff ".to_vec();
    input.extend_from_slice(tok.as_bytes());
    input.extend_from_slice(b" post \x80\r\nnext");
    let (out, _, _) = redact(&[], input);
    assert_eq!(
        out,
        b"\xc3\x28 pre \xff [REDACTED:github-pat] post \x80\r\nnext".to_vec()
    );
}

#[test]
fn secret_straddling_the_long_line_window_edge_is_masked() {
    let tok = github_token("ghp_", "W8mQz2LwX5vN9pK3tJ7hB4cF6dY1sG");
    let edge = hush::redact::MAX_LINE - hush::redact::OVERLAP / 2;
    let mut input = vec![b'a'; edge - 20];
    input.push(b' ');
    input.extend_from_slice(tok.as_bytes());
    input.push(b' ');
    input.extend(std::iter::repeat_n(b'b', 2 * hush::redact::MAX_LINE));
    input.extend_from_slice(b"\nshort line\n");
    let (out, _, code) = redact(&[], input.clone());
    assert_eq!(code, 0);
    assert_absent(&out, &tok, "long-line redaction");
    assert_eq!(
        out.len(),
        input.len() - tok.len() + "[REDACTED:github-pat]".len()
    );
    assert!(out.ends_with(b"\nshort line\n"));
}

const PEM: &str = "-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAmjzMYbHo/v1RO605TtJN9K4lzGt2DbBd6BrbhxGrh/VLllKC
nyu92inMs+rlYUeOIZBykbelPiKvz+b9vXka3sbZ46kSYvvdjQZN72WeLwZBCxWY
R1SjyUDQS0AWzyj3iguZEHALlCtP/miolZ1hCdL0ehLPwqbrA7l4RKYlQncci/ig
-----END RSA PRIVATE KEY-----
";

#[test]
fn private_key_block_is_masked_whole() {
    let input = format!("before\nkey follows:\n{PEM}after\n");
    let (out, _, _) = redact(&[], input);
    let want = format!(
        "before\nkey follows:\n{}after\n",
        "[REDACTED:private-key-rsa]\n".repeat(5)
    );
    assert_eq!(String::from_utf8(out).expect("utf8"), want);
}

#[test]
fn stats_count_per_rule_on_stderr_without_values() {
    let tok = github_token("ghp_", "S8mQz2LwX5vN9pK3tJ7hB4cF6dY1sG");
    let input = format!("{tok}\n{tok} again\n{{\"password\":\"hunter2!\"}}\nana.lima@corp.io\n");
    let (out, err, code) = redact(&["--stats"], input);
    assert_eq!(code, 0);
    assert_absent(&out, &tok, "stdout");
    let err = String::from_utf8(err).expect("utf8");
    assert_absent(err.as_bytes(), &tok, "--stats");
    assert_absent(err.as_bytes(), "hunter2!", "--stats");
    assert!(err.contains("4 spans masked"), "{err}");
    assert!(
        err.lines()
            .any(|l| l.split_whitespace().eq(["2", "github-pat"])),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.split_whitespace().eq(["1", "sensitive-field"])),
        "{err}"
    );
}

#[test]
fn pii_on_by_default_and_rule_selection() {
    let tok = github_token("ghp_", "P8mQz2LwX5vN9pK3tJ7hB4cF6dY1sG");
    let input = format!("mail ana.lima@corp.io key {tok}\n");
    let (out, _, _) = redact(&[], input.clone());
    assert_eq!(
        out,
        b"mail [REDACTED:email-address] key [REDACTED:github-pat]\n"
    );
    let (out, _, _) = redact(&["--no-pii"], input.clone());
    assert_eq!(out, b"mail ana.lima@corp.io key [REDACTED:github-pat]\n");
    let (out, _, _) = redact(&["--only", "email-address"], input.clone());
    assert_eq!(
        out,
        format!("mail [REDACTED:email-address] key {tok}\n").into_bytes()
    );
    let (out, _, _) = redact(&["--except", "github-pat"], input);
    assert_eq!(
        out,
        format!("mail [REDACTED:email-address] key {tok}\n").into_bytes()
    );
}

#[test]
fn hash_mask_correlates_with_a_key_and_partial_keeps_a_prefix() {
    let input = "a ana.lima@corp.io\nb ana.lima@corp.io\nc bo.silva@corp.io\n";
    let run = |key: &str| {
        let out = hush()
            .args(["redact", "--mask", "hash"])
            .env("HUSH_REDACT_KEY", key)
            .write_stdin(input)
            .output()
            .expect("runs");
        String::from_utf8(out.stdout).expect("utf8")
    };
    let one = run("k1");
    let tags: Vec<&str> = one.lines().map(|l| &l[2..]).collect();
    assert!(
        tags[0].starts_with("[REDACTED:email-address:") && tags[0].len() == 33,
        "{one}"
    );
    assert_eq!(tags[0], tags[1]);
    assert_ne!(tags[0], tags[2]);
    assert_eq!(one, run("k1"));
    assert_ne!(one, run("k2"));
    let (out, _, _) = redact(&["--mask", "partial"], input);
    assert!(
        String::from_utf8(out)
            .expect("utf8")
            .starts_with("a an[REDACTED:email-address]\n")
    );
}

#[test]
fn errors_exit_2() {
    let (_, err, code) = redact(&["/nonexistent/log.txt"], "");
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&err).contains("/nonexistent/log.txt"));
    let (_, _, code) = redact(&["--only", "no-such-rule"], "");
    assert_eq!(code, 2);
}

#[test]
fn file_argument_is_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("app.log");
    std::fs::write(&path, "x ana.lima@corp.io\n").expect("write");
    let (out, _, code) = redact(&[path.to_str().expect("utf8 path")], "");
    assert_eq!(code, 0);
    assert_eq!(out, b"x [REDACTED:email-address]\n");
}

#[test]
fn closed_stdout_ends_quietly() {
    let hush = assert_cmd::cargo::cargo_bin("hush");
    let script = r#"set -o pipefail; yes 'ana.lima@corp.io and some filler text' | head -n 300000 | "$0" redact | head -1; echo "status=${PIPESTATUS[2]}""#;
    let out = Command::new("bash")
        .args(["-c", script])
        .arg(&hush)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    assert_eq!(
        stdout,
        "[REDACTED:email-address] and some filler text\nstatus=0\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn interactive_each_line_comes_back_before_the_next_is_written() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("hush"))
        .arg("redact")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.expect("utf8 line")).is_err() {
                break;
            }
        }
    });
    let pem: Vec<&str> = PEM.lines().collect();
    let mut sent: Vec<String> = vec!["plain line".into(), "user ana.lima@corp.io".into()];
    sent.extend(pem.iter().map(|s| (*s).to_owned()));
    sent.push("after".into());
    let mut want = vec![
        "plain line".to_owned(),
        "user [REDACTED:email-address]".to_owned(),
    ];
    want.extend(std::iter::repeat_n(
        "[REDACTED:private-key-rsa]".to_owned(),
        pem.len(),
    ));
    want.push("after".into());
    for (line, expected) in sent.iter().zip(&want) {
        writeln!(stdin, "{line}").expect("write");
        stdin.flush().expect("flush");
        let got = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("line echoed while stdin stays open");
        assert_eq!(&got, expected);
    }
    drop(stdin);
    assert!(child.wait().expect("exits").success());
}

#[test]
fn buffered_gives_the_same_bytes() {
    let tok = github_token("ghp_", "B8mQz2LwX5vN9pK3tJ7hB4cF6dY1sG");
    let mut input = String::new();
    for i in 0..50_000 {
        match i % 1000 {
            0 => input.push_str(&format!("{i} key {tok}\n")),
            500 => input.push_str("{\"password\":\"hunter2!\",\"i\":1}\n"),
            _ => input.push_str(&format!("{i} plain line with some text\n")),
        }
    }
    let (lined, _, _) = redact(&[], input.clone());
    let (buffered, _, _) = redact(&["--buffered"], input.clone());
    assert!(lined == buffered);
    // Big runs of lines are split over threads; any thread count gives the same bytes.
    for threads in ["1", "3"] {
        let (split, _, _) = redact(&["--buffered", "-j", threads], input.clone());
        assert!(split == lined, "-j {threads} changed the output");
    }
    assert_absent(&lined, &tok, "redact");
    assert_absent(&lined, "hunter2!", "redact");
}

#[test]
fn config_file_selects_rules() {
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = dir.path().join("hush.toml");
    std::fs::write(&cfg, "except = [\"email-address\"]\n").expect("write");
    let (out, err, code) = redact(
        &["--config", cfg.to_str().expect("utf8 path")],
        "a ana.lima@corp.io\n",
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    assert_eq!(out, b"a ana.lima@corp.io\n");
}

/// A secret used as a JSON key, or hidden behind escapes (`\n` glued to it, `\/` in a URL,
/// `\u0067` for its first letter), is masked, and the line stays valid JSON.
#[test]
fn secrets_in_keys_and_behind_json_escapes_are_masked() {
    let tok = github_token("ghp_", "Wq3eR5tY7uI9oP1aS3dF5gH7jK9lZx");
    let hidden = format!("\\u0067{}", &tok[1..]);
    let input = format!(
        "{{\"{tok}\": 1, \"msg\": \"ok\"}}\n\
         {{\"trace\": \"at line 3\\n{tok}\\n\"}}\n\
         {{\"o\": \"{hidden}\"}}\n\
         {{\"url\": \"https:\\/\\/admin:Zq8vX3kLmN7pR2@db.example.org\\/x\"}}\n"
    );
    let (out, err, code) = redact(&[], input);
    assert_eq!(code, 0);
    assert_absent(&out, &tok, "redact");
    assert_absent(&out, &tok[1..], "redact");
    assert_absent(&out, "Zq8vX3kLmN7pR2", "redact");
    assert_absent(&err, &tok, "redact stderr");
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_slice(line).expect("still JSON");
        assert!(v.is_object());
    }
}
