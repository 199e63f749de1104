//! Execution speed of a loop-heavy job: a `while` loop that updates a
//! variable N times, loaded from a job folder and run by the interpreter with
//! the default limits, side by side with two yardsticks:
//!
//! - the same job at 100,000 iterations: ten times fewer, so the two times
//!   should differ by ten if a run costs the same per iteration (no hidden
//!   quadratic cost in scopes, steps or logs);
//! - `baseline_rust_value_loop`: the same loop written in Rust over the
//!   interpreter's own `Value` and operators (`compare`, `add`), with the
//!   variable kept in a name-keyed map as a scope would: the work the job
//!   asks for, without the tree walking. The ratio is the interpreter's
//!   overhead.
//!
//! Issue 3's target: 1,000,000 iterations in under 1 s on this machine.
//! Run: `cargo bench -p job-runner --bench execute`.

use std::time::Duration;

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use indexmap::IndexMap;
use job_runner::eval::{Limits, execute};
use job_runner::host::{Host, HostError, HttpRequest, HttpResponse, MakeTrigger};
use job_runner::job::{Job, load_job};
use job_runner::value::{Object, Value, add};

fn main() {
    divan::main();
}

/// The loop job in a temporary job folder, loaded as the CLI loads it.
fn loop_job(iterations: u64) -> (tempfile::TempDir, Job) {
    let folder = tempfile::tempdir().expect("a temp dir");
    let run = "run.job \"Count\" {\n  main = { name: \"count\", input: {} }\n}\n";
    let function = format!(
        r#"function "count" {{
  stack {{
    var $i {{ value = 0 }}
    while ($i < {iterations}) {{
      each {{
        var.update $i {{ value = $i + 1 }}
      }}
    }}
  }}
  response = $i
}}
"#
    );
    std::fs::create_dir(folder.path().join("function")).expect("a function folder");
    std::fs::write(folder.path().join("run.xs"), run).expect("run.xs is written");
    std::fs::write(folder.path().join("function/count.xs"), function).expect("count.xs");
    let job = load_job(folder.path()).expect("the loop job loads");
    (folder, job)
}

/// The loop job has no effects; any call is a mistake in the bench.
struct NoEffects;

impl Host for NoEffects {
    fn http_request(&self, _: HttpRequest) -> Result<HttpResponse, HostError> {
        Err(HostError::Transport {
            message: "no network in benches".to_owned(),
        })
    }

    fn trigger_make(&self, _: MakeTrigger) -> Result<make_core::TriggerReport, HostError> {
        Err(HostError::Transport {
            message: "no network in benches".to_owned(),
        })
    }

    fn sleep(&self, _: Duration) -> Result<(), HostError> {
        Ok(())
    }

    fn now_ms(&self) -> i64 {
        0
    }
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 10, sample_size = 1)]
fn xanoscript_while_loop(bencher: Bencher, iterations: u64) {
    let (_folder, job) = loop_job(iterations);
    let limits = Limits::default();
    let env = IndexMap::new();
    bencher.counter(ItemsCount::new(iterations)).bench(|| {
        let result = execute(&job, Object::default(), &env, &NoEffects, &limits);
        assert_eq!(result.response, Some(Value::Int(iterations as i64)));
    });
}

#[divan::bench(args = [1_000_000], sample_count = 10, sample_size = 1)]
fn baseline_rust_value_loop(bencher: Bencher, iterations: u64) {
    let limit = Value::Int(iterations as i64);
    let one = Value::Int(1);
    bencher.counter(ItemsCount::new(iterations)).bench(|| {
        let mut scope: IndexMap<String, Value> = IndexMap::new();
        scope.insert("i".to_owned(), Value::Int(0));
        loop {
            let i = &scope["i"];
            let below = i
                .compare(black_box(&limit))
                .is_ok_and(|order| order.is_lt());
            if !below {
                break;
            }
            let next = add(i, black_box(&one)).unwrap_or_default();
            if let Some(slot) = scope.get_mut("i") {
                *slot = next;
            }
        }
        scope.swap_remove("i")
    });
}
