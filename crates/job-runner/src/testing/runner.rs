//! Running inline tests: the function with the test's input under the
//! test's name (so its mocks apply), then each assertion against `$response`.

use std::sync::Arc;

use indexmap::IndexMap;

use crate::eval::{Limits, evaluate, execute_function};
use crate::host::{Host, TestDatabases};
use crate::job::{Function, Job, validate_inputs};
use crate::program::{Expr, ExprKind, StmtKind, visit_statements};
use crate::run::{ErrorKind, RunError, RunResult};
use crate::value::{Object, Value};

use super::assertions::{self, Expected, Subject};
use super::{AssertionKind, InlineTest, TestFailure, TestOutcome};

/// Runs the tests of every function of the job, function by function in the
/// order the folder declares them.
pub fn run_job_tests(job: &Job, limits: &Limits) -> Vec<TestOutcome> {
    run_job_tests_with(job, limits, None)
}

/// [`run_job_tests`], each test with a fresh database of its own from
/// `databases` (seeded from the tables' items), so no test sees another's writes.
pub fn run_job_tests_with(
    job: &Job,
    limits: &Limits,
    databases: Option<&dyn TestDatabases>,
) -> Vec<TestOutcome> {
    run_job_tests_matching(job, limits, databases, &|_, _| true)
}

/// [`run_job_tests_with`], only the tests for which `selected(function,
/// test)` holds; the others do not run at all.
pub fn run_job_tests_matching(
    job: &Job,
    limits: &Limits,
    databases: Option<&dyn TestDatabases>,
    selected: &dyn Fn(&str, &str) -> bool,
) -> Vec<TestOutcome> {
    job.functions
        .values()
        .flat_map(|function| run_function_tests_with(job, function, limits, databases, selected))
        .collect()
}

/// Runs the tests of one function, in source order.
pub fn run_function_tests(
    job: &Job,
    function: &Arc<Function>,
    limits: &Limits,
) -> Vec<TestOutcome> {
    run_function_tests_with(job, function, limits, None, &|_, _| true)
}

fn run_function_tests_with(
    job: &Job,
    function: &Arc<Function>,
    limits: &Limits,
    databases: Option<&dyn TestDatabases>,
    selected: &dyn Fn(&str, &str) -> bool,
) -> Vec<TestOutcome> {
    function
        .tests
        .iter()
        .filter(|test| selected(&function.name, &test.name))
        .map(|test| run_test_with(job, function, test, limits, databases))
        .collect()
}

/// Runs one test. Tests see no environment variables: what a test needs
/// from outside comes from its mocks, so it runs the same everywhere.
pub fn run_test(
    job: &Job,
    function: &Arc<Function>,
    test: &InlineTest,
    limits: &Limits,
) -> TestOutcome {
    run_test_with(job, function, test, limits, None)
}

/// [`run_test`] on a fresh database from `databases`, when the job has tables.
pub fn run_test_with(
    job: &Job,
    function: &Arc<Function>,
    test: &InlineTest,
    limits: &Limits,
    databases: Option<&dyn TestDatabases>,
) -> TestOutcome {
    let env = IndexMap::new();
    let location = location_of(test, test.span);
    let mut outcome = TestOutcome {
        job: job.name.clone(),
        function: function.name.clone(),
        test: test.name.clone(),
        location: location.clone(),
        failures: Vec::new(),
    };
    let host = match databases.filter(|_| !job.tables.is_empty()) {
        None => super::TestHost::new(test.name.as_str()),
        Some(databases) => match databases.fresh(&job.table_models()) {
            Ok(database) => super::TestHost::with_database(test.name.as_str(), database),
            Err(error) => {
                outcome.failures.push(TestFailure {
                    what: "the test's database".to_owned(),
                    location: Some(location),
                    message: error.to_string(),
                    expected: None,
                    actual: None,
                });
                return outcome;
            }
        },
    };
    let context = Context {
        job,
        function,
        env: &env,
        host: &host,
        limits,
    };
    let (input, result) = match context.input(test) {
        Ok(input) => {
            let result = execute_function(
                job,
                &function.name,
                input.clone(),
                &env,
                &host,
                limits,
                Some(&test.name),
            );
            (Value::object(input), result)
        }
        Err(Prepared::Failure(failure)) => {
            outcome.failures.push(*failure);
            return outcome;
        }
        Err(Prepared::Invalid(error)) => (Value::Null, RunResult::failed(*error, Vec::new())),
    };
    let missing = host.missing_mocks();
    for message in &missing {
        let statement = message.split(' ').next().unwrap_or("a request").to_owned();
        let at = result
            .error
            .as_ref()
            .filter(|error| &error.message == message);
        outcome.failures.push(TestFailure {
            what: statement,
            location: at.and_then(|error| error.location.clone()),
            message: message.clone(),
            expected: None,
            actual: None,
        });
    }
    let expects_error = test
        .assertions
        .iter()
        .any(|a| a.kind == AssertionKind::ToThrow);
    match &result.error {
        Some(error) => {
            // An unmocked effect can fail before it reaches the host (a
            // trigger without its webhook URL: tests see no environment);
            // the missing mock is the cause worth reporting then.
            let unmocked = missing
                .is_empty()
                .then(|| error.location.as_deref().and_then(|at| effect_at(job, at)))
                .flatten();
            if let Some(statement) = unmocked {
                let name = &test.name;
                outcome.failures.push(TestFailure {
                    what: statement.to_owned(),
                    location: error.location.clone(),
                    message: format!(
                        "{statement} has no mock for test `{name}`; add mock = {{ \"{name}\": ... }} (it failed with: {})",
                        error.message
                    ),
                    expected: None,
                    actual: None,
                });
            } else if !expects_error && missing.is_empty() {
                outcome.failures.push(TestFailure {
                    what: "the function".to_owned(),
                    location: error.location.clone(),
                    message: format!("it failed with `{}`: {}", error.kind, error.message),
                    expected: None,
                    actual: None,
                });
            }
            for assertion in test
                .assertions
                .iter()
                .filter(|a| a.kind == AssertionKind::ToThrow)
            {
                let check = context
                    .value(assertion.value.as_ref(), &Value::Null, &input)
                    .and_then(|expected| {
                        assertions::check_error(error, expected.as_ref()).map_err(Into::into)
                    });
                if let Err(failure) = check {
                    outcome.failures.push(failure.into_failure(test, assertion));
                }
            }
        }
        None => {
            let response = result.response.clone().unwrap_or_default();
            for assertion in &test.assertions {
                if assertion.kind == AssertionKind::ToThrow {
                    outcome.failures.push(TestFailure {
                        what: "expect.to_throw".to_owned(),
                        location: Some(location_of(test, assertion.span)),
                        message: "the function returned instead of throwing".to_owned(),
                        expected: Some("an error".to_owned()),
                        actual: Some(assertions::show(&response)),
                    });
                    continue;
                }
                if let Err(failure) = context.check(assertion, &response, &input) {
                    outcome.failures.push(failure.into_failure(test, assertion));
                }
            }
        }
    }
    outcome
}

/// Why an assertion failed: it did not hold, or one of its expressions failed.
enum Failed {
    Mismatch(assertions::Mismatch),
    Error(Box<RunError>),
}

impl From<assertions::Mismatch> for Failed {
    fn from(mismatch: assertions::Mismatch) -> Self {
        Failed::Mismatch(mismatch)
    }
}

impl Failed {
    fn into_failure(self, test: &InlineTest, assertion: &super::Assertion) -> TestFailure {
        let what = match assertion.kind {
            AssertionKind::ToThrow => "expect.to_throw".to_owned(),
            kind => format!("expect.{} ({})", kind.name(), assertion.subject_text),
        };
        let location = Some(location_of(test, assertion.span));
        match self {
            Failed::Mismatch(mismatch) => TestFailure {
                what,
                location,
                message: mismatch.message,
                expected: mismatch.expected,
                actual: mismatch.actual,
            },
            Failed::Error(error) => TestFailure {
                what,
                location,
                message: format!("the assertion could not be evaluated: {}", error.message),
                expected: None,
                actual: None,
            },
        }
    }
}

/// The test's input could not be prepared.
enum Prepared {
    /// Its expression failed or is not an object: the test is wrong.
    Failure(Box<TestFailure>),
    /// The function refused it, as `function.run` would: `to_throw` may expect that.
    Invalid(Box<RunError>),
}

struct Context<'a> {
    job: &'a Job,
    function: &'a Arc<Function>,
    env: &'a IndexMap<String, String>,
    host: &'a dyn Host,
    limits: &'a Limits,
}

impl Context<'_> {
    fn eval(&self, expr: &Expr, response: &Value, input: &Value) -> Result<Value, Box<RunError>> {
        let mut vars = IndexMap::new();
        vars.insert("response".to_owned(), response.clone());
        evaluate(
            self.job,
            self.function,
            expr,
            vars,
            input.clone(),
            self.env,
            self.host,
            self.limits,
        )
    }

    fn value(
        &self,
        expr: Option<&Expr>,
        response: &Value,
        input: &Value,
    ) -> Result<Option<Value>, Failed> {
        expr.map(|expr| self.eval(expr, response, input))
            .transpose()
            .map_err(Failed::Error)
    }

    /// The test's `input`, evaluated and validated against the function's inputs.
    fn input(&self, test: &InlineTest) -> Result<Object, Prepared> {
        let provided = match &test.input {
            None => Object::default(),
            Some(expr) => match self.eval(expr, &Value::Null, &Value::Null) {
                Ok(Value::Object(object)) => std::sync::Arc::unwrap_or_clone(object).into(),
                Ok(other) => {
                    return Err(Prepared::Failure(Box::new(TestFailure {
                        what: "the test's `input`".to_owned(),
                        location: Some(location_of(test, expr.span)),
                        message: format!("it must be an object, got {}", other.type_name()),
                        expected: None,
                        actual: None,
                    })));
                }
                Err(error) => {
                    return Err(Prepared::Failure(Box::new(TestFailure {
                        what: "the test's `input`".to_owned(),
                        location: Some(location_of(test, expr.span)),
                        message: error.message,
                        expected: None,
                        actual: None,
                    })));
                }
            },
        };
        validate_inputs(&self.function.inputs, &provided).map_err(|errors| {
            Prepared::Invalid(Box::new(RunError {
                kind: ErrorKind::InputError,
                message: format!(
                    "invalid input for function `{}`: {errors}",
                    self.function.name
                ),
                value: None,
                location: Some(location_of(
                    test,
                    test.input.as_ref().map_or(test.span, |expr| expr.span),
                )),
            }))
        })
    }

    fn check(
        &self,
        assertion: &super::Assertion,
        response: &Value,
        input: &Value,
    ) -> Result<(), Failed> {
        let Some(subject_expr) = &assertion.subject else {
            return Ok(());
        };
        let value = self
            .eval(subject_expr, response, input)
            .map_err(Failed::Error)?;
        let defined = match path_defined(subject_expr, response) {
            Some(defined) => defined,
            None => !value.is_null(),
        };
        let expected = self.value(assertion.value.as_ref(), response, input)?;
        let min = self.value(assertion.min.as_ref(), response, input)?;
        let max = self.value(assertion.max.as_ref(), response, input)?;
        let expected = Expected {
            value: expected.as_ref(),
            min: min.as_ref(),
            max: max.as_ref(),
            now_ms: self.host.now_ms(),
        };
        assertions::check(assertion.kind, &Subject { value, defined }, &expected)
            .map_err(Failed::Mismatch)
    }
}

/// For a plain path into `$response` (`$response.a.b[0]`), whether every
/// step exists; `None` for any other expression.
fn path_defined(expr: &Expr, response: &Value) -> Option<bool> {
    match &expr.kind {
        ExprKind::Var(name) if name == "response" => Some(true),
        ExprKind::Field(base, key) => {
            let parent = resolve(base, response)?;
            Some(match parent {
                Some(Value::Object(object)) => object.contains_key(key.as_str()),
                Some(Value::Array(items)) => key.parse::<usize>().is_ok_and(|i| i < items.len()),
                _ => false,
            })
        }
        ExprKind::Index(base, index) => {
            let parent = resolve(base, response)?;
            let index = index.as_const()?;
            Some(match (parent, index) {
                (Some(Value::Object(object)), Value::Text(key)) => object.contains_key(key),
                (Some(Value::Array(items)), Value::Int(i)) => {
                    usize::try_from(*i).is_ok_and(|i| i < items.len())
                }
                _ => false,
            })
        }
        _ => None,
    }
}

/// The value a plain path leads to (`Some(None)` when a step is missing),
/// or `None` when the expression is not a plain path.
fn resolve<'v>(expr: &Expr, response: &'v Value) -> Option<Option<&'v Value>> {
    match &expr.kind {
        ExprKind::Var(name) if name == "response" => Some(Some(response)),
        ExprKind::Field(base, key) => {
            Some(resolve(base, response)?.and_then(|parent| match parent {
                Value::Object(object) => object.get(key.as_str()),
                Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }))
        }
        ExprKind::Index(base, index) => {
            let index = index.as_const()?;
            Some(
                resolve(base, response)?.and_then(|parent| match (parent, index) {
                    (Value::Object(object), Value::Text(key)) => object.get(key),
                    (Value::Array(items), Value::Int(i)) => {
                        usize::try_from(*i).ok().and_then(|i| items.get(i))
                    }
                    _ => None,
                }),
            )
        }
        _ => None,
    }
}

fn location_of(test: &InlineTest, span: crate::source::Span) -> String {
    let at = test.file.line_col(span.start);
    format!("{}:{}:{}", test.file.path().display(), at.line, at.column)
}

/// The effect statement (`api.request`, `make.trigger_scenario`) of the job
/// at `location` (`path:line:col`), if that is what is there.
fn effect_at(job: &Job, location: &str) -> Option<&'static str> {
    job.functions.values().find_map(|function| {
        let mut found = None;
        visit_statements(&function.stack, &mut |stmt| {
            let name = match &stmt.kind {
                StmtKind::ApiRequest(_) => "api.request",
                StmtKind::MakeTrigger(_) => "make.trigger_scenario",
                _ => return,
            };
            let at = function.file.line_col(stmt.span.start);
            let here = format!(
                "{}:{}:{}",
                function.file.path().display(),
                at.line,
                at.column
            );
            if here == location {
                found = Some(name);
            }
        });
        found
    })
}
