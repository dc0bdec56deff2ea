//! `hush vault agent` and `hush vault lock`, and the agent hook used when a vault is opened.
//!
//! Key order for a passphrase vault: the agent named by `HUSH_AGENT_SOCK`, then
//! `HUSH_PASSPHRASE`, then a prompt; a key derived from either of the last two is handed to the
//! agent. Key-file vaults never use the agent. An agent that is not running, or that refuses
//! us, only earns a warning; a socket or directory that is not private (or an agent running as
//! another user) is an error (exit 2), because a key handed to it could be read by others.

use super::exit::ExitCode;
use anyhow::{Context, Result, bail};
use clap::Args;
use hush::vault::agent::{Agent, AgentClient, AgentError, SOCKET_ENV, current_uid, default_socket};
use hush::vault::{KeySource, Vault, VaultError, disable_core_dumps};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Longest TTL accepted (30 days), so expiry times cannot overflow.
const MAX_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// `hush vault agent` flags.
#[derive(Debug, Args)]
pub(super) struct AgentArgs {
    /// How long each key is kept after it was handed over, e.g. 90s, 15m, 2h, 1d.
    ///
    /// Default: 15m. A bare number is seconds. Keys are zeroized when their time is up.
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    ttl: Duration,
    /// The socket to listen on (its directory is created with mode 0700 if missing).
    ///
    /// Default: $XDG_RUNTIME_DIR/hush/agent.sock, else /tmp/hush-<uid>/agent.sock.
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
    /// Serve this uid instead of the agent's own (for tests of the refusal).
    #[arg(long, hide = true, value_name = "UID")]
    allow_uid: Option<u32>,
}

/// Runs the agent in the foreground until SIGTERM, SIGINT or SIGHUP.
pub(super) fn agent(args: &AgentArgs) -> Result<ExitCode> {
    if let Err(e) = disable_core_dumps() {
        eprintln!("hush: warning: could not disable core dumps: {e}");
    }
    let socket = args.socket.clone().unwrap_or_else(default_socket);
    let socket = std::path::absolute(&socket).context("resolving the socket path")?;
    let Some(shown) = socket.to_str().map(shell_quote) else {
        bail!("the socket path {} is not UTF-8", socket.display());
    };
    let uid = args.allow_uid.unwrap_or_else(current_uid);
    let mut agent = Agent::bind(&socket, args.ttl, uid)?;
    // Before the socket is announced, so a SIGTERM from whoever reads it removes the socket.
    agent
        .catch_signals()
        .context("catching SIGTERM, SIGINT and SIGHUP")?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{SOCKET_ENV}={shown}; export {SOCKET_ENV};")?;
    out.flush()?;
    drop(out);
    eprintln!(
        "hush: agent listening on {}, keeping keys for {}s; stop it with SIGTERM or Ctrl-C",
        agent.socket().display(),
        args.ttl.as_secs()
    );
    agent
        .run(&mut |msg| eprintln!("hush: agent: {msg}"))
        .context("serving the agent socket")?;
    drop(agent);
    eprintln!("hush: agent stopped");
    Ok(ExitCode::Clean)
}

/// `vault lock`: the agent forgets every key.
pub(super) fn lock() -> Result<ExitCode> {
    let client = AgentClient::from_env()
        .with_context(|| format!("{SOCKET_ENV} is not set: no agent to lock"))?;
    client.lock()?;
    eprintln!("hush: the agent forgot every key");
    Ok(ExitCode::Clean)
}

/// The agent named by `HUSH_AGENT_SOCK`, if set; nothing is checked before it is used.
pub(super) fn client() -> Option<AgentClient> {
    AgentClient::from_env()
}

/// Opens `file`, through the agent when there is one.
pub(super) fn open(
    file: &Path,
    source: &KeySource,
    locked: bool,
    agent: Option<&mut AgentClient>,
) -> Result<Vault, VaultError> {
    match (agent, locked) {
        (Some(a), true) => Vault::open_locked_with_cache(file, source, a),
        (Some(a), false) => Vault::open_with_cache(file, source, a),
        (None, true) => Vault::open_locked(file, source),
        (None, false) => Vault::open(file, source),
    }
}

/// After an open: an unsafe socket is an error, any other agent problem a warning.
pub(super) fn check(agent: Option<&mut AgentClient>) -> Result<()> {
    let Some(a) = agent else { return Ok(()) };
    match a.take_error() {
        None => Ok(()),
        Some(e @ (AgentError::Unsafe { .. } | AgentError::WrongPeer(_))) => {
            Err(e).with_context(|| format!("{SOCKET_ENV} names an agent hush will not trust"))
        }
        Some(e) => {
            eprintln!(
                "hush: warning: {:#}; continuing without the agent",
                anyhow::Error::from(e)
            );
            Ok(())
        }
    }
}

/// `15m`, `90s`, `2h`, `1d`, `1h 30m` (humantime), or a number of seconds; more than zero,
/// at most 30 days.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let d = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = text
            .parse()
            .map_err(|_| format!("{text:?} is not a duration like 15m"))?;
        Duration::from_secs(n)
    } else {
        humantime::parse_duration(text)
            .map_err(|e| format!("{text:?} is not a duration like 15m or 1h 30m ({e})"))?
    };
    if d.is_zero() || d > MAX_TTL {
        return Err("the TTL must be more than 0s and at most 30d".to_owned());
    }
    Ok(d)
}

/// `text` in single quotes for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("30d"), Ok(MAX_TTL));
        // humantime: compound and fractional durations.
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        for bad in [
            "",
            "0",
            "0s",
            "m",
            "15x",
            "-1s",
            "31d",
            "99999999999999999999",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("/tmp/a b"), "'/tmp/a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
