//! `hush vault run` and the dotenv dialect of `vault import`, end to end: temp HOME and
//! XDG_CONFIG_HOME, no key variables (see `crate::vault::vault`).

use crate::util::{assert_absent, assert_success, write};
use crate::vault::{init, ok, vault};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const PLANTED: &str = "planted-Zq8vX3kLmN7pR2sT";

/// `hush vault run ARGS...` in `dir`, with `NAME` set to `outer` in hush's own environment
/// when `outer` is true.
fn run(dir: &Path, args: &[&str], outer: bool) -> std::process::Output {
    let mut cmd = vault(dir);
    cmd.arg("run").args(args).env_remove("NAME");
    if outer {
        cmd.env("NAME", "outer");
    }
    cmd.output().expect("runs")
}

#[test]
fn child_gets_the_values_and_hush_exits_with_its_status() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "NAME"], PLANTED);
    ok(d, &["set", "OTHER"], "two words");
    let script = r#"echo "$NAME|$OTHER|${HUSH_VAULT_KEY-nokey}"; exit 3"#;
    let out = run(d, &["--", "sh", "-c", script], false);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{PLANTED}|two words|nokey\n")
    );
    assert_absent(&out.stderr, PLANTED, "stderr");
    // The key that opened the vault is not passed on.
    let key = crate::vault::key_file(d);
    let key = std::fs::read_to_string(key).expect("key");
    let out = vault(d)
        .args(["run", "--", "sh", "-c", script])
        .env("HUSH_VAULT_KEY", key.trim())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("|nokey\n"));
    // Killed by a signal: 128 + N, as shells report it.
    let out = run(d, &["--", "sh", "-c", "kill -TERM $$"], false);
    assert_eq!(out.status.code(), Some(128 + 15));
    // No such command: 127, and the error names the command, not a value.
    let out = run(d, &["--", "./no-such-command"], false);
    assert_eq!(out.status.code(), Some(127));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-command"));
    assert_absent(&out.stderr, PLANTED, "stderr");
}

#[test]
fn stdin_passes_through_and_flags_after_cmd_belong_to_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "NAME"], "v");
    let out = vault(d)
        .args([
            "run",
            "--",
            "sh",
            "-c",
            r#"read line; echo "$line $NAME $1""#,
            "sh",
            "--file",
        ])
        .env_remove("NAME")
        .write_stdin("from-stdin\n")
        .output()
        .expect("runs");
    assert_success(&out);
    assert_eq!(out.stdout, b"from-stdin v --file\n");
}

#[test]
fn existing_variables_are_kept_unless_override() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "NAME"], "from-vault");
    let echo = ["sh", "-c", r#"echo "$NAME""#];
    let kept = run(d, &[&["--"][..], &echo].concat(), true);
    assert_eq!(kept.stdout, b"outer\n");
    let replaced = run(d, &[&["--override", "--"][..], &echo].concat(), true);
    assert_eq!(replaced.stdout, b"from-vault\n");
    let unset = run(d, &[&["--"][..], &echo].concat(), false);
    assert_eq!(unset.stdout, b"from-vault\n");
}

/// Starts `hush vault run -- sh -c SCRIPT` in `dir` without waiting for it.
fn spawn_run(dir: &Path, script: &str) -> Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("hush"))
        .current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE")
        .args(["vault", "run", "--", "sh", "-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns")
}

/// SIGTERM and SIGINT sent to hush (only to hush) reach the child, whose status hush returns.
/// The child gives up by itself after about 30 s, so a failing run leaves nothing behind.
#[test]
fn sigterm_and_sigint_are_forwarded() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "NAME"], "v");
    for (sig, code) in [("TERM", 7), ("INT", 9)] {
        let (ready, marker) = (d.join(format!("ready-{sig}")), d.join(format!("got-{sig}")));
        let script = format!(
            "trap 'echo \"$NAME\" > {m}; exit {code}' {sig}; : > {r}; \
             i=0; while [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done",
            m = marker.display(),
            r = ready.display(),
        );
        let mut hush = spawn_run(d, &script);
        let start = Instant::now();
        while !ready.exists() && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let sent = std::process::Command::new("kill")
            .args([format!("-{sig}"), hush.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        let start = Instant::now();
        let mut status = None;
        while status.is_none() && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(10));
            status = hush.try_wait().expect("polls");
        }
        if status.is_none() {
            let _ = hush.kill();
        }
        let _ = hush.wait();
        assert!(sent, "kill -{sig} failed");
        assert_eq!(
            status.and_then(|s| s.code()),
            Some(code),
            "{sig}: hush did not exit in time"
        );
        assert_eq!(std::fs::read_to_string(&marker).expect(sig), "v\n");
    }
}

/// A file using the whole dialect imports, with warnings naming lines, and reads back exactly.
#[test]
fn import_of_the_dialect_round_trips_through_get() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    let dotenv = "\u{feff}# app settings\r\n\
                  export HOST = db.internal\r\n\
                  PORT=5432 # default port\r\n\
                  URL=\"postgres://${HOST}:${PORT}/${DB_NAME:-app}\"\r\n\
                  HOMEY=${IMPORT_BASE}/x\r\n\
                  LITERAL='${HOST} $PORT \\n'\r\n\
                  MULTI=\"line one\r\nline two\\t\\\"q\\\"\"\r\n\
                  EMPTY=\r\n\
                  BARE\r\n\
                  PW=pa$$word#1\r\n\
                  PORT=6543\r\n";
    write(d, "app.env", dotenv);
    let out = vault(d)
        .args(["import", "app.env"])
        .env("IMPORT_BASE", "/srv")
        .output()
        .expect("runs");
    assert_success(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 10: a bare word without `=`") && !err.contains("BARE"),
        "{err}"
    );
    assert!(err.contains("line 12: PORT is also set on line 3"), "{err}");
    assert!(!err.contains("5432") && !err.contains("6543"), "{err}");
    assert_eq!(
        ok(d, &["list"], ""),
        "HOST\nPORT\nURL\nHOMEY\nLITERAL\nMULTI\nEMPTY\nPW\n"
    );
    for (name, want) in [
        ("HOST", "db.internal"),
        ("PORT", "6543"),
        ("URL", "postgres://db.internal:5432/app"),
        ("HOMEY", "/srv/x"),
        ("LITERAL", "${HOST} $PORT \\n"),
        ("MULTI", "line one\nline two\t\"q\""),
        ("EMPTY", ""),
        ("PW", "pa$$word#1"),
    ] {
        assert_eq!(ok(d, &["get", name], ""), want, "{name}");
    }
    let export = ok(d, &["export"], "");
    assert!(
        export.starts_with("# app settings\nHOST=db.internal\nPORT=6543\n"),
        "{export}"
    );
}

/// The child gets the vault's values and none of the variables that could open it: not
/// `HUSH_PASSPHRASE`, not `HUSH_AGENT_SOCK`, not `HUSH_VAULT_KEY` (issue 19, the child of
/// `vault run` as a boundary in SECURITY.md).
#[test]
fn the_child_gets_no_key_variable() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let pass = "correct horse saddles a violet comet";
    let with_pass = || {
        let mut c = vault(d);
        c.env("HUSH_PASSPHRASE", pass);
        c
    };
    let out = (with_pass().args(["init", "--passphrase"]).output()).expect("runs");
    assert_success(&out);
    let out = (with_pass()
        .args(["set", "NAME"])
        .write_stdin(PLANTED)
        .output())
    .expect("runs");
    assert_success(&out);
    // No agent listens there; the directory is private, as hush requires of a socket's.
    let agent_dir = d.join("agent");
    std::fs::create_dir(&agent_dir).expect("mkdir");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&agent_dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let script =
        r#"echo "$NAME|${HUSH_PASSPHRASE-none}|${HUSH_AGENT_SOCK-none}|${HUSH_VAULT_KEY-none}""#;
    let out = with_pass()
        .env("HUSH_AGENT_SOCK", agent_dir.join("agent.sock"))
        .env("HUSH_VAULT_KEY", "not-a-key-for-this-vault")
        .args(["run", "--", "sh", "-c", script])
        .output()
        .expect("runs");
    assert_success(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{PLANTED}|none|none|none\n")
    );
    assert_absent(&out.stderr, pass, "stderr");
}
