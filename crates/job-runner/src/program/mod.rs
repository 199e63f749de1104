//! Statements with meaning: the generic calls of a `stack { }` lowered into
//! typed statements ([`Stmt`]), with their expressions compiled ([`Expr`]).
//!
//! Lowering is where a job is checked before it runs: unknown statements and
//! attributes (with a "did you mean" hint), missing attributes, clauses in the
//! wrong place (`if` outside `conditional`), unknown filters, and statements
//! that need Xano's services (`db.*`, `redis.*`, ...) that this runner lacks.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::filters::Filter;
use crate::source::{SourceFile, Span};
use crate::syntax::ast;

mod array_stmt;
mod catalog;
pub mod db;
mod expr;
mod lower;
mod text_stmt;
mod walk;

pub use catalog::{STATEMENTS, unsupported_reason};
pub use expr::{Element, Expr, ExprKind, Key, compile};
pub use walk::{db_statements, env_reads, function_calls};

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
    pub var: String,
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
                Step::Key(key) => ExprKind::Field(Box::new(expr), key.clone()),
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
pub enum ArrayTake {
    Pop,
    Shift,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayQuery {
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

#[derive(Debug)]
pub struct Case {
    pub value: Expr,
    pub body: Block,
    /// `} break` followed the case; without it, execution falls through.
    pub breaks: bool,
}

#[derive(Debug)]
pub enum StmtKind {
    /// `var $x { value = e }` (declaring again assigns).
    Var {
        name: String,
        value: Expr,
        /// `mock = { "test name": value }`, used when that inline test runs.
        mock: Option<Expr>,
    },
    /// `var.update $x.path { value = e }`.
    VarUpdate {
        place: Place,
        value: Expr,
    },
    /// `conditional { if (e) {..} elseif (e) {..} else {..} }`.
    Conditional {
        branches: Vec<(Expr, Block)>,
        otherwise: Option<Block>,
    },
    /// `switch (e) { case (v) {..} break default {..} }`.
    Switch {
        subject: Expr,
        cases: Vec<Case>,
        default: Option<Block>,
    },
    /// `foreach (e) { each as $item, $index {..} }`.
    Foreach {
        list: Expr,
        item: Option<String>,
        index: Option<String>,
        body: Block,
    },
    /// `for (n) { each as $i {..} }`.
    For {
        count: Expr,
        index: Option<String>,
        body: Block,
    },
    /// `while (e) { each {..} }`.
    While {
        condition: Expr,
        body: Block,
    },
    Break,
    Continue,
    /// `precondition (e) { error_type = .. error = .. payload = .. }`.
    Precondition {
        condition: Expr,
        error_type: Option<Expr>,
        message: Option<Expr>,
        payload: Option<Expr>,
    },
    /// `throw { name = .. value = .. }`.
    Throw {
        name: Expr,
        value: Expr,
    },
    /// `try_catch { try {..} catch {..} finally {..} }`.
    TryCatch {
        body: Block,
        catch: Block,
        finally: Option<Block>,
    },
    /// `return { value = e }`.
    Return {
        value: Expr,
    },
    /// `debug.log { value = e }`.
    DebugLog {
        value: Expr,
    },
    /// `group { stack {..} }`: organisational only, no new scope.
    Group {
        body: Block,
    },
    /// `function.run "name" { input = {..} } as $r`.
    FunctionRun {
        name: String,
        input: Option<Expr>,
        alias: Option<String>,
        mock: Option<Expr>,
    },
    /// `api.request { url method params headers timeout } as $r`.
    ApiRequest {
        url: Expr,
        method: Option<Expr>,
        params: Option<Expr>,
        headers: Option<Expr>,
        timeout: Option<Expr>,
        alias: Option<String>,
        mock: Option<Expr>,
    },
    /// `make.trigger_scenario { webhook_url scenario_name payload chunk_size } as $r`.
    MakeTrigger {
        webhook_url: Expr,
        scenario_name: Expr,
        payload: Expr,
        chunk_size: Option<Expr>,
        alias: Option<String>,
        mock: Option<Expr>,
    },
    /// `math.add $x { value = e }` and friends: `$x = $x op e`.
    Math {
        op: MathOp,
        place: Place,
        value: Option<Expr>,
    },
    /// `array.push $a { value = e }`, `array.unshift`, `array.merge`.
    ArrayModify {
        op: ArrayOp,
        place: Place,
        value: Expr,
    },
    /// `array.pop $a as $last`, `array.shift $a as $first`.
    ArrayTake {
        op: ArrayTake,
        place: Place,
        alias: Option<String>,
    },
    /// `array.filter $a if (cond) as $r`, `array.find`, `array.map ($a) { by = e } as $r`:
    /// `$this` (and `$$`) is the item, `$index` its position.
    ArrayQuery {
        op: ArrayQuery,
        list: Expr,
        by: Expr,
        alias: Option<String>,
    },
    /// `array.union ($a) { value = $b by = $this.id } as $r` and the other set operations.
    ArraySet {
        op: SetOp,
        list: Expr,
        other: Expr,
        by: Option<Expr>,
        alias: Option<String>,
    },
    /// `text.trim $t { value = " " }`: a filter applied to the target, whose
    /// value the result replaces (the filter's own implementation runs).
    FilterInPlace {
        place: Place,
        filter: &'static Filter,
        args: Vec<Expr>,
    },
    /// `text.contains $t { value = "x" } as $found`: a filter applied to the
    /// target, the result stored in the alias.
    FilterInto {
        subject: Expr,
        filter: &'static Filter,
        args: Vec<Expr>,
        alias: Option<String>,
    },
    /// `text.append $t { value = e }` (`prepend` when `prepend`).
    TextModify {
        prepend: bool,
        place: Place,
        value: Expr,
    },
    /// `object.keys { value = e } as $r` and friends.
    ObjectQuery {
        op: ObjectOp,
        value: Expr,
        alias: Option<String>,
    },
    /// `util.sleep { value = seconds }`.
    Sleep {
        seconds: Expr,
    },
    /// `security.create_uuid as $id`.
    CreateUuid {
        alias: Option<String>,
    },
    /// `security.random_number { min max } as $n` (bounds inclusive).
    RandomNumber {
        min: Option<Expr>,
        max: Option<Expr>,
        alias: Option<String>,
    },
    /// `db.query`, `db.add`, `db.transaction` and the other `db.*` statements.
    Db(Box<db::DbStmt>),
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

/// The candidate closest to `name` by edit distance, when close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|&(distance, candidate)| distance <= (candidate.chars().count() / 3).max(1) + 1)
        .min_by_key(|&(distance, candidate)| (distance, candidate))
        .map(|(_, candidate)| candidate)
}
