//! [`AgentClient`]: asks the agent for keys, hands it new ones, tells it to lock.
//!
//! Before every connection it checks that the socket and its directory are the user's own and
//! private, and after connecting that the agent runs as the same user, so a key is never handed
//! to a socket someone else could have planted.

use super::protocol::{self, Reply, Request};
use super::{AgentError, SOCKET_ENV, check_private, current_uid, peer_uid, socket_dir};
use crate::vault::{KekCache, SecretKey};
use std::io::Write as _;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long to wait for the agent.
const TIMEOUT: Duration = Duration::from_secs(5);

/// The client end of `hush vault agent`. As a [`KekCache`] it never fails: a problem is kept
/// for [`AgentClient::take_error`] and the caller derives the key itself.
#[derive(Debug)]
pub struct AgentClient {
    socket: PathBuf,
    error: Option<AgentError>,
}

impl AgentClient {
    /// A client of the agent at `socket`. Nothing is checked until it is used.
    pub fn new(socket: &Path) -> Self {
        Self {
            socket: socket.to_owned(),
            error: None,
        }
    }

    /// A client of the agent named by `HUSH_AGENT_SOCK`, or `None` when that is unset or empty.
    pub fn from_env() -> Option<Self> {
        let path = std::env::var_os(SOCKET_ENV).filter(|p| !p.is_empty())?;
        Some(Self::new(Path::new(&path)))
    }

    /// The socket this client talks to.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Checks that the socket and its directory are the user's own and private.
    /// [`AgentError::NotRunning`] when the socket does not exist.
    pub fn check(&self) -> Result<(), AgentError> {
        let uid = current_uid();
        check_private(socket_dir(&self.socket), true, uid)?;
        check_private(&self.socket, false, uid)
    }

    /// Tells the agent to forget every key.
    pub fn lock(&self) -> Result<(), AgentError> {
        match self.request(&Request::Lock)? {
            Reply::Ok => Ok(()),
            _ => Err(AgentError::Protocol),
        }
    }

    /// The first problem met while used as a [`KekCache`], if any (then cleared).
    pub fn take_error(&mut self) -> Option<AgentError> {
        self.error.take()
    }

    fn request(&self, req: &Request) -> Result<Reply, AgentError> {
        self.check()?;
        let path = &self.socket;
        let mut stream = UnixStream::connect(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound => {
                AgentError::NotRunning(path.clone())
            }
            _ => super::io_err("connecting to", path)(e),
        })?;
        if peer_uid(&stream).ok() != Some(current_uid()) {
            return Err(AgentError::WrongPeer(path.clone()));
        }
        let io = |e| super::io_err("talking to the agent at", path)(e);
        stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
        stream.set_write_timeout(Some(TIMEOUT)).map_err(io)?;
        // If the agent closed early its reply may still be readable; a write error is only
        // reported when there is none (and never as a bare broken pipe, which hush's `main`
        // would take for a closed stdout).
        let written = stream.write_all(req.encode().as_bytes());
        let line = protocol::read_line(&mut stream).map_err(|read| {
            let e = written.err().unwrap_or(read);
            io(std::io::Error::other(e.to_string()))
        })?;
        match Reply::parse(&line).map_err(|_| AgentError::Protocol)? {
            Reply::Err(why) => Err(AgentError::Refused(why)),
            reply => Ok(reply),
        }
    }

    fn note(&mut self, e: AgentError) {
        self.error.get_or_insert(e);
    }
}

impl KekCache for AgentClient {
    fn get_kek(&mut self, slot: &str) -> Option<SecretKey> {
        match self.request(&Request::Get(slot.to_owned())) {
            Ok(Reply::Key(k)) => Some(k),
            Ok(Reply::Miss) => None,
            Ok(_) => {
                self.note(AgentError::Protocol);
                None
            }
            Err(e) => {
                self.note(e);
                None
            }
        }
    }

    fn put_kek(&mut self, slot: &str, kek: &SecretKey) {
        match self.request(&Request::Put(slot.to_owned(), kek.clone())) {
            Ok(Reply::Ok) => {}
            Ok(_) => self.note(AgentError::Protocol),
            Err(e) => self.note(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::agent::Agent;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn talks_to_an_agent_and_refuses_loose_sockets() {
        let dir = tempfile::tempdir().expect("tmp");
        let sock = dir.path().join("s/agent.sock");
        let mut client = AgentClient::new(&sock);
        assert!(matches!(client.check(), Err(AgentError::NotRunning(_))));
        assert!(client.get_kek("slot").is_none());
        assert!(matches!(
            client.take_error(),
            Some(AgentError::NotRunning(_))
        ));
        let mut agent = Agent::bind(&sock, Duration::from_secs(60), current_uid()).expect("binds");
        client.check().expect("private");
        let server = std::thread::spawn(move || {
            for _ in 0..3 {
                agent.serve_next();
            }
            agent
        });
        let key = SecretKey::generate();
        assert!(client.get_kek("slot").is_none());
        client.put_kek("slot", &key);
        assert_eq!(client.get_kek("slot").expect("hit").expose(), key.expose());
        assert!(client.take_error().is_none());
        let agent = server.join().expect("agent");
        std::fs::set_permissions(&sock, std::fs::Permissions::from_mode(0o666)).expect("chmod");
        assert!(matches!(client.check(), Err(AgentError::Unsafe { .. })));
        assert!(matches!(client.lock(), Err(AgentError::Unsafe { .. })));
        drop(agent);
    }
}
