//! `hush git`, `hush diff` against git, and the pre-commit hook, on real repositories.

use crate::util::{github_token, hush, write};
use std::path::Path;
use std::process::Command;

pub(crate) fn token(n: u8) -> String {
    let body = format!("Q7mZt2Lr9Xv4Bp6Nc1Hs8Jd3Kf5G{:02}", n);
    github_token("ghp_", &body)
}

/// A git command in `dir` with a fixed identity and no user or system config.
pub(crate) fn git_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org");
    cmd
}

/// Runs git in `dir` (see [`git_cmd`]) and returns its trimmed stdout; it must succeed.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_cmd(dir, args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

pub(crate) fn init() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

pub(crate) fn commit_file(dir: &Path, rel: &str, text: &str, msg: &str) -> String {
    write(dir, rel, text);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", msg]);
    git(dir, &["rev-parse", "HEAD"])
}

pub(crate) fn hush_json(dir: &Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let out = hush()
        .args(args)
        .args(["--format", "json"])
        .current_dir(dir)
        .output()
        .expect("runs");
    let code = out.status.code().expect("code");
    assert!(code != 2, "error: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    (code, v.as_array().expect("array").clone())
}

#[test]
fn range_attributes_secret_to_the_adding_commit() {
    let dir = init();
    let mut shas = Vec::new();
    shas.push(commit_file(dir.path(), "app.py", "a = 1\n", "c1"));
    shas.push(commit_file(
        dir.path(),
        "app.py",
        &format!("a = 1\nb = 2\nTOKEN = \"{}\"\n", token(1)),
        "c2",
    ));
    for i in 3..=5 {
        shas.push(commit_file(
            dir.path(),
            &format!("f{i}.txt"),
            "clean\n",
            &format!("c{i}"),
        ));
    }
    let (code, found) = hush_json(dir.path(), &["git", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["commit"], shas[1].as_str());
    assert_eq!(found[0]["line"], 3);
    assert_eq!(found[0]["path"], "app.py");
    assert_eq!(found[0]["author"], "Ada <ada@example.org>");
    let (code, found) = hush_json(dir.path(), &["git", &format!("{}..HEAD", shas[1])]);
    assert_eq!((code, found.len()), (0, 0), "commit 2 is outside the range");
}

#[test]
fn removed_secret_is_not_reported_in_range_mode() {
    let dir = init();
    let c1 = commit_file(dir.path(), "k.env", &format!("T={}\n", token(2)), "add");
    commit_file(dir.path(), "k.env", "T=\n", "remove");
    let (code, found) = hush_json(dir.path(), &["git", &format!("{c1}..HEAD")]);
    assert_eq!((code, found.len()), (0, 0));
}

#[test]
fn staged_secret_found_even_without_commits() {
    let dir = init();
    write(dir.path(), "new.txt", format!("x\nkey: {}\n", token(3)));
    git(dir.path(), &["add", "new.txt"]);
    let (code, found) = hush_json(dir.path(), &["git", "--staged"]);
    assert_eq!(code, 1);
    assert_eq!(found[0]["line"], 2);
    assert_eq!(found[0]["commit"], serde_json::Value::Null);
    // Unstaged edits are not part of --staged.
    git(dir.path(), &["commit", "-q", "-m", "c"]);
    write(dir.path(), "other.txt", format!("k={}\n", token(4)));
    let (code, _) = hush_json(dir.path(), &["git", "--staged"]);
    assert_eq!(code, 0);
}

#[test]
fn all_finds_deleted_secret_at_its_commit() {
    let dir = init();
    commit_file(dir.path(), "a.txt", "start\n", "c1");
    let adding = commit_file(
        dir.path(),
        "conf/old.yaml",
        &format!("token: {}\n", token(5)),
        "c2",
    );
    git(dir.path(), &["rm", "-q", "conf/old.yaml"]);
    git(dir.path(), &["commit", "-q", "-m", "c3"]);
    git(dir.path(), &["checkout", "-q", "-b", "side"]);
    commit_file(dir.path(), "b.txt", &format!("x\n\n{}\n", token(6)), "side");
    git(dir.path(), &["checkout", "-q", "main"]);
    let (code, found) = hush_json(dir.path(), &["git", "--all"]);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 2, "{found:?}");
    let old = found
        .iter()
        .find(|f| f["path"] == "conf/old.yaml")
        .expect("deleted file found");
    assert_eq!(old["commit"], adding.as_str());
    let side = found
        .iter()
        .find(|f| f["path"] == "b.txt")
        .expect("other branch found");
    assert_eq!(side["line"], 3);
}

#[test]
fn git_diff_piped_matches_git_range() {
    let dir = init();
    let a = commit_file(dir.path(), "x.txt", "one\ntwo\n", "a");
    write(dir.path(), "x.txt", format!("one\nT={}\ntwo\n", token(7)));
    write(dir.path(), "y.txt", format!("k {}\n", token(8)));
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "b"]);
    let patch = git(dir.path(), &["diff", &a, "HEAD"]) + "\n";
    let out = hush()
        .args(["diff", "--format", "json"])
        .write_stdin(patch)
        .output()
        .expect("runs");
    let from_diff: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let (_, from_git) = hush_json(dir.path(), &["git", &format!("{a}..HEAD")]);
    let key = |f: &serde_json::Value| {
        (
            f["rule"].to_string(),
            f["path"].to_string(),
            f["line"].to_string(),
            f["column"].to_string(),
            f["fingerprint"].to_string(),
        )
    };
    let a_keys: Vec<_> = from_diff
        .as_array()
        .expect("array")
        .iter()
        .map(key)
        .collect();
    let b_keys: Vec<_> = from_git.iter().map(key).collect();
    assert_eq!(a_keys.len(), 2);
    assert_eq!(a_keys, b_keys);
}

#[test]
fn hook_blocks_secret_commits_and_lets_clean_ones_through() {
    let dir = init();
    commit_file(dir.path(), "readme.md", "hi\n", "c1");
    hush()
        .args(["hook", "install"])
        .current_dir(dir.path())
        .assert()
        .success();
    write(dir.path(), "leak.txt", format!("{}\n", token(9)));
    git(dir.path(), &["add", "leak.txt"]);
    let blocked = git_cmd(dir.path(), &["commit", "-q", "-m", "leak"])
        .output()
        .expect("git runs");
    assert!(!blocked.status.success(), "the hook must block the commit");
    git(dir.path(), &["reset", "-q"]);
    std::fs::remove_file(dir.path().join("leak.txt")).expect("rm");
    commit_file(dir.path(), "ok.txt", "fine\n", "clean");
    // A foreign hook is kept unless --force.
    write(dir.path(), ".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
    hush()
        .args(["hook", "install"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    hush()
        .args(["hook", "install", "--force"])
        .current_dir(dir.path())
        .assert()
        .success();
}

#[test]
fn no_repository_and_empty_repository_exit_2() {
    let dir = tempfile::tempdir().expect("tmp");
    hush()
        .args(["git", "--repo"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not inside a git repository"));
    let repo = init();
    hush()
        .args(["git"])
        .current_dir(repo.path())
        .assert()
        .code(2);
    hush()
        .args(["git", "--all"])
        .current_dir(repo.path())
        .assert()
        .code(2);
    hush()
        .args(["git", "--staged"])
        .current_dir(repo.path())
        .assert()
        .code(0);
}

#[test]
fn shallow_clone_and_detached_head() {
    let origin = init();
    for i in 0..4 {
        commit_file(
            origin.path(),
            &format!("f{i}.txt"),
            &format!("k{i} {}\n", token(20 + i)),
            "c",
        );
    }
    let parent = tempfile::tempdir().expect("tmp");
    let url = format!("file://{}", origin.path().display());
    git(
        parent.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
    );
    let shallow = parent.path().join("shallow");
    let (code, found) = hush_json(&shallow, &["git", "HEAD"]);
    assert_eq!(code, 1);
    // The shallow boundary commit has no parent here, so (as `git show` does) its whole tree
    // counts as added: f0..f2 at the boundary, f3 in the commit after it.
    assert_eq!(found.len(), 4, "{found:?}");
    let (code, _) = hush_json(&shallow, &["git", "--all"]);
    assert_eq!(code, 1);
    git(origin.path(), &["checkout", "-q", "--detach", "HEAD~1"]);
    let (code, found) = hush_json(origin.path(), &["git", "HEAD"]);
    assert_eq!((code, found.len()), (1, 3));
}

#[cfg(unix)]
#[test]
fn non_utf8_paths_lfs_pointers_and_deleted_files() {
    use std::os::unix::ffi::OsStrExt;
    let dir = init();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.path().join(name), format!("t={}\n", token(30))).expect("write");
    write(
        dir.path(),
        "big.bin",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "c1"]);
    git(dir.path(), &["rm", "-q", "big.bin"]);
    git(dir.path(), &["commit", "-q", "-m", "c2"]);
    for args in [&["git", "HEAD"][..], &["git", "--all"][..]] {
        let (code, found) = hush_json(dir.path(), args);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(found.len(), 1, "{args:?}: {found:?}");
        assert_eq!(found[0]["path"], "caf\u{fffd}.txt");
    }
}

#[test]
fn submodules_are_skipped_with_a_note() {
    let sub = init();
    commit_file(sub.path(), "s.txt", "sub\n", "s");
    let dir = init();
    commit_file(dir.path(), "a.txt", "a\n", "a");
    let url = format!("file://{}", sub.path().display());
    git(
        dir.path(),
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            &url,
            "vendor/sub",
        ],
    );
    git(dir.path(), &["commit", "-q", "-m", "sub"]);
    let out = hush()
        .args(["git", "--all"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("submodule"));
    hush()
        .args(["git", "HEAD"])
        .current_dir(dir.path())
        .assert()
        .code(0);
}

#[test]
fn git_and_diff_output_never_carry_the_secret() {
    let dir = init();
    let tok = token(40);
    let a = commit_file(dir.path(), "a.txt", "start\n", "c1");
    commit_file(dir.path(), "b.env", &format!("T={tok}\n"), "c2");
    write(dir.path(), "c.env", format!("U={tok}\n"));
    git(dir.path(), &["add", "c.env"]);
    let patch = git(dir.path(), &["diff", &a, "HEAD"]) + "\n";
    for format in ["human", "json", "jsonl", "sarif"] {
        for args in [
            vec!["git", "HEAD"],
            vec!["git", "--all"],
            vec!["git", "--staged"],
        ] {
            let out = hush()
                .args(&args)
                .args(["--format", format])
                .current_dir(dir.path())
                .output()
                .expect("runs");
            assert_eq!(out.status.code(), Some(1), "{args:?} {format}");
            crate::util::assert_absent(&out.stdout, &tok, "stdout");
            crate::util::assert_absent(&out.stderr, &tok, "stderr");
        }
        let out = hush()
            .args(["diff", "--format", format])
            .write_stdin(patch.clone())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "diff {format}");
        crate::util::assert_absent(&out.stdout, &tok, "stdout");
        crate::util::assert_absent(&out.stderr, &tok, "stderr");
    }
}

/// Deletes the loose object `oid` from the repository in `dir`.
fn delete_object(dir: &Path, oid: &str) {
    let path = dir.join(".git/objects").join(&oid[..2]).join(&oid[2..]);
    std::fs::remove_file(&path).expect("loose object exists");
}

/// Issue 19.8: a history with missing objects is scanned as far as it can be read: one
/// warning per unreadable object (no content), the full report of the rest, a summary that
/// says the scan is incomplete, and exit 2.
#[test]
fn missing_objects_are_warned_about_and_the_rest_is_reported_with_exit_2() {
    let dir = init();
    let d = dir.path();
    commit_file(d, "a.py", &format!("A = \"{}\"\n", token(41)), "c1");
    commit_file(d, "b.py", &format!("B = \"{}\"\n", token(42)), "c2");
    let c3 = commit_file(d, "c.py", &format!("C = \"{}\"\n", token(43)), "c3");
    let missing_blob = git(d, &["rev-parse", "HEAD:b.py"]);
    delete_object(d, &missing_blob);
    for args in [&["git", "--all"][..], &["git", "HEAD"][..]] {
        let out = hush()
            .args(args)
            .args(["--format", "json"])
            .current_dir(d)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let paths: Vec<&str> = report
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|f| f["path"].as_str())
            .collect();
        assert!(
            paths.contains(&"a.py") && paths.contains(&"c.py"),
            "{args:?}: {paths:?}"
        );
        assert!(!paths.contains(&"b.py"), "{paths:?}");
        assert!(
            err.contains("hush: incomplete scan: 1 objects could not be read"),
            "{err}"
        );
        if args[1] == "--all" {
            assert!(
                err.contains(&format!("blob {missing_blob} is missing")),
                "{err}"
            );
            assert!(err.contains("(b.py)"), "{err}");
        } else {
            assert!(
                err.contains("is missing or unreadable; not scanned"),
                "{err}"
            );
        }
        for n in [41, 42, 43] {
            crate::util::assert_absent(&out.stderr, &token(n), "stderr");
        }
    }
    // A missing commit: what is reachable without it is still scanned.
    let c2 = git(d, &["rev-parse", "HEAD~1"]);
    delete_object(d, &c2);
    let out = hush()
        .args(["git", "--all", "--format", "jsonl"])
        .current_dir(d)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("commit {c2} is missing")), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&c3) && stdout.contains("c.py"), "{stdout}");
}
