use super::*;
use crate::vault::KeySource;
use std::path::Path;

fn vault_with(dir: &Path, pairs: &[(&str, &str)]) -> (Vault, SecretKey) {
    let path = dir.join(".env.vault");
    let key = SecretKey::generate();
    let mut v = Vault::create(&path, &KeySource::Key(key.clone())).expect("creates");
    for (n, val) in pairs {
        v.set(n, &SecretString::from(*val)).expect("sets");
    }
    v.save().expect("saves");
    (v, key)
}

fn value(v: &Vault, name: &str) -> String {
    v.get(name).expect("present").expose_secret().to_owned()
}

fn reopen(v: &Vault, key: &SecretKey) -> Vault {
    Vault::open(v.path(), &KeySource::Key(key.clone())).expect("reopens")
}

fn text(v: &Vault) -> String {
    std::fs::read_to_string(v.path()).expect("reads")
}

#[test]
fn rotate_then_rollback_twice() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut v, key) = vault_with(dir.path(), &[("A", "one"), ("B", "b")]);
    assert_eq!(
        v.versions("A"),
        Some(Versions {
            current: 1,
            kept: 0
        })
    );
    let got = v
        .rotate("A", &SecretString::from("two"), 3)
        .expect("rotates");
    assert_eq!(
        got,
        Versions {
            current: 2,
            kept: 1
        }
    );
    v.rotate("A", &SecretString::from("three"), 3)
        .expect("rotates");
    v.save().expect("saves");
    assert!(text(&v).starts_with("#hush:vault v2\n"));
    let mut v = {
        drop(v);
        let path = dir.path().join(".env.vault");
        Vault::open_locked(&path, &KeySource::Key(key.clone())).expect("opens")
    };
    assert_eq!(value(&v, "A"), "three");
    assert_eq!(
        v.names().collect::<Vec<_>>(),
        ["A", "B"],
        "history is not a name"
    );
    assert_eq!(
        v.rollback("A").expect("rolls back"),
        Versions {
            current: 2,
            kept: 1
        }
    );
    assert_eq!(value(&v, "A"), "two");
    assert_eq!(
        v.rollback("A").expect("rolls back"),
        Versions {
            current: 1,
            kept: 0
        }
    );
    assert_eq!(value(&v, "A"), "one");
    assert!(matches!(v.rollback("A"), Err(VaultError::NoHistory(_))));
    v.save().expect("saves");
    assert!(
        text(&v).starts_with("#hush:vault v1\n"),
        "no history: back to v1"
    );
    assert_eq!(value(&reopen(&v, &key), "A"), "one");
    assert_eq!(value(&v, "B"), "b");
}

#[test]
fn keep_bounds_the_history() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut v, key) = vault_with(dir.path(), &[("A", "v1")]);
    for n in 2..=6 {
        v.rotate("A", &SecretString::from(format!("v{n}")), 2)
            .expect("rotates");
    }
    assert_eq!(
        v.versions("A"),
        Some(Versions {
            current: 6,
            kept: 2
        })
    );
    v.save().expect("saves");
    let lines: Vec<String> = text(&v).lines().map(str::to_owned).collect();
    assert!(lines[5].starts_with("A~5=hush:v1:") && lines[6].starts_with("A~4=hush:v1:"));
    let mut v2 = reopen(&v, &key);
    let got = v2.rollback("A").expect("rolls back");
    assert_eq!(
        got,
        Versions {
            current: 5,
            kept: 1
        }
    );
    let got = v2.rollback("A").expect("rolls back");
    assert_eq!(
        got,
        Versions {
            current: 4,
            kept: 0
        }
    );
    assert_eq!(value(&v2, "A"), "v4");
    assert!(matches!(v2.rollback("A"), Err(VaultError::NoHistory(_))));
    v.rotate("A", &SecretString::from("v7"), 0)
        .expect("rotates");
    assert_eq!(
        v.versions("A"),
        Some(Versions {
            current: 1,
            kept: 0
        })
    );
}

#[test]
fn missing_name_set_and_remove() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut v, key) = vault_with(dir.path(), &[("A", "one")]);
    let new = SecretString::from("x");
    assert!(matches!(
        v.rotate("NOPE", &new, 3),
        Err(VaultError::NoEntry(_))
    ));
    assert!(matches!(v.rollback("NOPE"), Err(VaultError::NoEntry(_))));
    v.rotate("A", &SecretString::from("two"), 3)
        .expect("rotates");
    // set replaces the live value and keeps the history.
    v.set("A", &SecretString::from("set")).expect("sets");
    assert_eq!(
        v.versions("A"),
        Some(Versions {
            current: 2,
            kept: 1
        })
    );
    v.save().expect("saves");
    assert_eq!(
        v.export_dotenv().as_str(),
        "A=set\n",
        "export: live values only"
    );
    v.rollback("A").expect("rolls back");
    assert_eq!(value(&v, "A"), "one");
    v.rotate("A", &SecretString::from("two"), 3)
        .expect("rotates");
    assert!(v.remove("A"));
    v.save().expect("saves");
    assert!(!text(&v).contains("A~"), "rm removes the history too");
    assert!(reopen(&v, &key).versions("A").is_none());
}

#[test]
fn rotate_key_reseals_everything() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut v, key) = vault_with(dir.path(), &[("A", "one"), ("B", "b")]);
    v.rotate("A", &SecretString::from("two"), 3)
        .expect("rotates");
    v.save().expect("saves");
    let before = text(&v);
    v.rotate_key().expect("owner key");
    v.save().expect("saves");
    let after = text(&v);
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(b.len(), a.len());
    assert_eq!(b[..3], a[..3], "id and KDF stay");
    for i in 3..a.len() {
        assert_ne!(a[i], b[i], "line {} changed", i + 1);
    }
    let mut v = reopen(&v, &key);
    assert_eq!(value(&v, "A"), "two");
    v.rollback("A").expect("rolls back");
    assert_eq!(value(&v, "A"), "one");
}

#[test]
fn change_key_keeps_every_entry_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut v, key) = vault_with(dir.path(), &[("A", "one")]);
    v.rotate("A", &SecretString::from("two"), 3)
        .expect("rotates");
    v.save().expect("saves");
    let before = text(&v);
    let kf = dir.path().join("new.key");
    let written = v
        .change_key(&KeySource::KeyFile(kf.clone()))
        .expect("changes");
    assert_eq!(written.as_deref(), Some(kf.as_path()));
    let after = text(&v);
    let body = |t: &str| {
        t.lines()
            .skip(4)
            .take(2)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(body(&before), body(&after));
    assert!(matches!(
        Vault::open(v.path(), &KeySource::Key(key)),
        Err(VaultError::WrongKey)
    ));
    let v = Vault::open(v.path(), &KeySource::KeyFile(kf)).expect("opens with the new key");
    assert_eq!(value(&v, "A"), "two");
}

#[test]
fn history_cannot_be_moved() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut v, key) = vault_with(dir.path(), &[("A", "1"), ("B", "2")]);
    for n in ["x", "y"] {
        v.rotate("A", &SecretString::from(n), 3).expect("rotates");
        v.rotate("B", &SecretString::from(n), 3).expect("rotates");
    }
    v.save().expect("saves");
    let good: Vec<String> = text(&v).lines().map(str::to_owned).collect();
    let sealed = |l: &str| l.split_once('=').expect("entry").1.to_owned();
    let check = |lines: &[String], want: usize| {
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let r = Vault::from_text(
            v.path(),
            body.as_bytes(),
            &KeySource::Key(key.clone()),
            None,
        );
        match r {
            Err(VaultError::Tampered { source, .. } | VaultError::Format { source, .. }) => {
                assert_eq!(source.line(), want, "{source}");
            }
            other => panic!("expected a tamper error, got {other:?}"),
        }
    };
    // Lines 5-7: A, A~2, A~1; lines 8-10: B, B~2, B~1.
    let mut into_live = good.clone();
    into_live[4] = format!("A={}", sealed(&good[5]));
    check(&into_live, 5);
    let mut swapped = good.clone();
    swapped[5] = format!("A~2={}", sealed(&good[6]));
    swapped[6] = format!("A~1={}", sealed(&good[5]));
    check(&swapped, 6);
    let mut other_name = good.clone();
    other_name[5] = format!("A~2={}", sealed(&good[8]));
    check(&other_name, 6);
    let mut reordered = good.clone();
    reordered.swap(5, 6);
    check(&reordered, 7);
    let mut orphan = good.clone();
    orphan.swap(4, 5);
    check(&orphan, 5);
    let mut v1 = good;
    v1[0] = "#hush:vault v1".to_owned();
    check(&v1, 6);
}
