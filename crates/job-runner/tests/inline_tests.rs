//! Inline tests over `tests/inputs/testing/*.xs`, one behaviour per file.
//!
//! Each file is the one function file of a job whose `main` is its first
//! function. The snapshot shows every test's result as `runner-cli test`
//! prints it (`ok` / `FAILED` with each failure), then `N passed, N failed`;
//! or the diagnostics when the job does not load (files named `err_*`).

use std::path::Path;

use job_runner::eval::Limits;
use job_runner::job::load_job;
use job_runner::testing::{TestOutcome, run_job_tests};

/// Builds a job folder around one function file, in a temporary folder.
fn job_folder(path: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let text = std::fs::read_to_string(path).expect("test input is readable");
    let main = text
        .split("function \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the file declares a function");
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("job");
    std::fs::create_dir_all(folder.join("function")).expect("folders");
    std::fs::write(
        folder.join("run.xs"),
        format!("run.job \"Testing\" {{\n  main = {{ name: \"{main}\" }}\n}}\n"),
    )
    .expect("run.xs");
    let name = path.file_name().expect("a file name");
    std::fs::write(folder.join("function").join(name), text).expect("function file");
    (dir, folder)
}

fn render(outcome: &TestOutcome) -> String {
    let title = format!("{} › {}", outcome.function, outcome.test);
    if outcome.passed() {
        return format!("ok     {title}\n");
    }
    let mut text = format!("FAILED {title} ({})\n", outcome.location);
    for failure in &outcome.failures {
        for line in failure.to_string().lines() {
            text.push_str(&format!("    {line}\n"));
        }
    }
    text
}

/// Loads the job, runs its tests and renders what happened.
fn run_file(path: &Path) -> String {
    let (dir, folder) = job_folder(path);
    let shown = match load_job(&folder) {
        Err(failure) => format!("diagnostics:\n{failure}\n"),
        Ok(job) => {
            let mut shown = String::new();
            for warning in &job.warnings {
                shown.push_str(&format!("{warning}\n\n"));
            }
            let outcomes = run_job_tests(&job, &Limits::default());
            for outcome in &outcomes {
                shown.push_str(&render(outcome));
            }
            let passed = outcomes.iter().filter(|o| o.passed()).count();
            shown.push_str(&format!(
                "{passed} passed, {} failed\n",
                outcomes.len() - passed
            ));
            shown
        }
    };
    shown.replace(&dir.path().display().to_string(), "[TMP]")
}

#[test]
fn inline_test_inputs() {
    insta::glob!("inputs/testing/*.xs", |path| {
        insta::assert_snapshot!(run_file(path));
    });
}

/// The shipped Make job's own tests pass: success, 429 and 410, all mocked.
#[test]
fn the_make_job_tests_pass_without_the_network() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../jobs/make-trigger-scenario");
    let job = load_job(&folder).unwrap_or_else(|failure| panic!("{failure}"));
    let outcomes = run_job_tests(&job, &Limits::default());
    assert!(outcomes.len() >= 3, "{outcomes:?}");
    for outcome in &outcomes {
        assert!(outcome.passed(), "{}", render(outcome));
    }
}
