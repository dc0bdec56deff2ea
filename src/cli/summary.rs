//! The lines a scanning mode ends with on stderr: a one-line summary (human format), and for
//! a blocked commit what was blocked and the ways to proceed.
//!
//! Only counts, rule ids, paths and fingerprints are printed: never a value (paths are
//! escaped, as scanned names may hold control characters).

use super::output::Reported;
use hush::filter::Suppressed;
use hush::report::escape_control;

/// `1 finding`, `no findings`, `3 findings`.
pub(super) fn plural(n: usize, noun: &str) -> String {
    match n {
        0 => format!("no {noun}s"),
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

/// `hush: 2 findings in 3 commits; 4 suppressed (3 inline, 1 baseline)`.
pub(super) fn line(reported: &Reported, scope: &str) -> String {
    format!(
        "hush: {} in {scope}{}",
        plural(reported.count, "finding"),
        suppressed(reported.suppressed)
    )
}

/// `; 4 suppressed (3 inline, 1 baseline)`, or nothing when none were.
fn suppressed(s: Suppressed) -> String {
    if s.total() == 0 {
        return String::new();
    }
    let parts: Vec<String> = [
        (s.inline, "inline"),
        (s.path, "by path"),
        (s.fingerprint, "by fingerprint"),
        (s.baseline, "baseline"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    format!("; {} suppressed ({})", s.total(), parts.join(", "))
}

/// What `git --staged` prints when it fails a commit: what was blocked and how to proceed.
pub(super) fn blocked(reported: &Reported) -> String {
    let mut text = format!(
        "hush: commit blocked: {} in the staged changes\n",
        plural(reported.count, "finding")
    );
    for f in &reported.first {
        text.push_str(&format!(
            "  {}:{}: {} (fingerprint {})\n",
            escape_control(&f.path),
            f.line,
            f.rule,
            f.fingerprint
        ));
    }
    if reported.count > reported.first.len() {
        text.push_str(&format!(
            "  ... and {} more\n",
            reported.count - reported.first.len()
        ));
    }
    text.push_str(
        "To proceed: remove the secret (rotate it if it is real), `git add`, and commit again.\n\
         If it is not a secret, either\n\
         \x20 - mark its line with a comment: `hush:allow` (e.g. `# hush:allow`);\n\
         \x20 - accept the current findings in a baseline: `hush git --staged --format json -o \
         .hush-baseline.json`, then set `baseline = \".hush-baseline.json\"` in hush.toml;\n\
         \x20 - list its fingerprint in hush.toml: `allow = [\"<fingerprint>\"]` \
         (or its path under `exclude`).\n\
         Skip the check once with `git commit --no-verify`.",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::{Reported, blocked, line};
    use crate::cli::output::Named;
    use hush::filter::Suppressed;

    #[test]
    fn summary_counts_what_was_suppressed() {
        let mut r = Reported::default();
        assert_eq!(line(&r, "3 commits"), "hush: no findings in 3 commits");
        r.count = 1;
        r.suppressed = Suppressed {
            inline: 2,
            baseline: 1,
            ..Suppressed::default()
        };
        assert_eq!(
            line(&r, "standard input"),
            "hush: 1 finding in standard input; 3 suppressed (2 inline, 1 baseline)"
        );
    }

    #[test]
    fn blocked_names_the_finding_and_the_three_ways() {
        let r = Reported {
            count: 1,
            first: vec![Named {
                rule: "github-pat".to_owned(),
                path: "a\x1b.py".to_owned(),
                line: 3,
                fingerprint: "ab12".to_owned(),
            }],
            ..Reported::default()
        };
        let text = blocked(&r);
        assert!(
            text.starts_with("hush: commit blocked: 1 finding"),
            "{text}"
        );
        assert!(
            text.contains("a\\u{1b}.py:3: github-pat (fingerprint ab12)"),
            "{text}"
        );
        for way in ["hush:allow", "baseline", "allow = ["] {
            assert!(text.contains(way), "{way}: {text}");
        }
    }
}
