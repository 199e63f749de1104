//! `runner-cli runs`: the run history. `list` (newest first, one line
//! each, filtered by job, state and age), `show ID` (everything, logs and
//! Make attempts included), `replay ID` (the same job with the same
//! inputs, and the same idempotency keys unless `--new-key`) and `prune`.
//!
//! Everything printed passes the redactor, though the history holds no
//! secret: sensitive inputs were stored as `[redacted]`, env values never.

use std::path::Path;
use std::time::Duration;

use clap::{Args, Subcommand};
use job_runner::value::Value;
use runner_db::history::{Lookup, Run, RunFilter, RunKind, RunState, RunSummary, Trigger};
use serde_json::{Value as Json, json};

use crate::cli::{ExecuteArgs, Format, LimitArgs, ReliabilityArgs};
use crate::database::DatabaseArgs;
use crate::error::CliError;
use crate::exit_codes;
use crate::history::RunHistory;
use crate::history::record::Origin;
use crate::output;
use crate::redact::Redactor;

#[derive(Debug, Args)]
pub(crate) struct RunsArgs {
    #[command(subcommand)]
    pub(crate) action: RunsAction,

    #[command(flatten)]
    pub(crate) database: DatabaseArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RunsAction {
    /// The recorded runs, newest first, one line each.
    List {
        /// Only the runs of this job (or task), by its name.
        #[arg(long, value_name = "NAME")]
        job: Option<String>,
        /// Only runs in this state.
        #[arg(long, value_name = "STATE", value_parser = parse_state)]
        state: Option<RunState>,
        /// Only runs that started within this long, e.g. `90m`, `2h`, `7d`.
        #[arg(long, value_name = "AGE", value_parser = parse_age)]
        since: Option<Duration>,
        /// At most this many runs.
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: u32,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// One run whole: inputs, response, error, `debug.log` lines, Make attempts.
    Show {
        /// The run's id, or the start of it (unique among the runs).
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run a recorded run's job again with the same inputs; its Make
    /// triggers send the original idempotency keys unless `--new-key`.
    Replay(Box<ReplayArgs>),
    /// Delete the runs that started longer ago than `--keep-runs`.
    Prune {
        /// How long runs are kept, e.g. `30d`, `12h`.
        #[arg(long, value_name = "AGE", default_value = "30d", value_parser = parse_age)]
        keep_runs: Duration,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ReplayArgs {
    /// The run's id, or the start of it.
    id: String,

    /// Send fresh idempotency keys, so a scenario that drops duplicates
    /// runs again.
    #[arg(long)]
    new_key: bool,

    /// Set an input for the replay: `KEY=VALUE`. Needed for each input the
    /// history kept as `[redacted]` (a sensitive one).
    #[arg(long = "input", value_name = "KEY=VALUE")]
    inputs: Vec<String>,

    /// Largest `--input KEY=@FILE` read, in MB.
    #[arg(long, value_name = "MB", default_value_t = 64,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    max_input_file: u64,

    /// Set an environment variable for the job: `KEY=VALUE`. Env values are
    /// never recorded: the replay reads them again, as any run does.
    #[arg(long = "env", value_name = "KEY=VALUE")]
    envs: Vec<String>,

    /// As `execute --sandbox`.
    #[arg(long, value_name = "MODE", num_args = 0..=1, default_missing_value = "accept")]
    sandbox: Option<crate::sandbox::Plan>,

    /// As `execute --sandbox-env`.
    #[arg(long, value_name = "NAME", requires = "sandbox")]
    sandbox_env: Vec<String>,

    #[command(flatten)]
    reliability: ReliabilityArgs,

    #[command(flatten)]
    limits: LimitArgs,
}

pub(crate) fn run(jobs_dir: &Path, args: RunsArgs, redactor: &Redactor) -> Result<i32, CliError> {
    let location = args.database.location(jobs_dir)?;
    let history = RunHistory::open_required(&location, redactor)?;
    match args.action {
        RunsAction::List {
            job,
            state,
            since,
            limit,
            format,
        } => {
            let filter = RunFilter {
                name: job,
                state,
                since_ms: since.map(|age| crate::history::now_ms() - millis(age)),
                limit: Some(limit),
            };
            let runs = history.query(async |history| history.list(&filter).await)?;
            list(&runs, format, redactor);
            if runs.is_empty() && format == Format::Text {
                output::info(redactor, "no recorded runs match");
            }
        }
        RunsAction::Show { id, format } => {
            let run = find(&history, &id)?;
            match format {
                Format::Json => output::print_json(redactor, &run_json(&run)),
                Format::Text => output::print(redactor, &show_text(&run)),
            }
        }
        RunsAction::Replay(replay_args) => {
            return replay(jobs_dir, *replay_args, args.database, &history, redactor);
        }
        RunsAction::Prune { keep_runs } => {
            let before = crate::history::now_ms() - millis(keep_runs);
            let pruned = history.query(async |history| history.prune(before).await)?;
            output::info(
                redactor,
                &format!(
                    "pruned {} older than {} from {}",
                    output::count(pruned, "run"),
                    human_age(keep_runs),
                    location.describe()
                ),
            );
        }
    }
    Ok(exit_codes::SUCCESS)
}

fn find(history: &RunHistory, id: &str) -> Result<Run, CliError> {
    match history.query(async |history| history.find(id).await)? {
        Lookup::Found(run) => Ok(*run),
        Lookup::Missing => Err(
            CliError::usage(format!("no recorded run has the id `{id}`"))
                .with_hint("`runner-cli runs list` shows the ids"),
        ),
        Lookup::Ambiguous(ids) => Err(CliError::usage(format!(
            "several runs have an id starting with `{id}`: {}",
            ids.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_hint("give more of the id")),
    }
}

fn list(runs: &[RunSummary], format: Format, redactor: &Redactor) {
    match format {
        Format::Json => {
            let list: Vec<Json> = runs.iter().map(summary_json).collect();
            output::print_json(redactor, &Json::Array(list));
        }
        Format::Text => {
            for run in runs {
                output::print(redactor, &summary_line(run));
            }
        }
    }
}

fn summary_json(run: &RunSummary) -> Json {
    let mut json = serde_json::to_value(run).unwrap_or(Json::Null);
    if let Json::Object(fields) = &mut json {
        fields.insert("started_at".to_owned(), json!(timestamp(run.started_at_ms)));
        fields.insert("ended_at".to_owned(), json!(run.ended_at_ms.map(timestamp)));
    }
    json
}

/// `ID  STARTED  STATE  TRIGGER  DURATION  NAME  ERROR`, the state in colour
/// (stripped off a terminal and under `NO_COLOR`).
fn summary_line(run: &RunSummary) -> String {
    let style = state_style(run.state);
    let state = format!("{:<12}", run.state.as_str());
    let mut line = format!(
        "{}  {}  {style}{state}{style:#}  {:<8}  {:>8}  {}",
        run.id,
        short_time(run.started_at_ms),
        run.trigger.as_str(),
        run.duration_ms.map_or_else(|| "-".to_owned(), human_ms),
        run.name,
    );
    if let Some(error) = &run.error {
        line.push_str("  ");
        line.push_str(error);
    }
    line
}

fn state_style(state: RunState) -> anstyle::Style {
    let colour = match state {
        RunState::Succeeded => anstyle::AnsiColor::Green,
        RunState::Failed => anstyle::AnsiColor::Red,
        RunState::RateLimited | RunState::Cancelled => anstyle::AnsiColor::Yellow,
        RunState::Running => anstyle::AnsiColor::Cyan,
    };
    colour.on_default()
}

fn run_json(run: &Run) -> Json {
    let mut json = serde_json::to_value(run).unwrap_or(Json::Null);
    if let Json::Object(fields) = &mut json {
        fields.insert("state".to_owned(), json!(run.state()));
        fields.insert("started_at".to_owned(), json!(timestamp(run.started_at_ms)));
        if let Some(end) = &run.end {
            fields.insert("ended_at".to_owned(), json!(timestamp(end.ended_at_ms)));
            fields.insert(
                "duration_ms".to_owned(),
                json!(end.ended_at_ms - run.started_at_ms),
            );
        }
    }
    json
}

fn show_text(run: &Run) -> String {
    let mut out = Vec::new();
    let style = state_style(run.state());
    out.push(format!("run       {}", run.id));
    out.push(format!(
        "{:<9} {}",
        match run.kind {
            RunKind::Job => "job",
            RunKind::Task => "task",
        },
        run.name
    ));
    out.push(format!("trigger   {}", run.trigger.as_str()));
    out.push(format!("state     {style}{}{style:#}", run.state()));
    out.push(format!("started   {}", timestamp(run.started_at_ms)));
    if let Some(end) = &run.end {
        out.push(format!(
            "ended     {} ({})",
            timestamp(end.ended_at_ms),
            human_ms(end.ended_at_ms - run.started_at_ms)
        ));
        if let Some(code) = end.exit_code {
            out.push(format!("exit code {code}"));
        }
    }
    out.push(format!("host      {} (pid {})", run.host, run.pid));
    let keys = run
        .end
        .as_ref()
        .map(|end| end.trigger_keys.clone())
        .filter(|keys| !keys.is_empty())
        .or_else(|| run.idempotency_key.clone().map(|key| vec![key]));
    if let Some(keys) = keys {
        out.push(format!("key       {}", keys.join(", ")));
    }
    if let Some(original) = run.replay_of {
        out.push(format!("replays   {original}"));
    }
    if let Some(failed) = run.alert_for {
        out.push(format!("alert for {failed}"));
    }
    if let Some(batch) = &run.batch {
        out.push(format!("batch     {} line {}", batch.input, batch.line));
    }
    if let Some(at) = run.scheduled_for_ms {
        out.push(format!("scheduled {}", timestamp(at)));
    }
    out.push(format!("inputs    {}", pretty(&run.inputs)));
    if !run.redacted_inputs.is_empty() {
        out.push(format!(
            "          (sensitive, not kept: {})",
            run.redacted_inputs.join(", ")
        ));
    }
    if let Some(end) = &run.end {
        if let Some(response) = &end.response {
            out.push(format!("response  {}", pretty(response)));
        }
        if let Some(error) = &end.error {
            out.push(format!("error     {}: {}", error.kind, error.message));
            if let Some(location) = &error.location {
                out.push(format!("          --> {location}"));
            }
        }
        if !end.logs.is_empty() {
            out.push("debug.log".to_owned());
            for line in &end.logs {
                out.push(format!(
                    "  {}  {}",
                    line.location,
                    Value::from_json(&line.value).to_text()
                ));
            }
        }
        if !end.attempts.is_empty() {
            out.push("make attempts".to_owned());
            for attempt in &end.attempts {
                let mut line = format!(
                    "  trigger {} attempt {}: {} in {} (key {})",
                    attempt.trigger,
                    attempt.number,
                    attempt.outcome,
                    human_ms(i64::try_from(attempt.duration_ms).unwrap_or(i64::MAX)),
                    attempt.idempotency_key
                );
                if let Some(paced) = &attempt.paced {
                    line.push_str(&format!(
                        "; waited {} before: {}",
                        human_ms(paced.ms as i64),
                        paced.reason
                    ));
                }
                if let Some(wait) = &attempt.wait {
                    line.push_str(&format!(
                        "; then waited {}: {}",
                        human_ms(wait.ms as i64),
                        wait.reason
                    ));
                }
                out.push(line);
            }
        }
    }
    out.join("\n")
}

fn pretty(json: &Json) -> String {
    serde_json::to_string_pretty(json)
        .unwrap_or_default()
        .replace('\n', "\n          ")
}

/// Runs a recorded run's job (or task) again. Inputs the history kept as
/// `[redacted]` must come again with `--input`; env values come from the
/// environment, as for any run.
fn replay(
    jobs_dir: &Path,
    args: ReplayArgs,
    database: DatabaseArgs,
    history: &RunHistory,
    redactor: &Redactor,
) -> Result<i32, CliError> {
    let original = find(history, &args.id)?;
    let catalog = super::load_catalog(jobs_dir)?;
    let (job, task) = match original.kind {
        RunKind::Job => (super::find_job(&catalog, &original.name)?, None),
        RunKind::Task => {
            let (job, task) = super::find_task(&catalog, None, &original.name)?;
            (job, Some(task))
        }
    };
    let given: Vec<&str> = args
        .inputs
        .iter()
        .filter_map(|flag| flag.split_once('=').map(|(key, _)| key.trim()))
        .collect();
    if let Some(missing) = original
        .redacted_inputs
        .iter()
        .find(|name| !given.contains(&name.as_str()))
    {
        return Err(CliError::invalid_input(format!(
            "run {} had the sensitive input `{missing}`, which the history does not keep",
            original.id
        ))
        .with_hint(format!(
            "give it again: `runner-cli runs replay {} --input {missing}=VALUE` (or `--input {missing}=@FILE`)",
            short_id(&original)
        )));
    }
    let execute = ExecuteArgs {
        job_arg: Some(original.name.clone()),
        job_flag: None,
        task: None,
        inputs: args.inputs,
        input_file: None,
        max_input_file: args.max_input_file,
        envs: args.envs,
        sandbox: args.sandbox,
        sandbox_env: args.sandbox_env,
        database,
        no_history: false,
        reliability: args.reliability,
        limits: args.limits,
        batch: crate::cli::BatchArgs::none(),
    };
    let mut prepared = match task {
        Some(task) => crate::prepare::prepare_for(
            job,
            &task.function,
            &crate::prepare::RunSettings::of(&execute),
            redactor,
        )?,
        None => crate::prepare::prepare(job, &execute, redactor)?,
    };
    let job_database = crate::database::for_job(job, &execute.database, jobs_dir)?;
    prepared.host.set_database(job_database);
    // A task has its own defaults; `main.input` is the main function's.
    let mut base = match task {
        Some(_) => job_runner::value::Object::default(),
        None => job.main_input.clone(),
    };
    if let Value::Object(recorded) = Value::from_json(&original.inputs) {
        for (key, value) in std::sync::Arc::unwrap_or_clone(recorded) {
            if !original.redacted_inputs.contains(&key) {
                base.insert(key, value);
            }
        }
    }
    let inputs = crate::inputs::assemble_over(
        job,
        prepared.function,
        base,
        &execute.inputs,
        execute.max_input_file.saturating_mul(1024 * 1024),
    )?;
    let reuse = if args.new_key {
        Vec::new()
    } else {
        original
            .end
            .as_ref()
            .map(|end| end.trigger_keys.clone())
            .filter(|keys| !keys.is_empty())
            .or_else(|| original.idempotency_key.clone().map(|key| vec![key]))
            .unwrap_or_default()
    };
    output::info(
        redactor,
        &format!(
            "replaying run {} of `{}`{}",
            original.id,
            original.name,
            match reuse.first() {
                Some(key) => format!(" with its idempotency key {key}"),
                None if args.new_key => " with new idempotency keys".to_owned(),
                None => String::new(),
            }
        ),
    );
    let origin = Origin {
        kind: original.kind,
        trigger: Trigger::Replay,
        replay_of: Some(original.id),
        batch: None,
        idempotency_key: reuse.first().cloned(),
    };
    super::execute::run_once(
        prepared,
        task,
        inputs,
        redactor,
        crate::history::Recorder::Open(history),
        origin,
        reuse,
    )
}

/// The first 13 characters of a run's id: `runs list` shows whole ids,
/// but a prefix this long is almost always unique.
fn short_id(run: &Run) -> String {
    run.id.to_string().chars().take(13).collect()
}

/// `30d`, `12h`, `90m`, `45s`, `2w`; a bare number is seconds.
fn parse_age(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not an age such as `30d`, `2h` or `90m`"))?;
    let seconds = match unit.trim() {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        other => {
            return Err(format!(
                "`{other}` is not a unit of age; use s, m, h, d or w (e.g. `30d`)"
            ));
        }
    };
    number
        .checked_mul(seconds)
        .filter(|seconds| *seconds <= 100 * 365 * 86_400)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("`{text}` is longer than a hundred years"))
}

fn parse_state(text: &str) -> Result<RunState, String> {
    RunState::parse(text).ok_or_else(|| {
        format!(
            "`{text}` is not a state; use one of {}",
            RunState::ALL.map(RunState::as_str).join(", ")
        )
    })
}

fn millis(age: Duration) -> i64 {
    i64::try_from(age.as_millis()).unwrap_or(i64::MAX)
}

fn human_age(age: Duration) -> String {
    let seconds = age.as_secs();
    for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60)] {
        if seconds >= size && seconds.is_multiple_of(size) {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

fn human_ms(ms: i64) -> String {
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms < 120_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1000)
    }
}

/// RFC 3339 in UTC, to the millisecond.
fn timestamp(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |at| at.to_string())
}

/// `2026-12-04 20:31:07` (UTC), for one-line listings.
fn short_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(
        |_| ms.to_string(),
        |at| at.strftime("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_with_their_units_and_bad_ones_say_why() {
        assert_eq!(parse_age("30d"), Ok(Duration::from_secs(30 * 86_400)));
        assert_eq!(parse_age("2h"), Ok(Duration::from_secs(7_200)));
        assert_eq!(parse_age("90m"), Ok(Duration::from_secs(5_400)));
        assert_eq!(parse_age("45"), Ok(Duration::from_secs(45)));
        assert!(parse_age("2y").unwrap_err().contains("s, m, h, d or w"));
        assert!(parse_age("soon").is_err());
        assert_eq!(human_age(Duration::from_secs(30 * 86_400)), "30d");
    }
}
