//! `hush redact`: stdin (or FILE) to stdout with findings masked.

use super::exit::ExitCode;
use super::{MaskArg, RedactArgs, RuleArgs, config};
use anyhow::{Context, Result};
use hush::redact::{MaskStyle, Masker, RedactFilter, Redactor, Stats};
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

/// Environment variable holding the key of `--mask hash`.
const KEY_VAR: &str = "HUSH_REDACT_KEY";

pub(super) fn run(args: &RedactArgs) -> Result<ExitCode> {
    let rule_args = RuleArgs {
        config: args.config.clone(),
        no_config: args.no_config,
        rules: args.rules.clone(),
        pii: !args.no_pii,
        only: args.only.clone(),
        except: args.except.clone(),
    };
    let resolved = config::resolve(&rule_args, !args.no_pii, Path::new("."))?;
    let style = match args.mask {
        MaskArg::Full => MaskStyle::Full,
        MaskArg::Partial => MaskStyle::Partial,
        MaskArg::Hash => MaskStyle::Hash,
    };
    let masker = match std::env::var_os(KEY_VAR).filter(|k| !k.is_empty()) {
        Some(key) => Masker::new(style, key.as_encoded_bytes()),
        None => Masker::random(style).context("drawing a random hash key")?,
    };
    let redactor = Redactor::new(resolved.set, masker)
        .context("building the detector")?
        .with_sensitive_names(resolved.names);
    let input: Box<dyn Read> = match &args.file {
        Some(path) => {
            Box::new(File::open(path).with_context(|| format!("opening {}", path.display()))?)
        }
        None => Box::new(std::io::stdin().lock()),
    };
    let stats = RedactFilter::new(&redactor, input, std::io::stdout().lock())
        .buffered(args.buffered)
        .threads(match args.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        })
        .run()
        .context("redacting")?;
    if args.stats {
        print_stats(&stats).context("writing stats")?;
    }
    Ok(ExitCode::Clean)
}

/// Per-rule counts on stderr; labels and numbers only, never a value.
fn print_stats(stats: &Stats) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    writeln!(err, "hush: {} spans masked", stats.total())?;
    for (label, n) in stats.iter() {
        writeln!(err, "{n:>10}  {label}")?;
    }
    Ok(())
}
