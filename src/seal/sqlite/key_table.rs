//! The `_hush` table of a database: one row per `table.column` holding that column's wrapped
//! data key in the `_hush` entry format, read to open a column (or written for a new one).

use super::{Column, sql_err};
use crate::seal::keys::FileKey;
use crate::seal::meta::Meta;
use crate::seal::sealer::Sealer;
use crate::seal::{KeyChoice, SealError};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

/// The column's sealer: from the `_hush` table, else (when `create`) a new key stored there.
pub fn sealer(
    conn: &Connection,
    db: &Path,
    col: &Column,
    key: KeyChoice<'_>,
    create: bool,
) -> Result<Option<Sealer>, SealError> {
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _hush (scope TEXT PRIMARY KEY, meta TEXT NOT NULL)",
        [],
    )
    .map_err(sql_err("creating the _hush table"))?;
    let scope = col.scope();
    let stored: Option<String> = conn
        .query_row("SELECT meta FROM _hush WHERE scope = ?1", [&scope], |r| {
            r.get(0)
        })
        .optional()
        .map_err(sql_err("reading the _hush table"))?;
    let file_key = match stored {
        Some(text) => {
            let meta = Meta::parse(&text).map_err(|what| SealError::Metadata {
                path: db.to_owned(),
                what,
            })?;
            match key {
                KeyChoice::Source(s) => FileKey::open(db, meta, s)?,
                KeyChoice::Vault(v) => FileKey::open_with_vault(db, meta, v)?,
            }
        }
        None if !create => return Ok(None),
        None => {
            let k = match key {
                KeyChoice::Source(s) => FileKey::create(db, s)?,
                KeyChoice::Vault(v) => FileKey::from_vault(v),
            };
            conn.execute(
                "INSERT INTO _hush (scope, meta) VALUES (?1, ?2)",
                params![scope, k.meta.render()],
            )
            .map_err(sql_err("writing the _hush table"))?;
            k
        }
    };
    Ok(Some(Sealer::new(file_key)))
}
