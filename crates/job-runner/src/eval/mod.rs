//! The interpreter: runs a job's main function, statement by statement, and
//! reports a [`RunResult`].
//!
//! It is a synchronous tree walker over the lowered program. Every effect on
//! the world (HTTP, Make triggers, sleeping, the clock) goes through
//! [`Host`], so the interpreter itself never touches the network. Runaway jobs
//! are stopped by [`Limits`]; the interpreter runs on a thread of its own with
//! a large stack, so deep recursion ends with a `limit` error, never a crash.

use std::cell::Cell;
use std::thread::{Scope, ScopedJoinHandle};
use std::time::Duration;

use indexmap::IndexMap;

use crate::host::Host;
use crate::job::Job;
use crate::run::{ErrorKind, RunError, RunResult};
use crate::value::{Object, Value};

mod compute;
mod control;
mod db;
mod effects;
mod exec;
mod lists;
mod modify;
mod place;
mod runtime;
mod scope;
mod security;

/// Bounds on one run. The defaults never stop a sane job.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Iterations of any single loop.
    pub max_loop_iterations: u64,
    /// Statements, loop iterations and filter items, over the whole run.
    pub max_steps: u64,
    /// Nested `function.run` calls (recursion depth).
    pub max_call_depth: usize,
    /// Time from start to end of the run, sleeps included.
    pub max_wall_time: Duration,
    /// Memory in use, as the host measures it ([`Host::memory_in_use`]);
    /// a job whose values outgrow it ends with a `limit` error.
    pub max_memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_loop_iterations: 10_000_000,
            max_steps: 100_000_000,
            max_call_depth: 200,
            max_wall_time: Duration::from_secs(300),
            max_memory_bytes: 2 * 1024 * 1024 * 1024,
        }
    }
}

/// The stack of the interpreter's thread: deep enough for `max_call_depth`
/// nested calls with nested blocks in each; only touched pages are committed.
const INTERPRETER_STACK: usize = 256 * 1024 * 1024;

/// Stack one level of `function.run` may take, with room to spare: about
/// 45 KiB was measured in a debug build, far less in a release one.
const STACK_PER_CALL: usize = 64 * 1024;

/// The deepest `max_call_depth` the interpreter accepts: its stack is
/// sized from the depth, and this keeps that reservation near 1.3 GB.
pub const MAX_CALL_DEPTH: usize = 20_000;

/// The interpreter's stack for `limits`: large enough for `max_call_depth`
/// nested calls. Only the pages a run touches are ever backed by memory.
fn stack_size(limits: &Limits) -> usize {
    let depth = limits.max_call_depth.min(MAX_CALL_DEPTH);
    INTERPRETER_STACK.max(depth.saturating_mul(STACK_PER_CALL))
}

thread_local! {
    /// Set on threads started by [`spawn_interpreter_thread`], whose stack is
    /// already large enough: runs there skip spawning a thread of their own.
    static ON_INTERPRETER_STACK: Cell<bool> = const { Cell::new(false) };
}

/// Starts a scoped thread with the interpreter's large stack, for callers that
/// run many jobs one after another (batch workers): every [`execute`] on it
/// runs in place instead of starting (and tearing down) a thread per run.
pub fn spawn_interpreter_thread<'scope, 'env, T: Send + 'scope>(
    scope: &'scope Scope<'scope, 'env>,
    name: &str,
    limits: &Limits,
    work: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .stack_size(stack_size(limits))
        .spawn_scoped(scope, move || {
            ON_INTERPRETER_STACK.with(|flag| flag.set(true));
            work()
        })
}

/// Runs the job's main function with `input` (already validated and
/// defaulted by the caller) and the environment `env`.
pub fn execute(
    job: &Job,
    input: Object,
    env: &IndexMap<String, String>,
    host: &dyn Host,
    limits: &Limits,
) -> RunResult {
    execute_function(job, &job.main, input, env, host, limits, None)
}

/// Runs any function of the job with validated `input`. With `test_name`
/// (an inline test's name), statements whose `mock = { "name": value }`
/// has that key yield the value instead of running: `var`, `api.request`,
/// `function.run` and `make.trigger_scenario` never touch the host then.
pub fn execute_function(
    job: &Job,
    function: &str,
    input: Object,
    env: &IndexMap<String, String>,
    host: &dyn Host,
    limits: &Limits,
    test_name: Option<&str>,
) -> RunResult {
    on_interpreter_stack(limits, move || {
        exec::run_function(job, function, input, env, host, limits, test_name)
    })
}

/// Runs a task of the job (its input, stack and response) with validated
/// `input`, in the job's environment, as [`execute`] runs the main function.
pub fn execute_task(
    job: &Job,
    task: &crate::job::Task,
    input: Object,
    env: &IndexMap<String, String>,
    host: &dyn Host,
    limits: &Limits,
) -> RunResult {
    on_interpreter_stack(limits, move || {
        exec::run_resolved(job, Ok(&task.function), input, env, host, limits, None)
    })
}

/// Runs `run` on a thread with the interpreter's stack (in place when
/// already on one).
fn on_interpreter_stack(limits: &Limits, run: impl FnOnce() -> RunResult + Send) -> RunResult {
    if ON_INTERPRETER_STACK.with(Cell::get) {
        return run();
    }
    std::thread::scope(|threads| {
        let spawned = std::thread::Builder::new()
            .name("xanoscript".to_owned())
            .stack_size(stack_size(limits))
            .spawn_scoped(threads, run);
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                RunResult::failed(
                    RunError::new(
                        ErrorKind::Internal,
                        "the interpreter crashed; please report this job as a bug",
                    ),
                    Vec::new(),
                )
            }),
            Err(error) => RunResult::failed(
                RunError::new(
                    ErrorKind::Internal,
                    format!("could not start the interpreter thread: {error}"),
                ),
                Vec::new(),
            ),
        }
    })
}

/// Evaluates one expression outside any statement, as an inline test reads
/// its `input` and assertions: `vars` are the only variables it sees (a test
/// binds `$response`), `input` is `$input`. Runs on the caller's thread:
/// an expression is as deep as its source text, never as deep as a recursion.
#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    job: &Job,
    function: &std::sync::Arc<crate::job::Function>,
    expr: &crate::program::Expr,
    vars: IndexMap<String, Value>,
    input: Value,
    env: &IndexMap<String, String>,
    host: &dyn Host,
    limits: &Limits,
) -> Result<Value, Box<RunError>> {
    let rt = runtime::Runtime::new(job, env, host, limits, None);
    let frame = runtime::Frame {
        vars: vars.into_iter().collect(),
        input,
        function: std::sync::Arc::clone(function),
    };
    match scope::Scope::new(&rt, &frame).value(expr) {
        Ok(value) => Ok(value),
        Err(runtime::Flow::Error(error) | runtime::Flow::Fatal(error)) => Err(error),
        Err(_) => Err(Box::new(RunError {
            kind: ErrorKind::Standard,
            message: "the expression did not produce a value".to_owned(),
            value: None,
            location: None,
        })),
    }
}

/// What `$error` holds in a `catch` block: `{name, code, message, result}`.
pub fn error_object(error: &RunError) -> Value {
    let mut object = Object::default();
    object.insert("name".to_owned(), Value::from(error.kind.as_str()));
    object.insert("code".to_owned(), Value::from(error.kind.code()));
    object.insert("message".to_owned(), Value::from(error.message.as_str()));
    object.insert("result".to_owned(), error.value.clone().unwrap_or_default());
    Value::object(object)
}
