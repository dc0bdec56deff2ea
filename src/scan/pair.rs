//! Two-part credentials reported as one finding (issue 15.6).
//!
//! Some credentials are two values that work only together: an AWS access key id and its
//! secret access key, a Twilio API key SID and its secret. A rule names the rule of its
//! other half (`[rule.pair]` in a rule file). When both halves are found in one input
//! within `lines` lines of each other, the secret half's finding carries the other half's
//! place ([`Pair`]), its confidence becomes high (two matching halves are hardly chance),
//! and the other half's own finding is dropped: the pair is reported once, at the secret.
//!
//! Not to be confused with `redact/pairs.rs`, which masks `key=value` pairs in log lines.

use crate::patterns::{Confidence, Rule};
use crate::scan::Finding;

/// Where the other half of a paired credential was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The other half's rule id.
    pub rule: String,
    /// Its 1-based line.
    pub line: u64,
    /// Its 1-based byte column.
    pub column: u64,
}

/// Joins the pairs among `found` (one input's findings): each finding whose rule names a
/// pair takes the nearest free finding of that rule within reach (the earlier on a tie),
/// which leaves `found`.
pub fn join(rules: &[Rule], found: &mut Vec<Finding>) {
    if found.len() < 2 {
        return;
    }
    // Few rules name a pair: look findings up among those, not among every rule.
    let paired: Vec<(&str, &crate::patterns::spec::PairSpec)> = (rules.iter())
        .filter_map(|r| r.pair.as_ref().map(|p| (r.id.as_str(), p)))
        .collect();
    let pair_of = |f: &Finding| paired.iter().find(|(id, _)| *id == f.rule).map(|p| p.1);
    if !found.iter().any(|f| pair_of(f).is_some()) {
        return;
    }
    let mut taken = vec![false; found.len()];
    let mut joined = Vec::new();
    for (i, f) in found.iter().enumerate() {
        let Some(spec) = pair_of(f) else { continue };
        let other = (found.iter().enumerate())
            .filter(|&(j, g)| !taken[j] && j != i && g.rule == spec.rule)
            .filter(|(_, g)| g.line.abs_diff(f.line) <= spec.lines)
            .min_by_key(|(_, g)| (g.line.abs_diff(f.line), g.line, g.column));
        if let Some((j, _)) = other {
            taken[j] = true;
            joined.push((i, j));
        }
    }
    for &(i, j) in &joined {
        let (rule, line, column) = (found[j].rule.clone(), found[j].line, found[j].column);
        let f = &mut found[i];
        f.pair = Some(Pair { rule, line, column });
        f.confidence = Confidence::High;
    }
    let mut index = 0;
    found.retain(|_| {
        index += 1;
        !taken[index - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::{Kind, PatternSet};
    use crate::scan::Location;

    fn rules() -> PatternSet {
        let rule = |id: &str, pair: &str| {
            format!(
                "[[rule]]\nid = \"{id}\"\ndescription = \"d\"\nkind = \"secret\"\nregex = '''(a)'''\n{pair}"
            )
        };
        let text =
            rule("key-id", "") + &rule("key-secret", "[rule.pair]\nrule = \"key-id\"\nlines = 2\n");
        PatternSet::from_texts([("t.toml".to_owned(), text)]).expect("valid")
    }

    fn f(rule: &str, line: u64) -> Finding {
        let at = Location {
            line,
            column: 3,
            end_column: 9,
        };
        Finding::new(
            rule,
            Kind::Secret,
            Confidence::Medium,
            "p",
            at,
            b"s3cr3tvalue",
        )
    }

    fn shown(found: &[Finding]) -> Vec<(String, u64, Option<u64>)> {
        (found.iter())
            .map(|f| (f.rule.clone(), f.line, f.pair.as_ref().map(|p| p.line)))
            .collect()
    }

    #[test]
    fn the_nearest_free_half_joins_and_leaves() {
        let set = rules();
        let mut found = vec![
            f("key-id", 1),
            f("key-secret", 2),
            f("key-id", 10),
            f("key-secret", 11),
            f("key-secret", 12),
            f("key-id", 30),
        ];
        join(set.rules(), &mut found);
        let s = |r: &str, l, p| (r.to_owned(), l, p);
        assert_eq!(
            shown(&found),
            [
                s("key-secret", 2, Some(1)),
                s("key-secret", 11, Some(10)),
                s("key-secret", 12, None),
                s("key-id", 30, None),
            ]
        );
        assert_eq!(found[0].confidence, Confidence::High);
        assert_eq!(found[2].confidence, Confidence::Medium);
    }

    #[test]
    fn halves_too_far_apart_stay_apart() {
        let set = rules();
        let mut found = vec![f("key-id", 1), f("key-secret", 4)];
        join(set.rules(), &mut found);
        assert_eq!(shown(&found).len(), 2);
        assert!(found.iter().all(|f| f.pair.is_none()));
    }
}
