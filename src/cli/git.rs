//! `hush git [RANGE] | --staged | --all | --pre-receive`: scan what commits added.

mod pre_receive;

use super::exit::ExitCode;
use super::output::emit;
use super::summary::{self, plural};
use super::{FormatArg, GitArgs, config};
use anyhow::{Context, Result, bail};
use hush::scan::Scanner;
use hush::scan::blobs::{BlobLimits, scan_history};
use hush::scan::commits::scan_commits;
use hush::scan::source::git;
use hush::scan::source::history;
use hush::scan::unreadable::GitScan;
use std::io::IsTerminal;

pub(super) fn run(args: &GitArgs) -> Result<ExitCode> {
    let repo = git::open(args.repo.as_deref())?;
    let start = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
    let resolved = config::resolve(&args.rules, false, &start)?;
    let scanner = resolved.scanner(&args.report)?;
    let (scan, scope) = if args.pre_receive {
        let scan = pre_receive::scan(&scanner, &repo, args.work.threads())?;
        (scan, "the pushed commits".to_string())
    } else if args.staged {
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
    for object in &scan.unreadable {
        eprintln!("hush: warning: {object}");
    }
    let reported = emit(&scanner, scan.findings, &args.report)?;
    if !scan.unreadable.is_empty() {
        // The report above is complete for what could be read; the exit status says that
        // the history was not (2 outranks 1, so CI fails either way).
        let what = if args.all { "blobs" } else { "commits" };
        eprintln!(
            "hush: incomplete scan: {} objects could not be read (warnings above); \
             {} {what} scanned, {} findings reported",
            scan.unreadable.len(),
            scan.scanned,
            reported.count
        );
        return Ok(ExitCode::Error);
    }
    let code = ExitCode::from_findings(reported.count > 0, args.report.exit_code);
    if args.report.format == FormatArg::Human {
        eprintln!("{}", summary::line(&reported, &scope));
    }
    if args.pre_receive && reported.count > 0 {
        eprint!("{}", pre_receive::blocked_message(reported.count));
    }
    if args.staged && code != ExitCode::Clean {
        eprintln!("{}", summary::blocked(&reported));
    }
    Ok(code)
}

/// What was found and skipped, and what was scanned (for the summary).
type Scanned = (GitScan, String);

fn staged(scanner: &Scanner, repo: &git2::Repository, threads: usize) -> Result<Scanned> {
    let files = git::staged_added(repo)?;
    let found = scanner
        .scan_added_all(&files, threads)
        .context("scanning staged changes")?;
    let scope = format!("the staged changes ({})", plural(files.len(), "file"));
    let scan = GitScan {
        findings: found,
        ..GitScan::default()
    };
    Ok((scan, scope))
}

fn range(
    scanner: &Scanner,
    repo: &git2::Repository,
    range: &str,
    threads: usize,
) -> Result<Scanned> {
    let commits = git::range_commits(repo, range)?;
    let scan = scan_commits(scanner, repo.path(), &commits, threads)?;
    Ok((scan, plural(commits.len(), "commit")))
}

fn all(
    scanner: &Scanner,
    repo: &git2::Repository,
    args: &GitArgs,
    max_size: u64,
) -> Result<Scanned> {
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
    let scope = format!(
        "{} of {}",
        plural(history.blobs.len(), "blob"),
        plural(history.commits.len(), "commit")
    );
    Ok((found, scope))
}
