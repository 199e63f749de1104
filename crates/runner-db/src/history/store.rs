//! The `_runner_runs` table on either backend: created on first use,
//! written in multi-row inserts, finished by id, pruned by age.
//!
//! A few columns are there to filter and sort on (`name`, `state`,
//! `started_at`); the rest of a run is kept as JSON beside them
//! (`context` when it starts, `outcome` when it ends), so fields added
//! later need no migration: older rows read with their defaults.

use super::run::{Run, RunEnd};
use super::{RUNS_TABLE, run::RunState};
use crate::Database;
use crate::engine::conn::{Conn, driver_error};
use crate::engine::sql::{Cell, Kind, Sql};
use crate::engine::{Dialect, Pool};
use crate::error::DbError;

/// Rows per INSERT statement: 15 placeholders each stays far below both
/// backends' limits (SQLite 32,766, PostgreSQL 65,535).
const ROWS_PER_INSERT: usize = 200;

/// The columns of an insert, in order.
const COLUMNS: [&str; 15] = [
    "id",
    "kind",
    "name",
    "trigger",
    "state",
    "started_at",
    "ended_at",
    "exit_code",
    "idempotency_key",
    "host",
    "pid",
    "replay_of",
    "error",
    "context",
    "outcome",
];

/// Runs `$body` with `$conn` bound to a connection of `$database`'s pool.
macro_rules! on_connection {
    ($database:expr, |$conn:ident| $body:expr) => {
        match $database.pool() {
            Pool::Sqlite(pool) => {
                let mut held = pool.acquire().await.map_err(driver_error)?;
                let $conn = &mut *held;
                $body.await
            }
            Pool::Postgres(pool) => {
                let mut held = pool.acquire().await.map_err(driver_error)?;
                let $conn = &mut *held;
                $body.await
            }
        }
    };
}

/// Runs `$body` in a transaction of `$database` (a write transaction from
/// the start on SQLite), committed when it succeeds.
macro_rules! in_transaction {
    ($database:expr, |$conn:ident| $body:expr) => {
        match $database.pool() {
            Pool::Sqlite(pool) => {
                let mut tx = pool
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(driver_error)?;
                let done = {
                    let $conn = &mut *tx;
                    $body.await?
                };
                tx.commit().await.map_err(driver_error)?;
                Ok(done)
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(driver_error)?;
                let done = {
                    let $conn = &mut *tx;
                    $body.await?
                };
                tx.commit().await.map_err(driver_error)?;
                Ok(done)
            }
        }
    };
}

// `in_transaction` is there for the runner's other tables (claims) too.
#[allow(unused_imports)]
pub(crate) use {in_transaction, on_connection};

/// Creates the table and its indexes when missing. A table already there
/// costs one read, no write lock: a run's start does not queue behind
/// another process's writes only to find it exists.
pub(super) async fn ensure(database: &Database) -> Result<(), DbError> {
    if on_connection!(database, |conn| exists(conn))? {
        return Ok(());
    }
    in_transaction!(database, |conn| create(conn))
}

async fn exists<C: Conn>(conn: &mut C) -> Result<bool, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT 1 FROM ")
        .ident(RUNS_TABLE)
        .push(" WHERE 1 = 0");
    Ok(conn.fetch(&sql, &[Kind::Int]).await.is_ok())
}

async fn create<C: Conn>(conn: &mut C) -> Result<(), DbError> {
    use Column::{Int, Text};
    let table = TableDdl {
        name: RUNS_TABLE,
        create_lock: 7305182916,
        columns: &[
            ("id", Text, " PRIMARY KEY"),
            ("kind", Text, " NOT NULL"),
            ("name", Text, " NOT NULL"),
            ("trigger", Text, " NOT NULL"),
            ("state", Text, " NOT NULL"),
            ("started_at", Int, " NOT NULL"),
            ("ended_at", Int, ""),
            ("exit_code", Int, ""),
            ("idempotency_key", Text, ""),
            ("host", Text, " NOT NULL"),
            ("pid", Int, " NOT NULL"),
            ("replay_of", Text, ""),
            ("error", Text, ""),
            ("context", Text, " NOT NULL"),
            ("outcome", Text, ""),
        ],
        primary_key: &[],
        indexes: &[
            ("_runner_runs_started_idx", &["started_at"]),
            ("_runner_runs_name_idx", &["name", "started_at"]),
        ],
    };
    table.create(conn).await
}

/// The type of a column of the runner's own tables.
#[derive(Clone, Copy)]
pub(super) enum Column {
    Text,
    Int,
}

/// One of the runner's own tables (`_runner_*`), created if missing.
pub(super) struct TableDdl {
    pub name: &'static str,
    /// The key of the advisory lock taken on PostgreSQL while creating it.
    pub create_lock: i64,
    /// Name, type and constraint (`" NOT NULL"`, `" PRIMARY KEY"` or `""`).
    pub columns: &'static [(&'static str, Column, &'static str)],
    /// A composite primary key; empty when a column carries it.
    pub primary_key: &'static [&'static str],
    pub indexes: &'static [(&'static str, &'static [&'static str])],
}

impl TableDdl {
    pub(super) async fn create<C: Conn>(&self, conn: &mut C) -> Result<(), DbError> {
        let dialect = conn.dialect();
        if dialect == Dialect::Postgres {
            // Two processes creating the table at once would collide in
            // PostgreSQL's catalog, IF NOT EXISTS or not.
            let sql = Sql {
                dialect,
                text: format!("SELECT pg_advisory_xact_lock({})::text", self.create_lock),
                binds: Vec::new(),
            };
            conn.fetch(&sql, &[Kind::Text]).await?;
        }
        let (text, int) = match dialect {
            // Byte order on PostgreSQL, as SQLite compares text: ids sort by time.
            Dialect::Postgres => (" TEXT COLLATE \"C\"", " BIGINT"),
            Dialect::Sqlite => (" TEXT", " INTEGER"),
        };
        let mut sql = Sql::new(dialect);
        sql.push("CREATE TABLE IF NOT EXISTS ")
            .ident(self.name)
            .push(" (");
        sql.list(self.columns, |sql, &(name, column, constraint)| {
            let ty = match column {
                Column::Text => text,
                Column::Int => int,
            };
            sql.ident(name).push(ty).push(constraint);
        });
        if !self.primary_key.is_empty() {
            sql.push(", PRIMARY KEY (");
            sql.list(self.primary_key, |sql, column| {
                sql.ident(column);
            });
            sql.push(")");
        }
        sql.push(")");
        conn.execute(&sql).await?;
        for (index, columns) in self.indexes {
            let mut sql = Sql::new(dialect);
            sql.push("CREATE INDEX IF NOT EXISTS ")
                .ident(index)
                .push(" ON ")
                .ident(self.name)
                .push(" (");
            sql.list(*columns, |sql, column| {
                sql.ident(column);
            });
            sql.push(")");
            conn.execute(&sql).await?;
        }
        Ok(())
    }
}

pub(super) async fn insert(database: &Database, runs: &[Run]) -> Result<(), DbError> {
    if runs.is_empty() {
        return Ok(());
    }
    in_transaction!(database, |conn| insert_rows(conn, runs))
}

async fn insert_rows<C: Conn>(conn: &mut C, runs: &[Run]) -> Result<(), DbError> {
    for chunk in runs.chunks(ROWS_PER_INSERT) {
        let mut sql = Sql::new(conn.dialect());
        sql.push("INSERT INTO ").ident(RUNS_TABLE).push(" (");
        sql.list(COLUMNS, |sql, column| {
            sql.ident(column);
        });
        sql.push(") VALUES ");
        let mut rows = Vec::with_capacity(chunk.len());
        for run in chunk {
            rows.push(cells(run)?);
        }
        sql.list(rows, |sql, row| {
            sql.push("(");
            sql.list(row, |sql, cell| {
                sql.bind(cell);
            });
            sql.push(")");
        });
        conn.execute(&sql).await?;
    }
    Ok(())
}

/// A run's row, in the order of [`COLUMNS`].
fn cells(run: &Run) -> Result<Vec<Cell>, DbError> {
    let end = run.end.as_ref();
    let context = Run {
        end: None,
        ..run.clone()
    };
    Ok(vec![
        Cell::Text(run.id.to_string()),
        Cell::Text(run.kind.as_str().to_owned()),
        Cell::Text(run.name.clone()),
        Cell::Text(run.trigger.as_str().to_owned()),
        Cell::Text(run.state().as_str().to_owned()),
        Cell::Int(run.started_at_ms),
        end.map_or(Cell::Null(Kind::Int), |end| Cell::Int(end.ended_at_ms)),
        optional_int(end.and_then(|end| end.exit_code)),
        optional_text(run.idempotency_key.clone()),
        Cell::Text(run.host.clone()),
        Cell::Int(i64::from(run.pid)),
        optional_text(run.replay_of.map(|id| id.to_string())),
        optional_text(end.and_then(error_line)),
        Cell::Text(json_text(&context)?),
        match end {
            Some(end) => Cell::Text(json_text(end)?),
            None => Cell::Null(Kind::Text),
        },
    ])
}

pub(super) async fn finish(
    database: &Database,
    id: uuid::Uuid,
    end: &RunEnd,
) -> Result<(), DbError> {
    let changed = on_connection!(database, |conn| update(conn, id, end, false))?;
    if changed == 0 {
        return Err(DbError::NotFound {
            table: RUNS_TABLE.to_owned(),
            field: "id".to_owned(),
            value: id.to_string(),
        });
    }
    Ok(())
}

/// Like [`finish`], only while the run is recorded `running`: true when it
/// wrote.
pub(super) async fn finish_running(
    database: &Database,
    id: uuid::Uuid,
    end: &RunEnd,
) -> Result<bool, DbError> {
    let changed = on_connection!(database, |conn| update(conn, id, end, true))?;
    Ok(changed == 1)
}

async fn update<C: Conn>(
    conn: &mut C,
    id: uuid::Uuid,
    end: &RunEnd,
    only_running: bool,
) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("UPDATE ").ident(RUNS_TABLE).push(" SET ");
    sql.ident("state")
        .push(" = ")
        .bind(Cell::Text(end.state.as_str().to_owned()));
    sql.push(", ")
        .ident("ended_at")
        .push(" = ")
        .bind(Cell::Int(end.ended_at_ms));
    sql.push(", ")
        .ident("exit_code")
        .push(" = ")
        .bind(optional_int(end.exit_code));
    sql.push(", ")
        .ident("error")
        .push(" = ")
        .bind(optional_text(error_line(end)));
    sql.push(", ")
        .ident("outcome")
        .push(" = ")
        .bind(Cell::Text(json_text(end)?));
    // A run that names no key when it starts takes its first trigger's.
    sql.push(", ")
        .ident("idempotency_key")
        .push(" = COALESCE(")
        .ident("idempotency_key")
        .push(", ")
        .bind(optional_text(end.trigger_keys.first().cloned()))
        .push(")");
    sql.push(" WHERE ")
        .ident("id")
        .push(" = ")
        .bind(Cell::Text(id.to_string()));
    if only_running {
        sql.push(" AND ")
            .ident("state")
            .push(" = ")
            .bind(Cell::Text(RunState::Running.as_str().to_owned()));
    }
    conn.execute(&sql).await
}

pub(super) async fn prune(database: &Database, before_ms: i64) -> Result<u64, DbError> {
    on_connection!(database, |conn| delete_before(conn, before_ms))
}

async fn delete_before<C: Conn>(conn: &mut C, before_ms: i64) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("DELETE FROM ")
        .ident(RUNS_TABLE)
        .push(" WHERE ")
        .ident("started_at")
        .push(" < ")
        .bind(Cell::Int(before_ms));
    conn.execute(&sql).await
}

/// What `runs list` shows of an error: its message, on one line.
fn error_line(end: &RunEnd) -> Option<String> {
    let message = end.error.as_ref()?.message.as_str();
    Some(message.lines().next().unwrap_or_default().to_owned())
}

fn optional_int(value: Option<i32>) -> Cell {
    value.map_or(Cell::Null(Kind::Int), |value| Cell::Int(i64::from(value)))
}

fn optional_text(value: Option<String>) -> Cell {
    value.map_or(Cell::Null(Kind::Text), Cell::Text)
}

fn json_text<T: serde::Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value)
        .map_err(|error| DbError::Backend(format!("a run could not be written as JSON: {error}")))
}

/// The state a stored `state` column names; an unknown one (written by a
/// newer runner) reads as failed rather than stopping a listing.
pub(super) fn state_of(text: &str) -> RunState {
    RunState::parse(text).unwrap_or(RunState::Failed)
}
