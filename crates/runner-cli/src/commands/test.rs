//! `runner-cli test`: run the inline `test` blocks of job functions and
//! report each result, then `N passed, N failed`.
//!
//! Tests never touch the network (requests without a mock fail the test)
//! and see no environment variables, so they run the same on any machine.
//! Results are the command's data, so they go to stdout: as text, or as
//! one JSON document (`--format json`); `--junit FILE` writes them as JUnit
//! XML too. `--filter TEXT` runs only the tests whose name matches.

use std::path::Path;

use job_runner::job::model::Job;
use job_runner::testing::{TestOutcome, run_job_tests_matching};
use serde_json::json;

use crate::cli::{Format, TestArgs};
use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::redact::Redactor;

pub(crate) fn run(jobs_dir: &Path, args: &TestArgs, redactor: &Redactor) -> Result<i32, CliError> {
    let root = args.path.as_deref().unwrap_or(jobs_dir);
    let catalog = match &args.job {
        Some(name) => super::load_catalog_for(root, name)?,
        None => super::load_catalog(root)?,
    };
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
    let wanted = args.filter.as_deref().map(str::to_lowercase);
    let selected = |function: &str, test: &str| {
        wanted.as_deref().is_none_or(|wanted| {
            format!("{function} › {test}")
                .to_lowercase()
                .contains(wanted)
        })
    };
    let mut outcomes = Vec::new();
    for job in jobs {
        for outcome in run_job_tests_matching(job, &limits, Some(&databases), &selected) {
            if args.format == Format::Text {
                output::print(redactor, &output::paint(&render(&outcome)));
            }
            outcomes.push(outcome);
        }
    }
    let failed = outcomes.iter().filter(|outcome| !outcome.passed()).count();
    let passed = outcomes.len() - failed;
    if outcomes.is_empty() {
        let why = match &args.filter {
            Some(filter) => format!("no test matches `--filter {filter}`"),
            None => "no inline tests found: add `test \"name\" { input = {..} expect.to_equal ($response) { value = .. } }` to a function".to_owned(),
        };
        output::eprint(redactor, &why);
    }
    if let Some(path) = &args.junit {
        write_junit(path, &outcomes, redactor)?;
    }
    match args.format {
        Format::Text => output::print(redactor, &format!("{passed} passed, {failed} failed")),
        Format::Json => output::print_json(
            redactor,
            &json!({
                "passed": passed,
                "failed": failed,
                "tests": outcomes.iter().map(outcome_json).collect::<Vec<_>>(),
            }),
        ),
    }
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

fn outcome_json(outcome: &TestOutcome) -> serde_json::Value {
    json!({
        "job": outcome.job,
        "function": outcome.function,
        "test": outcome.test,
        "location": outcome.location,
        "passed": outcome.passed(),
        "failures": outcome.failures.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

/// JUnit XML, which CI systems read: a suite per job, a case per test.
fn write_junit(path: &Path, outcomes: &[TestOutcome], redactor: &Redactor) -> Result<(), CliError> {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    let mut jobs: Vec<&str> = outcomes
        .iter()
        .map(|outcome| outcome.job.as_str())
        .collect();
    jobs.dedup();
    for job in jobs {
        let cases: Vec<&TestOutcome> = outcomes
            .iter()
            .filter(|outcome| outcome.job == job)
            .collect();
        let failures = cases.iter().filter(|case| !case.passed()).count();
        xml.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">\n",
            xml_escape(job),
            cases.len()
        ));
        for case in cases {
            xml.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml_escape(&format!("{job}.{}", case.function)),
                xml_escape(&case.test)
            ));
            if case.passed() {
                xml.push_str("/>\n");
                continue;
            }
            let text: Vec<String> = case.failures.iter().map(ToString::to_string).collect();
            xml.push_str(&format!(
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                xml_escape(&format!("failed at {}", case.location)),
                xml_escape(&text.join("\n"))
            ));
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    // A report file is written output too: scrubbed like stdout.
    let xml = redactor.redact(&xml);
    std::fs::write(path, xml.as_bytes()).map_err(|error| {
        CliError::new(
            exit_codes::JOB_FAILED,
            format!("cannot write the JUnit report `{}`", path.display()),
        )
        .caused_by(&error)
    })
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}
