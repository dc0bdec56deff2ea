//! `hush vault rotate|rollback|passwd` end to end: value shapes, sealed history, re-keying,
//! tampering, failures that leave the file byte-identical, and no value in any output.

use crate::util::{assert_absent, assert_success};
use crate::vault::{init, key_file, ok, vault};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

const PLANTED: &str = "planted-Rk2mQ9vL4xW7zT3n";

/// Extra environment variables for one run.
type Env<'a> = &'a [(&'a str, &'a str)];

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = vault(dir);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    assert_absent(&out.stdout, PLANTED, "stdout");
    assert_absent(&out.stderr, PLANTED, "stderr");
    out
}

/// Runs and expects exit 2; returns stderr.
fn fails(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = run(dir, args, env);
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    err
}

fn get(dir: &Path, name: &str) -> String {
    ok(dir, &["get", name], "")
}

/// `vault get NAME` with these variables set (not through `run`: the value is the output).
fn get_with(dir: &Path, name: &str, env: &[(&str, &str)]) -> Vec<u8> {
    let mut cmd = vault(dir);
    cmd.args(["get", name]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    assert_success(&out);
    out.stdout
}

fn vault_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(".env.vault")).expect("reads")
}

/// A key-file vault holding PLANTED in A and small values in B..F (so the file is > 512 bytes).
fn filled(dir: &Path) {
    init(dir);
    ok(dir, &["set", "A"], PLANTED);
    for n in ["B", "C", "D", "E", "F"] {
        ok(
            dir,
            &["set", n],
            &format!("value of {n} {}", "x".repeat(40)),
        );
    }
}

#[test]
fn rotate_makes_values_of_the_requested_shape() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d);
    let out = run(d, &["rotate", "A"], &[]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(
        msg.contains("rotated A") && msg.contains("version 2"),
        "{msg}"
    );
    let v = get(d, "A");
    assert_eq!(v.len(), 32);
    assert!(v.bytes().all(|b| b.is_ascii_alphanumeric()), "{v}");
    let shapes: [(&[&str], usize, &str); 4] = [
        (
            &["--length", "64", "--charset", "hex"],
            64,
            "0123456789abcdef",
        ),
        (&["--charset", "base64", "--length", "16"], 16, "+/"),
        (&["--charset", "urlsafe", "--length", "4096"], 4096, "-_"),
        (&["--charset", "alnum", "--length", "100"], 100, ""),
    ];
    for (flags, len, extra) in shapes {
        ok(d, &[&["rotate", "A"][..], flags].concat(), "");
        let v = get(d, "A");
        assert_eq!(v.len(), len, "{flags:?}");
        let hex_only = flags.contains(&"hex");
        assert!(
            v.chars().all(|c| if hex_only {
                extra.contains(c)
            } else {
                c.is_ascii_alphanumeric() || extra.contains(c)
            }),
            "{flags:?}"
        );
    }
    ok(d, &["rotate", "A", "--uuid"], "");
    let u = get(d, "A");
    let groups: Vec<usize> = u.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{u}");
    assert_eq!(u.as_bytes()[14], b'4', "version 4: {u}");
    assert!(matches!(u.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "{u}");
    // Bad requests: exit 2, clear message, nothing changed.
    let before = vault_text(d);
    for bad in ["15", "4097", "0"] {
        let err = fails(d, &["rotate", "A", "--length", bad], &[]);
        assert!(err.contains("16 to 4096"), "{err}");
    }
    let err = fails(d, &["rotate", "MISSING"], &[]);
    assert!(err.contains("MISSING is not in the vault"), "{err}");
    fails(d, &["rotate", "A", "--uuid", "--length", "20"], &[]);
    fails(d, &["rotate", "A", "--keep", "101"], &[]);
    fails(d, &["rotate", "A", "--key"], &[]);
    fails(d, &["rotate"], &[]);
    assert_eq!(vault_text(d), before);
}

#[test]
fn rollback_restores_the_previous_values_in_order() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d);
    ok(d, &["rotate", "A"], "");
    let second = get(d, "A");
    ok(d, &["rotate", "A", "--uuid"], "");
    assert!(vault_text(d).starts_with("#hush:vault v2\n"));
    let out = run(d, &["rollback", "A"], &[]);
    assert!(out.status.success() && out.stdout.is_empty());
    assert_eq!(get(d, "A"), second);
    ok(d, &["rollback", "A"], "");
    assert_eq!(get(d, "A"), PLANTED);
    assert!(
        vault_text(d).starts_with("#hush:vault v1\n"),
        "no history left: v1"
    );
    let err = fails(d, &["rollback", "A"], &[]);
    assert!(err.contains("no older version"), "{err}");
    let err = fails(d, &["rollback", "NOPE"], &[]);
    assert!(err.contains("NOPE"), "{err}");
}

#[test]
fn keep_bounds_the_history_and_list_export_show_live_values_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d);
    let mut seen = vec![PLANTED.to_owned()];
    for _ in 0..5 {
        ok(d, &["rotate", "A", "--keep", "2"], "");
        seen.push(get(d, "A"));
    }
    let history: Vec<String> = vault_text(d)
        .lines()
        .filter(|l| l.starts_with("A~"))
        .map(|l| l.split_once('=').expect("line").0.to_owned())
        .collect();
    assert_eq!(history, ["A~5", "A~4"]);
    assert_eq!(ok(d, &["list"], ""), "A\nB\nC\nD\nE\nF\n");
    let export = ok(d, &["export"], "");
    assert_eq!(export.lines().count(), 6);
    assert!(export.contains(&format!("A={}\n", seen[5])));
    for old in &seen[..5] {
        assert!(!export.contains(old.as_str()), "export holds an old value");
    }
    ok(d, &["rollback", "A"], "");
    ok(d, &["rollback", "A"], "");
    assert_eq!(get(d, "A"), seen[3]);
    fails(d, &["rollback", "A"], &[]);
    // --keep 0 drops every older version.
    ok(d, &["rotate", "A"], "");
    ok(d, &["rotate", "A", "--keep", "0"], "");
    assert!(!vault_text(d).contains("\nA~"));
}

#[test]
fn set_replaces_only_and_rm_removes_the_history() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d);
    ok(d, &["rotate", "A"], "");
    let history_line = |d: &Path| {
        vault_text(d)
            .lines()
            .find(|l| l.starts_with("A~1="))
            .map(str::to_owned)
    };
    let before = history_line(d).expect("history");
    ok(d, &["set", "A"], "typed");
    assert_eq!(
        history_line(d),
        Some(before),
        "set leaves the history alone"
    );
    assert_eq!(vault_text(d).matches("\nA~").count(), 1, "and adds none");
    ok(d, &["rollback", "A"], "");
    assert_eq!(
        get(d, "A"),
        PLANTED,
        "rollback returns to what rotate replaced"
    );
    ok(d, &["rotate", "A"], "");
    ok(d, &["rm", "A"], "");
    assert!(!vault_text(d).contains("A~"));
    assert!(vault_text(d).starts_with("#hush:vault v1\n"));
}

#[test]
fn rotate_key_reseals_everything_and_keeps_values() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d);
    ok(d, &["rotate", "A"], "");
    let values: Vec<String> = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .map(|n| get(d, n))
        .collect();
    let before = vault_text(d);
    let out = run(d, &["rotate", "--key"], &[]);
    assert!(out.status.success() && out.stdout.is_empty());
    let after = vault_text(d);
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len());
    assert_eq!(a[..3], b[..3], "same id and KEK");
    for i in 3..a.len() {
        assert_ne!(
            a[i],
            b[i],
            "line {} (wrapped key, ciphertext or MAC) changed",
            i + 1
        );
        assert_eq!(
            a[i].split_once('=').map(|p| p.0),
            b[i].split_once('=').map(|p| p.0)
        );
    }
    for (n, v) in ["A", "B", "C", "D", "E", "F"].iter().zip(&values) {
        assert_eq!(&get(d, n), v);
    }
    ok(d, &["rollback", "A"], "");
    assert_eq!(get(d, "A"), PLANTED, "history re-sealed too");
}

/// Lines 5 up to the MAC line: the entries and history.
fn body(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    lines[4..lines.len() - 1]
        .iter()
        .map(|l| (*l).to_owned())
        .collect()
}

#[test]
fn passwd_rewraps_without_resealing() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let old = [("HUSH_PASSPHRASE", "old copper lantern drifts east")];
    let out = run(d, &["init", "--passphrase"], &old);
    assert!(out.status.success());
    let out = vault(d)
        .args(["set", "A"])
        .env("HUSH_PASSPHRASE", "old copper lantern drifts east")
        .write_stdin(PLANTED)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(run(d, &["rotate", "A"], &old).status.success());
    let before = vault_text(d);
    let new = [("HUSH_PASSPHRASE", "new violet harbor sings twice")];
    let out = run(
        d,
        &["passwd"],
        &[
            old[0],
            ("HUSH_NEW_PASSPHRASE", "new violet harbor sings twice"),
        ],
    );
    assert_success(&out);
    let after = vault_text(d);
    assert_eq!(body(&after), body(&before), "entry lines byte-identical");
    let salt = |t: &str| t.lines().nth(2).expect("kdf").to_owned();
    assert_ne!(salt(&after), salt(&before), "a new salt");
    let err = fails(d, &["get", "A"], &old);
    assert!(err.contains("wrong key or passphrase"), "{err}");
    assert!(run(d, &["rollback", "A"], &new).status.success());
    assert_eq!(get_with(d, "A", &new), PLANTED.as_bytes());
    // Passphrase -> key file.
    let before = vault_text(d);
    let out = run(d, &["passwd", "--new-keyfile", "new.key"], &new);
    assert_success(&out);
    let mode = std::fs::metadata(d.join("new.key"))
        .expect("key")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(body(&vault_text(d)), body(&before));
    assert_eq!(vault_text(d).lines().nth(2), Some("#hush:kdf keyfile"));
    fails(d, &["get", "A"], &new);
    assert_eq!(ok(d, &["get", "A", "--keyfile", "new.key"], ""), PLANTED);
    // Key file -> passphrase again; an existing path is refused for a new key file.
    let err = fails(
        d,
        &["passwd", "--keyfile", "new.key", "--new-keyfile", "new.key"],
        &[],
    );
    assert!(err.contains("already exists"), "{err}");
    let third = [("HUSH_NEW_PASSPHRASE", "third amber meadow hums slowly")];
    assert!(
        run(d, &["passwd", "--keyfile", "new.key"], &third)
            .status
            .success()
    );
    fails(d, &["get", "A", "--keyfile", "new.key"], &[]);
    let got = get_with(
        d,
        "A",
        &[("HUSH_PASSPHRASE", "third amber meadow hums slowly")],
    );
    assert_eq!(got, PLANTED.as_bytes());
    let err = fails(
        d,
        &["passwd"],
        &[("HUSH_PASSPHRASE", "third amber meadow hums slowly")],
    );
    assert!(err.contains("HUSH_NEW_PASSPHRASE"), "{err}");
}

#[test]
fn tampered_history_fails_to_open() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d);
    ok(d, &["rotate", "A"], "");
    ok(d, &["rotate", "A"], "");
    let path = d.join(".env.vault");
    let good = vault_text(d);
    let lines: Vec<String> = good.lines().map(str::to_owned).collect();
    // Lines 5, 6, 7: A=, A~2=, A~1=.
    assert!(lines[5].starts_with("A~2=") && lines[6].starts_with("A~1="));
    let sealed = |i: usize| lines[i].split_once('=').expect("entry").1.to_owned();
    let join = |ls: &[String]| ls.iter().map(|l| format!("{l}\n")).collect::<String>();
    let mut flipped = lines.clone();
    let mut bytes = flipped[5].clone().into_bytes();
    let last = bytes.len() - 3;
    bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
    flipped[5] = String::from_utf8(bytes).expect("ascii");
    let mut into_live = lines.clone();
    into_live[4] = format!("A={}", sealed(5));
    let mut relabelled = lines.clone();
    relabelled[5] = format!("A~2={}", sealed(6));
    relabelled[6] = format!("A~1={}", sealed(5));
    let mut reordered = lines.clone();
    reordered.swap(5, 6);
    let mut to_other = lines.clone();
    to_other.insert(8, format!("B~1={}", sealed(6)));
    to_other.remove(6);
    for (what, bad, line) in [
        ("flipped byte", join(&flipped), "line 6"),
        ("history into live", join(&into_live), "line 5"),
        ("versions swapped", join(&relabelled), "line 6"),
        ("reordered", join(&reordered), "line 7"),
        ("moved to another name", join(&to_other), "line 8"),
    ] {
        std::fs::write(&path, &bad).expect("write");
        for args in [
            &["get", "B"][..],
            &["rotate", "A"],
            &["rollback", "A"],
            &["list"],
        ] {
            let err = fails(d, args, &[]);
            assert!(err.contains(line), "{what} {args:?}: {err}");
            assert_eq!(vault_text(d), bad, "{what}: file untouched");
        }
    }
}

/// `hush vault ARGS` under `ulimit -f 1` (512 bytes) with SIGXFSZ ignored: writing the new
/// vault file fails with EFBIG, whoever runs the test (root included).
fn run_size_limited(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1 && exec \"$@\"")
        .arg("sh")
        .arg(assert_cmd::cargo::cargo_bin("hush"))
        .arg("vault")
        .args(args)
        .current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    assert_absent(&out.stdout, PLANTED, "stdout");
    assert_absent(&out.stderr, PLANTED, "stderr");
    out
}

#[test]
fn a_failed_rotation_leaves_the_file_byte_identical() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d);
    ok(d, &["rotate", "A"], "");
    let path = d.join(".env.vault");
    let good = std::fs::read(&path).expect("reads");
    assert!(good.len() > 1024, "bigger than the size limit");
    let new = [("HUSH_NEW_PASSPHRASE", "new violet harbor sings twice")];
    let ops: [(&[&str], Env<'_>); 5] = [
        (&["rotate", "A"], &[]),
        (&["rotate", "--key"], &[]),
        (&["rollback", "A"], &[]),
        (&["passwd"], &new),
        (&["passwd", "--new-keyfile", "fresh.key"], &[]),
    ];
    // 1. The file cannot be written (size limit): works for root too.
    for (args, env) in ops {
        let out = run_size_limited(d, args, env);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("writing vault"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&path).expect("reads"), good, "{args:?}");
        assert!(
            !d.join("fresh.key").exists(),
            "the new key file is removed again"
        );
    }
    // 2. The directory is read-only, so the temp file cannot be created. Root ignores the
    //    mode, so this runs only where the mode actually blocks writes (probed).
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = d.join("probe");
    if std::fs::write(&probe, "x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        eprintln!("read-only directory does not block this user (root?): size limit used only");
    } else {
        for (args, env) in ops {
            let err = fails(d, args, env);
            assert!(
                err.contains("vault") || err.contains("key file"),
                "{args:?}: {err}"
            );
            assert_eq!(std::fs::read(&path).expect("reads"), good, "{args:?}");
        }
    }
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    // 3. A wrong key.
    let wrong = "A".repeat(43);
    for (args, env) in ops {
        let env = [env, &[("HUSH_VAULT_KEY", wrong.as_str())]].concat();
        let err = fails(d, args, &env);
        assert!(err.contains("wrong key or passphrase"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&path).expect("reads"), good, "{args:?}");
        assert!(!d.join("fresh.key").exists());
    }
    assert!(key_file(d).exists());
    assert_eq!(get(d, "A").len(), 32);
}

#[test]
fn planted_value_never_appears_in_output() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    filled(d);
    // `run` asserts PLANTED is absent from stdout and stderr of every call.
    for args in [
        &["rotate", "A", "--keep", "5"][..],
        &["rollback", "A"],
        &["rotate", "A", "--uuid"],
        &["rotate", "--key"],
        &["rollback", "A"],
        &["rollback", "A"],
        &["rotate", "A", "--length", "3"],
        &["passwd", "--new-keyfile", "n.key"],
        &["passwd", "--keyfile", "n.key"],
    ] {
        run(
            d,
            args,
            &[("HUSH_NEW_PASSPHRASE", "quiet walnut orbit ferries pw")],
        );
    }
    assert_absent(vault_text(d).as_bytes(), PLANTED, "the vault file");
    let out = vault(d)
        .args(["get", "A"])
        .env("HUSH_PASSPHRASE", "quiet walnut orbit ferries pw")
        .output()
        .expect("runs");
    assert_eq!(
        out.stdout,
        PLANTED.as_bytes(),
        "rolled back to the planted value"
    );
}

/// A committed v2 test vector (history lines), as `test_vectors` in tests/vault.rs: it opens, and
/// rolls back to the same values, with every later reader.
#[test]
fn v2_test_vector_opens_and_rolls_back() {
    use hush::vault::{ExposeSecret, KeySource, SecretKey, Vault, Versions};
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vault");
    let key_text = std::fs::read_to_string(data.join("test_vector.key")).expect("key");
    let key = || KeySource::Key(SecretKey::from_base64(&key_text).expect("test key"));
    let v = Vault::open(&data.join("good_history.vault"), &key()).expect("good opens");
    assert_eq!(&*v.export_dotenv(), "A=three\nB=b3\nC=c\n");
    assert_eq!(
        v.versions("B"),
        Some(Versions {
            current: 3,
            kept: 2
        })
    );
    let dir = tempfile::tempdir().expect("tmp");
    let copy = dir.path().join("v");
    std::fs::copy(data.join("good_history.vault"), &copy).expect("copies");
    let mut v = Vault::open_locked(&copy, &key()).expect("opens");
    for (name, want) in [("A", "one"), ("B", "b2"), ("B", "b1")] {
        v.rollback(name).expect("rolls back");
        let got = v.get(name).expect("present");
        assert_eq!(got.expose_secret(), want);
    }
    v.save().expect("saves");
    let text = std::fs::read_to_string(&copy).expect("reads");
    assert!(
        text.starts_with("#hush:vault v1\n"),
        "no history left: written as v1"
    );
}
