//! Task names shared by two job folders. `serve` knows a scheduled task by
//! its name alone: the claims hold one row per task name and occurrence,
//! and the run history lists runs by that name. Two tasks of one name, one
//! of them scheduled, would share the claims, so one of them would
//! silently never run (or the other's retry run it). `serve` refuses to
//! start on such a pair and `check` reports it as an error, both naming
//! the two files. A name only unscheduled tasks share is left alone:
//! `execute JOB --task NAME` picks between them, and says so when asked
//! for the name alone.
//!
//! (One job folder cannot hold two tasks of one name: its loader already
//! reports "defined twice".)

use job_runner::diagnostic::Diagnostic;
use job_runner::job::{Job, JobCatalog, Task};
use job_runner::source::Span;

use crate::error::CliError;

/// Two tasks of one name in two jobs, at least one of them scheduled.
pub(crate) struct Clash<'a> {
    pub(crate) first: (&'a Job, &'a Task),
    pub(crate) second: (&'a Job, &'a Task),
}

/// Every clash of the loaded jobs, in the catalog's order: each task that
/// clashes with an earlier one, paired with the first of its name.
pub(crate) fn clashes(catalog: &JobCatalog) -> Vec<Clash<'_>> {
    let mut seen: Vec<(&Job, &Task)> = Vec::new();
    let mut found = Vec::new();
    for job in catalog.jobs() {
        for task in job.tasks.values() {
            let task: &Task = task;
            let earlier = seen.iter().find(|(other_job, other)| {
                other.name == task.name
                    && !std::ptr::eq(*other_job, job)
                    && !(other.schedule.is_empty() && task.schedule.is_empty())
            });
            match earlier {
                Some(&first) => found.push(Clash {
                    first,
                    second: (job, task),
                }),
                None => seen.push((job, task)),
            }
        }
    }
    found
}

/// What `check` reports, at the second task's name.
pub(crate) fn diagnostic(clash: &Clash<'_>) -> Diagnostic {
    let (first_job, first) = clash.first;
    let (second_job, second) = clash.second;
    Diagnostic::error(
        &second.file,
        name_span(second),
        format!(
            "task `{}` of job `{}` has the name of a task of job `{}` ({})",
            second.name,
            second_job.name,
            first_job.name,
            location(first)
        ),
    )
    .with_hint(hint(clash))
}

/// Why `serve` does not start: every clash, each with both files.
pub(crate) fn serve_error(clashes: &[Clash<'_>]) -> CliError {
    let described: Vec<String> = clashes
        .iter()
        .map(|clash| {
            let (first_job, first) = clash.first;
            let (second_job, second) = clash.second;
            format!(
                "  task `{}`: {} (job `{}`) and {} (job `{}`)",
                first.name,
                location(first),
                first_job.name,
                location(second),
                second_job.name
            )
        })
        .collect();
    let (count, names) = match clashes {
        [one] => (
            String::new(),
            format!("task name `{}` is", one.first.1.name),
        ),
        several => (format!("{} ", several.len()), "task names are".to_owned()),
    };
    CliError::config(format!(
        "{count}{names} used by two job folders: serve knows a scheduled task by its name alone, so one of them would never run"
    ))
    .with_details(described.join("\n"))
    .with_hint(format!(
        "{}; `runner-cli check` lists every clash",
        hint(&clashes[0])
    ))
}

fn hint(clash: &Clash<'_>) -> String {
    let (_, second) = clash.second;
    format!(
        "rename one of them, e.g. `task \"{}_2\"` in {}",
        second.name,
        second.file.path().display()
    )
}

/// `path:line:col` of the task's declaration.
fn location(task: &Task) -> String {
    Diagnostic::error(&task.file, name_span(task), "").location()
}

/// Where `"name"` is written in the task's declaration, to point at; the
/// whole declaration when it cannot be found.
fn name_span(task: &Task) -> Span {
    let (start, end) = (task.span.start as usize, task.span.end as usize);
    let declaration = task.file.text().get(start..end).unwrap_or_default();
    let quoted = format!("\"{}\"", task.name);
    match declaration.find(&quoted) {
        Some(offset) => Span::new(start + offset, start + offset + quoted.len()),
        None => task.span,
    }
}
