//! `hush config show`: every setting a scan would use, and where it came from.
//!
//! Origins are `default`, the configuration file's path, or `flag`. Values are settings
//! only (rule ids, globs, fingerprints), never scanned content, so nothing here can hold a
//! secret.

use super::config::{self, Resolved, Source};
use super::exit::ExitCode;
use super::{ConfigShowArgs, RuleArgs};
use anyhow::Result;
use hush::filter::inline::{NEXT_LINE_MARKERS, SAME_LINE_MARKERS};
use std::io::Write;

pub(super) fn run(args: &ConfigShowArgs) -> Result<ExitCode> {
    let resolved = config::resolve(&args.rules, false, &args.dir)?;
    let mut out = std::io::stdout().lock();
    for (name, value, origin) in settings(&resolved, &args.rules) {
        writeln!(out, "{name:<15} {value}")?;
        writeln!(out, "{:<15} ({origin})", "")?;
    }
    Ok(ExitCode::Clean)
}

/// (name, value, origin) of each setting, in the order `config show` prints them.
fn settings(r: &Resolved, flags: &RuleArgs) -> Vec<(&'static str, String, String)> {
    let file_name = r
        .source
        .path()
        .map_or_else(String::new, |p| p.display().to_string());
    let file_label = match &r.source {
        Source::Flag(p) => format!("{} (--config)", p.display()),
        Source::Found(p) => format!("{} (found)", p.display()),
        Source::Absent => "none found (hush.toml or .hush.toml)".to_owned(),
        Source::Skipped => "none (--no-config)".to_owned(),
    };
    let origin = |in_file: bool, in_flag: bool| -> String {
        match (in_file, in_flag) {
            (true, true) => format!("{file_name} + flag"),
            (true, false) => file_name.clone(),
            (false, true) => "flag".to_owned(),
            (false, false) => "default".to_owned(),
        }
    };
    let list = |items: Vec<String>, empty: &str| {
        if items.is_empty() {
            empty.to_owned()
        } else {
            items.join(", ")
        }
    };
    let f = &r.file;
    let markers: Vec<String> = SAME_LINE_MARKERS
        .iter()
        .chain(&NEXT_LINE_MARKERS)
        .map(|m| (*m).to_owned())
        .collect();
    vec![
        (
            "config file",
            file_label,
            "discovery or --config".to_owned(),
        ),
        (
            "rules",
            list(
                f.rules
                    .iter()
                    .chain(&flags.rules)
                    .map(|p| p.display().to_string())
                    .collect(),
                "built-in only",
            ),
            origin(!f.rules.is_empty(), !flags.rules.is_empty()),
        ),
        (
            "pii",
            (f.pii || flags.pii).to_string(),
            origin(f.pii && !flags.pii, flags.pii),
        ),
        (
            "only",
            list(
                f.only.iter().chain(&flags.only).cloned().collect(),
                "every rule",
            ),
            origin(!f.only.is_empty(), !flags.only.is_empty()),
        ),
        (
            "except",
            list(
                f.except.iter().chain(&flags.except).cloned().collect(),
                "none",
            ),
            origin(!f.except.is_empty(), !flags.except.is_empty()),
        ),
        (
            "max_file_size",
            format!("{} bytes", r.size_limit(None)),
            origin(f.max_file_size.is_some(), false),
        ),
        (
            "exclude",
            list(f.exclude.clone(), "none"),
            origin(!f.exclude.is_empty(), false),
        ),
        (
            "allow",
            list(f.allow.clone(), "none"),
            origin(!f.allow.is_empty(), false),
        ),
        (
            "baseline",
            flags_baseline_note(f.baseline.as_deref()),
            origin(f.baseline.is_some(), false),
        ),
        (
            "inline markers",
            markers.join(", "),
            "default; --no-inline-allow turns them off".to_owned(),
        ),
        (
            "rules loaded",
            r.set.rules().len().to_string(),
            "built-in + rules, narrowed by only/except/pii".to_owned(),
        ),
    ]
}

/// The config file's baseline, or none (`--baseline` on a scan overrides it).
fn flags_baseline_note(file: Option<&std::path::Path>) -> String {
    file.map_or_else(|| "none".to_owned(), |p| p.display().to_string())
}
