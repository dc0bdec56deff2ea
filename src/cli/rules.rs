//! `hush rules list|test`.

use super::exit::ExitCode;
use super::{RuleArgs, config};
use anyhow::Result;
use hush::detect::Detector;
use hush::patterns::{PatternSet, Rule};
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
        if rule.examples.len() < 2 || rule.negative_examples.len() < 2 {
            problems.push("needs at least 2 examples and 2 negative examples".to_owned());
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

fn finds(detector: &Detector, rule: &Rule, text: &str) -> bool {
    let mut scratch = detector.scratch();
    let mut found = Vec::new();
    detector.detect(text.as_bytes(), &mut scratch, &mut found);
    found.iter().any(|m| detector.rules()[m.rule].id == rule.id)
}
