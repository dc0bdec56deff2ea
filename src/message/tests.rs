use super::*;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "only parsed, to get shape errors")]
struct Shape {
    name: String,
    count: Option<u32>,
    kind: Option<Kind>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Secret,
}

fn render(text: &str) -> String {
    let err = toml::from_str::<Shape>(text).expect_err("invalid");
    toml_error(&err, text)
}

const SECRET: &str = "ghp_s3cr3tVALUEthatMustNotLeak0123456789";

#[test]
fn syntax_errors_keep_line_and_column_not_the_source() {
    let text = format!("name = \"ok\"\n\n{SECRET} = = 1\x1b[31m\n");
    let msg = render(&text);
    assert!(msg.starts_with("line 3, column "), "{msg}");
    assert!(!msg.contains(SECRET) && !msg.contains("s3cr3t"), "{msg}");
    assert!(!msg.contains('\x1b') && !msg.contains('\n'), "{msg}");
}

#[test]
fn shape_errors_mask_the_values_they_would_quote() {
    for text in [
        format!("name = \"x\"\ncount = \"{SECRET}\"\n"),
        format!("name = \"x\"\nkind = \"{SECRET}\"\n"),
        format!("name = \"x\"\n{SECRET} = 1\n"),
        format!("name = \"x\"\n\"{SECRET}\\u001b[2J\" = 1\n"),
        "name = \"x\"\ncount = 123456789012\n".to_owned(),
    ] {
        let msg = render(&text);
        assert!(msg.starts_with("line 2, column "), "{msg}");
        assert!(
            !msg.contains("s3cr3t") && !msg.contains("123456789012"),
            "{msg}"
        );
        assert!(!msg.chars().any(char::is_control), "{msg}");
    }
    // Names from the schema stay, so the message still says what to fix.
    let msg = render("count = 1\n");
    assert!(msg.contains("missing field `name`"), "{msg}");
}

#[test]
fn kind_keeps_grammar_expectations_and_masks_debug_strings() {
    assert_eq!(
        toml_kind("invalid type: string \"a\\\"b\", expected u32"),
        "invalid type: string \"…\", expected u32"
    );
    assert_eq!(
        toml_kind("unknown field `tok`, expected `name` or `count`"),
        "unknown field `…`, expected `name` or `count`"
    );
    assert_eq!(toml_kind("invalid key\nmore"), "invalid key");
    assert_eq!(toml_kind("bad \u{7}bell"), "bad \\u{7}bell");
}

#[test]
fn positions_count_characters_and_survive_odd_offsets() {
    assert_eq!(position("ab\ncdé f", 8), (2, 5));
    assert_eq!(position("é", 1), (1, 1));
    assert_eq!(position("abc", 99), (1, 4));
}

#[test]
fn argv_values_are_masked_and_escaped() {
    assert_eq!(masked_arg(SECRET), "ghp_…6789");
    assert_eq!(masked_arg("main"), "…");
    assert!(!masked_arg("\x1b[31mAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").contains('\x1b'));
}

#[test]
fn names_are_repeated_unless_they_hold_a_secret() {
    assert_eq!(shown_name("DB_PASSWORD"), "DB_PASSWORD");
    assert!(!shown_name("A\x1bB").contains('\x1b'));
    // An AWS access key id is a valid entry name: pasted as one, it is not repeated.
    let key = "AKIAZ4X7Q2M3N5P6R8T9";
    let shown = shown_name(key);
    assert!(!shown.contains(&key[4..16]), "{shown}");
}
