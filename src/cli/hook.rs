//! `hush hook install`: a git pre-commit hook that runs `hush git --staged`, or (with
//! `--pre-receive DIR`) a server's pre-receive hook that runs `hush git --pre-receive`;
//! `hush hook run` (`run`): what the pre-commit framework's hook runs.

pub(super) mod run;

use super::HookArgs;
use super::exit::ExitCode;
use anyhow::{Context, Result, bail};
use hush::scan::source::git;
use std::path::PathBuf;

/// First line after the shebang; marks a hook as hush's own so it may be replaced.
const MARKER: &str = "# hush pre-commit hook";
/// The same for the server-side hook.
const RECEIVE_MARKER: &str = "# hush pre-receive hook";

pub(super) fn install(args: &HookArgs) -> Result<ExitCode> {
    let (repo, path, marker, body, command) = match &args.pre_receive {
        Some(dir) => {
            // The server repository itself, not one found above it: a typo must not put the
            // hook into an enclosing checkout.
            let repo = git2::Repository::open(dir).with_context(|| {
                format!(
                    "{} is not a git repository; give the repository's own directory (app.git)",
                    dir.display()
                )
            })?;
            let hook = hooks_dir(&repo).join("pre-receive");
            (
                repo,
                hook,
                RECEIVE_MARKER,
                "blocks pushes that add secrets.\n\
                 # git runs it in the repository, the pushed refs on stdin.\n",
                "git --pre-receive",
            )
        }
        None => {
            let repo = git::open(args.repo.as_deref())?;
            let hook = hooks_dir(&repo).join("pre-commit");
            (
                repo,
                hook,
                MARKER,
                "blocks commits that add secrets.\n\
                 # Bypass once with `git commit --no-verify`.\n",
                "git --staged",
            )
        }
    };
    if let Some(hooks) = path.parent() {
        std::fs::create_dir_all(hooks).with_context(|| format!("creating {}", hooks.display()))?;
    }
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !existing.contains(marker)
        && !args.force
    {
        bail!(
            "{} exists and was not installed by hush; keep it, or replace it with --force",
            path.display()
        );
    }
    let exe = std::env::current_exe().context("locating the hush binary")?;
    let script = format!(
        "#!/bin/sh\n{marker} (installed by `hush hook install`): {body}\
         HUSH={}\n\
         [ -x \"$HUSH\" ] || HUSH=hush\n\
         exec \"$HUSH\" {command}\n",
        shell_quote(&exe.to_string_lossy())
    );
    std::fs::write(&path, script).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("making {} executable", path.display()))?;
    }
    eprintln!("hush: installed {}", path.display());
    if args.vault {
        let near = repo.workdir().unwrap_or(repo.path()).join(".env.vault");
        if super::vault::install_driver(&near)? {
            eprintln!("hush: vault files now merge entry by entry (.gitattributes, git config)");
        }
    }
    Ok(ExitCode::Clean)
}

/// `core.hooksPath` when set (relative to the work tree), else `.git/hooks`.
fn hooks_dir(repo: &git2::Repository) -> PathBuf {
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_path("core.hooksPath").ok());
    match (configured, repo.workdir()) {
        (Some(p), Some(work)) if p.is_relative() => work.join(p),
        (Some(p), _) => p,
        (None, _) => repo.path().join("hooks"),
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn quotes_for_sh() {
        assert_eq!(shell_quote("/usr/bin/hush"), "'/usr/bin/hush'");
        assert_eq!(shell_quote("/it's/hush"), "'/it'\\''s/hush'");
    }
}
