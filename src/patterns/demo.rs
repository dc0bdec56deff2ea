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
