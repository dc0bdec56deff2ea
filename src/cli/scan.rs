//! `hush scan`: walk paths (or read stdin), detect, filter, print.

use super::exit::ExitCode;
use super::output::emit;
use super::summary::{self, plural};
use super::{DiffArgs, ScanArgs, config};
use anyhow::{Context, Result};
use hush::report;
use hush::scan::source::files::{WalkConfig, scan_paths};
use hush::scan::window::StreamState;
use std::fs::File;
use std::path::{Path, PathBuf};

pub(super) fn run(args: &ScanArgs) -> Result<ExitCode> {
    // The configuration is looked for from the first path scanned (stdin: from here).
    let start = args
        .paths
        .iter()
        .find(|p| p.as_os_str() != "-")
        .map_or(Path::new("."), PathBuf::as_path);
    let resolved = config::resolve(&args.rules, false, start)?;
    let scanner = resolved.scanner(&args.report)?;
    let (stdin, paths): (Vec<&PathBuf>, Vec<&PathBuf>) =
        args.paths.iter().partition(|p| p.as_os_str() == "-");
    for path in &paths {
        std::fs::symlink_metadata(path).with_context(|| format!("{}", path.display()))?;
    }
    let mut findings = Vec::new();
    if !stdin.is_empty() {
        let mut state = StreamState::new(scanner.detector());
        scanner
            .scan_reader(
                "<stdin>",
                std::io::stdin().lock(),
                &mut state,
                false,
                &mut findings,
            )
            .context("reading stdin")?;
    }
    let walk = WalkConfig {
        max_file_size: resolved.size_limit(args.work.max_file_size),
        threads: args.work.threads(),
        no_ignore: args.no_ignore,
        follow_links: args.follow,
    };
    let paths: Vec<PathBuf> = paths.into_iter().cloned().collect();
    let warn = |msg: String| eprintln!("hush: warning: {}", report::escape_control(&msg));
    let (mut found, stats) = scan_paths(&scanner, &paths, &walk, &warn);
    findings.append(&mut found);
    let reported = emit(&scanner, findings, &args.report)?;
    if args.report.format == super::FormatArg::Human {
        let mut skipped = Vec::new();
        if stats.binary > 0 {
            skipped.push(format!("{} binary", stats.binary));
        }
        if stats.too_big > 0 {
            skipped.push(format!("{} over the size limit", stats.too_big));
        }
        let skipped = if skipped.is_empty() {
            String::new()
        } else {
            format!("; skipped {}", skipped.join(", "))
        };
        let files = format!(
            "{} ({:.1} MB)",
            plural(stats.files as usize, "file"),
            stats.bytes as f64 / 1e6
        );
        let scope = match (stdin.is_empty(), paths.is_empty()) {
            (false, true) => "standard input".to_owned(),
            (false, false) => format!("standard input and {files}"),
            _ => files,
        };
        eprintln!("{}{skipped}", summary::line(&reported, &scope));
    }
    Ok(ExitCode::from_findings(
        reported.count > 0,
        args.report.exit_code,
    ))
}

pub(super) fn run_diff(args: &DiffArgs) -> Result<ExitCode> {
    let resolved = config::resolve(&args.rules, false, Path::new("."))?;
    let scanner = resolved.scanner(&args.report)?;
    let mut state = StreamState::new(scanner.detector());
    let mut findings = Vec::new();
    let files = match args.file.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
            scanner
                .scan_diff(std::io::BufReader::new(file), &mut state, &mut findings)
                .with_context(|| format!("diff {}", path.display()))?
        }
        None => scanner
            .scan_diff(std::io::stdin().lock(), &mut state, &mut findings)
            .context("diff on stdin")?,
    };
    let reported = emit(&scanner, findings, &args.report)?;
    if args.report.format == super::FormatArg::Human {
        let scope = format!("the added lines of {}", plural(files, "file"));
        eprintln!("{}", summary::line(&reported, &scope));
    }
    Ok(ExitCode::from_findings(
        reported.count > 0,
        args.report.exit_code,
    ))
}
