//! `runner-cli test`: run the inline `test` blocks of job functions and
//! report each result, then `N passed, N failed`.
//!
//! Tests never touch the network (requests without a mock fail the test)
//! and see no environment variables, so they run the same on any machine.
//! Results are the command's data, so they go to stdout.

use std::path::Path;

use job_runner::job::model::Job;
use job_runner::testing::{TestOutcome, run_job_tests_with};

use crate::cli::TestArgs;
use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::redact::Redactor;

pub(crate) fn run(jobs_dir: &Path, args: &TestArgs, redactor: &Redactor) -> Result<i32, CliError> {
    let root = args.path.as_deref().unwrap_or(jobs_dir);
    let catalog = super::load_catalog(root)?;
    let jobs: Vec<&Job> = match &args.job {
        Some(name) => vec![super::find_job(&catalog, name)?],
        None => {
            let failures: Vec<String> = catalog
                .failures()
                .map(|failure| failure.to_string())
                .collect();
            if !failures.is_empty() {
                let folders = match failures.len() {
                    1 => "1 job folder".to_owned(),
                    many => format!("{many} job folders"),
                };
                return Err(CliError::config(format!(
                    "{folders} in `{}` cannot be loaded, so no test ran",
                    root.display()
                ))
                .with_details(failures.join("\n\n"))
                .with_hint(
                    "fix the problems above; `runner-cli check` lists them, `--job NAME` tests one job",
                ));
            }
            catalog.jobs().collect()
        }
    };
    let limits = args.limits.to_limits();
    // Each test gets a database of its own, in memory, seeded from the items.
    let databases = crate::database::MemoryDatabases::new()?;
    let mut passed = 0;
    let mut failed = 0;
    for job in jobs {
        for outcome in run_job_tests_with(job, &limits, Some(&databases)) {
            output::print(redactor, &render(&outcome));
            if outcome.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }
    if passed + failed == 0 {
        output::eprint(
            redactor,
            "no inline tests found: add `test \"name\" { input = {..} expect.to_equal ($response) { value = .. } }` to a function",
        );
    }
    output::print(redactor, &format!("{passed} passed, {failed} failed"));
    Ok(if failed == 0 {
        exit_codes::SUCCESS
    } else {
        exit_codes::JOB_FAILED
    })
}

/// `ok     Job › function › test`, or `FAILED ...` with one block per failure.
fn render(outcome: &TestOutcome) -> String {
    let title = format!("{} › {} › {}", outcome.job, outcome.function, outcome.test);
    if outcome.passed() {
        return format!("ok     {title}");
    }
    let mut text = format!("FAILED {title} ({})", outcome.location);
    for failure in &outcome.failures {
        for line in failure.to_string().lines() {
            text.push_str("\n    ");
            text.push_str(line);
        }
    }
    text
}
