//! Inline tests: the `test "name" { input = {..} expect.* (..) {..} }` blocks
//! of a function, as Xano's unit-testing reference describes them.
//!
//! A test block is read into an [`InlineTest`] when the job loads (by
//! [`crate::job`], which keeps it in the function), so
//! `runner-cli check` reports an unknown `expect.*` assertion or a missing
//! `value` with its line and column. Running a test ([`run_function_tests`])
//! calls the function with the test's input under the test's name, so every
//! `mock = { "test name": .. }` applies, through a host that never touches
//! the network; then each assertion is checked against `$response`.
//!
//! This module does not print anything: a caller (the CLI) renders the
//! [`TestOutcome`]s it returns.

use std::fmt;

mod assertions;
mod host;
mod runner;

pub use crate::job::inline_test::{Assertion, AssertionKind, InlineTest};
pub use host::TestHost;
pub use runner::{
    run_function_tests, run_job_tests, run_job_tests_matching, run_job_tests_with, run_test,
    run_test_with,
};

/// How one test went.
#[derive(Debug, Clone, PartialEq)]
pub struct TestOutcome {
    pub job: String,
    pub function: String,
    pub test: String,
    /// `path:line:col` of the `test` block.
    pub location: String,
    /// Empty when the test passed.
    pub failures: Vec<TestFailure>,
}

impl TestOutcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Why a test failed: an assertion that did not hold, or a run that went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct TestFailure {
    /// `expect.to_equal ($response.status)`, or what failed when it was not
    /// an assertion (`the function`, `api.request`).
    pub what: String,
    /// `path:line:col` of the assertion or of the failing statement.
    pub location: Option<String>,
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

/// ```text
/// expect.to_equal ($response.status) at path:12:5: values differ
///   expected: "success"
///     actual: "error"
/// ```
impl fmt::Display for TestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.what)?;
        if let Some(location) = &self.location {
            write!(f, " at {location}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, "\n  expected: {expected}")?;
        }
        if let Some(actual) = &self.actual {
            write!(f, "\n    actual: {actual}")?;
        }
        Ok(())
    }
}
