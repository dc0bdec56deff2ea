//! Raw flags -> validated library configuration.

use super::{ColorArg, FormatArg, ReportArgs, RuleArgs};
use anyhow::{Context, Result, bail};
use hush::detect::Detector;
use hush::patterns::{Kind, PatternSet};
use hush::report::{Format, ReportOptions};
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

/// The built-in rules plus `--rules` directories, narrowed by `--only`, `--except`, `--pii`.
pub(super) fn pattern_set(args: &RuleArgs, include_pii: bool) -> Result<PatternSet> {
    let mut set = PatternSet::builtin().context("loading built-in rules")?;
    for dir in &args.rules {
        set.extend_from_dir(dir)?;
    }
    for id in args.only.iter().chain(&args.except) {
        if set.get(id).is_none() {
            bail!("unknown rule id {id:?} (see `hush rules list`)");
        }
    }
    let only_named = !args.only.is_empty();
    set.retain(|r| {
        let named = args.only.contains(&r.id);
        let kind_ok = include_pii || r.kind != Kind::Pii || named;
        (!only_named || named) && !args.except.contains(&r.id) && kind_ok
    });
    Ok(set)
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
