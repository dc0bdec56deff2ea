//! `hush scan`: walk paths (or read stdin), detect, filter, print.

use super::exit::ExitCode;
use super::{DiffArgs, ReportArgs, ScanArgs, config};
use anyhow::{Context, Result, bail};
use hush::baseline::Baseline;
use hush::report;
use hush::scan::source::files::{WalkConfig, scan_paths};
use hush::scan::window::StreamState;
use hush::scan::{Finding, Scanner};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub(super) fn run(args: &ScanArgs) -> Result<ExitCode> {
    let resolved = config::resolve(&args.rules, false)?;
    let scanner = Scanner::new(config::detector(resolved.set.clone())?);
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
    let reported = emit(findings, &args.report, &resolved)?;
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
        eprintln!(
            "hush: {} in {} ({:.1} MB){skipped}",
            plural(reported, "finding"),
            plural(stats.files as usize, "file"),
            stats.bytes as f64 / 1e6
        );
    }
    Ok(ExitCode::from_found(reported > 0))
}

pub(super) fn run_diff(args: &DiffArgs) -> Result<ExitCode> {
    let resolved = config::resolve(&args.rules, false)?;
    let scanner = Scanner::new(config::detector(resolved.set.clone())?);
    let mut state = StreamState::new(scanner.detector());
    let mut findings = Vec::new();
    match args.file.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
            scanner
                .scan_diff(std::io::BufReader::new(file), &mut state, &mut findings)
                .with_context(|| format!("diff {}", path.display()))?;
        }
        None => scanner
            .scan_diff(std::io::stdin().lock(), &mut state, &mut findings)
            .context("diff on stdin")?,
    }
    let reported = emit(findings, &args.report, &resolved)?;
    Ok(ExitCode::from_found(reported > 0))
}

fn plural(n: usize, noun: &str) -> String {
    match n {
        0 => format!("no {noun}s"),
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

/// Sorts, applies config filters and the baseline, prints; returns how many were reported.
pub(super) fn emit(
    mut findings: Vec<Finding>,
    args: &ReportArgs,
    resolved: &config::Resolved,
) -> Result<usize> {
    findings.retain(|f| !resolved.suppressed(f));
    if let Some(path) = &args.baseline {
        let baseline = Baseline::load(path)?;
        findings.retain(|f| !baseline.contains(&f.fingerprint));
    }
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule, &a.commit)
            .cmp(&(&b.path, b.line, b.column, &b.rule, &b.commit))
    });
    let (format, options) = config::report(args);
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(create_output(path)?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut printer = report::printer(format, options, out, resolved.set.rules());
    for f in &findings {
        printer.matched(f).context("writing the report")?;
    }
    printer.finish().context("writing the report")?;
    Ok(findings.len())
}

/// Opens the `--output` report file. A new file is created 0600 whatever the umask, since a
/// `--show-secrets` report holds secrets; an existing file keeps its mode (never widened).
fn create_output(path: &Path) -> Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    if path.is_dir() {
        bail!("--output {}: is a directory", path.display());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating report file {}", path.display()))
}
