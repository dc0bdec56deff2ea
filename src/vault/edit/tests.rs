use crate::vault::format::Line;
use crate::vault::{ExposeSecret, KeySource, SecretKey, SecretString, Vault};

fn key() -> KeySource {
    KeySource::Key(
        SecretKey::from_base64("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").expect("key"),
    )
}

fn vault(dir: &std::path::Path) -> Vault {
    let mut v = Vault::create(&dir.join("v"), &key()).expect("creates");
    for (n, val) in [("KEEP", "k"), ("CHANGE", "c1"), ("GONE", "g")] {
        v.set(n, &SecretString::from(val)).expect("sets");
    }
    v.rotate("KEEP", &SecretString::from("k2"), 3)
        .expect("rotates");
    v
}

fn sealed(v: &Vault, name: &str) -> Vec<u8> {
    v.sealed(name).expect("present").to_vec()
}

#[test]
fn unchanged_values_keep_their_bytes_and_history() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut v = vault(dir.path());
    let keep_before = sealed(&v, "KEEP");
    let text = "# edited\nCHANGE=c2\nKEEP=k2\nNEW='n w'\nNEW=last\n";
    let out = v.apply_dotenv(text.as_bytes()).expect("applies");
    assert_eq!(out.changed, ["CHANGE"]);
    assert_eq!(out.added, ["NEW"]);
    assert_eq!(out.removed, ["GONE"]);
    assert_eq!(sealed(&v, "KEEP"), keep_before, "unchanged: same bytes");
    assert_eq!(v.names().collect::<Vec<_>>(), ["CHANGE", "KEEP", "NEW"]);
    assert_eq!(v.get("NEW").expect("NEW").expose_secret(), "last");
    assert!(matches!(&v.lines[0], Line::Comment(c) if c == "# edited"));
    assert_eq!(v.versions("KEEP").map(|x| x.kept), Some(1), "history kept");
    v.save().expect("saves");
    drop(v);
    let v = Vault::open(&dir.path().join("v"), &key()).expect("a valid vault");
    assert_eq!(v.get("CHANGE").expect("CHANGE").expose_secret(), "c2");
}

#[test]
fn a_bad_edit_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut v = vault(dir.path());
    let before = v.lines.clone();
    for bad in ["A=1\nB=\"unterminated\n", "#hush:mac x\n", "1BAD=x\n"] {
        assert!(v.apply_dotenv(bad.as_bytes()).is_err(), "{bad:?}");
        assert_eq!(v.lines, before, "{bad:?}");
    }
    assert!(
        v.apply_dotenv(b"KEEP=k2\nCHANGE=c1\nGONE=g\n")
            .expect("same")
            .is_empty()
    );
}
