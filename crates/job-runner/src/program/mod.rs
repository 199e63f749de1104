//! Statements with meaning: the generic calls of the syntax tree lowered into
//! typed statements, with unknown statements and attributes diagnosed.
//! (Owned by the interpreter work; this placeholder keeps the crate building.)

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::ast;

/// A lowered list of statements.
#[derive(Debug, Default)]
pub struct Block {
    pub statements: Vec<ast::Call>,
}

/// Lowers the entries of a `stack { ... }` block.
pub fn lower_block(_file: &Arc<SourceFile>, entries: &[ast::Entry]) -> (Block, Vec<Diagnostic>) {
    let statements = entries
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Call(call) => Some(call.clone()),
            _ => None,
        })
        .collect();
    (Block { statements }, Vec::new())
}
