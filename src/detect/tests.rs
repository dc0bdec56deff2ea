use super::*;
use crate::patterns::{PatternSet, demo};

/// Besides the shared `demo-token` rule (medium confidence).
const RULES: &str = r#"
[[rule]]
id = "demo-assign"
description = "generic assignment"
kind = "secret"
keywords = ["secret"]
regex = '''(?i)secret\s*=\s*"([^"\s]{8,})"'''
entropy = 3.0
confidence = "low"

[[rule]]
id = "demo-ssn"
description = "ssn"
kind = "pii"
regex = '''\b(\d{3}-\d{2}-\d{4})\b'''
validator = "ssn"
"#;

fn detector() -> Detector {
    let set = PatternSet::from_texts([
        ("demo.toml".to_owned(), demo::RULE.to_owned()),
        ("t.toml".to_owned(), RULES.to_owned()),
    ])
    .expect("valid");
    Detector::new(set).expect("builds")
}

fn find(hay: &[u8]) -> Vec<(String, String)> {
    let d = detector();
    let mut scratch = d.scratch();
    let mut out = Vec::new();
    d.detect(hay, &mut scratch, &mut out);
    out.iter()
        .map(|m| {
            (
                d.rules()[m.rule].id.clone(),
                String::from_utf8_lossy(&hay[m.start..m.end]).into_owned(),
            )
        })
        .collect()
}

macro_rules! t {
    ($name:ident, $hay:expr, [$(($rule:expr, $secret:expr)),*]) => {
        #[test]
        fn $name() {
            let want: Vec<(String, String)> = vec![$(($rule.to_owned(), $secret.to_owned())),*];
            assert_eq!(find($hay), want);
        }
    };
}

t!(
    t01_token,
    b"key: dtok_Ab3dEf6hIj9kLm2n\n",
    [("demo-token", "dtok_Ab3dEf6hIj9kLm2n")]
);
t!(
    t02_keyword_case_insensitive_regex_not,
    b"DTOK_Ab3dEf6hIj9kLm2n",
    []
);
t!(t03_too_long_token, b"dtok_Ab3dEf6hIj9kLm2nX", []);
t!(t04_placeholder, b"dtok_xxxxxxxxxxxxxxxx", []);
t!(t05_low_entropy, b"secret = \"aaaaaaab\"", []);
t!(
    t06_assignment,
    b"SECRET = \"q8Zp2mVx7Lk\"",
    [("demo-assign", "q8Zp2mVx7Lk")]
);
t!(
    t07_specific_wins_overlap,
    b"secret = \"dtok_Ab3dEf6hIj9kLm2n\"",
    [("demo-token", "dtok_Ab3dEf6hIj9kLm2n")]
);
t!(
    t08_ssn_valid,
    b"ssn 123-45-6789 on file",
    [("demo-ssn", "123-45-6789")]
);
t!(t09_ssn_invalid_area, b"ssn 666-45-6789 on file", []);
t!(
    t10_two_tokens,
    b"dtok_Ab3dEf6hIj9kLm2n dtok_Zz3dEf6hIj9kLm2q",
    [
        ("demo-token", "dtok_Ab3dEf6hIj9kLm2n"),
        ("demo-token", "dtok_Zz3dEf6hIj9kLm2q")
    ]
);
t!(
    t11_invalid_utf8,
    b"\xff\xfe dtok_Ab3dEf6hIj9kLm2n \xc3\x28",
    [("demo-token", "dtok_Ab3dEf6hIj9kLm2n")]
);
t!(
    t12_binary_nuls,
    b"\0\0\0dtok_Ab3dEf6hIj9kLm2n\0\0",
    [("demo-token", "dtok_Ab3dEf6hIj9kLm2n")]
);
t!(t13_empty, b"", []);

#[test]
fn match_far_from_keyword_is_not_confirmed() {
    // The regex alone would match the second line, but its keyword is out of reach: the
    // hit is on a first line far away and the second line has only an uppercase variant
    // the regex rejects. Windows keep the search local.
    let mut hay = b"dtok_ is mentioned here".to_vec();
    hay.extend(std::iter::repeat_n(b' ', FORWARD + 10));
    hay.extend(b"\nx");
    assert!(find(&hay).is_empty());
}

#[test]
fn long_input_many_hits() {
    let mut hay = Vec::new();
    for i in 0..2000 {
        hay.extend(format!("line {i} dtok_Ab3dEf6hIj9k{i:04}\n").as_bytes());
    }
    assert_eq!(find(&hay).len(), 2000);
}
