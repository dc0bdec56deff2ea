//! Issue 19 (hardening): regression tests for what an attack trial broke, each named after
//! what it guards. The agent's deadline is in `vault_agent.rs`, missing git objects in
//! `cli_git.rs`, next to the helpers they use.

use crate::util::{assert_absent, github_token, hush, write};
use crate::vault::{init, ok, vault};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

fn secret() -> String {
    github_token("ghp_", "Zr8Kq2Wm5Tn7Xb4Vc9Ld3Hf6Js1PaQ")
}

/// Runs `hush ARGS` through `sh` with `prelude` first (a `ulimit`, a `umask`).
fn sh_hush(dir: &Path, prelude: &str, args: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("hush");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{prelude}; exec '{}' {args}", bin.display()))
        .current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE")
        .output()
        .expect("sh runs")
}

/// 19.1: a 549-byte `.env` whose every value references the previous one twice would reach
/// 2^40 bytes; the expansion is refused (exit 2, naming the line) before it allocates, under a
/// 512 MiB address-space limit, and the vault is left as it was.
#[test]
fn dotenv_doubling_bomb_is_refused_before_it_allocates() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    let before = std::fs::read(d.join(".env.vault")).expect("vault");
    let mut bomb = String::from("V0=abcdefghabcdefghabcdefghabcdefgh\n");
    let mut n = 1;
    while bomb.len() < 549 - 20 {
        bomb.push_str(&format!("V{n}=\"${{V{}}}${{V{}}}\"\n", n - 1, n - 1));
        n += 1;
    }
    bomb.push_str(&"#".repeat(548 - bomb.len()));
    bomb.push('\n');
    assert_eq!(bomb.len(), 549);
    write(d, "bomb.env", &bomb);
    let out = sh_hush(d, "ulimit -v 524288", "vault import bomb.env");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("line ") && err.contains("longer than 1 MiB"),
        "{err}"
    );
    assert_absent(&out.stderr, "abcdefghabcdefgh", "stderr");
    assert_eq!(std::fs::read(d.join(".env.vault")).expect("vault"), before);
}

/// 19.1: 4,000 references to a 1,000-byte value (4 MB) pass the 1 MiB value limit: refused
/// before copying, naming the line; 1,000 references (1 MB) still import.
#[test]
fn dotenv_many_references_past_the_value_limit_are_refused_and_below_it_import() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    let big = "k".repeat(1000);
    write(
        d,
        "many.env",
        format!("BIG={big}\nALL={}\n", "${BIG}".repeat(4000)),
    );
    let out = vault(d)
        .args(["import", "many.env"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("line 2") && err.contains("1 MiB"), "{err}");
    assert_absent(&out.stderr, &big[..100], "stderr");
    write(
        d,
        "fits.env",
        format!("BIG={big}\nALL={}\n", "${BIG}".repeat(1000)),
    );
    ok(d, &["import", "fits.env"], "");
    assert_eq!(ok(d, &["get", "ALL"], "").len(), 1_000_000);
}

/// 19.3: a token pasted alone on a line of a `.env` is skipped with a warning naming the line,
/// never the token.
#[test]
fn import_warning_for_a_bare_line_names_the_line_not_its_text() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    let token = secret();
    write(d, "app.env", format!("A=1\n{token}\nB=2\n"));
    let out = vault(d).args(["import", "app.env"]).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2"), "{err}");
    assert_absent(&out.stderr, &token, "stderr");
    assert_absent(&out.stdout, &token, "stdout");
}

/// 19.3: TOML errors of `--config`, `--rules` and `vault check --schema` give line, column
/// and kind; never the source line, a value it quotes, or a raw control character.
#[test]
fn toml_errors_give_position_and_kind_without_source_or_escapes() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let token = secret();
    let syntax = format!("# settings\n\nkey = \"{token}\" \x1b[2J garbage\n");
    let shape = format!("[[rule]]\nid = \"x\"\nkeywords = \"{token}\"\n");
    write(d, "bad-syntax.toml", &syntax);
    write(d, "rules-syntax/r.toml", &syntax);
    write(d, "rules-shape/r.toml", &shape);
    write(
        d,
        "schema.toml",
        format!("[vars.A]\nmin_length = \"{token}\"\n"),
    );
    write(d, "tree/a.txt", "nothing\n");
    init(d);
    let runs: [&[&str]; 4] = [
        &["scan", "--config", "bad-syntax.toml", "tree"],
        &["scan", "--rules", "rules-syntax", "tree"],
        &["scan", "--rules", "rules-shape", "tree"],
        &["vault", "check", "--schema", "schema.toml"],
    ];
    for args in runs {
        let out = hush()
            .args(args)
            .current_dir(d)
            .env("HOME", d.join("home"))
            .env("XDG_CONFIG_HOME", d.join("home/.config"))
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        // Rule shapes are checked per rule (named by id), after the TOML parsed.
        let located = args[1] == "--rules" && args[2] == "rules-shape"
            || err.contains("line 3, column")
            || err.contains("line 2, column");
        assert!(located, "{args:?}: {err}");
        assert_absent(&out.stderr, &token, "stderr");
        assert_absent(&out.stderr, "garbage", "stderr");
        assert!(!out.stderr.contains(&0x1b), "{args:?}: raw ESC in {err}");
    }
}

/// 19.3: argv values are masked as findings are: an invalid name given to `vault set` (a
/// token pasted in the wrong place) and an unknown revision given to `hush git`.
#[test]
fn argv_values_in_errors_are_masked() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    init(d);
    let token = secret();
    let bad_name = format!("{token}-x");
    let out = vault(d)
        .args(["set", &bad_name])
        .write_stdin("v")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("invalid name ghp_…"), "{err}");
    assert_absent(&out.stderr, &token, "vault set stderr");
    let status = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(d)
        .status()
        .expect("git runs");
    assert!(status.success());
    for rev in [
        token.clone(),
        format!("main..{token}"),
        format!("{token}...HEAD"),
    ] {
        let out = hush()
            .args(["git", &rev])
            .current_dir(d)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_absent(&out.stderr, &token, "hush git stderr");
        assert_absent(&out.stderr, &token[4..20], "hush git stderr");
    }
}

/// 19.4: `--output FILE` is created 0600 even under umask 000 (a `--show-secrets` report must
/// not be world-readable), and an existing file's mode is not widened.
#[test]
fn output_file_is_created_0600_under_umask_000_and_never_widened() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "tree/a.env", format!("TOKEN={}\n", secret()));
    let mode = |p: &str| {
        std::fs::metadata(d.join(p))
            .expect("stat")
            .permissions()
            .mode()
            & 0o777
    };
    let out = sh_hush(d, "umask 000", "scan tree --show-secrets --output new.txt");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode("new.txt"), 0o600);
    write(d, "narrow.txt", "old");
    std::fs::set_permissions(
        d.join("narrow.txt"),
        std::fs::Permissions::from_mode(0o400 | 0o200),
    )
    .expect("chmod");
    let out = sh_hush(
        d,
        "umask 000",
        "scan tree --format json --output narrow.txt",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode("narrow.txt"), 0o600);
    assert!(
        std::fs::read_to_string(d.join("narrow.txt"))
            .expect("read")
            .starts_with('[')
    );
}

/// 19.5: a hunk header whose start would wrap the line counter (or is absurd) is a clear
/// error (exit 2, naming the diff line), never a finding at line 0, in SARIF or otherwise.
#[test]
fn hunk_header_overflow_is_exit_2_and_sarif_never_gets_line_0() {
    let token = secret();
    for header in [
        "@@ -1 +18446744073709551615,2 @@",
        "@@ -1 +99999999999999999999,1 @@",
        "@@ -1 +0,1 @@",
    ] {
        let diff = format!("--- a/x.env\n+++ b/x.env\n{header}\n+T={token}\n+x\n");
        let out = hush()
            .args(["diff", "--format", "sarif"])
            .write_stdin(diff)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{header}: {err}");
        assert!(err.contains("line 3"), "{err}");
        assert_absent(&out.stderr, &token, "stderr");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("\"startLine\": 0"));
    }
}
