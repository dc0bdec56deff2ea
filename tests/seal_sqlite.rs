//! `hush seal sqlite` / `hush unseal sqlite` on a real database file: one transaction, a killed
//! run leaves every row as it was, and a rerun completes the migration.

use crate::util::{assert_absent, assert_success, hush};
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

const PLANTED: &str = "planted-Zq8vX3kLmN7pR2sT";
const KEY: &str = "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDA";
const ROWS: usize = 10_000;

fn make_db(path: &Path) {
    let conn = Connection::open(path).expect("opens");
    conn.execute_batch("CREATE TABLE keys (id INTEGER PRIMARY KEY, name TEXT, secret TEXT);")
        .expect("schema");
    let tx = conn.unchecked_transaction().expect("tx");
    for i in 0..ROWS {
        let secret = (i % 97 != 0).then(|| format!("{PLANTED}-{i}"));
        tx.execute(
            "INSERT INTO keys (id, name, secret) VALUES (?1, ?2, ?3)",
            rusqlite::params![i as i64, format!("k{i}"), secret],
        )
        .expect("insert");
    }
    tx.commit().expect("commit");
}

fn sealed_count(path: &Path) -> (usize, usize) {
    let conn = Connection::open(path).expect("opens");
    let sealed: i64 = conn
        .query_row(
            "SELECT count(*) FROM keys WHERE secret LIKE 'hush:v1:%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let plain: i64 = conn
        .query_row(
            "SELECT count(*) FROM keys WHERE secret LIKE 'planted-%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    (sealed as usize, plain as usize)
}

fn args(verb: &str) -> Vec<&str> {
    vec![
        verb,
        "sqlite",
        "app.db",
        "--table",
        "keys",
        "--column",
        "secret",
        "--id-column",
        "id",
    ]
}

#[test]
fn migration_killed_midway_is_all_or_nothing_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("app.db");
    make_db(&db);
    let with_value = ROWS - ROWS.div_ceil(97);
    let mut outcomes = Vec::new();
    for delay_ms in [10u64, 40, 120] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hush"))
            .current_dir(dir.path())
            .env("HUSH_VAULT_KEY", KEY)
            .args(args("seal"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawns");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let (sealed, plain) = sealed_count(&db);
        assert!(
            (sealed, plain) == (0, with_value) || (sealed, plain) == (with_value, 0),
            "half a migration: {sealed} sealed, {plain} plaintext"
        );
        outcomes.push(sealed);
    }
    let _ = outcomes;
    let out = hush()
        .current_dir(dir.path())
        .env("HUSH_VAULT_KEY", KEY)
        .args(args("seal"))
        .output()
        .expect("runs");
    assert_success(&out);
    assert_absent(&out.stderr, PLANTED, "seal stderr");
    assert_eq!(sealed_count(&db), (with_value, 0));
    // A rerun changes nothing.
    let out = hush()
        .current_dir(dir.path())
        .env("HUSH_VAULT_KEY", KEY)
        .args(args("seal"))
        .output()
        .expect("runs");
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("sealed 0 values"));
    // A value copied to another row does not open.
    let conn = Connection::open(&db).expect("opens");
    let moved: String = conn
        .query_row("SELECT secret FROM keys WHERE id = 1", [], |r| r.get(0))
        .expect("row");
    conn.execute("UPDATE keys SET secret = ?1 WHERE id = 2", [&moved])
        .expect("copy");
    let out = hush()
        .current_dir(dir.path())
        .env("HUSH_VAULT_KEY", KEY)
        .args(args("unseal"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("row 2"));
    assert_eq!(
        sealed_count(&db),
        (with_value, 0),
        "a failed unseal changes nothing"
    );
    // Row 2 back to plaintext: a rerun seals it, and unsealing then opens every row.
    conn.execute(
        "UPDATE keys SET secret = ?1 WHERE id = 2",
        [format!("{PLANTED}-2")],
    )
    .expect("plain");
    drop(conn);
    let out = hush()
        .current_dir(dir.path())
        .env("HUSH_VAULT_KEY", KEY)
        .args(args("seal"))
        .output()
        .expect("runs");
    assert_success(&out);
    let out = hush()
        .current_dir(dir.path())
        .env("HUSH_VAULT_KEY", KEY)
        .args(args("unseal"))
        .output()
        .expect("runs");
    assert_success(&out);
    assert_eq!(sealed_count(&db), (0, with_value));
    let conn = Connection::open(&db).expect("opens");
    let v: String = conn
        .query_row("SELECT secret FROM keys WHERE id = 5", [], |r| r.get(0))
        .expect("row");
    assert_eq!(v, format!("{PLANTED}-5"));
}
