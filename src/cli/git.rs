//! `hush git [RANGE] | --staged | --all`: scan what commits added.

use super::exit::ExitCode;
use super::{GitArgs, config, scan::emit};
use anyhow::{Context, Result, bail};
use hush::scan::blobs::{BlobLimits, scan_history};
use hush::scan::commits::scan_commits;
use hush::scan::source::git;
use hush::scan::source::history;
use hush::scan::unreadable::GitScan;
use hush::scan::{Finding, Scanner};
use std::io::IsTerminal;

pub(super) fn run(args: &GitArgs) -> Result<ExitCode> {
    let resolved = config::resolve(&args.rules, false)?;
    let scanner = Scanner::new(config::detector(resolved.set.clone())?);
    let repo = git::open(args.repo.as_deref())?;
    let scan = if args.staged {
        let findings = staged(&scanner, &repo, args.work.threads())?;
        GitScan {
            findings,
            ..GitScan::default()
        }
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
    for object in &scan.unreadable {
        eprintln!("hush: warning: {object}");
    }
    let reported = emit(scan.findings, &args.report, &resolved)?;
    if !scan.unreadable.is_empty() {
        // The report above is complete for what could be read; the exit status says that
        // the history was not (2 outranks 1, so CI fails either way).
        let what = if args.all { "blobs" } else { "commits" };
        eprintln!(
            "hush: incomplete scan: {} objects could not be read (warnings above); \
             {} {what} scanned, {reported} findings reported",
            scan.unreadable.len(),
            scan.scanned
        );
        return Ok(ExitCode::Error);
    }
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
) -> Result<GitScan> {
    let commits = git::range_commits(repo, range)?;
    Ok(scan_commits(scanner, repo.path(), &commits, threads)?)
}

fn all(
    scanner: &Scanner,
    repo: &git2::Repository,
    args: &GitArgs,
    max_size: u64,
) -> Result<GitScan> {
    let history = history::collect(repo)?;
    if history.commits.is_empty() && history.unreadable.is_empty() {
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
