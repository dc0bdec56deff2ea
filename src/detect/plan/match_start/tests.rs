use super::*;
use crate::patterns::PatternSet;

fn start(pattern: &str, keywords: &[&str]) -> MatchStart {
    let hir = crate::patterns::syntax_tree(pattern).expect("valid");
    let keywords: Vec<String> = keywords.iter().map(|k| k.to_ascii_lowercase()).collect();
    match_start(&hir, &keywords)
}

/// The keyword forms an assignment rule lists: the name and each byte that may follow it.
fn assigned(names: &[&str]) -> Vec<String> {
    let mut all = Vec::new();
    for n in names {
        for next in ["=", ":", "\"", "'", " ", "\t", "]"] {
            all.push(format!("{n}{next}"));
        }
    }
    all
}

#[test]
fn a_regex_that_begins_with_its_keywords_starts_at_them() {
    assert_eq!(
        start(r"ghp_([A-Za-z0-9]{36})", &["ghp_"]),
        MatchStart::Keyword
    );
    assert_eq!(start(r"\b(?i:ghp_)(\w+)", &["GHP_"]), MatchStart::Keyword);
    // Either keyword, through alternation, optional parts and captures.
    let p = r#"(?i:token|api[_-]?key)["']?[ \t]*[:=][ \t]*(\w+)"#;
    let names = ["token", "api_key", "api-key", "apikey"];
    let kw = assigned(&names);
    let kw: Vec<&str> = kw.iter().map(String::as_str).collect();
    assert_eq!(start(p, &kw), MatchStart::Keyword);
    // A longer keyword never hurts: a shorter one already starts every match.
    assert_eq!(start(r"ab(c+)", &["ab", "abc"]), MatchStart::Keyword);
}

#[test]
fn a_match_that_can_begin_elsewhere_has_no_keyword_start() {
    for (p, kw) in [
        // Something may come before the keyword.
        (r"\w*token=(\w+)", &["token="][..]),
        (r"[ \t]*token=(\w+)", &["token="]),
        (r"(?:x|token=)(\w+)", &["token="]),
        // The match may end, or go on with a byte no keyword has, before one is complete.
        (r"(?i:token)(\w*)", &["token="]),
        (r"token(?:=|;)(\w+)", &["token="]),
        (r"token[ \t]*=(\w+)", &["token="]),
        // A non-ASCII character is more than one byte.
        (r"(?u:[éa])(\w+)", &["é", "a"]),
    ] {
        assert_eq!(start(p, kw), MatchStart::Anywhere, "{p}");
    }
    assert_eq!(start(r"ghp_(\w+)", &[]), MatchStart::Anywhere);
}

#[test]
fn a_regex_that_begins_at_line_starts_starts_there() {
    assert_eq!(
        start(r"(?m)^[ \t]*token=(\w+)", &["token="]),
        MatchStart::LineStart
    );
    assert_eq!(start(r"(?m:^)(?:a|b)(\w+)", &[]), MatchStart::LineStart);
    // Only some branches, or the haystack start, are not enough.
    assert_eq!(start(r"(?m:^a|b)(\w+)", &[]), MatchStart::Anywhere);
    assert_eq!(start(r"^a(\w+)", &[]), MatchStart::Anywhere);
}

#[test]
fn a_repetition_is_followed_until_it_adds_nothing() {
    // `[ \t]*` between the name and `=`: every count must reach a keyword.
    assert_eq!(
        start(r"key[ \t]*=(\w+)", &["key=", "key ", "key\t"]),
        MatchStart::Keyword
    );
    // Bounded counts: two `a`s complete `aa`; one may be followed by `b`.
    assert_eq!(start(r"a{2,5}(b)", &["aa"]), MatchStart::Keyword);
    assert_eq!(start(r"a{1,5}(b)", &["aa"]), MatchStart::Anywhere);
    assert_eq!(start(r"a{1,5}(b)", &["aa", "ab"]), MatchStart::Keyword);
}

#[test]
fn built_in_rules_get_the_starts_they_are_written_for() {
    let set = PatternSet::builtin().expect("built-in rules");
    let of = |id: &str| {
        (set.rules().iter())
            .find(|r| r.id == id)
            .map(|r| crate::detect::plan::Plan::of(r).start)
            .expect("rule exists")
    };
    assert_eq!(of("generic-secret-assignment"), MatchStart::Keyword);
    assert_eq!(of("http-authorization-credentials"), MatchStart::Keyword);
    assert_eq!(of("generic-url-credentials"), MatchStart::Keyword);
    assert_eq!(of("generic-secret-unquoted"), MatchStart::LineStart);
    assert_eq!(of("email-address"), MatchStart::Anywhere);
    assert_eq!(of("url-userinfo-password"), MatchStart::Anywhere);
}
