//! Every job in `jobs/` is valid, and the Make job, driven through the
//! library API with a fake host, hands make-core exactly the seed's trigger.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use job_runner::eval::{Limits, execute, execute_task};
use job_runner::host::{Host, HostError, HttpRequest, HttpResponse, MakeTrigger};
use job_runner::job::{check_env, check_path, load_job, validate_inputs};
use job_runner::run::RunState;
use job_runner::value::Value;
use make_core::{TriggerReport, TriggerStatus};
use serde_json::json;

fn jobs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("jobs")
}

/// Records triggers and answers like Make accepting them; refuses all other effects.
#[derive(Default)]
struct RecordingHost {
    triggers: Mutex<Vec<MakeTrigger>>,
}

impl Host for RecordingHost {
    fn http_request(&self, _request: HttpRequest) -> Result<HttpResponse, HostError> {
        Err(HostError::Transport {
            message: "this test allows no HTTP requests".to_owned(),
        })
    }

    fn trigger_make(&self, trigger: MakeTrigger) -> Result<TriggerReport, HostError> {
        let report = TriggerReport::new(
            TriggerStatus::Success,
            "Scenario triggered successfully".to_owned(),
            trigger.scenario_name.clone(),
            200,
            json!("Accepted"),
        );
        self.triggers
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .push(trigger);
        Ok(report)
    }

    fn sleep(&self, _duration: Duration) -> Result<(), HostError> {
        Ok(())
    }

    fn now_ms(&self) -> i64 {
        1_700_000_000_000
    }
}

#[test]
fn every_shipped_job_passes_check_without_warnings() {
    let report = check_path(&jobs_dir());
    assert!(!report.folders.is_empty(), "no job folders found");
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.warning_count(), 0, "{report}");
}

#[test]
fn the_make_job_hands_the_seed_trigger_to_the_host() {
    let job = load_job(&jobs_dir().join("make-trigger-scenario")).expect("the Make job loads");
    assert_eq!(job.name, "Trigger Make Scenario");
    assert_eq!(job.env, ["make_webhook_url"]);
    let function = job.main_function().expect("main function");
    let inputs =
        validate_inputs(&function.inputs, &job.main_input).expect("default inputs are valid");
    let env = check_env(&job, |name| {
        (name == "make_webhook_url")
            .then(|| "https://hook.eu1.make.com/k3jd8x0qpl2mz7vbn4ty6rc1wa9s5x7k".to_owned())
    })
    .expect("env is complete");

    let host = RecordingHost::default();
    let result = execute(&job, inputs, &env, &host, &Limits::default());

    assert_eq!(result.state, RunState::Complete, "{:?}", result.error);
    let triggers = host.triggers.lock().expect("lock");
    assert_eq!(triggers.len(), 1);
    let trigger = &triggers[0];
    assert_eq!(trigger.scenario_name, "xano-data-sync");
    assert_eq!(
        trigger.payload,
        json!({
            "event": "user_signup",
            "user_id": 12345,
            "email": "user@example.com",
            "plan": "premium",
            "timestamp": "2024-01-15T10:30:00Z"
        })
    );
    assert_eq!(
        trigger.webhook_url.expose_secret().host_str(),
        Some("hook.eu1.make.com")
    );
    let response = result.response.expect("a response").to_json();
    assert_eq!(response["status"], "success");
    assert_eq!(response["http_status"], 200);
    assert_eq!(response["response_body"], "Accepted");
    // The job logs Make's answer through debug.log.
    assert_eq!(result.logs.len(), 1);
    assert_eq!(
        result.logs[0].value,
        Value::Text("Make answered 200: success".to_owned())
    );
}

#[test]
fn a_blank_scenario_name_is_refused_by_input_validation() {
    let job = load_job(&jobs_dir().join("make-trigger-scenario")).expect("the Make job loads");
    let function = job.main_function().expect("main function");
    let mut provided = job.main_input.clone();
    provided.insert("scenario_name".to_owned(), Value::Text("   ".to_owned()));
    let errors = validate_inputs(&function.inputs, &provided).expect_err("blank after trim");
    assert!(errors.to_string().contains("scenario_name"), "{errors}");
}

#[test]
fn the_make_job_s_nightly_task_triggers_through_its_function_every_midnight() {
    let job = load_job(&jobs_dir().join("make-trigger-scenario")).expect("the Make job loads");
    let task = job.tasks.get("nightly_trigger").expect("the nightly task");
    let midnight = 1_767_225_600_000; // 2026-01-01 00:00:00 UTC
    assert_eq!(
        task.schedule.next_after(midnight),
        Some(midnight + 86_400_000)
    );
    assert_eq!(task.retry.map(|retry| retry.max_retries), Some(2));
    let env = check_env(&job, |name| {
        (name == "make_webhook_url")
            .then(|| "https://hook.eu1.make.com/k3jd8x0qpl2mz7vbn4ty6rc1wa9s5x7k".to_owned())
    })
    .expect("env is complete");
    let inputs = validate_inputs(&task.function.inputs, &Default::default()).expect("no inputs");
    let host = RecordingHost::default();
    let result = execute_task(&job, task, inputs, &env, &host, &Limits::default());
    assert_eq!(result.state, RunState::Complete, "{:?}", result.error);
    let triggers = host.triggers.lock().expect("lock");
    assert_eq!(triggers.len(), 1);
    assert_eq!(triggers[0].scenario_name, "xano-nightly-sync");
    assert_eq!(triggers[0].payload, json!({"event": "nightly_sync"}));
    assert_eq!(
        result.response.expect("a response").to_json()["status"],
        "success"
    );
}
