//! `hush git --pre-receive` as a real server hook: real `git push` to a bare repository over
//! a local path, so the pushed objects sit in git's quarantine while hush scans them.

use crate::cli_git::{commit_file, git, git_cmd, init, token};
use crate::util::{assert_absent, assert_success, hush, write};
use std::path::Path;
use std::process::Output;

/// `git push` from `client` with arguments `args`; returns its output (success or not).
fn push(client: &Path, args: &[&str]) -> Output {
    let mut full = vec!["push", "server"];
    full.extend_from_slice(args);
    git_cmd(client, &full).output().expect("git push runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A bare server seeded (before its hook exists) with a clean commit and one holding
/// `token(1)`, a client cloned from it, and the hush pre-receive hook installed.
fn server_and_client() -> (tempfile::TempDir, tempfile::TempDir) {
    let server = tempfile::tempdir().expect("tmp");
    git(server.path(), &["init", "-q", "--bare", "-b", "main"]);
    let client = init();
    let url = server.path().to_str().expect("utf-8 temp path");
    git(client.path(), &["remote", "add", "server", url]);
    commit_file(client.path(), "app.py", "a = 1\n", "clean start");
    commit_file(
        client.path(),
        "old.py",
        &format!("OLD = \"{}\"\n", token(1)),
        "an old secret, already on the server",
    );
    assert_success(&push(client.path(), &["-q", "main"]));
    let out = hush()
        .args(["hook", "install", "--pre-receive"])
        .arg(server.path())
        .output()
        .expect("runs");
    assert_success(&out);
    assert!(server.path().join("hooks/pre-receive").exists());
    (server, client)
}

#[test]
fn pre_receive_accepts_clean_pushes_and_rejects_secrets() {
    let (server, client) = server_and_client();
    let (s, c) = (server.path(), client.path());
    let server_main = || git(s, &["rev-parse", "main"]);

    // A clean push big enough that git keeps the quarantined objects as a pack.
    for i in 0..120 {
        write(c, &format!("many/f{i}.txt"), format!("line {i}\n"));
    }
    let clean = commit_file(c, "app.py", "a = 2\n", "clean change");
    let out = push(c, &["main"]);
    assert!(out.status.success(), "clean push rejected: {}", text(&out));
    assert_eq!(server_main(), clean);

    // A push adding a secret (loose objects in quarantine) is rejected with a message.
    commit_file(c, "cfg.py", &format!("KEY = \"{}\"\n", token(2)), "leak");
    let out = push(c, &["main"]);
    let said = text(&out);
    assert!(!out.status.success(), "secret push accepted: {said}");
    assert!(
        said.contains("remote: hush: push rejected: 1 finding"),
        "{said}"
    );
    assert!(
        said.contains("github-pat") && said.contains("cfg.py:1:"),
        "{said}"
    );
    assert!(said.contains("hush:allow"), "{said}");
    assert_absent(&out.stdout, &token(2), "push stdout");
    assert_absent(&out.stderr, &token(2), "push stderr");
    assert_eq!(server_main(), clean, "the server's branch must not move");
    git(c, &["reset", "-q", "--hard", "HEAD~1"]);

    // A new branch whose history holds the old secret, adding a clean commit: accepted.
    git(c, &["checkout", "-q", "-b", "feature", &clean]);
    let feature = commit_file(c, "feature.py", "f = 1\n", "feature work");
    let out = push(c, &["feature"]);
    assert!(out.status.success(), "new branch rejected: {}", text(&out));
    assert_eq!(git(s, &["rev-parse", "feature"]), feature);

    // A new branch adding a new secret: rejected.
    git(c, &["checkout", "-q", "-b", "leaky", &clean]);
    commit_file(c, "leak.py", &format!("T = \"{}\"\n", token(3)), "leak");
    let out = push(c, &["leaky"]);
    assert!(!out.status.success(), "new leaky branch accepted");
    assert!(text(&out).contains("leak.py:1:"), "{}", text(&out));
    assert_absent(&out.stderr, &token(3), "push stderr");

    // An annotated tag of the old secret's commit, then deleting a branch: accepted.
    git(c, &["tag", "-a", "-m", "release", "v1", "main~1"]);
    let out = push(c, &["v1"]);
    assert!(out.status.success(), "tag push rejected: {}", text(&out));
    let out = push(c, &[":feature"]);
    assert!(out.status.success(), "deletion rejected: {}", text(&out));
    assert!(
        git_cmd(s, &["rev-parse", "--verify", "-q", "feature"])
            .output()
            .expect("git")
            .stdout
            .is_empty()
    );
}

#[test]
fn pre_receive_bad_input_exits_2_without_quoting_it() {
    let dir = init();
    let head = commit_file(dir.path(), "a.txt", "a\n", "c1");
    let zero = "0".repeat(40);
    let missing = "1234567890123456789012345678901234567890";
    for input in [
        format!("{} garbage\n", token(4)),
        format!("{zero} {head}\n"),
        format!("{zero} {missing} refs/heads/x\n"),
    ] {
        let out = hush()
            .args(["git", "--pre-receive"])
            .current_dir(dir.path())
            .write_stdin(input)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert_absent(&out.stderr, &token(4), "stderr");
        assert!(String::from_utf8_lossy(&out.stderr).contains("hush: error:"));
    }
    // Deletions only, and an empty list: nothing to scan, accepted.
    for input in [format!("{head} {zero} refs/heads/main\n"), String::new()] {
        hush()
            .args(["git", "--pre-receive"])
            .current_dir(dir.path())
            .write_stdin(input)
            .assert()
            .code(0);
    }
    hush()
        .args(["git", "--pre-receive", "--staged"])
        .current_dir(dir.path())
        .assert()
        .code(2);
}

#[test]
fn pre_receive_hook_install_keeps_a_foreign_hook_and_needs_a_repository() {
    let server = tempfile::tempdir().expect("tmp");
    git(server.path(), &["init", "-q", "--bare"]);
    write(server.path(), "hooks/pre-receive", "#!/bin/sh\nexit 0\n");
    let install = |force: bool| {
        let mut cmd = hush();
        cmd.args(["hook", "install", "--pre-receive"])
            .arg(server.path());
        if force {
            cmd.arg("--force");
        }
        cmd.output().expect("runs")
    };
    let out = install(false);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let hook = server.path().join("hooks/pre-receive");
    assert_eq!(
        std::fs::read_to_string(&hook).expect("hook"),
        "#!/bin/sh\nexit 0\n"
    );
    assert_success(&install(true));
    let text = std::fs::read_to_string(&hook).expect("hook");
    assert!(text.contains("git --pre-receive"), "{text}");
    // Reinstalling over its own hook needs no --force.
    assert_success(&install(false));
    // A directory inside a repository is not that repository.
    let inner = server.path().join("hooks");
    let out = hush()
        .args(["hook", "install", "--pre-receive"])
        .arg(&inner)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(!inner.join("hooks").exists());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a git repository"));
}
