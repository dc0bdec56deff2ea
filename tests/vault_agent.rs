//! `hush vault agent` and `vault lock` end to end: a real agent process, real clients.
//!
//! Every agent runs on a socket inside the test's temp directory and is killed when its guard
//! drops. A second real user is not available here: the refusal of other users is tested with
//! the hidden `--allow-uid`, which makes the agent expect a uid that is not ours.

use crate::util::{assert_absent, assert_success};
use crate::vault::vault;
use std::io::{BufRead as _, BufReader, Read as _};
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const PASS: &str = "agent-pass-Hq4wZx9Lm2Vt";
const VALUE: &str = "planted-agent-Rb7nK3pQ8sYd";

/// A running agent; killed (SIGKILL) on drop unless stopped first.
struct AgentGuard {
    child: Child,
    socket: PathBuf,
    out: Vec<u8>,
}

impl AgentGuard {
    fn start(dir: &Path, extra: &[&str]) -> Self {
        let socket = dir.join("run/agent.sock");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("hush"))
            .args(["vault", "agent", "--socket"])
            .arg(&socket)
            .args(extra)
            .env_remove("HUSH_PASSPHRASE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("agent starts");
        // The first line appears once the socket listens.
        let mut line = String::new();
        let stdout = child.stdout.as_mut().expect("piped");
        BufReader::new(stdout).read_line(&mut line).expect("reads");
        let want = format!(
            "HUSH_AGENT_SOCK='{}'; export HUSH_AGENT_SOCK;\n",
            socket.display()
        );
        assert_eq!(line, want);
        let out = line.into_bytes();
        Self { child, socket, out }
    }

    /// SIGTERM, then everything the agent wrote: (status code, stdout, stderr).
    fn stop(mut self) -> (Option<i32>, Vec<u8>, Vec<u8>) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.expect("kill runs").success());
        let status = self.child.wait().expect("agent exits");
        let mut out = std::mem::take(&mut self.out);
        let mut err = Vec::new();
        if let Some(s) = self.child.stdout.as_mut() {
            s.read_to_end(&mut out).expect("reads");
        }
        if let Some(s) = self.child.stderr.as_mut() {
            s.read_to_end(&mut err).expect("reads");
        }
        (status.code(), out, err)
    }
}

impl Drop for AgentGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A passphrase vault in `dir` holding `A` = [`VALUE`].
fn passphrase_vault(dir: &Path) {
    let run = |args: &[&str], stdin: &str| {
        let out = vault(dir)
            .env("HUSH_PASSPHRASE", PASS)
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("runs");
        assert_success(&out);
    };
    run(&["init", "--passphrase"], "");
    run(&["set", "A"], VALUE);
}

/// `vault get A` with the agent's socket set, and the passphrase only if `pass`.
fn get(dir: &Path, socket: &Path, pass: bool) -> Output {
    let mut cmd = vault(dir);
    cmd.env("HUSH_AGENT_SOCK", socket).args(["get", "A"]);
    if pass {
        cmd.env("HUSH_PASSPHRASE", PASS);
    }
    let out = cmd.write_stdin("").output().expect("runs");
    assert_absent(&out.stdout, PASS, "stdout");
    assert_absent(&out.stderr, PASS, "stderr");
    assert_absent(&out.stderr, VALUE, "stderr");
    out
}

fn assert_value(out: &Output) {
    assert_success(out);
    assert_eq!(out.stdout, VALUE.as_bytes());
}

fn assert_no_key(out: &Output) {
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HUSH_PASSPHRASE"));
}

fn stop_clean(agent: AgentGuard) -> Vec<u8> {
    let socket = agent.socket.clone();
    let (code, out, err) = agent.stop();
    assert_eq!(code, Some(0), "{}", String::from_utf8_lossy(&err));
    assert!(!socket.exists(), "the socket is removed on SIGTERM");
    for (bytes, what) in [(&out, "agent stdout"), (&err, "agent stderr")] {
        assert_absent(bytes, PASS, what);
        assert_absent(bytes, VALUE, what);
    }
    err
}

#[test]
fn agent_keeps_the_key_until_lock() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    passphrase_vault(d);
    let agent = AgentGuard::start(d, &["--ttl", "10m"]);
    let sock = agent.socket.clone();
    assert_eq!(
        std::fs::metadata(&sock).expect("socket").mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(d.join("run")).expect("dir").mode() & 0o777,
        0o700
    );
    assert_no_key(&get(d, &sock, false));
    assert_value(&get(d, &sock, true));
    // No passphrase anywhere now: only the agent can open it.
    assert_value(&get(d, &sock, false));
    let out = vault(d)
        .env("HUSH_AGENT_SOCK", &sock)
        .arg("list")
        .output()
        .expect("runs");
    assert_eq!(out.stdout, b"A\n");
    let locked = vault(d)
        .env("HUSH_AGENT_SOCK", &sock)
        .arg("lock")
        .output()
        .expect("runs");
    assert!(locked.status.success());
    assert_no_key(&get(d, &sock, false));
    let err = stop_clean(agent);
    assert!(String::from_utf8_lossy(&err).contains("forgot every key"));
}

#[test]
fn keys_expire_after_the_ttl() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    passphrase_vault(d);
    let agent = AgentGuard::start(d, &["--ttl", "1s"]);
    assert_value(&get(d, &agent.socket, true));
    std::thread::sleep(Duration::from_millis(1500));
    assert_no_key(&get(d, &agent.socket, false));
    stop_clean(agent);
}

#[test]
fn agent_refuses_other_users() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    passphrase_vault(d);
    let me = std::fs::metadata(d).expect("stat").uid();
    let other = (me + 1).to_string();
    let agent = AgentGuard::start(d, &["--allow-uid", &other]);
    // Refused: the client warns, derives the key itself, and nothing is kept.
    let out = get(d, &agent.socket, true);
    assert_value(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("forbidden"), "{err}");
    assert_no_key(&get(d, &agent.socket, false));
    let lock = vault(d)
        .env("HUSH_AGENT_SOCK", &agent.socket)
        .arg("lock")
        .output();
    assert_eq!(lock.expect("runs").status.code(), Some(2));
    let err = stop_clean(agent);
    assert!(String::from_utf8_lossy(&err).contains(&format!("refused a client of uid {me}")));
}

#[test]
fn loose_socket_permissions_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    passphrase_vault(d);
    let agent = AgentGuard::start(d, &[]);
    let chmod = |p: &Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    let run_dir = d.join("run");
    for (path, loose, tight) in [(&agent.socket, 0o666, 0o600), (&run_dir, 0o777, 0o700)] {
        chmod(path, loose);
        let out = get(d, &agent.socket, true);
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("refusing agent socket"), "{err}");
        chmod(path, tight);
    }
    // Nothing was handed to the loose socket.
    assert_no_key(&get(d, &agent.socket, false));
    stop_clean(agent);
}

#[test]
fn a_dead_agent_is_survived() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    passphrase_vault(d);
    let mut agent = AgentGuard::start(d, &[]);
    let sock = agent.socket.clone();
    assert_value(&get(d, &sock, true));
    agent.child.kill().expect("kills");
    agent.child.wait().expect("reaped");
    assert!(sock.exists(), "SIGKILL leaves the socket behind");
    let survive = || {
        let out = get(d, &sock, true);
        assert_value(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("warning") && err.contains("no agent"), "{err}");
        assert_no_key(&get(d, &sock, false));
    };
    survive();
    // A new agent replaces the stale socket, starts empty, and removes its socket on SIGTERM.
    let agent = AgentGuard::start(d, &[]);
    assert_no_key(&get(d, &sock, false));
    assert_value(&get(d, &sock, true));
    assert_value(&get(d, &sock, false));
    stop_clean(agent);
    survive();
}

/// Issue 19.6: the agent's 2 s is a deadline for the whole request, not a timeout per read,
/// and it reads every client at once: one that trickles a byte every 100 ms is cut off on
/// time, and a client arriving after it is answered while it is still trickling.
#[test]
fn a_trickling_client_is_cut_off_on_time_and_stalls_no_one() {
    use std::io::Write as _;
    use std::os::unix::net::UnixStream;
    use std::time::Instant;
    let dir = tempfile::tempdir().expect("tmp");
    let agent = AgentGuard::start(dir.path(), &[]);
    let mut slow = UnixStream::connect(&agent.socket).expect("connects");
    let started = Instant::now();
    slow.write_all(b"GET ").expect("writes");
    let mut slow_reader = slow.try_clone().expect("clones");
    let reader = std::thread::spawn(move || {
        let mut reply = String::new();
        let _ = slow_reader.read_to_string(&mut reply);
        (reply, Instant::now())
    });
    let writer = std::thread::spawn(move || {
        while started.elapsed() < Duration::from_secs(20) && slow.write_all(b"a").is_ok() {
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    let mut fast = UnixStream::connect(&agent.socket).expect("connects");
    fast.write_all(b"GET s\n").expect("writes");
    let mut fast_reply = String::new();
    fast.read_to_string(&mut fast_reply).expect("reads");
    let fast_done = Instant::now();
    let (slow_reply, slow_closed) = reader.join().expect("reader");
    writer.join().expect("writer");
    assert_eq!(fast_reply, "MISS\n");
    assert!(
        fast_done < slow_closed,
        "the fast client waited for the slow one"
    );
    assert!(slow_reply.starts_with("ERR too slow"), "{slow_reply:?}");
    let took = slow_closed - started;
    // 2 s plus scheduling slack on a loaded machine; a per-read timeout would never fire here.
    assert!(
        took < Duration::from_secs(8),
        "slow client held for {took:?}"
    );
    let err = stop_clean(agent);
    assert!(
        !String::from_utf8_lossy(&err).contains("GET"),
        "request echoed"
    );
}
