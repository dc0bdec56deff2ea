//! Tamper detection: byte flips, a changed `_hush` entry, path swaps, deletion, duplication,
//! rollback, a wrong key and a missing entry.

use super::*;

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
