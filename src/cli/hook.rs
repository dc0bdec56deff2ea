//! `hush hook install`: a git pre-commit hook that runs `hush git --staged`; `hush hook run`
//! (`run`): what the pre-commit framework's hook runs.

pub(super) mod run;

use super::HookArgs;
use super::exit::ExitCode;
use anyhow::{Context, Result, bail};
use hush::scan::source::git;
use std::path::PathBuf;

/// First line after the shebang; marks a hook as hush's own so it may be replaced.
const MARKER: &str = "# hush pre-commit hook";

pub(super) fn install(args: &HookArgs) -> Result<ExitCode> {
    let repo = git::open(args.repo.as_deref())?;
    let hooks = hooks_dir(&repo);
    std::fs::create_dir_all(&hooks).with_context(|| format!("creating {}", hooks.display()))?;
    let path = hooks.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !existing.contains(MARKER)
        && !args.force
    {
        bail!(
            "{} exists and was not installed by hush; keep it, or replace it with --force",
            path.display()
        );
    }
    let exe = std::env::current_exe().context("locating the hush binary")?;
    let script = format!(
        "#!/bin/sh\n{MARKER} (installed by `hush hook install`): blocks commits that add secrets.\n\
         # Bypass once with `git commit --no-verify`.\n\
         HUSH={}\n\
         [ -x \"$HUSH\" ] || HUSH=hush\n\
         exec \"$HUSH\" git --staged\n",
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
