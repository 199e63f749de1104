//! `runner-cli check`: parse and validate job folders without running anything.

use std::path::Path;

use job_runner::job::CheckReport;

use crate::cli::{CheckArgs, Format};
use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::redact::Redactor;

pub(crate) fn run(jobs_dir: &Path, args: &CheckArgs, redactor: &Redactor) -> Result<i32, CliError> {
    let path = args.path.as_deref().unwrap_or(jobs_dir);
    if !path.exists() {
        return Err(
            CliError::usage(format!("`{}` does not exist", path.display()))
                .with_hint("pass a job folder (with a `run.xs`) or a folder of job folders"),
        );
    }
    let mut report = job_runner::job::check_path(path);
    add_task_name_clashes(path, &mut report);
    match args.format {
        Format::Text => {
            let problems = report.to_string();
            if !problems.is_empty() {
                output::eprint(redactor, &format!("{problems}\n"));
            }
            output::info(redactor, &summary(&report));
        }
        Format::Json => output::print_json(redactor, &report_json(&report)),
    }
    Ok(if report.is_ok() {
        exit_codes::SUCCESS
    } else {
        exit_codes::CONFIG
    })
}

/// Task names two job folders share where `serve` would refuse them (see
/// `serve::task_names`): the loader checks one folder at a time, so this
/// reads the folders once more, only when there are several.
fn add_task_name_clashes(path: &Path, report: &mut CheckReport) {
    if report.folders.len() < 2 {
        return;
    }
    let Ok(catalog) = job_runner::job::load_jobs_dir(path) else {
        return;
    };
    let clashes = super::serve::task_names::clashes(&catalog);
    if clashes.is_empty() {
        return;
    }
    report
        .diagnostics
        .extend(clashes.iter().map(super::serve::task_names::diagnostic));
    // In the order `check_path` gives: by file, then place.
    report.diagnostics.sort_by(|a, b| {
        a.file
            .path()
            .cmp(b.file.path())
            .then(a.span.start.cmp(&b.span.start))
    });
}

/// `checked 3 job folders: 2 errors, 1 warning`.
fn summary(report: &CheckReport) -> String {
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}",
        plural(report.folders.len(), "job folder"),
        plural(report.error_count(), "error"),
        plural(report.warning_count(), "warning")
    )
}

/// `{ok, folders, errors, warnings, problems: [{severity, message, file, line, column, hint}]}`.
fn report_json(report: &CheckReport) -> serde_json::Value {
    let mut problems: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let at = diagnostic.file.line_col(diagnostic.span.start);
            serde_json::json!({
                "severity": if diagnostic.is_error() { "error" } else { "warning" },
                "message": diagnostic.message,
                "file": diagnostic.file.path(),
                "line": at.line,
                "column": at.column,
                "hint": diagnostic.hint,
            })
        })
        .collect();
    problems.extend(report.path_problems.iter().map(|problem| {
        serde_json::json!({
            "severity": "error",
            "message": problem.message,
            "file": problem.path,
            "line": null,
            "column": null,
            "hint": problem.hint,
        })
    }));
    serde_json::json!({
        "ok": report.is_ok(),
        "folders": report.folders,
        "errors": report.error_count(),
        "warnings": report.warning_count(),
        "problems": problems,
    })
}
