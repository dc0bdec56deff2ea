//! `hush hook run [FILE]...`: the pre-commit framework's hook.
//!
//! pre-commit passes file names and nothing else: on `git commit` the staged files, on
//! `pre-commit run --all-files` every tracked file (what CI runs). Scanning only the staged
//! changes in both cases let `--all-files` pass with a key committed long ago; scanning files
//! whole in both cases would block a commit for an old secret in a file it merely touches. So:
//! when every named file has a staged change, scan the lines the index adds to them (as
//! `hush git --staged`); when some named file has none, scan the named files whole.

use super::super::exit::ExitCode;
use super::super::scan::emit;
use super::super::{HookRunArgs, config};
use anyhow::{Context, Result};
use hush::report;
use hush::scan::Scanner;
use hush::scan::source::files::{WalkConfig, scan_paths};
use hush::scan::source::git;
use std::path::{Path, PathBuf};

pub(in crate::cli) fn run(args: &HookRunArgs) -> Result<ExitCode> {
    let resolved = config::resolve(&args.rules, false)?;
    let scanner = Scanner::new(config::detector(resolved.set.clone())?);
    let repo = git::open(args.repo.as_deref())?;
    let names: Vec<Vec<u8>> = args.files.iter().map(|f| repo_relative(&repo, f)).collect();
    let changed = git::staged_paths(&repo)?;
    let whole = names.iter().any(|n| !changed.contains(n));
    let findings = if whole {
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
        scan_paths(&scanner, &args.files, &walk, &warn).0
    } else {
        let mut staged = git::staged_added(&repo)?;
        if !names.is_empty() {
            staged.retain(|f| names.contains(&f.path));
        }
        scanner
            .scan_added_all(&staged, args.work.threads())
            .context("scanning staged changes")?
    };
    let reported = emit(findings, &args.report, &resolved)?;
    Ok(ExitCode::from_found(reported > 0))
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
