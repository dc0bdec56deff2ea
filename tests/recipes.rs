//! The recipes of `docs/integrations.md` run here as far as this machine can: the hush
//! commands each CI file contains, the `tail -F | hush redact` pipeline of the log recipes on a
//! live log, and the `vault run` container entrypoint. (GitHub's and GitLab's runners, Docker
//! and Vector cannot run here; the pre-receive recipe is `cli_pre_receive.rs`.)

use crate::cli_git::{commit_file, git, init, token};
use crate::cli_scan::sarif_validator;
use crate::util::{assert_absent, hush};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn recipe(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The directory of the `hush` binary under test, for `PATH`.
fn hush_dir() -> PathBuf {
    let bin = hush().get_program().to_owned();
    Path::new(&bin).parent().expect("bin dir").to_path_buf()
}

fn path_with_hush() -> String {
    format!(
        "{}:{}",
        hush_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Every shell line of a CI file that runs `hush scan` or `hush git` (YAML `run:`/`- ` prefixes
/// stripped), as the runner would hand it to `sh`.
fn hush_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && (l.contains("hush scan") || l.contains("hush git")))
        .map(|l| {
            let l = l.strip_prefix("- ").unwrap_or(l);
            l.strip_prefix("run: ").unwrap_or(l).to_owned()
        })
        .collect()
}

#[test]
fn ci_recipes_pass_a_clean_repository_and_fail_on_a_secret() {
    let validator = sarif_validator();
    for (file, min_lines) in [
        ("docs/recipes/github-actions.yml", 2),
        ("docs/recipes/gitlab-ci.yml", 2),
    ] {
        let lines = hush_lines(&recipe(file));
        assert!(lines.len() >= min_lines, "{file}: {lines:?}");
        let dir = init();
        let d = dir.path();
        let base = commit_file(d, "app.py", "a = 1\n", "base");
        git(d, &["update-ref", "refs/remotes/origin/main", &base]);
        git(d, &["checkout", "-q", "-b", "topic"]);
        commit_file(d, "b.py", "b = 2\n", "clean topic commit");
        for (secret, want) in [(false, 0), (true, 1)] {
            if secret {
                commit_file(d, "cfg.py", &format!("T = \"{}\"\n", token(7)), "leak");
            }
            // Each CI run starts from a fresh checkout: no report of an earlier run in the tree.
            for report in ["hush.sarif", "hush.json"] {
                let _ = std::fs::remove_file(d.join(report));
            }
            for line in &lines {
                let out = Command::new("sh")
                    .args(["-c", line])
                    .current_dir(d)
                    .env("PATH", path_with_hush())
                    .env("GITHUB_BASE_REF", "main")
                    .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base)
                    .env_remove("NO_COLOR")
                    .output()
                    .expect("sh runs");
                assert_eq!(
                    out.status.code(),
                    Some(want),
                    "{file}: `{line}`: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert_absent(&out.stdout, &token(7), line);
                assert_absent(&out.stderr, &token(7), line);
            }
            for report in ["hush.sarif", "hush.json"] {
                let Ok(bytes) = std::fs::read(d.join(report)) else {
                    continue;
                };
                assert_absent(&bytes, &token(7), report);
                let v: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
                if report == "hush.sarif" {
                    if let Some(validator) = &validator {
                        let errors: Vec<String> =
                            validator.iter_errors(&v).map(|e| e.to_string()).collect();
                        assert!(errors.is_empty(), "{file}: {errors:?}");
                    }
                    let results = v["runs"][0]["results"].as_array().expect("results");
                    assert_eq!(results.len(), usize::from(secret), "{file}");
                } else {
                    let findings = v.as_array().expect("a JSON array");
                    assert_eq!(findings.len(), usize::from(secret), "{file}");
                }
            }
            assert!(
                d.join("hush.sarif").exists() || d.join("hush.json").exists(),
                "{file} writes a report"
            );
        }
    }
}

/// The pipeline of the Vector, Fluent Bit and sidecar recipes, with its log path.
const PIPELINE: &str = "tail -n +1 -F LOG | hush redact";

#[test]
fn log_recipes_mask_a_live_log_while_it_is_written() {
    for (file, log) in [
        ("docs/recipes/vector.yaml", "/var/log/app/app.log"),
        ("docs/recipes/docker-compose.sidecar.yml", "/logs/app.log"),
        ("docs/integrations.md", "/var/log/app/app.log"),
    ] {
        assert!(
            recipe(file).contains(&PIPELINE.replace("LOG", log)),
            "{file} runs the tested pipeline"
        );
    }
    let dir = tempfile::tempdir().expect("tmp");
    let log = dir.path().join("app.log");
    std::fs::write(&log, "started\n").expect("write");
    let command = PIPELINE.replace("LOG", &log.display().to_string());
    let mut child = {
        use std::os::unix::process::CommandExt;
        Command::new("sh")
            .args(["-c", &command])
            .env("PATH", path_with_hush())
            .stdout(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("sh runs")
    };
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let next = || rx.recv_timeout(Duration::from_secs(20));
    let first = next();
    // Appended while the pipeline runs: must come out masked, before the pipeline ends.
    // Appended, not rewritten: a rewrite truncates first, and `tail -F` then prints the
    // file again from its start.
    {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&log)
            .expect("open");
        writeln!(file, "user token={} ok", token(8)).expect("append");
    }
    let second = next();
    // The whole process group (sh, tail, hush) that this test started.
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    assert_eq!(first.as_deref(), Ok("started"));
    let second = second.expect("the appended line arrives while the pipeline runs");
    assert_absent(second.as_bytes(), &token(8), "redacted stream");
    assert!(second.contains("[REDACTED:github-pat]"), "{second}");
}

#[test]
fn vault_run_entrypoint_gives_the_app_its_values_not_the_key() {
    let doc = recipe("docs/integrations.md");
    let entry = r#"ENTRYPOINT ["hush", "vault", "run", "--file", "/app/.env.vault", "--"]"#;
    assert!(doc.contains(entry), "the documented entrypoint");
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    crate::vault::init(d);
    crate::vault::ok(d, &["set", "DB_PASSWORD"], "planted-Vx93kQ2mZr");
    let key = std::fs::read_to_string(crate::vault::key_file(d)).expect("key");
    // A container has no key file: only HUSH_VAULT_KEY, an empty HOME, another directory.
    let empty = tempfile::tempdir().expect("tmp");
    let out = hush()
        .args(["vault", "run", "--file"])
        .arg(d.join(".env.vault"))
        .args([
            "--",
            "sh",
            "-c",
            "echo \"$DB_PASSWORD|${HUSH_VAULT_KEY-nokey}\"",
        ])
        .current_dir(empty.path())
        .env("HOME", empty.path())
        .env("XDG_CONFIG_HOME", empty.path().join(".config"))
        .env("HUSH_VAULT_KEY", key.trim())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "planted-Vx93kQ2mZr|nokey\n"
    );
}

#[test]
fn dockerfile_builds_the_binary_and_runs_it_as_the_entrypoint() {
    // Cannot be built here (no docker); check what it relies on exists.
    let text = recipe("Dockerfile");
    assert!(text.contains("cargo build --release --locked --bin hush"));
    assert!(text.contains(r#"ENTRYPOINT ["hush"]"#));
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("Cargo.lock")
            .exists()
    );
}
