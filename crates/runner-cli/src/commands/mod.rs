//! One module per subcommand; this one dispatches and holds what they share.

mod check;
pub(crate) mod db;
pub(crate) mod execute;
mod filters;
mod list;
pub(crate) mod runs;
mod serve;
mod tasks;
mod test;

use std::path::Path;

use std::sync::Arc;

use job_runner::job::{FindError, Job, JobCatalog, Task};

use crate::cli::{Cli, Command};
use crate::error::CliError;
use crate::redact::Redactor;

/// Runs the command and returns the process exit code.
pub(crate) fn run(cli: Cli, redactor: &Redactor) -> Result<i32, CliError> {
    match cli.command {
        Command::Execute(args) => execute::run(&cli.jobs_dir, &args, redactor),
        Command::List(args) => list::run(&cli.jobs_dir, &args, redactor),
        Command::Check(args) => check::run(&cli.jobs_dir, &args, redactor),
        Command::Tasks(args) => tasks::run(&cli.jobs_dir, &args, redactor),
        Command::Serve(args) => serve::run(&cli.jobs_dir, &args, redactor),
        Command::Test(args) => test::run(&cli.jobs_dir, &args, redactor),
        Command::Db(args) => db::run(&cli.jobs_dir, &args, redactor),
        Command::Runs(args) => runs::run(&cli.jobs_dir, args, redactor),
        Command::Filters { name } => filters::run(name.as_deref(), redactor),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // Into memory first: clap_complete panics on a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "runner-cli", &mut script);
            print_bytes(&script);
            Ok(crate::exit_codes::SUCCESS)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .map_err(|error| {
                    CliError::new(crate::exit_codes::JOB_FAILED, "cannot render the man page")
                        .caused_by(&error)
                })?;
            print_bytes(&page);
            Ok(crate::exit_codes::SUCCESS)
        }
    }
}

/// Generated text on stdout; a closed pipe (`| head`) is not an error.
fn print_bytes(bytes: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|()| out.flush());
}

/// Loads every job folder under `jobs_dir`; a missing folder is a usage error.
fn load_catalog(jobs_dir: &Path) -> Result<JobCatalog, CliError> {
    if !jobs_dir.is_dir() {
        return Err(CliError::usage(format!(
            "the jobs folder `{}` does not exist",
            jobs_dir.display()
        ))
        .with_hint(
            "run from the project's root, or pass `--jobs-dir DIR` (or set RUNNER_JOBS_DIR)",
        ));
    }
    job_runner::job::load_jobs_dir(jobs_dir).map_err(|error| {
        CliError::config(format!(
            "cannot read the jobs folder `{}`",
            jobs_dir.display()
        ))
        .caused_by(&error)
    })
}

/// The catalogue to select `wanted` from: only its folder when run.xs names
/// tell which it is, else every folder (see `load_jobs_dir_for`).
fn load_catalog_for(jobs_dir: &Path, wanted: &str) -> Result<JobCatalog, CliError> {
    if !jobs_dir.is_dir() {
        return load_catalog(jobs_dir);
    }
    job_runner::job::load_jobs_dir_for(jobs_dir, wanted).map_err(|error| {
        CliError::config(format!(
            "cannot read the jobs folder `{}`",
            jobs_dir.display()
        ))
        .caused_by(&error)
    })
}

/// Finds a task by name in every loaded job, or in `job` when it is given.
/// A name two jobs use is refused with both, so the wrong one never runs.
fn find_task<'a>(
    catalog: &'a JobCatalog,
    job: Option<&str>,
    name: &str,
) -> Result<(&'a Job, &'a Arc<Task>), CliError> {
    let jobs: Vec<&Job> = match job {
        Some(job) => vec![find_job(catalog, job)?],
        None => catalog.jobs().collect(),
    };
    let found: Vec<(&Job, &Arc<Task>)> = jobs
        .iter()
        .filter_map(|job| job.tasks.get(name).map(|task| (*job, task)))
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            let known: Vec<&str> = jobs
                .iter()
                .flat_map(|job| job.tasks.keys().map(String::as_str))
                .collect();
            let hint = match job_runner::suggest::closest(name, known.iter().copied()) {
                Some(close) => format!("did you mean `{close}`? `runner-cli tasks` lists them"),
                None if known.is_empty() => {
                    "no job has tasks: a task is a `task \"name\" { .. }` file in a job folder's `task/`".to_owned()
                }
                None => "`runner-cli tasks` lists the tasks".to_owned(),
            };
            let broken = catalog.failures().count();
            let error = CliError::usage(format!("no task `{name}`")).with_hint(hint);
            Err(if broken > 0 {
                error.with_details(format!(
                    "  {broken} job folder{} could not be loaded; `runner-cli check` shows why",
                    if broken == 1 { "" } else { "s" }
                ))
            } else {
                error
            })
        }
        several => Err(CliError::usage(format!(
            "task `{name}` is in several jobs: {}",
            several
                .iter()
                .map(|(job, _)| format!("`{}`", job.name))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_hint(format!(
            "name the job too: `runner-cli execute \"{}\" --task {name}`",
            several[0].0.name
        ))),
    }
}

/// Finds a job by name or folder: unknown is a usage error, a job whose files
/// are broken a configuration error showing every problem.
fn find_job<'a>(
    catalog: &'a JobCatalog,
    name: &str,
) -> Result<&'a job_runner::job::model::Job, CliError> {
    catalog.find(name).map_err(|error| match error {
        FindError::Unknown { .. } | FindError::Ambiguous { .. } => {
            CliError::usage(error.to_string()).with_hint("`runner-cli list` shows the jobs")
        }
        FindError::Invalid { .. } => CliError::config(error.to_string()).with_hint(
            "fix the problems above; `runner-cli check` lists them without running anything",
        ),
    })
}
