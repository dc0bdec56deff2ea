//! [`Agent`]: the listening end. Single-threaded: it polls the socket, a signal pipe and the
//! next expiry; each connection gets one request, one reply, then is closed.

use super::protocol::{self, Reply, Request};
use super::{AgentError, check_private, io_err, peer_allowed, peer_uid, socket_dir};
use crate::vault::{SecretCache, SecretKey};
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use std::io::{self, Write as _};
use std::os::unix::fs::{DirBuilderExt as _, FileTypeExt as _};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// How long one client may take to send its request or read the reply.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(2);
/// Most keys kept at once, so a runaway client cannot grow the agent without bound.
const MAX_ENTRIES: usize = 1024;

/// A running agent: its socket, its keys and the uid it serves. Dropping it removes the socket
/// and zeroizes every key.
pub struct Agent {
    listener: UnixListener,
    socket: PathBuf,
    signals: UnixStream,
    wake: UnixStream,
    cache: SecretCache,
    allowed_uid: u32,
}

impl Agent {
    /// Listens on `socket`, keeping each key for `ttl` and serving only `allowed_uid`.
    ///
    /// The socket's directory is created (mode 0700) if missing and must be private to the
    /// caller; a stale socket is replaced, a live one is an [`AgentError::AlreadyRunning`].
    pub fn bind(socket: &Path, ttl: Duration, allowed_uid: u32) -> Result<Self, AgentError> {
        let dir = socket_dir(socket);
        match std::fs::DirBuilder::new().mode(0o700).create(dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                return Err(io_err("creating", dir)(e));
            }
            _ => {}
        }
        check_private(dir, true, super::current_uid())?;
        if let Ok(md) = std::fs::symlink_metadata(socket) {
            if !md.file_type().is_socket() {
                let why = "exists and is not a socket";
                let path = socket.to_owned();
                return Err(AgentError::Unsafe { path, why });
            }
            if UnixStream::connect(socket).is_ok() {
                return Err(AgentError::AlreadyRunning(socket.to_owned()));
            }
            std::fs::remove_file(socket).map_err(io_err("removing stale socket", socket))?;
        }
        let (signals, wake) = UnixStream::pair().map_err(io_err("signal pipe for", socket))?;
        // Created 0600 from the start: there is no moment when others could connect.
        let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o177));
        let listener = UnixListener::bind(socket);
        rustix::process::umask(old);
        let listener = listener.map_err(io_err("listening on", socket))?;
        Ok(Self {
            listener,
            socket: socket.to_owned(),
            signals,
            wake,
            cache: SecretCache::new(ttl),
            allowed_uid,
        })
    }

    /// The socket path.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Serves requests until SIGTERM, SIGINT or SIGHUP; expired keys are zeroized on time.
    /// `log` receives one line per notable event (a refused peer, a lock, memory that could not
    /// be locked), never a key. SIGTERM, SIGINT and SIGHUP are caught from here on (for the
    /// rest of the process) and make it return, so that dropping the agent removes its socket.
    pub fn run(&mut self, log: &mut dyn FnMut(&str)) -> io::Result<()> {
        for sig in [libc_sig::TERM, libc_sig::INT, libc_sig::HUP] {
            signal_hook::low_level::pipe::register(sig, self.wake.try_clone()?)?;
        }
        let mut warned_unlocked = false;
        loop {
            self.cache.expire();
            let timeout = self.cache.next_expiry().map(|t| {
                let wait = t.saturating_duration_since(Instant::now()) + Duration::from_millis(1);
                Timespec::try_from(wait).expect("a TTL fits a timespec")
            });
            let mut fds = [
                PollFd::new(&self.listener, PollFlags::IN),
                PollFd::new(&self.signals, PollFlags::IN),
            ];
            match poll(&mut fds, timeout.as_ref()) {
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
                Ok(_) => {}
            }
            if !fds[1].revents().is_empty() {
                return Ok(());
            }
            if fds[0].revents().is_empty() {
                continue;
            }
            if let Ok((stream, _)) = self.listener.accept() {
                self.serve(stream, log);
            }
            if !warned_unlocked && !self.cache.memory_locked() {
                warned_unlocked = true;
                log("could not lock keys into RAM (RLIMIT_MEMLOCK?); they may reach swap");
            }
        }
    }

    /// One connection: check the peer, read one request, write one reply. Errors only end
    /// this connection.
    fn serve(&mut self, mut stream: UnixStream, log: &mut dyn FnMut(&str)) {
        let _ = stream.set_read_timeout(Some(CLIENT_TIMEOUT));
        let _ = stream.set_write_timeout(Some(CLIENT_TIMEOUT));
        let peer = peer_uid(&stream);
        // Read (bounded, with a timeout) even from a refused peer, so that closing after the
        // reply does not reset the connection before the peer has read it.
        let line = protocol::read_line(&mut stream);
        let reply = if !peer_allowed(&peer, self.allowed_uid) {
            let who = peer.map_or_else(|_| "unknown".to_owned(), |uid| uid.to_string());
            log(&format!("refused a client of uid {who}"));
            Reply::Err("forbidden: not the agent's user".to_owned())
        } else {
            match line {
                Err(_) => Reply::Err("unreadable request".to_owned()),
                Ok(line) => match Request::parse(&line) {
                    Err(why) => Reply::Err(why.to_owned()),
                    Ok(req) => self.handle(req, log),
                },
            }
        };
        let _ = stream.write_all(reply.encode().as_bytes());
    }

    fn handle(&mut self, req: Request, log: &mut dyn FnMut(&str)) -> Reply {
        match req {
            Request::Get(slot) => match self.cache.get(&slot) {
                Some(bytes) => match <[u8; crate::vault::KEY_LEN]>::try_from(&bytes[..]) {
                    Ok(k) => Reply::Key(SecretKey::from_bytes(Zeroizing::new(k))),
                    Err(_) => Reply::Miss,
                },
                None => Reply::Miss,
            },
            Request::Put(slot, key) => {
                if self.cache.len() >= MAX_ENTRIES && self.cache.get(&slot).is_none() {
                    return Reply::Err("full".to_owned());
                }
                self.cache.insert(&slot, key.expose());
                Reply::Ok
            }
            Request::Lock => {
                self.cache.clear();
                log("locked: forgot every key");
                Reply::Ok
            }
        }
    }
}

#[cfg(test)]
impl Agent {
    /// Accepts and serves one connection (tests drive the agent without `run`).
    pub(crate) fn serve_next(&mut self) {
        let (stream, _) = self.listener.accept().expect("accepts");
        self.serve(stream, &mut |_| {});
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        self.cache.clear();
        let _ = std::fs::remove_file(&self.socket);
    }
}

/// Signal numbers, from the crate that already catches signals for `vault run`.
mod libc_sig {
    pub(super) use signal_hook::consts::{SIGHUP as HUP, SIGINT as INT, SIGTERM as TERM};
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

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
        let mut agent = Agent::bind(&sock, Duration::from_secs(60), super::super::current_uid())
            .expect("binds");
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
}
