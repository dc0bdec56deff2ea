use super::*;

fn header(kdf: Kdf) -> Header {
    Header {
        version: V1,
        id: [7; ID_LEN],
        kdf,
        wrapped_key: vec![9; WRAPPED_LEN],
    }
}

fn argon() -> Kdf {
    Kdf::Argon2id {
        params: Argon2Params::DEFAULT,
        salt: [3; SALT_LEN],
    }
}

fn sample() -> (Header, Vec<Line>) {
    let lines = vec![
        Line::Comment("# database".to_owned()),
        Line::Entry {
            name: "DB_URL".to_owned(),
            sealed: vec![1; 50],
        },
        Line::Blank,
        Line::Entry {
            name: "_X2".to_owned(),
            sealed: vec![2; 40],
        },
    ];
    (header(argon()), lines)
}

fn file(h: &Header, lines: &[Line]) -> String {
    render(h, &[], lines) + &mac_line(&[5; MAC_LEN])
}

#[test]
fn round_trip_both_kdfs() {
    for kdf in [Kdf::KeyFile, argon()] {
        let (_, lines) = sample();
        let h = header(kdf);
        let text = file(&h, &lines);
        let p = parse(text.as_bytes()).expect("parses");
        assert_eq!(p.header, h);
        assert_eq!(p.lines, lines);
        assert_eq!(p.mac, [5; MAC_LEN]);
        assert_eq!(&text[..p.covered], render(&h, &[], &lines));
        assert!(header_aad(&h).starts_with(b"#hush:vault v1\n#hush:id "));
    }
}

#[test]
fn golden_header_text() {
    let text = render(&header(argon()), &[], &[]);
    let first: Vec<&str> = text.lines().take(3).collect();
    assert_eq!(
        first,
        [
            "#hush:vault v1",
            "#hush:id BwcHBwcHBwcHBwcHBwcHBw",
            "#hush:kdf argon2id m=65536 t=3 p=1 salt=AwMDAwMDAwMDAwMDAwMDAw",
        ]
    );
}

/// `t!(name, edit, line)`: the sample file edited by `edit` fails at `line`.
macro_rules! t {
    ($name:ident, $edit:expr, $line:expr) => {
        #[test]
        fn $name() {
            let (h, lines) = sample();
            let edit: fn(String) -> String = $edit;
            let text = edit(file(&h, &lines));
            let err = parse(text.as_bytes()).expect_err("must fail");
            assert_eq!(err.line(), $line, "{err}");
        }
    };
}

t!(fail_01_empty, |_| String::new(), 1);
t!(fail_02_no_final_newline, |s| s.trim_end().to_owned(), 9);
t!(fail_03_truncated, |s| s[..s.len() - 10].to_owned(), 9);
t!(
    fail_04_newer_version,
    |s| s.replace("vault v1", "vault v3"),
    1
);
t!(fail_05_not_a_vault, |s| format!("A=b\n{s}"), 1);
t!(fail_06_bad_id, |s| s.replace("#hush:id B", "#hush:id *"), 2);
t!(fail_07_bad_kdf, |s| s.replace("m=65536", "m=065536"), 3);
t!(
    fail_08_bad_key,
    |s| s.replace("#hush:key ", "#hush:key x"),
    4
);
t!(
    fail_10_plaintext_value,
    |s| s.replace("# database", "PLAIN=text"),
    5
);
t!(
    fail_11_bad_name,
    |s| s.replace("DB_URL=", "9DB=").replace("_X2", "_X3"),
    6
);
t!(
    fail_12_newer_value,
    |s| s.replace("DB_URL=hush:v1:", "DB_URL=hush:v2:"),
    6
);
t!(fail_13_duplicate, |s| s.replace("_X2=", "DB_URL="), 8);
t!(
    fail_14_header_line_in_body,
    |s| s.replace("# database", "#hush:mac AA"),
    5
);
t!(fail_15_crlf, |s| s.replace('\n', "\r\n"), 1);
t!(
    fail_16_mac_missing,
    |s| s.lines().take(8).map(|l| format!("{l}\n")).collect(),
    8
);

#[test]
fn not_utf8_names_the_line() {
    let (h, lines) = sample();
    let mut bytes = file(&h, &lines).into_bytes();
    let at = bytes
        .windows(8)
        .position(|w| w == b"database")
        .expect("has 'database'");
    bytes[at] = 0xFF;
    assert_eq!(parse(&bytes).expect_err("fails").line(), 5);
}

#[test]
fn non_canonical_base64_is_refused() {
    let (h, lines) = sample();
    let text = file(&h, &lines);
    let good = B64.encode([2u8; 40]);
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = good.chars().last().expect("non-empty");
    let idx = ALPHABET.find(last).expect("in alphabet");
    let twin = ALPHABET.as_bytes()[idx | 1] as char; // same 2 data bits, a set padding bit
    assert_ne!(twin, last);
    let bad = format!("{}{twin}", &good[..good.len() - 1]);
    let text = text.replace(&good, &bad);
    assert_eq!(parse(text.as_bytes()).expect_err("fails").line(), 8);
}

#[test]
fn names_and_comments() {
    for ok in ["A", "_", "a_b9", "DATABASE_URL"] {
        assert!(valid_name(ok), "{ok}");
    }
    for bad in [
        "",
        "9A",
        "A-B",
        "A.B",
        "A B",
        "É",
        &"A".repeat(MAX_NAME_LEN + 1),
    ] {
        assert!(!valid_name(bad), "{bad}");
    }
    assert!(valid_comment("# hi") && valid_comment("#"));
    assert!(!valid_comment("#hush:x") && !valid_comment("no") && !valid_comment("# a\nb"));
}

#[test]
fn entry_aad_is_id_then_name() {
    assert_eq!(
        entry_aad(&[1; ID_LEN], "AB"),
        [&[1u8; 16][..], b"AB"].concat()
    );
}

fn with_history() -> (Header, Vec<Line>) {
    let (mut h, mut lines) = sample();
    h.version = V2;
    let old = |version| Line::History {
        name: "DB_URL".to_owned(),
        version,
        sealed: vec![version as u8; 45],
    };
    lines.insert(2, old(3));
    lines.insert(3, old(1));
    (h, lines)
}

#[test]
fn history_lines_round_trip_in_v2() {
    let (h, lines) = with_history();
    let text = file(&h, &lines);
    assert!(text.starts_with("#hush:vault v2\n"));
    assert!(text.contains("\nDB_URL~3=hush:v1:") && text.contains("\nDB_URL~1=hush:v1:"));
    let p = parse(text.as_bytes()).expect("parses");
    assert_eq!((p.header, p.lines), (h, lines));
}

#[test]
fn history_lines_are_strict() {
    let (h, lines) = with_history();
    let good = file(&h, &lines);
    let cases = [
        (good.replace("vault v2", "vault v1"), 7),
        (good.replace("DB_URL~1=", "DB_URL~3="), 8),
        (good.replace("DB_URL~1=", "DB_URL~4="), 8),
        (good.replace("DB_URL~1=", "DB_URL~0="), 8),
        (good.replace("DB_URL~1=", "DB_URL~01="), 8),
        (good.replace("DB_URL~1=", "DB_URL~4294967295="), 8),
        (good.replace("DB_URL~1=", "DB_URL~="), 8),
        (good.replace("DB_URL~1=", "_X2~1="), 8),
        (good.replace("DB_URL~3=", "9X~3="), 7),
        (good.replace("DB_URL=", "OTHER="), 7),
        (file(&h, &sample().1), 1),
    ];
    for (bad, line) in cases {
        let err = parse(bad.as_bytes()).expect_err("must fail");
        assert_eq!(err.line(), line, "{err}");
    }
}

#[test]
fn history_aad_differs_from_every_entry_aad() {
    let id = [1; ID_LEN];
    let h = history_aad(&id, "AB", 2);
    assert_eq!(
        h,
        [&[1u8; 16][..], b"AB\0history\0", &[0, 0, 0, 2]].concat()
    );
    assert_ne!(h, entry_aad(&id, "AB"));
    assert_ne!(history_aad(&id, "AB", 1), h);
    assert_ne!(history_aad(&id, "AC", 2), h);
}

proptest::proptest! {
    /// Hostile input never panics: arbitrary bytes, and valid files with random edits.
    #[test]
    fn parse_never_panics(
        junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
        at in 0usize..1000,
        insert in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..8),
    ) {
        let _ = parse(&junk);
        let (h, lines) = sample();
        let mut text = file(&h, &lines).into_bytes();
        let at = at % text.len();
        text.splice(at..at, insert);
        let _ = parse(&text);
        text.truncate(at);
        let _ = parse(&text);
    }
}
