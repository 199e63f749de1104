//! The run history: one row per run (an `execute`, a batch record, a task
//! run, a replay) in the database the runner already uses, whatever runs.
//!
//! Layout, one job per module:
//! - `run`: what a run record holds ([`Run`], [`RunEnd`], [`Attempt`]...),
//!   as plain data; the caller has already redacted every value in it.
//! - `store`: the SQL of the `_runner_runs` table, on either backend.
//! - `lookup`: finding runs back ([`RunFilter`], [`Lookup`] by id prefix).
//!
//! The table is created on first use ([`History::open`]) beside the jobs'
//! own tables, under the `_runner_` prefix that declared tables may not
//! take, so `db tables`, `db dump` and `db reset` (which only ever touch
//! declared tables) never show or drop it. Other runner tables (a task
//! scheduler's claims, say) go in modules of their own beside `store`,
//! created the same way.
//!
//! Times are milliseconds since the Unix epoch, given by the caller: the
//! history reads no clock, so tests decide what "now" is.

pub mod claims;
mod lookup;
mod run;
mod store;

pub use claims::{Claim, ClaimEnd, Claims, Stale};
pub use lookup::{Lookup, RunFilter, RunSummary};
pub use run::{
    Attempt, BatchRef, LogEntry, Run, RunEnd, RunFailure, RunKind, RunState, Trigger, Wait,
};

use crate::Database;
use crate::error::DbError;

/// The name of the table that holds the runs.
pub const RUNS_TABLE: &str = "_runner_runs";

/// The history of one database: cheap to clone.
#[derive(Debug, Clone)]
pub struct History {
    database: Database,
}

impl History {
    /// The history kept in `database`, its table created when missing
    /// (safe when several processes start at once, on either backend).
    pub async fn open(database: &Database) -> Result<History, DbError> {
        store::ensure(database).await?;
        Ok(History {
            database: database.clone(),
        })
    }

    pub fn database(&self) -> &Database {
        &self.database
    }

    /// Records a run that is starting (its `end` is normally `None`, so it
    /// shows as `running` until [`History::finish`]).
    pub async fn start(&self, run: &Run) -> Result<(), DbError> {
        store::insert(&self.database, std::slice::from_ref(run)).await
    }

    /// Records how run `id` ended. Any process may finish any run (a
    /// scheduler taking over a dead one's lease, say). An unknown id is
    /// [`DbError::NotFound`].
    pub async fn finish(&self, id: uuid::Uuid, end: &RunEnd) -> Result<(), DbError> {
        store::finish(&self.database, id, end).await
    }

    /// Records how run `id` ended unless its record already says so: true
    /// when it wrote. What a scheduler taking over a lost lease writes, so
    /// that the record of a holder still alive, which stopped the run and
    /// recorded why, stands.
    pub async fn finish_running(&self, id: uuid::Uuid, end: &RunEnd) -> Result<bool, DbError> {
        store::finish_running(&self.database, id, end).await
    }

    /// Records runs (ended or not) in one transaction, with multi-row
    /// inserts: how a batch keeps up with its records.
    pub async fn record_many(&self, runs: &[Run]) -> Result<(), DbError> {
        store::insert(&self.database, runs).await
    }

    /// Runs matching `filter`, newest first.
    pub async fn list(&self, filter: &RunFilter) -> Result<Vec<RunSummary>, DbError> {
        lookup::list(&self.database, filter).await
    }

    /// The run whose id is `id`, or starts with `id` (a unique prefix of
    /// its text form, case and hyphens as `runs list` shows them).
    pub async fn find(&self, id: &str) -> Result<Lookup, DbError> {
        lookup::find(&self.database, id).await
    }

    /// Deletes the runs that started before `before_ms`; returns how many.
    pub async fn prune(&self, before_ms: i64) -> Result<u64, DbError> {
        store::prune(&self.database, before_ms).await
    }
}

/// A fresh run id: a UUID v7 of `now_ms`, so ids sort by start time and
/// a prefix of a few characters usually picks one run.
pub fn new_run_id(now_ms: i64) -> uuid::Uuid {
    let millis = u64::try_from(now_ms.max(0)).unwrap_or_default();
    let timestamp = uuid::Timestamp::from_unix(
        uuid::NoContext,
        millis / 1000,
        u32::try_from((millis % 1000) * 1_000_000).unwrap_or_default(),
    );
    uuid::Uuid::new_v7(timestamp)
}
