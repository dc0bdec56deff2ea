//! The quality harness: how well the rules find what their formats say, and only that.
//!
//! For every rule with a `[rule.token]` table, tokens are generated from its formats
//! ([`generate`]) and planted in every [`carriers::CARRIERS`] file type, once under a name the
//! token is known under and once under a neutral name. A token that names its provider (it
//! holds one of the rule's keywords) must be found in both; one that does not must be found
//! under its telling name. Look-alikes (one character short or long, a failing checksum, a
//! placeholder) and [`negatives`] must not be. The [`Report`] gives recall and precision per
//! rule and per family (rule file) and the rate of hard negatives reported.
//!
//! `hush rules quality` prints it; `scripts/quality.sh` runs the full harness; the test suite
//! runs a small seed with thresholds.

pub mod carriers;
pub mod generate;
pub mod leaks;
pub mod negatives;
mod report;
mod score;

pub use report::{Family, Report, RuleScore};

use crate::detect::{Detector, Match, Scratch};
use crate::patterns::token::Token;
use crate::patterns::{Kind, Rule};
use carriers::{CARRIERS, NEUTRAL_NAMES};
use generate::Flaw;
use score::Tally;

/// How much of the harness to run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Seed for every generated token; the same seed gives the same cases.
    pub seed: u64,
    /// Tokens generated per format of each rule.
    pub tokens_per_format: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: 1,
            tokens_per_format: 2,
        }
    }
}

/// A rule the harness measures: secret rules with a token table.
pub fn measured(rule: &Rule) -> bool {
    rule.kind == Kind::Secret && rule.token.is_some()
}

/// Whether `token` names its rule's provider: it holds one of the rule's keywords.
pub fn names_provider(rule: &Rule, token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    rule.keywords.is_empty() || rule.keywords.iter().any(|k| lower.contains(k.as_str()))
}

/// The names a rule's token is planted under when a telling name is wanted.
pub fn telling_names(rule: &Rule) -> Vec<String> {
    match rule.token.as_ref() {
        Some(t) if !t.names.is_empty() => t.names.clone(),
        _ => {
            let provider = rule.provider.as_deref().unwrap_or("app");
            let word: String = (provider.chars())
                .filter(char::is_ascii_alphanumeric)
                .collect();
            vec![format!("{}_TOKEN", word.to_ascii_uppercase())]
        }
    }
}

/// A seed for one rule, so adding a rule does not change another rule's cases.
fn rule_seed(seed: u64, id: &str) -> u64 {
    id.bytes().fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Runs the harness over every measured rule of `detector`.
pub fn run(detector: &Detector, options: Options) -> Report {
    let mut scratch = detector.scratch();
    let mut found = Vec::new();
    let mut tally = Tally::new(detector.rules());
    for (index, rule) in detector.rules().iter().enumerate() {
        if !measured(rule) {
            continue;
        }
        let mut rng = fastrand::Rng::with_seed(rule_seed(options.seed, &rule.id));
        let token = rule
            .token
            .as_ref()
            .expect("measured rules have a token table");
        let names = telling_names(rule);
        for format in &token.formats {
            for n in 0..options.tokens_per_format {
                let value = generate::token(format, rule.validator, &mut rng);
                let expected_anywhere = names_provider(rule, &value);
                for (ci, carrier) in CARRIERS.iter().enumerate() {
                    if !fits(token, carrier, &value) {
                        continue;
                    }
                    let telling = &names[(ci + n) % names.len()];
                    let neutral = NEUTRAL_NAMES[(ci + n) % NEUTRAL_NAMES.len()];
                    for (name, is_telling) in [(telling.as_str(), true), (neutral, false)] {
                        if !is_telling && !carrier.shows_name() {
                            continue;
                        }
                        let (text, span) = carrier.plant(name, &value);
                        detect(detector, &text, &mut scratch, &mut found);
                        let expect = expected_anywhere || (is_telling && carrier.shows_name());
                        tally.positive(index, carrier.kind, expect, span, &found);
                    }
                }
            }
            for (fi, flaw) in [
                Flaw::Short,
                Flaw::Long,
                Flaw::BadChecksum,
                Flaw::Placeholder,
            ]
            .into_iter()
            .enumerate()
            {
                let Some(fake) = generate::flawed(format, rule.validator, flaw, &mut rng) else {
                    continue;
                };
                // A few carriers per flaw, rotating, under the telling name.
                for ci in (fi..CARRIERS.len()).step_by(7) {
                    let carrier = &CARRIERS[ci];
                    if !fits(token, carrier, &fake) {
                        continue;
                    }
                    let (text, _) = carrier.plant(&names[ci % names.len()], &fake);
                    detect(detector, &text, &mut scratch, &mut found);
                    tally.flawed(index, flaw, &found);
                }
            }
        }
    }
    let mut rng = fastrand::Rng::with_seed(options.seed);
    for _ in 0..options.tokens_per_format.max(1) {
        for (kind, text) in negatives::hard_negatives(&mut rng) {
            detect(detector, &text, &mut scratch, &mut found);
            tally.hard_negative(kind, &found);
        }
    }
    tally.into_report(detector.rules())
}

/// Whether `value` of a rule with `token` can be planted in `carrier`: a multi-line value
/// only where lines fit, and only in the carriers a file-bound format names.
fn fits(token: &Token, carrier: &carriers::Carrier, value: &str) -> bool {
    (!value.contains('\n') || carrier.takes_multiline())
        && (token.carriers.is_empty() || token.carriers.iter().any(|c| c == carrier.kind))
}

fn detect(detector: &Detector, text: &str, scratch: &mut Scratch, found: &mut Vec<Match>) {
    found.clear();
    detector.detect(text.as_bytes(), scratch, found);
}

/// A rule's examples made from its token formats, for `hush rules test`.
#[derive(Debug, Default)]
pub struct Generated {
    /// Texts that must produce a finding of the rule.
    pub examples: Vec<String>,
    /// `(text, no rule at all)`: texts the rule must not report; with `true`, no rule may
    /// (a known fake or a placeholder).
    pub negatives: Vec<(String, bool)>,
    /// What is wrong with the token table itself (an unknown carrier).
    pub problems: Vec<String>,
}

/// One token per format under a telling name, and its look-alikes; for a token that does
/// not name its provider, the token under a neutral name too (which the rule must not
/// report). Seeded by the rule's id: the same cases on every run.
pub fn generated_cases(rule: &Rule) -> Generated {
    let mut out = Generated::default();
    let Some(token) = rule.token.as_ref() else {
        return out;
    };
    let mut rng = fastrand::Rng::with_seed(rule_seed(0, &rule.id));
    let names = telling_names(rule);
    // A file-bound format is shown in its first carrier; others in a quoted dotenv value.
    let kind = token
        .carriers
        .first()
        .map_or("dotenv-quoted", String::as_str);
    for unknown in (token.carriers.iter()).filter(|k| !CARRIERS.iter().any(|c| &c.kind == k)) {
        let known: Vec<&str> = CARRIERS.iter().map(|c| c.kind).collect();
        out.problems.push(format!(
            "unknown carrier {unknown:?} in [rule.token]; known: {}",
            known.join(", ")
        ));
    }
    let Some(carrier) = CARRIERS.iter().find(|c| c.kind == kind) else {
        return out;
    };
    for (i, format) in token.formats.iter().enumerate() {
        let name = &names[i % names.len()];
        let value = generate::token(format, rule.validator, &mut rng);
        if !names_provider(rule, &value) {
            out.negatives
                .push((carrier.plant("value", &value).0, false));
        }
        out.examples.push(carrier.plant(name, &value).0);
        for flaw in [
            Flaw::Short,
            Flaw::Long,
            Flaw::BadChecksum,
            Flaw::Placeholder,
        ] {
            if let Some(fake) = generate::flawed(format, rule.validator, flaw, &mut rng) {
                let no_rule = matches!(flaw, Flaw::BadChecksum | Flaw::Placeholder);
                out.negatives.push((carrier.plant(name, &fake).0, no_rule));
            }
        }
    }
    out
}
