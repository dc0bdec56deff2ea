use super::*;
use crate::vault::{ExposeSecret, KeySource, SecretKey, SecretString};
use std::path::Path;

fn key() -> KeySource {
    KeySource::Key(
        SecretKey::from_base64("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").expect("key"),
    )
}

/// A vault at `dir/name` holding `entries`.
fn vault(dir: &Path, name: &str, entries: &[(&str, &str)]) -> Vault {
    let mut v = Vault::create(&dir.join(name), &key()).expect("creates");
    for (n, val) in entries {
        v.set(n, &SecretString::from(*val)).expect("sets");
    }
    v.save().expect("saves");
    v
}

fn values(v: &Vault) -> Vec<(String, String)> {
    v.names()
        .map(|n| {
            let val = v.get(n).expect("present");
            (n.to_owned(), val.expose_secret().to_owned())
        })
        .collect()
}

#[test]
fn the_table() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let base = vault(
        d,
        "b",
        &[
            ("SAME", "1"),
            ("OURS", "1"),
            ("THEIRS", "1"),
            ("GONE", "1"),
            ("BOTH", "1"),
            ("RMCHG", "1"),
        ],
    );
    let mut ours = vault(
        d,
        "o",
        &[
            ("SAME", "1"),
            ("OURS", "2"),
            ("THEIRS", "1"),
            ("GONE", "1"),
            ("BOTH", "2"),
            ("RMCHG", "2"),
            ("NEW_O", "x"),
        ],
    );
    let theirs = vault(
        d,
        "t",
        &[
            ("SAME", "1"),
            ("OURS", "1"),
            ("THEIRS", "3"),
            ("BOTH", "3"),
            ("NEW_T", "y"),
        ],
    );
    let out = ours.merge_from(Some(&base), &theirs);
    assert_eq!(out.taken, ["THEIRS", "NEW_T"]);
    assert_eq!(out.removed, ["GONE"]);
    assert_eq!(out.conflicts, ["BOTH", "RMCHG"]);
    let got = values(&ours);
    let want: Vec<(String, String)> = [
        ("SAME", "1"),
        ("OURS", "2"),
        ("THEIRS", "3"),
        ("BOTH", "2"),
        ("RMCHG", "2"),
        ("NEW_O", "x"),
        ("NEW_T", "y"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(got, want);
    ours.save().expect("saves");
    drop(ours);
    let reopened = Vault::open(&d.join("o"), &key()).expect("valid after merge");
    assert_eq!(values(&reopened), want);
}

#[test]
fn the_same_value_set_again_is_unchanged_and_no_base_means_additions() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let mut ours = vault(d, "o", &[("A", "1"), ("B", "2")]);
    let theirs = vault(d, "t", &[("A", "1"), ("C", "3")]);
    let out = ours.merge_from(None, &theirs);
    assert_eq!(out.taken, ["C"]);
    assert!(out.conflicts.is_empty() && out.removed.is_empty());
    // Added on both sides with different values: a conflict.
    let theirs = vault(d, "t2", &[("B", "other")]);
    assert_eq!(ours.merge_from(None, &theirs).conflicts, ["B"]);
}

#[test]
fn history_comes_with_the_winning_value() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let base = vault(d, "b", &[("A", "a1"), ("B", "b1")]);
    let mut ours = vault(d, "o", &[("A", "a1"), ("B", "b1")]);
    ours.rotate("A", &SecretString::from("a2"), 3)
        .expect("rotates");
    let mut theirs = vault(d, "t", &[("A", "a1"), ("B", "b1")]);
    theirs
        .rotate("B", &SecretString::from("b2"), 3)
        .expect("rotates");
    let out = ours.merge_from(Some(&base), &theirs);
    assert_eq!(out.taken, ["B"]);
    ours.save().expect("saves");
    drop(ours);
    let mut merged = Vault::open_locked(&d.join("o"), &key()).expect("opens");
    assert_eq!(merged.versions("A").map(|v| v.kept), Some(1));
    assert_eq!(merged.versions("B").map(|v| v.kept), Some(1));
    merged.rollback("B").expect("theirs' history survived");
    assert_eq!(merged.get("B").expect("B").expose_secret(), "b1");
    merged.rollback("A").expect("ours' history survived");
    assert_eq!(merged.get("A").expect("A").expose_secret(), "a1");
}
