//! `hush vault agent`: a per-user process that keeps derived key-encryption keys for a while,
//! as ssh-agent keeps keys, so passphrase vaults do not run Argon2id (or prompt) on every
//! command.
//!
//! [`Agent`] listens on a Unix socket (mode 0600) in a private directory (mode 0700), keeps keys
//! in a [`SecretCache`](super::SecretCache) and serves only processes of its own user (checked
//! with `SO_PEERCRED` on every connection). [`AgentClient`] is the other end and a
//! [`KekCache`](super::KekCache), so [`Vault::open_with_cache`](super::Vault::open_with_cache)
//! uses it directly. The wire format is in `protocol`.
//!
//! Both ends refuse a socket or directory owned by another user or open to group or others.
//! What the agent does not protect against: any process of the same user can ask it for keys,
//! and root can read its memory.

mod client;
mod protocol;
mod server;

pub use client::AgentClient;
pub use server::Agent;

use std::io;
use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

/// The environment variable naming the agent's socket.
pub const SOCKET_ENV: &str = "HUSH_AGENT_SOCK";

/// Talking to, or running, the agent failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AgentError {
    /// The socket or its directory belongs to another user, is open to group or others, or is
    /// not what it should be (a symlink, a regular file).
    #[error(
        "refusing agent socket {path}: {why}; the socket must be yours with mode 0600, in a \
         directory that is yours with mode 0700"
    )]
    Unsafe {
        /// The socket or its directory.
        path: PathBuf,
        /// What is wrong.
        why: &'static str,
    },
    /// No agent listens on the socket (it does not exist, or nobody accepts).
    #[error("no agent at {0}; start one with `hush vault agent`")]
    NotRunning(PathBuf),
    /// Another agent already listens on the socket.
    #[error("an agent is already listening on {0}")]
    AlreadyRunning(PathBuf),
    /// A system call failed.
    #[error("{what} {path}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The socket or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The agent answered with an error.
    #[error("the agent refused: {0}")]
    Refused(String),
    /// The process behind the socket runs as another user.
    #[error("the agent at {0} runs as another user")]
    WrongPeer(PathBuf),
    /// The agent's reply is malformed.
    #[error("malformed reply from the agent")]
    Protocol,
}

pub(crate) fn io_err(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> AgentError {
    let path = path.to_owned();
    move |source| AgentError::Io { what, path, source }
}

/// This process's real user id.
pub fn current_uid() -> u32 {
    rustix::process::getuid().as_raw()
}

/// The default socket: `$XDG_RUNTIME_DIR/hush/agent.sock`, else `/tmp/hush-<uid>/agent.sock`.
pub fn default_socket() -> PathBuf {
    let dir = match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        Some(run) => PathBuf::from(run).join("hush"),
        None => std::env::temp_dir().join(format!("hush-{}", current_uid())),
    };
    dir.join("agent.sock")
}

/// Checks that `path` (a directory if `dir`, else a socket) belongs to `uid` and has no group
/// or other permission bits. Symlinks are refused, not followed.
pub(crate) fn check_private(path: &Path, dir: bool, uid: u32) -> Result<(), AgentError> {
    let unsafe_because = |why| AgentError::Unsafe {
        path: path.to_owned(),
        why,
    };
    let md = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => AgentError::NotRunning(path.to_owned()),
        _ => io_err("inspecting", path)(e),
    })?;
    let kind_ok = if dir {
        md.file_type().is_dir()
    } else {
        md.file_type().is_socket()
    };
    if !kind_ok {
        return Err(unsafe_because(if dir {
            "not a directory"
        } else {
            "not a socket"
        }));
    }
    if md.uid() != uid {
        return Err(unsafe_because("owned by another user"));
    }
    if md.mode() & 0o077 != 0 {
        return Err(unsafe_because("accessible by group or others"));
    }
    Ok(())
}

/// The socket's directory (the parent of `socket`, `.` when it has none).
pub(crate) fn socket_dir(socket: &Path) -> &Path {
    match socket.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The user id of the process at the other end of `stream` (`SO_PEERCRED`).
pub(crate) fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    #[cfg(target_os = "linux")]
    return Ok(rustix::net::sockopt::socket_peercred(stream)?.uid.as_raw());
    #[cfg(not(target_os = "linux"))]
    {
        let _ = stream;
        Err(io::Error::new(io::ErrorKind::Unsupported, "no SO_PEERCRED"))
    }
}

/// Whether a peer is served: only when its uid is known and is `allowed`.
pub(crate) fn peer_allowed(peer: &io::Result<u32>, allowed: u32) -> bool {
    matches!(peer, Ok(uid) if *uid == allowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn only_the_allowed_uid_is_served() {
        assert!(peer_allowed(&Ok(1000), 1000));
        assert!(!peer_allowed(&Ok(1001), 1000));
        assert!(!peer_allowed(&Ok(0), 1000), "not even root");
        assert!(!peer_allowed(&Err(io::ErrorKind::Unsupported.into()), 1000));
        let (a, _b) = UnixStream::pair().expect("pair");
        let me = current_uid();
        assert!(peer_allowed(&peer_uid(&a), me));
    }

    #[test]
    fn loose_or_foreign_paths_are_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let d = dir.path();
        let me = current_uid();
        let chmod = |p: &Path, m| {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
        };
        chmod(d, 0o700);
        check_private(d, true, me).expect("private dir");
        assert!(matches!(
            check_private(d, true, me + 1),
            Err(AgentError::Unsafe { .. })
        ));
        chmod(d, 0o750);
        assert!(matches!(
            check_private(d, true, me),
            Err(AgentError::Unsafe { .. })
        ));
        chmod(d, 0o700);
        let file = d.join("f");
        std::fs::write(&file, "").expect("write");
        assert!(matches!(
            check_private(&file, false, me),
            Err(AgentError::Unsafe { .. })
        ));
        let missing = d.join("missing");
        assert!(matches!(
            check_private(&missing, false, me),
            Err(AgentError::NotRunning(_))
        ));
        assert_eq!(socket_dir(Path::new("s")), Path::new("."));
        assert!(default_socket().ends_with("agent.sock"));
    }
}
