//! A one-rule pattern set shared by unit tests across modules: `dtok_` and 16 alphanumerics.

use super::PatternSet;

/// The rule file text.
pub(crate) const RULE: &str = r#"
[[rule]]
id = "demo-token"
description = "demo token"
kind = "secret"
keywords = ["dtok_"]
regex = '''\b(dtok_[A-Za-z0-9]{16})\b'''
"#;

/// A value the rule finds.
pub(crate) const TOKEN: &str = "dtok_Ab3dEf6hIj9kLm2n";

/// The rule as a pattern set.
pub(crate) fn set() -> PatternSet {
    PatternSet::from_texts([("demo.toml".to_owned(), RULE.to_owned())])
        .expect("the demo rule is valid")
}

/// The rule with another regex, which must be valid.
pub(crate) fn set_with_regex(regex: &str) -> PatternSet {
    let text = RULE.replace(r"\b(dtok_[A-Za-z0-9]{16})\b", regex);
    assert!(text.contains(regex), "the demo rule's regex is replaced");
    PatternSet::from_texts([("demo.toml".to_owned(), text)]).expect("a valid regex")
}
