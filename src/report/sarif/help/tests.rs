use super::*;
use crate::patterns::PatternSet;
use std::collections::HashSet;

#[test]
fn help_file_parses_and_names_only_real_providers_and_https_pages() {
    let help = HelpData::builtin();
    let set = PatternSet::builtin().expect("rules");
    let providers: HashSet<&str> = set
        .rules()
        .iter()
        .filter_map(|r| r.provider.as_deref())
        .collect();
    assert!(help.provider.len() > 20);
    for (name, entry) in &help.provider {
        assert!(
            providers.contains(name.as_str()),
            "no rule has provider {name:?}"
        );
        assert!(
            entry.rotate.as_ref().is_some_and(|r| r.len() > 20),
            "{name}"
        );
        if let Some(url) = &entry.url {
            assert!(url.starts_with("https://"), "{name}: {url}");
            assert!(!url.contains(char::is_whitespace), "{name}: {url}");
        }
    }
}

#[test]
fn every_builtin_rule_gets_what_code_scanning_reads() {
    let help = HelpData::builtin();
    let set = PatternSet::builtin().expect("rules");
    for rule in set.rules() {
        let d = help.descriptor(rule);
        let text = |ptr: &str| d.pointer(ptr).and_then(Value::as_str).unwrap_or_default();
        assert_eq!(text("/id"), rule.id);
        for field in [
            "/shortDescription/text",
            "/fullDescription/text",
            "/help/text",
            "/help/markdown",
        ] {
            assert!(text(field).len() > 10, "{}: {field}", rule.id);
        }
        assert!(text("/help/text").contains(&rule.id), "{}", rule.id);
        let score: f64 = text("/properties/security-severity")
            .parse()
            .expect("a number");
        assert!((0.0..=10.0).contains(&score), "{}", rule.id);
        assert!(["very-high", "high", "medium", "low"].contains(&text("/properties/precision")));
        assert_eq!(text("/defaultConfiguration/level"), level(rule.confidence));
        let tags = d["properties"]["tags"].as_array().expect("tags");
        assert!(
            tags.len() <= 20 && tags.contains(&json!("security")),
            "{}",
            rule.id
        );
        let entry = rule.provider.as_deref().and_then(|p| help.provider.get(p));
        assert_eq!(
            d.get("helpUri").and_then(Value::as_str),
            entry.and_then(|e| e.url.as_deref()),
            "{}",
            rule.id
        );
        if rule.kind == Kind::Secret {
            assert!(text("/help/markdown").contains("**To fix**"), "{}", rule.id);
            assert!(text("/help/text").contains("\nTo fix\n"), "{}", rule.id);
            assert!(!text("/help/text").contains("{provider}"), "{}", rule.id);
        }
    }
}

#[test]
fn provider_help_defaults_and_severity_order() {
    let help = HelpData::builtin();
    let set = PatternSet::builtin().expect("rules");
    let rule = |id: &str| set.rules().iter().find(|r| r.id == id).expect(id);
    let gh = help.descriptor(rule("github-pat"));
    assert!(
        gh["help"]["text"]
            .as_str()
            .expect("text")
            .contains("Personal access tokens")
    );
    assert!(
        gh["helpUri"]
            .as_str()
            .expect("uri")
            .starts_with("https://docs.github.com/")
    );
    assert_eq!(gh["properties"]["precision"], "very-high");
    assert_eq!(gh["properties"]["security-severity"], "9.0");
    let aws = help.descriptor(rule("aws-access-key-id"));
    assert!(
        aws["fullDescription"]["text"]
            .as_str()
            .expect("text")
            .contains("an Amazon Web Services credential")
    );
    // A provider without an entry gets the default text with its name, and no helpUri.
    let bare = set
        .rules()
        .iter()
        .find(|r| {
            r.kind == Kind::Secret
                && r.provider
                    .as_deref()
                    .is_some_and(|p| !help.provider.contains_key(p))
        })
        .expect("a provider without help");
    let d = help.descriptor(bare);
    let provider = bare.provider.as_deref().expect("provider");
    assert!(
        d["help"]["text"]
            .as_str()
            .expect("text")
            .contains(&format!("this {provider} credential"))
    );
    assert!(d.get("helpUri").is_none());
    let pii = set
        .rules()
        .iter()
        .find(|r| r.kind == Kind::Pii)
        .expect("a pii rule");
    let d = help.descriptor(pii);
    assert!(
        d["help"]["text"]
            .as_str()
            .expect("text")
            .contains("synthetic test data")
    );
    assert!(
        d["properties"]["tags"]
            .as_array()
            .expect("tags")
            .contains(&json!("external/cwe/cwe-359"))
    );
    let score = |k, c| security_severity(k, c).parse::<f64>().expect("number");
    assert!(score(Kind::Secret, Confidence::High) >= 9.0);
    assert!(score(Kind::Secret, Confidence::Low) < score(Kind::Secret, Confidence::Medium));
    assert!(score(Kind::Pii, Confidence::High) < 7.0);
}

#[test]
fn markdown_in_descriptions_is_escaped() {
    assert_eq!(
        markdown_escape("a *b* [c](d) `e`"),
        "a \\*b\\* \\[c\\]\\(d\\) \\`e\\`"
    );
    assert_eq!(markdown_escape("plain text"), "plain text");
}
