//! Who runs which occurrence of a task: the `_runner_claims` table, one row
//! per task and scheduled time, so each occurrence runs once however many
//! schedulers share the database.
//!
//! - A scheduler claims an occurrence by inserting its row (`INSERT .. ON
//!   CONFLICT DO NOTHING`): the primary key (task, scheduled time) lets one
//!   insert win, on SQLite and PostgreSQL alike.
//! - The winner holds a lease (`lease_until`) and renews it while the run
//!   goes on. A process that dies stops renewing; once the lease has passed,
//!   any scheduler finds the claim [`Claims::stale`] and takes it over with
//!   a compare-and-set on the run id, so one taker wins.
//! - A failed run with retries left is parked as `retry` with the time it
//!   is due; any scheduler takes it then, the same way.
//!
//! Every attempt of an occurrence keeps the claim's idempotency key, so a
//! Make scenario that drops duplicates sees a retry as the same trigger.
//! Times are epoch milliseconds given by the caller.

use uuid::Uuid;

use super::store::{Column, TableDdl, in_transaction, on_connection};
use crate::Database;
use crate::engine::Pool;
use crate::engine::conn::{Conn, driver_error};
use crate::engine::sql::{Cell, Kind, Sql};
use crate::error::DbError;

/// The name of the table that holds the claims.
pub const CLAIMS_TABLE: &str = "_runner_claims";

/// An occurrence of a task, claimed by one scheduler for one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub task: String,
    pub scheduled_for_ms: i64,
    /// 1 for the first run of the occurrence, 2 for its first retry...
    pub attempt: u32,
    /// The history's id of this attempt's run.
    pub run_id: Uuid,
    /// Which scheduler holds it (host, pid and a per-process id).
    pub owner: String,
    pub idempotency_key: String,
}

/// A claim another scheduler may take: its holder stopped renewing its
/// lease, or it failed and its retry is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub claim: Claim,
    /// True when the holder's lease ran out mid-run (its run must be marked
    /// failed); false for a retry that is due.
    pub lease_lost: bool,
}

/// How an attempt ended, as the claim keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimEnd {
    /// Succeeded, or failed for good: nobody runs it again.
    Done,
    /// Failed with retries left: due again at this time.
    RetryAt(i64),
}

/// The claims of one database: cheap to clone.
#[derive(Debug, Clone)]
pub struct Claims {
    database: Database,
}

impl Claims {
    /// The claims kept in `database`, the table created when missing.
    pub async fn open(database: &Database) -> Result<Claims, DbError> {
        in_transaction!(database, |conn| create(conn))?;
        Ok(Claims {
            database: database.clone(),
        })
    }

    /// Claims `claim`'s occurrence with a lease to `lease_until_ms`: true
    /// when this call won it, false when another scheduler has it.
    pub async fn claim(&self, claim: &Claim, lease_until_ms: i64) -> Result<bool, DbError> {
        let inserted = on_connection!(self.database, |conn| insert(conn, claim, lease_until_ms))?;
        Ok(inserted == 1)
    }

    /// Extends the lease of a running claim; false when it is no longer
    /// this attempt's (taken over after the lease ran out).
    pub async fn renew(&self, claim: &Claim, lease_until_ms: i64) -> Result<bool, DbError> {
        let changed = on_connection!(self.database, |conn| {
            set_where_current(conn, claim, "running", None, Some(lease_until_ms))
        })?;
        Ok(changed == 1)
    }

    /// Records how the attempt ended; false when it was no longer this
    /// attempt's (someone took it over or ended it after its lease ran
    /// out, and their outcome stands).
    pub async fn finish(&self, claim: &Claim, end: ClaimEnd) -> Result<bool, DbError> {
        let (state, due) = end_cells(end);
        let changed = on_connection!(self.database, |conn| {
            set_where_current(conn, claim, state, due, None)
        })?;
        Ok(changed == 1)
    }

    /// Claims whose lease ran out before `now_ms`, and retries due by then.
    pub async fn stale(&self, now_ms: i64) -> Result<Vec<Stale>, DbError> {
        on_connection!(self.database, |conn| select_stale(conn, now_ms))
    }

    /// Takes `stale` over for `next` (its attempt, run id and owner): true
    /// when this call won it. The old attempt's run id is the guard, so of
    /// several schedulers trying at once one wins.
    pub async fn take_over(
        &self,
        stale: &Stale,
        next: &Claim,
        lease_until_ms: i64,
    ) -> Result<bool, DbError> {
        let changed = on_connection!(self.database, |conn| {
            replace(conn, &stale.claim, next, "running", lease_until_ms)
        })?;
        Ok(changed == 1)
    }

    /// Ends `stale` as `end`, for a scheduler that did not run it: true
    /// when this call did it. A compare-and-set on what made it stale (a
    /// lease that ran out before `now_ms`, or a parked retry), so of
    /// several schedulers one wins, and a holder that renewed its lease
    /// in the meantime keeps it. A lost lease parked for a retry keeps its
    /// run id until the retry takes it over, so the old holder's late
    /// renewal or end still does not count (they need `running`).
    pub async fn abandon(
        &self,
        stale: &Stale,
        end: ClaimEnd,
        now_ms: i64,
    ) -> Result<bool, DbError> {
        let (state, due) = end_cells(end);
        let changed = on_connection!(self.database, |conn| {
            set_where_stale(conn, stale, state, due, now_ms)
        })?;
        Ok(changed == 1)
    }

    /// The latest occurrence of `task` anyone claimed: where a scheduler
    /// starting up picks the schedule up.
    pub async fn latest(&self, task: &str) -> Result<Option<i64>, DbError> {
        on_connection!(self.database, |conn| select_latest(conn, task))
    }

    /// Deletes claims of occurrences before `before_ms` that are over (as
    /// the history is pruned), but each task's latest, which tells a
    /// scheduler starting up what it missed; returns how many.
    pub async fn prune(&self, before_ms: i64) -> Result<u64, DbError> {
        on_connection!(self.database, |conn| delete_before(conn, before_ms))
    }
}

async fn create<C: Conn>(conn: &mut C) -> Result<(), DbError> {
    use Column::{Int, Text};
    let table = TableDdl {
        name: CLAIMS_TABLE,
        create_lock: 7305182917,
        columns: &[
            ("task", Text, " NOT NULL"),
            ("scheduled_for", Int, " NOT NULL"),
            ("attempt", Int, " NOT NULL"),
            ("run_id", Text, " NOT NULL"),
            ("owner", Text, " NOT NULL"),
            ("idempotency_key", Text, " NOT NULL"),
            ("state", Text, " NOT NULL"),
            ("lease_until", Int, " NOT NULL"),
            ("due_at", Int, ""),
        ],
        primary_key: &["task", "scheduled_for"],
        indexes: &[("_runner_claims_state_idx", &["state"])],
    };
    table.create(conn).await
}

/// The `state` and `due_at` a claim ends with.
fn end_cells(end: ClaimEnd) -> (&'static str, Option<i64>) {
    match end {
        ClaimEnd::Done => ("done", None),
        ClaimEnd::RetryAt(at) => ("retry", Some(at)),
    }
}

fn attempt_cell(attempt: u32) -> Cell {
    Cell::Int(i64::from(attempt))
}

async fn insert<C: Conn>(conn: &mut C, claim: &Claim, lease_until_ms: i64) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("INSERT INTO ").ident(CLAIMS_TABLE).push(" (");
    let columns = [
        "task",
        "scheduled_for",
        "attempt",
        "run_id",
        "owner",
        "idempotency_key",
        "state",
        "lease_until",
    ];
    sql.list(columns, |sql, column| {
        sql.ident(column);
    });
    sql.push(") VALUES (");
    let cells = vec![
        Cell::Text(claim.task.clone()),
        Cell::Int(claim.scheduled_for_ms),
        attempt_cell(claim.attempt),
        Cell::Text(claim.run_id.to_string()),
        Cell::Text(claim.owner.clone()),
        Cell::Text(claim.idempotency_key.clone()),
        Cell::Text("running".to_owned()),
        Cell::Int(lease_until_ms),
    ];
    sql.list(cells, |sql, cell| {
        sql.bind(cell);
    });
    sql.push(") ON CONFLICT DO NOTHING");
    conn.execute(&sql).await
}

/// `WHERE task = .. AND scheduled_for = .. AND run_id = ..`: the claim as
/// this attempt holds it, and no other.
fn where_current(sql: &mut Sql, claim: &Claim) {
    sql.push(" WHERE ")
        .ident("task")
        .push(" = ")
        .bind(Cell::Text(claim.task.clone()))
        .push(" AND ")
        .ident("scheduled_for")
        .push(" = ")
        .bind(Cell::Int(claim.scheduled_for_ms))
        .push(" AND ")
        .ident("run_id")
        .push(" = ")
        .bind(Cell::Text(claim.run_id.to_string()));
}

async fn set_where_current<C: Conn>(
    conn: &mut C,
    claim: &Claim,
    state: &str,
    due_at: Option<i64>,
    lease_until: Option<i64>,
) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("UPDATE ").ident(CLAIMS_TABLE).push(" SET ");
    sql.ident("state")
        .push(" = ")
        .bind(Cell::Text(state.to_owned()));
    sql.push(", ")
        .ident("due_at")
        .push(" = ")
        .bind(due_at.map_or(Cell::Null(Kind::Int), Cell::Int));
    if let Some(lease_until) = lease_until {
        sql.push(", ")
            .ident("lease_until")
            .push(" = ")
            .bind(Cell::Int(lease_until));
    }
    where_current(&mut sql, claim);
    // A renewal must not revive a claim that was already ended or parked,
    // nor an end overwrite what another scheduler decided.
    sql.push(" AND ")
        .ident("state")
        .push(" = ")
        .bind(Cell::Text("running".to_owned()));
    conn.execute(&sql).await
}

/// Ends `stale` if it is still as [`Claims::stale`] found it.
async fn set_where_stale<C: Conn>(
    conn: &mut C,
    stale: &Stale,
    state: &str,
    due_at: Option<i64>,
    now_ms: i64,
) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("UPDATE ").ident(CLAIMS_TABLE).push(" SET ");
    sql.ident("state")
        .push(" = ")
        .bind(Cell::Text(state.to_owned()));
    sql.push(", ")
        .ident("due_at")
        .push(" = ")
        .bind(due_at.map_or(Cell::Null(Kind::Int), Cell::Int));
    where_current(&mut sql, &stale.claim);
    if stale.lease_lost {
        sql.push(" AND ")
            .ident("state")
            .push(" = 'running' AND ")
            .ident("lease_until")
            .push(" < ")
            .bind(Cell::Int(now_ms));
    } else {
        sql.push(" AND ").ident("state").push(" = 'retry'");
    }
    conn.execute(&sql).await
}

async fn replace<C: Conn>(
    conn: &mut C,
    old: &Claim,
    next: &Claim,
    state: &str,
    lease_until_ms: i64,
) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("UPDATE ").ident(CLAIMS_TABLE).push(" SET ");
    sql.ident("state")
        .push(" = ")
        .bind(Cell::Text(state.to_owned()));
    sql.push(", ")
        .ident("attempt")
        .push(" = ")
        .bind(attempt_cell(next.attempt));
    sql.push(", ")
        .ident("run_id")
        .push(" = ")
        .bind(Cell::Text(next.run_id.to_string()));
    sql.push(", ")
        .ident("owner")
        .push(" = ")
        .bind(Cell::Text(next.owner.clone()));
    sql.push(", ")
        .ident("lease_until")
        .push(" = ")
        .bind(Cell::Int(lease_until_ms));
    sql.push(", ")
        .ident("due_at")
        .push(" = ")
        .bind(Cell::Null(Kind::Int));
    where_current(&mut sql, old);
    sql.push(" AND ")
        .ident("state")
        .push(" IN ('running', 'retry')");
    conn.execute(&sql).await
}

async fn select_stale<C: Conn>(conn: &mut C, now_ms: i64) -> Result<Vec<Stale>, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT ");
    let columns = [
        "task",
        "scheduled_for",
        "attempt",
        "run_id",
        "owner",
        "idempotency_key",
        "state",
    ];
    sql.list(columns, |sql, column| {
        sql.ident(column);
    });
    sql.push(" FROM ").ident(CLAIMS_TABLE).push(" WHERE (");
    sql.ident("state")
        .push(" = 'running' AND ")
        .ident("lease_until")
        .push(" < ")
        .bind(Cell::Int(now_ms));
    sql.push(") OR (")
        .ident("state")
        .push(" = 'retry' AND ")
        .ident("due_at")
        .push(" <= ")
        .bind(Cell::Int(now_ms));
    sql.push(") ORDER BY ")
        .ident("scheduled_for")
        .push(", ")
        .ident("task");
    let kinds = [
        Kind::Text,
        Kind::Int,
        Kind::Int,
        Kind::Text,
        Kind::Text,
        Kind::Text,
        Kind::Text,
    ];
    let rows = conn.fetch(&sql, &kinds).await?;
    rows.into_iter().map(stale_from_row).collect()
}

fn stale_from_row(row: Vec<serde_json::Value>) -> Result<Stale, DbError> {
    let text = |i: usize| {
        row.get(i)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let int = |i: usize| {
        row.get(i)
            .and_then(serde_json::Value::as_i64)
            .unwrap_or_default()
    };
    let run_id = Uuid::parse_str(&text(3)).map_err(|error| {
        DbError::Backend(format!(
            "a claim holds a run id that is not a UUID: {error}"
        ))
    })?;
    Ok(Stale {
        claim: Claim {
            task: text(0),
            scheduled_for_ms: int(1),
            attempt: u32::try_from(int(2)).unwrap_or(u32::MAX),
            run_id,
            owner: text(4),
            idempotency_key: text(5),
        },
        lease_lost: text(6) == "running",
    })
}

async fn select_latest<C: Conn>(conn: &mut C, task: &str) -> Result<Option<i64>, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT MAX(")
        .ident("scheduled_for")
        .push(") FROM ")
        .ident(CLAIMS_TABLE)
        .push(" WHERE ")
        .ident("task")
        .push(" = ")
        .bind(Cell::Text(task.to_owned()));
    let rows = conn.fetch(&sql, &[Kind::Int]).await?;
    Ok(rows
        .first()
        .and_then(|row| row.first())
        .and_then(serde_json::Value::as_i64))
}

async fn delete_before<C: Conn>(conn: &mut C, before_ms: i64) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("DELETE FROM ")
        .ident(CLAIMS_TABLE)
        .push(" WHERE ")
        .ident("scheduled_for")
        .push(" < ")
        .bind(Cell::Int(before_ms))
        .push(" AND ")
        .ident("state")
        .push(" = 'done' AND ")
        .ident("scheduled_for")
        .push(" < (SELECT MAX(")
        .ident("later")
        .push(".")
        .ident("scheduled_for")
        .push(") FROM ")
        .ident(CLAIMS_TABLE)
        .push(" AS ")
        .ident("later")
        .push(" WHERE ")
        .ident("later")
        .push(".")
        .ident("task")
        .push(" = ")
        .ident(CLAIMS_TABLE)
        .push(".")
        .ident("task")
        .push(")");
    conn.execute(&sql).await
}
