//! `hush hook run [FILE]...`: the pre-commit framework's hook.
//!
//! pre-commit passes file names and nothing else: on `git commit` the staged files, on
//! `pre-commit run --all-files` every tracked file (what CI runs). Scanning only the staged
//! changes in both cases let `--all-files` pass with a key committed long ago; scanning files
//! whole in both cases would block a commit for an old secret in a file it merely touches. So:
//! when every named file has a staged change, scan the lines the index adds to them (as
//! `hush git --staged`); when some named file has none, scan the named files whole.

use super::super::exit::ExitCode;
use super::super::output::emit;
use super::super::summary;
use super::super::{FormatArg, HookRunArgs, config};
use anyhow::{Context, Result};
use hush::report;
use hush::scan::source::files::{WalkConfig, scan_paths};
use hush::scan::source::git;
use std::path::{Path, PathBuf};

pub(in crate::cli) fn run(args: &HookRunArgs) -> Result<ExitCode> {
    let repo = git::open(args.repo.as_deref())?;
    let start = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
    let resolved = config::resolve(&args.rules, false, &start)?;
    let scanner = resolved.scanner(&args.report)?;
    let names: Vec<Vec<u8>> = args.files.iter().map(|f| repo_relative(&repo, f)).collect();
    let changed = git::staged_paths(&repo)?;
    let whole = names.iter().any(|n| !changed.contains(n));
    let (findings, scope) = if whole {
        let walk = WalkConfig {
            max_file_size: resolved.size_limit(args.work.max_file_size),
            threads: args.work.threads(),
            ..WalkConfig::default()
        };
        let warn = |msg: String| eprintln!("hush: warning: {}", report::escape_control(&msg));
        eprintln!(
            "hush: {} named files have no staged change (pre-commit --all-files or --files): \
             scanning the files whole",
            args.files.len()
        );
        let found = scan_paths(&scanner, &args.files, &walk, &warn).0;
        (found, format!("{} named files", args.files.len()))
    } else {
        let mut staged = git::staged_added(&repo)?;
        if !names.is_empty() {
            staged.retain(|f| names.contains(&f.path));
        }
        let scope = format!(
            "the staged changes ({})",
            summary::plural(staged.len(), "file")
        );
        let found = scanner
            .scan_added_all(&staged, args.work.threads())
            .context("scanning staged changes")?;
        (found, scope)
    };
    let reported = emit(&scanner, findings, &args.report)?;
    let code = ExitCode::from_findings(reported.count > 0, args.report.exit_code);
    if args.report.format == FormatArg::Human {
        eprintln!("{}", summary::line(&reported, &scope));
    }
    if !whole && code != ExitCode::Clean {
        eprintln!("{}", summary::blocked(&reported));
    }
    Ok(code)
}

/// `file` as a path relative to the work tree, in git's byte form. pre-commit runs hooks at the
/// root and passes root-relative names; a name given from a subdirectory is resolved first.
fn repo_relative(repo: &git2::Repository, file: &Path) -> Vec<u8> {
    let plain = || {
        let text = file.to_string_lossy();
        text.strip_prefix("./").unwrap_or(&text).as_bytes().to_vec()
    };
    let (Some(work), Ok(cwd)) = (repo.workdir(), std::env::current_dir()) else {
        return plain();
    };
    let absolute: PathBuf = cwd.join(file);
    let resolved = absolute
        .parent()
        .and_then(|dir| dir.canonicalize().ok())
        .zip(absolute.file_name())
        .map(|(dir, name)| dir.join(name));
    match (resolved, work.canonicalize()) {
        (Some(path), Ok(root)) => match path.strip_prefix(&root) {
            Ok(rel) => rel.to_string_lossy().replace('\\', "/").into_bytes(),
            Err(_) => plain(),
        },
        _ => plain(),
    }
}
