//! `hush vault edit`: the live entries as plaintext dotenv in `$VISUAL` / `$EDITOR`, then back.
//!
//! The vault stays locked from open to save, so no other writer is lost. The plaintext goes
//! to a 0600 file in a fresh 0700 directory (under `$XDG_RUNTIME_DIR`, a per-user tmpfs, when
//! set; else the temp directory), which is removed when the edit ends — saved, refused (the
//! editor failed or was killed, the text is not valid dotenv) or interrupted: SIGINT, SIGTERM
//! and SIGHUP are caught while the editor runs, passed on to it, and end the edit without a
//! change (exit 2). The editor command is run by `sh -c` so it may carry arguments
//! (`code --wait`), as git runs `core.editor`.

use super::super::exit::ExitCode;
use super::{VaultArgs, open};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use zeroize::Zeroizing;

pub(super) fn edit(args: &VaultArgs) -> Result<ExitCode> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_owned());
    let mut vault = open(args, true)?;
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    // TempDir is created 0700 and removes itself (and the file) on drop, on every path out.
    let dir = tempfile::Builder::new()
        .prefix("hush-edit-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir_in(&base)
        .with_context(|| format!("creating a private directory in {}", base.display()))?;
    let path = dir.path().join(".env");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .context("creating the plaintext copy")?;
    file.write_all(vault.export_dotenv().as_bytes())
        .and_then(|()| file.sync_all())
        .context("writing the plaintext copy")?;
    drop(file);

    let signal = Arc::new(AtomicUsize::new(0));
    let mut ids = Vec::new();
    for sig in signal_hook::consts::TERM_SIGNALS {
        let id = signal_hook::flag::register_usize(*sig, Arc::clone(&signal), *sig as usize)
            .context("catching signals while the editor runs")?;
        ids.push(id);
    }
    let status = run_editor(&editor, &path, &signal);
    for id in ids {
        signal_hook::low_level::unregister(id);
    }
    let caught = signal.load(Ordering::SeqCst);
    if caught != 0 {
        bail!(
            "interrupted (signal {caught}); {} unchanged",
            args.file.display()
        );
    }
    let status = status?;
    if !status.success() {
        bail!(
            "the editor ({editor}) failed ({status}); {} unchanged",
            args.file.display()
        );
    }
    let text = Zeroizing::new(std::fs::read(&path).context("reading the edited copy")?);
    let outcome = vault.apply_dotenv(&text).with_context(|| {
        format!(
            "the edit is not valid dotenv; {} unchanged",
            args.file.display()
        )
    })?;
    if outcome.is_empty() {
        eprintln!("hush: no change to {}", args.file.display());
        return Ok(ExitCode::Clean);
    }
    vault.save()?;
    let list = |what: &str, names: &[String]| {
        (!names.is_empty()).then(|| format!("{what} {}", names.join(", ")))
    };
    let parts: Vec<String> = [
        list("changed", &outcome.changed),
        list("added", &outcome.added),
        list("removed", &outcome.removed),
    ]
    .into_iter()
    .flatten()
    .collect();
    eprintln!("hush: {}: {}", args.file.display(), parts.join("; "));
    Ok(ExitCode::Clean)
}

/// Runs `editor path` through `sh -c`, passing on a signal caught meanwhile.
fn run_editor(
    editor: &str,
    path: &std::path::Path,
    signal: &AtomicUsize,
) -> Result<std::process::ExitStatus> {
    let mut child = Command::new("sh")
        .arg("-c")
        // `exec`, so the signal passed on reaches the editor itself, not a shell around it.
        .arg(format!("exec {editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .spawn()
        .with_context(|| format!("starting the editor ({editor})"))?;
    let mut passed = false;
    loop {
        if let Some(status) = child.try_wait().context("waiting for the editor")? {
            return Ok(status);
        }
        let sig = signal.load(Ordering::SeqCst);
        if sig != 0 && !passed {
            let pid = rustix::process::Pid::from_child(&child);
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
            passed = true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
