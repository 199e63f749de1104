//! Errors the CLI reports: a message, its causes, a hint, and the exit code
//! that tells a script what kind of failure it was.

use std::fmt;

use crate::exit_codes;

#[derive(Debug)]
pub(crate) struct CliError {
    pub(crate) code: i32,
    pub(crate) message: String,
    /// Printed after the message as is (rendered diagnostics, a list of problems).
    pub(crate) details: Option<String>,
    pub(crate) causes: Vec<String>,
    pub(crate) hint: Option<String>,
}

impl CliError {
    pub(crate) fn new(code: i32, message: impl Into<String>) -> CliError {
        CliError {
            code,
            message: message.into(),
            details: None,
            causes: Vec::new(),
            hint: None,
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> CliError {
        CliError::new(exit_codes::USAGE, message)
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> CliError {
        CliError::new(exit_codes::INVALID_INPUT, message)
    }

    pub(crate) fn config(message: impl Into<String>) -> CliError {
        CliError::new(exit_codes::CONFIG, message)
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn with_details(mut self, details: impl Into<String>) -> CliError {
        self.details = Some(details.into());
        self
    }

    /// Adds the chain of `source()`s of an error as `Caused by:` lines.
    pub(crate) fn caused_by(mut self, error: &dyn std::error::Error) -> CliError {
        self.causes.push(error.to_string());
        let mut source = error.source();
        while let Some(cause) = source {
            self.causes.push(cause.to_string());
            source = cause.source();
        }
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(details) = &self.details {
            write!(f, "\n{details}")?;
        }
        for cause in &self.causes {
            write!(f, "\n  Caused by: {cause}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}
