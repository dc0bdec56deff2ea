//! [`Agent`]: the listening end. Single-threaded: it polls the socket, a signal pipe, every
//! connection still sending its request ([`pending`]) and the next expiry or deadline; each
//! connection gets one request, one reply, then is closed.

mod answer;
mod pending;

use super::{AgentError, check_private, io_err, socket_dir};
use crate::vault::SecretCache;
use pending::Pending;
#[cfg(test)]
use pending::Progress;
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io;
use std::os::unix::fs::{DirBuilderExt as _, FileTypeExt as _};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Most clients read at once; beyond it the agent stops accepting until one is done (the
/// kernel's listen backlog holds the rest).
const MAX_PENDING: usize = 64;

/// A running agent: its socket, its keys and the uid it serves. Dropping it removes the socket
/// and zeroizes every key.
pub struct Agent {
    listener: UnixListener,
    socket: PathBuf,
    signals: UnixStream,
    wake: Option<UnixStream>,
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
            wake: Some(wake),
            cache: SecretCache::new(ttl),
            allowed_uid,
        })
    }

    /// From now on (for the rest of the process), SIGTERM, SIGINT and SIGHUP do not kill it but
    /// make [`Agent::run`] return, so that dropping the agent removes its socket.
    pub fn catch_signals(&mut self) -> io::Result<()> {
        if let Some(wake) = self.wake.take() {
            for sig in [SIGTERM, SIGINT, SIGHUP] {
                signal_hook::low_level::pipe::register(sig, wake.try_clone()?)?;
            }
        }
        Ok(())
    }

    /// The socket path.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Serves requests until SIGTERM, SIGINT or SIGHUP; expired keys are zeroized on time.
    /// `log` receives one line per notable event (a refused peer, a lock, memory that could not
    /// be locked), never a key. Calls [`Agent::catch_signals`] if that was not done yet.
    ///
    /// Up to 64 clients are read at once, each with its own whole-request
    /// deadline, so a slow client delays nobody else.
    pub fn run(&mut self, log: &mut dyn FnMut(&str)) -> io::Result<()> {
        self.catch_signals()?;
        let mut warned_unlocked = false;
        let mut pending: Vec<Pending> = Vec::new();
        loop {
            self.cache.expire();
            let now = Instant::now();
            for late in pending::take(&mut pending, |p| p.deadline() <= now) {
                let reply = self.answer(&late.peer, Err(io::ErrorKind::TimedOut.into()), log);
                late.finish(&reply);
            }
            let wake = pending.iter().map(Pending::deadline).min();
            let wake = wake.into_iter().chain(self.cache.next_expiry()).min();
            let timeout = wake.map(|t| {
                let wait = t.saturating_duration_since(now) + Duration::from_millis(1);
                Timespec::try_from(wait).expect("a TTL fits a timespec")
            });
            let accepting = pending.len() < MAX_PENDING;
            let listen = if accepting {
                PollFlags::IN
            } else {
                PollFlags::empty()
            };
            let mut fds = vec![
                PollFd::new(&self.signals, PollFlags::IN),
                PollFd::new(&self.listener, listen),
            ];
            fds.extend(
                pending
                    .iter()
                    .map(|p| PollFd::new(p.stream(), PollFlags::IN)),
            );
            match poll(&mut fds, timeout.as_ref()) {
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
                Ok(_) => {}
            }
            let ready: Vec<bool> = fds.iter().map(|f| !f.revents().is_empty()).collect();
            drop(fds);
            if ready[0] {
                return Ok(());
            }
            for (done, line) in pending::read_ready(&mut pending, &ready[2..]) {
                let reply = self.answer(&done.peer, line, log);
                done.finish(&reply);
            }
            if ready[1]
                && accepting
                && let Ok((stream, _)) = self.listener.accept()
            {
                pending.extend(Pending::new(stream, Instant::now()));
            }
            if !warned_unlocked && !self.cache.memory_locked() {
                warned_unlocked = true;
                log("could not lock keys into RAM (RLIMIT_MEMLOCK?); they may reach swap");
            }
        }
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        self.cache.clear();
        let _ = std::fs::remove_file(&self.socket);
    }
}

#[cfg(test)]
mod tests;
