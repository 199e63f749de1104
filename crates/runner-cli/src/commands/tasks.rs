//! `runner-cli tasks`: every job's tasks, their schedules and when each
//! runs next (UTC, on the clock `serve` uses). A folder that failed to load
//! is warned about (exit 78), as `list` does.

use std::fmt::Write as _;
use std::path::Path;

use job_runner::job::{Job, Task};
use job_runner::schedule::{ScheduleEntry, utc_text};
use serde_json::json;

use crate::cli::{Format, TasksArgs};
use crate::clock::{Clock, describe_freq, describe_wait};
use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::redact::Redactor;

pub(crate) fn run(jobs_dir: &Path, args: &TasksArgs, redactor: &Redactor) -> Result<i32, CliError> {
    let catalog = super::load_catalog(jobs_dir)?;
    let now_ms = Clock::from_env().now_ms();
    let tasks: Vec<(&Job, &Task)> = catalog
        .jobs()
        .flat_map(|job| job.tasks.values().map(move |task| (job, task.as_ref())))
        .collect();
    match args.format {
        Format::Json => {
            let list = tasks
                .iter()
                .map(|(job, task)| describe_json(job, task, now_ms))
                .collect();
            output::print_json(redactor, &serde_json::Value::Array(list));
        }
        Format::Text if tasks.is_empty() => output::eprint(
            redactor,
            &format!(
                "no tasks in `{}`: a task is a `task \"name\" {{ .. }}` file in a job folder's `task/`",
                jobs_dir.display()
            ),
        ),
        Format::Text => {
            let text = tasks
                .iter()
                .map(|(job, task)| describe_text(job, task, now_ms))
                .collect::<Vec<_>>()
                .join("\n\n");
            output::print(redactor, &text);
        }
    }
    let broken = catalog.failures().count();
    if broken > 0 {
        output::eprint(
            redactor,
            &format!(
                "warning: {broken} job folder{} could not be loaded, so {} tasks are not listed; run `runner-cli check` to see why",
                if broken == 1 { "" } else { "s" },
                if broken == 1 { "its" } else { "their" }
            ),
        );
        return Ok(exit_codes::CONFIG);
    }
    Ok(exit_codes::SUCCESS)
}

/// `every 1 day from 2026-01-01 00:00:00+0000 until ...`, or `once at ...`.
pub(crate) fn describe_entry(entry: &ScheduleEntry) -> String {
    let mut text = match entry.freq_seconds {
        Some(freq) => format!(
            "{} from {}",
            describe_freq(freq),
            utc_text(entry.starts_on_ms)
        ),
        None => format!("once at {}", utc_text(entry.starts_on_ms)),
    };
    if let (Some(ends), Some(_)) = (entry.ends_on_ms, entry.freq_seconds) {
        let _ = write!(text, " until {}", utc_text(ends));
    }
    text
}

fn describe_text(job: &Job, task: &Task, now_ms: i64) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", task.name);
    let _ = writeln!(out, "  job:      {}", job.name);
    let _ = writeln!(out, "  file:     {}", task.file.path().display());
    if let Some(description) = &task.description {
        let _ = writeln!(out, "  about:    {description}");
    }
    if task.schedule.is_empty() {
        let _ = writeln!(out, "  schedule: (none: runs only with `execute --task`)");
    }
    for (i, entry) in task.schedule.entries.iter().enumerate() {
        let label = if i == 0 { "schedule:" } else { "         " };
        let _ = writeln!(out, "  {label} {}", describe_entry(entry));
    }
    if let Some(retry) = task.retry {
        let _ = writeln!(
            out,
            "  retry:    up to {} time{}, {} s after a failure",
            retry.max_retries,
            if retry.max_retries == 1 { "" } else { "s" },
            retry.delay_seconds
        );
    }
    let next = match task.schedule.next_after(now_ms) {
        Some(next) => format!("{} (in {})", utc_text(next), describe_wait(next - now_ms)),
        None if task.schedule.is_empty() => "never".to_owned(),
        None => "never: the schedule has ended".to_owned(),
    };
    let _ = write!(out, "  next run: {next}");
    out
}

fn describe_json(job: &Job, task: &Task, now_ms: i64) -> serde_json::Value {
    let next = task.schedule.next_after(now_ms);
    json!({
        "job": job.name,
        "task": task.name,
        "file": task.file.path(),
        "description": task.description,
        "schedule": task.schedule.entries.iter().map(|entry| json!({
            "starts_on": utc_text(entry.starts_on_ms),
            "freq": entry.freq_seconds,
            "ends_on": entry.ends_on_ms.map(utc_text),
        })).collect::<Vec<_>>(),
        "retry": task.retry.map(|retry| json!({
            "max_retries": retry.max_retries,
            "delay": retry.delay_seconds,
        })),
        "next_run": next.map(utc_text),
        "next_run_ms": next,
    })
}
