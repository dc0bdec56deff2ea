//! Candidate filters: entropy, placeholders, validators, and overlap resolution.

use super::{Match, is_placeholder, shannon};
use crate::patterns::{Confidence, Kind, Rule};

/// Applies entropy, placeholder and validator checks; `None` rejects the candidate.
pub(super) fn accept(rule: &Rule, secret: &[u8]) -> Option<Confidence> {
    if secret.is_empty() || is_placeholder(secret) {
        return None;
    }
    if rule.entropy.is_some_and(|min| shannon(secret) < min) {
        return None;
    }
    match rule.validator {
        Some(v) if !v.check(secret) => None,
        Some(_) => Some(Confidence::High),
        None => Some(rule.confidence),
    }
}

/// Sorts candidates and keeps, of each group of overlapping spans, the strongest one.
pub(super) fn resolve_overlaps(found: &mut [Match], rules: &[Rule], out: &mut Vec<Match>) {
    found.sort_unstable_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.rule));
    let rank = |m: &Match| {
        (
            m.confidence,
            rules[m.rule].kind == Kind::Secret,
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
