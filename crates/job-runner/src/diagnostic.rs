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
    /// An error `check` reports because Xano's validator refuses the code,
    /// which runner-cli still understands and runs (`$arr|count > 0`).
    pub runs_anyway: bool,
}

impl Diagnostic {
    pub fn error(file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: Arc::clone(file),
            span,
            hint: None,
            runs_anyway: false,
        }
    }

    /// An error that Xano's validator would raise while runner-cli knows
    /// what the code means: `check` fails on it, `execute` still runs.
    pub fn xano_rejects(file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            runs_anyway: true,
            ..Diagnostic::error(file, span, message)
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

    /// An error that stops the job from running (every error but those Xano
    /// alone rejects).
    pub fn blocks_run(&self) -> bool {
        self.is_error() && !self.runs_anyway
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
        let line_text = self.file.line_text(start.line).replace('\t', " ");
        let gutter = start.line.to_string().len();
        writeln!(f, "{label}: {}", self.message)?;
        writeln!(f, "{:gutter$}--> {}", "", self.location())?;
        writeln!(f, "{:gutter$} |", "")?;
        // Underline to the end of the span, or of the line when the span runs past it.
        let end = self.file.line_col(self.span.end.max(self.span.start));
        let line_chars = line_text.chars().count();
        let width = if end.line == start.line {
            end.column.saturating_sub(start.column)
        } else {
            (line_chars + 1).saturating_sub(start.column)
        }
        .max(1);
        let window = Window::around(line_chars, start.column - 1, width);
        let shown: String = line_text
            .chars()
            .skip(window.first)
            .take(window.last - window.first)
            .collect();
        let (before, after) = (
            if window.first > 0 { "…" } else { "" },
            if window.last < line_chars { "…" } else { "" },
        );
        writeln!(f, "{} | {before}{shown}{after}", start.line)?;
        let caret = start.column - 1 - window.first + before.chars().count();
        let carets = width
            .min((window.last + 1).saturating_sub(start.column - 1))
            .max(1);
        write!(
            f,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(caret),
            "^".repeat(carets)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n{:gutter$} = hint: {hint}", "")?;
        }
        Ok(())
    }
}

/// The part of a long line a diagnostic shows: at most [`Window::WIDTH`]
/// characters, starting a little before the caret, so a problem on column
/// 200,000 of a minified line still renders as one readable line.
struct Window {
    first: usize,
    last: usize,
}

impl Window {
    const WIDTH: usize = 120;
    /// Characters shown before the caret when the line is cut.
    const LEAD: usize = 40;

    fn around(line_chars: usize, caret: usize, width: usize) -> Window {
        if line_chars <= Self::WIDTH {
            return Window {
                first: 0,
                last: line_chars,
            };
        }
        let first = caret
            .saturating_sub(Self::LEAD)
            .min(line_chars.saturating_sub(Self::WIDTH));
        let last = (first + Self::WIDTH).max((caret + width.min(Self::WIDTH)).min(line_chars));
        Window {
            first,
            last: last.min(line_chars),
        }
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
