//! A rule's execution plan: what the detector derives from its regex to run it cheaply.
//!
//! Rules are data; the plan is the detector's own reading of one: how long a match can be (the
//! window), whether it can span lines, a byte every match needs (`detect/plan/gate.rs`), where
//! every match starts (`detect/plan/match_start.rs`) and which group holds the secret. It is made
//! on a rule's first keyword hit, not as the rules load, so start-up does not grow with the rule
//! count: a scan that never sees a rule's keyword never parses its regex.

use match_start::MatchStart;

pub(super) mod gate;
pub(super) mod match_start;
use crate::patterns::Rule;
use regex_syntax::hir::{Class, Hir, HirKind};

/// How the detector runs one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The longest possible match in bytes, when bounded: it bounds the search window.
    pub(crate) max_len: Option<usize>,
    /// Whether a match can span lines; when not, windows stop at line ends.
    pub(crate) multiline: bool,
    /// A byte every match contains and no keyword holds: a window without it has no match.
    pub(crate) gate: Option<u8>,
    /// Where every match starts: where the regex runs anchored.
    pub(crate) start: MatchStart,
    /// Index of the capture group holding the secret.
    pub(crate) secret_group: usize,
}

impl Plan {
    /// Reads `rule`'s regex. Every loaded rule's regex parses and has a secret group (checked
    /// when it loads, and for built-ins by the test suite).
    pub(crate) fn of(rule: &Rule) -> Self {
        let hir = crate::patterns::syntax_tree(&rule.pattern)
            .expect("loaded rules parse (checked at load, built-ins by the test suite)");
        Self {
            max_len: hir.properties().maximum_len(),
            multiline: matches_newline(&hir),
            gate: gate::gate_byte(&hir, &rule.keywords),
            start: match_start::match_start(&hir, &rule.keywords),
            secret_group: crate::patterns::secret_group(&hir)
                .expect("loaded rules have a secret group (checked at load)"),
        }
    }
}

/// Whether a match can contain a newline; when not, windows stop at line ends.
fn matches_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| (r.start()..=r.end()).contains(&b'\n')),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| (r.start()..=r.end()).contains(&'\n')),
        HirKind::Repetition(r) => matches_newline(&r.sub),
        HirKind::Capture(c) => matches_newline(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(matches_newline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::PatternSet;

    fn plan(regex: &str, keywords: &str) -> Plan {
        let text = format!(
            "[[rule]]\nid = \"demo\"\ndescription = \"d\"\nkind = \"secret\"\nkeywords = [{keywords}]\nregex = '''{regex}'''\n"
        );
        let set = PatternSet::from_texts([("t.toml".to_owned(), text)]).expect("valid");
        Plan::of(&set.rules()[0])
    }

    #[test]
    fn plans_read_the_regex() {
        let p = plan(r"\b(dtok_[a-z0-9]{8})\b", "\"dtok_\"");
        assert_eq!(p.max_len, Some(13));
        assert!(!p.multiline);
        assert_eq!(p.secret_group, 1);
        assert_eq!(p.start, MatchStart::Keyword);
        assert_eq!(plan(r"(a)(?P<secret>b)@", "\"ab\"").secret_group, 2);
        assert_eq!(plan(r"(a)(?P<secret>b)@", "\"ab\"").gate, Some(b'@'));
        let nl = |p: &str| matches_newline(&crate::patterns::syntax_tree(p).expect("valid"));
        assert!(nl(r"a\s+b") && nl(r"a[^x]b") && nl("a\nb"));
        assert!(!nl(r"a[ \t]+b[^\s]") && !nl(r"(?m)^a$"));
        assert_eq!(plan("(a+)", "\"a\"").max_len, None);
    }
}
