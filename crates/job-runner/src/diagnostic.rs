//! Problems found in job files, rendered as `error: ...` with the offending
//! line, so a user can fix them without opening a debugger.

use std::fmt;
use std::sync::Arc;

use crate::source::{SourceFile, Span};

/// How bad a problem is: errors stop a job from running, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, with where it is and, when we know one, how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: Arc::clone(file),
            span,
            hint: None,
        }
    }

    pub fn warning(file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, span, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, the form editors and terminals turn into links.
    pub fn location(&self) -> String {
        let at = self.file.line_col(self.span.start);
        format!("{}:{}:{}", self.file.path().display(), at.line, at.column)
    }
}

/// Renders like rustc:
///
/// ```text
/// error: expected `}` to close the block
///   --> jobs/x/function/f.xs:12:5
///    |
/// 12 |     foo bar
///    |     ^^^
///    = hint: ...
/// ```
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let start = self.file.line_col(self.span.start);
        let line_text = self.file.line_text(start.line);
        let gutter = start.line.to_string().len();
        writeln!(f, "{label}: {}", self.message)?;
        writeln!(f, "{:gutter$}--> {}", "", self.location())?;
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", start.line, line_text.replace('\t', " "))?;
        // Underline to the end of the span, or of the line when the span runs past it.
        let end = self.file.line_col(self.span.end.max(self.span.start));
        let line_chars = line_text.chars().count();
        let width = if end.line == start.line {
            end.column.saturating_sub(start.column)
        } else {
            (line_chars + 1).saturating_sub(start.column)
        }
        .max(1);
        write!(
            f,
            "{:gutter$} | {:pad$}{}",
            "",
            "",
            "^".repeat(width),
            pad = start.column - 1
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n{:gutter$} = hint: {hint}", "")?;
        }
        Ok(())
    }
}

/// Several diagnostics, printed one after another (all problems at once).
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}
