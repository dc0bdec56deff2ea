//! Sealing a SQLite column in place: the migration of an application's keystore.
//!
//! [`seal_column`] seals every plaintext value of `table.column` in one transaction (a killed
//! run leaves every row as it was); values already sealed are skipped, so a rerun completes
//! an interrupted one. Each value is bound to table ‖ column ‖ row id ([`Sealer::column_context`]),
//! so a value copied to another row or column does not open. The wrapped data key lives in a
//! `_hush` table, one row per `table.column`, in the `_hush` entry format; there is no MAC over
//! a column (applications write rows one by one), so a deleted or rolled-back row is not
//! detected. TEXT, INTEGER and REAL values are sealed (their type is restored on unseal);
//! NULLs are left alone and a BLOB is refused.

use super::sealer::Sealer;
use super::value::Kind;
use super::{KeyChoice, SealError};
use crate::vault::ExposeSecret;
use rusqlite::types::Value;
use rusqlite::{Connection, params};
use std::path::Path;

mod key_table;
pub use key_table::sealer;

/// A column to seal: table, column, and the column that identifies a row.
#[derive(Debug, Clone)]
pub struct Column {
    /// The table.
    pub table: String,
    /// The column to seal.
    pub column: String,
    /// A column unique per row (the primary key), bound into each value.
    pub id_column: String,
}

/// Rows changed and rows left alone by a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    /// Rows sealed (or opened, for [`unseal_column`]).
    pub changed: usize,
    /// Rows already in the wanted state, or NULL.
    pub skipped: usize,
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn sql_err(what: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> SealError {
    let what = what.into();
    move |source| SealError::Sqlite { what, source }
}

impl Column {
    fn scope(&self) -> String {
        format!("{}.{}", self.table, self.column)
    }
}

/// Seals every plaintext value of the column in one transaction.
pub fn seal_column(db: &Path, col: &Column, key: KeyChoice<'_>) -> Result<Migrated, SealError> {
    migrate(db, col, key, true)
}

/// Opens every sealed value of the column again, in one transaction.
pub fn unseal_column(db: &Path, col: &Column, key: KeyChoice<'_>) -> Result<Migrated, SealError> {
    migrate(db, col, key, false)
}

fn migrate(db: &Path, col: &Column, key: KeyChoice<'_>, seal: bool) -> Result<Migrated, SealError> {
    if !db.exists() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        return Err(SealError::io("opening", db)(e));
    }
    let mut conn = Connection::open(db).map_err(sql_err(format!("opening {}", db.display())))?;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(sql_err("starting a transaction"))?;
    let Some(sealer) = sealer(&tx, db, col, key, seal)? else {
        return Ok(Migrated {
            changed: 0,
            skipped: 0,
        });
    };
    let (t, c, id) = (quote(&col.table), quote(&col.column), quote(&col.id_column));
    let select = format!("SELECT {id}, {c} FROM {t}");
    let update = format!("UPDATE {t} SET {c} = ?1 WHERE {id} = ?2");
    let what = col.scope();
    let mut done = Migrated {
        changed: 0,
        skipped: 0,
    };
    {
        let mut read = tx
            .prepare(&select)
            .map_err(sql_err(format!("reading {what}")))?;
        let mut write = tx
            .prepare(&update)
            .map_err(sql_err(format!("updating {what}")))?;
        let mut rows = read.query([]).map_err(sql_err(format!("reading {what}")))?;
        while let Some(row) = rows.next().map_err(sql_err(format!("reading {what}")))? {
            let id_value: Value = row.get(0).map_err(sql_err(format!("reading {what}")))?;
            let row_id = match &id_value {
                Value::Integer(n) => n.to_string(),
                Value::Text(s) => s.clone(),
                _ => {
                    return Err(SealError::Unsupported {
                        path: db.to_owned(),
                        what: format!(
                            "{what}: an id in {} that is not an integer or text",
                            col.id_column
                        ),
                    });
                }
            };
            let value: Value = row.get(1).map_err(sql_err(format!("reading {what}")))?;
            let ctx = Sealer::column_context(&col.table, &col.column, &row_id);
            let new = match (&value, seal) {
                (Value::Text(s), true) if !Sealer::is_sealed(s) => {
                    Value::Text(sealer.seal_kind(&ctx, Kind::String, s))
                }
                (Value::Integer(n), true) => {
                    Value::Text(sealer.seal_kind(&ctx, Kind::Integer, &n.to_string()))
                }
                (Value::Real(x), true) => {
                    Value::Text(sealer.seal_kind(&ctx, Kind::Float, &x.to_string()))
                }
                (Value::Blob(_), true) => {
                    return Err(SealError::Unsupported {
                        path: db.to_owned(),
                        what: format!("a BLOB in {what} (row {row_id})"),
                    });
                }
                (Value::Text(s), false) if Sealer::is_sealed(s) => {
                    let o = sealer.open(&ctx, s, &format!("{what} row {row_id}"))?;
                    let v = o.value.expose_secret();
                    match o.kind {
                        Kind::Integer => v
                            .parse()
                            .map(Value::Integer)
                            .unwrap_or_else(|_| Value::Text(v.to_owned())),
                        Kind::Float => v
                            .parse()
                            .map(Value::Real)
                            .unwrap_or_else(|_| Value::Text(v.to_owned())),
                        _ => Value::Text(v.to_owned()),
                    }
                }
                _ => {
                    done.skipped += 1;
                    continue;
                }
            };
            write
                .execute(params![new, id_value])
                .map_err(sql_err(format!("updating {what}")))?;
            done.changed += 1;
        }
    }
    if !seal {
        tx.execute("DELETE FROM _hush WHERE scope = ?1", [&what])
            .map_err(sql_err("updating the _hush table"))?;
    }
    tx.commit().map_err(sql_err("committing"))?;
    Ok(done)
}
