//! Prompts on a real pseudo-terminal (through `script(1)`): the passphrase is asked first and
//! on the controlling terminal even when stdin is a pipe, new passphrases are checked for
//! strength and asked again on a mismatch, three attempts in all; scripts use a file.

use crate::util::{assert_absent, assert_success};
use crate::vault::vault;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASS: &str = "violet harbor lantern sings";
const VALUE: &str = "planted-prompt-Wq3Zr8Kx5Nm1";

/// A shell command line run on a fresh pseudo-terminal by `script`, whose output is collected
/// by a thread so the test can wait for prompts.
struct Terminal {
    child: Child,
    input: ChildStdin,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn start(dir: &Path, line: &str) -> Self {
        let mut child = Command::new("script")
            .args(["-qec", line, "/dev/null"])
            .current_dir(dir)
            .env("HOME", dir.join("home"))
            .env("XDG_CONFIG_HOME", dir.join("home/.config"))
            .env_remove("HUSH_PASSPHRASE")
            .env_remove("HUSH_VAULT_KEY")
            .env_remove("HUSH_PASSPHRASE_FILE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("script(1) runs");
        let input = child.stdin.take().expect("stdin");
        let mut stdout = child.stdout.take().expect("stdout");
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            while let Ok(n @ 1..) = stdout.read(&mut buf) {
                sink.lock().expect("lock").extend_from_slice(&buf[..n]);
            }
        });
        Self {
            child,
            input,
            output,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().expect("lock")).into_owned()
    }

    /// Waits until the output holds `want` `times` times in all.
    fn expect(&self, want: &str, times: usize) {
        let start = Instant::now();
        while self.text().matches(want).count() < times {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {want:?}; got {:?}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, line: &str) {
        // The prompt is written just before echo goes off: what a user (or this test) types
        // in between is echoed by the terminal. Under load that gap is long enough to hit.
        std::thread::sleep(Duration::from_millis(300));
        self.input
            .write_all(format!("{line}\r").as_bytes())
            .expect("types");
        self.input.flush().expect("flushes");
    }

    fn finish(mut self) -> (Option<i32>, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("polls") {
                break s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "hung: {}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(50));
        (status.code(), self.text())
    }
}

fn hush_bin() -> String {
    let path = assert_cmd::cargo::cargo_bin("hush");
    format!("'{}'", path.display())
}

fn passphrase_vault(dir: &Path) {
    let out = vault(dir)
        .env("HUSH_PASSPHRASE", PASS)
        .args(["init", "--passphrase"])
        .output()
        .expect("runs");
    assert_success(&out);
}

fn get(dir: &Path, name: &str) -> Vec<u8> {
    let out = vault(dir)
        .env("HUSH_PASSPHRASE", PASS)
        .args(["get", name])
        .output()
        .expect("runs");
    assert_success(&out);
    out.stdout
}

/// `printf … | hush vault set NAME` on a passphrase vault: the passphrase comes from the
/// terminal, the value from the pipe, and the value is never shown.
#[test]
fn passphrase_is_asked_on_the_terminal_when_stdin_is_a_pipe() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    passphrase_vault(d);
    let line = format!("printf %s {VALUE} | {} vault set PIPED", hush_bin());
    let mut term = Terminal::start(d, &line);
    term.expect("passphrase for .env.vault: ", 1);
    term.send(PASS);
    let (code, text) = term.finish();
    assert_eq!(code, Some(0), "{text}");
    assert_absent(text.as_bytes(), VALUE, "the terminal");
    assert_eq!(get(d, "PIPED"), VALUE.as_bytes());
}

/// With stdin a terminal too, the passphrase is asked before the value, so a wrong passphrase
/// fails before anything was typed for the value.
#[test]
fn passphrase_is_asked_before_the_value() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    passphrase_vault(d);
    let line = format!("{} vault set TYPED", hush_bin());
    let mut term = Terminal::start(d, &line);
    term.expect("passphrase for .env.vault: ", 1);
    assert!(!term.text().contains("value for"), "{}", term.text());
    term.send("not the passphrase at all");
    let (code, text) = term.finish();
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("wrong key or passphrase") && !text.contains("value for"),
        "{text}"
    );
    let mut term = Terminal::start(d, &line);
    term.expect("passphrase for .env.vault: ", 1);
    term.send(PASS);
    term.expect("value for TYPED: ", 1);
    term.send(VALUE);
    let (code, text) = term.finish();
    assert_eq!(code, Some(0), "{text}");
    assert_absent(text.as_bytes(), VALUE, "the terminal");
    assert_eq!(get(d, "TYPED"), VALUE.as_bytes());
}

/// `init --passphrase` at a terminal: a weak passphrase and a mismatch are each asked again;
/// the third attempt counts.
#[test]
fn init_refuses_a_weak_passphrase_and_retries_a_mismatch() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let line = format!("{} vault init --passphrase", hush_bin());
    let mut term = Terminal::start(d, &line);
    term.expect("new passphrase: ", 1);
    term.send("a");
    term.expect("too easy to guess", 1);
    term.expect("new passphrase: ", 2);
    term.send(PASS);
    term.expect("repeat new passphrase: ", 1);
    term.send("violet harbor lantern sang");
    term.expect("differ; try again (1 left)", 1);
    term.expect("new passphrase: ", 4);
    term.send(PASS);
    term.expect("repeat new passphrase: ", 2);
    term.send(PASS);
    let (code, text) = term.finish();
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("try again (2 left)"), "{text}");
    assert!(d.join(".env.vault").exists());
    let out = vault(d)
        .env("HUSH_PASSPHRASE", PASS)
        .arg("list")
        .output()
        .expect("runs");
    assert_success(&out);
}

/// Three failed attempts: exit 2 and no vault written.
#[test]
fn init_gives_up_after_three_attempts_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let line = format!("{} vault init --passphrase", hush_bin());
    let mut term = Terminal::start(d, &line);
    for n in 1..=3 {
        term.expect("new passphrase: ", n);
        term.send("password");
    }
    let (code, text) = term.finish();
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("3 attempts"), "{text}");
    assert!(!d.join(".env.vault").exists());
}

/// Scripts: `--passphrase-file` and `HUSH_PASSPHRASE_FILE` (first line), no terminal needed;
/// a weak passphrase from a file or the environment is refused by `init` too.
#[test]
fn passphrase_file_for_scripts_and_weak_ones_refused_from_any_source() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    std::fs::write(d.join("weak"), "a\n").expect("writes");
    let out = vault(d)
        .args(["init", "--passphrase", "--passphrase-file", "weak"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too easy to guess"));
    let out = vault(d)
        .env("HUSH_PASSPHRASE", "a")
        .args(["init", "--passphrase"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.join(".env.vault").exists());
    std::fs::write(d.join("pass"), format!("{PASS}\n")).expect("writes");
    let out = vault(d)
        .args(["init", "--passphrase", "--passphrase-file", "pass"])
        .output()
        .expect("runs");
    assert_success(&out);
    let out = vault(d)
        .env("HUSH_PASSPHRASE_FILE", d.join("pass"))
        .args(["set", "A"])
        .write_stdin(VALUE)
        .output()
        .expect("runs");
    assert_success(&out);
    let out = vault(d)
        .args(["get", "A", "--passphrase-file", "pass"])
        .output()
        .expect("runs");
    assert_eq!(out.stdout, VALUE.as_bytes());
}
