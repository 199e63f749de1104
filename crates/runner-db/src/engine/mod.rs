//! The backends: one pool of SQLite or PostgreSQL connections behind
//! [`Database`], the tables it serves, and [`Session`], the handle one run
//! works through (it holds the run's open transaction, if any).
//!
//! Every operation is written once against [`conn::Conn`], which both
//! backends implement; the few places their SQL differs ask [`Dialect`].

use std::sync::{Arc, RwLock};
use std::time::Duration;

use indexmap::IndexMap;
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use tokio::sync::Mutex;

use crate::error::DbError;
use crate::model::{Record, Table};
use crate::request::Request;

pub(crate) mod conn;
mod direct;
mod encode;
mod location;
mod ops;
pub(crate) mod password;
mod read;
mod schema;
pub(crate) mod sql;
mod write;

pub use location::Location;
pub use schema::SyncReport;

/// How long a SQLite writer waits for another process's lock before the
/// operation fails with "locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long opening a connection may take before the database counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the two backends' SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The tables a database serves, by name.
pub(crate) type Tables = IndexMap<String, Arc<Table>>;

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open database: cheap to clone, shared by every run of the process.
#[derive(Clone)]
pub struct Database {
    /// Replaced after this process changes a PostgreSQL table's columns:
    /// connections cache prepared statements, whose column types would be stale.
    pool: Arc<RwLock<Pool>>,
    busy_timeout: Duration,
    location: Arc<Location>,
    tables: Arc<RwLock<Arc<Tables>>>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("location", &self.location.describe())
            .finish_non_exhaustive()
    }
}

impl Database {
    /// Opens (and for a SQLite file, creates) the database. SQLite files use
    /// WAL, so several processes on one machine can share one.
    pub async fn open(location: &Location) -> Result<Database, DbError> {
        Database::open_with(location, BUSY_TIMEOUT).await
    }

    /// [`Database::open`] with how long a SQLite write waits for another
    /// process's lock before failing as locked.
    pub async fn open_with(
        location: &Location,
        busy_timeout: Duration,
    ) -> Result<Database, DbError> {
        let pool = connect(location, busy_timeout).await?;
        Ok(Database {
            pool: Arc::new(RwLock::new(pool)),
            busy_timeout,
            location: Arc::new(location.clone()),
            tables: Arc::new(RwLock::new(Arc::new(Tables::new()))),
        })
    }

    /// [`Database::open`] with one connection and a small cache: for a
    /// process that only keeps records (the run history) beside its work.
    pub async fn open_lean(location: &Location) -> Result<Database, DbError> {
        let pool = connect_sized(location, BUSY_TIMEOUT, Size::Lean).await?;
        Ok(Database {
            pool: Arc::new(RwLock::new(pool)),
            busy_timeout: BUSY_TIMEOUT,
            location: Arc::new(location.clone()),
            tables: Arc::new(RwLock::new(Arc::new(Tables::new()))),
        })
    }

    pub(crate) fn pool(&self) -> Pool {
        self.pool
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
    }

    /// Opens fresh PostgreSQL connections after a change of columns; the
    /// old pool closes as its connections come back.
    async fn renew_pool(&self) -> Result<(), DbError> {
        if !self.location.is_postgres() {
            return Ok(());
        }
        let fresh = connect(&self.location, self.busy_timeout).await?;
        let old = std::mem::replace(
            &mut *self
                .pool
                .write()
                .unwrap_or_else(|poison| poison.into_inner()),
            fresh,
        );
        if let Pool::Postgres(old) = old {
            old.close().await;
        }
        Ok(())
    }
}

/// How many connections a pool opens, and how much each may cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Size {
    /// The jobs' database: a few connections, SQLite's default cache.
    Full,
    /// One connection with a small cache: a process that only records
    /// (the run history) should not cost a batch megabytes.
    Lean,
}

async fn connect(location: &Location, busy_timeout: Duration) -> Result<Pool, DbError> {
    connect_sized(location, busy_timeout, Size::Full).await
}

async fn connect_sized(
    location: &Location,
    busy_timeout: Duration,
    size: Size,
) -> Result<Pool, DbError> {
    let connections = match size {
        Size::Full => 4,
        Size::Lean => 1,
    };
    let unavailable = |error: sqlx::Error| DbError::Unavailable {
        target: location.describe(),
        detail: error.to_string(),
    };
    let pool = match location {
        Location::SqliteFile(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|error| DbError::Unavailable {
                    target: location.describe(),
                    detail: format!("cannot create the folder `{}`: {error}", parent.display()),
                })?;
            }
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy_timeout);
            // 256 KiB of pages instead of SQLite's 2 MiB, and few prepared
            // statements kept: a multi-row insert of each length is one.
            let options = match size {
                Size::Full => options,
                Size::Lean => options
                    .pragma("cache_size", "-256")
                    .statement_cache_capacity(4),
            };
            let pool = SqlitePoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(CONNECT_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(unavailable)?;
            Pool::Sqlite(pool)
        }
        Location::SqliteMemory => {
            // Each connection to `:memory:` is a database of its own: one connection, kept.
            let options = SqliteConnectOptions::new().in_memory(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(options)
                .await
                .map_err(unavailable)?;
            Pool::Sqlite(pool)
        }
        Location::Postgres { url, schema } => {
            let mut options: PgConnectOptions = url.parse().map_err(unavailable)?;
            // One plain connection first: a pool that cannot connect only
            // says it timed out, this says why (refused, unknown host, auth).
            let probe = tokio::time::timeout(CONNECT_TIMEOUT, {
                use sqlx::Connection;
                sqlx::PgConnection::connect_with(&options)
            })
            .await
            .map_err(|_| DbError::Unavailable {
                target: location.describe(),
                detail: format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()),
            })?
            .map_err(unavailable)?;
            drop(probe);
            if let Some(schema) = schema {
                create_schema(options.clone(), schema)
                    .await
                    .map_err(unavailable)?;
                options = options.options([("search_path", schema.as_str())]);
            }
            let pool = PgPoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(CONNECT_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(unavailable)?;
            Pool::Postgres(pool)
        }
    };
    Ok(pool)
}

impl Database {
    pub fn location(&self) -> &Location {
        &self.location
    }

    pub fn dialect(&self) -> Dialect {
        match self.pool() {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The tables the database serves now.
    pub fn tables(&self) -> Arc<Tables> {
        Arc::clone(
            &self
                .tables
                .read()
                .unwrap_or_else(|poison| poison.into_inner()),
        )
    }

    fn set_tables(&self, tables: Tables) {
        *self
            .tables
            .write()
            .unwrap_or_else(|poison| poison.into_inner()) = Arc::new(tables);
    }

    /// A handle for one run: its operations, and its transaction.
    pub fn session(&self) -> Session {
        Session {
            database: self.clone(),
            transaction: Mutex::new(None),
        }
    }

    /// Closes every connection; waits for those in use to come back.
    pub async fn close(&self) {
        match &self.pool() {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    /// Drops the PostgreSQL schema this database was opened in, and all it
    /// holds: how a test that worked in a schema of its own cleans up.
    pub async fn drop_schema(&self) -> Result<(), DbError> {
        if let (
            Pool::Postgres(pool),
            Location::Postgres {
                schema: Some(schema),
                ..
            },
        ) = (&self.pool(), self.location.as_ref())
        {
            let mut sql = sql::Sql::new(Dialect::Postgres);
            sql.push("DROP SCHEMA IF EXISTS ")
                .ident(schema)
                .push(" CASCADE");
            let mut conn = pool.acquire().await.map_err(conn::driver_error)?;
            conn::Conn::execute(&mut *conn, &sql).await?;
        }
        Ok(())
    }
}

async fn create_schema(options: PgConnectOptions, schema: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect_with(&options).await?;
    let mut sql = sql::Sql::new(Dialect::Postgres);
    sql.push("CREATE SCHEMA IF NOT EXISTS ").ident(schema);
    let created = sqlx::query(sqlx::AssertSqlSafe(sql.text))
        .execute(&mut conn)
        .await;
    match created {
        // Another process created it at the same moment: IF NOT EXISTS
        // does not cover that race in PostgreSQL's catalog.
        Err(sqlx::Error::Database(error))
            if matches!(error.code().as_deref(), Some("23505" | "42P06")) => {}
        other => {
            other?;
        }
    }
    conn.close().await
}

enum Transaction {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// A run's open `db.transaction`: the outermost is a real transaction, the
/// ones inside it savepoints.
struct Open {
    transaction: Transaction,
    depth: usize,
    /// A statement failed in the backend: PostgreSQL refuses everything
    /// after that until a rollback, and SQLite is made to do the same, so
    /// both backends end such a transaction alike.
    failed: bool,
}

/// One run's way into the database.
pub struct Session {
    database: Database,
    transaction: Mutex<Option<Open>>,
}

impl Session {
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// Runs one request. `now_ms` is the run's clock, for `?=now` defaults.
    pub async fn execute(&self, request: Request, now_ms: i64) -> Result<Value, DbError> {
        let tables = self.database.tables();
        let mut open = self.transaction.lock().await;
        match request {
            Request::Begin => return self.begin(&mut open).await,
            Request::Commit => return self.finish(&mut open, true).await,
            Request::Rollback => return self.finish(&mut open, false).await,
            _ => {}
        }
        match open.as_mut() {
            Some(state) => {
                if state.failed {
                    return Err(DbError::TransactionFailed);
                }
                let result = match &mut state.transaction {
                    Transaction::Sqlite(tx) => ops::run(&mut **tx, &tables, request, now_ms).await,
                    Transaction::Postgres(tx) => {
                        ops::run(&mut **tx, &tables, request, now_ms).await
                    }
                };
                if result.as_ref().is_err_and(poisons) {
                    state.failed = true;
                }
                result
            }
            None => match &self.database.pool() {
                Pool::Sqlite(pool) => {
                    let mut conn = pool.acquire().await.map_err(conn::driver_error)?;
                    ops::run(&mut *conn, &tables, request, now_ms).await
                }
                Pool::Postgres(pool) => {
                    let mut conn = pool.acquire().await.map_err(conn::driver_error)?;
                    ops::run(&mut *conn, &tables, request, now_ms).await
                }
            },
        }
    }

    async fn begin(&self, open: &mut Option<Open>) -> Result<Value, DbError> {
        match open {
            None => {
                let transaction = match &self.database.pool() {
                    // IMMEDIATE takes the write lock now, so two processes
                    // cannot both read and then deadlock on their first write.
                    Pool::Sqlite(pool) => Transaction::Sqlite(
                        pool.begin_with("BEGIN IMMEDIATE")
                            .await
                            .map_err(conn::driver_error)?,
                    ),
                    Pool::Postgres(pool) => {
                        Transaction::Postgres(pool.begin().await.map_err(conn::driver_error)?)
                    }
                };
                *open = Some(Open {
                    transaction,
                    depth: 1,
                    failed: false,
                });
            }
            Some(state) => {
                if state.failed {
                    return Err(DbError::TransactionFailed);
                }
                state.depth += 1;
                let sql = savepoint_sql(self.database.dialect(), "SAVEPOINT ", state.depth);
                savepoint(&mut state.transaction, &sql).await?;
            }
        }
        Ok(Value::Null)
    }

    async fn finish(&self, open: &mut Option<Open>, commit: bool) -> Result<Value, DbError> {
        let Some(state) = open.as_mut() else {
            return Err(DbError::InvalidRequest(
                "there is no open transaction to end".to_owned(),
            ));
        };
        if state.depth > 1 {
            let dialect = self.database.dialect();
            if commit && !state.failed {
                savepoint(
                    &mut state.transaction,
                    &savepoint_sql(dialect, "RELEASE SAVEPOINT ", state.depth),
                )
                .await?;
            } else {
                savepoint(
                    &mut state.transaction,
                    &savepoint_sql(dialect, "ROLLBACK TO SAVEPOINT ", state.depth),
                )
                .await?;
                savepoint(
                    &mut state.transaction,
                    &savepoint_sql(dialect, "RELEASE SAVEPOINT ", state.depth),
                )
                .await?;
                state.failed = false;
            }
            state.depth -= 1;
            return if commit && state.failed {
                Err(DbError::TransactionFailed)
            } else {
                Ok(Value::Null)
            };
        }
        let Some(state) = open.take() else {
            return Ok(Value::Null);
        };
        let result = match (state.transaction, commit && !state.failed) {
            (Transaction::Sqlite(tx), true) => tx.commit().await,
            (Transaction::Postgres(tx), true) => tx.commit().await,
            (Transaction::Sqlite(tx), false) => tx.rollback().await,
            (Transaction::Postgres(tx), false) => tx.rollback().await,
        };
        result.map_err(conn::driver_error)?;
        if commit && state.failed {
            return Err(DbError::TransactionFailed);
        }
        Ok(Value::Null)
    }

    /// Whether a `db.transaction` is open.
    pub async fn in_transaction(&self) -> bool {
        self.transaction.lock().await.is_some()
    }
}

fn savepoint_sql(dialect: Dialect, verb: &'static str, depth: usize) -> sql::Sql {
    let mut sql = sql::Sql::new(dialect);
    sql.push(verb).ident(&format!("runner_savepoint_{depth}"));
    sql
}

async fn savepoint(transaction: &mut Transaction, sql: &sql::Sql) -> Result<(), DbError> {
    match transaction {
        Transaction::Sqlite(tx) => conn::Conn::execute(&mut **tx, sql).await.map(drop),
        Transaction::Postgres(tx) => conn::Conn::execute(&mut **tx, sql).await.map(drop),
    }
}

/// Errors that came from the backend itself, after which PostgreSQL
/// refuses the rest of the transaction.
fn poisons(error: &DbError) -> bool {
    matches!(
        error,
        DbError::Duplicate { .. }
            | DbError::Backend(_)
            | DbError::Locked { .. }
            | DbError::Unavailable { .. }
            | DbError::TransactionFailed
    )
}

/// What the database holds, for `runner-cli db` and tests.
impl Database {
    /// Creates the tables that are missing (seeding them from their items),
    /// adds new optional fields and indexes, and refuses changes that would
    /// lose data. On success the database serves exactly `tables`.
    pub async fn sync(&self, tables: &[Table]) -> Result<SyncReport, DbError> {
        for table in tables {
            table.validate()?;
        }
        let report = match &self.pool() {
            Pool::Sqlite(pool) => {
                let mut tx = pool
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(conn::driver_error)?;
                let report = schema::sync(&mut *tx, tables).await?;
                tx.commit().await.map_err(conn::driver_error)?;
                report
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(conn::driver_error)?;
                let report = schema::sync(&mut *tx, tables).await?;
                tx.commit().await.map_err(conn::driver_error)?;
                report
            }
        };
        if !report.changed.is_empty() {
            self.renew_pool().await?;
        }
        self.set_tables(
            tables
                .iter()
                .map(|table| (table.name.clone(), Arc::new(table.clone())))
                .collect(),
        );
        Ok(report)
    }

    /// Drops and recreates `table` of `declared` (every declared table when
    /// `None`) under its declaration, seeded from its items, then syncs the
    /// rest: the way past a change [`Database::sync`] refuses.
    pub async fn reset(
        &self,
        declared: &[Table],
        table: Option<&str>,
    ) -> Result<Vec<String>, DbError> {
        for table in declared {
            table.validate()?;
        }
        let chosen: Vec<Arc<Table>> = match table {
            Some(name) => match declared.iter().find(|table| table.name == name) {
                Some(table) => vec![Arc::new(table.clone())],
                None => {
                    let known: Tables = declared
                        .iter()
                        .map(|t| (t.name.clone(), Arc::new(t.clone())))
                        .collect();
                    return Err(unknown_table(&known, name));
                }
            },
            None => declared.iter().cloned().map(Arc::new).collect(),
        };
        match &self.pool() {
            Pool::Sqlite(pool) => {
                let mut tx = pool
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(conn::driver_error)?;
                schema::reset(&mut *tx, &chosen).await?;
                tx.commit().await.map_err(conn::driver_error)?;
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(conn::driver_error)?;
                // Statements this connection prepared before know the old
                // column types; a seed written through one would be misread.
                sqlx::Connection::clear_cached_statements(&mut *tx)
                    .await
                    .map_err(conn::driver_error)?;
                schema::reset(&mut *tx, &chosen).await?;
                tx.commit().await.map_err(conn::driver_error)?;
            }
        }
        self.renew_pool().await?;
        self.sync(declared).await?;
        Ok(chosen.iter().map(|table| table.name.clone()).collect())
    }

    /// Each served table with its number of records.
    pub async fn counts(&self) -> Result<Vec<(String, u64)>, DbError> {
        let session = self.session();
        let mut counts = Vec::new();
        for name in self.tables().keys() {
            let mut query = crate::request::Query::all(name.clone());
            query.output = crate::request::Output::Count;
            let count = session.execute(Request::Query(query), 0).await?;
            counts.push((name.clone(), count.as_u64().unwrap_or_default()));
        }
        Ok(counts)
    }

    /// Every record of `table` in id order (passwords left out, as in every read).
    pub async fn dump(&self, table: &str) -> Result<Vec<Record>, DbError> {
        let records = self
            .session()
            .execute(Request::Query(crate::request::Query::all(table)), 0)
            .await?;
        Ok(match records {
            Value::Array(items) => items
                .into_iter()
                .filter_map(|item| match item {
                    Value::Object(record) => Some(record),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        })
    }

    /// Adds `records` to `table` in one transaction: all of them or none.
    pub async fn load(
        &self,
        table: &str,
        records: Vec<Record>,
        now_ms: i64,
    ) -> Result<u64, DbError> {
        let count = self
            .session()
            .execute(
                Request::BulkAdd {
                    table: table.to_owned(),
                    records,
                },
                now_ms,
            )
            .await?;
        Ok(count.as_u64().unwrap_or_default())
    }

    /// Runs `sql` where it cannot write: a read-only transaction, rolled back.
    pub async fn read_only_query(&self, sql: &str) -> Result<Vec<Record>, DbError> {
        match &self.pool() {
            Pool::Sqlite(pool) => {
                let mut conn = pool.acquire().await.map_err(conn::driver_error)?;
                direct::read_only(&mut *conn, sql).await
            }
            Pool::Postgres(pool) => {
                let mut conn = pool.acquire().await.map_err(conn::driver_error)?;
                direct::read_only(&mut *conn, sql).await
            }
        }
    }
}

pub(crate) fn unknown_table(tables: &Tables, name: &str) -> DbError {
    DbError::UnknownTable {
        table: name.to_owned(),
        suggestion: crate::model::closest(name, tables.keys().map(String::as_str)),
    }
}
