//! Unit tests of `value`.

use super::*;

#[test]
fn round_trip_keeps_kind_raw_and_value() {
    let dek = SecretKey::generate();
    let sealed = seal(&dek, b"id|a.b", Kind::Integer, "0x2A", "42");
    let t = token(&sealed);
    assert!(t.starts_with(PREFIX));
    let back = parse_token(&t).expect("a token");
    let o = open(&dek, b"id|a.b", &back).expect("opens");
    assert_eq!(
        (o.kind, o.raw.as_str(), o.value.as_str()),
        (Kind::Integer, "0x2A", "42")
    );
    assert!(open(&dek, b"id|a.c", &back).is_err());
}

#[test]
fn lengths_leak_only_to_the_bucket() {
    let dek = SecretKey::generate();
    let short = seal(&dek, b"", Kind::String, "\"a\"", "a");
    let longer = seal(
        &dek,
        b"",
        Kind::String,
        &format!("\"{}\"", "x".repeat(25)),
        &"x".repeat(25),
    );
    assert_eq!(short.len(), longer.len());
    let over = seal(&dek, b"", Kind::String, &"x".repeat(60), "");
    assert_eq!(over.len(), short.len() + PAD_BUCKET);
}

#[test]
fn not_a_token() {
    assert!(parse_token("hush:v2:AAAA").is_none());
    assert!(parse_token("hush:v1:***").is_none());
}
