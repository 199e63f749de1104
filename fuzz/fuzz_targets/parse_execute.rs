//! Fuzz target: any bytes as a job's function file, loaded through the real
//! loader and run under tight [`Limits`] with a host that never touches the
//! network and never sleeps.
//!
//! The first function of the file becomes the job's `main`. Loading must end
//! in a job or diagnostics, and running must end in a result (a response or
//! a clear error): never a panic, a hang, a stack overflow or unbounded memory.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use indexmap::IndexMap;
use job_runner::eval::{Limits, execute};
use job_runner::host::{Host, HostError, HttpRequest, HttpResponse, MakeTrigger};
use job_runner::job::{load_job, validate_inputs};
use job_runner::source::SourceFile;
use job_runner::syntax::ast::Target;
use job_runner::syntax::parse_document;
use job_runner::value::{Object, Value};
use libfuzzer_sys::fuzz_target;

/// Small enough that one run takes milliseconds, large enough that loops,
/// recursion and filters still get exercised past their first iterations.
fn fuzz_limits() -> Limits {
    Limits {
        max_loop_iterations: 1_000,
        max_steps: 20_000,
        max_call_depth: 16,
        max_wall_time: Duration::from_millis(500),
        ..Limits::default()
    }
}

/// Answers every effect at once, from memory.
struct OfflineHost;

impl Host for OfflineHost {
    fn http_request(&self, request: HttpRequest) -> Result<HttpResponse, HostError> {
        if request.url.contains("fail") {
            return Err(HostError::Transport {
                message: "connection refused".to_owned(),
            });
        }
        let mut result = Object::new();
        result.insert("url".to_owned(), Value::from(request.url.as_str()));
        result.insert("method".to_owned(), Value::from(request.method.as_str()));
        result.insert("params".to_owned(), request.params.unwrap_or_default());
        Ok(HttpResponse {
            status: if request.url.contains("404") {
                404
            } else {
                200
            },
            headers: Object::new(),
            result: Value::Object(result),
        })
    }

    fn trigger_make(&self, trigger: MakeTrigger) -> Result<make_core::TriggerReport, HostError> {
        Ok(make_core::TriggerReport {
            status: make_core::TriggerStatus::Success,
            message: "accepted".to_owned(),
            scenario_name: trigger.scenario_name,
            http_status: 200,
            response_body: serde_json::Value::String("Accepted".to_owned()),
            response_truncated: false,
            attempts: 1,
            idempotency_key: None,
        })
    }

    fn sleep(&self, _duration: Duration) -> Result<(), HostError> {
        Ok(())
    }

    fn now_ms(&self) -> i64 {
        1_700_000_000_000
    }
}

/// One job folder per fuzzing process, rewritten for every input.
fn job_folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("job-runner-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(folder.join("function")).expect("the temp dir is writable");
        folder
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Find the first function's name, to point run.xs's `main` at it.
    let file = SourceFile::new("function/main.xs", text);
    let Ok(document) = parse_document(&file) else {
        return;
    };
    let Some(main) = document.items.iter().find_map(|item| match &item.target {
        Some(Target::Text(name) | Target::Word(name)) if item.name.text == "function" => {
            Some(name.text.clone())
        }
        _ => None,
    }) else {
        return;
    };
    if main.contains(['"', '\\', '\n', '\r']) {
        return;
    }
    let folder = job_folder();
    let run_xs = format!("run.job \"Fuzz\" {{\n  main = {{ name: \"{main}\", input: {{}} }}\n}}\n");
    if std::fs::write(folder.join("run.xs"), run_xs).is_err()
        || std::fs::write(folder.join("function").join("main.xs"), data).is_err()
    {
        return;
    }
    let job = match load_job(folder) {
        Ok(job) => job,
        Err(failure) => {
            std::hint::black_box(failure.to_string());
            return;
        }
    };
    let Some(function) = job.main_function() else {
        return;
    };
    let Ok(input) = validate_inputs(&function.inputs, &job.main_input) else {
        return;
    };
    let result = execute(&job, input, &IndexMap::new(), &OfflineHost, &fuzz_limits());
    std::hint::black_box(serde_json::to_string(&result).ok());
});
