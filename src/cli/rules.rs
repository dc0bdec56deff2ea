//! `hush rules list|test`.

use super::exit::ExitCode;
use super::{QualityArgs, RuleArgs, config};
use anyhow::Result;
use hush::detect::Detector;
use hush::patterns::{PatternSet, Rule};
use hush::quality;
use std::io::Write;

pub(super) fn list(args: &RuleArgs) -> Result<ExitCode> {
    let set = config::resolve(args, true)?.set;
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
    let set = config::resolve(args, true)?.set;
    let full = config::detector(set.clone())?;
    let mut failures = 0usize;
    let mut examples = 0usize;
    let mut out = std::io::stdout().lock();
    for rule in set.rules() {
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
        for ex in &generated.examples {
            examples += 1;
            if !finds(&alone, rule, ex) {
                problems.push(format!("generated example not matched: {ex:?}"));
            } else if !finds(&full, rule, ex) {
                problems.push(format!(
                    "generated example matched alone but lost in the full rule set: {ex:?}"
                ));
            }
        }
        for (ex, no_rule) in &generated.negatives {
            examples += 1;
            if finds(&alone, rule, ex) {
                problems.push(format!("generated look-alike matched: {ex:?}"));
            } else if *no_rule && let Some(other) = any_finding(&full, ex) {
                problems.push(format!(
                    "generated known fake or placeholder reported by {other}: {ex:?}"
                ));
            }
        }
        for ex in &rule.examples {
            examples += 1;
            if !finds(&alone, rule, ex) {
                problems.push(format!("example not matched: {ex:?}"));
            } else if !finds(&full, rule, ex) {
                problems.push(format!(
                    "example matched alone but lost in the full rule set: {ex:?}"
                ));
            }
        }
        for ex in &rule.negative_examples {
            examples += 1;
            if finds(&alone, rule, ex) {
                problems.push(format!("negative example matched: {ex:?}"));
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

/// The id of the first rule `detector` reports in `text`.
fn any_finding<'d>(detector: &'d Detector, text: &str) -> Option<&'d str> {
    let mut scratch = detector.scratch();
    let mut found = Vec::new();
    detector.detect(text.as_bytes(), &mut scratch, &mut found);
    found.first().map(|m| detector.rules()[m.rule].id.as_str())
}

/// `hush rules quality`: the harness over the loaded rules.
pub(super) fn quality(args: &QualityArgs) -> Result<ExitCode> {
    let set = config::resolve(&args.rules, true)?.set;
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

fn finds(detector: &Detector, rule: &Rule, text: &str) -> bool {
    let mut scratch = detector.scratch();
    let mut found = Vec::new();
    detector.detect(text.as_bytes(), &mut scratch, &mut found);
    found.iter().any(|m| detector.rules()[m.rule].id == rule.id)
}
