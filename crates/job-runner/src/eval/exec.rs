//! Statements: running blocks, loops, branches and errors.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;

use super::runtime::{Flow, Frame, Runtime};
use super::scope::Scope;
use super::{Limits, error_object};
use crate::host::{Host, HostError};
use crate::job::{Function, Job};
use crate::program::{Block, Expr, ObjectOp, Stmt, StmtKind};
use crate::run::{LogLine, RunError, RunResult, RunState};
use crate::source::Span;
use crate::value::{self, Object, Value};

pub(super) fn run_function(
    job: &Job,
    function: &str,
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
        responses: HashMap::new(),
    };
    let outcome = match job.functions.get(function) {
        Some(main) => interpreter.call(main, input, main.span),
        None => Err(Flow::Error(Box::new(RunError {
            kind: "notfound".to_owned(),
            message: format!("function `{function}` does not exist in job `{}`", job.name),
            value: None,
            location: None,
        }))),
    };
    tracing::debug!(steps = rt.steps(), elapsed = ?rt.elapsed(), "run finished");
    let logs = interpreter.logs;
    match outcome {
        Ok(response) => RunResult::completed(response, logs),
        Err(Flow::Cancelled) => RunResult {
            state: RunState::Cancelled,
            response: None,
            error: Some(RunError::new("cancelled", "the run was cancelled")),
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
    /// Each function's compiled `response = ...`, compiled on first use.
    responses: HashMap<String, Arc<Expr>>,
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
            vars: IndexMap::new(),
            input: Value::Object(input),
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
        let Some(response) = self.response_expr(function)? else {
            return Ok(Value::Null);
        };
        Scope::new(self.rt, frame).value(&response)
    }

    /// The function's compiled `response = ...`. A response the loader
    /// should have refused (say, an unknown filter) fails the run here
    /// rather than running with the filter silently dropped.
    fn response_expr(&mut self, function: &Function) -> Result<Option<Arc<Expr>>, Flow> {
        if let Some(compiled) = self.responses.get(&function.name) {
            return Ok(Some(Arc::clone(compiled)));
        }
        let Some(source) = function.response.as_ref() else {
            return Ok(None);
        };
        let (compiled, diagnostics) = crate::program::lower_expr(&function.file, source);
        if let Some(problem) = diagnostics.iter().find(|d| d.blocks_run()) {
            return Err(Flow::Error(Box::new(RunError {
                kind: "standard".to_owned(),
                message: format!(
                    "the response of function `{}`: {}",
                    function.name, problem.message
                ),
                value: None,
                location: Some(problem.location()),
            })));
        }
        let compiled = Arc::new(compiled);
        self.responses
            .insert(function.name.clone(), Arc::clone(&compiled));
        Ok(Some(compiled))
    }

    pub(super) fn block(&mut self, frame: &mut Frame, block: &Block) -> Outcome {
        for statement in &block.statements {
            self.statement(frame, statement)?;
        }
        Ok(())
    }

    fn statement(&mut self, frame: &mut Frame, stmt: &Stmt) -> Outcome {
        self.rt.step(&frame.function, stmt.span)?;
        let span = stmt.span;
        match &stmt.kind {
            StmtKind::Var { name, value, mock } => {
                let value = match self.mocked(frame, mock)? {
                    Some(mocked) => mocked,
                    None => Scope::new(self.rt, frame).value(value)?,
                };
                assign(frame, name, value);
            }
            StmtKind::VarUpdate { .. }
            | StmtKind::Math { .. }
            | StmtKind::ArrayModify { .. }
            | StmtKind::ArrayTake { .. }
            | StmtKind::TextModify { .. }
            | StmtKind::FilterInPlace { .. } => self.modify(frame, stmt)?,
            StmtKind::Conditional {
                branches,
                otherwise,
            } => {
                for (condition, body) in branches {
                    if Scope::new(self.rt, frame).eval(condition)?.is_truthy() {
                        return self.block(frame, body);
                    }
                }
                if let Some(body) = otherwise {
                    return self.block(frame, body);
                }
            }
            StmtKind::Switch {
                subject,
                cases,
                default,
            } => {
                let subject = Scope::new(self.rt, frame).value(subject)?;
                let mut matched = false;
                for case in cases {
                    if !matched {
                        matched = Scope::new(self.rt, frame)
                            .eval(&case.value)?
                            .loose_eq(&subject);
                    }
                    if matched {
                        self.block(frame, &case.body)?;
                        if case.breaks {
                            return Ok(());
                        }
                    }
                }
                if let Some(body) = default {
                    return self.block(frame, body);
                }
            }
            StmtKind::Foreach {
                list,
                item,
                index,
                body,
            } => {
                let items = match Scope::new(self.rt, frame).value(list)? {
                    Value::Array(items) => items,
                    Value::Null => Vec::new(),
                    Value::Object(object) => object.into_values().collect(),
                    other => {
                        return Err(self.rt.error(
                            &frame.function,
                            span,
                            "standard",
                            format!(
                                "`foreach` needs an array, got {} {}",
                                other.type_name(),
                                other.short_display()
                            ),
                        ));
                    }
                };
                for (i, each) in items.into_iter().enumerate() {
                    self.rt
                        .check_iterations(&frame.function, span, i as u64 + 1)?;
                    if let Some(name) = item {
                        assign(frame, name, each);
                    }
                    if let Some(name) = index {
                        assign(frame, name, Value::Int(i as i64));
                    }
                    if self.loop_body(frame, body)? {
                        break;
                    }
                }
            }
            StmtKind::For { count, index, body } => {
                let count_value = Scope::new(self.rt, frame).value(count)?;
                let Some(count) = count_value
                    .to_number()
                    .map(|n| n.as_f64())
                    .filter(|n| n.is_finite())
                else {
                    return Err(self.rt.error(
                        &frame.function,
                        span,
                        "standard",
                        format!(
                            "`for` needs a number of iterations, got {}",
                            count_value.short_display()
                        ),
                    ));
                };
                let count = count.max(0.0) as u64;
                for i in 0..count {
                    self.rt.check_iterations(&frame.function, span, i + 1)?;
                    if let Some(name) = index {
                        assign(frame, name, Value::Int(i as i64));
                    }
                    if self.loop_body(frame, body)? {
                        break;
                    }
                }
            }
            StmtKind::While { condition, body } => {
                let mut iterations: u64 = 0;
                while Scope::new(self.rt, frame).eval(condition)?.is_truthy() {
                    iterations += 1;
                    self.rt
                        .check_iterations(&frame.function, span, iterations)?;
                    if self.loop_body(frame, body)? {
                        break;
                    }
                }
            }
            StmtKind::Break => return Err(Flow::Break),
            StmtKind::Continue => return Err(Flow::Continue),
            StmtKind::Precondition {
                condition,
                error_type,
                message,
                payload,
            } => {
                let scope = Scope::new(self.rt, frame);
                if !scope.eval(condition)?.is_truthy() {
                    let kind = match error_type {
                        Some(expr) => scope.value(expr)?.to_text(),
                        None => "standard".to_owned(),
                    };
                    let message = match message {
                        Some(expr) => scope.value(expr)?.to_text(),
                        None => "precondition failed".to_owned(),
                    };
                    let value = match payload {
                        Some(expr) => Some(scope.value(expr)?).filter(|v| !v.is_null()),
                        None => None,
                    };
                    return Err(raised(kind, message, value, frame, span));
                }
            }
            StmtKind::Throw { name, value } => {
                let scope = Scope::new(self.rt, frame);
                let name = scope.value(name)?.to_text();
                let value = scope.value(value)?;
                let (message, value) = match value {
                    Value::Text(text) => (text, None),
                    other => (other.to_text(), Some(other)),
                };
                return Err(raised(name, message, value, frame, span));
            }
            StmtKind::TryCatch {
                body,
                catch,
                finally,
            } => {
                let mut outcome = self.block(frame, body);
                if let Err(Flow::Error(error)) = outcome {
                    assign(frame, "error", error_object(&error));
                    outcome = self.block(frame, catch);
                }
                if let Some(finally) = finally {
                    // A cancelled or limited run stops at once, finally or not.
                    if !matches!(outcome, Err(Flow::Fatal(_) | Flow::Cancelled)) {
                        self.block(frame, finally)?;
                    }
                }
                return outcome;
            }
            StmtKind::Return { value } => {
                return Err(Flow::Return(Scope::new(self.rt, frame).value(value)?));
            }
            StmtKind::DebugLog { value } => {
                let value = Scope::new(self.rt, frame).value(value)?;
                let location = Runtime::location(&frame.function, span);
                let shown = self.rt.host.redact_value(&value);
                let text = shown.as_ref().unwrap_or(&value).to_text();
                let text = self.rt.host.redact(&text);
                tracing::info!(target: "xanoscript::debug_log", %location, "{text}");
                self.logs.push(LogLine { location, value });
            }
            StmtKind::Group { body } => return self.block(frame, body),
            StmtKind::FunctionRun {
                name,
                input,
                alias,
                mock,
            } => {
                let result = match self.mocked(frame, mock)? {
                    Some(mocked) => mocked,
                    None => self.function_run(frame, span, name, input.as_ref())?,
                };
                bind(frame, alias, result);
            }
            StmtKind::ApiRequest { .. } => {
                let (result, alias) = self.api_request(frame, stmt)?;
                bind(frame, &alias, result);
            }
            StmtKind::MakeTrigger { .. } => {
                let (result, alias) = self.make_trigger(frame, stmt)?;
                bind(frame, &alias, result);
            }
            StmtKind::ArrayQuery {
                op,
                list,
                by,
                alias,
            } => {
                let result = self.array_query(frame, span, *op, list, by)?;
                bind(frame, alias, result);
            }
            StmtKind::ArraySet {
                op,
                list,
                other,
                by,
                alias,
            } => {
                let result = self.array_set(frame, span, *op, list, other, by.as_ref())?;
                bind(frame, alias, result);
            }
            StmtKind::FilterInto {
                subject,
                filter,
                args,
                alias,
            } => {
                let scope = Scope::new(self.rt, frame);
                let input = scope.value(subject)?;
                let result = scope.apply_filter(span, filter, &input, args)?;
                bind(frame, alias, result);
            }
            StmtKind::ObjectQuery { op, value, alias } => {
                let value = Scope::new(self.rt, frame).value(value)?;
                let result = match (op, value) {
                    (ObjectOp::Keys, Value::Object(o)) => {
                        Value::Array(o.into_keys().map(Value::Text).collect())
                    }
                    (ObjectOp::Values, Value::Object(o)) => Value::Array(o.into_values().collect()),
                    (ObjectOp::Entries, Value::Object(o)) => Value::Array(
                        o.into_iter()
                            .map(|(key, value)| {
                                let mut entry = Object::new();
                                entry.insert("key".to_owned(), Value::Text(key));
                                entry.insert("value".to_owned(), value);
                                Value::Object(entry)
                            })
                            .collect(),
                    ),
                    (_, Value::Null) => Value::Array(Vec::new()),
                    (_, other) => {
                        return Err(self.rt.error(
                            &frame.function,
                            span,
                            "standard",
                            format!("`object.*` needs an object, got {}", other.type_name()),
                        ));
                    }
                };
                bind(frame, alias, result);
            }
            StmtKind::Sleep { seconds } => {
                let value = Scope::new(self.rt, frame).value(seconds)?;
                let Some(seconds) = value
                    .to_number()
                    .map(|n| n.as_f64())
                    .filter(|s| s.is_finite() && *s >= 0.0)
                else {
                    return Err(self.rt.error(
                        &frame.function,
                        span,
                        "standard",
                        format!(
                            "`util.sleep` needs a number of seconds, got {}",
                            value.short_display()
                        ),
                    ));
                };
                let wanted = std::time::Duration::from_secs_f64(
                    seconds.min(self.rt.limits.max_wall_time.as_secs_f64()),
                );
                if self.rt.elapsed() + wanted > self.rt.limits.max_wall_time {
                    return Err(Flow::Fatal(Box::new(RunError {
                        kind: "limit".to_owned(),
                        message: format!(
                            "sleeping {seconds} s would run past the job's time limit of {} s",
                            self.rt.limits.max_wall_time.as_secs()
                        ),
                        value: None,
                        location: Some(Runtime::location(&frame.function, span)),
                    })));
                }
                host_result(self.rt.host.sleep(wanted), self.rt, &frame.function, span)?;
            }
            StmtKind::Db(db) => return self.db(frame, span, db),
            StmtKind::CreateUuid { alias } => {
                bind(frame, alias, Value::Text(uuid::Uuid::new_v4().to_string()));
            }
            StmtKind::RandomNumber { min, max, alias } => {
                let scope = Scope::new(self.rt, frame);
                let bound = |expr: &Option<Expr>, default: i64| -> Result<i64, Flow> {
                    let Some(expr) = expr else { return Ok(default) };
                    let value = scope.value(expr)?;
                    match value.to_number() {
                        Some(value::Number::Int(i)) => Ok(i),
                        Some(value::Number::Decimal(d)) if d.is_finite() => Ok(d as i64),
                        _ => Err(self.rt.error(
                            &frame.function,
                            span,
                            "standard",
                            format!(
                                "`security.random_number` needs int bounds, got {}",
                                value.short_display()
                            ),
                        )),
                    }
                };
                let (low, high) = (bound(min, 0)?, bound(max, 9_007_199_254_740_991)?);
                if low > high {
                    return Err(self.rt.error(
                        &frame.function,
                        span,
                        "standard",
                        format!(
                            "`security.random_number`: `min` ({low}) is greater than `max` ({high})"
                        ),
                    ));
                }
                let number = rand::random_range(low..=high);
                bind(frame, alias, Value::Int(number));
            }
        }
        Ok(())
    }

    /// The value `mock = { "test name": value }` gives for the test being run, if any.
    pub(super) fn mocked(&self, frame: &Frame, mock: &Option<Expr>) -> Result<Option<Value>, Flow> {
        let (Some(test), Some(mock)) = (self.rt.test_name, mock) else {
            return Ok(None);
        };
        Ok(match Scope::new(self.rt, frame).value(mock)? {
            Value::Object(mut cases) => cases.swap_remove(test),
            _ => None,
        })
    }

    /// Runs one loop iteration; `true` when the loop should stop (`break`).
    fn loop_body(&mut self, frame: &mut Frame, body: &Block) -> Result<bool, Flow> {
        match self.block(frame, body) {
            Ok(()) | Err(Flow::Continue) => Ok(false),
            Err(Flow::Break) => Ok(true),
            Err(other) => Err(other),
        }
    }
}

/// Sets a variable, reusing its slot when it exists.
pub(super) fn assign(frame: &mut Frame, name: &str, value: Value) {
    match frame.vars.get_mut(name) {
        Some(slot) => *slot = value,
        None => {
            frame.vars.insert(name.to_owned(), value);
        }
    }
}

/// The error a `precondition` or `throw` raises: its kind defaults to
/// `standard`, as Xano's does, and it points at the statement.
fn raised(kind: String, message: String, value: Option<Value>, frame: &Frame, span: Span) -> Flow {
    Flow::Error(Box::new(RunError {
        kind: if kind.is_empty() {
            "standard".to_owned()
        } else {
            kind
        },
        message,
        value,
        location: Some(Runtime::location(&frame.function, span)),
    }))
}

/// Stores a statement's result in its `as $name`, when it has one.
pub(super) fn bind(frame: &mut Frame, alias: &Option<String>, value: Value) {
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
        HostError::Transport { message } => rt.error(function, span, "http", message),
        HostError::Rejected { kind, message } => rt.error(function, span, &kind, message),
    })
}
