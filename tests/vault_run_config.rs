//! `hush vault run --config FILE` (issue 17.4) end to end: a real sealed config, real child
//! processes, temp HOME and XDG_CONFIG_HOME; planted values checked against hush's own output.

use crate::util::{assert_absent, hush};
use crate::vault::{init, ok, vault};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const PLANTED: &str = "planted-Zq8vX3kLmN7pR2sT";
const DB_PLANTED: &str = "dbpw-Xc81Lq0vPz3RtY6u";

/// A config with two sealable values, one plaintext value and a quoted key.
fn write_config(dir: &Path) {
    let text = format!(
        "{{\"integrations\": {{\"stripe\": {{\"api_key\": \"{PLANTED}\"}}}},\n \
         \"db\": {{\"password\": \"{DB_PLANTED}\", \"host\": \"db.internal\", \"port\": 5432}}}}\n"
    );
    std::fs::write(dir.join("c.json"), text).expect("write");
}

/// `hush seal --in-place c.json` with extra `args`.
fn seal_config(dir: &Path, args: &[&str]) {
    let out = hush()
        .current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .env_remove("HUSH_VAULT_KEY")
        .args(["seal", "--in-place", "c.json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sealed = std::fs::read_to_string(dir.join("c.json")).expect("read");
    assert!(!sealed.contains(PLANTED) && !sealed.contains(DB_PLANTED));
}

/// `hush vault run ARGS` in `dir`, without the variables the child prints.
fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    vault(dir)
        .arg("run")
        .args(args)
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("INTEGRATIONS_STRIPE_API_KEY")
        .env_remove("DB_PASSWORD")
        .output()
        .expect("runs")
}

const SHOW: &str = r#"echo "${TOKEN-}|${INTEGRATIONS_STRIPE_API_KEY-}|${DB_PASSWORD-}|${DB_HOST-}|${HUSH_VAULT_KEY-nokey}"; exit 4"#;

#[test]
fn sealed_fields_join_the_vault_entries_under_the_vaults_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "TOKEN"], "tok-1");
    write_config(d);
    seal_config(d, &["--vault", ".env.vault"]);
    let out = run(d, &["--config", "c.json", "--", "sh", "-c", SHOW]);
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every sealed value, named by its path; the plaintext host is not sealed, so not injected.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("tok-1|{PLANTED}|{DB_PLANTED}||nokey\n")
    );
    assert_absent(&out.stderr, PLANTED, "stderr");
    // The key that opened both is not passed on.
    let key = std::fs::read_to_string(crate::vault::key_file(d)).expect("key");
    let out = vault(d)
        .args(["run", "--config", "c.json", "--", "sh", "-c", SHOW])
        .env("HUSH_VAULT_KEY", key.trim())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with(&format!("{DB_PLANTED}||nokey\n")));
    // A variable already set is kept, unless --override.
    let out = vault(d)
        .args(["run", "--config", "c.json", "--", "sh", "-c", SHOW])
        .env("DB_PASSWORD", "outer")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("|outer|"));
    let out = vault(d)
        .args([
            "run",
            "--override",
            "--config",
            "c.json",
            "--",
            "sh",
            "-c",
            SHOW,
        ])
        .env("DB_PASSWORD", "outer")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("|{DB_PLANTED}|")));
}

#[test]
fn fields_pick_and_rename_with_the_configs_own_key_and_no_vault() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write_config(d);
    std::fs::create_dir_all(d.join("keys")).expect("mkdir");
    seal_config(d, &["--keyfile", "keys/c.key"]);
    let script = r#"echo "${PG-}|${DB_HOST-}|${INTEGRATIONS_STRIPE_API_KEY-unset}""#;
    let args = [
        "--no-vault",
        "--config",
        "c.json",
        "--config-keyfile",
        "keys/c.key",
        "--field",
        "db.password=PG",
        "--field",
        "db.host",
        "--",
        "sh",
        "-c",
        script,
    ];
    let out = run(d, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{DB_PLANTED}|db.internal|unset\n")
    );
    // Without a vault and without --no-vault, the missing vault is the error.
    let out = run(
        d,
        &[
            "--config",
            "c.json",
            "--config-keyfile",
            "keys/c.key",
            "--",
            "true",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    // The wrong key: the CLI's message, exit 2, nothing run.
    std::fs::write(
        d.join("keys/other.key"),
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
    )
    .expect("write");
    std::fs::set_permissions(
        d.join("keys/other.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    let marker = d.join("ran");
    let touch = format!(": > {}", marker.display());
    let out = run(
        d,
        &[
            "--no-vault",
            "--config",
            "c.json",
            "--config-keyfile",
            "keys/other.key",
            "--",
            "sh",
            "-c",
            &touch,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!marker.exists(), "the child ran");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wrong key or passphrase"), "{err}");
    assert_absent(&out.stderr, DB_PLANTED, "stderr");
}

#[test]
fn bad_names_missing_paths_and_collisions_exit_2_naming_paths_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "DB_PASSWORD"], "from-vault");
    std::fs::write(
        d.join("c.json"),
        format!(
            "{{\"db\": {{\"password\": \"{DB_PLANTED}\"}}, \"a.b\": {{\"secret\": \"{PLANTED}\"}}, \
             \"x\": {{\"token\": \"{PLANTED}\"}}, \"X\": {{\"token\": \"{PLANTED}\"}}}}"
        ),
    )
    .expect("write");
    seal_config(d, &["--vault", ".env.vault"]);
    let marker = d.join("ran");
    let touch = format!(": > {}", marker.display());
    let cases: &[(&[&str], &str)] = &[
        (
            &["--field", "\"a.b\".secret"],
            "makes no valid environment variable name",
        ),
        (
            &["--field", "db.password=1BAD"],
            "not a valid environment variable name",
        ),
        (&["--field", "db.nope=X"], "db.nope"),
        (&["--field", "a..b=X"], "not a key path"),
        (&["--field", "db.password"], "which the vault already sets"),
        (
            &["--field", "x.token", "--field", "X.token"],
            "would both be X_TOKEN",
        ),
        (
            &["--field", "db.password=Y", "--field", "x.token=Y"],
            "would both be Y",
        ),
        (&[], "which the vault already sets"),
    ];
    for (extra, want) in cases {
        let mut args = vec!["--config", "c.json"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--", "sh", "-c", &touch]);
        let out = run(d, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(want), "{extra:?}: {err}");
        assert!(!marker.exists(), "{extra:?}: the child ran");
        for planted in [PLANTED, DB_PLANTED, "from-vault"] {
            assert_absent(&out.stderr, planted, "stderr");
            assert_absent(&out.stdout, planted, "stdout");
        }
    }
    // --field without --config is a usage error.
    let out = run(d, &["--field", "db.password", "--", "true"]);
    assert_eq!(out.status.code(), Some(2));
}

/// SIGTERM sent to hush reaches a child started with --config; hush returns its status.
#[test]
fn sigterm_is_forwarded_with_a_config() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    write_config(d);
    seal_config(d, &["--vault", ".env.vault"]);
    let (ready, marker) = (d.join("ready"), d.join("got"));
    let script = format!(
        "trap 'echo \"$DB_PASSWORD\" > {m}; exit 7' TERM; : > {r}; \
         i=0; while [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done",
        m = marker.display(),
        r = ready.display(),
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hush"))
        .current_dir(d)
        .env("HOME", d.join("home"))
        .env("XDG_CONFIG_HOME", d.join("home/.config"))
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("DB_PASSWORD")
        .args([
            "vault", "run", "--config", "c.json", "--", "sh", "-c", &script,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let start = Instant::now();
    while !ready.exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = std::process::Command::new("kill")
        .args(["-TERM".to_owned(), child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    let start = Instant::now();
    let mut status = None;
    while status.is_none() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
        status = child.try_wait().expect("polls");
    }
    if status.is_none() {
        let _ = child.kill();
    }
    let _ = child.wait();
    assert!(sent, "kill -TERM failed");
    assert_eq!(status.and_then(|s| s.code()), Some(7));
    assert_eq!(
        std::fs::read_to_string(&marker).expect("marker"),
        format!("{DB_PLANTED}\n")
    );
}
