//! Round trips per format over random documents (proptest), byte-identity outside sealed
//! values, and tamper detection: byte flips, path swaps, deletion, duplication, rollback.

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

/// Asserts every byte of `sealed` outside sealed values and the `_hush` entry is the
/// original's, in order: the pieces between tokens appear in `original` one after another.
fn assert_outside_identical(original: &str, sealed: &str) {
    // Cut the `_hush` entry: JSON's member with its comma and the indent it copied, the
    // line elsewhere.
    let Some(at) = sealed.find("hush:seal:v1") else {
        assert_eq!(sealed, original, "nothing sealed, yet the text changed");
        return;
    };
    let end = at + sealed[at..].find('"').expect("closing quote") + 1;
    let body = if let Some(start) = sealed[..at].rfind("\"_hush\"") {
        let rest = sealed[end..].strip_prefix(',').unwrap_or(&sealed[end..]);
        format!("{}{}", &sealed[..start], rest.trim_start())
    } else {
        let start = sealed[..at].rfind('\n').map_or(0, |i| i + 1);
        format!("{}{}", &sealed[..start], &sealed[end + 1..])
    };
    let mut from = 0;
    for piece in body.split("\"hush:v1:") {
        let piece =
            piece.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let piece = piece.strip_prefix('"').unwrap_or(piece);
        let at = original[from..].find(piece).map(|i| from + i);
        assert!(
            at.is_some(),
            "piece not in the original, in order: {piece:?}"
        );
        from = at.unwrap_or(from) + piece.len();
    }
}

// ---- random documents ----

fn scalar_json() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        "[a-z]{0,6}".prop_map(|s| format!("\"{s}\\n\\u00e9\\\"\"")),
        any::<i32>().prop_map(|n| n.to_string()),
        (any::<i16>(), 0u8..99).prop_map(|(a, b)| format!("{a}.{b}e1")),
        Just("true".to_owned()),
        Just("null".to_owned()),
    ]
}

fn key_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,6}",
        Just("password".to_owned()),
        Just("api_key".to_owned()),
        Just("Client-Secret".to_owned())
    ]
}

fn json_doc() -> impl Strategy<Value = String> {
    let leaf = scalar_json();
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::btree_map(key_name(), inner, 0..4).prop_map(|m| {
                let members: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{ {} }}", members.join(",\n    "))
            }),
        ]
    });
    (
        prop::collection::btree_map(key_name(), value, 1..5),
        "[ \n]{0,3}",
    )
        .prop_map(|(m, ws)| {
            let members: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            format!("{{{ws}  {}\n}}\n", members.join(",\n  "))
        })
}

fn toml_line() -> impl Strategy<Value = String> {
    prop::collection::btree_map(key_name(), toml_entry(), 0..4)
        .prop_map(|m| m.into_iter().map(|(k, v)| format!("{k} = {v}")).collect())
}

fn toml_entry() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        "[a-zA-Z0-9 _-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        "[a-z]{0,8}".prop_map(|s| format!("'{s}'")),
        "[a-z]{0,8}".prop_map(|s| format!("\"\"\"\n{s}\nx\"\"\"")),
        any::<i32>().prop_map(|n| n.to_string()),
        Just("0x2A".to_owned()),
        Just("true".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
        Just("[1, \"two\"]".to_owned()),
        Just("{ secret = \"s\", n = 1 }".to_owned()),
    ];
    (value, prop_oneof![Just(""), Just("  # note")]).prop_map(|(v, c)| format!("{v}{c}\n"))
}

fn toml_doc() -> impl Strategy<Value = String> {
    let table = toml_line().prop_map(|lines| format!("\n[{{}}]\n{lines}"));
    (
        toml_line(),
        prop::collection::btree_map("[A-Z]{1,5}", table, 0..3),
    )
        .prop_map(|(root, tables)| {
            let mut s = String::from("# config\n");
            s.push_str(&root);
            // Table names are keys too: a table name equal to a root key would be a duplicate.
            s.extend(tables.into_iter().map(|(name, t)| t.replace("{}", &name)));
            s
        })
}

fn yaml_doc() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        "[a-z][a-z0-9 ]{0,10}[a-z]".prop_map(|s| s),
        "[a-z ]{0,10}".prop_map(|s| format!("'{s}'")),
        "[a-z ]{0,10}".prop_map(|s| format!("\"{s}\\t\"")),
        any::<i32>().prop_map(|n| n.to_string()),
        Just("true".to_owned()),
        Just("~".to_owned()),
        "[a-z]{1,8}".prop_map(|s| format!("|\n    {s}\n    {s}")),
        "[a-z]{1,8}".prop_map(|s| format!(">-\n    {s}\n    more")),
    ];
    let entry = (key_name(), scalar, prop_oneof![Just(""), Just(" # c")]).prop_map(|(k, v, c)| {
        if v.starts_with(['|', '>']) {
            format!("  {k}: {v}\n")
        } else {
            format!("  {k}: {v}{c}\n")
        }
    });
    let section = (
        "[a-z]{1,6}",
        prop::collection::btree_map(key_name(), entry, 1..4),
    )
        .prop_map(|(name, e)| format!("{name}:\n{}", e.into_values().collect::<String>()));
    prop::collection::btree_map("[a-z]{1,6}", section, 1..4).prop_map(|m| {
        let mut s = String::from("# top\n");
        s.extend(m.into_values());
        s.push_str("list:\n  - token: abc\n  - {api_key: flow, n: 1}\n");
        s
    })
}

fn round_trip(format: Format, doc: &str) -> Result<(), TestCaseError> {
    let k = key();
    let sealed = seal_str(format, doc, &k).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    assert_outside_identical(doc, &sealed.text);
    let back =
        unseal_str(format, &sealed.text, &k).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    prop_assert_eq!(&back, doc);
    // Sealing a sealed file again changes nothing but its MAC-neutral re-render.
    let again =
        seal_str(format, &sealed.text, &k).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    prop_assert_eq!(again.newly_sealed, 0);
    prop_assert_eq!(&again.text, &sealed.text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn json_round_trips_byte_for_byte(doc in json_doc()) {
        round_trip(Format::Json, &doc)?;
    }

    #[test]
    fn toml_round_trips_byte_for_byte(doc in toml_doc()) {
        round_trip(Format::Toml, &doc)?;
    }

    #[test]
    fn yaml_round_trips_byte_for_byte(doc in yaml_doc()) {
        round_trip(Format::Yaml, &doc)?;
    }
}

// ---- tampering ----

const DOC: &str = r#"{
  "db": {"password": "pw-one", "user": "app"},
  "api_key": 12345,
  "token": "tok-two"
}
"#;

fn tokens(text: &str) -> Vec<String> {
    text.split('"')
        .filter(|s| s.starts_with(PREFIX))
        .map(str::to_owned)
        .collect()
}

fn tampered(r: Result<String, SealError>) -> bool {
    matches!(r, Err(SealError::Tampered { .. }))
}

#[test]
fn every_byte_flip_of_a_sealed_value_is_detected() {
    let k = key();
    let sealed = seal_str(Format::Json, DOC, &k).expect("seals").text;
    for t in tokens(&sealed) {
        let start = sealed.find(&t).expect("present") + PREFIX.len();
        for i in start..start + t.len() - PREFIX.len() {
            let mut bytes = sealed.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let bad = String::from_utf8(bytes).expect("ascii");
            let r = unseal_str(Format::Json, &bad, &k);
            assert!(tampered(r), "flip at {i} not detected");
        }
    }
}

#[test]
fn a_changed_hush_entry_is_a_wrong_key_or_malformed() {
    let k = key();
    let sealed = seal_str(Format::Json, DOC, &k).expect("seals").text;
    let start = sealed.find("hush:seal:v1").expect("entry");
    let end = start + sealed[start..].find('"').expect("closing quote");
    for i in start..end {
        let mut bytes = sealed.clone().into_bytes();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let bad = String::from_utf8(bytes).expect("ascii");
        let r = unseal_str(Format::Json, &bad, &k);
        assert!(
            matches!(
                r,
                Err(SealError::WrongKey(_)
                    | SealError::Metadata { .. }
                    | SealError::Tampered { .. })
            ),
            "flip at {i} of the entry: {r:?}"
        );
    }
}

#[test]
fn swapped_deleted_duplicated_and_rolled_back_values_are_detected() {
    let k = key();
    let sealed = seal_str(Format::Json, DOC, &k).expect("seals").text;
    let t = tokens(&sealed);
    assert_eq!(t.len(), 3);
    // Swap two values between paths.
    let swapped = sealed
        .replace(&t[0], "SWAP")
        .replace(&t[2], &t[0])
        .replace("SWAP", &t[2]);
    assert!(tampered(unseal_str(Format::Json, &swapped, &k)));
    // Delete a sealed member, or turn it back into plaintext.
    let deleted = sealed.replace(&format!(",\n  \"token\": \"{}\"", t[2]), "");
    assert!(tampered(unseal_str(Format::Json, &deleted, &k)));
    let plain = sealed.replace(&t[2], "tok-two");
    assert!(tampered(unseal_str(Format::Json, &plain, &k)));
    // Duplicate a sealed value at a new path.
    let dup = sealed.replace("\"user\": \"app\"", &format!("\"user\": \"{}\"", t[0]));
    assert!(tampered(unseal_str(Format::Json, &dup, &k)));
    // Roll one value back to an older sealing (same file id and path, stale ciphertext).
    let edited = edit_text(
        Path::new("t"),
        Format::Json,
        Zeroizing::new(sealed),
        KeyChoice::Source(&k),
        &names(),
        |plain| Ok(Some(Zeroizing::new(plain.replace("pw-one", "pw-new")))),
    )
    .expect("edits")
    .expect("changed");
    let new_t = tokens(&edited);
    assert_ne!(new_t[0], t[0]);
    assert!(
        unseal_str(Format::Json, &edited, &k)
            .expect("opens")
            .contains("pw-new")
    );
    let rolled = edited.replace(&new_t[0], &t[0]);
    assert!(tampered(unseal_str(Format::Json, &rolled, &k)));
    // A value moved to another file (another file id) does not open there.
    let other = seal_str(Format::Json, DOC, &k).expect("seals").text;
    let moved = other.replace(&tokens(&other)[0], &t[0]);
    assert!(tampered(unseal_str(Format::Json, &moved, &k)));
}

#[test]
fn wrong_key_and_missing_entry() {
    let sealed = seal_str(Format::Json, DOC, &key()).expect("seals").text;
    let r = unseal_str(Format::Json, &sealed, &key());
    assert!(matches!(r, Err(SealError::WrongKey(_))), "{r:?}");
    assert!(
        r.err()
            .is_some_and(|e| e.to_string().contains("wrong key or passphrase"))
    );
    let start = sealed.find("\"_hush\"").expect("entry");
    let end = sealed[start..].find(",\n").expect("member end") + start + 2;
    let no_entry = format!("{}{}", &sealed[..start], &sealed[end..]);
    let r = unseal_str(Format::Json, &no_entry, &key());
    assert!(matches!(r, Err(SealError::NoMetadata { .. })), "{r:?}");
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
