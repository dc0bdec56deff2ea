use super::*;
use proptest::prelude::*;

/// The environment the table runs in: `${...}` never reads the real process environment here.
fn env(name: &str) -> Option<Zeroizing<String>> {
    let v = match name {
        "HOME_DIR" => "/home/u",
        "EMPTY_ENV" => "",
        "SHADOW" => "from-env",
        _ => return None,
    };
    Some(copy(v))
}

/// Parses and flattens: entries as `(name, value)`, comments as `("#", text)`, blanks as `("", "")`.
fn load(text: &str) -> (Vec<(String, String)>, Vec<LoadWarning>) {
    let loaded = parse(text.as_bytes(), &env).expect("parses");
    let items = loaded
        .items
        .into_iter()
        .map(|item| match item {
            Item::Blank => (String::new(), String::new()),
            Item::Comment(c) => ("#".to_owned(), c),
            Item::Entry { name, value } => (name, value.as_str().to_owned()),
        })
        .collect();
    (items, loaded.warnings)
}

fn dup(name: &str, previous: usize, line: usize) -> LoadWarning {
    let name = name.to_owned();
    LoadWarning::Duplicate {
        name,
        previous,
        line,
    }
}

fn bare(line: usize) -> LoadWarning {
    LoadWarning::Bare { line }
}

/// `t!(name, input, [(k, v), ...])` expects no warnings; add `warn [w, ...]` to expect some.
macro_rules! t {
    ($name:ident, $text:expr, [$(($k:expr, $v:expr)),* $(,)?]) => {
        t!($name, $text, [$(($k, $v)),*], warn []);
    };
    ($name:ident, $text:expr, [$(($k:expr, $v:expr)),* $(,)?], warn [$($w:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let want: Vec<(String, String)> = vec![$(($k.to_owned(), $v.to_owned())),*];
            let warnings: Vec<LoadWarning> = vec![$($w),*];
            assert_eq!(load($text), (want, warnings));
        }
    };
}

/// `e!(name, input, line)`: parsing fails, naming `line`.
macro_rules! e {
    ($name:ident, $text:expr, $line:expr) => {
        #[test]
        fn $name() {
            let text: &[u8] = $text.as_ref();
            let err = parse(text, &env).expect_err("should fail");
            assert_eq!(err.line(), $line, "{err}");
        }
    };
}

// Basics: names, `export`, spaces, comments.
t!(t010_plain, "A=1\nB=two\n", [("A", "1"), ("B", "two")]);
t!(t020_export, "export A=1\n", [("A", "1")]);
t!(t030_export_tab, "export\tB=2", [("B", "2")]);
t!(
    t040_spaces_around_eq,
    "  A = spaced value  \n",
    [("A", "spaced value")]
);
t!(
    t050_name_shapes,
    "_A1=x\nexport_me=y\n",
    [("_A1", "x"), ("export_me", "y")]
);
t!(
    t060_full_line_comment,
    "# top\n  # indented\nA=1\n",
    [("#", "# top"), ("#", "# indented"), ("A", "1")]
);
t!(t070_comment_after_value, "A=1 # trailing\n", [("A", "1")]);
t!(t080_tab_comment, "A=1\t# trailing\n", [("A", "1")]);
t!(t090_hash_inside_value, "A=abc#def\n", [("A", "abc#def")]);
t!(
    t100_blank_lines,
    "A=1\n\n  \t\nB=2\n",
    [("A", "1"), ("", ""), ("", ""), ("B", "2")]
);
t!(t110_empty_file, "", []);
t!(t120_no_final_newline, "A=1", [("A", "1")]);

// Empty values and bare names.
t!(t130_empty, "A=\n", [("A", "")]);
t!(t140_empty_quotes, "B=\"\"\nC=''\n", [("B", ""), ("C", "")]);
t!(t150_empty_then_comment, "D= # note\n", [("D", "")]);
t!(
    t160_bare_key_skipped,
    "KEY\nA=1\n",
    [("A", "1")],
    warn[bare(1)]
);
t!(
    t170_bare_key_comment,
    "A=1\nKEY # why\n",
    [("A", "1")],
    warn[bare(2)]
);
t!(t180_export_bare, "export KEY\n", [], warn[bare(1)]);

// Single quotes: literal.
t!(
    t190_single_literal,
    r#"A='a\nb "q" $X'"#,
    [("A", r#"a\nb "q" $X"#)]
);
t!(
    t200_single_no_expand,
    "A='${HOME_DIR}'\n",
    [("A", "${HOME_DIR}")]
);
t!(
    t210_single_multiline,
    "B='x\ny'\nC=3\n",
    [("B", "x\ny"), ("C", "3")]
);
t!(t220_single_hash, "A='a #b' # c\n", [("A", "a #b")]);

// Double quotes: escapes, several lines.
t!(
    t230_double_escapes,
    r#"A="l1\nl2\t\"q\" \\ end""#,
    [("A", "l1\nl2\t\"q\" \\ end")]
);
t!(
    t240_double_more_escapes,
    r#"A="\$X \' \r""#,
    [("A", "$X ' \r")]
);
t!(t250_unknown_escape_kept, r#"A="\d""#, [("A", "\\d")]);
t!(
    t260_double_multiline,
    "A=\"one\ntwo\"\nC=3\n",
    [("A", "one\ntwo"), ("C", "3")]
);
t!(t270_double_then_comment, "A=\"x\" # note\n", [("A", "x")]);
t!(t280_double_trailing_space, "A=\"x\"  \n", [("A", "x")]);
t!(t290_double_keeps_spaces, "A=\"  x  \"\n", [("A", "  x  ")]);

// Line ends and encoding.
t!(t300_crlf, "A=1\r\nB=\"x\"\r\n", [("A", "1"), ("B", "x")]);
t!(t310_crlf_in_multiline, "A=\"a\r\nb\"\r\n", [("A", "a\nb")]);
t!(t320_bom, "\u{feff}A=1\n", [("A", "1")]);
t!(
    t330_bom_crlf_comment,
    "\u{feff}# c\r\nA=1\r\n",
    [("#", "# c"), ("A", "1")]
);
t!(t340_equals_in_value, "A=b=c==\n", [("A", "b=c==")]);
t!(t350_unicode, "A=héllo wörld ✓\n", [("A", "héllo wörld ✓")]);
t!(
    t360_backslash_unquoted_literal,
    r"A=C:\new\x",
    [("A", r"C:\new\x")]
);

// Interpolation.
t!(
    t370_from_file,
    "A=x\nB=${A}/y\n",
    [("A", "x"), ("B", "x/y")]
);
t!(t380_from_env, "A=${HOME_DIR}/app\n", [("A", "/home/u/app")]);
t!(
    t390_file_before_env,
    "SHADOW=file\nA=${SHADOW}\n",
    [("SHADOW", "file"), ("A", "file")]
);
t!(t400_undefined_is_empty, "A=[${NOPE}]\n", [("A", "[]")]);
t!(
    t410_default_when_unset,
    "A=${NOPE:-fallback}\n",
    [("A", "fallback")]
);
t!(
    t420_default_when_empty,
    "E=\nA=${E:-d1}\nB=${EMPTY_ENV:-d2}\n",
    [("E", ""), ("A", "d1"), ("B", "d2")]
);
t!(
    t430_default_unused_when_set,
    "A=${HOME_DIR:-nope}\n",
    [("A", "/home/u")]
);
t!(
    t440_default_literal_text,
    "A=\"${NOPE:-a b:c $x}\"\n",
    [("A", "a b:c $x")]
);
t!(
    t450_bare_dollar_kept,
    "A=$HOME_DIR\nB=\"p$w$\"\n",
    [("A", "$HOME_DIR"), ("B", "p$w$")]
);
t!(
    t460_in_double_quotes,
    "A=\"${HOME_DIR}\\n\"\n",
    [("A", "/home/u\n")]
);
t!(
    t470_escaped_dollar_not_expanded,
    "A=\"\\${HOME_DIR}\"\n",
    [("A", "${HOME_DIR}")]
);
t!(
    t480_later_definition_not_seen,
    "A=${B}\nB=1\n",
    [("A", ""), ("B", "1")]
);
t!(
    t490_several,
    "A=1\nB=2\nC=${A}-${B}-${HOME_DIR}\n",
    [("A", "1"), ("B", "2"), ("C", "1-2-/home/u")]
);
t!(
    t500_env_is_not_the_file,
    "A=${SHADOW}\nSHADOW=file\n",
    [("A", "from-env"), ("SHADOW", "file")]
);
t!(
    t505_expansion_longer_than_the_line,
    "A=abcdefghijklmnop\nB=\"${A}${A}\\t${A}${A}.\"\n",
    [
        ("A", "abcdefghijklmnop"),
        (
            "B",
            "abcdefghijklmnopabcdefghijklmnop\tabcdefghijklmnopabcdefghijklmnop."
        )
    ]
);

// Duplicates: first position, last value, a warning naming both lines.
t!(
    t510_duplicate_last_wins,
    "A=1\nB=2\nA=3\n",
    [("A", "3"), ("B", "2")],
    warn[dup("A", 1, 3)]
);
t!(
    t520_triple_duplicate,
    "A=1\nA=2\n\nA=\"x\ny\"\nA=4\n",
    [("A", "4"), ("", "")],
    warn [dup("A", 1, 2), dup("A", 2, 4), dup("A", 4, 6)]
);
t!(
    t530_duplicate_then_expand,
    "A=1\nA=2\nB=${A}\n",
    [("A", "2"), ("B", "2")],
    warn[dup("A", 1, 2)]
);

// Malformed lines: the error names the line where the entry starts.
e!(e010_not_an_entry, "A=1\nnot an entry\n", 2);
e!(e020_digit_name, "A=1\n\n9X=1\n", 3);
e!(e030_empty_name, "=value\n", 1);
e!(e040_dash_in_name, "A-B=1\n", 1);
e!(e050_export_no_name, "export =1\n", 1);
e!(e060_unterminated_double, "A=1\nB=\"open\n", 2);
e!(e070_unterminated_single, "A='open\nB=2\n", 1);
e!(e080_text_after_quote, "A=\"a\nb\"\nC='x' y\n", 3);
e!(e090_reserved_comment, "#hush:mac x\n", 1);
e!(e100_invalid_utf8, b"A=1\nB=\xff\n", 2);
e!(e110_unterminated_interpolation, "A=1\nB=${HOME_DIR\n", 2);
e!(e120_bad_interpolation_name, "B=\"${1X}\"\n", 1);
e!(e130_after_multiline_value, "A=\"1\n2\n3\"\nB=ok\n!\n", 5);

#[test]
fn errors_warnings_and_debug_never_show_the_value() {
    let secret = "s3cret-Zq8vX3kLmN7";
    for text in [
        format!("A=1\nB=\"{secret}\n"),
        format!("{secret}\n"),
        format!("B='{secret}' trailing\n"),
        format!("B=\"{secret}${{NOPE\"\n"),
    ] {
        let err = parse(text.as_bytes(), &env).expect_err("fails");
        assert!(!err.to_string().contains(secret), "{err}");
    }
    let loaded = parse(format!("A={secret}\nA={secret}\n").as_bytes(), &env).expect("parses");
    let shown = format!("{loaded:?} {}", loaded.warnings[0]);
    assert!(!shown.contains(secret) && shown.contains("***"), "{shown}");
    assert!(shown.contains("line 2: A is also set on line 1"), "{shown}");
}

proptest! {
    /// Arbitrary text never panics the parser: it succeeds or names a line of the input.
    #[test]
    fn parse_never_panics(
        text in prop_oneof!["(?s).{0,200}", "[a-zA-Z_=\"'#$:{}\\-\\\\ \n\r\t\u{feff}é]{0,80}"],
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        if let Err(e) = parse(text.as_bytes(), &env) {
            prop_assert!(e.line() >= 1 && e.line() <= text.matches('\n').count() + 1);
        }
        let _ = parse(&bytes, &env);
    }
}
