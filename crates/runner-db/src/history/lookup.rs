//! Finding runs back: a filtered list (newest first) of one line each,
//! and one run whole, by its id or a unique prefix of it.

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::RUNS_TABLE;
use super::run::{Run, RunEnd, RunKind, RunState, Trigger};
use super::store::{on_connection, state_of};
use crate::Database;
use crate::engine::Pool;
use crate::engine::conn::{Conn, driver_error};
use crate::engine::sql::{Cell, Kind, Sql};
use crate::error::DbError;

/// Which runs to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunFilter {
    /// The job's or task's name, exactly.
    pub name: Option<String>,
    pub state: Option<RunState>,
    /// Runs that started at or after this time.
    pub since_ms: Option<i64>,
    /// At most this many, the newest.
    pub limit: Option<u32>,
}

/// A run in one line: what `runs list` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    #[serde(serialize_with = "as_text")]
    pub id: Uuid,
    pub kind: RunKind,
    pub name: String,
    pub trigger: Trigger,
    pub state: RunState,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    pub duration_ms: Option<i64>,
    pub exit_code: Option<i64>,
    pub idempotency_key: Option<String>,
    pub host: String,
    pub pid: i64,
    pub replay_of: Option<String>,
    /// The first line of the error's message.
    pub error: Option<String>,
}

fn as_text<S: serde::Serializer>(id: &Uuid, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(id)
}

/// What an id (or a prefix of one) found.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Found(Box<Run>),
    Missing,
    /// Several runs start with the prefix: a few of their ids.
    Ambiguous(Vec<Uuid>),
}

const SUMMARY_COLUMNS: [(&str, Kind); 14] = [
    ("id", Kind::Text),
    ("kind", Kind::Text),
    ("name", Kind::Text),
    ("trigger", Kind::Text),
    ("state", Kind::Text),
    ("started_at", Kind::Int),
    ("ended_at", Kind::Int),
    ("exit_code", Kind::Int),
    ("idempotency_key", Kind::Text),
    ("host", Kind::Text),
    ("pid", Kind::Int),
    ("replay_of", Kind::Text),
    ("error", Kind::Text),
    ("context", Kind::Text),
];

pub(super) async fn list(
    database: &Database,
    filter: &RunFilter,
) -> Result<Vec<RunSummary>, DbError> {
    let rows = on_connection!(database, |conn| select(conn, filter))?;
    rows.iter().map(|row| summary(row)).collect()
}

async fn select<C: Conn>(conn: &mut C, filter: &RunFilter) -> Result<Vec<Vec<Value>>, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT ");
    // `context` is left out of a listing: it holds the inputs, which can be large.
    sql.list(&SUMMARY_COLUMNS[..13], |sql, (column, _)| {
        sql.ident(column);
    });
    sql.push(" FROM ").ident(RUNS_TABLE).push(" WHERE 1 = 1");
    if let Some(name) = &filter.name {
        sql.push(" AND ")
            .ident("name")
            .push(" = ")
            .bind(Cell::Text(name.clone()));
    }
    if let Some(state) = filter.state {
        sql.push(" AND ")
            .ident("state")
            .push(" = ")
            .bind(Cell::Text(state.as_str().to_owned()));
    }
    if let Some(since) = filter.since_ms {
        sql.push(" AND ")
            .ident("started_at")
            .push(" >= ")
            .bind(Cell::Int(since));
    }
    sql.push(" ORDER BY ")
        .ident("started_at")
        .push(" DESC, ")
        .ident("id")
        .push(" DESC");
    if let Some(limit) = filter.limit {
        sql.push(" LIMIT ").bind(Cell::Int(i64::from(limit)));
    }
    let kinds: Vec<Kind> = SUMMARY_COLUMNS[..13]
        .iter()
        .map(|(_, kind)| *kind)
        .collect();
    conn.fetch(&sql, &kinds).await
}

fn summary(row: &[Value]) -> Result<RunSummary, DbError> {
    let text = |i: usize| row[i].as_str().unwrap_or_default().to_owned();
    let int = |i: usize| row[i].as_i64();
    let unreadable =
        |what: &str| DbError::Backend(format!("a stored run has an unreadable {what}"));
    let started = int(5).unwrap_or_default();
    let ended = int(6);
    Ok(RunSummary {
        id: Uuid::parse_str(&text(0)).map_err(|_| unreadable("id"))?,
        kind: RunKind::parse(&text(1)).unwrap_or(RunKind::Job),
        name: text(2),
        trigger: Trigger::parse(&text(3)).ok_or_else(|| unreadable("trigger"))?,
        state: state_of(&text(4)),
        started_at_ms: started,
        ended_at_ms: ended,
        duration_ms: ended.map(|ended| ended - started),
        exit_code: int(7),
        idempotency_key: row[8].as_str().map(str::to_owned),
        host: text(9),
        pid: int(10).unwrap_or_default(),
        replay_of: row[11].as_str().map(str::to_owned),
        error: row[12].as_str().map(str::to_owned),
    })
}

pub(super) async fn find(database: &Database, id: &str) -> Result<Lookup, DbError> {
    let prefix = id.trim().to_ascii_lowercase();
    // Only what an id's text can hold, so the prefix is never a LIKE pattern.
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Ok(Lookup::Missing);
    }
    let rows = on_connection!(database, |conn| by_prefix(conn, &prefix))?;
    match rows.as_slice() {
        [] => Ok(Lookup::Missing),
        [row] => run_of(row).map(|run| Lookup::Found(Box::new(run))),
        many => {
            let exact = many
                .iter()
                .find(|row| row[0].as_str() == Some(prefix.as_str()));
            if let Some(row) = exact {
                return run_of(row).map(|run| Lookup::Found(Box::new(run)));
            }
            Ok(Lookup::Ambiguous(
                many.iter()
                    .filter_map(|row| row[0].as_str().and_then(|id| Uuid::parse_str(id).ok()))
                    .collect(),
            ))
        }
    }
}

/// At most six runs whose id starts with `prefix`: enough to say it is
/// ambiguous and show a few.
async fn by_prefix<C: Conn>(conn: &mut C, prefix: &str) -> Result<Vec<Vec<Value>>, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT ")
        .ident("id")
        .push(", ")
        .ident("context")
        .push(", ")
        .ident("outcome");
    sql.push(" FROM ")
        .ident(RUNS_TABLE)
        .push(" WHERE ")
        .ident("id")
        .push(" LIKE ")
        .bind(Cell::Text(format!("{prefix}%")));
    sql.push(" ORDER BY ").ident("id").push(" LIMIT 6");
    conn.fetch(&sql, &[Kind::Text, Kind::Text, Kind::Text])
        .await
}

fn run_of(row: &[Value]) -> Result<Run, DbError> {
    let unreadable = |error: serde_json::Error| {
        DbError::Backend(format!(
            "run {} is stored in a form this runner cannot read: {error}",
            row[0].as_str().unwrap_or("?")
        ))
    };
    let mut run: Run =
        serde_json::from_str(row[1].as_str().unwrap_or("null")).map_err(unreadable)?;
    run.end = match row[2].as_str() {
        Some(outcome) => Some(serde_json::from_str::<RunEnd>(outcome).map_err(unreadable)?),
        None => None,
    };
    // As the column: a run that named no key at its start has its first trigger's.
    if run.idempotency_key.is_none() {
        run.idempotency_key = run
            .end
            .as_ref()
            .and_then(|end| end.trigger_keys.first().cloned());
    }
    Ok(run)
}
