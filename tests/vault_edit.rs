//! `hush vault edit` with scripted editors: a real edit, a failing editor, a killed editor, an
//! invalid edit and a signal; the plaintext copy is private and always removed.

use crate::util::{assert_absent, assert_success, write};
use crate::vault::{init, ok, vault};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

const KEEP: &str = "planted-keep-Tg5Hn2Wq8Zc4";
const CHANGE: &str = "planted-change-Lx7Rb3Mv9Kd1";

/// A vault with KEEP, CHANGE and GONE; an editor script `dir/editor.sh` whose body is `body`
/// (`$1` is the file), which first logs the file's path and the modes of it and its directory.
fn setup(dir: &Path, body: &str) -> PathBuf {
    init(dir);
    ok(dir, &["set", "KEEP"], KEEP);
    ok(dir, &["set", "CHANGE"], CHANGE);
    ok(dir, &["set", "GONE"], "gone");
    let script = format!(
        "#!/bin/sh\nprintf '%s %s %s\\n' \"$1\" \"$(stat -c %a \"$1\")\" \
         \"$(stat -c %a \"$(dirname \"$1\")\")\" > '{}'\n{body}\n",
        dir.join("editor.log").display()
    );
    let editor = dir.join("editor.sh");
    write(dir, "editor.sh", script);
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    editor
}

fn edit(dir: &Path, editor: &Path) -> Output {
    let out = vault(dir)
        .arg("edit")
        .env_remove("VISUAL")
        .env("EDITOR", editor)
        .env("XDG_RUNTIME_DIR", dir)
        .output()
        .expect("runs");
    for stream in [&out.stdout, &out.stderr] {
        assert_absent(stream, KEEP, "edit output");
        assert_absent(stream, CHANGE, "edit output");
    }
    out
}

/// The logged temp path (now removed) and the modes of the file and its directory.
fn logged(dir: &Path) -> (PathBuf, String, String) {
    let log = std::fs::read_to_string(dir.join("editor.log")).expect("the editor ran");
    let mut parts = log.split_whitespace();
    let path = PathBuf::from(parts.next().expect("path"));
    let (file, dirmode) = (parts.next().expect("mode"), parts.next().expect("dir mode"));
    (path, file.to_owned(), dirmode.to_owned())
}

fn vault_bytes(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join(".env.vault")).expect("reads")
}

#[test]
fn scripted_edit_reseals_changed_values_only_in_a_private_copy() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let editor = setup(
        d,
        "sed -i -e 's/^CHANGE=.*/CHANGE=edited/' -e '/^GONE=/d' \"$1\" && echo 'NEW=\"a b\"' >> \"$1\"",
    );
    let keep_line = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .lines()
            .find(|l| l.starts_with("KEEP="))
            .map(str::to_owned)
    };
    let before = keep_line(&vault_bytes(d));
    let out = edit(d, &editor);
    assert_success(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("changed CHANGE; added NEW; removed GONE"),
        "{err}"
    );
    let (path, file_mode, dir_mode) = logged(d);
    assert_eq!((file_mode.as_str(), dir_mode.as_str()), ("600", "700"));
    assert!(path.starts_with(d), "under XDG_RUNTIME_DIR");
    assert!(
        !path.exists() && !path.parent().expect("dir").exists(),
        "copy removed"
    );
    assert_eq!(
        keep_line(&vault_bytes(d)),
        before,
        "unchanged value keeps its bytes"
    );
    assert_eq!(ok(d, &["get", "KEEP"], ""), KEEP);
    assert_eq!(ok(d, &["get", "CHANGE"], ""), "edited");
    assert_eq!(ok(d, &["get", "NEW"], ""), "a b");
    assert_eq!(ok(d, &["list"], ""), "KEEP\nCHANGE\nNEW\n");
}

#[test]
fn failing_killed_or_invalid_edits_leave_the_vault_and_no_copy() {
    for (body, expect) in [
        ("exit 3", "editor"),
        ("kill -9 $$", "editor"),
        ("printf 'A=1\\nB=\"unterminated\\n' > \"$1\"", "line 2"),
    ] {
        let dir = tempfile::tempdir().expect("tmp");
        let d = dir.path();
        let editor = setup(d, body);
        let before = vault_bytes(d);
        let out = edit(d, &editor);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{body}: {err}");
        assert!(
            err.contains(expect) && err.contains("unchanged"),
            "{body}: {err}"
        );
        assert_eq!(vault_bytes(d), before, "{body}");
        let (path, ..) = logged(d);
        assert!(
            !path.parent().expect("dir").exists(),
            "{body}: copy removed"
        );
    }
}

#[test]
fn a_signal_during_the_edit_removes_the_copy_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let editor = setup(d, "echo 'X=1' >> \"$1\"; exec sleep 30");
    let before = vault_bytes(d);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("hush"));
    cmd.current_dir(d)
        .env("HOME", d.join("home"))
        .env("XDG_CONFIG_HOME", d.join("home/.config"))
        .env("XDG_RUNTIME_DIR", d)
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .env_remove("HUSH_VAULT_KEY")
        .args(["vault", "edit"])
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().expect("spawns");
    let start = Instant::now();
    while !d.join("editor.log").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the editor never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = rustix::process::Pid::from_child(&child);
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("signals");
    let out = child.wait_with_output().expect("waits");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "the editor was stopped"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert_eq!(vault_bytes(d), before);
    let (path, ..) = logged(d);
    assert!(!path.parent().expect("dir").exists(), "copy removed");
}
