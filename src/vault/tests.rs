use super::*;
use proptest::prelude::*;

fn new_vault(dir: &Path) -> (PathBuf, SecretKey) {
    let path = dir.join(".env.vault");
    let key = SecretKey::generate();
    Vault::create(&path, &KeySource::Key(key.clone())).expect("creates");
    (path, key)
}

fn put(path: &Path, key: &SecretKey, pairs: &[(&str, &str)]) {
    let mut v = Vault::open_locked(path, &KeySource::Key(key.clone())).expect("opens");
    for (n, val) in pairs {
        v.set(n, &SecretString::from(*val)).expect("sets");
    }
    v.save().expect("saves");
}

fn open(path: &Path, key: &SecretKey) -> Result<Vault, VaultError> {
    Vault::open(path, &KeySource::Key(key.clone()))
}

fn value(v: &Vault, name: &str) -> Option<String> {
    v.get(name).map(|s| s.expose_secret().to_owned())
}

fn lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("reads");
    text.lines().map(str::to_owned).collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(
        path,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .expect("w");
}

#[test]
fn set_get_remove_save_reopen() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key) = new_vault(dir.path());
    put(&path, &key, &[("A", "1"), ("B", "two"), ("A", "one")]);
    let mut v = Vault::open_locked(&path, &KeySource::Key(key.clone())).expect("opens");
    assert_eq!(v.names().collect::<Vec<_>>(), ["A", "B"]);
    assert_eq!(value(&v, "A").as_deref(), Some("one"));
    assert!(v.get("C").is_none());
    assert!(v.remove("A") && !v.remove("A"));
    v.save().expect("saves");
    v.set("C", &SecretString::from("3")).expect("sets");
    v.save().expect("saves twice under one lock");
    drop(v);
    let v = open(&path, &key).expect("opens");
    assert_eq!(v.names().collect::<Vec<_>>(), ["B", "C"]);
    let mut ro = v;
    assert!(matches!(ro.save(), Err(VaultError::ReadOnly)));
}

#[test]
fn unchanged_entries_keep_their_ciphertext() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key) = new_vault(dir.path());
    put(&path, &key, &[("A", "1"), ("B", "2")]);
    let before = lines(&path);
    put(&path, &key, &[("B", "3")]);
    let after = lines(&path);
    assert_eq!(before[4], after[4], "A untouched, so git diffs show only B");
    assert_ne!(before[5], after[5]);
}

#[test]
fn wrong_key_and_invalid_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key) = new_vault(dir.path());
    assert!(matches!(
        open(&path, &SecretKey::generate()),
        Err(VaultError::WrongKey)
    ));
    let pass = KeySource::Passphrase(SecretString::from("pw"));
    assert!(matches!(
        Vault::open(&path, &pass),
        Err(VaultError::KeyMismatch(_))
    ));
    let mut v = Vault::open_locked(&path, &KeySource::Key(key)).expect("opens");
    for bad in ["", "1A", "A-B", "A=B", "A\nB"] {
        assert!(matches!(
            v.set(bad, &SecretString::from("x")),
            Err(VaultError::InvalidName(_))
        ));
    }
    let big = SecretString::from("x".repeat(MAX_VALUE_LEN + 1));
    assert!(matches!(
        v.set("BIG", &big),
        Err(VaultError::ValueTooLarge { .. })
    ));
    assert!(matches!(
        Vault::create(&path, &KeySource::Key(SecretKey::generate())),
        Err(VaultError::AlreadyExists(_))
    ));
}

#[test]
fn passphrase_vault_round_trip() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("p.vault");
    let pass = KeySource::Passphrase(SecretString::from("correct horse"));
    let mut v = Vault::create(&path, &pass).expect("creates");
    v.set("K", &SecretString::from("v")).expect("sets");
    v.save().expect("saves");
    assert!(lines(&path)[2].starts_with("#hush:kdf argon2id m=65536 t=3 p=1 salt="));
    assert_eq!(
        value(&Vault::open(&path, &pass).expect("opens"), "K").as_deref(),
        Some("v")
    );
    let wrong = KeySource::Passphrase(SecretString::from("wrong horse"));
    assert!(matches!(
        Vault::open(&path, &wrong),
        Err(VaultError::WrongKey)
    ));
}

/// Every single-byte change anywhere in the file fails to open, and never with a panic.
#[test]
fn every_byte_flip_is_detected() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key) = new_vault(dir.path());
    std::fs::write(&path, {
        let mut v = Vault::open_locked(&path, &KeySource::Key(key.clone())).expect("opens");
        v.import_dotenv(b"# comment\nA=1\n\nB=\"two\"\n")
            .expect("imports");
        v.render()
    })
    .expect("writes");
    let good = std::fs::read(&path).expect("reads");
    assert!(open(&path, &key).is_ok());
    for i in 0..good.len() {
        for mask in [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF] {
            let mut bad = good.clone();
            bad[i] ^= mask;
            let r = Vault::from_text(&path, &bad, &KeySource::Key(key.clone()), None);
            assert!(r.is_err(), "flip {mask:#x} at byte {i} went undetected");
        }
    }
}

fn vault_with(dir: &Path, pairs: &[(&str, &str)]) -> (PathBuf, SecretKey, Vec<String>) {
    let (path, key) = new_vault(dir);
    put(&path, &key, pairs);
    let l = lines(&path);
    (path, key, l)
}

fn tamper_line(path: &Path, key: &SecretKey, edited: &[String]) -> usize {
    write_lines(path, edited);
    match open(path, key) {
        Err(VaultError::Tampered { source, .. }) | Err(VaultError::Format { source, .. }) => {
            source.line()
        }
        other => panic!("expected a tamper error, got {other:?}"),
    }
}

#[test]
fn swapped_values_are_detected_at_the_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key, mut l) = vault_with(dir.path(), &[("A", "1"), ("B", "2")]);
    let a = l[4].split_once('=').expect("entry").1.to_owned();
    let b = l[5].split_once('=').expect("entry").1.to_owned();
    l[4] = format!("A={b}");
    l[5] = format!("B={a}");
    assert_eq!(tamper_line(&path, &key, &l), 5);
}

#[test]
fn deleted_duplicated_reordered_lines_are_detected() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key, l) = vault_with(dir.path(), &[("A", "1"), ("B", "2"), ("C", "3")]);
    let mut deleted = l.clone();
    deleted.remove(5);
    assert_eq!(tamper_line(&path, &key, &deleted), 7, "MAC line");
    let mut dup = l.clone();
    dup.insert(5, l[5].clone());
    assert_eq!(tamper_line(&path, &key, &dup), 7, "duplicate name");
    let mut reordered = l.clone();
    reordered.swap(4, 6);
    assert_eq!(tamper_line(&path, &key, &reordered), 8, "MAC line");
    let mut comment = l;
    comment.insert(4, "# added".to_owned());
    assert_eq!(tamper_line(&path, &key, &comment), 9);
}

#[test]
fn an_older_version_of_a_line_is_detected() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key, old) = vault_with(dir.path(), &[("A", "old"), ("B", "2")]);
    put(&path, &key, &[("A", "new")]);
    let mut l = lines(&path);
    l[4] = old[4].clone();
    assert_eq!(tamper_line(&path, &key, &l), 7, "MAC line");
}

#[test]
fn a_value_from_another_vault_does_not_open() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key, mut l) = vault_with(dir.path(), &[("A", "1")]);
    let other = tempfile::tempdir().expect("tmp");
    let (_, _, theirs) = vault_with(other.path(), &[("A", "evil")]);
    l[4] = theirs[4].clone();
    assert_eq!(tamper_line(&path, &key, &l), 5);
}

#[test]
fn import_then_export_keeps_order_and_comments() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key) = new_vault(dir.path());
    let mut v = Vault::open_locked(&path, &KeySource::Key(key.clone())).expect("opens");
    let (n, warnings) = v
        .import_dotenv(b"\xef\xbb\xbf# db\r\nexport DB=\"a b\\nc\"\r\n\r\nTOKEN='x=y'\r\n")
        .expect("imports");
    assert_eq!((n, warnings), (2, Vec::new()));
    v.save().expect("saves");
    drop(v); // releases the lock
    let v = open(&path, &key).expect("opens");
    assert_eq!(&*v.export_dotenv(), "# db\nDB=\"a b\\nc\"\n\nTOKEN=x=y\n");
    let err = Vault::open_locked(&path, &KeySource::Key(key))
        .expect("opens")
        .import_dotenv(b"A=1\nbroken line\n")
        .expect_err("fails");
    assert!(matches!(err, VaultError::Dotenv(ref e) if e.line() == 2));
}

#[test]
fn debug_output_holds_no_secret() {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, key) = new_vault(dir.path());
    put(&path, &key, &[("A", "planted-s3cret")]);
    let v = open(&path, &key).expect("opens");
    let shown = format!("{v:?} {:?} {:?}", v.get("A"), KeySource::Key(key.clone()));
    assert!(!shown.contains("planted-s3cret"));
    assert!(!shown.contains(key.to_base64().as_str()));
    assert!(
        !std::fs::read_to_string(&path)
            .expect("reads")
            .contains("planted-s3cret")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn values_round_trip(
        entries in proptest::collection::btree_map(
            "[A-Za-z_][A-Za-z0-9_]{0,40}",
            prop_oneof![
                Just(String::new()),
                any::<String>(),
                "[=\"' \\n\\r\\t#$\\\\a-z]{0,64}",
                Just("x".repeat(64 * 1024)),
                Just("ünïcødé ✓ 🔑\n=\"'".to_owned()),
            ],
            0..6,
        )
    ) {
        let dir = tempfile::tempdir().expect("tmp");
        let (path, key) = new_vault(dir.path());
        let pairs: Vec<(&str, &str)> = entries.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        put(&path, &key, &pairs);
        let v = open(&path, &key).expect("opens");
        for (name, val) in &entries {
            prop_assert_eq!(value(&v, name), Some(val.clone()));
        }
        // Export then import into a fresh vault gives the same values.
        let text = v.export_dotenv();
        let other = tempfile::tempdir().expect("tmp");
        let (p2, k2) = new_vault(other.path());
        let mut v2 = Vault::open_locked(&p2, &KeySource::Key(k2)).expect("opens");
        v2.import_dotenv(text.as_bytes()).expect("imports");
        for (name, val) in &entries {
            prop_assert_eq!(value(&v2, name), Some(val.clone()));
        }
    }
}
