//! Raw flags -> validated library configuration.

use super::{ColorArg, FormatArg, ReportArgs, RuleArgs};
use anyhow::{Context, Result, bail};
use globset::GlobSet;
use hush::config::Config;
use hush::detect::Detector;
use hush::patterns::sensitive::SensitiveNames;
use hush::patterns::{Kind, PatternSet};
use hush::report::{Format, ReportOptions};
use hush::scan::Finding;
use std::collections::HashSet;
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
    /// Findings in these paths are not reported.
    pub(super) exclude: GlobSet,
    /// Findings with these fingerprints are not reported.
    pub(super) allow: HashSet<String>,
    /// Names whose values `redact` masks whole.
    pub(super) names: SensitiveNames,
}

impl Resolved {
    /// The size limit: flag, else config file, else 64 MiB.
    pub(super) fn size_limit(&self, flag: Option<u64>) -> u64 {
        flag.or(self.max_file_size).unwrap_or(64 << 20)
    }

    /// True when `f` must not be reported (excluded path or allowed fingerprint).
    pub(super) fn suppressed(&self, f: &Finding) -> bool {
        self.allow.contains(&f.fingerprint) || self.exclude.is_match(&f.path)
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
    Ok(Resolved {
        set,
        max_file_size,
        exclude,
        allow: file.allow.into_iter().collect(),
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
