//! `hush vault run [--override] [--config FILE [--field PATH[=NAME]]…] -- CMD ARGS…`: CMD
//! with the vault's values (and a sealed config's, `run/config.rs`) in its environment,
//! SIGINT and SIGTERM forwarded, and its exit status passed on.

use super::super::exit::ExitCode;
use super::{VaultArgs, open};
use anyhow::{Context, Result};
use hush::vault::{ExposeSecret, Vault};
use std::ffi::OsString;

mod config;
pub(super) use config::ConfigArgs;

/// `vault run`: the vault's entries (unless `--no-vault`) and the `--config` values go into
/// CMD's environment through `Command::env` (never a shell string or argv); names already set
/// are kept unless `replace`.
pub(super) fn run_child(
    args: &VaultArgs,
    replace: bool,
    config: &ConfigArgs,
    command: &[OsString],
) -> Result<ExitCode> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::iterator::SignalsInfo;
    use signal_hook::iterator::exfiltrator::WithOrigin;
    use signal_hook::low_level::siginfo::Cause;
    use std::os::unix::process::ExitStatusExt as _;
    let (program, rest) = command.split_first().context("no command to run")?;
    let mut cmd = std::process::Command::new(program);
    // The child gets values, never the key that opens (and rewrites) the vault.
    cmd.args(rest)
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE")
        .env_remove("HUSH_AGENT_SOCK");
    let vault = config.with_vault().then(|| open(args, false)).transpose()?;
    let from_config = config.values(vault.as_ref())?;
    let keep = |name: &str| replace || std::env::var_os(name).is_none();
    for name in vault.iter().flat_map(Vault::names) {
        if keep(name) {
            let value = vault.as_ref().and_then(|v| v.get(name));
            let value = value.expect("names() lists entries that exist");
            cmd.env(name, value.expose_secret());
        }
    }
    for (name, value) in from_config.iter().filter(|(n, _)| keep(n)) {
        cmd.env(name, value.expose_secret());
    }
    drop((vault, from_config));
    // Installed before the child exists, so a signal can never find hush gone and it orphaned.
    let mut signals = SignalsInfo::<WithOrigin>::new([SIGINT, SIGTERM])
        .context("installing the SIGINT/SIGTERM handlers")?;
    let spawned = cmd.spawn();
    drop(cmd); // its copy of the environment
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            eprintln!("hush: cannot run {}: {e}", program.to_string_lossy());
            let code = if e.kind() == std::io::ErrorKind::NotFound {
                127
            } else {
                126
            };
            return Ok(ExitCode::Child(code));
        }
    };
    let pid = rustix::process::Pid::from_child(&child);
    let handle = signals.handle();
    let forwarder = std::thread::spawn(move || {
        for origin in signals.forever() {
            // Ctrl-C at a terminal (sent by the kernel) already reached the child, which is in
            // our process group; forwarding it would deliver it twice.
            let sig = match (origin.signal, origin.cause) {
                (SIGINT, Cause::Kernel) => continue,
                (SIGINT, _) => rustix::process::Signal::INT,
                _ => rustix::process::Signal::TERM,
            };
            // The child may have exited already; nothing to do then.
            let _ = rustix::process::kill_process(pid, sig);
        }
    });
    let status = child.wait().context("waiting for the command");
    // A signal arriving between the reap above and this close would go to a pid that is free
    // again; the window is a few instructions, as in any wait-then-stop forwarder.
    handle.close();
    let _ = forwarder.join();
    let status = status?;
    let code = match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(sig)) => 128 + sig,
        (None, None) => 1,
    };
    Ok(ExitCode::Child(u8::try_from(code).unwrap_or(1)))
}
