//! The harness's report: per rule, per family, and in total; printed as a table or JSON.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One rule's numbers.
#[derive(Debug, Clone, Serialize)]
pub struct RuleScore {
    /// Rule id.
    pub id: String,
    /// Rule file stem (`cloud`, `vcs`, ...).
    pub family: String,
    /// Provider, when the rule names one.
    pub provider: Option<String>,
    /// Whether the harness generated cases for it (a token table); others only report.
    pub measured: bool,
    /// Planted tokens it had to find.
    pub expected: usize,
    /// Of those, found by this rule.
    pub found: usize,
    /// Found though not required (a context rule's token under a neutral name).
    pub found_unexpected: usize,
    /// Every finding this rule made in the run.
    pub findings: usize,
    /// Findings that were wrong: another rule's token, a look-alike, a hard negative.
    pub wrong: usize,
    /// Look-alikes of its token planted.
    pub flaw_cases: usize,
    /// Look-alikes some rule reported.
    pub flaw_reported: usize,
    /// Carriers where a required token was missed.
    pub missed: Vec<String>,
    /// Other provider rules that reported this rule's tokens.
    pub claimed_by: Vec<String>,
    /// Which look-alike kinds were reported.
    pub flaws_reported: Vec<String>,
}

impl RuleScore {
    /// Found / expected (1.0 when nothing was expected).
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.expected)
    }

    /// Right findings / all findings (1.0 when it made none).
    pub fn precision(&self) -> f64 {
        ratio(self.findings - self.wrong, self.findings)
    }
}

/// A rule file's numbers, summed over its rules.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Family {
    /// Measured rules.
    pub rules: usize,
    /// Distinct providers among them.
    pub providers: usize,
    /// Planted tokens to find.
    pub expected: usize,
    /// Found by their own rule.
    pub found: usize,
    /// Findings by the family's rules.
    pub findings: usize,
    /// Wrong findings by the family's rules.
    pub wrong: usize,
    /// Look-alikes planted, and reported.
    pub flaw_cases: usize,
    /// Look-alikes reported.
    pub flaw_reported: usize,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Every measured rule, and every other rule that made findings.
    pub rules: Vec<RuleScore>,
    /// Per family (rule file stem), sorted by name.
    pub families: BTreeMap<String, Family>,
    /// Sum over all rules.
    pub total: Family,
    /// Hard negatives planted.
    pub hard_cases: usize,
    /// `(kind, first rule)` of each hard negative that some rule reported.
    pub hard_reported: Vec<(String, String)>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl Report {
    pub(super) fn new(
        rules: Vec<RuleScore>,
        hard_cases: usize,
        hard_reported: Vec<(String, String)>,
    ) -> Self {
        let mut families: BTreeMap<String, Family> = BTreeMap::new();
        let mut providers: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        let mut total = Family::default();
        for r in &rules {
            let f = families.entry(r.family.clone()).or_default();
            for f in [f, &mut total] {
                f.rules += usize::from(r.measured);
                f.expected += r.expected;
                f.found += r.found;
                f.findings += r.findings;
                f.wrong += r.wrong;
                f.flaw_cases += r.flaw_cases;
                f.flaw_reported += r.flaw_reported;
            }
            if let Some(p) = r.provider.as_ref().filter(|_| r.measured) {
                let key = p.to_ascii_lowercase();
                providers
                    .entry(r.family.clone())
                    .or_default()
                    .insert(key.clone());
                providers.entry(String::new()).or_default().insert(key);
            }
        }
        for (name, f) in families.iter_mut() {
            f.providers = providers.get(name).map_or(0, |s| s.len());
        }
        total.providers = providers.get("").map_or(0, |s| s.len());
        Self {
            rules,
            families,
            total,
            hard_cases,
            hard_reported,
        }
    }

    /// Recall over every measured rule.
    pub fn recall(&self) -> f64 {
        ratio(self.total.found, self.total.expected)
    }

    /// Precision over every finding of the run.
    pub fn precision(&self) -> f64 {
        ratio(self.total.findings - self.total.wrong, self.total.findings)
    }

    /// Share of hard negatives and look-alikes that some rule reported.
    pub fn hard_negative_rate(&self) -> f64 {
        ratio(
            self.total.flaw_reported + self.hard_reported.len(),
            self.total.flaw_cases + self.hard_cases,
        )
    }

    /// The report as a table: families, total, then every rule short of perfect (or all
    /// rules with `all`).
    pub fn to_table(&self, all: bool) -> String {
        let mut out = String::new();
        let pct = |x: f64| format!("{:.1}%", 100.0 * x);
        let line = |out: &mut String, name: &str, f: &Family| {
            let _ = writeln!(
                out,
                "{name:<16} {:>5} {:>9} {:>8} {:>10} {:>10}",
                f.rules,
                f.providers,
                pct(ratio(f.found, f.expected)),
                pct(ratio(f.findings - f.wrong, f.findings)),
                pct(f.flaw_reported as f64 / f.flaw_cases.max(1) as f64),
            );
        };
        let _ = writeln!(
            out,
            "{:<16} {:>5} {:>9} {:>8} {:>10} {:>10}",
            "family", "rules", "providers", "recall", "precision", "look-alike"
        );
        for (name, f) in &self.families {
            if f.rules > 0 || f.wrong > 0 {
                line(&mut out, name, f);
            }
        }
        line(&mut out, "TOTAL", &self.total);
        let _ = writeln!(
            out,
            "recall {} ({}/{}), precision {}, hard negatives reported {} ({} look-alikes of {}, {} others of {})",
            pct(self.recall()),
            self.total.found,
            self.total.expected,
            pct(self.precision()),
            pct(self.hard_negative_rate()),
            self.total.flaw_reported,
            self.total.flaw_cases,
            self.hard_reported.len(),
            self.hard_cases,
        );
        for (kind, rule) in &self.hard_reported {
            let _ = writeln!(out, "hard negative {kind} reported by {rule}");
        }
        for r in &self.rules {
            let perfect = r.recall() == 1.0 && r.wrong == 0 && r.flaw_reported == 0;
            if all || !perfect {
                let _ = writeln!(
                    out,
                    "{} ({}): recall {} ({}/{}), wrong {}/{}, look-alikes reported {}/{}{}{}{}",
                    r.id,
                    r.family,
                    pct(r.recall()),
                    r.found,
                    r.expected,
                    r.wrong,
                    r.findings,
                    r.flaw_reported,
                    r.flaw_cases,
                    list(" missed in", &r.missed),
                    list(" claimed by", &r.claimed_by),
                    list(" look-alikes", &r.flaws_reported),
                );
            }
        }
        out
    }
}

fn list(label: &str, items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!(";{label} {}", items.join(", "))
    }
}
