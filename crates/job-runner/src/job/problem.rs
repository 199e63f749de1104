//! Problems with files and folders themselves (a missing `run.xs`, an
//! unreadable file, an unsupported `tables/` folder), where there is no line
//! to point at, rendered in the same `error: ... --> path` shape as diagnostics.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A problem with a path rather than with a line inside a file.
#[derive(Debug)]
pub struct PathProblem {
    pub path: PathBuf,
    pub message: String,
    pub hint: Option<String>,
    pub source: Option<io::Error>,
}

impl PathProblem {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        PathProblem {
            path: path.into(),
            message: message.into(),
            hint: None,
            source: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A file or folder that could not be read.
    pub fn io(path: impl Into<PathBuf>, what: &str, error: io::Error) -> Self {
        let path = path.into();
        let hint = match error.kind() {
            io::ErrorKind::NotFound => Some("check the path".to_owned()),
            io::ErrorKind::PermissionDenied => Some("check the file's permissions".to_owned()),
            io::ErrorKind::InvalidData => Some("save the file as UTF-8".to_owned()),
            _ => None,
        };
        PathProblem {
            message: format!(
                "cannot read {what}: {}",
                first_lowercase(&error.to_string())
            ),
            path,
            hint,
            source: Some(error),
        }
    }
}

/// io::Error messages start with a capital ("No such file"); ours do not.
fn first_lowercase(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, " --> {}", self.path.display())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PathProblem {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}
