//! `hush seal sqlite DB --table T --column C --id-column ID` and `hush unseal sqlite …`.

use super::{KeyArgs, key};
use crate::cli::exit::ExitCode;
use anyhow::Result;
use clap::Args;
use hush::seal::sqlite::{self, Column};
use std::path::PathBuf;

/// Which column of which database.
#[derive(Debug, Args)]
pub(in crate::cli) struct SqliteArgs {
    /// The SQLite database file.
    db: PathBuf,
    /// The table.
    #[arg(long, value_name = "T")]
    table: String,
    /// The column whose values are sealed.
    #[arg(long, value_name = "C")]
    column: String,
    /// A column unique per row (usually the primary key); each value is bound to it.
    #[arg(long, value_name = "ID")]
    id_column: String,
    #[command(flatten)]
    key: KeyArgs,
}

impl SqliteArgs {
    fn column(&self) -> Column {
        Column {
            table: self.table.clone(),
            column: self.column.clone(),
            id_column: self.id_column.clone(),
        }
    }
}

pub(super) fn seal(args: &SqliteArgs) -> Result<ExitCode> {
    let col = args.column();
    let done = key::with_key(&args.db, &args.key, |k| {
        sqlite::seal_column(&args.db, &col, k)
    })?;
    eprintln!(
        "hush: sealed {} values of {}.{} ({} already sealed or NULL)",
        done.changed, args.table, args.column, done.skipped
    );
    Ok(ExitCode::Clean)
}

pub(super) fn unseal(args: &SqliteArgs) -> Result<ExitCode> {
    let col = args.column();
    let done = key::with_key(&args.db, &args.key, |k| {
        sqlite::unseal_column(&args.db, &col, k)
    })?;
    eprintln!(
        "hush: opened {} values of {}.{} ({} plaintext or NULL)",
        done.changed, args.table, args.column, done.skipped
    );
    Ok(ExitCode::Clean)
}
