//! The database a run works on: which one (`--database URL`,
//! `RUNNER_DATABASE_URL`, else `.runner/data.sqlite` beside the jobs
//! folder), opened once, its tables brought in step with the declared ones,
//! and served to the interpreter's blocking thread from a runtime of its
//! own. Inline tests get a fresh in-memory database each.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use job_runner::host::{Database as HostDatabase, HostError, TestDatabases};
use job_runner::job::model::Job;
use runner_db::{Database, DbError, ErrorKind, Location, Request, Table};

use crate::error::CliError;
use crate::exit_codes;
use crate::redact::Redactor;

/// Where the data lives (see the README's "Database").
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Database")]
pub(crate) struct DatabaseArgs {
    /// `sqlite://PATH`, `sqlite::memory:` or `postgres://USER@HOST/DB`
    /// [default: `.runner/data.sqlite` beside the jobs folder].
    #[arg(
        long = "database",
        value_name = "URL",
        env = "RUNNER_DATABASE_URL",
        global = true
    )]
    pub(crate) url: Option<String>,
}

impl DatabaseArgs {
    /// The location the flag names, or the default file beside `jobs_dir`.
    pub(crate) fn location(&self, jobs_dir: &Path) -> Result<Location, CliError> {
        match &self.url {
            Some(url) => Location::parse(url).map_err(|error| {
                CliError::usage(format!("--database: {error}"))
                    .with_hint("e.g. `--database sqlite://.runner/data.sqlite` or `--database postgres://postgres@127.0.0.1/app`")
            }),
            None => Ok(Location::SqliteFile(default_file(jobs_dir))),
        }
    }
}

/// `.runner/data.sqlite` in the folder that holds the jobs folder.
fn default_file(jobs_dir: &Path) -> PathBuf {
    let beside = jobs_dir
        .canonicalize()
        .ok()
        .and_then(|dir| dir.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    beside.join(".runner").join("data.sqlite")
}

/// A database and the runtime that drives it, for every run of the process.
#[derive(Clone)]
pub(crate) struct Service {
    runtime: Arc<tokio::runtime::Runtime>,
    database: Database,
}

impl Service {
    /// Opens the database and syncs `tables` into it.
    pub(crate) fn open(location: &Location, tables: &[Table]) -> Result<Service, CliError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("runner-db")
            .enable_all()
            .build()
            .map_err(|error| {
                CliError::new(exit_codes::JOB_FAILED, "cannot start the database runtime")
                    .caused_by(&error)
            })?;
        let database = runtime
            .block_on(Database::open(location))
            .map_err(|error| cli_error(&error))?;
        let service = Service {
            runtime: Arc::new(runtime),
            database,
        };
        let report =
            service
                .block_on(service.database.sync(tables))
                .map_err(|error| match error {
                    DbError::Locked { .. } => locked_at_start(&error, tables),
                    other => cli_error(&other),
                })?;
        for name in &report.created {
            tracing::info!("created table `{name}` in {}", location.describe());
        }
        for change in &report.changed {
            tracing::info!("database: {change}");
        }
        Ok(service)
    }

    pub(crate) fn block_on<F: std::future::Future>(&self, work: F) -> F::Output {
        self.runtime.block_on(work)
    }

    pub(crate) fn database(&self) -> &Database {
        &self.database
    }

    /// A run's own handle: its operations, and its transaction.
    pub(crate) fn session(&self) -> RunDatabase {
        RunDatabase {
            service: self.clone(),
            session: Arc::new(self.database.session()),
        }
    }
}

/// The database of one run (or one batch worker).
#[derive(Clone)]
pub(crate) struct RunDatabase {
    service: Service,
    session: Arc<runner_db::Session>,
}

impl RunDatabase {
    pub(crate) fn service(&self) -> &Service {
        &self.service
    }

    /// Registers with `redactor` the values of fields declared `sensitive =
    /// true` in what a `db.*` statement answered (a record, a list, a page
    /// of them, a joined record), so they are hidden, as values, wherever
    /// the run prints them: `debug.log`, the response, the sandbox's dump,
    /// batch lines and dead letters. A field of that name in any table of
    /// the job counts, joins included: hiding too much beats leaking.
    pub(crate) fn hide_sensitive_values(&self, answer: &serde_json::Value, redactor: &Redactor) {
        let tables = self.service.database().tables();
        let sensitive: HashSet<&str> = tables
            .values()
            .flat_map(|table| table.fields.iter())
            .filter(|field| field.sensitive)
            .map(|field| field.name.as_str())
            .collect();
        if !sensitive.is_empty() {
            register_fields(answer, &sensitive, redactor);
        }
    }
}

impl HostDatabase for RunDatabase {
    fn run(&self, request: Request, now_ms: i64) -> Result<serde_json::Value, HostError> {
        let table = request_table(&request).map(str::to_owned);
        self.service
            .block_on(self.session.execute(request, now_ms))
            .map_err(|error| match (&error, table) {
                (DbError::Locked { detail }, Some(table)) => HostError::Rejected {
                    kind: job_runner::run::ErrorKind::DatabaseUnavailable,
                    message: format!(
                        "table `{table}` is locked by another process ({detail}); try again when it is done"
                    ),
                },
                _ => HostError::from_db(&error),
            })
    }
}

/// Registers the value of every `sensitive` key of `json`, at any depth.
fn register_fields(json: &serde_json::Value, sensitive: &HashSet<&str>, redactor: &Redactor) {
    match json {
        serde_json::Value::Object(fields) => {
            for (key, value) in fields {
                if sensitive.contains(key.as_str()) && !value.is_null() {
                    redactor.add_value(value);
                } else {
                    register_fields(value, sensitive, redactor);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                register_fields(item, sensitive, redactor);
            }
        }
        _ => {}
    }
}

/// The table a request works on, to name in its errors; `db.direct_query`
/// and transactions name none.
fn request_table(request: &Request) -> Option<&str> {
    match request {
        Request::Query(query) => Some(&query.table),
        Request::Get(lookup) | Request::Has(lookup) | Request::Delete(lookup) => {
            Some(&lookup.table)
        }
        Request::Edit { lookup, .. } | Request::AddOrEdit { lookup, .. } => Some(&lookup.table),
        Request::Add { table, .. }
        | Request::Truncate { table, .. }
        | Request::BulkAdd { table, .. }
        | Request::BulkUpdate { table, .. }
        | Request::BulkDelete { table, .. } => Some(table),
        Request::DirectQuery { .. } | Request::Begin | Request::Commit | Request::Rollback => None,
    }
}

/// A database another process holds locked while this run brings its
/// tables in step: nothing ran, and the same command works once it is done.
fn locked_at_start(error: &DbError, tables: &[Table]) -> CliError {
    let names: Vec<String> = tables
        .iter()
        .map(|table| format!("`{}`", table.name))
        .collect();
    let what = match names.as_slice() {
        [] => "its tables".to_owned(),
        [one] => format!("table {one}"),
        many => format!("tables {}", many.join(", ")),
    };
    CliError::new(
        exit_codes::DATABASE_UNAVAILABLE,
        format!("{error}, so {what} could not be checked before the run"),
    )
    .with_hint("another runner-cli (or a program with the file open) is writing to it: try again when it is done")
}

/// Whether a job needs a database: it declares tables or runs `db.*` statements.
pub(crate) fn needed_by(job: &Job) -> bool {
    !job.tables.is_empty()
        || job
            .functions
            .values()
            .any(|function| !job_runner::program::db_statements(&function.stack).is_empty())
}

/// The database of a job about to run, or `None` when it needs none.
pub(crate) fn for_job(
    job: &Job,
    args: &DatabaseArgs,
    jobs_dir: &Path,
) -> Result<Option<RunDatabase>, CliError> {
    if !needed_by(job) {
        return Ok(None);
    }
    let location = args.location(jobs_dir)?;
    tracing::debug!("database: {}", location.describe());
    Ok(Some(
        Service::open(&location, &job.table_models())?.session(),
    ))
}

/// A database error as the CLI reports it, with its exit code and a way out.
pub(crate) fn cli_error(error: &DbError) -> CliError {
    match error.kind() {
        ErrorKind::Schema => {
            let table = error.table().unwrap_or("TABLE");
            CliError::config(error.to_string()).with_hint(format!(
                "to start the table again from its declaration and items, run `runner-cli db reset {table}` (its records are lost)"
            ))
        }
        ErrorKind::Unavailable if matches!(error, DbError::Locked { .. }) => {
            CliError::new(exit_codes::DATABASE_UNAVAILABLE, error.to_string())
                .with_hint("another runner-cli (or a program with the file open) is writing to it: try again when it is done")
        }
        ErrorKind::Unavailable => CliError::new(exit_codes::DATABASE_UNAVAILABLE, error.to_string()).with_hint(
            "check that the database is running and reachable, or pick another with `--database URL`",
        ),
        ErrorKind::Input | ErrorKind::NotFound => CliError::invalid_input(error.to_string()),
        ErrorKind::Backend => CliError::new(exit_codes::JOB_FAILED, error.to_string()),
    }
}

/// Inline tests: each one a private SQLite database in memory, seeded.
pub(crate) struct MemoryDatabases {
    runtime: Arc<tokio::runtime::Runtime>,
}

impl MemoryDatabases {
    pub(crate) fn new() -> Result<MemoryDatabases, CliError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|error| {
                CliError::new(exit_codes::JOB_FAILED, "cannot start the database runtime")
                    .caused_by(&error)
            })?;
        Ok(MemoryDatabases {
            runtime: Arc::new(runtime),
        })
    }
}

impl TestDatabases for MemoryDatabases {
    fn fresh(&self, tables: &[Table]) -> Result<Box<dyn HostDatabase>, HostError> {
        let database = self
            .runtime
            .block_on(async {
                let database = Database::open(&Location::SqliteMemory).await?;
                database.sync(tables).await?;
                Ok::<_, DbError>(database)
            })
            .map_err(|error| HostError::from_db(&error))?;
        let service = Service {
            runtime: Arc::clone(&self.runtime),
            database,
        };
        Ok(Box::new(service.session()))
    }
}
