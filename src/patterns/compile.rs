//! Rule specs -> runnable [`Rule`]s, with every check a rule file must pass.
//!
//! Each problem is reported with the file, the rule id and what is wrong, because a rule file
//! is user input: the message must be enough to fix it without reading hush's source.

use super::spec::{RuleFile, RuleSpec};
use super::{PatternError, Rule};
use crate::detect::Validator;
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use regex_syntax::hir::{Hir, HirKind};

/// Compiled program size limit per rule regex; a larger pattern is almost surely a mistake.
const REGEX_SIZE_LIMIT: usize = 4 << 20; // 4 MiB
/// Lazy DFA cache per rule regex.
const DFA_SIZE_LIMIT: usize = 2 << 20; // 2 MiB

/// Parses one rule file's text into specs, naming `file` (and the rule) in every error.
pub(super) fn parse_file(file: &str, text: &str) -> Result<Vec<RuleSpec>, PatternError> {
    let parsed: RuleFile = toml::from_str(text).map_err(|e| PatternError::File {
        file: file.to_owned(),
        message: crate::message::toml_error(&e, text),
    })?;
    parsed
        .rule
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let id = value
                .get("id")
                .and_then(toml::Value::as_str)
                .map_or_else(|| format!("#{}", index + 1), crate::report::escape_control);
            value
                .try_into::<RuleSpec>()
                .map_err(|e| PatternError::Rule {
                    file: file.to_owned(),
                    id,
                    message: crate::message::toml_kind(e.message()),
                })
        })
        .collect()
}

/// Parses one built-in rule file, which `build.rs` converted from TOML to JSON; the test
/// suite loads the TOML itself through [`parse_file`], so errors here are not expected.
pub(super) fn parse_builtin(file: &str, json: &str) -> Result<Vec<RuleSpec>, PatternError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Builtin {
        #[serde(default)]
        rule: Vec<RuleSpec>,
    }
    serde_json::from_str::<Builtin>(json)
        .map(|b| b.rule)
        .map_err(|e| PatternError::File {
            file: file.to_owned(),
            message: one_line(&e.to_string()),
        })
}

/// `s` on one line with control characters escaped (a rule file could hold terminal escapes).
fn one_line(s: &str) -> String {
    crate::report::escape_control(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Compiles one spec, checking id shape, keywords, regex, secret group and validator.
/// With `eager`, the regex is compiled now (so every error surfaces at load); otherwise it is
/// parsed and checked now and compiled on first use (built-in rules, which the test suite
/// compiles, keep start-up fast this way).
pub(super) fn compile(file: &str, spec: RuleSpec, eager: bool) -> Result<Rule, PatternError> {
    // The id is the file's text: escaped, so a control character in it cannot reach the
    // terminal through the message.
    let fail = |message: String| PatternError::Rule {
        file: file.to_owned(),
        id: crate::report::escape_control(&spec.id),
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
    // Built-in rules are parsed when first used (the test suite parses each): start-up must
    // not grow with the rule count. A user rule is checked in full now.
    if eager {
        let hir =
            parse(&spec.regex).map_err(|e| fail(format!("invalid regex: {}", one_line(&e))))?;
        if secret_group(&hir).is_none() {
            return Err(fail(
                "regex has no secret group: add group 1 or (?P<secret>...)".into(),
            ));
        }
    }
    let regex = std::sync::OnceLock::new();
    if eager {
        let built = build_regex(&spec.regex)
            .map_err(|e| fail(format!("invalid regex: {}", one_line(&e))))?;
        let _ = regex.set(built);
    }
    if let Some(pre) = &spec.prefilter {
        let hir = parse(pre).map_err(|e| fail(format!("invalid prefilter: {}", one_line(&e))))?;
        if !hir.properties().look_set().is_empty() {
            return Err(fail(
                "prefilter must not use look-around (^, $, \\b): it only finds candidates".into(),
            ));
        }
        if !keywords.is_empty() {
            return Err(fail("prefilter is for rules without keywords".into()));
        }
    }
    let validator = match &spec.validator {
        None => None,
        Some(name) => Some(Validator::from_name(name).ok_or_else(|| {
            fail(format!(
                "unknown validator {name:?}; known: {}",
                Validator::NAMES.join(", ")
            ))
        })?),
    };
    let token = match &spec.token {
        None => None,
        Some(t) => Some(super::token::Token::from_spec(t).map_err(fail)?),
    };
    if token
        .as_ref()
        .is_some_and(|t| t.formats.iter().any(|f| f.has_check()))
        && !validator.is_some_and(Validator::generates)
    {
        return Err(fail(
            "token format has {check} but the rule's validator computes no checksum".into(),
        ));
    }
    if let Some(p) = &spec.provider
        && (p.trim() != p || p.is_empty())
    {
        return Err(fail(format!(
            "provider {p:?} must be a trimmed, non-empty name"
        )));
    }
    if let Some(e) = spec.entropy
        && !(0.0..=8.0).contains(&e)
    {
        return Err(fail(format!(
            "entropy {e} is outside 0.0..=8.0 bits per byte"
        )));
    }
    if let Some(pair) = &spec.pair {
        if !is_kebab_case(&pair.rule) || pair.rule == spec.id {
            return Err(fail(
                "pair.rule must be the kebab-case id of another rule".into(),
            ));
        }
        if pair.lines > 20 {
            return Err(fail(format!("pair.lines {} is over 20", pair.lines)));
        }
    }
    for glob in &spec.paths {
        path_glob(glob).map_err(|e| fail(format!("invalid path glob {glob:?}: {e}")))?;
    }
    Ok(Rule {
        id: spec.id,
        description: spec.description,
        provider: spec.provider,
        kind: spec.kind,
        keywords,
        regex,
        pattern: spec.regex.clone(),
        prefilter: spec.prefilter,
        entropy: spec.entropy,
        validator,
        filter_names: spec.filter_names,
        code_labels: (spec.code_labels.iter())
            .map(|w| w.to_ascii_lowercase())
            .collect(),
        documentation_values: (spec.documentation_values.iter())
            .map(|v| crate::filter::context::without_separators(v.as_bytes()))
            .collect(),
        confidence: spec.confidence,
        examples: spec.examples,
        negative_examples: spec.negative_examples,
        token,
        paths: spec.paths,
        pair: spec.pair,
        origin: file.to_owned(),
    })
}

/// A rule's path glob as the scanner matches it: case-insensitive (`NuGet.config` is also
/// written `nuget.config`), `*` not crossing `/`, so `config/*.key` stays in one folder.
pub(crate) fn path_glob(glob: &str) -> Result<globset::Glob, String> {
    if glob.trim().is_empty() {
        return Err("empty".into());
    }
    globset::GlobBuilder::new(glob)
        .case_insensitive(true)
        .literal_separator(true)
        .build()
        .map_err(|e| one_line(&e.kind().to_string()))
}

/// The regex syntax every rule and prefilter is built with: bytes, ASCII-only classes.
pub(crate) fn syntax_config() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

/// Builds a rule regex the way the detector needs it: bytes, ASCII-only classes, bounded size.
/// Searches may be limited to a range while `\b` still sees the bytes around it.
pub(crate) fn build_regex(pattern: &str) -> Result<Regex, String> {
    Regex::builder()
        .syntax(syntax_config())
        .configure(
            Regex::config()
                .utf8_empty(false)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_SIZE_LIMIT)
                .dfa(false)
                .onepass(false)
                // Windows are short (a line or a rule's longest match around its trigger):
                // a literal prefilter or a reverse search from an inner literal costs more
                // than the lazy DFA walking the window (IPv4 confirms took 4,500
                // instructions each through `ReverseInner`; callgrind, scripts/bench-redact.sh).
                .auto_prefilter(false),
        )
        .build(pattern)
        .map_err(|e| e.to_string())
}

/// Parses with the same syntax options the regex is built with.
pub(crate) fn parse(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())
}

/// Index of the group named `secret`, else 1 when the regex has a group.
pub(crate) fn secret_group(hir: &Hir) -> Option<usize> {
    fn walk(hir: &Hir, named: &mut Option<usize>, any: &mut bool) {
        match hir.kind() {
            HirKind::Capture(c) => {
                *any = true;
                if c.name.as_deref() == Some("secret") {
                    *named = Some(c.index as usize);
                }
                walk(&c.sub, named, any);
            }
            HirKind::Repetition(r) => walk(&r.sub, named, any),
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                subs.iter().for_each(|h| walk(h, named, any))
            }
            _ => {}
        }
    }
    let (mut named, mut any) = (None, false);
    walk(hir, &mut named, &mut any);
    named.or(any.then_some(1))
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
            .map(|s| compile("t.toml", s, true))
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
        assert_eq!(
            secret_group(&parse("(a)(?P<secret>b)").expect("valid")),
            Some(2)
        );
        assert_eq!(secret_group(&parse("(?:a)b").expect("valid")), None);
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
        let e = err(&GOOD.replace("demo-token", "demo-\\btoken"));
        assert!(
            e.contains("kebab-case") && !e.chars().any(char::is_control),
            "{e}"
        );
        let e = err(&GOOD.replace(
            "kind = \"secret\"",
            "kind = \"secret\"\nvalidator = \"nope\"",
        ));
        assert!(e.contains("unknown validator"), "{e}");
        let e = err("[[rule]\nid = 1");
        assert!(e.starts_with("t.toml"), "{e}");
    }

    #[test]
    fn provider_and_token_tables_are_checked() {
        let with =
            |extra: &str| GOOD.replace("kind = \"secret\"", &format!("kind = \"secret\"\n{extra}"));
        let e = err(&with("provider = \" ACME\""));
        assert!(e.contains("demo-token") && e.contains("trimmed"), "{e}");
        let token = |t: &str| format!("{GOOD}\n[rule.token]\n{t}\n");
        let e = err(&token("format = [\"dtok_{hex:8}{check}\"]"));
        assert!(e.contains("{check}") && e.contains("validator"), "{e}");
        let e = err(&token("format = [\"dtok_{hexx:8}\"]"));
        assert!(e.contains("unknown part"), "{e}");
        let e = err(&token("format = []"));
        assert!(e.contains("at least one format"), "{e}");
        let e = err(&token("format = [\"dtok_{hex:8}\"]\nnames = [\"A B\"]"));
        assert!(e.contains("token name"), "{e}");
        let rules = compile_text(&token("format = [\"dtok_{hex:8}\"]")).expect("valid");
        assert_eq!(rules[0].token.as_ref().map(|t| t.formats.len()), Some(1));
    }

    #[test]
    fn named_secret_group_wins() {
        let text = GOOD.replace(r"\b(dtok_[a-z0-9]{8})\b", r"(dtok)_(?P<secret>[a-z0-9]{8})");
        let rule = &compile_text(&text).expect("valid")[0];
        assert_eq!(secret_group(&parse(&rule.pattern).expect("valid")), Some(2));
    }

    #[test]
    fn prefilter_is_checked() {
        let free = GOOD.replace("keywords = [\"DTOK_\"]\n", "");
        let with = |pre: &str| free.replace("regex = ", &format!("prefilter = '{pre}'\nregex = "));
        let rules = compile_text(&with("dtok_[a-z0-9]{8}")).expect("valid");
        assert_eq!(rules[0].prefilter.as_deref(), Some("dtok_[a-z0-9]{8}"));
        let e = err(&with(r"\bdtok_"));
        assert!(e.contains("demo-token") && e.contains("look-around"), "{e}");
        let e = err(&with("dtok_[a-z"));
        assert!(e.contains("invalid prefilter"), "{e}");
        let e = err(&GOOD.replace("regex = ", "prefilter = 'dtok_'\nregex = "));
        assert!(e.contains("without keywords"), "{e}");
    }

    #[test]
    fn path_globs_are_checked() {
        let with = |globs: &str| GOOD.replace("kind = ", &format!("paths = {globs}\nkind = "));
        let rules = compile_text(&with("['**/.pgpass', '**/config/*.key']")).expect("valid");
        assert_eq!(rules[0].paths, ["**/.pgpass", "**/config/*.key"]);
        let e = err(&with("['**/[.pgpass']"));
        assert!(
            e.contains("demo-token") && e.contains("invalid path glob"),
            "{e}"
        );
        let e = err(&with("['  ']"));
        assert!(
            e.contains("invalid path glob") && e.contains("empty"),
            "{e}"
        );
        let glob = path_glob("**/config/*.key")
            .expect("valid")
            .compile_matcher();
        assert!(glob.is_match("config/master.key") && glob.is_match("/srv/app/CONFIG/Master.KEY"));
        assert!(!glob.is_match("config/sub/master.key"));
    }

    #[test]
    fn pair_tables_are_checked() {
        let with = |pair: &str| format!("{GOOD}\n[rule.pair]\n{pair}\n");
        let rules = compile_text(&with("rule = \"demo-id\"")).expect("valid");
        let pair = rules[0].pair.as_ref().expect("a pair");
        assert_eq!((pair.rule.as_str(), pair.lines), ("demo-id", 3));
        let e = err(&with("rule = \"demo-token\""));
        assert!(e.contains("another rule"), "{e}");
        let e = err(&with("rule = \"demo-id\"\nlines = 99"));
        assert!(e.contains("over 20"), "{e}");
        let e = err(&with("rule = \"demo-id\"\nline = 2"));
        assert!(e.contains("demo-token") && e.contains("line"), "{e}");
    }
}
