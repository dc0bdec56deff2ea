//! Context a personal-data finding needs before a scan reports it.
//!
//! Two questions the detector cannot answer, since it knows nothing about where bytes come
//! from, asked while the finding's line is in view (as inline markers are):
//! - Is the value a published documentation value (an issuer's test card number, an SSN
//!   printed in advertising: a rule's `documentation_values`; a fictional `555-01XX` phone
//!   number: its validator says)? Then no scan reports it. Redaction does not ask: it errs on
//!   masking, so a test card number in a log is still masked.
//! - In source code, is the value labelled? A 16-digit constant that passes Luhn is a card
//!   number in a log line and nearly never one in a `.rs` file, unless a word such as `card`
//!   or `pan` names it. A rule's `code_labels` lists those words; in a file whose extension is
//!   in [`SOURCE_EXTENSIONS`] one must be a word part on the match's line or the line before.
//!   Logs, text, data files and stdin keep the rule's plain behaviour.

use crate::patterns::Rule;

/// Extensions of source code (and JSON, where test fixtures live), lowercase.
const SOURCE_EXTENSIONS: &[&str] = &[
    "rs", "py", "pyi", "js", "mjs", "cjs", "jsx", "ts", "tsx", "go", "java", "kt", "kts", "scala",
    "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "rb", "php", "swift", "m", "mm", "dart",
    "lua", "pl", "pm", "ex", "exs", "erl", "hs", "ml", "fs", "clj", "groovy", "vb", "json",
];

/// Whether a scan reports `secret`, a match of `rule` in the file `path`, seen on `line`
/// (after `previous`).
pub(crate) fn reported(
    rule: &Rule,
    path: &str,
    line: &[u8],
    previous: &[u8],
    secret: &[u8],
) -> bool {
    if rule.validator.is_some_and(|v| v.is_documentation(secret))
        || (!rule.documentation_values.is_empty()
            && (rule.documentation_values.iter()).any(|v| *v == without_separators(secret)))
    {
        return false;
    }
    if rule.code_labels.is_empty() || !is_source_code(path) {
        return true;
    }
    let labelled = |text: &[u8]| {
        word_parts(text)
            .any(|part| (rule.code_labels.iter()).any(|l| part.eq_ignore_ascii_case(l.as_bytes())))
    };
    labelled(line) || labelled(previous)
}

/// `text` without spaces, dashes and dots, the separators a documented value is printed with.
pub(crate) fn without_separators(text: &[u8]) -> Vec<u8> {
    (text.iter().copied())
        .filter(|b| !matches!(b, b' ' | b'-' | b'.'))
        .collect()
}

/// Whether `path` names a source-code file, by its extension.
fn is_source_code(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && SOURCE_EXTENSIONS
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e))
    })
}

/// The words of `text` split at non-letters and at lower-to-upper case changes:
/// `ccNumber` gives `cc` and `Number`, `card_pan` gives `card` and `pan`.
fn word_parts(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < text.len() && !text[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i == text.len() {
            return None;
        }
        let start = i;
        i += 1;
        while i < text.len()
            && text[i].is_ascii_alphabetic()
            && !(text[i].is_ascii_uppercase() && text[i - 1].is_ascii_lowercase())
        {
            i += 1;
        }
        Some(&text[start..i])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::PatternSet;

    fn card_rule() -> Rule {
        let set = PatternSet::builtin().expect("built-in rules");
        (set.rules().iter())
            .find(|r| r.id == "credit-card-number")
            .expect("card rule")
            .clone()
    }

    #[test]
    fn word_parts_split_identifiers() {
        let parts: Vec<&[u8]> = word_parts(b"let ccNumber = card_pan2; HTTPServer").collect();
        let want: Vec<&[u8]> = vec![b"let", b"cc", b"Number", b"card", b"pan", b"HTTPServer"];
        assert_eq!(parts, want);
        assert_eq!(word_parts(b"  12 _ ").count(), 0);
    }

    #[test]
    fn source_code_is_told_by_extension() {
        for p in [
            "src/lib.rs",
            "a/b/tests.PY",
            "fixtures\\cards.json",
            "x.test.ts",
        ] {
            assert!(is_source_code(p), "{p}");
        }
        for p in [
            "app.log",
            "notes.txt",
            "data.csv",
            "<stdin>",
            ".rs",
            "Makefile",
            "rs",
        ] {
            assert!(!is_source_code(p), "{p}");
        }
    }

    #[test]
    fn a_card_in_code_needs_a_label_and_elsewhere_does_not() {
        let rule = card_rule();
        let n = b"4743401969284466";
        let line = b"    0x1p52, 4743401969284466,";
        assert!(!reported(&rule, "src/consts.rs", line, b"", n));
        assert!(reported(&rule, "app.log", line, b"", n));
        assert!(reported(&rule, "<stdin>", line, b"", n));
        assert!(reported(
            &rule,
            "src/pay.rs",
            b"let card_number = 4743401969284466;",
            b"",
            n
        ));
        assert!(reported(&rule, "t.py", line, b"# test PAN values", n));
        assert!(reported(
            &rule,
            "t.js",
            b"{ccNumber: '4743401969284466'}",
            b"",
            n
        ));
        // `pan` inside `company` or `span` is no label.
        assert!(!reported(
            &rule,
            "t.js",
            b"span(company, 4743401969284466)",
            b"",
            n
        ));
    }

    #[test]
    fn documentation_values_are_not_reported_in_any_grouping() {
        let rule = card_rule();
        for v in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "4242-4242-4242-4242",
        ] {
            assert!(
                !reported(&rule, "app.log", b"card", b"", v.as_bytes()),
                "{v}"
            );
        }
        assert!(reported(
            &rule,
            "app.log",
            b"card",
            b"",
            b"4111111111111129"
        ));
    }

    #[test]
    fn every_documentation_value_passes_its_validator() {
        let set = PatternSet::builtin().expect("built-in rules");
        for rule in set.rules() {
            for v in &rule.documentation_values {
                if let Some(validator) = rule.validator {
                    assert!(
                        validator.check(v),
                        "{}: {}",
                        rule.id,
                        String::from_utf8_lossy(v)
                    );
                }
            }
        }
    }
}
