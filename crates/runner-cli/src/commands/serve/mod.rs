//! `runner-cli serve`: runs every task of every job on its schedule until
//! SIGTERM or Ctrl-C, each run recorded in the history (trigger
//! `schedule`). `scheduler` decides when and who (claims in the database,
//! so several `serve` on one PostgreSQL run each occurrence once);
//! `runner` runs one attempt and records it. This module wires them: jobs
//! prepared once each, the history opened and pruned, signals, exit code
//! (0 after a clean stop on SIGTERM, 143 when runs had to be cancelled,
//! 130 on Ctrl-C).

mod runner;
mod scheduler;
pub(crate) mod task_names;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use job_runner::job::{Job, JobCatalog, Task};
use runner_db::history::{Claims, History};
use tokio_util::sync::CancellationToken;

use crate::cli::ServeArgs;
use crate::clock::{Clock, describe_wait};
use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::prepare::{RunSettings, prepare_for};
use crate::redact::Redactor;

use self::runner::{LiveRunner, OnFailure, TaskContext};
use self::scheduler::{ScheduledTask, Scheduler, Settings, Stopped};

pub(crate) fn run(jobs_dir: &Path, args: &ServeArgs, redactor: &Redactor) -> Result<i32, CliError> {
    // The catalog lives as long as the process: runs borrow it from threads.
    let catalog: &'static JobCatalog = Box::leak(Box::new(super::load_catalog(jobs_dir)?));
    let broken = catalog.failures().count();
    if broken > 0 {
        return Err(CliError::config(format!(
            "{broken} job folder{} could not be loaded, so {} tasks would never run",
            if broken == 1 { "" } else { "s" },
            if broken == 1 { "its" } else { "their" }
        ))
        .with_hint("`runner-cli check` shows the problems"));
    }
    let tasks = scheduled_tasks(catalog)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("serve")
        .enable_all()
        .build()
        .map_err(|error| {
            CliError::new(exit_codes::JOB_FAILED, "cannot start the async runtime")
                .caused_by(&error)
        })?;
    let settings = RunSettings {
        envs: &args.envs,
        sandbox: args.sandbox.as_ref(),
        sandbox_env: &[],
        reliability: &args.reliability,
        limits: &args.limits,
    };
    let mut contexts = HashMap::new();
    let mut prepared_jobs: HashMap<&str, Arc<crate::prepare::Prepared<'static>>> = HashMap::new();
    for (job, task) in &tasks {
        let prepared = match prepared_jobs.get(job.name.as_str()) {
            Some(prepared) => Arc::clone(prepared),
            None => {
                let mut prepared = prepare_for(job, &task.function, &settings, redactor)?;
                let database = crate::database::for_job(job, &args.database, jobs_dir)?;
                prepared.host.set_database(database);
                let prepared = Arc::new(prepared);
                prepared_jobs.insert(job.name.as_str(), Arc::clone(&prepared));
                prepared
            }
        };
        contexts.insert(
            task.name.clone(),
            TaskContext {
                job,
                task,
                prepared,
            },
        );
    }
    let on_failure = match &args.on_failure {
        Some(name) => {
            let job = super::find_job(catalog, name)?;
            let function = job.main_function().ok_or_else(|| {
                CliError::config(format!("job `{}` has no function `{}`", job.name, job.main))
            })?;
            let mut prepared = prepare_for(job, function, &settings, redactor)?;
            let database = crate::database::for_job(job, &args.database, jobs_dir)?;
            prepared.host.set_database(database);
            Some(OnFailure {
                job,
                prepared: Arc::new(prepared),
            })
        }
        None => None,
    };

    let location = args.database.location(jobs_dir)?;
    let clock = Clock::from_env();
    let (history, claims) = runtime.block_on(async {
        let database = runner_db::Database::open(&location)
            .await
            .map_err(|error| crate::database::cli_error(&error))?;
        let claims = Claims::open(&database)
            .await
            .map_err(|error| crate::database::cli_error(&error))?;
        let history = match History::open(&database).await {
            Ok(history) => Some(history),
            Err(error) => {
                output::eprint(
                    redactor,
                    &format!(
                        "warning: runs will not be recorded: the history cannot be opened: {error}"
                    ),
                );
                None
            }
        };
        Ok::<_, CliError>((history, claims))
    })?;
    let now = clock.now_ms();
    let keep_ms = i64::try_from(args.keep_runs.as_millis()).unwrap_or(i64::MAX);
    let before = now.saturating_sub(keep_ms);
    if let Some(history) = &history {
        match runtime.block_on(history.prune(before)) {
            Ok(0) => {}
            Ok(pruned) => output::info(
                redactor,
                &format!(
                    "serve: pruned {pruned} run{} older than {} from the history",
                    if pruned == 1 { "" } else { "s" },
                    describe_wait(keep_ms)
                ),
            ),
            Err(error) => output::eprint(
                redactor,
                &format!("warning: the history could not be pruned: {error}"),
            ),
        }
        if let Err(error) = runtime.block_on(claims.prune(before)) {
            output::eprint(
                redactor,
                &format!("warning: old task claims could not be pruned: {error}"),
            );
        }
    }

    let host_name = host_name();
    let owner = format!(
        "{host_name}:{}:{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    for (job, task) in &tasks {
        let next = task.schedule.next_after(now).map_or_else(
            || "its schedule has ended".to_owned(),
            |next| {
                format!(
                    "next at {} (in {})",
                    job_runner::schedule::utc_text(next),
                    describe_wait(next - now)
                )
            },
        );
        output::info(
            redactor,
            &format!("serve: task `{}` of job `{}`: {next}", task.name, job.name),
        );
    }
    output::info(
        redactor,
        &format!(
            "serve: {} task{}, runs recorded in {}",
            tasks.len(),
            if tasks.len() == 1 { "" } else { "s" },
            location.describe()
        ),
    );
    let scheduled = tasks
        .iter()
        .map(|(_, task)| ScheduledTask {
            name: task.name.clone(),
            schedule: task.schedule.clone(),
            retry: task.retry,
        })
        .collect();
    let runner = LiveRunner {
        tasks: contexts,
        history,
        on_failure,
        redactor: redactor.clone(),
        clock: clock.clone(),
        host_name,
    };
    let scheduler = Scheduler {
        tasks: scheduled,
        claims,
        clock,
        runner: Arc::new(runner),
        settings: Settings {
            owner,
            lease_ms: i64::try_from(args.lease.as_millis()).unwrap_or(i64::MAX),
            shutdown_timeout: args.shutdown_timeout,
        },
    };
    let stop = CancellationToken::new();
    let force = CancellationToken::new();
    let (stopping, forcing) = (stop.clone(), force.clone());
    runtime.spawn(async move {
        // The first signal stops scheduling; a second cancels running tasks.
        if crate::signals::next().await.is_some() {
            stopping.cancel();
            if crate::signals::next().await.is_some() {
                forcing.cancel();
            }
        }
    });
    let stopped = runtime.block_on(scheduler.serve(stop, force));
    // The jobs' runtimes go with the scheduler, here, outside the runtime.
    drop(scheduler);
    let code = crate::signals::stop_code();
    output::info(
        redactor,
        &match stopped {
            Stopped::Clean => "serve: stopped; no task run was left running".to_owned(),
            Stopped::Cancelled { runs } => format!(
                "serve: stopped; {runs} run{} cancelled at the shutdown timeout (recorded as cancelled)",
                if runs == 1 { " was" } else { "s were" }
            ),
        },
    );
    // Runs hold the jobs' runtimes: let the process end without waiting on them.
    runtime.shutdown_background();
    Ok(match (code, stopped) {
        (exit_codes::TERMINATED, Stopped::Clean) => exit_codes::SUCCESS,
        (code, _) => code,
    })
}

/// Every task with a schedule. A name two jobs use, one of them for a
/// scheduled task, is refused with both files (see `task_names`).
fn scheduled_tasks(
    catalog: &'static JobCatalog,
) -> Result<Vec<(&'static Job, &'static Arc<Task>)>, CliError> {
    let clashes = task_names::clashes(catalog);
    if !clashes.is_empty() {
        return Err(task_names::serve_error(&clashes));
    }
    let tasks: Vec<(&'static Job, &'static Arc<Task>)> = catalog
        .jobs()
        .flat_map(|job| {
            job.tasks
                .values()
                .filter(|task| !task.schedule.is_empty())
                .map(move |task| (job, task))
        })
        .collect();
    if tasks.is_empty() {
        return Err(CliError::config("no job has a scheduled task: nothing to serve").with_hint(
            "add `task/NAME.xs` with `task \"NAME\" { stack { .. } schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 86400}] }` to a job folder",
        ));
    }
    Ok(tasks)
}

/// This machine's name, for the claims and the history.
fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|name| !name.trim().is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
        })
        .unwrap_or_else(|| "localhost".to_owned())
}
