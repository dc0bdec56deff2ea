//! `hush vault merge` as git's merge driver, through real `git merge`s of branches in scratch
//! repositories set up by `hush vault init`.

use crate::cli_git::git_cmd;
use crate::util::assert_absent;
use crate::vault::vault;
use std::path::Path;
use std::process::{Command, Output};

const OURS_VALUE: &str = "planted-ours-Vb7Qm2Xc9Lk4";
const THEIRS_VALUE: &str = "planted-theirs-Hd3Rt8Wy1Pz6";

/// git in the work tree `repo`, with the HOME (and so the key file) the vault commands use:
/// `home` beside `repo`.
fn git(repo: &Path, args: &[&str]) -> Command {
    let mut cmd = git_cmd(repo, args);
    let home = repo.parent().expect("beside the repo").join("home");
    cmd.env("XDG_CONFIG_HOME", home.join(".config"))
        .env("HOME", home)
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE");
    cmd
}

fn git_ok(dir: &Path, args: &[&str]) -> Output {
    let out = git(dir, args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn commit(dir: &Path, msg: &str) {
    git_ok(dir, &["add", "-A"]);
    git_ok(dir, &["commit", "-q", "-m", msg]);
}

/// A repository (work tree `dir/repo`, key in `dir/home`) whose main branch holds a vault with
/// `SHARED=base`, set up by `hush vault init`.
fn repo(dir: &Path) -> std::path::PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    set(dir, "init", None);
    set(dir, "SHARED", Some("base"));
    let attributes = std::fs::read_to_string(repo.join(".gitattributes")).expect("written by init");
    assert!(
        attributes.contains("*.vault merge=hush-vault"),
        "{attributes}"
    );
    commit(&repo, "vault");
    repo
}

/// `hush vault set NAME` (or `init` when `value` is None) in the repository of `dir`.
fn set(dir: &Path, name: &str, value: Option<&str>) {
    let mut cmd = vault(&dir.join("repo"));
    cmd.env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"));
    let out = match value {
        None => cmd.arg("init").output(),
        Some(v) => cmd.args(["set", name]).write_stdin(v).output(),
    }
    .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn get(dir: &Path, name: &str) -> String {
    let mut cmd = vault(&dir.join("repo"));
    cmd.env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"));
    let out = cmd.args(["get", name]).output().expect("runs");
    assert!(
        out.status.success(),
        "get {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn branch(repo: &Path, name: &str) {
    git_ok(repo, &["checkout", "-q", "-b", name, "main"]);
}

#[test]
fn disjoint_edits_on_two_branches_merge_clean() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let repo = repo(d);
    branch(&repo, "a");
    set(d, "FEATURE_A", Some(OURS_VALUE));
    commit(&repo, "a");
    branch(&repo, "b");
    set(d, "FEATURE_B", Some(THEIRS_VALUE));
    set(d, "SHARED", Some("changed on b"));
    commit(&repo, "b");
    git_ok(&repo, &["checkout", "-q", "a"]);
    let out = git_ok(&repo, &["merge", "-q", "--no-edit", "b"]);
    for stream in [&out.stdout, &out.stderr] {
        assert_absent(stream, OURS_VALUE, "git merge");
        assert_absent(stream, THEIRS_VALUE, "git merge");
    }
    assert_eq!(get(d, "FEATURE_A"), OURS_VALUE);
    assert_eq!(get(d, "FEATURE_B"), THEIRS_VALUE);
    assert_eq!(get(d, "SHARED"), "changed on b");
    let status = git_ok(&repo, &["status", "--porcelain"]);
    assert!(status.stdout.is_empty(), "merged and committed");
}

#[test]
fn same_name_edits_conflict_by_name_and_leave_ours() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let repo = repo(d);
    branch(&repo, "a");
    set(d, "SHARED", Some(OURS_VALUE));
    set(d, "ONLY_A", Some("a"));
    commit(&repo, "a");
    branch(&repo, "b");
    set(d, "SHARED", Some(THEIRS_VALUE));
    set(d, "ONLY_B", Some("b"));
    commit(&repo, "b");
    git_ok(&repo, &["checkout", "-q", "a"]);
    let out = git(&repo, &["merge", "--no-edit", "b"])
        .output()
        .expect("runs");
    assert!(!out.status.success(), "a real conflict fails the merge");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("SHARED"), "{text}");
    assert!(!text.contains("ONLY_B"), "only conflicting names: {text}");
    for stream in [&out.stdout, &out.stderr] {
        assert_absent(stream, OURS_VALUE, "git merge");
        assert_absent(stream, THEIRS_VALUE, "git merge");
    }
    // A valid vault holding ours for the conflict and the clean change from theirs.
    assert_eq!(get(d, "SHARED"), OURS_VALUE);
    assert_eq!(get(d, "ONLY_B"), "b");
    assert_eq!(get(d, "ONLY_A"), "a");
    // Resolving: set the value, add, commit.
    set(d, "SHARED", Some("resolved"));
    commit(&repo, "merge");
    assert_eq!(get(d, "SHARED"), "resolved");
}

#[test]
fn history_lines_of_both_sides_survive_the_merge() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let repo = repo(d);
    set(d, "OTHER", Some("other v1"));
    commit(&repo, "other");
    let rotate = |name: &str| {
        let mut cmd = vault(&repo);
        cmd.env("HOME", d.join("home"))
            .env("XDG_CONFIG_HOME", d.join("home/.config"));
        let out = cmd.args(["rotate", name]).output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    branch(&repo, "a");
    rotate("SHARED");
    commit(&repo, "a");
    branch(&repo, "b");
    rotate("OTHER");
    commit(&repo, "b");
    git_ok(&repo, &["checkout", "-q", "a"]);
    git_ok(&repo, &["merge", "-q", "--no-edit", "b"]);
    let text = std::fs::read_to_string(repo.join(".env.vault")).expect("reads");
    assert!(
        text.contains("\nSHARED~1=") && text.contains("\nOTHER~1="),
        "{text}"
    );
    let home = d.join("home");
    for name in ["SHARED", "OTHER"] {
        let mut cmd = vault(&repo);
        cmd.env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"));
        assert!(
            cmd.args(["rollback", name])
                .output()
                .expect("runs")
                .status
                .success()
        );
    }
    assert_eq!(get(d, "SHARED"), "base");
    assert_eq!(get(d, "OTHER"), "other v1");
}

/// A side that is not a valid vault fails the merge (exit 2) and leaves ours untouched.
#[test]
fn a_tampered_side_fails_the_merge_and_leaves_ours() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let repo = repo(d);
    let ours = std::fs::read(repo.join(".env.vault")).expect("reads");
    std::fs::write(d.join("base"), &ours).expect("writes");
    let mut bad = String::from_utf8(ours.clone()).expect("utf-8");
    bad = bad
        .replace("SHARED=hush:v1:A", "SHARED=hush:v1:B")
        .replace("SHARED=hush:v1:", "SHARED=hush:v1:AA");
    std::fs::write(d.join("theirs"), bad).expect("writes");
    let out = vault(&repo)
        .env("HOME", d.join("home"))
        .env("XDG_CONFIG_HOME", d.join("home/.config"))
        .args(["merge"])
        .arg(d.join("base"))
        .arg(repo.join(".env.vault"))
        .arg(d.join("theirs"))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(repo.join(".env.vault")).expect("reads"), ours);
}

/// `hush hook install --vault` sets the driver up in a clone that did not run `vault init`,
/// keeping an existing `.gitattributes` and not adding the line twice.
#[test]
fn hook_install_vault_sets_up_the_driver_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join(".gitattributes"), "*.png binary").expect("writes");
    for _ in 0..2 {
        let out = crate::util::hush()
            .current_dir(&repo)
            .args(["hook", "install", "--vault"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let attributes = std::fs::read_to_string(repo.join(".gitattributes")).expect("reads");
    assert_eq!(attributes, "*.png binary\n*.vault merge=hush-vault\n");
    let driver = git_ok(&repo, &["config", "merge.hush-vault.driver"]);
    let driver = String::from_utf8_lossy(&driver.stdout);
    assert!(
        driver.trim_end().ends_with("vault merge %O %A %B"),
        "{driver}"
    );
    let attr = git_ok(&repo, &["check-attr", "merge", ".env.vault"]);
    assert!(String::from_utf8_lossy(&attr.stdout).contains("merge: hush-vault"));
}
