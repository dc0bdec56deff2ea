//! `hush git [RANGE] | --staged | --all`: scan what commits added.

use super::exit::ExitCode;
use super::output::emit;
use super::{GitArgs, config};
use anyhow::{Context, Result, bail};
use hush::scan::blobs::{BlobLimits, scan_history};
use hush::scan::commits::scan_commits;
use hush::scan::source::git;
use hush::scan::source::history;
use hush::scan::{Finding, Scanner};
use std::io::IsTerminal;

pub(super) fn run(args: &GitArgs) -> Result<ExitCode> {
    let resolved = config::resolve(&args.rules, false)?;
    let scanner = resolved.scanner(&args.report)?;
    let repo = git::open(args.repo.as_deref())?;
    let findings = if args.staged {
        staged(&scanner, &repo, args.work.threads())?
    } else if args.all {
        all(
            &scanner,
            &repo,
            args,
            resolved.size_limit(args.work.max_file_size),
        )?
    } else {
        range(
            &scanner,
            &repo,
            args.range.as_deref().unwrap_or("HEAD"),
            args.work.threads(),
        )?
    };
    let reported = emit(&scanner, findings, &args.report)?;
    Ok(ExitCode::from_found(reported > 0))
}

fn staged(scanner: &Scanner, repo: &git2::Repository, threads: usize) -> Result<Vec<Finding>> {
    let files = git::staged_added(repo)?;
    scanner
        .scan_added_all(&files, threads)
        .context("scanning staged changes")
}

fn range(
    scanner: &Scanner,
    repo: &git2::Repository,
    range: &str,
    threads: usize,
) -> Result<Vec<Finding>> {
    let commits = git::range_commits(repo, range)?;
    Ok(scan_commits(scanner, repo.path(), &commits, threads)?)
}

fn all(
    scanner: &Scanner,
    repo: &git2::Repository,
    args: &GitArgs,
    max_size: u64,
) -> Result<Vec<Finding>> {
    let history = history::collect(repo)?;
    if history.commits.is_empty() {
        bail!("the repository has no commits in any ref: nothing to scan");
    }
    if history.submodules > 0 {
        eprintln!(
            "hush: note: {} submodule entries skipped; scan submodules in their own repositories",
            history.submodules
        );
    }
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(history.blobs.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let limits = BlobLimits {
        threads: args.work.threads(),
        max_size,
    };
    let found = scan_history(scanner, repo.path(), &history, limits, &|| bar.inc(1))?;
    bar.finish_and_clear();
    Ok(found)
}
