//! `hush rules list|test`.

use super::exit::ExitCode;
use super::{LeaksArgs, QualityArgs, RuleArgs, config};
use anyhow::{Context, Result};
use hush::detect::{Detector, PathMask};
use hush::patterns::PatternSet;
use hush::quality;
use hush::redact::{MaskStyle, Masker, Redactor};
use std::io::Write;
use std::path::Path;

pub(super) fn list(args: &RuleArgs) -> Result<ExitCode> {
    let set = config::resolve(args, true, Path::new("."))?.set;
    let width = set.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for r in set.rules() {
        writeln!(
            out,
            "{:<width$}  {:<6}  {}",
            r.id,
            r.kind.as_str(),
            r.description
        )?;
    }
    Ok(ExitCode::Clean)
}

pub(super) fn test(args: &RuleArgs) -> Result<ExitCode> {
    let set = config::resolve(args, true, Path::new("."))?.set;
    let full = config::detector(set.clone())?;
    let mut failures = 0usize;
    let mut examples = 0usize;
    let mut out = std::io::stdout().lock();
    for rule in set.rules() {
        let paths = !rule.paths.is_empty();
        let alone = config::detector(PatternSet::single(rule.clone()))?;
        let mut problems = Vec::new();
        let generated = quality::generated_cases(rule);
        if rule.examples.len() < 2 || rule.negative_examples.len() < 2 {
            problems.push("needs at least 2 examples and 2 negative examples".to_owned());
        }
        // Built-in rules need three of each; a user's file keeps the two it always needed.
        if rule.origin.starts_with("builtin:")
            && (rule.examples.len() + generated.examples.len() < 3
                || rule.negative_examples.len() + generated.negatives.len() < 3)
        {
            problems.push(
                "needs at least 3 examples and 3 negative examples (written or generated from its token table)"
                    .to_owned(),
            );
        }
        problems.extend(generated.problems.iter().cloned());
        // Written examples, then generated ones: (text, label).
        let written = rule.examples.iter().map(|e| (e, "example"));
        let made = generated.examples.iter().map(|e| (e, "generated example"));
        for (ex, what) in written.chain(made) {
            examples += 1;
            if !reported(&alone, ex, paths).contains(&rule.id.as_str()) {
                problems.push(format!("{what} not matched: {ex:?}"));
            } else if !reported(&full, ex, paths).contains(&rule.id.as_str()) {
                problems.push(format!(
                    "{what} matched alone but lost in the full rule set: {ex:?}"
                ));
            }
        }
        let written = rule
            .negative_examples
            .iter()
            .map(|e| (e, false, "negative example"));
        let made =
            (generated.negatives.iter()).map(|(e, no_rule)| (e, *no_rule, "generated look-alike"));
        for (ex, no_rule, what) in written.chain(made) {
            examples += 1;
            if reported(&alone, ex, paths).contains(&rule.id.as_str()) {
                problems.push(format!("{what} matched: {ex:?}"));
            } else if no_rule && let Some(other) = reported(&full, ex, paths).first() {
                problems.push(format!(
                    "generated known fake or placeholder reported by {other}: {ex:?}"
                ));
            }
        }
        for p in &problems {
            writeln!(out, "FAIL {} ({}): {p}", rule.id, rule.origin)?;
        }
        failures += problems.len();
    }
    writeln!(
        out,
        "{} rules, {examples} examples: {}",
        set.rules().len(),
        if failures == 0 {
            "all passed".to_owned()
        } else {
            format!("{failures} failed")
        }
    )?;
    Ok(ExitCode::from_found(failures > 0))
}

/// The ids of the rules `detector` reports in `text`, in order of position. With `paths`,
/// path rules run too (an example of a path rule is its file's content, wherever it is);
/// an ordinary rule's examples are content of no particular file.
fn reported<'d>(detector: &'d Detector, text: &str, paths: bool) -> Vec<&'d str> {
    let mut scratch = detector.scratch();
    let mut found = Vec::new();
    let mask = match paths {
        true => PathMask::every(),
        false => PathMask::NONE,
    };
    detector.detect_in(&mask, text.as_bytes(), &mut scratch, &mut found);
    found
        .iter()
        .map(|m| detector.rules()[m.rule].id.as_str())
        .collect()
}

/// `hush rules quality`: the harness over the loaded rules.
pub(super) fn quality(args: &QualityArgs) -> Result<ExitCode> {
    let set = config::resolve(&args.rules, true, Path::new("."))?.set;
    let detector = config::detector(set)?;
    let options = quality::Options {
        seed: args.seed,
        tokens_per_format: args.tokens,
    };
    let mut report = quality::run(&detector, options);
    if let Some(file) = &args.file {
        let stem = file.trim_end_matches(".toml");
        report.rules.retain(|r| r.family == stem);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.to_table(args.all))?;
    }
    Ok(ExitCode::Clean)
}

/// `hush rules leaks`: the leak harness over `hush redact`'s rules, masks in full.
pub(super) fn leaks(args: &LeaksArgs) -> Result<ExitCode> {
    let resolved = config::resolve(&args.rules, true, Path::new("."))?;
    let set = resolved.set;
    let redactor = Redactor::new(set.clone(), Masker::new(MaskStyle::Full, b""))
        .context("building the detector")?
        .with_sensitive_names(resolved.names);
    let options = quality::leaks::Options {
        seed: args.seed,
        tokens_per_format: args.tokens,
        pii_per_family: args.pii_values,
        ordinary_per_plant: args.ordinary,
        show_values: args.show_values,
    };
    let report = quality::leaks::run(&set, &redactor, options);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.to_table(args.all))?;
    }
    Ok(ExitCode::from_found(report.leaked + report.partial > 0))
}
