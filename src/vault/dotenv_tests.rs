use super::*;
use proptest::prelude::*;

/// Parses and flattens to `(name, value)` pairs plus comments as `("#", text)`.
fn pairs(text: &str) -> Vec<(String, String)> {
    parse(text.as_bytes())
        .expect("parses")
        .into_iter()
        .filter_map(|item| match item {
            Item::Blank => None,
            Item::Comment(c) => Some(("#".to_owned(), c)),
            Item::Entry { name, value } => Some((name, value.as_str().to_owned())),
        })
        .collect()
}

macro_rules! t {
    ($name:ident, $text:expr, [$(($k:expr, $v:expr)),* $(,)?]) => {
        #[test]
        fn $name() {
            let want: Vec<(String, String)> = vec![$(($k.to_owned(), $v.to_owned())),*];
            assert_eq!(pairs($text), want);
        }
    };
}

t!(d01_plain, "A=1\nB=two\n", [("A", "1"), ("B", "two")]);
t!(
    d02_export,
    "export A=1\nexport\tB=2",
    [("A", "1"), ("B", "2")]
);
t!(
    d03_spaces,
    "  A = spaced value  \n",
    [("A", "spaced value")]
);
t!(
    d04_comment_kept,
    "# top\nA=1 # trailing\n",
    [("#", "# top"), ("A", "1")]
);
t!(d05_hash_in_value, "A=abc#def\n", [("A", "abc#def")]);
t!(
    d06_empty,
    "A=\nB=\"\"\nC=''\nD= # c\n",
    [("A", ""), ("B", ""), ("C", ""), ("D", "")]
);
t!(
    d07_single_literal,
    r#"A='a\nb "q" $X'"#,
    [("A", r#"a\nb "q" $X"#)]
);
t!(
    d08_double_escapes,
    r#"A="l1\nl2\t\"q\" \\ \$X \'""#,
    [("A", "l1\nl2\t\"q\" \\ $X '")]
);
t!(d09_unknown_escape_kept, r#"A="\d""#, [("A", "\\d")]);
t!(d10_crlf, "A=1\r\nB=\"x\"\r\n", [("A", "1"), ("B", "x")]);
t!(d11_bom, "\u{feff}A=1\n", [("A", "1")]);
t!(
    d12_multiline,
    "A=\"one\ntwo\"\nB='x\ny'\nC=3\n",
    [("A", "one\ntwo"), ("B", "x\ny"), ("C", "3")]
);
t!(d13_equals_in_value, "A=b=c==\n", [("A", "b=c==")]);
t!(d14_unicode, "A=héllo wörld ✓\n", [("A", "héllo wörld ✓")]);
t!(d15_quote_then_comment, "A=\"x\" # note\n", [("A", "x")]);

fn fails_at(text: &str) -> usize {
    match parse(text.as_bytes()) {
        Ok(_) => panic!("should fail: {text:?}"),
        Err(e) => e.line(),
    }
}

#[test]
fn errors_name_the_line_not_the_value() {
    assert_eq!(fails_at("A=1\nnot an entry\n"), 2);
    assert_eq!(fails_at("A=1\n\n9X=1\n"), 3);
    assert_eq!(fails_at("A=1\nB=\"s3cret-value\n"), 2);
    assert_eq!(fails_at("A=\"a\nb\"\nC='x' y\n"), 3);
    assert_eq!(fails_at("#hush:mac x\n"), 1);
    let err = parse(b"A=1\nB=\"s3cret-value").err().expect("fails");
    assert!(!err.to_string().contains("s3cret"));
    assert_eq!(parse(b"A=1\nB=\xff\n").err().expect("fails").line(), 2);
}

#[test]
fn line_numbers_after_multiline_values() {
    assert_eq!(fails_at("A=\"1\n2\n3\"\nB=ok\n!\n"), 5);
}

proptest! {
    #[test]
    fn write_then_parse_round_trips(
        entries in proptest::collection::vec(("[A-Za-z_][A-Za-z0-9_]{0,12}", any::<String>()), 0..8)
    ) {
        let mut out = Zeroizing::new(String::new());
        for (name, value) in &entries {
            write_entry(&mut out, name, value);
        }
        let back = pairs(&out);
        let want: Vec<(String, String)> = entries.into_iter().collect();
        prop_assert_eq!(back, want);
    }
}

proptest! {
    /// Arbitrary text never panics the parser (it only succeeds or names a line).
    #[test]
    fn parse_never_panics(
        text in prop_oneof!["(?s).{0,200}", "[a-zA-Z_=\"'#\\ \n\r\t\u{feff}é]{0,80}"],
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        if let Err(e) = parse(text.as_bytes()) {
            prop_assert!(e.line() >= 1 && e.line() <= text.matches('\n').count() + 1);
        }
        let _ = parse(&bytes);
    }
}
