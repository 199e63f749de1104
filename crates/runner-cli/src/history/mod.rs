//! Recording runs in the history (`runner_db::history`) of the database
//! the runner uses, and never letting that change a run's outcome.
//!
//! - `attempts`: the keys and Make attempts of a run's triggers, heard
//!   from make-core's observer;
//! - `record`: a run's record, redacted as every printout is;
//! - `batch`: a batch's records, written in the background in
//!   multi-row transactions.
//!
//! When the history cannot be opened or written (a locked or unreadable
//! file, a full disk, an unreachable server), the run goes on as it
//! would have and stderr says what was not recorded.

mod attempts;
mod batch;
pub(crate) mod record;

use std::sync::atomic::{AtomicBool, Ordering};

use runner_db::history::{History, Run, RunEnd};
use runner_db::{Database, DbError, Location};

use crate::output;
use crate::redact::Redactor;

pub(crate) use self::attempts::TriggerLog;
pub(crate) use self::batch::BatchHistory;

/// The history of this process's runs, or why there is none.
pub(crate) struct RunHistory {
    runtime: tokio::runtime::Runtime,
    history: Option<History>,
    target: String,
    redactor: Redactor,
    /// Only the first failure to write is worth a warning per run.
    warned: AtomicBool,
}

impl RunHistory {
    /// Opens the history at `location`; on failure, warns once and keeps
    /// going without it. `None` only when no runtime can start at all.
    pub(crate) fn open(location: &Location, redactor: &Redactor) -> Option<RunHistory> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        let target = location.describe();
        let opened = runtime.block_on(async {
            let database = Database::open_lean(location).await?;
            History::open(&database).await
        });
        let history = match opened {
            Ok(history) => Some(history),
            Err(error) => {
                output::eprint(
                    redactor,
                    &format!(
                        "warning: the run history at {target} cannot be opened ({error}); this run is not recorded"
                    ),
                );
                None
            }
        };
        Some(RunHistory {
            runtime,
            // A history that did not open has already said so.
            warned: AtomicBool::new(history.is_none()),
            history,
            target,
            redactor: redactor.clone(),
        })
    }

    /// The history for `runs list|show|replay|prune`, which have nothing
    /// to do without it: not opening is an error.
    pub(crate) fn open_required(
        location: &Location,
        redactor: &Redactor,
    ) -> Result<RunHistory, crate::error::CliError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| {
                crate::error::CliError::new(
                    crate::exit_codes::JOB_FAILED,
                    "cannot start the database runtime",
                )
                .caused_by(&error)
            })?;
        let history = runtime
            .block_on(async {
                let database = Database::open_lean(location).await?;
                History::open(&database).await
            })
            .map_err(|error| crate::database::cli_error(&error))?;
        Ok(RunHistory {
            runtime,
            history: Some(history),
            target: location.describe(),
            redactor: redactor.clone(),
            warned: AtomicBool::new(false),
        })
    }

    /// Runs `work` against the history (which [`RunHistory::open_required`] opened).
    pub(crate) fn query<T>(
        &self,
        work: impl AsyncFnOnce(&History) -> Result<T, DbError>,
    ) -> Result<T, crate::error::CliError> {
        let Some(history) = &self.history else {
            return Err(crate::error::CliError::new(
                crate::exit_codes::DATABASE_UNAVAILABLE,
                format!("the run history at {} could not be opened", self.target),
            ));
        };
        self.runtime
            .block_on(work(history))
            .map_err(|error| crate::database::cli_error(&error))
    }

    /// Records `run` as started; false when it could not be (the caller
    /// then records it whole when it ends, and warns only if that fails too).
    pub(crate) fn start(&self, run: &Run) -> bool {
        let Some(history) = &self.history else {
            return false;
        };
        match self.runtime.block_on(history.start(run)) {
            Ok(()) => true,
            Err(error) => {
                tracing::debug!("the run history could not record the run's start: {error}");
                false
            }
        }
    }

    /// Records how run `id` ended.
    pub(crate) fn finish(&self, run: &Run, end: &RunEnd) {
        let Some(history) = &self.history else {
            return;
        };
        let written = self.runtime.block_on(history.finish(run.id, end));
        self.check(written);
    }

    /// Records a run whole, when its start could not be (so it has no row yet).
    pub(crate) fn record_whole(&self, run: &Run) {
        let Some(history) = &self.history else {
            return;
        };
        let written = self.runtime.block_on(history.start(run));
        self.check(written);
    }

    /// Writes runs in one transaction; the error, if any, for the caller to report.
    pub(crate) fn record_many(&self, runs: &[Run]) -> Result<(), DbError> {
        match &self.history {
            Some(history) => self.runtime.block_on(history.record_many(runs)),
            None => Err(DbError::Unavailable {
                target: self.target.clone(),
                detail: "it could not be opened".to_owned(),
            }),
        }
    }

    pub(crate) fn is_open(&self) -> bool {
        self.history.is_some()
    }

    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    fn check(&self, written: Result<(), DbError>) {
        match written {
            Ok(()) => {}
            Err(error) => {
                if !self.warned.swap(true, Ordering::SeqCst) {
                    output::eprint(
                        &self.redactor,
                        &format!(
                            "warning: the run history at {} could not record this run ({error}); the run itself is not affected",
                            self.target
                        ),
                    );
                }
            }
        }
    }
}

/// Where one run is recorded: nowhere (`--no-history`), in a history
/// already open (a replay's), or in the one at a location, opened on a
/// thread of its own while the run starts, so the run does not wait for it.
pub(crate) enum Recorder<'a> {
    Off,
    Open(&'a RunHistory),
    At(Location),
}

/// A run's record under way.
pub(crate) struct Underway<'a> {
    run: Run,
    history: Pending<'a>,
}

enum Pending<'a> {
    Open {
        history: &'a RunHistory,
        started: bool,
    },
    Opening(std::thread::JoinHandle<Option<(RunHistory, bool)>>),
}

impl<'a> Recorder<'a> {
    /// Records `run` as started (in the background for [`Recorder::At`]).
    pub(crate) fn start(self, run: Run, redactor: &Redactor) -> Option<Underway<'a>> {
        let history = match self {
            Recorder::Off => return None,
            Recorder::Open(history) => Pending::Open {
                started: history.start(&run),
                history,
            },
            Recorder::At(location) => {
                let thread_redactor = redactor.clone();
                let first = run.clone();
                let opening = std::thread::Builder::new()
                    .name("run-history".to_owned())
                    .spawn(move || {
                        let history = RunHistory::open(&location, &thread_redactor)?;
                        let started = history.start(&first);
                        Some((history, started))
                    });
                match opening {
                    Ok(handle) => Pending::Opening(handle),
                    Err(error) => {
                        output::eprint(
                            redactor,
                            &format!(
                                "warning: the run history could not be opened ({error}); this run is not recorded"
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        Some(Underway { run, history })
    }
}

impl Underway<'_> {
    /// Records how the run ended (the whole run, if its start was not recorded).
    pub(crate) fn finish(self, end: RunEnd) {
        match self.history {
            Pending::Open { history, started } => history.end(self.run, started, end),
            Pending::Opening(handle) => {
                let Some((history, started)) = handle.join().ok().flatten() else {
                    return;
                };
                history.end(self.run, started, end);
                // The process ends with this run. Closing the last connection
                // would checkpoint the WAL into the database file (fsyncs that
                // cost a single run a few milliseconds, in a file the jobs
                // share); what was committed is in the WAL either way, and the
                // next writer's automatic checkpoint moves it.
                std::mem::forget(history);
            }
        }
    }
}

impl RunHistory {
    fn end(&self, run: Run, started: bool, end: RunEnd) {
        if started {
            self.finish(&run, &end);
        } else {
            self.record_whole(&Run {
                end: Some(end),
                ..run
            });
        }
    }
}

/// This machine's name, for telling apart the runs of several machines
/// sharing one PostgreSQL history.
/// Read once per process: a batch records it a million times.
pub(crate) fn host_name() -> String {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .or_else(|| std::env::var("HOSTNAME").ok())
            .or_else(|| std::env::var("COMPUTERNAME").ok())
            .unwrap_or_else(|| "unknown".to_owned())
    })
    .clone()
}

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
