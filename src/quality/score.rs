//! Counting the harness's cases: what was expected, what each rule reported, what was wrong.

use super::generate::Flaw;
use super::report::{Report, RuleScore};
use crate::detect::Match;
use crate::patterns::{Kind, Rule};
use std::ops::Range;

/// Counts per rule, indexed like the detector's rules.
#[derive(Debug, Default, Clone)]
struct Counts {
    expected: usize,
    found: usize,
    found_unexpected: usize,
    findings: usize,
    wrong: usize,
    flaw_cases: usize,
    flaw_reported: usize,
    missed: Vec<&'static str>,
    claimed_by: Vec<String>,
    flaws_reported: Vec<&'static str>,
}

/// The running tally of one harness run.
pub(super) struct Tally {
    counts: Vec<Counts>,
    generic: Vec<bool>,
    hard_cases: usize,
    hard_reported: Vec<(&'static str, String)>,
}

impl Tally {
    pub(super) fn new(rules: &[Rule]) -> Self {
        Self {
            counts: vec![Counts::default(); rules.len()],
            generic: rules.iter().map(is_generic).collect(),
            hard_cases: 0,
            hard_reported: Vec::new(),
        }
    }

    /// A planted token of rule `rule` at `span`; `expect` says whether it must be found.
    pub(super) fn positive(
        &mut self,
        rule: usize,
        carrier: &'static str,
        expect: bool,
        span: Range<usize>,
        found: &[Match],
    ) {
        let mut hit = false;
        for m in found {
            let overlaps = m.start < span.end && span.start < m.end;
            self.counts[m.rule].findings += 1;
            if overlaps && m.rule == rule {
                hit = true;
            } else if !(overlaps && self.generic[m.rule]) {
                self.counts[m.rule].wrong += 1;
                if overlaps {
                    let other = m.rule.to_string();
                    push_once(&mut self.counts[rule].claimed_by, other);
                }
            }
        }
        let c = &mut self.counts[rule];
        match (expect, hit) {
            (true, true) => (c.expected, c.found) = (c.expected + 1, c.found + 1),
            (true, false) => {
                c.expected += 1;
                push_once(&mut c.missed, carrier);
            }
            (false, true) => c.found_unexpected += 1,
            (false, false) => {}
        }
    }

    /// A look-alike of rule `rule`'s token. A failing checksum or a placeholder must not be
    /// reported by any rule; a wrong length not by a provider's rule (a generic rule may
    /// still call a random value under a secret's name a secret).
    pub(super) fn flawed(&mut self, rule: usize, flaw: Flaw, found: &[Match]) {
        let any_rule = matches!(flaw, Flaw::BadChecksum | Flaw::Placeholder);
        let mut reported = false;
        for m in found {
            self.counts[m.rule].findings += 1;
            if any_rule || !self.generic[m.rule] {
                self.counts[m.rule].wrong += 1;
                reported = true;
            }
        }
        let c = &mut self.counts[rule];
        c.flaw_cases += 1;
        if reported {
            c.flaw_reported += 1;
            push_once(&mut c.flaws_reported, flaw.as_str());
        }
    }

    /// A hard negative: no rule may report it.
    pub(super) fn hard_negative(&mut self, kind: &'static str, found: &[Match]) {
        self.hard_cases += 1;
        for m in found {
            self.counts[m.rule].findings += 1;
            self.counts[m.rule].wrong += 1;
        }
        if let Some(m) = found.first() {
            self.hard_reported.push((kind, m.rule.to_string()));
        }
    }

    pub(super) fn into_report(self, rules: &[Rule]) -> Report {
        let id = |s: &str| {
            s.parse::<usize>()
                .map_or_else(|_| s.to_owned(), |i| rules[i].id.clone())
        };
        let scores = (rules.iter().zip(self.counts))
            .filter(|(rule, c)| super::measured(rule) || c.findings > 0)
            .map(|(rule, c)| RuleScore {
                id: rule.id.clone(),
                family: (rule.origin.strip_prefix("builtin:"))
                    .unwrap_or(&rule.origin)
                    .trim_end_matches(".toml")
                    .to_owned(),
                provider: rule.provider.clone(),
                measured: super::measured(rule),
                expected: c.expected,
                found: c.found,
                found_unexpected: c.found_unexpected,
                findings: c.findings,
                wrong: c.wrong,
                flaw_cases: c.flaw_cases,
                flaw_reported: c.flaw_reported,
                missed: c.missed.iter().map(|s| (*s).to_owned()).collect(),
                claimed_by: c.claimed_by.iter().map(|s| id(s)).collect(),
                flaws_reported: c.flaws_reported.iter().map(|s| (*s).to_owned()).collect(),
            })
            .collect();
        let hard_reported = (self.hard_reported.into_iter())
            .map(|(kind, rule)| (kind.to_owned(), id(&rule)))
            .collect();
        Report::new(scores, self.hard_cases, hard_reported)
    }
}

/// A rule for secrets of no one provider (`generic-secret-assignment`): reporting a planted
/// token is right for it, only less specific.
fn is_generic(rule: &Rule) -> bool {
    rule.kind == Kind::Secret && rule.provider.is_none()
}

fn push_once<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}
