//! The report of `scan`, `diff` and `git`: findings through the filter stage into a printer.

use super::{ReportArgs, config};
use anyhow::{Context, Result, bail};
use hush::filter::{Order, Suppressed};
use hush::report;
use hush::scan::{Finding, Scanner, Sink};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// How many findings a message names before "... and N more".
const NAMED: usize = 10;

/// A reported finding as messages name it: no value, masked or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Named {
    pub(super) rule: String,
    pub(super) path: String,
    pub(super) line: u64,
    pub(super) fingerprint: String,
}

/// What a report held.
#[derive(Debug, Default)]
pub(super) struct Reported {
    /// Findings reported.
    pub(super) count: usize,
    /// The first few of them, in report order.
    pub(super) first: Vec<Named>,
    /// Findings the filters left out.
    pub(super) suppressed: Suppressed,
}

/// Filters, sorts and prints `findings`.
pub(super) fn emit(
    scanner: &Scanner,
    findings: Vec<Finding>,
    args: &ReportArgs,
) -> Result<Reported> {
    let (format, options) = config::report(args);
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(create_output(path)?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let printer = report::printer(format, options, out, scanner.detector().rules());
    let recorder = Recorder {
        inner: printer,
        first: Vec::new(),
    };
    let mut sink = scanner.sink(recorder, Order::Sorted);
    for f in findings {
        sink.push(f).context("writing the report")?;
    }
    sink.finish().context("writing the report")?;
    let count = sink.passed();
    Ok(Reported {
        count,
        first: sink.into_inner().first,
        suppressed: scanner.filter().suppressed(),
    })
}

/// Passes findings on to the printer and keeps the names of the first few.
struct Recorder<S> {
    inner: S,
    first: Vec<Named>,
}

impl<S: Sink> Sink for Recorder<S> {
    fn matched(&mut self, f: &Finding) -> io::Result<()> {
        if self.first.len() < NAMED {
            self.first.push(Named {
                rule: f.rule.clone(),
                path: f.path.clone(),
                line: f.line,
                fingerprint: f.fingerprint.clone(),
            });
        }
        self.inner.matched(f)
    }
    fn suppressed(&mut self, counts: Suppressed) {
        self.inner.suppressed(counts);
    }
    fn finish(&mut self) -> io::Result<()> {
        self.inner.finish()
    }
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
