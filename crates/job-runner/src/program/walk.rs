//! Walking a lowered block: the checks that need the whole function (reads
//! of variables no statement declares) and facts the loader wants (which
//! functions a stack calls).

use std::collections::HashSet;
use std::sync::Arc;

use super::{
    ApiRequest, ArrayModify, ArrayQuery, ArraySet, ArrayTake, Block, Element, Expr, ExprKind,
    FilterInPlace, FilterInto, ForLoop, Foreach, FunctionRun, Key, MakeTrigger, ObjectQuery,
    RandomNumber, Stmt, StmtKind, TextModify, TryCatch, VarStmt, VarUpdate, WhileLoop,
};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};
use crate::suggest::closest;

/// Names that are defined without a `var`: bindings of higher-order
/// filters and array statements, `$error` in `catch`, and Xano's `$auth`.
const IMPLICIT: &[&str] = &["this", "index", "parent", "result", "error", "auth"];

/// Every `db.*` statement of a block, nested blocks included.
pub fn db_statements(block: &Block) -> Vec<(&super::db::DbStmt, Span)> {
    let mut found = Vec::new();
    visit_statements(block, &mut |stmt| {
        if let StmtKind::Db(db) = &stmt.kind {
            found.push((db.as_ref(), stmt.span));
        }
    });
    found
}

/// Every `function.run` of a block, nested blocks included, with its span.
pub fn function_calls(block: &Block) -> Vec<(&str, Span)> {
    let mut calls = Vec::new();
    visit_statements(block, &mut |stmt| {
        if let StmtKind::FunctionRun(run) = &stmt.kind {
            calls.push((run.name.as_str(), stmt.span));
        }
    });
    calls
}

/// Every `$env.NAME` a block reads, nested blocks included, with its span.
pub fn env_reads(block: &Block) -> Vec<(&str, Span)> {
    let mut reads = Vec::new();
    visit_statements(block, &mut |stmt| {
        for expr in expressions(stmt) {
            walk_expr(expr, &mut |expr| {
                if let ExprKind::Env(name) = &expr.kind {
                    reads.push((name.as_str(), expr.span));
                }
            });
        }
    });
    reads
}

/// Warns about variables read but declared nowhere in the function.
/// Variables are function-scoped, so a declaration anywhere counts.
pub(crate) fn undeclared_variables(file: &Arc<SourceFile>, block: &Block) -> Vec<Diagnostic> {
    let mut declared: HashSet<&str> = IMPLICIT.iter().copied().collect();
    visit_statements(block, &mut |stmt| declared.extend(declared_names(stmt)));
    let mut warnings = Vec::new();
    let mut reported = HashSet::new();
    visit_statements(block, &mut |stmt| {
        for expr in expressions(stmt) {
            visit_expr(expr, &mut |name, span| {
                if !declared.contains(name) && reported.insert(name.to_owned()) {
                    let mut warning = Diagnostic::warning(
                        file,
                        span,
                        format!(
                            "variable `${name}` is never declared in this function, so it reads as null"
                        ),
                    );
                    warning.hint = Some(match closest(name, declared.iter().copied()) {
                        Some(close) => format!("did you mean `${close}`?"),
                        None => format!(
                            "declare it with `var ${name} {{ value = ... }}`; inputs are read as `$input.{name}`"
                        ),
                    });
                    warnings.push(warning);
                }
            });
        }
    });
    warnings
}

/// Calls `visit` on every statement of a block, nested blocks included.
pub fn visit_statements<'b>(block: &'b Block, visit: &mut impl FnMut(&'b Stmt)) {
    for stmt in &block.statements {
        visit(stmt);
        for inner in blocks(stmt) {
            visit_statements(inner, visit);
        }
    }
}

fn visit_expr<'e>(expr: &'e Expr, visit: &mut impl FnMut(&'e str, Span)) {
    walk_expr(expr, &mut |expr| {
        if let ExprKind::Var(name) = &expr.kind {
            visit(name, expr.span);
        }
    });
}

/// Calls `visit` on `expr` and every expression inside it.
fn walk_expr<'e>(expr: &'e Expr, visit: &mut impl FnMut(&'e Expr)) {
    visit(expr);
    match &expr.kind {
        ExprKind::Var(_) => {}
        ExprKind::Array(items) => items.iter().for_each(|item| walk_expr(item, visit)),
        ExprKind::Object(entries) => entries.iter().for_each(|(key, value)| {
            if let Key::Computed(key) = key {
                walk_expr(key, visit);
            }
            walk_expr(value, visit);
        }),
        ExprKind::Ternary {
            condition,
            then,
            otherwise,
        } => [condition, then, otherwise]
            .into_iter()
            .for_each(|part| walk_expr(part, visit)),
        ExprKind::Field(base, _) | ExprKind::Unary(_, base) => walk_expr(base, visit),
        ExprKind::SpreadArray(elements) => elements.iter().for_each(|element| {
            let (Element::One(item) | Element::Spread(item)) = element;
            walk_expr(item, visit);
        }),
        ExprKind::Index(a, b)
        | ExprKind::Binary(_, a, b)
        | ExprKind::Where(a, b)
        | ExprKind::Range(a, b) => {
            walk_expr(a, visit);
            walk_expr(b, visit);
        }
        ExprKind::Filter { value, args, .. } => {
            walk_expr(value, visit);
            args.iter().for_each(|arg| walk_expr(arg, visit));
        }
        ExprKind::Const(_)
        | ExprKind::Now
        | ExprKind::Input
        | ExprKind::EnvAll
        | ExprKind::Env(_)
        | ExprKind::VarsAll
        | ExprKind::Item => {}
    }
}

fn blocks(stmt: &Stmt) -> Vec<&Block> {
    match &stmt.kind {
        StmtKind::Conditional(conditional) => conditional
            .branches
            .iter()
            .map(|(_, block)| block)
            .chain(conditional.otherwise.iter())
            .collect(),
        StmtKind::Switch(switch) => switch
            .cases
            .iter()
            .map(|case| &case.body)
            .chain(switch.default.iter())
            .collect(),
        StmtKind::Foreach(Foreach { body, .. })
        | StmtKind::For(ForLoop { body, .. })
        | StmtKind::While(WhileLoop { body, .. })
        | StmtKind::Group(body) => vec![body],
        StmtKind::TryCatch(TryCatch {
            body,
            catch,
            finally,
        }) => [body, catch].into_iter().chain(finally.iter()).collect(),
        StmtKind::Db(db) => match &db.op {
            super::db::DbOp::Transaction { body } => vec![body],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn declared_names(stmt: &Stmt) -> Vec<&str> {
    let names: Vec<&Option<super::VarName>> = match &stmt.kind {
        StmtKind::Var(var) => return vec![var.name.as_str()],
        StmtKind::Foreach(foreach) => vec![&foreach.item, &foreach.index],
        StmtKind::For(for_loop) => vec![&for_loop.index],
        StmtKind::FunctionRun(FunctionRun { alias, .. })
        | StmtKind::ApiRequest(ApiRequest { alias, .. })
        | StmtKind::MakeTrigger(MakeTrigger { alias, .. })
        | StmtKind::ArrayTake(ArrayTake { alias, .. })
        | StmtKind::ArrayQuery(ArrayQuery { alias, .. })
        | StmtKind::ArraySet(ArraySet { alias, .. })
        | StmtKind::FilterInto(FilterInto { alias, .. })
        | StmtKind::ObjectQuery(ObjectQuery { alias, .. })
        | StmtKind::CreateUuid(alias)
        | StmtKind::RandomNumber(RandomNumber { alias, .. }) => vec![alias],
        StmtKind::Db(db) => vec![&db.alias],
        StmtKind::Security(security) => vec![&security.alias],
        _ => Vec::new(),
    };
    names
        .into_iter()
        .flatten()
        .map(super::VarName::as_str)
        .collect()
}

/// The expressions a statement evaluates itself (not those of nested blocks).
fn expressions(stmt: &Stmt) -> Vec<&Expr> {
    match &stmt.kind {
        StmtKind::Math(math) => math.place.index_exprs().chain(math.value.iter()).collect(),
        StmtKind::VarUpdate(VarUpdate { place, value })
        | StmtKind::ArrayModify(ArrayModify { place, value, .. })
        | StmtKind::TextModify(TextModify { place, value, .. }) => {
            place.index_exprs().chain(std::iter::once(value)).collect()
        }
        StmtKind::ArrayTake(take) => take.place.index_exprs().collect(),
        StmtKind::FilterInPlace(FilterInPlace { place, args, .. }) => {
            place.index_exprs().chain(args).collect()
        }
        StmtKind::FilterInto(FilterInto { subject, args, .. }) => {
            std::iter::once(subject).chain(args).collect()
        }
        StmtKind::ArraySet(set) => [&set.list, &set.other]
            .into_iter()
            .chain(set.by.iter())
            .collect(),
        StmtKind::Var(VarStmt { value, .. })
        | StmtKind::Return(value)
        | StmtKind::DebugLog(value)
        | StmtKind::ObjectQuery(ObjectQuery { value, .. }) => vec![value],
        StmtKind::Conditional(conditional) => conditional
            .branches
            .iter()
            .map(|(condition, _)| condition)
            .collect(),
        StmtKind::Switch(switch) => std::iter::once(&switch.subject)
            .chain(switch.cases.iter().map(|case| &case.value))
            .collect(),
        StmtKind::Foreach(foreach) => vec![&foreach.list],
        StmtKind::For(for_loop) => vec![&for_loop.count],
        StmtKind::While(while_loop) => vec![&while_loop.condition],
        StmtKind::Precondition(precondition) => std::iter::once(&precondition.condition)
            .chain(precondition.error_type.iter())
            .chain(precondition.message.iter())
            .chain(precondition.payload.iter())
            .collect(),
        StmtKind::Throw(throw) => vec![&throw.name, &throw.value],
        StmtKind::FunctionRun(run) => run.input.iter().collect(),
        StmtKind::ApiRequest(request) => std::iter::once(&request.url)
            .chain(request.method.iter())
            .chain(request.params.iter())
            .chain(request.headers.iter())
            .chain(request.timeout.iter())
            .collect(),
        StmtKind::MakeTrigger(trigger) => [
            &trigger.webhook_url,
            &trigger.scenario_name,
            &trigger.payload,
        ]
        .into_iter()
        .chain(trigger.chunk_size.iter())
        .collect(),
        StmtKind::ArrayQuery(query) => vec![&query.list, &query.by],
        StmtKind::Sleep(seconds) => vec![seconds],
        StmtKind::RandomNumber(random) => random.min.iter().chain(random.max.iter()).collect(),
        StmtKind::Db(db) => db.op.expressions(),
        StmtKind::Security(security) => security.op.expressions(),
        StmtKind::Break
        | StmtKind::Continue
        | StmtKind::TryCatch(_)
        | StmtKind::Group(_)
        | StmtKind::CreateUuid(_) => Vec::new(),
    }
}
