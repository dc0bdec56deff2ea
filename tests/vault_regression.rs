//! Regression tests for the vault parts of issue 19, each named after what it guards.

use crate::util::{assert_absent, assert_success};
use crate::vault::{init, key_file, ok, vault};
use std::path::Path;
use std::time::Duration;

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vault")
        .join(name)
}

/// Issue 19.2: a header at the parser's caps (4 GiB, 64 passes, 16 lanes) is refused before any
/// derivation and before any prompt, with exit 2 and a message saying how to opt in. Deriving
/// at those caps takes minutes, so finishing within the timeout shows no derivation ran.
#[test]
fn issue19_2_costly_kdf_header_refused_before_deriving_or_prompting() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let good = std::fs::read_to_string(data("good_passphrase.vault")).expect("vector");
    let hostile = good.replacen("m=65536 t=3 p=1", "m=4194304 t=64 p=16", 1);
    assert_ne!(hostile, good);
    std::fs::write(d.join(".env.vault"), &hostile).expect("writes");
    for args in [&["get", "MULTI"][..], &["list"], &["check"], &["set", "X"]] {
        let out = vault(d)
            .args(args)
            .env("HUSH_PASSPHRASE", "hush test vector")
            .timeout(Duration::from_secs(60))
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("m=4194304 t=64 p=16") && err.contains("--allow-costly-kdf"),
            "{err}"
        );
        assert!(!err.contains("passphrase for"), "no prompt: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(d.join(".env.vault")).expect("reads"),
        hostile
    );
}

/// Issue 19.2: a header above the defaults opens only with `--allow-costly-kdf`, and then
/// `vault check` warns about it (the vector uses t = 4).
#[test]
fn issue19_2_costly_kdf_opens_only_when_allowed_and_check_warns() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    std::fs::copy(data("good_costly_kdf.vault"), d.join(".env.vault")).expect("copies");
    let run = |args: &[&str]| {
        vault(d)
            .args(args)
            .env("HUSH_PASSPHRASE", "hush test vector")
            .output()
            .expect("runs")
    };
    let out = run(&["get", "API_TOKEN"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("t=4"));
    let out = run(&["get", "API_TOKEN", "--allow-costly-kdf"]);
    assert_success(&out);
    assert_eq!(out.stdout, b"synthetic-not-a-real-token");
    let out = run(&["check", "--allow-costly-kdf"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning") && err.contains("m=65536 t=4 p=1"),
        "{err}"
    );
    assert_absent(&out.stdout, "synthetic-not-a-real-token", "check stdout");
    assert_absent(&out.stderr, "synthetic-not-a-real-token", "check stderr");
}

fn pending(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(format!(".{name}.hush-pending"))
}

/// Issue 19.7: `passwd --new-keyfile P` killed after writing the new key but before the vault
/// rename left P behind (and the vault on the old key), so a rerun failed with "P already
/// exists". The key now waits under a pending name: such a kill leaves no P, and the rerun
/// succeeds.
#[test]
fn issue19_7_passwd_killed_before_the_vault_rename_leaves_no_orphaned_key_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "A"], "value");
    let old = key_file(d);
    let old = old.to_str().expect("utf-8");
    // What a kill between writing the key and renaming the vault leaves: a pending key only.
    std::fs::write(
        pending(d, "new.key"),
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
    )
    .expect("writes");
    let perms = std::os::unix::fs::PermissionsExt::from_mode(0o600);
    std::fs::set_permissions(pending(d, "new.key"), perms).expect("chmod");
    assert_eq!(
        ok(d, &["get", "A", "--keyfile", old], ""),
        "value",
        "old key still opens"
    );
    ok(
        d,
        &["passwd", "--keyfile", old, "--new-keyfile", "new.key"],
        "",
    );
    assert!(
        !pending(d, "new.key").exists(),
        "the stale pending key is gone"
    );
    assert_eq!(ok(d, &["get", "A", "--keyfile", "new.key"], ""), "value");
}

/// Issue 19.7: killed after the vault rename but before the key was moved into place, the
/// vault needs the pending key; rerunning the same `passwd` finishes the move.
#[test]
fn issue19_7_passwd_killed_after_the_vault_rename_is_finished_by_a_rerun() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "A"], "value");
    let old = key_file(d);
    let old = old.to_str().expect("utf-8");
    ok(
        d,
        &["passwd", "--keyfile", old, "--new-keyfile", "mid.key"],
        "",
    );
    std::fs::rename(d.join("mid.key"), pending(d, "new.key")).expect("moves");
    ok(
        d,
        &["passwd", "--keyfile", old, "--new-keyfile", "new.key"],
        "",
    );
    assert!(!pending(d, "new.key").exists());
    assert_eq!(ok(d, &["get", "A", "--keyfile", "new.key"], ""), "value");
}

/// Issue 19.7 under real SIGKILLs at random moments: after each kill, P exists only if it opens
/// the vault, and rerunning the same command always succeeds and leaves no pending file.
#[test]
fn issue19_7_passwd_killed_at_random_moments_reruns_cleanly() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "A"], "value");
    let mut current = key_file(d);
    let start = std::time::Instant::now();
    let mut seed = u64::from(std::process::id());
    let mut full = 0;
    for round in 0..12 {
        let next = d.join(format!("k{round}.key"));
        let args = |kf: &Path, new: &Path| {
            let mut cmd = vault(d);
            cmd.arg("passwd")
                .arg("--keyfile")
                .arg(kf)
                .arg("--new-keyfile")
                .arg(new);
            cmd
        };
        if round == 0 {
            // Measure one full run (it is redone below on a fresh path).
            let t = std::time::Instant::now();
            let tmp = d.join("measure.key");
            assert_success(&args(&current, &tmp).output().expect("runs"));
            full = t.elapsed().as_micros().max(500) as u64;
            current = tmp;
        }
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hush"))
            .current_dir(d)
            .env("HOME", d.join("home"))
            .env("XDG_CONFIG_HOME", d.join("home/.config"))
            .args(["vault", "passwd", "--keyfile"])
            .arg(&current)
            .arg("--new-keyfile")
            .arg(&next)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawns");
        std::thread::sleep(Duration::from_micros((seed >> 33) % full));
        let _ = child.kill();
        let _ = child.wait();
        if next.exists() {
            let got = ok(
                d,
                &["get", "A", "--keyfile", next.to_str().expect("utf-8")],
                "",
            );
            assert_eq!(
                got, "value",
                "round {round}: P exists only once it opens the vault"
            );
        }
        let out = args(&current, &next).output().expect("reruns");
        if !next.exists() || !out.status.success() {
            // Finished before the kill: P exists and the rerun is refused as "already exists".
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                next.exists() && err.contains("already exists"),
                "round {round}: {err}"
            );
        }
        assert!(
            !pending(d, &format!("k{round}.key")).exists(),
            "round {round}"
        );
        let got = ok(
            d,
            &["get", "A", "--keyfile", next.to_str().expect("utf-8")],
            "",
        );
        assert_eq!(got, "value");
        current = next;
    }
    eprintln!("passwd kills: 12 rounds in {:?}", start.elapsed());
}
