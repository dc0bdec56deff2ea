//! Raw flags -> validated library configuration.

use super::{ColorArg, FormatArg, ReportArgs, RuleArgs};
use anyhow::{Context, Result, bail};
use hush::config::Config;
use hush::detect::Detector;
use hush::filter::{Allowlist, Baseline, Filter};
use hush::patterns::{Kind, PatternSet};
use hush::report::{Format, ReportOptions};
use hush::scan::Scanner;
use std::io::IsTerminal;

/// Parses `123`, `64K`, `64M`, `1G` (binary multiples) into bytes.
pub(super) fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("unknown size suffix in {text:?}: use K, M or G")),
            };
            (&t[..i], mult)
        }
        _ => (t, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("invalid size {text:?}: expected a number with optional K, M or G"))
}

/// Rules and filters resolved from the flags and the `--config` file.
pub(super) struct Resolved {
    /// The rules to run.
    pub(super) set: PatternSet,
    /// Size limit from the config file (flags override it).
    pub(super) max_file_size: Option<u64>,
    /// Paths and fingerprints whose findings are not reported.
    pub(super) allowlist: Allowlist,
}

impl Resolved {
    /// The size limit: flag, else config file, else 64 MiB.
    pub(super) fn size_limit(&self, flag: Option<u64>) -> u64 {
        flag.or(self.max_file_size).unwrap_or(64 << 20)
    }

    /// A scanner for these rules with the config allowlist and `args`' baseline.
    pub(super) fn scanner(&self, args: &ReportArgs) -> Result<Scanner> {
        let mut filter = Filter::new().with_allowlist(self.allowlist.clone());
        if let Some(path) = &args.baseline {
            filter = filter.with_baseline(Baseline::load(path)?);
        }
        Ok(Scanner::with_filter(detector(self.set.clone())?, filter))
    }
}

/// The built-in rules plus config and `--rules` directories, narrowed by `--only`,
/// `--except` and `--pii` (PII rules always, with `all_kinds`).
pub(super) fn resolve(args: &RuleArgs, all_kinds: bool) -> Result<Resolved> {
    let file = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let mut set = PatternSet::builtin().context("loading built-in rules")?;
    for dir in file.rules.iter().chain(&args.rules) {
        set.extend_from_dir(dir)?;
    }
    let only: Vec<&String> = file.only.iter().chain(&args.only).collect();
    let except: Vec<&String> = file.except.iter().chain(&args.except).collect();
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
    let exclude = file
        .exclude_set()
        .map_err(|e| anyhow::anyhow!("config exclude: {e}"))?;
    Ok(Resolved {
        set,
        max_file_size,
        allowlist: Allowlist::new(exclude, file.allow),
    })
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
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => args.output.is_none() && !no_color_env && std::io::stdout().is_terminal(),
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
        assert!(parse_size("1T").is_err());
        assert!(parse_size("x").is_err());
        assert!(parse_size("").is_err());
    }
}
