//! Statements with meaning: the generic calls of a `stack { }` lowered into
//! typed statements ([`Stmt`]), with their expressions compiled ([`Expr`]).
//!
//! Lowering is where a job is checked before it runs: unknown statements and
//! attributes (with a "did you mean" hint), missing attributes, clauses in the
//! wrong place (`if` outside `conditional`), unknown filters, and statements
//! that need Xano's services (`db.*`, `redis.*`, ...) that this runner lacks.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};
use crate::syntax::ast;

mod array_stmt;
mod catalog;
pub mod db;
mod expr;
mod lower;
mod name;
mod security_stmt;
mod stmt;
mod text_stmt;
mod walk;

pub use catalog::{STATEMENTS, unsupported_reason};
pub use expr::{Element, Expr, ExprKind, Key, compile};
pub(crate) use name::same_short_text;
pub use name::{FieldName, VarName};
pub(crate) use security_stmt::rules as security_rules;
pub use security_stmt::{PasswordRules, SecurityOp, SecurityStmt};
pub use stmt::{
    Alias, ApiRequest, ArrayModify, ArrayQuery, ArraySet, ArrayTake, Case, Conditional,
    FilterInPlace, FilterInto, ForLoop, Foreach, FunctionRun, MakeTrigger, MathStmt, ObjectQuery,
    Precondition, RandomNumber, StmtKind, Switch, TextModify, Throw, TryCatch, VarStmt, VarUpdate,
    WhileLoop,
};
pub use walk::{db_statements, env_reads, function_calls, visit_statements};

/// A lowered list of statements.
#[derive(Debug, Default)]
pub struct Block {
    pub statements: Vec<Stmt>,
}

/// One statement with the span of its call, for error locations.
#[derive(Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

/// A place a statement writes to: `$x`, or a path inside it (`$data.name`,
/// `$list.0`, `$grid[$r][$c]`), lowered once: the variable and its steps.
/// The interpreter walks the steps to the value and changes it in place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub var: VarName,
    pub path: Vec<Step>,
    /// The target as written (`$o.items[$i].name`), for messages.
    pub shown: String,
}

/// One step of a [`Place`]'s path.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `.name` (or `.0`): a key of an object, a position in an array.
    Key(String),
    /// `[expr]`: evaluated when the statement runs; an int is a position in
    /// an array, text (or a number) a key of an object.
    Index(Expr),
}

impl Place {
    /// The expression that reads this place, for statements that only read
    /// their target (`array.filter $items.list if (..)`).
    pub fn read_expr(&self, span: Span) -> Expr {
        let mut expr = Expr {
            kind: ExprKind::Var(self.var.clone()),
            span,
        };
        for step in &self.path {
            let kind = match step {
                Step::Key(key) => ExprKind::Field(Box::new(expr), FieldName::new(key.clone())),
                Step::Index(index) => ExprKind::Index(Box::new(expr), Box::new(index.clone())),
            };
            expr = Expr { kind, span };
        }
        expr
    }

    /// The index expressions of the path, which the statement evaluates.
    pub fn index_exprs(&self) -> impl Iterator<Item = &Expr> {
        self.path.iter().filter_map(|step| match step {
            Step::Index(index) => Some(index),
            Step::Key(_) => None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `math.bitwise.and`
    BitAnd,
    /// `math.bitwise.or`
    BitOr,
    /// `math.bitwise.xor`
    BitXor,
    /// `math.bitwise.not`: takes no `value`.
    BitNot,
    /// `math.bitwise.left_shift`
    ShiftLeft,
    /// `math.bitwise.right_shift`
    ShiftRight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayOp {
    Push,
    Unshift,
    Merge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeOp {
    Pop,
    Shift,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryOp {
    /// `array.filter`: the items for which the condition holds.
    Filter,
    /// `array.map`: `by` for each item.
    Map,
    /// `array.find`: the first item for which the condition holds, or null.
    Find,
    /// `array.find_index`: the position of that item, or -1.
    FindIndex,
    /// `array.has`: whether any item passes.
    Has,
    /// `array.every`: whether every item passes.
    Every,
    /// `array.filter_count`: how many items pass.
    FilterCount,
    /// `array.partition`: `{ "true": [passing], "false": [the others] }`.
    Partition,
    /// `array.group_by`: `{ key: [items] }`, the key being `by` as text.
    GroupBy,
}

/// `array.union`, `array.difference`, `array.intersection`: the items of
/// two arrays compared by `by` (the item itself when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOp {
    Union,
    Difference,
    Intersection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectOp {
    Keys,
    Values,
    Entries,
}

/// Lowers the entries of a `stack { ... }` block.
pub fn lower_block(file: &Arc<SourceFile>, entries: &[ast::Entry]) -> (Block, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let block = lower::Lowerer::new(file, &mut diagnostics).block(entries);
    diagnostics.extend(walk::undeclared_variables(file, &block));
    (block, diagnostics)
}

/// Compiles a standalone expression, such as a function's `response = ...`.
pub fn lower_expr(file: &Arc<SourceFile>, expr: &ast::Expr) -> (Expr, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let compiled = compile(file, expr, &mut diagnostics);
    (compiled, diagnostics)
}
