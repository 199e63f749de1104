//! XanoScript syntax: lexer, parser and the syntax tree.
//!
//! [`parse_document`] reads a `.xs` file into an [`ast::Document`];
//! [`parse_expression`] reads a file holding one expression. Both stop at the
//! first problem and return it as a diagnostic with file, line and column.
//!
//! Decisions where the reference is silent or loose (details in the modules):
//! - `~` binds like `+` and `-`. A filter applies to the arithmetic on its
//!   left (`$p / 1.1|round:2` rounds the quotient, as Xano's examples do) and
//!   below comparisons, so `$a|count > 3` is `($a|count) > 3` (Xano
//!   rejects it, and lowering reports it for `check`); `!$a|is_empty` negates the filtered value. A filter
//!   argument runs to the next top-level `|` or `:` (`expr.rs`).
//! - A value ends at the end of its line unless the line ends with an
//!   operator or the next line starts with `|`, `.` or a binary operator;
//!   arrays and objects take commas or line breaks (`expr.rs`).
//! - `-` written against a number is part of the literal (`-5|abs` is 5).
//! - Integers are `i64`; a larger literal is an error, not a silent decimal.
//! - `"""` strings drop the first line break, a blank last line and the
//!   common indentation; unknown escapes such as `\d` stay as written
//!   (`strings.rs`).
//! - Input filter arguments are raw text up to whitespace (`inputs.rs`).
//! - `break` and `continue` never take a target; a bare word is a target
//!   only when `{` follows (`function send_digest {`).
//! - Nesting deeper than [`MAX_NESTING`], or an expression chaining more than
//!   1000 operators, is an error, never a stack overflow.
//! - `2026-01-01 00:00:00+0000` (Xano's timestamp literal, as task
//!   schedules write it) is one token, an int of epoch milliseconds as `now`
//!   is (`timestamp.rs`).
//! - `? :` is the ternary, right-associative and loosest; `==?` and the other
//!   null-safe comparisons sit with their plain forms (`expr.rs`).

pub mod ast;
mod comments;
mod expr;
mod inputs;
mod lexer;
mod parser;
mod strings;
pub mod timestamp;
pub mod visit;
mod word_ops;

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

pub use parser::MAX_NESTING;

/// Parses a whole `.xs` file: its top-level constructs.
pub fn parse_document(file: &Arc<SourceFile>) -> Result<ast::Document, Vec<Diagnostic>> {
    let run = || {
        let mut parser = parser::Parser::new(file, 0, file.text().len(), 0)?;
        parser.parse_document()
    };
    run().map_err(|diagnostic| vec![comments::explain_division(file, *diagnostic)])
}

/// Parses a file whose whole text is one expression.
pub fn parse_expression(file: &Arc<SourceFile>) -> Result<ast::Expr, Vec<Diagnostic>> {
    let run = || {
        let mut parser = parser::Parser::new(file, 0, file.text().len(), 0)?;
        parser.parse_whole_expression()
    };
    run().map_err(|diagnostic| vec![comments::explain_division(file, *diagnostic)])
}
