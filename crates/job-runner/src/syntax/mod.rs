//! XanoScript syntax: lexer, parser and the syntax tree.
//!
//! [`parse_document`] reads a `.xs` file into an [`ast::Document`];
//! [`parse_expression`] reads a file holding one expression. Both stop at the
//! first problem and return it as a diagnostic with file, line and column.
//! The grammar decisions (precedence, line breaks, strings) are documented in
//! `expr.rs`, `strings.rs` and `inputs.rs`.

pub mod ast;
mod expr;
mod inputs;
mod lexer;
mod parser;
mod strings;

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
    run().map_err(|diagnostic| vec![*diagnostic])
}

/// Parses a file whose whole text is one expression.
pub fn parse_expression(file: &Arc<SourceFile>) -> Result<ast::Expr, Vec<Diagnostic>> {
    let run = || {
        let mut parser = parser::Parser::new(file, 0, file.text().len(), 0)?;
        parser.parse_whole_expression()
    };
    run().map_err(|diagnostic| vec![*diagnostic])
}
