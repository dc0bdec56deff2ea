//! `vault import` that would change live values is refused unless `--overwrite`, naming the
//! names only; importing where there is no vault creates one with `init`'s key options.

use crate::util::{assert_absent, assert_success, write};
use crate::vault::{init, ok, vault};
use std::path::Path;
use std::process::Output;

const LIVE: &str = "planted-live-Jk4Qw9Zx2Rm7";
const TEST_KEY: &str = "planted-test-Bn6Vc3Lp8Ty1";
const PASS: &str = "amber comet drifts over walnut";

fn import(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = vault(dir);
    cmd.arg("import").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    for (stream, what) in [(&out.stdout, "stdout"), (&out.stderr, "stderr")] {
        assert_absent(stream, LIVE, what);
        assert_absent(stream, TEST_KEY, what);
    }
    out
}

#[test]
fn import_refuses_to_change_live_values_unless_overwrite() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "LIVE"], LIVE);
    ok(d, &["set", "SAME"], "same");
    write(d, ".env", format!("NEW=new\nSAME=same\nLIVE={TEST_KEY}\n"));
    let before = std::fs::read(d.join(".env.vault")).expect("reads");
    let out = import(d, &[".env", "--remove-plaintext"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("LIVE") && err.contains("--overwrite"), "{err}");
    assert!(
        !err.contains("SAME") && !err.contains("NEW"),
        "only changed names: {err}"
    );
    assert_eq!(std::fs::read(d.join(".env.vault")).expect("reads"), before);
    assert!(d.join(".env").exists(), "plaintext kept on refusal");
    assert_eq!(ok(d, &["get", "LIVE"], ""), LIVE);

    let out = import(d, &[".env", "--overwrite"], &[]);
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 replaced: LIVE"));
    assert_eq!(ok(d, &["get", "LIVE"], ""), TEST_KEY);
    assert_eq!(ok(d, &["get", "NEW"], ""), "new");
    // Importing the same values again is no change.
    assert_success(&import(d, &[".env"], &[]));
}

#[test]
fn import_without_a_vault_creates_it_with_init_key_options() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "broken.env", "A=1\nB=\"unterminated\n");
    let out = import(d, &["broken.env"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.join(".env.vault").exists(), "a bad file creates nothing");
    assert!(!d.join("home/.config/hush/keys").exists());

    write(d, ".env", format!("LIVE={LIVE}\n"));
    let out = import(d, &[".env"], &[]);
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("creating it"));
    assert_eq!(ok(d, &["get", "LIVE"], ""), LIVE);

    // --passphrase, as `init --passphrase`: strength checked, Argon2id header.
    let out = import(
        d,
        &[".env", "--file", "p.vault", "--passphrase"],
        &[("HUSH_PASSPHRASE", "a")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.join("p.vault").exists());
    let out = import(
        d,
        &[".env", "--file", "p.vault", "--passphrase"],
        &[("HUSH_PASSPHRASE", PASS)],
    );
    assert_success(&out);
    let text = std::fs::read_to_string(d.join("p.vault")).expect("reads");
    assert!(
        text.lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("#hush:kdf argon2id")),
        "{text}"
    );
    let got = vault(d)
        .args(["get", "LIVE", "--file", "p.vault"])
        .env("HUSH_PASSPHRASE", PASS)
        .output()
        .expect("runs");
    assert_eq!(got.stdout, LIVE.as_bytes());
}
