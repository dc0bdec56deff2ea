//! Unit tests of the agent's listening end, driven without `run`.

use super::*;
use crate::vault::SecretKey;
use std::io::{Read as _, Write as _};

impl Agent {
    /// Accepts and serves one connection (tests drive the agent without `run`).
    pub(crate) fn serve_next(&mut self) {
        let (stream, _) = self.listener.accept().expect("accepts");
        self.serve(stream, &mut |_| {});
    }

    /// Serves one connection as `run` does, waiting for it up to its deadline.
    pub(crate) fn serve(&mut self, stream: UnixStream, log: &mut dyn FnMut(&str)) {
        let mut p = Pending::new(stream, Instant::now()).expect("non-blocking");
        let line = loop {
            match p.read() {
                Progress::Done(line) => break line,
                Progress::Waiting if Instant::now() >= p.deadline() => {
                    break Err(io::ErrorKind::TimedOut.into());
                }
                Progress::Waiting => std::thread::sleep(Duration::from_millis(2)),
            }
        };
        let reply = self.answer(&p.peer, line, log);
        p.finish(&reply);
    }
}

fn ask(socket: &Path, line: &str) -> String {
    let mut s = UnixStream::connect(socket).expect("connects");
    s.write_all(line.as_bytes()).expect("writes");
    let mut out = String::new();
    // A reset is a fine answer too (the agent may close with the request unread).
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn serves_its_user_and_survives_garbage() {
    let dir = tempfile::tempdir().expect("tmp");
    let sock = dir.path().join("a/agent.sock");
    let mut agent =
        Agent::bind(&sock, Duration::from_secs(60), super::super::current_uid()).expect("binds");
    assert!(matches!(
        Agent::bind(&sock, Duration::from_secs(1), 0),
        Err(AgentError::AlreadyRunning(_))
    ));
    let key = SecretKey::generate().to_base64().to_string();
    let requests = [
        "GET s\n".to_owned(),
        format!("PUT s {key}\n"),
        "GET s\n".to_owned(),
        "nonsense\n".to_owned(),
        format!("{}\n", "x".repeat(5000)),
        "LOCK\n".to_owned(),
        "GET s\n".to_owned(),
    ];
    let t = std::thread::spawn({
        let sock = sock.clone();
        move || requests.iter().map(|r| ask(&sock, r)).collect::<Vec<_>>()
    });
    let mut logs = Vec::new();
    // The second bind's probe connection is served first (and gets an error reply).
    for _ in 0..8 {
        let (stream, _) = agent.listener.accept().expect("accepts");
        agent.serve(stream, &mut |l| logs.push(l.to_owned()));
    }
    let replies = t.join().expect("client");
    assert_eq!(replies[0], "MISS\n");
    assert_eq!(replies[1], "OK\n");
    assert_eq!(replies[2], format!("KEY {key}\n"));
    assert!(replies[3].starts_with("ERR "));
    assert!(replies[4].is_empty() || replies[4].starts_with("ERR "));
    assert_eq!(replies[6], "MISS\n");
    assert!(logs.iter().any(|l| l.contains("locked")));
    drop(agent);
    assert!(!sock.exists(), "socket removed on drop");
}
