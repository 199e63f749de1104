//! The state of one run shared by every function call: the host, the
//! environment, the limits and their counters, and how errors are located.

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indexmap::IndexMap;

use super::Limits;
use crate::filters::FilterError;
use crate::host::Host;
use crate::job::{Function, Job};
use crate::program::VarName;
use crate::run::{ErrorKind, RunError};
use crate::source::Span;
use crate::value::{Object, Value};

/// How a statement ended when it did not simply finish.
#[derive(Debug)]
pub(crate) enum Flow {
    /// An error `try_catch` can catch.
    Error(Box<RunError>),
    /// An error nothing catches: a limit was reached.
    Fatal(Box<RunError>),
    /// `return`: the function's response.
    Return(Value),
    Break,
    Continue,
    /// The host reported that the run was cancelled.
    Cancelled,
}

/// A function call's variables, in the order they were first set (the
/// order `$var` lists them in). A function has a handful, so finding one by
/// comparing interned ids beats hashing its name.
#[derive(Default)]
pub(crate) struct Vars {
    entries: Vec<(VarName, Value)>,
}

impl Vars {
    /// Where the variable is, to change it through [`Vars::at_mut`].
    #[inline]
    pub(crate) fn position(&self, name: &VarName) -> Option<usize> {
        let id = name.id();
        let guess = name.position_hint();
        if let Some((each, _)) = self.entries.get(guess)
            && each.id() == id
        {
            return Some(guess);
        }
        let found = self.entries.iter().position(|(each, _)| each.id() == id)?;
        name.remember_position(found);
        Some(found)
    }

    pub(crate) fn at_mut(&mut self, position: usize) -> &mut Value {
        &mut self.entries[position].1
    }

    #[inline]
    pub(crate) fn get(&self, name: &VarName) -> Option<&Value> {
        self.position(name).map(|i| &self.entries[i].1)
    }

    /// Sets a variable, declaring it when it is not set yet.
    pub(crate) fn set(&mut self, name: &VarName, value: Value) {
        match self.position(name) {
            Some(i) => self.entries[i].1 = value,
            None => {
                name.remember_position(self.entries.len());
                self.entries.push((name.clone(), value));
            }
        }
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(name, _)| name.as_str())
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }
}

impl FromIterator<(String, Value)> for Vars {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(pairs: I) -> Self {
        let mut vars = Vars::default();
        for (name, value) in pairs {
            vars.set(&VarName::new(&name), value);
        }
        vars
    }
}

/// One function call's variables and inputs.
pub(crate) struct Frame {
    pub vars: Vars,
    pub input: Value,
    pub function: Arc<Function>,
}

pub(crate) struct Runtime<'r> {
    pub job: &'r Job,
    pub env: &'r IndexMap<String, String>,
    pub host: &'r dyn Host,
    pub limits: &'r Limits,
    /// The inline test being run, whose name selects `mock = {...}` values.
    pub test_name: Option<&'r str>,
    steps: Cell<u64>,
    started: Instant,
    /// The reason an argument expression failed inside a filter, kept until
    /// the filter returns [`FilterError::Interrupted`].
    pending: RefCell<Option<Flow>>,
}

impl<'r> Runtime<'r> {
    pub(crate) fn new(
        job: &'r Job,
        env: &'r IndexMap<String, String>,
        host: &'r dyn Host,
        limits: &'r Limits,
        test_name: Option<&'r str>,
    ) -> Self {
        Runtime {
            job,
            env,
            host,
            limits,
            test_name,
            steps: Cell::new(0),
            started: Instant::now(),
            pending: RefCell::new(None),
        }
    }

    /// `path:line:col` of a span in a function's file.
    pub(crate) fn location(function: &Function, span: Span) -> String {
        let at = function.file.line_col(span.start);
        format!(
            "{}:{}:{}",
            function.file.path().display(),
            at.line,
            at.column
        )
    }

    /// A catchable error of `kind` at `span`.
    pub(crate) fn error(
        &self,
        function: &Function,
        span: Span,
        kind: ErrorKind,
        message: impl Into<String>,
    ) -> Flow {
        Flow::Error(Box::new(RunError {
            kind,
            message: message.into(),
            value: None,
            location: Some(Self::location(function, span)),
        }))
    }

    /// Bytes the run may still allocate, when the host measures memory.
    pub(crate) fn memory_left(&self) -> Option<u64> {
        let in_use = self.host.memory_in_use()?;
        Some(self.limits.max_memory_bytes.saturating_sub(in_use))
    }

    /// What the comparisons of one step may walk (see `CompareBudget`).
    #[inline]
    pub(crate) fn compare_budget(&self) -> crate::value::CompareBudget {
        crate::value::CompareBudget::for_memory_limit(self.limits.max_memory_bytes)
    }

    /// After a comparison that walked many pairs (tens of milliseconds'
    /// work), looks at the clock: a loop of such comparisons, each within
    /// its budget, would otherwise run 1,024 of them between two looks.
    #[inline]
    pub(crate) fn compared(
        &self,
        budget: &crate::value::CompareBudget,
        function: &Function,
        span: Span,
    ) -> Result<(), Flow> {
        /// Pairs a comparison walks before the clock is read after it.
        const LONG_COMPARISON: u64 = 1 << 20;
        if budget.spent() >= LONG_COMPARISON {
            self.check_wall_time(function, span)?;
        }
        Ok(())
    }

    pub(crate) fn limit(&self, function: &Function, span: Span, message: String) -> Flow {
        Flow::Fatal(Box::new(RunError {
            kind: ErrorKind::Limit,
            message,
            value: None,
            location: Some(Self::location(function, span)),
        }))
    }

    /// Ends the run when its values grew past the memory limit: between
    /// steps, and between the items of a value one expression builds.
    pub(crate) fn check_memory(&self, function: &Function, span: Span) -> Result<(), Flow> {
        match self.host.memory_in_use() {
            Some(in_use) if in_use > self.limits.max_memory_bytes => Err(self.limit(
                function,
                span,
                format!(
                    "the job's values grew past the memory limit of {} MB ({} MB in use); it may be doubling a value in a loop (raise it with --max-memory MB if it is not)",
                    self.limits.max_memory_bytes / (1024 * 1024),
                    in_use / (1024 * 1024)
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Ends the run when writing `value` out (the response, a log line)
    /// would take more memory than is left. Values share their arrays and
    /// objects, so a few steps can build one that is small in memory but
    /// astronomically large once written out, and writing it must end the
    /// run, not exhaust the process.
    pub(crate) fn check_written_size(
        &self,
        function: &Function,
        span: Span,
        value: &Value,
    ) -> Result<(), Flow> {
        /// Bytes one value takes at least once written out and converted to JSON.
        const BYTES_PER_WRITTEN_VALUE: u64 = 48;
        let left = self.memory_left();
        let limit = left.map_or(u64::MAX, |left| left / BYTES_PER_WRITTEN_VALUE);
        match value.written_extent(limit) {
            crate::value::WrittenExtent::Fits => return Ok(()),
            crate::value::WrittenExtent::TooDeep => {
                let message = crate::filters::too_deep_to_write("writing this value").to_string();
                return Err(self.limit(function, span, message));
            }
            crate::value::WrittenExtent::TooLarge => {}
        }
        Err(self.limit(
            function,
            span,
            format!(
                "writing this value out would take more than the memory left under the limit of {} MB: it repeats the same arrays or objects many times over (raise it with --max-memory MB if it should fit)",
                self.limits.max_memory_bytes / (1024 * 1024)
            ),
        ))
    }

    /// Counts one step, and ends the run when the step, memory or time
    /// budget is spent. Runs before every statement: the common case (all
    /// budgets left) is inlined, the errors that end a run are not.
    #[inline]
    pub(crate) fn step(&self, function: &Function, span: Span) -> Result<(), Flow> {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > self.limits.max_steps {
            return Err(self.too_many_steps(function, span));
        }
        if let Some(in_use) = self.host.memory_in_use()
            && in_use > self.limits.max_memory_bytes
        {
            self.check_memory(function, span)?;
        }
        // Reading the clock every step would cost more than the step itself.
        if steps.is_multiple_of(1024) {
            self.check_wall_time(function, span)?;
        }
        Ok(())
    }

    #[cold]
    fn too_many_steps(&self, function: &Function, span: Span) -> Flow {
        self.limit(
            function,
            span,
            format!(
                "the job ran more than {} steps; it may be stuck in a loop (raise the step limit if it is not)",
                self.limits.max_steps
            ),
        )
    }

    #[inline(never)]
    fn check_wall_time(&self, function: &Function, span: Span) -> Result<(), Flow> {
        if self.started.elapsed() > self.limits.max_wall_time {
            return Err(self.limit(
                function,
                span,
                format!(
                    "the job ran longer than {}; it was stopped",
                    human_duration(self.limits.max_wall_time)
                ),
            ));
        }
        Ok(())
    }

    /// Ends a loop that iterated more than the limit allows.
    pub(crate) fn check_iterations(
        &self,
        function: &Function,
        span: Span,
        iterations: u64,
    ) -> Result<(), Flow> {
        if iterations > self.limits.max_loop_iterations {
            return Err(self.limit(
                function,
                span,
                format!(
                    "a loop ran more than {} iterations; it may never end (raise the loop limit if it should)",
                    self.limits.max_loop_iterations
                ),
            ));
        }
        Ok(())
    }

    pub(crate) fn depth_exceeded(&self, function: &Function, span: Span) -> Flow {
        self.limit(
            function,
            span,
            format!(
                "function calls nested deeper than {}; check for runaway recursion",
                self.limits.max_call_depth
            ),
        )
    }

    /// `$env.NAME`: the value of a declared variable; an undeclared name reads as null, with a warning.
    pub(crate) fn env_var(&self, name: &str) -> Value {
        if !self.job.env.iter().any(|declared| declared == name) {
            tracing::warn!(
                "`$env.{name}` is not declared in the job's `env` list, so it reads as null; add it to `env = [...]` in run.xs"
            );
            return Value::Null;
        }
        self.env
            .get(name)
            .map_or(Value::Null, |value| Value::Text(value.clone()))
    }

    /// `$env`: every declared variable.
    pub(crate) fn env_object(&self) -> Value {
        let object: Object = self
            .job
            .env
            .iter()
            .map(|name| {
                (
                    name.clone(),
                    self.env
                        .get(name)
                        .map_or(Value::Null, |v| Value::Text(v.clone())),
                )
            })
            .collect();
        Value::object(object)
    }

    pub(crate) fn set_pending(&self, flow: Flow) -> FilterError {
        *self.pending.borrow_mut() = Some(flow);
        FilterError::Interrupted
    }

    pub(crate) fn take_pending(&self) -> Flow {
        self.pending.borrow_mut().take().unwrap_or_else(|| {
            Flow::Error(Box::new(RunError {
                kind: ErrorKind::Standard,
                message: "a filter argument failed".to_owned(),
                value: None,
                location: None,
            }))
        })
    }

    pub(crate) fn steps(&self) -> u64 {
        self.steps.get()
    }

    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

fn human_duration(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds >= 60.0 && seconds % 60.0 == 0.0 {
        format!("{} min", seconds / 60.0)
    } else {
        format!("{seconds} s")
    }
}
