//! Rule specs -> runnable [`Rule`]s, with every check a rule file must pass.
//!
//! Each problem is reported with the file, the rule id and what is wrong, because a rule file
//! is user input: the message must be enough to fix it without reading hush's source.

use super::spec::{RuleFile, RuleSpec};
use super::{PatternError, Rule};
use crate::detect::Validator;
use regex::bytes::{Regex, RegexBuilder};

/// Compiled program size limit per rule regex; a larger pattern is almost surely a mistake.
const REGEX_SIZE_LIMIT: usize = 4 << 20; // 4 MiB
/// Lazy DFA cache per rule regex.
const DFA_SIZE_LIMIT: usize = 2 << 20; // 2 MiB

/// Parses one rule file's text into specs, naming `file` (and the rule) in every error.
pub(super) fn parse_file(file: &str, text: &str) -> Result<Vec<RuleSpec>, PatternError> {
    let parsed: RuleFile = toml::from_str(text).map_err(|e| PatternError::File {
        file: file.to_owned(),
        message: one_line(&e.to_string()),
    })?;
    parsed
        .rule
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let id = value
                .get("id")
                .and_then(toml::Value::as_str)
                .map_or_else(|| format!("#{}", index + 1), str::to_owned);
            value
                .try_into::<RuleSpec>()
                .map_err(|e| PatternError::Rule {
                    file: file.to_owned(),
                    id,
                    message: one_line(&e.to_string()),
                })
        })
        .collect()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Compiles one spec, checking id shape, keywords, regex, secret group and validator.
pub(super) fn compile(file: &str, spec: RuleSpec) -> Result<Rule, PatternError> {
    let fail = |message: String| PatternError::Rule {
        file: file.to_owned(),
        id: spec.id.clone(),
        message,
    };
    if !is_kebab_case(&spec.id) {
        return Err(fail(
            "id must be kebab-case: lowercase letters, digits and '-'".into(),
        ));
    }
    let mut keywords = Vec::with_capacity(spec.keywords.len());
    for kw in &spec.keywords {
        if kw.is_empty() || !kw.is_ascii() {
            return Err(fail(format!("keyword {kw:?} must be non-empty ASCII")));
        }
        keywords.push(kw.to_ascii_lowercase());
    }
    let regex =
        build_regex(&spec.regex).map_err(|e| fail(format!("invalid regex: {}", one_line(&e))))?;
    let secret_group = regex
        .capture_names()
        .position(|n| n == Some("secret"))
        .or_else(|| (regex.captures_len() > 1).then_some(1))
        .ok_or_else(|| fail("regex has no secret group: add group 1 or (?P<secret>...)".into()))?;
    let validator = match &spec.validator {
        None => None,
        Some(name) => Some(Validator::from_name(name).ok_or_else(|| {
            fail(format!(
                "unknown validator {name:?}; known: {}",
                Validator::NAMES.join(", ")
            ))
        })?),
    };
    if let Some(e) = spec.entropy {
        if !(0.0..=8.0).contains(&e) {
            return Err(fail(format!(
                "entropy {e} is outside 0.0..=8.0 bits per byte"
            )));
        }
    }
    Ok(Rule {
        id: spec.id,
        description: spec.description,
        kind: spec.kind,
        keywords,
        regex,
        secret_group,
        entropy: spec.entropy,
        validator,
        confidence: spec.confidence,
        examples: spec.examples,
        negative_examples: spec.negative_examples,
        origin: file.to_owned(),
    })
}

/// Builds a rule regex the way the detector needs it: bytes, ASCII-only classes, bounded size.
pub(crate) fn build_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile_text(text: &str) -> Result<Vec<Rule>, PatternError> {
        parse_file("t.toml", text)?
            .into_iter()
            .map(|s| compile("t.toml", s))
            .collect()
    }

    const GOOD: &str = r#"
[[rule]]
id = "demo-token"
description = "demo"
kind = "secret"
keywords = ["DTOK_"]
regex = '''\b(dtok_[a-z0-9]{8})\b'''
"#;

    #[test]
    fn good_rule_compiles_and_lowercases_keywords() {
        let rules = compile_text(GOOD).expect("valid");
        assert_eq!(rules[0].keywords, vec!["dtok_"]);
        assert_eq!(rules[0].secret_group, 1);
    }

    fn err(text: &str) -> String {
        compile_text(text).expect_err("must fail").to_string()
    }

    #[test]
    fn errors_name_file_rule_and_problem() {
        let e = err(&GOOD.replace("dtok_[a-z0-9]{8}", "dtok_[a-z"));
        assert!(
            e.contains("t.toml") && e.contains("demo-token") && e.contains("invalid regex"),
            "{e}"
        );
        let e = err(&GOOD.replace(r"\b(dtok_[a-z0-9]{8})\b", r"dtok_[a-z0-9]{8}"));
        assert!(
            e.contains("demo-token") && e.contains("no secret group"),
            "{e}"
        );
        let e = err(&GOOD.replace("kind = \"secret\"", "kind = \"secret\"\nkeyword = [\"x\"]"));
        assert!(e.contains("demo-token") && e.contains("keyword"), "{e}");
        let e = err(&GOOD.replace("demo-token", "Demo_Token"));
        assert!(e.contains("kebab-case"), "{e}");
        let e = err(&GOOD.replace(
            "kind = \"secret\"",
            "kind = \"secret\"\nvalidator = \"nope\"",
        ));
        assert!(e.contains("unknown validator"), "{e}");
        let e = err("[[rule]\nid = 1");
        assert!(e.starts_with("t.toml"), "{e}");
    }

    #[test]
    fn named_secret_group_wins() {
        let text = GOOD.replace(r"\b(dtok_[a-z0-9]{8})\b", r"(dtok)_(?P<secret>[a-z0-9]{8})");
        assert_eq!(compile_text(&text).expect("valid")[0].secret_group, 2);
    }
}
