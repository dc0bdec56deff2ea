//! Raw flags -> validated library configuration.

use super::{ColorArg, FormatArg, ReportArgs, RuleArgs};
use anyhow::{Context, Result, bail};
use hush::config::Config;
use hush::config::discover::discover;
use hush::detect::Detector;
use hush::filter::{Allowlist, Baseline, Filter, InlineAllow};
use hush::patterns::sensitive::SensitiveNames;
use hush::patterns::{Kind, PatternSet};
use hush::report::{Format, ReportOptions};
use hush::scan::Scanner;
use std::path::{Path, PathBuf};

/// Parses `123`, `64K`, `10M`, `10MB`, `10MiB`, `1.5G` into bytes (parse-size). Every
/// multiple is binary (`1K` = `1KB` = `1KiB` = 1024), as hush's sizes always were.
pub(super) fn parse_size(text: &str) -> Result<u64, String> {
    parse_size::Config::new()
        .with_binary()
        .parse_size(text.trim())
        .map_err(|e| format!("invalid size {text:?} ({e}): expected e.g. 64M, 10MB or 10MiB"))
}

/// Where the configuration file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Source {
    /// `--config FILE`.
    Flag(PathBuf),
    /// Found by discovery (`hush.toml` or `.hush.toml`).
    Found(PathBuf),
    /// None found.
    Absent,
    /// `--no-config`.
    Skipped,
}

impl Source {
    /// The file read, if any.
    pub(super) fn path(&self) -> Option<&Path> {
        match self {
            Self::Flag(p) | Self::Found(p) => Some(p),
            Self::Absent | Self::Skipped => None,
        }
    }
}

/// Rules and filters resolved from the flags and the configuration file.
pub(super) struct Resolved {
    /// Where the configuration file came from.
    pub(super) source: Source,
    /// The configuration file as read (empty when there is none).
    pub(super) file: Config,
    /// The rules to run.
    pub(super) set: PatternSet,
    /// Size limit from the config file (flags override it).
    pub(super) max_file_size: Option<u64>,
    /// Paths and fingerprints whose findings are not reported.
    pub(super) allowlist: Allowlist,
    /// Names whose values `redact` masks whole.
    pub(super) names: SensitiveNames,
}

impl Resolved {
    /// The size limit: flag, else config file, else 64 MiB.
    pub(super) fn size_limit(&self, flag: Option<u64>) -> u64 {
        flag.or(self.max_file_size).unwrap_or(64 << 20)
    }

    /// A scanner for these rules with the config allowlist and the baseline (`--baseline`,
    /// else the config file's).
    pub(super) fn scanner(&self, args: &ReportArgs) -> Result<Scanner> {
        let inline = if args.no_inline_allow {
            InlineAllow::none()
        } else {
            InlineAllow::default()
        };
        let mut filter = Filter::new()
            .with_inline(inline)
            .with_allowlist(self.allowlist.clone());
        if let Some(path) = args.baseline.as_ref().or(self.file.baseline.as_ref()) {
            filter = filter.with_baseline(Baseline::load(path)?);
        }
        Ok(Scanner::with_filter(detector(self.set.clone())?, filter))
    }
}

/// The configuration file for work in `start`: `--config`, else none with `--no-config`,
/// else the discovered `hush.toml`/`.hush.toml`.
fn load_file(args: &RuleArgs, start: &Path) -> Result<(Source, Config)> {
    let source = match (&args.config, args.no_config) {
        (Some(path), _) => Source::Flag(path.clone()),
        (None, true) => Source::Skipped,
        (None, false) => match discover(start)? {
            Some(path) => Source::Found(path),
            None => Source::Absent,
        },
    };
    let file = match source.path() {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    Ok((source, file))
}

/// The built-in rules plus config and `--rules` directories, narrowed by `--only`,
/// `--except` and `--pii` (PII rules always, with `all_kinds`). The configuration file is
/// looked for from `start` (see [`discover`]).
pub(super) fn resolve(args: &RuleArgs, all_kinds: bool, start: &Path) -> Result<Resolved> {
    let (source, file) = load_file(args, start)?;
    let mut set = PatternSet::builtin().context("loading built-in rules")?;
    for dir in file.rules.iter().chain(&args.rules) {
        set.extend_from_dir(dir)?;
    }
    let only: Vec<&String> = file.only.iter().chain(&args.only).collect();
    let except = pii_families(&set, file.except.iter().chain(&args.except));
    let except: Vec<&String> = except.iter().collect();
    for id in only.iter().chain(&except) {
        if set.get(id).is_none() {
            bail!("unknown rule id {id:?} (see `hush rules list`)");
        }
    }
    let include_pii = all_kinds || args.pii || file.pii;
    set.retain(|r| {
        let named = only.contains(&&r.id);
        let kind_ok = include_pii || r.kind != Kind::Pii || named;
        (only.is_empty() || named) && !except.contains(&&r.id) && kind_ok
    });
    let max_file_size = match &file.max_file_size {
        Some(text) => {
            Some(parse_size(text).map_err(|e| anyhow::anyhow!("config max_file_size: {e}"))?)
        }
        None => None,
    };
    let names = (file.sensitive_names.names())
        .map_err(|e| anyhow::anyhow!("config sensitive_names: {e}"))?;
    let exclude = file
        .exclude_set()
        .map_err(|e| anyhow::anyhow!("config exclude: {e}"))?;
    let mut allowlist = Allowlist::new(exclude, file.allow.iter().cloned());
    if let Some(dir) = source.path().and_then(Path::parent) {
        allowlist = allowlist.relative_to(dir);
    }
    Ok(Resolved {
        source,
        file,
        set,
        max_file_size,
        allowlist,
        names,
    })
}

/// `ids` with each that names no rule but a PII family, a word of PII rule ids (`ip`,
/// `phone`, `ssn`, `email`, `card`, `iban`), replaced by that family's rules.
fn pii_families<'a>(set: &PatternSet, ids: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        let family: Vec<String> = (set.rules().iter())
            .filter(|r| r.kind == Kind::Pii && r.id.split('-').any(|w| w == id))
            .map(|r| r.id.clone())
            .collect();
        if set.get(id).is_some() || family.is_empty() {
            out.push(id.clone());
        } else {
            out.extend(family);
        }
    }
    out
}

/// A detector for `set`.
pub(super) fn detector(set: PatternSet) -> Result<Detector> {
    Detector::new(set).context("building the detector")
}

/// Format and printer options from the report flags; colour only on a terminal by default.
pub(super) fn report(args: &ReportArgs) -> (Format, ReportOptions) {
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Sarif => Format::Sarif,
    };
    // anstream decides `auto` as other command-line tools do: a terminal, and NO_COLOR,
    // CLICOLOR, CLICOLOR_FORCE and TERM=dumb honoured.
    let auto = || {
        args.output.is_none()
            && anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
    };
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => auto(),
    };
    let options = ReportOptions {
        show_secrets: args.show_secrets,
        color,
    };
    (format, options)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("64m"), Ok(64 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("10MB"), Ok(10 << 20));
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("10 mb"), Ok(10 << 20));
        assert!(parse_size("1X").is_err());
        assert!(parse_size("x").is_err());
        assert!(parse_size("").is_err());
    }
}
