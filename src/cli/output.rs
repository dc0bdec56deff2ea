//! The report of `scan`, `diff` and `git`: findings through the filter stage into a printer.

use super::{ReportArgs, config};
use anyhow::{Context, Result, bail};
use hush::filter::Order;
use hush::report;
use hush::scan::{Finding, Scanner, Sink};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Filters, sorts and prints `findings`; returns how many were reported.
pub(super) fn emit(scanner: &Scanner, findings: Vec<Finding>, args: &ReportArgs) -> Result<usize> {
    let (format, options) = config::report(args);
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(create_output(path)?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let printer = report::printer(format, options, out, scanner.detector().rules());
    let mut sink = scanner.sink(printer, Order::Sorted);
    for f in findings {
        sink.push(f).context("writing the report")?;
    }
    sink.finish().context("writing the report")?;
    Ok(sink.passed())
}

fn create_output(path: &Path) -> Result<File> {
    if path.is_dir() {
        bail!("--output {}: is a directory", path.display());
    }
    File::create(path).with_context(|| format!("creating report file {}", path.display()))
}
