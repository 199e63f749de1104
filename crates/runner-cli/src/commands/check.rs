//! `runner-cli check`: parse and validate job folders without running anything.

use std::path::Path;

use job_runner::job::CheckReport;

use crate::cli::CheckArgs;
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
    let report = job_runner::job::check_path(path);
    let problems = report.to_string();
    if !problems.is_empty() {
        output::eprint(redactor, &format!("{problems}\n"));
    }
    output::info(redactor, &summary(&report));
    Ok(if report.is_ok() {
        exit_codes::SUCCESS
    } else {
        exit_codes::CONFIG
    })
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
