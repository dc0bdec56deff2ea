//! `hush vault` end to end, in temp directories with their own HOME and XDG_CONFIG_HOME.

use crate::util::{assert_absent, hush, write};
use assert_cmd::Command;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const PLANTED: &str = "planted-Zq8vX3kLmN7pR2sT";

/// `hush vault ...` run in `dir`, never touching the real user config.
pub(crate) fn vault(dir: &Path) -> Command {
    let mut cmd = hush();
    cmd.current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .arg("vault");
    cmd
}

fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    vault(dir)
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs")
}

pub(crate) fn ok(dir: &Path, args: &[&str], stdin: &str) -> String {
    let out = run(dir, args, stdin);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn fails(dir: &Path, args: &[&str], code: i32) -> String {
    let out = run(dir, args, "");
    assert_eq!(out.status.code(), Some(code), "{args:?}");
    String::from_utf8(out.stderr).expect("utf-8")
}

pub(crate) fn init(dir: &Path) {
    ok(dir, &["init"], "");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

pub(crate) fn key_file(dir: &Path) -> PathBuf {
    let keys = dir.join("home/.config/hush/keys");
    let mut files = std::fs::read_dir(keys)
        .expect("key dir")
        .map(|e| e.expect("entry").path());
    files.next().expect("a key file")
}

#[test]
fn init_set_get_list_rm() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    assert_eq!(mode(&d.join(".env.vault")), 0o600);
    assert_eq!(mode(&key_file(d)), 0o600);
    fails(d, &["init"], 2);
    ok(d, &["set", "API_KEY"], "v1 with = and \"quotes\"\n");
    ok(d, &["set", "DB"], "");
    assert_eq!(ok(d, &["get", "API_KEY"], ""), "v1 with = and \"quotes\"\n");
    assert_eq!(ok(d, &["get", "DB"], ""), "");
    assert_eq!(ok(d, &["list"], ""), "API_KEY\nDB\n");
    let err = fails(d, &["get", "MISSING"], 1);
    assert!(err.contains("MISSING"), "{err}");
    // A value pasted where its name belongs (a valid name here) is not repeated.
    for verb in ["get", "rm"] {
        let err = fails(d, &[verb, "AKIAZ4X7Q2M3N5P6R8T9"], 1);
        assert!(
            !err.contains("Z4X7Q2M3N5P6") && err.contains("not in"),
            "{err}"
        );
    }
    ok(d, &["rm", "API_KEY"], "");
    assert!(fails(d, &["rm", "API_KEY"], 1).contains("API_KEY"));
    assert_eq!(ok(d, &["list"], ""), "DB\n");
}

#[test]
fn file_and_keyfile_flags_on_every_verb() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let f = ["--file", "sub.vault", "--keyfile", "my.key"];
    ok(d, &[&["init"][..], &f].concat(), "");
    assert_eq!(mode(&d.join("my.key")), 0o600);
    ok(d, &[&["set", "A"][..], &f].concat(), "1");
    assert_eq!(ok(d, &[&["get", "A"][..], &f].concat(), ""), "1");
    assert_eq!(ok(d, &[&["list"][..], &f].concat(), ""), "A\n");
    assert_eq!(ok(d, &[&["export"][..], &f].concat(), ""), "A=1\n");
    write(d, "in.env", "B=2\n");
    ok(d, &[&["import", "in.env"][..], &f].concat(), "");
    ok(d, &[&["rm", "A"][..], &f].concat(), "");
    assert!(!d.join(".env.vault").exists());
    let no_key = fails(d, &["list", "--file", "sub.vault"], 2);
    assert!(
        no_key.contains("no key") && no_key.contains("--keyfile"),
        "{no_key}"
    );
    // HUSH_VAULT_KEY comes first and opens the same vault.
    let key = std::fs::read_to_string(d.join("my.key")).expect("key");
    let out = vault(d)
        .args(["list", "--file", "sub.vault"])
        .env("HUSH_VAULT_KEY", key.trim())
        .output()
        .expect("runs");
    assert_eq!(out.stdout, b"B\n");
    // ... even over a correct --keyfile; and HUSH_PASSPHRASE is ignored by a key-file vault.
    let out = vault(d)
        .args(["list", "--file", "sub.vault", "--keyfile", "my.key"])
        .env("HUSH_VAULT_KEY", "A".repeat(43))
        .env("HUSH_PASSPHRASE", "irrelevant")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong key or passphrase"));
}

#[test]
fn value_on_the_command_line_is_refused_without_echo() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    for args in [
        vec!["set", "A", PLANTED],
        vec!["set", &format!("A={PLANTED}")],
    ] {
        let err = fails(d, &args, 2);
        assert!(err.contains("command line"), "{err}");
        assert_absent(err.as_bytes(), PLANTED, "refusal");
    }
    assert_eq!(ok(d, &["list"], ""), "");
}

#[test]
fn planted_value_never_leaks() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "SECRET"], PLANTED);
    ok(d, &["set", "OTHER"], "x");
    let vault_file = d.join(".env.vault");
    let text = std::fs::read(&vault_file).expect("read");
    assert_absent(&text, PLANTED, "the vault file");
    let mut outputs = vec![
        run(d, &["list"], ""),
        run(d, &["rm", "OTHER"], ""),
        run(d, &["rm", "OTHER"], ""),
        run(d, &["get", "NOPE"], ""),
        run(d, &["set", "SECRET", PLANTED], ""),
    ];
    // Errors: wrong key, tampered file, bad key file permissions.
    let wrong = vault(d)
        .args(["get", "SECRET"])
        .env("HUSH_VAULT_KEY", "A".repeat(43))
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("wrong key or passphrase"));
    outputs.push(wrong);
    let good = std::fs::read_to_string(&vault_file).expect("read");
    let line = good
        .lines()
        .find(|l| l.starts_with("SECRET="))
        .expect("entry");
    let flipped = line.replace("hush:v1:", "hush:v1:A");
    std::fs::write(&vault_file, good.replace(line, &flipped)).expect("write");
    outputs.push(run(d, &["get", "SECRET"], ""));
    outputs.push(run(d, &["set", "SECRET"], "new"));
    std::fs::write(&vault_file, &good).expect("write");
    std::fs::set_permissions(key_file(d), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    outputs.push(run(d, &["get", "SECRET"], ""));
    std::fs::set_permissions(key_file(d), std::fs::Permissions::from_mode(0o600)).expect("chmod");
    // Import errors name the line, not the value.
    for (i, broken) in [
        format!("A=1\nB=\"{PLANTED}\n"),
        format!("A=1\n{PLANTED}\n"),
        format!("A=1\n9{PLANTED}=x\n"),
        format!("B='{PLANTED}' trailing\n"),
    ]
    .iter()
    .enumerate()
    {
        write(d, &format!("broken{i}.env"), broken);
        let out = run(d, &["import", &format!("broken{i}.env")], "");
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("line "));
        outputs.push(out);
    }
    for out in &outputs {
        assert_absent(&out.stdout, PLANTED, "stdout");
        assert_absent(&out.stderr, PLANTED, "stderr");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// Through the real binary: any UTF-8 value piped to `set` comes back byte for byte.
    #[test]
    fn cli_set_get_round_trip(
        name in "[A-Za-z_][A-Za-z0-9_]{0,20}",
        value in proptest::prop_oneof![
            proptest::prelude::any::<String>(),
            "[=\"' \n\r\t#$\\a-z]{0,40}",
            proptest::strategy::Just("x\n".repeat(32 * 1024)),
        ],
    ) {
        let dir = tempfile::tempdir().expect("tmp");
        let d = dir.path();
        init(d);
        ok(d, &["set", &name], &value);
        proptest::prop_assert_eq!(ok(d, &["get", &name], ""), value);
        proptest::prop_assert_eq!(ok(d, &["list"], ""), format!("{name}\n"));
    }
}

#[test]
fn key_file_readable_by_others_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "A"], "1");
    let key = key_file(d);
    for bad in [0o644, 0o640, 0o604, 0o660] {
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(bad)).expect("chmod");
        let err = fails(d, &["get", "A"], 2);
        assert!(err.contains("chmod 600"), "{err}");
    }
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert_eq!(ok(d, &["get", "A"], ""), "1");
}

#[test]
fn corrupt_truncated_or_tampered_file_fails_naming_the_line_and_is_left_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    ok(d, &["set", "A"], "1");
    ok(d, &["set", "B"], "2");
    let path = d.join(".env.vault");
    let good = std::fs::read_to_string(&path).expect("read");
    let lines: Vec<&str> = good.lines().collect();
    let cases = [
        (good[..good.len() - 20].to_owned(), "line 7"),
        (good.replace("#hush:vault v1", "#hush:vault v9"), "line 1"),
        (
            format!("{}\n{}\n", lines[..6].join("\n"), lines[5]),
            "line 7",
        ),
        (
            format!("{}\n{}\n{}\n", lines[..4].join("\n"), lines[5], lines[6]),
            "line 6",
        ),
        (good.replace("=hush:v1:", "=plaintext"), "line 5"),
    ];
    for (bad, line) in cases {
        std::fs::write(&path, &bad).expect("write");
        for args in [&["get", "A"][..], &["set", "C"], &["rm", "A"], &["list"]] {
            let err = fails(d, args, 2);
            assert!(err.contains(line), "{args:?}: {err}");
            assert_eq!(std::fs::read_to_string(&path).expect("read"), bad);
        }
    }
}

#[test]
fn import_keeps_order_and_comments_and_removes_plaintext_only_on_success() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    let dotenv = "\u{feff}# app\r\nexport NAME='x y'\r\n\r\nMULTI=\"a\\nb\"\r\nEMPTY=\r\n";
    write(d, ".env", dotenv);
    let broken = "A=1\nB=\"unterminated\n";
    write(d, "broken.env", broken);
    let before = std::fs::read(d.join(".env.vault")).expect("read");
    let err = fails(d, &["import", "broken.env", "--remove-plaintext"], 2);
    assert!(err.contains("line 2"), "{err}");
    assert!(d.join("broken.env").exists());
    assert_eq!(std::fs::read(d.join(".env.vault")).expect("read"), before);
    ok(d, &["import", ".env", "--remove-plaintext"], "");
    assert!(!d.join(".env").exists());
    assert_eq!(ok(d, &["list"], ""), "NAME\nMULTI\nEMPTY\n");
    assert_eq!(ok(d, &["get", "MULTI"], ""), "a\nb");
    assert_eq!(
        ok(d, &["export"], ""),
        "# app\nNAME='x y'\n\nMULTI=\"a\\nb\"\nEMPTY=\n"
    );
}

#[test]
fn passphrase_vault() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let with = |pass: &str| {
        let mut c = vault(d);
        c.env("HUSH_PASSPHRASE", pass);
        c
    };
    let out = with("correct horse saddles a violet comet")
        .args(["init", "--passphrase"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(!d.join("home/.config/hush/keys").exists(), "no key file");
    let out = with("correct horse saddles a violet comet")
        .args(["set", "A"])
        .write_stdin(PLANTED)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let out = with("correct horse saddles a violet comet")
        .args(["get", "A"])
        .output()
        .expect("runs");
    assert_eq!(out.stdout, PLANTED.as_bytes());
    let out = with("wrong horse")
        .args(["get", "A"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wrong key or passphrase"), "{err}");
    let err = fails(d, &["get", "A"], 2);
    assert!(err.contains("HUSH_PASSPHRASE"), "{err}");
}

/// Starts `hush vault set NAME` in `dir` (HOME and XDG_CONFIG_HOME inside it, no key variables)
/// with `value` written to its stdin, which is then closed.
fn spawn_set(dir: &Path, name: &str, value: &str) -> std::process::Child {
    use std::io::Write;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hush"))
        .current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE")
        .args(["vault", "set", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(value.as_bytes()).expect("writes");
    child
}

/// 20 `vault set` processes at once on one vault: every entry lands.
#[test]
fn parallel_sets_lose_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    let children: Vec<_> = (0..20)
        .map(|i| spawn_set(d, &format!("K{i:02}"), &format!("value {i}")))
        .collect();
    for mut c in children {
        assert!(c.wait().expect("waits").success());
    }
    let names = ok(d, &["list"], "");
    assert_eq!(names.lines().count(), 20, "{names}");
    for i in 0..20 {
        assert_eq!(
            ok(d, &["get", &format!("K{i:02}")], ""),
            format!("value {i}")
        );
    }
}

/// A `vault set` killed with SIGKILL at random moments leaves the old file or the new one.
#[test]
fn sigkill_mid_write_leaves_old_or_new() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    // Big enough that writing takes a while, small enough for a debug build (the AEAD's generic
    // code is compiled unoptimised into hush itself).
    let big: String = (0..300)
        .map(|i| format!("K{i}={}\n", "v".repeat(1000)))
        .collect();
    write(d, "big.env", big);
    ok(d, &["import", "big.env"], "");
    ok(d, &["set", "TARGET"], "old");
    let spawn = |value: &str| spawn_set(d, "TARGET", value);
    let start = Instant::now();
    assert!(spawn("old").wait().expect("waits").success());
    let full = start.elapsed().as_micros().max(1000) as u64;
    let mut seed = u64::from(std::process::id()) ^ full;
    let temps = || {
        std::fs::read_dir(d)
            .expect("lists")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .count()
    };
    let (mut prev, mut mid_write) = ("old".to_owned(), 0);
    for round in 0..16 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let new = format!("new {round}");
        let before = temps();
        let mut child = spawn(&new);
        if round % 2 == 0 {
            // Anywhere in the process's life.
            std::thread::sleep(Duration::from_micros((seed >> 33) % full));
        } else {
            // Once the temp file exists, i.e. during the write, plus up to 0.2 ms.
            while temps() == before && child.try_wait().expect("polls").is_none() {}
            std::thread::sleep(Duration::from_micros((seed >> 33) % 200));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        mid_write += usize::from(temps() > before);
        let got = ok(d, &["get", "TARGET"], "");
        assert!(got == prev || got == new, "round {round}: {got:?}");
        assert_eq!(ok(d, &["list"], "").lines().count(), 301);
        prev = got;
    }
    eprintln!("sigkill: {mid_write} of 16 kills left a temp file (killed mid-write)");
    assert!(mid_write > 0, "no kill landed during a write");
}

/// Committed test vectors (as age's tests/test_vectors.rs): every `good_*` opens to the same
/// plaintext with the v1 reader forever; every `fail_*` fails, naming the expected line.
#[test]
fn test_vectors() {
    use hush::vault::{ExposeSecret, KeySource, SecretKey, SecretString, Vault, VaultError};
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vault");
    let key_text = std::fs::read_to_string(data.join("test_vector.key")).expect("key");
    let key = || KeySource::Key(SecretKey::from_base64(&key_text).expect("test key"));
    let expected = "# hush test vector: synthetic values only\n\
                    DATABASE_URL=postgres://app:not-a-real-password@db/app\n\n\
                    # multi-line and unicode\n\
                    MULTI=\"line one\\nline two\"\nUNICODE='héllo ✓'\nEMPTY=\n";
    let good = Vault::open(&data.join("good_keyfile.vault"), &key()).expect("good opens");
    assert_eq!(&*good.export_dotenv(), expected);
    let pass = KeySource::Passphrase(SecretString::from("hush test vector"));
    let good = Vault::open(&data.join("good_passphrase.vault"), &pass).expect("good opens");
    assert_eq!(
        good.get("MULTI").expect("present").expose_secret(),
        "line one\nline two"
    );
    let cases = [
        ("fail_comment.vault", Some(12)),
        ("fail_deleted.vault", Some(11)),
        ("fail_duplicate.vault", Some(7)),
        ("fail_header.vault", None),
        ("fail_hostile_kdf.vault", Some(3)),
        ("fail_swapped.vault", Some(9)),
        ("fail_truncated.vault", Some(11)),
        ("fail_version.vault", Some(1)),
    ];
    let listed = std::fs::read_dir(&data)
        .expect("lists")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("fail_"))
        })
        .count();
    assert_eq!(listed, cases.len(), "every fail_ vector has a case");
    for (file, line) in cases {
        let err = Vault::open(&data.join(file), &key()).expect_err(file);
        let got = match &err {
            VaultError::Format { source, .. } | VaultError::Tampered { source, .. } => {
                Some(source.line())
            }
            VaultError::WrongKey => None,
            other => panic!("{file}: unexpected {other}"),
        };
        assert_eq!(got, line, "{file}: {err}");
    }
}
