//! `runner-cli execute`: load the job, validate env and inputs, run it, print
//! its response, and turn the outcome into an exit code, recording the run
//! in the history. With `--each` the prepared run is handed to
//! [`crate::batch`], which runs it once per record.

use std::path::Path;
use std::sync::Arc;

use job_runner::job::{Job, Task};
use job_runner::run::{ErrorKind, RunResult, RunState};
use job_runner::value::{Object, Value};
use runner_db::history::{RunKind, Trigger};

use crate::cli::ExecuteArgs;
use crate::error::CliError;
use crate::exit_codes;
use crate::history::record::{self, Origin};
use crate::history::{Recorder, RunHistory, TriggerLog};
use crate::output;
use crate::prepare::{Prepared, RunSettings, prepare, prepare_for};
use crate::redact::Redactor;
use crate::sandbox;

pub(crate) fn run(
    jobs_dir: &Path,
    args: &ExecuteArgs,
    redactor: &Redactor,
) -> Result<i32, CliError> {
    if let Some(task_name) = &args.task {
        let in_job = args.job_arg.as_deref().or(args.job_flag.as_deref());
        // Without a job every job's tasks are searched, so every job is loaded.
        let narrowed = match in_job {
            Some(job) => Some(super::load_catalog_for(jobs_dir, job)?),
            None => None,
        };
        if let Some(catalog) = &narrowed
            && let Ok((job, task)) = super::find_task(catalog, in_job, task_name)
        {
            return execute_once(job, Some(task), jobs_dir, args, redactor);
        }
        // A miss is reported from every folder, as it mentions broken ones.
        let catalog = super::load_catalog(jobs_dir)?;
        let (job, task) = super::find_task(&catalog, in_job, task_name)?;
        return execute_once(job, Some(task), jobs_dir, args, redactor);
    }
    let catalog = super::load_catalog_for(jobs_dir, args.job())?;
    let job = super::find_job(&catalog, args.job())?;
    if let Some(each) = &args.batch.each {
        // Fail on a missing input file before starting a runtime or a sandbox.
        let source = crate::batch::Source::open(each)?;
        let mut prepared = prepare(job, args, redactor)?;
        let database = crate::database::for_job(job, &args.database, jobs_dir)?;
        prepared.host.set_database(database);
        let history = open_history(args, jobs_dir, redactor)?;
        return crate::batch::run(prepared, &args.batch, source, redactor, history);
    }
    execute_once(job, None, jobs_dir, args, redactor)
}

/// One run of the job's main function, or of `task` when given, from the
/// command line.
fn execute_once(
    job: &Job,
    task: Option<&Arc<Task>>,
    jobs_dir: &Path,
    args: &ExecuteArgs,
    redactor: &Redactor,
) -> Result<i32, CliError> {
    let mut prepared = match task {
        Some(task) => prepare_for(job, &task.function, &RunSettings::of(args), redactor)?,
        None => prepare(job, args, redactor)?,
    };
    let database = crate::database::for_job(job, &args.database, jobs_dir)?;
    prepared.host.set_database(database);
    // `main.input` belongs to the main function: a task has its own defaults.
    let no_defaults = Object::default();
    let inputs = crate::inputs::assemble(
        job,
        prepared.function,
        if task.is_some() {
            &no_defaults
        } else {
            &job.main_input
        },
        args.input_file.as_deref(),
        &args.inputs,
        args.max_input_file.saturating_mul(1024 * 1024),
    )?;
    let recorder = if args.no_history {
        Recorder::Off
    } else {
        Recorder::At(args.database.location(jobs_dir)?)
    };
    let origin = Origin {
        kind: if task.is_some() {
            RunKind::Task
        } else {
            RunKind::Job
        },
        trigger: Trigger::Cli,
        replay_of: None,
        batch: None,
        idempotency_key: args.reliability.idempotency_key.clone(),
    };
    run_once(
        prepared,
        task,
        inputs,
        redactor,
        recorder,
        origin,
        Vec::new(),
    )
}

/// The history this run is recorded in: the database's (`--database`,
/// `RUNNER_DATABASE_URL`, else `.runner/data.sqlite`), unless `--no-history`.
pub(crate) fn open_history(
    args: &ExecuteArgs,
    jobs_dir: &Path,
    redactor: &Redactor,
) -> Result<Option<RunHistory>, CliError> {
    if args.no_history {
        return Ok(None);
    }
    let location = args.database.location(jobs_dir)?;
    Ok(RunHistory::open(&location, redactor))
}

/// Runs the job (or `task`) once with `inputs`, prints how it went, and
/// records it with `recorder`; `reuse_keys` are the idempotency keys a
/// replay sends again.
pub(crate) fn run_once(
    mut prepared: Prepared<'_>,
    task: Option<&Arc<Task>>,
    inputs: Object,
    redactor: &Redactor,
    recorder: Recorder<'_>,
    origin: Origin,
    reuse_keys: Vec<String>,
) -> Result<i32, CliError> {
    let job = prepared.job;
    for spec in prepared
        .function
        .inputs
        .iter()
        .filter(|spec| spec.sensitive)
    {
        if let Some(secret) = inputs.get(&spec.name) {
            redactor.add_value(&secret.to_json());
        }
    }
    let triggers = TriggerLog::new(reuse_keys);
    prepared.host.set_trigger_log(Arc::clone(&triggers));
    let name = task.map_or(job.name.as_str(), |task| task.name.as_str());
    let run = record::started(
        name,
        prepared.function,
        &inputs,
        origin,
        &redactor.snapshot(),
        crate::history::now_ms(),
    );
    let underway = recorder.start(run, redactor);

    let on_ctrl_c = prepared.cancel.clone();
    prepared.runtime.spawn(async move {
        if crate::signals::next().await.is_some() {
            on_ctrl_c.cancel();
        }
    });

    let what = match task {
        Some(task) => format!("task `{}` of job `{}`", task.name, job.name),
        None => format!("job `{}`", job.name),
    };
    tracing::debug!("running {what} (function `{}`)", prepared.function.name);
    let result = match task {
        Some(task) => job_runner::eval::execute_task(
            job,
            task,
            inputs,
            &prepared.env_values,
            &prepared.host,
            &prepared.limits,
        ),
        None => job_runner::eval::execute(
            job,
            inputs,
            &prepared.env_values,
            &prepared.host,
            &prepared.limits,
        ),
    };

    let Prepared {
        runtime,
        host,
        sandbox,
        ..
    } = prepared;
    if let Some(sandbox) = sandbox {
        let received = runtime.block_on(sandbox.stop());
        output::info(redactor, &sandbox::describe(&received, redactor));
    }
    let unknown = host.may_have_triggered();
    let reported = report(&what, &result, host.cancellation(), unknown, redactor);
    if let Some(underway) = underway {
        let code = match &reported {
            Ok(code) => *code,
            Err(error) => error.code,
        };
        // Secrets the run met (sensitive database fields) are hidden too.
        let end = record::ended(
            &result,
            code,
            Some(&triggers),
            &redactor.snapshot(),
            crate::history::now_ms(),
        );
        underway.finish(end);
    }
    reported
}

/// Prints the response on stdout (or the error on stderr) and picks the exit code.
/// A run that ended without a response still prints a JSON object, so `| jq`
/// always gets one: `status` is `unknown` when Make may have received a
/// trigger (a timeout after sending), else `error` or `cancelled`.
fn report(
    what: &str,
    result: &RunResult,
    cancellation: Option<String>,
    may_have_triggered: bool,
    redactor: &Redactor,
) -> Result<i32, CliError> {
    if result.state != RunState::Complete {
        let status = match (may_have_triggered, result.state) {
            (true, _) => "unknown",
            (false, RunState::Cancelled) => "cancelled",
            (false, _) => "error",
        };
        let error = result.error.as_ref();
        let report = serde_json::json!({
            "status": status,
            "error": {
                "type": error.map_or("cancelled", |error| error.kind.as_str()),
                "message": error.map_or_else(
                    || cancellation.clone().unwrap_or_else(|| "the run was cancelled".to_owned()),
                    |error| error.message.clone(),
                ),
                "location": error.and_then(|error| error.location.clone()),
            },
        });
        output::print_json(redactor, &report);
    }
    match result.state {
        RunState::Complete => {
            let response = result.response.clone().unwrap_or(Value::Null);
            output::print_json(redactor, &response.to_json());
            Ok(exit_code_for_response(&response))
        }
        RunState::Error => {
            let error = result.error.as_ref();
            let kind = error.map_or(&ErrorKind::Standard, |error| &error.kind);
            let mut message = format!(
                "{what} failed: {}",
                error.map_or("no error was recorded", |error| error.message.as_str())
            );
            if let Some(location) = error.and_then(|error| error.location.as_deref()) {
                message.push_str(&format!("\n  --> {location}"));
            }
            let code = match kind {
                ErrorKind::InputError => exit_codes::INVALID_INPUT,
                ErrorKind::DatabaseUnavailable => exit_codes::DATABASE_UNAVAILABLE,
                _ => exit_codes::JOB_FAILED,
            };
            Err(CliError::new(code, message).with_details(format!("  error type: {kind}")))
        }
        RunState::Cancelled => Err(CliError::new(
            crate::signals::stop_code(),
            format!(
                "{what} was cancelled ({})",
                if crate::signals::stop_code() == exit_codes::TERMINATED {
                    "SIGTERM"
                } else {
                    "Ctrl-C"
                }
            ),
        )
        .with_details(format!(
            "  {}",
            cancellation.unwrap_or_else(|| "no request was under way".to_owned())
        ))),
    }
}

/// A response with a `status` says whether the work it reports succeeded.
fn exit_code_for_response(response: &Value) -> i32 {
    let status = response
        .as_object()
        .and_then(|object| object.get("status"))
        .and_then(Value::as_str);
    match status {
        None | Some("success") => exit_codes::SUCCESS,
        Some("rate_limited") => exit_codes::RATE_LIMITED,
        Some(_) => exit_codes::JOB_FAILED,
    }
}
