//! `hush hook run [FILE]...`, the pre-commit framework's hook: staged changes on a commit,
//! named files whole under `pre-commit run --all-files`.

use crate::cli_git::{commit_file, git, hush_json, init, token};
use crate::util::{assert_absent, hush, write};

#[test]
fn staged_files_are_scanned_as_changes_other_files_whole() {
    let dir = init();
    let d = dir.path();
    commit_file(d, "old.env", &format!("GH={}\n", token(1)), "old key");
    commit_file(d, "README.md", "hello\n", "docs");
    // A commit touching README.md only: the old key is not part of the change.
    write(d, "README.md", "hello\nworld\n");
    git(d, &["add", "README.md"]);
    let (code, found) = hush_json(d, &["hook", "run", "README.md"]);
    assert_eq!((code, found.len()), (0, 0));
    // A staged change adding a key to a file that already held one: only the new line counts.
    write(d, "old.env", format!("GH={}\nNEW={}\n", token(1), token(2)));
    git(d, &["add", "old.env"]);
    let (code, found) = hush_json(d, &["hook", "run", "README.md", "old.env"]);
    assert_eq!((code, found.len()), (1, 1));
    assert_eq!(found[0]["line"], 2);
    // --all-files passes every tracked file, some without a staged change: scanned whole.
    git(d, &["reset", "-q"]);
    write(d, "old.env", format!("GH={}\n", token(1)));
    let (code, found) = hush_json(d, &["hook", "run", "README.md", "old.env"]);
    assert_eq!(code, 1);
    assert_eq!(found[0]["path"], "old.env");
    assert_eq!(found[0]["line"], 1);
}

#[test]
fn names_from_a_subdirectory_and_no_names() {
    let dir = init();
    let d = dir.path();
    commit_file(d, "sub/a.txt", "clean\n", "start");
    write(d, "sub/a.txt", format!("clean\nkey {}\n", token(3)));
    git(d, &["add", "-A"]);
    // Run from sub/ with a name relative to it: still recognised as a staged change.
    let out = hush()
        .args(["hook", "run", "a.txt", "--format", "json"])
        .current_dir(d.join("sub"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("scanning the files whole"));
    // No names: every staged change, as `hush git --staged`.
    let (code, found) = hush_json(d, &["hook", "run"]);
    assert_eq!((code, found.len()), (1, 1));
    let all = hush()
        .args(["hook", "run"])
        .current_dir(d)
        .output()
        .expect("runs");
    assert_absent(&all.stdout, &token(3), "hook run stdout");
    assert_absent(&all.stderr, &token(3), "hook run stderr");
}

#[test]
fn outside_a_repository_is_an_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = hush()
        .args(["hook", "run", "x"])
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
