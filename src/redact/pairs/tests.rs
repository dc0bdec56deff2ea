use super::*;

fn masked(line: &str) -> Vec<&str> {
    let mut edits = Vec::new();
    pair_edits(line.as_bytes(), &SensitiveNames::default(), 0, &mut edits);
    edits.iter().map(|e| &line[e.start..e.end]).collect()
}

macro_rules! t {
    ($name:ident, $line:expr, $want:expr) => {
        #[test]
        fn $name() {
            assert_eq!(masked($line), $want as Vec<&str>, "{:?}", $line);
        }
    };
}

t!(
    p01_env,
    "AWS_SECRET_KEY=wJalr/XUtnFEMI+K7MDENG",
    vec!["wJalr/XUtnFEMI+K7MDENG"]
);
t!(
    p02_logfmt,
    "ts=1 db_password=hunter2!x user=ana",
    vec!["hunter2!x"]
);
t!(
    p03_quoted,
    "level=warn password=\"two words;&\" ok=1",
    vec!["two words;&"]
);
t!(
    p04_yaml,
    "    db_password: s3cr3t value # rotated",
    vec!["s3cr3t value # rotated"]
);
t!(
    p05_header,
    "> Authorization: Bearer 843025879:AAZi-x_Y\r",
    vec!["Bearer 843025879:AAZi-x_Y"]
);
t!(
    p06_query,
    "GET /cb?state=x&access_token=abc.def&page=2 HTTP/1.1",
    vec!["abc.def"]
);
t!(
    p07_inline_scheme,
    "msg=\"retry\" authorization=Bearer eyJabc.def rest",
    vec!["Bearer eyJabc.def"]
);
t!(
    p08_json_string,
    r#"{"msg":"starting with DB_PASSWORD=Zx9!qq, ok"}"#,
    vec!["Zx9!qq"]
);
t!(
    p09_escaped_json,
    r#"{"m":"{\"api_key\":\"k-123\"}"}"#,
    vec!["k-123"]
);
t!(p10_dict, "{'secret': 'abc def'}", vec!["abc def"]);
t!(p11_flag, "run --api-key=K123 --verbose", vec!["K123"]);
t!(
    p12_assign_ops,
    "token := \"a1\"; secret => b2",
    vec!["a1", "b2"]
);
t!(
    p20_not_sensitive,
    "prompt_tokens=12 token_type=bearer secret_name=db",
    vec![]
);
t!(p21_comparison, "if password == x or token != y", vec![]);
t!(
    p22_empty_and_masked,
    "password= token=[REDACTED:sensitive-field]",
    vec![]
);
t!(p23_structured, "password: {nested}", vec![]);
t!(p24_timestamps, "12:30:00 took 3ms ratio=1:2", vec![]);
t!(
    p25_mid_line_colon_is_word,
    "upstream token: abc, retrying",
    vec!["abc"]
);
t!(
    p26_escaped_backslash_before_the_closing_quote,
    r#"{"msg":"secret\":\"x\\"}"#,
    vec![r"x\\"]
);
t!(
    p27_escape_pairs_are_stepped_over,
    r#"{"msg":"token=\"ab\\\"cd\" more"}"#,
    vec![r"ab\\"]
);
