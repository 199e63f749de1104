//! Tasks: a job folder's `task/` files load with their schedules and run as
//! functions do, in the job's environment. Schedules are checked by
//! `tests/inputs/check/*task*` (what `check` prints) and by the `schedule`
//! module's own tests (the arithmetic).

use std::path::Path;

use indexmap::IndexMap;
use job_runner::eval::{Limits, execute_task};
use job_runner::job::{TaskRetry, load_job, validate_inputs};
use job_runner::run::RunState;
use job_runner::schedule::{ScheduleEntry, utc_text};
use job_runner::testing::TestHost;
use job_runner::value::{Object, Value};

const JAN_1: i64 = 1_767_225_600_000;
const HOUR_MS: i64 = 3_600_000;

fn clean_job() -> job_runner::job::Job {
    load_job(Path::new("tests/inputs/check/tasks_clean"))
        .unwrap_or_else(|failure| panic!("{failure}"))
}

#[test]
fn tasks_load_from_nested_task_folders_with_their_schedules() {
    let job = clean_job();
    let names: Vec<&str> = job.tasks.keys().map(String::as_str).collect();
    // Sorted by path: task/nightly.xs, task/reports/once.xs.
    assert_eq!(names, ["nightly_report", "year_end"]);
    let nightly = &job.tasks["nightly_report"];
    assert_eq!(
        nightly.description.as_deref(),
        Some("Build the day's report at midnight UTC, and again at 21:00")
    );
    assert_eq!(
        nightly.schedule.entries,
        [
            ScheduleEntry {
                starts_on_ms: JAN_1,
                freq_seconds: Some(86_400),
                ends_on_ms: None
            },
            ScheduleEntry {
                starts_on_ms: JAN_1 + 21 * HOUR_MS,
                freq_seconds: Some(86_400),
                ends_on_ms: Some(1_798_761_599_000)
            },
        ]
    );
    assert_eq!(
        nightly.retry,
        Some(TaskRetry {
            max_retries: 2,
            delay_seconds: 30
        })
    );
    assert_eq!(
        utc_text(nightly.schedule.next_after(JAN_1 + 1).expect("a next run")),
        "2026-01-01 21:00:00+0000"
    );
    let once = &job.tasks["year_end"];
    assert_eq!(once.schedule.entries[0].freq_seconds, None);
    assert_eq!(
        utc_text(once.schedule.entries[0].starts_on_ms),
        "2026-12-31 23:00:00+0000"
    );
    assert_eq!(once.retry, None);
    // A task is not a function of the job: `function.run` cannot call it.
    assert!(!job.functions.contains_key("nightly_report"));
}

#[test]
fn a_task_runs_its_stack_and_response_with_the_jobs_functions_and_env() {
    let job = clean_job();
    let task = &job.tasks["nightly_report"];
    let inputs = validate_inputs(&task.function.inputs, &Object::default())
        .unwrap_or_else(|errors| panic!("{errors}"));
    let mut env = IndexMap::new();
    env.insert(
        "report_webhook_url".to_owned(),
        "https://example.test/hook".to_owned(),
    );
    let host = TestHost::new("task");
    let result = execute_task(&job, task, inputs, &env, &host, &Limits::default());
    assert_eq!(result.state, RunState::Complete, "{:?}", result.error);
    let response = result.response.expect("a response").to_json();
    assert_eq!(response["period"], "day");
    assert_eq!(result.logs.len(), 1);
    assert_eq!(result.logs[0].value, Value::from("report for day to 25"));
    assert!(
        result.logs[0].location.contains("task/nightly.xs:10"),
        "{}",
        result.logs[0].location
    );
}

#[test]
fn a_task_given_inputs_uses_them() {
    let job = clean_job();
    let task = &job.tasks["nightly_report"];
    let mut given = Object::default();
    given.insert("period".to_owned(), Value::from("week"));
    let inputs =
        validate_inputs(&task.function.inputs, &given).unwrap_or_else(|errors| panic!("{errors}"));
    let host = TestHost::new("task");
    let result = execute_task(
        &job,
        task,
        inputs,
        &IndexMap::new(),
        &host,
        &Limits::default(),
    );
    assert_eq!(
        result.response.expect("a response").to_json()["period"],
        "week"
    );
}
