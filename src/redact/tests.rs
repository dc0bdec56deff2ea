use super::*;

/// Besides the shared `demo-token` rule.
const RULES: &str = r#"
[[rule]]
id = "demo-email"
description = "demo pii"
kind = "pii"
keywords = ["@"]
regex = '''\b([a-z0-9.]+@[a-z0-9]+\.[a-z]{2,})\b'''

[[rule]]
id = "demo-pin"
description = "a number"
kind = "pii"
keywords = ["pin"]
regex = '''pin\D{0,4}(\d{6})'''

[[rule]]
id = "demo-private-key"
description = "pem"
kind = "secret"
keywords = ["-----BEGIN"]
regex = '''(-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)'''
"#;

fn rule_set() -> PatternSet {
    PatternSet::from_texts([
        (
            "demo.toml".to_owned(),
            crate::patterns::demo::RULE.to_owned(),
        ),
        ("t.toml".to_owned(), RULES.to_owned()),
    ])
    .expect("valid")
}

fn redactor() -> Redactor {
    let set = PatternSet::from_texts([
        (
            "demo.toml".to_owned(),
            crate::patterns::demo::RULE.to_owned(),
        ),
        ("t.toml".to_owned(), RULES.to_owned()),
    ])
    .expect("valid");
    Redactor::new(set, Masker::new(MaskStyle::Full, b"")).expect("builds")
}

fn redact(input: &str) -> String {
    String::from_utf8(redactor().redact(input.as_bytes()).into_owned()).expect("utf8 in, utf8 out")
}

macro_rules! t {
    ($name:ident, $input:expr, $want:expr) => {
        #[test]
        fn $name() {
            assert_eq!(redact($input), $want);
        }
    };
}

const T: &str = "dtok_Ab3dEf6hIj9kLm2n";
const M: &str = "[REDACTED:demo-token]";

t!(text10, "no secret here\n", "no secret here\n");
t!(
    text11,
    "k=dtok_Ab3dEf6hIj9kLm2n;x",
    "k=[REDACTED:demo-token];x"
);
t!(
    text12,
    "mail ana@corp.io now\r\n",
    "mail [REDACTED:demo-email] now\r\n"
);
t!(
    text13,
    "a dtok_Ab3dEf6hIj9kLm2n\nb dtok_Ab3dEf6hIj9kLm2n",
    "a [REDACTED:demo-token]\nb [REDACTED:demo-token]"
);

t!(
    json20,
    r#"{"msg":"key dtok_Ab3dEf6hIj9kLm2n ok","n":1}"#,
    r#"{"msg":"key [REDACTED:demo-token] ok","n":1}"#
);
t!(
    json21,
    r#"{ "Password" : "hunter2!", "user": "ana" }"#,
    r#"{ "Password" : "[REDACTED:sensitive-field]", "user": "ana" }"#
);
t!(
    json22,
    r#"{"api_key":12345,"pwd":null,"token":""}"#,
    r#"{"api_key":"[REDACTED:sensitive-field]","pwd":null,"token":"[REDACTED:sensitive-field]"}"#
);
t!(
    json23,
    r#"{"pin":123456}"#,
    r#"{"pin":"[REDACTED:demo-pin]"}"#
);
t!(
    json24,
    r#"{"secret":{"a":[1,"dtok_Ab3dEf6hIj9kLm2n"]},"z":true}"#,
    r#"{"secret":"[REDACTED:sensitive-field]","z":true}"#
);
t!(
    json25,
    r#"{"m":"\u0041\"dtok_Ab3dEf6hIj9kLm2n\"\n"}"#,
    r#"{"m":"\u0041\"[REDACTED:demo-token]\"\n"}"#
);
t!(
    json26,
    r#"{"msg":"prompt","prompt_tokens":12}"#,
    r#"{"msg":"prompt","prompt_tokens":12}"#
);
t!(
    json29,
    r#"2026-01-01 INFO {"token":"abc123", "m":"x"}"#,
    r#"2026-01-01 INFO {"token":"[REDACTED:sensitive-field]", "m":"x"}"#
);
// Not a JSON object: text.
t!(
    json27,
    r#"["password","dtok_Ab3dEf6hIj9kLm2n"]"#,
    r#"["password","[REDACTED:demo-token]"]"#
);
// Not JSON either, but a text pair: its value is masked to the line's end.
t!(
    json28,
    r#"{"password":"unterminated"#,
    r#"{"password":"[REDACTED:sensitive-field]"#
);

t!(
    pem30,
    "a\n-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\ndef==\n-----END RSA PRIVATE KEY-----\nb\n",
    "a\n[REDACTED:demo-private-key]\n[REDACTED:demo-private-key]\n[REDACTED:demo-private-key]\n[REDACTED:demo-private-key]\nb\n"
);
t!(
    pem31,
    "x -----BEGIN PRIVATE KEY-----\nMIIE\n\nabc\n-----END PRIVATE KEY----- y\n",
    "x [REDACTED:demo-private-key]\n[REDACTED:demo-private-key]\n\n[REDACTED:demo-private-key]\n[REDACTED:demo-private-key] y\n"
);
// A public key is not a private key.
t!(
    pem32,
    "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n",
    "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"
);

// The marker quoted in a message opens no block.
t!(
    pem33,
    "{\"msg\":\"no -----BEGIN PRIVATE KEY----- here\"}\nnext line\n",
    "{\"msg\":\"no [REDACTED:demo-private-key]\"}\nnext line\n"
);

#[test]
fn pem40_block_masked_when_lines_arrive_one_at_a_time() {
    let r = redactor();
    let mut work = r.work();
    let mut pem = PemState::default();
    let mut stats = r.stats();
    let mut out = Vec::new();
    for line in [
        "log\n",
        "-----BEGIN EC PRIVATE KEY-----\n",
        "MHcCAQEE\n",
        "oUQDQgAE\n",
        "-----END EC PRIVATE KEY-----\n",
        "after\n",
    ] {
        r.line_edits(line.as_bytes(), &mut work, &mut pem);
        r.apply(
            line.as_bytes(),
            0,
            line.len(),
            &work.edits,
            &mut out,
            &mut stats,
        );
    }
    let mask = "[REDACTED:demo-private-key]\n";
    assert_eq!(
        String::from_utf8(out).expect("utf8"),
        format!("log\n{}after\n", mask.repeat(4))
    );
    assert_eq!(
        stats.iter().collect::<Vec<_>>(),
        vec![("demo-private-key", 1)]
    );
}

#[test]
fn pem41_unterminated_block_stops_after_max_lines() {
    let mut input = String::from("-----BEGIN PRIVATE KEY-----\n");
    input.push_str(&"QUJD\n".repeat(MAX_PEM_LINES + 10));
    let out = redact(&input);
    assert_eq!(out.lines().count(), input.lines().count());
    assert!(out.ends_with("QUJD\n"));
    assert_eq!(out.matches("[REDACTED").count(), MAX_PEM_LINES);
}

#[test]
fn redacting_twice_changes_nothing() {
    let input = format!("{T} ana@corp.io\n{{\"password\":\"x1\",\"m\":\"{T}\"}}\n");
    let once = redact(&input);
    assert!(!once.contains(T));
    assert_eq!(redact(&once), once);
}

#[test]
fn invalid_utf8_and_control_bytes_pass() {
    let input = b"\xff\xfe\x1b[31m dtok_Ab3dEf6hIj9kLm2n \x00\x07\n".to_vec();
    let r = redactor();
    let out = r.redact(&input);
    assert_eq!(
        &*out,
        &b"\xff\xfe\x1b[31m [REDACTED:demo-token] \x00\x07\n"[..]
    );
}

#[test]
fn clean_input_is_borrowed() {
    assert!(matches!(
        redactor().redact(b"{\"a\":1}\nplain\n"),
        Cow::Borrowed(_)
    ));
    assert_eq!(M.len(), "[REDACTED:demo-token]".len());
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            "[a-z]{1,8}",
            Just(T.to_owned()),
            Just("ana@corp.io".to_owned()),
            Just("pin 123456".to_owned()),
            Just("\\\"".to_owned()),
        ];
        (proptest::collection::vec(word, 0..6), any::<bool>()).prop_map(|(words, json)| {
            let text = words.join(" ");
            if json {
                format!("{{\"msg\":\"{text}\",\"token\":\"{text}\",\"n\":1}}")
            } else {
                text
            }
        })
    }

    /// Feeds its input in reads of at most `.1` bytes.
    struct Trickle<'a>(&'a [u8], usize);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn noise() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..6),
            Just(b"{\"password\":".to_vec()),
            Just(b"\"\\u00".to_vec()),
            Just(b"-----BEGIN PRIVATE KEY-----\n".to_vec()),
            Just(b"-----END PRIVATE KEY-----".to_vec()),
            Just(T.as_bytes().to_vec()),
            Just(b"[1,{\":\n".to_vec()),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.join(&b" "[..]))
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic_and_keep_line_count(input in noise()) {
            let out = redactor().redact(&input).into_owned();
            let lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
            prop_assert_eq!(lines(&out), lines(&input));
            prop_assert!(memchr::memmem::find(&out, T.as_bytes()).is_none());
        }

        #[test]
        fn streaming_in_any_read_size_equals_one_buffer(input in noise(), step in 1usize..40) {
            let r = redactor();
            let whole = r.redact(&input).into_owned();
            let mut out = Vec::new();
            let reader = Trickle(&input, step);
            RedactFilter::new(&r, reader, &mut out).run().expect("in memory");
            prop_assert_eq!(out, whole);
        }

        #[test]
        fn redacted_holds_no_secret_keeps_lines_and_is_stable(lines in proptest::collection::vec(line(), 0..8)) {
            let input = lines.join("\n");
            let r = Redactor::new(
                rule_set(),
                Masker::new(MaskStyle::Hash, b"k"),
            ).expect("builds");
            let once = r.redact(input.as_bytes()).into_owned();
            let text = String::from_utf8(once.clone()).expect("utf8");
            prop_assert!(!text.contains(T) && !text.contains("ana@corp.io") && !text.contains("123456"));
            prop_assert_eq!(text.matches('\n').count(), input.matches('\n').count());
            prop_assert_eq!(r.redact(&once).into_owned(), once);
        }
    }
}
