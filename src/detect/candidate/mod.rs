//! Candidate filters: entropy, placeholders, validators, and overlap resolution.

use super::Match;
use entropy::shannon;
use placeholder::is_placeholder;

pub(super) mod entropy;
mod identifier;
mod names;
pub(super) mod placeholder;
mod samples;
use crate::patterns::{Confidence, Kind, Rule};

/// What the filters make of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// A finding, at this confidence.
    Accept(Confidence),
    /// Not a secret by this rule (placeholder, too little entropy).
    Reject,
    /// The rule's shape with a failing checksum or structure: a known fake, which no rule
    /// of its kind may report.
    Fake,
}

/// Applies placeholder, entropy and validator checks.
pub(super) fn accept(rule: &Rule, secret: &[u8]) -> Verdict {
    if secret.is_empty() || is_placeholder(secret) {
        return Verdict::Reject;
    }
    // A published sample is a known fake: no rule of its kind reports it either.
    if samples::is_published_sample(secret) {
        return Verdict::Fake;
    }
    if rule.provider.is_none() && rule.kind == Kind::Secret && identifier::is_identifier(secret) {
        return Verdict::Reject;
    }
    match rule.validator {
        Some(v) if !v.check(secret) => return Verdict::Fake,
        _ => {}
    }
    if rule.entropy.is_some_and(|min| shannon(secret) < min) {
        return Verdict::Reject;
    }
    // A weak check (Luhn, SSN ranges, phone plans) rejects but does not vouch: a card number
    // is never high on its Luhn digit alone.
    Verdict::Accept(match rule.validator {
        Some(v) if v.raises_confidence() => Confidence::High,
        _ => rule.confidence,
    })
}

/// Whether a match of `rule` starting at `start` in `hay` lies in a key name that holds
/// no credential (rules with `filter_names` only).
pub(super) fn in_ignored_name(rule: &Rule, hay: &[u8], start: usize) -> bool {
    rule.filter_names && names::not_a_credential(hay, start)
}

/// Drops every candidate that overlaps a known fake of its kind (a generic rule must not
/// report the checksum-failing token a specific rule rejected).
pub(super) fn drop_fakes(found: &mut Vec<Match>, fakes: &[Match], rules: &[Rule]) {
    if fakes.is_empty() {
        return;
    }
    // Personal data only loses what the fake covers: a card-shaped digit group failing Luhn
    // inside a grouped IBAN (`DE55 4000 1234 5678 9012 34`) says nothing about the IBAN.
    let spoils = |f: &Match, m: &Match| match rules[m.rule].kind {
        Kind::Pii => f.start <= m.start && m.end <= f.end,
        Kind::Secret => f.start < m.end && m.start < f.end,
    };
    found.retain(|m| {
        !(fakes.iter()).any(|f| rules[f.rule].kind == rules[m.rule].kind && spoils(f, m))
    });
}

/// Sorts candidates and keeps, of each group of overlapping spans, the strongest one.
pub(super) fn resolve_overlaps(found: &mut [Match], rules: &[Rule], out: &mut Vec<Match>) {
    found.sort_unstable_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.rule));
    // A secret beats personal data on the same bytes (digits inside a token can pass Luhn;
    // redaction must mask the whole token), then confidence decides, and at equal
    // confidence a provider's rule beats a generic one: "Databricks token" says more than
    // "generic secret" about the same bytes.
    let rank = |m: &Match| {
        (
            rules[m.rule].kind == Kind::Secret,
            m.confidence,
            rules[m.rule].provider.is_some(),
            m.end - m.start,
        )
    };
    let first_new = out.len();
    for &m in found.iter() {
        match out[first_new..].last_mut() {
            Some(last) if m.start < last.end => {
                if rank(&m) > rank(last) {
                    *last = m;
                }
            }
            _ => out.push(m),
        }
    }
}
