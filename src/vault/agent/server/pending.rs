//! A connection the agent has accepted and not answered yet.
//!
//! The agent is single-threaded, so it must never block on one client: each [`Pending`]
//! socket is non-blocking, and the agent's poll loop reads whatever bytes have arrived into a
//! fixed [`MAX_LINE`] buffer until the request's LF, while serving every other client. Each
//! connection has one deadline for its whole request ([`REQUEST_DEADLINE`] after accept), not
//! a timeout per `read()`: a client that trickles one byte at a time is cut off on time.

use super::super::peer_uid;
use super::super::protocol::{MAX_LINE, Reply};
use std::io::{self, Read as _, Write as _};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// How long a client has, from accept, to send its whole request.
pub(crate) const REQUEST_DEADLINE: Duration = Duration::from_secs(2);

/// One accepted connection: its socket, who is on the other end, what it sent so far.
pub(crate) struct Pending {
    stream: UnixStream,
    pub(crate) peer: io::Result<u32>,
    /// Allocated once at [`MAX_LINE`]; may hold a key, so it zeroizes on drop.
    buf: Zeroizing<Vec<u8>>,
    n: usize,
    deadline: Instant,
}

/// What a read brought.
pub(crate) enum Progress {
    /// No LF yet; wait for more.
    Waiting,
    /// The request line (without its LF), or why there will be none.
    Done(io::Result<Zeroizing<Vec<u8>>>),
}

impl Pending {
    /// Takes over an accepted stream; `None` if it cannot be made non-blocking.
    pub(crate) fn new(stream: UnixStream, now: Instant) -> Option<Self> {
        stream.set_nonblocking(true).ok()?;
        Some(Self {
            peer: peer_uid(&stream),
            stream,
            buf: Zeroizing::new(vec![0u8; MAX_LINE]),
            n: 0,
            deadline: now + REQUEST_DEADLINE,
        })
    }

    pub(crate) fn stream(&self) -> &UnixStream {
        &self.stream
    }

    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Reads what has arrived, without blocking.
    pub(crate) fn read(&mut self) -> Progress {
        loop {
            if self.n == MAX_LINE {
                return Progress::Done(Err(invalid("line too long")));
            }
            match self.stream.read(&mut self.buf[self.n..]) {
                Ok(0) => return Progress::Done(Err(invalid("no LF"))),
                Ok(k) => {
                    let start = self.n;
                    self.n += k;
                    if let Some(end) = self.buf[start..self.n].iter().position(|&b| b == b'\n') {
                        let mut line = std::mem::take(&mut self.buf);
                        line.truncate(start + end);
                        return Progress::Done(Ok(line));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Progress::Waiting,
                Err(e) => return Progress::Done(Err(e)),
            }
        }
    }

    /// Sends `reply` and closes. A reply is one short line into a socket nothing else was
    /// written to, so the kernel buffer takes it whole; should it not, the client loses only
    /// its own answer.
    pub(crate) fn finish(mut self, reply: &Reply) {
        let _ = self.stream.write_all(reply.encode().as_bytes());
    }
}

fn invalid(what: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what)
}

/// Removes and returns the connections for which `pred` holds.
pub(crate) fn take(all: &mut Vec<Pending>, pred: impl Fn(&Pending) -> bool) -> Vec<Pending> {
    let (taken, kept) = std::mem::take(all).into_iter().partition(pred);
    *all = kept;
    taken
}

/// Reads every connection whose `ready` flag is set; removes and returns those that are done,
/// each with its request line (or why there is none).
pub(crate) fn read_ready(
    all: &mut Vec<Pending>,
    ready: &[bool],
) -> Vec<(Pending, io::Result<Zeroizing<Vec<u8>>>)> {
    let mut done = Vec::new();
    let mut kept = Vec::with_capacity(all.len());
    for (mut p, &ready) in std::mem::take(all).into_iter().zip(ready) {
        match ready.then(|| p.read()) {
            Some(Progress::Done(line)) => done.push((p, line)),
            _ => kept.push(p),
        }
    }
    *all = kept;
    done
}
