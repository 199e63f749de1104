//! Running a function: its frame, its blocks, and the dispatch of each
//! statement to the method that runs its kind.

use std::sync::Arc;

use indexmap::IndexMap;

use super::Limits;
use super::runtime::{Flow, Frame, Runtime, Vars};
use super::scope::Scope;
use crate::host::{Host, HostError};
use crate::job::{Function, Job};
use crate::program::{Block, Expr, Stmt, StmtKind, VarName};
use crate::run::{ErrorKind, LogLine, RunError, RunResult, RunState};
use crate::source::Span;
use crate::value::{Object, Value};

pub(super) fn run_function(
    job: &Job,
    function: &str,
    input: Object,
    env: &IndexMap<String, String>,
    host: &dyn Host,
    limits: &Limits,
    test_name: Option<&str>,
) -> RunResult {
    let main = job.functions.get(function).ok_or_else(|| RunError {
        kind: ErrorKind::NotFound,
        message: format!("function `{function}` does not exist in job `{}`", job.name),
        value: None,
        location: None,
    });
    run_resolved(job, main, input, env, host, limits, test_name)
}

/// Runs `main` (a function of the job, or a task's body) in the job.
pub(super) fn run_resolved(
    job: &Job,
    main: Result<&Arc<Function>, RunError>,
    input: Object,
    env: &IndexMap<String, String>,
    host: &dyn Host,
    limits: &Limits,
    test_name: Option<&str>,
) -> RunResult {
    let rt = Runtime::new(job, env, host, limits, test_name);
    let mut interpreter = Interpreter {
        rt: &rt,
        logs: Vec::new(),
        depth: 0,
    };
    let outcome = match main {
        Ok(main) => interpreter
            .call(main, input, main.span)
            .and_then(|response| {
                rt.check_written_size(main, main.span, &response)?;
                Ok(response)
            }),
        Err(error) => Err(Flow::Error(Box::new(error))),
    };
    tracing::debug!(steps = rt.steps(), elapsed = ?rt.elapsed(), "run finished");
    let logs = interpreter.logs;
    match outcome {
        Ok(response) => RunResult::completed(response, logs),
        Err(Flow::Cancelled) => RunResult {
            state: RunState::Cancelled,
            response: None,
            error: Some(RunError::new(ErrorKind::Cancelled, "the run was cancelled")),
            logs,
        },
        Err(Flow::Error(error) | Flow::Fatal(error)) => RunResult::failed(*error, logs),
        // `return` is handled by `call`; `break`/`continue` outside loops are refused by lowering.
        Err(Flow::Return(value)) => RunResult::completed(value, logs),
        Err(Flow::Break | Flow::Continue) => RunResult::completed(Value::Null, logs),
    }
}

pub(super) struct Interpreter<'r> {
    pub rt: &'r Runtime<'r>,
    pub logs: Vec<LogLine>,
    pub depth: usize,
}

type Outcome = Result<(), Flow>;

impl Interpreter<'_> {
    /// Calls a function with validated inputs: its stack, then its response.
    pub(super) fn call(
        &mut self,
        function: &Arc<Function>,
        input: Object,
        call_span: Span,
    ) -> Result<Value, Flow> {
        if self.depth >= self.rt.limits.max_call_depth {
            return Err(self.rt.depth_exceeded(function, call_span));
        }
        self.depth += 1;
        let mut frame = Frame {
            vars: Vars::default(),
            input: Value::object(input),
            function: Arc::clone(function),
        };
        let result = self.run_body(function, &mut frame);
        self.depth -= 1;
        result
    }

    fn run_body(&mut self, function: &Arc<Function>, frame: &mut Frame) -> Result<Value, Flow> {
        match self.block(frame, &function.stack) {
            Ok(()) | Err(Flow::Break | Flow::Continue) => {}
            Err(Flow::Return(value)) => return Ok(value),
            Err(other) => return Err(other),
        }
        match &function.response {
            Some(response) => Scope::new(self.rt, frame).value(response),
            None => Ok(Value::Null),
        }
    }

    pub(super) fn block(&mut self, frame: &mut Frame, block: &Block) -> Outcome {
        for statement in &block.statements {
            self.statement(frame, statement)?;
        }
        Ok(())
    }

    /// Runs one statement: counts its step, then hands it to the method
    /// for its kind (control flow in `control`, changes in place in
    /// `modify`, effects in `effects`, computed results in `compute`).
    fn statement(&mut self, frame: &mut Frame, stmt: &Stmt) -> Outcome {
        self.rt.step(&frame.function, stmt.span)?;
        let span = stmt.span;
        match &stmt.kind {
            StmtKind::Var(var) => self.var(frame, var),
            StmtKind::VarUpdate(update) => self.var_update(frame, span, update),
            StmtKind::Math(math) => self.math(frame, span, math),
            StmtKind::ArrayModify(modify) => self.array_modify(frame, span, modify),
            StmtKind::ArrayTake(take) => self.array_take(frame, span, take),
            StmtKind::TextModify(modify) => self.text_modify(frame, span, modify),
            StmtKind::FilterInPlace(filter) => self.filter_in_place(frame, span, filter),
            StmtKind::Conditional(conditional) => self.conditional(frame, conditional),
            StmtKind::Switch(switch) => self.switch(frame, switch),
            StmtKind::Foreach(foreach) => self.foreach(frame, span, foreach),
            StmtKind::For(for_loop) => self.for_loop(frame, span, for_loop),
            StmtKind::While(while_loop) => self.while_loop(frame, span, while_loop),
            StmtKind::Break => Err(Flow::Break),
            StmtKind::Continue => Err(Flow::Continue),
            StmtKind::Precondition(precondition) => self.precondition(frame, span, precondition),
            StmtKind::Throw(throw) => self.throw(frame, span, throw),
            StmtKind::TryCatch(try_catch) => self.try_catch(frame, try_catch),
            StmtKind::Return(value) => Err(Flow::Return(Scope::new(self.rt, frame).value(value)?)),
            StmtKind::Group(body) => self.block(frame, body),
            StmtKind::DebugLog(value) => self.debug_log(frame, span, value),
            StmtKind::FunctionRun(run) => self.function_run(frame, span, run),
            StmtKind::ApiRequest(request) => self.api_request(frame, span, request),
            StmtKind::MakeTrigger(trigger) => self.make_trigger(frame, span, trigger),
            StmtKind::Sleep(seconds) => self.sleep(frame, span, seconds),
            StmtKind::Db(db) => self.db(frame, span, db),
            StmtKind::ArrayQuery(query) => self.array_query(frame, span, query),
            StmtKind::ArraySet(set) => self.array_set(frame, span, set),
            StmtKind::FilterInto(filter) => self.filter_into(frame, span, filter),
            StmtKind::ObjectQuery(query) => self.object_query(frame, span, query),
            StmtKind::CreateUuid(alias) => {
                bind(frame, alias, Value::Text(uuid::Uuid::new_v4().to_string()));
                Ok(())
            }
            StmtKind::RandomNumber(random) => self.random_number(frame, span, random),
            StmtKind::Security(security) => self.security(frame, span, security),
        }
    }

    /// The value `mock = { "test name": value }` gives for the test being run, if any.
    pub(super) fn mocked(&self, frame: &Frame, mock: &Option<Expr>) -> Result<Option<Value>, Flow> {
        let (Some(test), Some(mock)) = (self.rt.test_name, mock) else {
            return Ok(None);
        };
        Ok(match Scope::new(self.rt, frame).value(mock)? {
            Value::Object(cases) => cases.get(test).cloned(),
            _ => None,
        })
    }

    /// Runs one loop iteration; `true` when the loop should stop (`break`).
    pub(super) fn loop_body(&mut self, frame: &mut Frame, body: &Block) -> Result<bool, Flow> {
        match self.block(frame, body) {
            Ok(()) | Err(Flow::Continue) => Ok(false),
            Err(Flow::Break) => Ok(true),
            Err(other) => Err(other),
        }
    }
}

/// Sets a variable, reusing its slot when it exists.
pub(super) fn assign(frame: &mut Frame, name: &VarName, value: Value) {
    frame.vars.set(name, value);
}

/// Stores a statement's result in its `as $name`, when it has one.
pub(super) fn bind(frame: &mut Frame, alias: &Option<VarName>, value: Value) {
    if let Some(name) = alias {
        assign(frame, name, value);
    }
}

/// Turns a host failure into the run's flow: a catchable error, or cancellation.
pub(super) fn host_result<T>(
    result: Result<T, HostError>,
    rt: &Runtime<'_>,
    function: &Function,
    span: Span,
) -> Result<T, Flow> {
    result.map_err(|error| match error {
        HostError::Cancelled => Flow::Cancelled,
        HostError::Transport { message } => rt.error(function, span, ErrorKind::Http, message),
        HostError::Rejected { kind, message } => rt.error(function, span, kind, message),
    })
}
