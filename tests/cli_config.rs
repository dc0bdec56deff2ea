//! Configuration discovery (`hush.toml` / `.hush.toml`), `--config`, `--no-config`,
//! `hush config show`, and the project scanning its own checkout.

use crate::cli_git::{git, init};
use crate::util::{assert_absent, assert_success, github_token, hush, write};
use std::path::Path;

fn token() -> String {
    github_token("ghp_", "C5vTq9Lm2Xw7Nz4Rb8Kp3Hd6Jf1Ys0")
}

fn code(dir: &Path, args: &[&str]) -> Option<i32> {
    hush()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
        .status
        .code()
}

/// A repository with a secret in `fixtures/` and a root config that excludes it.
fn repo_with_config(name: &str) -> tempfile::TempDir {
    let dir = init();
    write(dir.path(), "fixtures/a.env", format!("T={}\n", token()));
    write(dir.path(), "src/main.rs", "fn main() {}\n");
    write(dir.path(), name, "exclude = [\"fixtures/**\"]\n");
    dir
}

#[test]
fn a_root_config_is_found_from_anywhere_in_the_repository() {
    for name in ["hush.toml", ".hush.toml"] {
        let dir = repo_with_config(name);
        let root = dir.path();
        assert_eq!(code(root, &["scan", "."]), Some(0), "{name}");
        assert_eq!(
            code(&root.join("fixtures"), &["scan", "."]),
            Some(0),
            "{name}"
        );
        // An absolute path to the scanned tree, from elsewhere: the globs still hold.
        let elsewhere = tempfile::tempdir().expect("tmp");
        let abs = root.to_str().expect("utf-8 temp path");
        assert_eq!(code(elsewhere.path(), &["scan", abs]), Some(0), "{name}");
        assert_eq!(code(root, &["scan", "--no-config", "."]), Some(1), "{name}");
    }
}

#[test]
fn config_flag_overrides_discovery_and_two_files_are_an_error() {
    let dir = repo_with_config("hush.toml");
    write(dir.path(), "other.toml", "pii = false\n");
    assert_eq!(
        code(dir.path(), &["scan", "--config", "other.toml", "."]),
        Some(1)
    );
    write(dir.path(), ".hush.toml", "pii = false\n");
    let out = hush()
        .args(["scan", "."])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("both hush.toml and .hush.toml"), "{err}");
    assert_eq!(
        code(dir.path(), &["scan", "--config", "hush.toml", "."]),
        Some(0)
    );
    assert_eq!(
        code(dir.path(), &["scan", "--no-config", "--config", "x", "."]),
        Some(2)
    );
}

#[test]
fn a_broken_discovered_config_is_an_error_naming_the_file() {
    let dir = repo_with_config("hush.toml");
    write(dir.path(), "hush.toml", "exclude = [\"a{\"]\n");
    let out = hush()
        .args(["scan", "."])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("hush.toml") && err.contains("exclude"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert_absent(&out.stderr, &token(), "stderr");
}

#[test]
fn outside_a_repository_only_the_scanned_directory_counts() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "hush.toml", "exclude = [\"**\"]\n");
    write(dir.path(), "sub/a.env", format!("T={}\n", token()));
    assert_eq!(code(dir.path(), &["scan", "sub"]), Some(1));
    assert_eq!(code(dir.path(), &["scan", "."]), Some(0));
}

#[test]
fn the_installed_hook_reads_the_repository_config() {
    let dir = repo_with_config("hush.toml");
    let out = hush()
        .args(["hook", "install"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_success(&out);
    git(dir.path(), &["add", "fixtures"]);
    let hook = dir.path().join(".git/hooks/pre-commit");
    let run = std::process::Command::new(&hook)
        .current_dir(dir.path())
        .output()
        .expect("hook runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    write(dir.path(), "hush.toml", "\n");
    let run = std::process::Command::new(&hook)
        .current_dir(dir.path())
        .output()
        .expect("hook runs");
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("commit blocked"));
    assert_absent(&run.stdout, &token(), "hook stdout");
    assert_absent(&run.stderr, &token(), "hook stderr");
}

#[test]
fn config_show_prints_each_setting_and_its_origin() {
    let dir = repo_with_config("hush.toml");
    write(
        dir.path(),
        "hush.toml",
        "exclude = [\"fixtures/**\"]\nmax_file_size = \"10MB\"\n",
    );
    let out = hush()
        .args(["config", "show", "--except", "jwt"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("hush.toml (found)"), "{text}");
    assert!(text.contains("fixtures/**"), "{text}");
    assert!(text.contains(&format!("{} bytes", 10 << 20)), "{text}");
    assert!(
        text.contains("(flag)") && text.contains("(default)"),
        "{text}"
    );
    assert!(text.contains("gitleaks:allow"), "{text}");
    let out = hush()
        .args(["config", "show", "--no-config"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("none (--no-config)"));
}

/// The README's main job on hush's own checkout: its rule fixtures are suppressed by the
/// repository's hush.toml, so the scan is clean (issue 18, point 9).
#[test]
fn the_project_scans_its_own_checkout_clean() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = hush().args(["scan", root]).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("hush: no findings in") && err.contains("suppressed"),
        "{err}"
    );
}
