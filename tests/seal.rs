//! `hush seal` / `hush unseal` end to end: real files in temp directories with their own
//! HOME and XDG_CONFIG_HOME, the real binary, planted values checked against every output.

use crate::util::{assert_absent, assert_success, hush};
use assert_cmd::Command;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

const PLANTED: &str = "planted-Zq8vX3kLmN7pR2sT";

fn seal_cmd(dir: &Path) -> Command {
    let mut cmd = hush();
    cmd.current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .env_remove("HUSH_AGENT_SOCK");
    cmd
}

fn config(dir: &Path) -> (std::path::PathBuf, String) {
    let text = format!(
        "{{\n  \"name\": \"app\",\n  \"db\": {{\"password\": \"{PLANTED}\", \"port\": 5432}},\n  \"note\": \"x\"\n}}\n"
    );
    let path = dir.join("c.json");
    std::fs::write(&path, &text).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    (path, text)
}

#[test]
fn seal_in_place_then_unseal_in_place_is_byte_identical_and_never_leaks() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, original) = config(dir.path());
    let out = seal_cmd(dir.path())
        .args(["seal", "--in-place", "c.json"])
        .output()
        .expect("runs");
    assert_success(&out);
    assert_absent(&out.stdout, PLANTED, "seal stdout");
    assert_absent(&out.stderr, PLANTED, "seal stderr");
    let sealed = std::fs::read_to_string(&path).expect("read");
    assert!(!sealed.contains(PLANTED) && sealed.contains("\"_hush\": \"hush:seal:v1;"));
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "sealed text keeps the file's mode");
    // The CI guard passes on the sealed file and fails, naming the path only, on the original.
    let check = seal_cmd(dir.path())
        .args(["seal", "--check", "c.json"])
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(0));
    std::fs::write(dir.path().join("plain.json"), &original).expect("write");
    let check = seal_cmd(dir.path())
        .args(["seal", "--check", "plain.json"])
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("plain.json: db.password: plaintext"));
    assert_absent(&check.stdout, PLANTED, "check stdout");
    assert_absent(&check.stderr, PLANTED, "check stderr");
    // Reading: get and unseal are the only outputs with the value.
    let get = seal_cmd(dir.path())
        .args(["seal", "get", "c.json", "db.password"])
        .output()
        .expect("runs");
    assert_success(&get);
    assert_eq!(String::from_utf8_lossy(&get.stdout), PLANTED);
    let missing = seal_cmd(dir.path())
        .args(["seal", "get", "c.json", "db.nope"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
    let un = seal_cmd(dir.path())
        .args(["unseal", "c.json"])
        .output()
        .expect("runs");
    assert_success(&un);
    assert_eq!(String::from_utf8_lossy(&un.stdout), original);
    let un = seal_cmd(dir.path())
        .args(["unseal", "--in-place", "c.json"])
        .output()
        .expect("runs");
    assert_success(&un);
    assert_absent(&un.stderr, PLANTED, "unseal stderr");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), original);
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "plaintext is written 0600");
}

#[test]
fn wrong_key_exits_2_and_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    config(dir.path());
    let key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let out = seal_cmd(dir.path())
        .env("HUSH_VAULT_KEY", key)
        .args(["seal", "--in-place", "c.json"])
        .output()
        .expect("runs");
    assert_success(&out);
    let before = std::fs::read(dir.path().join("c.json")).expect("read");
    let other = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA";
    for args in [
        &["unseal", "--in-place", "c.json"][..],
        &["seal", "get", "c.json", "db.password"],
        &["seal", "rotate", "c.json"],
        &["seal", "--in-place", "c.json"],
    ] {
        let out = seal_cmd(dir.path())
            .env("HUSH_VAULT_KEY", other)
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("wrong key or passphrase"));
        assert_absent(&out.stdout, PLANTED, "stdout");
        assert_absent(&out.stderr, PLANTED, "stderr");
        assert_eq!(
            std::fs::read(dir.path().join("c.json")).expect("read"),
            before
        );
    }
    // A tampered file is refused with exit 2, naming the path, and left as it was.
    let text = String::from_utf8(before).expect("utf-8");
    let i = text.find("hush:v1:").expect("token") + 12;
    let mut bad = text.into_bytes();
    bad[i] = if bad[i] == b'A' { b'B' } else { b'A' };
    std::fs::write(dir.path().join("c.json"), &bad).expect("write");
    let out = seal_cmd(dir.path())
        .env("HUSH_VAULT_KEY", key)
        .args(["unseal", "--in-place", "c.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("db.password"));
    assert_eq!(std::fs::read(dir.path().join("c.json")).expect("read"), bad);
}

#[test]
fn rotate_edit_and_vault_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_, original) = config(dir.path());
    let init = seal_cmd(dir.path())
        .args(["vault", "init"])
        .output()
        .expect("runs");
    assert_success(&init);
    let out = seal_cmd(dir.path())
        .args(["seal", "--in-place", "--vault", ".env.vault", "c.json"])
        .output()
        .expect("runs");
    assert_success(&out);
    let sealed = std::fs::read_to_string(dir.path().join("c.json")).expect("read");
    // The vault's key file opens it without --vault: one key for the project.
    let un = seal_cmd(dir.path())
        .args(["unseal", "c.json"])
        .output()
        .expect("runs");
    assert_success(&un);
    assert_eq!(String::from_utf8_lossy(&un.stdout), original);
    let rot = seal_cmd(dir.path())
        .args(["seal", "rotate", "c.json"])
        .output()
        .expect("runs");
    assert_success(&rot);
    let rotated = std::fs::read_to_string(dir.path().join("c.json")).expect("read");
    assert_ne!(rotated, sealed);
    let un = seal_cmd(dir.path())
        .args(["unseal", "c.json"])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&un.stdout), original);
    // seal edit: the editor sees plaintext in a 0600 file; the result is sealed again.
    let script = dir.path().join("ed.sh");
    std::fs::write(&script, "#!/bin/sh\nstat -c %a \"$1\" > \"$(dirname \"$0\")/mode\" 2>/dev/null || true\nsed -i 's/\"x\"/\"y\"/; s/5432/6543/' \"$1\"\n").expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let edit = seal_cmd(dir.path())
        .env("EDITOR", &script)
        .env_remove("VISUAL")
        .args(["seal", "edit", "c.json"])
        .output()
        .expect("runs");
    assert_success(&edit);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mode"))
            .expect("mode")
            .trim(),
        "600"
    );
    let edited = std::fs::read_to_string(dir.path().join("c.json")).expect("read");
    assert!(edited.contains("\"note\": \"y\"") && !edited.contains(PLANTED));
    let get = seal_cmd(dir.path())
        .args(["seal", "get", "c.json", "db.port"])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&get.stdout), "6543");
}

#[test]
fn yaml_and_toml_in_place_and_refusals() {
    let dir = tempfile::tempdir().expect("tmp");
    let toml = format!("# c\n[db]\npassword = '{PLANTED}'  # keep\nport = 1\n");
    std::fs::write(dir.path().join("c.toml"), &toml).expect("write");
    let yaml =
        format!("db:\n  password: {PLANTED} # keep\n  private_key: |\n    a\n    b\nport: 1\n");
    std::fs::write(dir.path().join("c.yml"), &yaml).expect("write");
    for (file, original) in [("c.toml", &toml), ("c.yml", &yaml)] {
        let out = seal_cmd(dir.path())
            .args(["seal", "--in-place", file])
            .output()
            .expect("runs");
        assert_success(&out);
        assert!(
            !std::fs::read_to_string(dir.path().join(file))
                .expect("read")
                .contains(PLANTED)
        );
        let un = seal_cmd(dir.path())
            .args(["unseal", file])
            .output()
            .expect("runs");
        assert_eq!(&String::from_utf8_lossy(&un.stdout), original);
    }
    std::fs::write(dir.path().join("a.yaml"), "pw: &p x\npassword: *p\n").expect("write");
    let out = seal_cmd(dir.path())
        .args(["seal", "a.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("password: it is an alias"));
    std::fs::write(
        dir.path().join("bad.json"),
        format!("{{\"password\": \"{PLANTED}\",}}"),
    )
    .expect("write");
    let out = seal_cmd(dir.path())
        .args(["seal", "bad.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_absent(&out.stderr, PLANTED, "syntax error");
    let out = seal_cmd(dir.path())
        .args(["seal", "c.ini"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_killed_in_place_seal_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut text = String::from("{\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "  \"svc{i}\": {{\"api_key\": \"{PLANTED}-{i}\"}},\n"
        ));
    }
    text.push_str("  \"end\": 1\n}\n");
    let path = dir.path().join("big.json");
    let key = "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCA";
    let mut outcomes = Vec::new();
    for delay_ms in [5u64, 20, 60, 150, u64::MAX] {
        std::fs::write(&path, &text).expect("write");
        let bin = assert_cmd::cargo::cargo_bin("hush");
        let mut child = std::process::Command::new(bin)
            .current_dir(dir.path())
            .env("HUSH_VAULT_KEY", key)
            .args(["seal", "--in-place", "--no-detect", "big.json"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawns");
        if delay_ms == u64::MAX {
            assert!(
                child.wait().expect("waits").success(),
                "the last run is left to finish"
            );
        } else {
            std::thread::sleep(Duration::from_millis(delay_ms));
            let _ = child.kill();
            let _ = child.wait();
        }
        let now = std::fs::read_to_string(&path).expect("read");
        if now != text {
            let un = seal_cmd(dir.path())
                .env("HUSH_VAULT_KEY", key)
                .args(["unseal", "big.json"])
                .output()
                .expect("runs");
            assert_success(&un);
            assert_eq!(
                String::from_utf8_lossy(&un.stdout),
                text,
                "neither old nor new"
            );
        }
        outcomes.push(now != text);
    }
    assert!(
        outcomes.last() == Some(&true),
        "the run left to finish sealed the file"
    );
}
