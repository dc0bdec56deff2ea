//! Unit tests of `seal`: types and spelling restored, refusals, errors that never quote the
//! input, the per-field sealer; round trips over random documents in `tests/round_trip.rs`,
//! tamper detection in `tests/tamper.rs`.

use super::*;
use crate::vault::{ExposeSecret, KeySource, SecretKey};
use proptest::prelude::*;
use std::path::Path;
use zeroize::Zeroizing;

fn key() -> KeySource {
    KeySource::Key(SecretKey::generate())
}

fn names() -> Selector {
    Selector::new(true, None, Vec::new())
}

fn seal_str(format: Format, text: &str, key: &KeySource) -> Result<Sealed, SealError> {
    seal_text(
        Path::new("t"),
        format,
        Zeroizing::new(text.to_owned()),
        KeyChoice::Source(key),
        &names(),
    )
}

fn unseal_str(format: Format, text: &str, key: &KeySource) -> Result<String, SealError> {
    unseal_text(
        Path::new("t"),
        format,
        Zeroizing::new(text.to_owned()),
        KeyChoice::Source(key),
    )
    .map(|s| s.to_string())
}

#[test]
fn types_and_spelling_come_back() {
    let k = key();
    let doc = "a = 0x2A\npassword = 0x2A\ntoken = 1979-05-27\nsecret = 'lit'\n";
    let sealed = seal_str(Format::Toml, doc, &k).expect("seals");
    assert_eq!(sealed.newly_sealed, 3);
    assert!(!sealed.text.contains("0x2A\npassword = 0x2A"));
    assert_eq!(
        unseal_str(Format::Toml, &sealed.text, &k).expect("opens"),
        doc
    );
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.toml");
    std::fs::write(&path, &sealed.text).expect("writes");
    let file = SealedFile::open(&path, k).expect("opens");
    assert_eq!(file.get("password").expect("there").expose_secret(), "42");
    assert_eq!(file.get("secret").expect("there").expose_secret(), "lit");
    assert_eq!(file.get("a").expect("plaintext too").expose_secret(), "42");
    assert!(file.get("nope").is_none());
}

#[test]
fn yaml_anchors_aliases_and_multiple_documents_are_refused() {
    let k = key();
    for (doc, what) in [
        ("base: &b\n  password: x\nprod: *b\n", "password"),
        ("pw: &p secret\npassword: *p\n", "password"),
        ("a: 1\n---\npassword: x\n", "more than one YAML document"),
    ] {
        let e = seal_str(Format::Yaml, doc, &k).expect_err("refused");
        assert!(matches!(e, SealError::Unsupported { .. }), "{e:?}");
        assert!(e.to_string().contains(what), "{e}");
    }
    // An anchor elsewhere is fine.
    let ok = "base: &b {x: 1}\nother: *b\npassword: p\n";
    let sealed = seal_str(Format::Yaml, ok, &k).expect("seals");
    assert_eq!(
        unseal_str(Format::Yaml, &sealed.text, &k).expect("opens"),
        ok
    );
}

#[test]
fn errors_never_quote_the_input() {
    let planted = "planted-Zq8vX3kLmN7pR2sT";
    for (format, doc) in [
        (Format::Json, format!("{{\"password\": \"{planted}\",, }}")),
        (Format::Toml, format!("password = \"{planted}\" junk\n")),
        (Format::Yaml, format!("password: \"{planted}\" junk\n")),
    ] {
        let e = seal_str(format, &doc, &key()).expect_err("syntax error");
        let shown = format!("{e:#} {e:?}");
        assert!(!shown.contains(planted), "{format:?}: {shown}");
    }
}

#[test]
fn sealer_binds_context() {
    let k = keys::FileKey::create(Path::new("db"), &key()).expect("key");
    let s = Sealer::new(k);
    let ctx = Sealer::column_context("users", "token", "7");
    let t = s.seal(&ctx, "v");
    assert!(Sealer::is_sealed(&t));
    assert_eq!(
        s.open(&ctx, &t, "users.token")
            .expect("opens")
            .value
            .expose_secret(),
        "v"
    );
    let other = Sealer::column_context("users", "token", "8");
    assert!(s.open(&other, &t, "users.token").is_err());
    assert_ne!(
        Sealer::column_context("ab", "c", "1"),
        Sealer::column_context("a", "bc", "1")
    );
}

mod round_trip;
mod tamper;
