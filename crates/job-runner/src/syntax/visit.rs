//! Walking a parsed file: every call and every expression written in it,
//! at any depth (statements in nested blocks, `response`, `test` blocks,
//! mocks, input defaults), for checks that must see all of a file.

use super::ast::{Body, Call, Entry, Expr, ExprKind, ObjectKey, PathStep, Target};

/// Calls `visit` on `call` and on every call nested in its body.
pub fn each_call<'a>(call: &'a Call, visit: &mut impl FnMut(&'a Call)) {
    visit(call);
    for entry in body_entries(call.body.as_ref()) {
        if let Entry::Call(inner) = entry {
            each_call(inner, visit);
        }
    }
}

/// Calls `visit` on every expression written in `call` (its target's
/// indexes, its argument, its attributes, input defaults, nested calls)
/// and on every expression inside each.
pub fn each_expr<'a>(call: &'a Call, visit: &mut impl FnMut(&'a Expr)) {
    if let Some(Target::Variable(target)) = &call.target {
        for step in &target.path {
            if let PathStep::Index(index) = step {
                walk(index, visit);
            }
        }
    }
    if let Some(arg) = &call.arg {
        walk(arg, visit);
    }
    body_exprs(call.body.as_ref(), visit);
}

fn body_exprs<'a>(body: Option<&'a Body>, visit: &mut impl FnMut(&'a Expr)) {
    for entry in body_entries(body) {
        match entry {
            Entry::Attribute(attribute) => walk(&attribute.value, visit),
            Entry::Call(inner) => each_expr(inner, visit),
            Entry::Inputs(inputs) => {
                for field in &inputs.fields {
                    if let Some(default) = &field.default {
                        walk(default, visit);
                    }
                    body_exprs(field.body.as_ref(), visit);
                }
            }
        }
    }
}

fn body_entries(body: Option<&Body>) -> &[Entry] {
    body.map_or(&[], |body| &body.entries)
}

/// Calls `visit` on `expr` and every expression inside it.
pub fn walk<'a>(expr: &'a Expr, visit: &mut impl FnMut(&'a Expr)) {
    visit(expr);
    match &expr.kind {
        ExprKind::Array(items) => items.iter().for_each(|item| walk(item, visit)),
        ExprKind::Object(entries) => {
            for (key, value) in entries {
                if let ObjectKey::Computed(key) = key {
                    walk(key, visit);
                }
                walk(value, visit);
            }
        }
        ExprKind::Field(base, _)
        | ExprKind::Unary(_, base)
        | ExprKind::Spread(base)
        | ExprKind::Backtick(base) => walk(base, visit),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) | ExprKind::Range(a, b) => {
            walk(a, visit);
            walk(b, visit);
        }
        ExprKind::Filter { value, args, .. } => {
            if let Some(value) = value {
                walk(value, visit);
            }
            args.iter().for_each(|arg| walk(arg, visit));
        }
        ExprKind::Call { args, .. } => args.iter().for_each(|arg| walk(arg, visit)),
        ExprKind::Ternary {
            condition,
            then,
            otherwise,
        } => {
            walk(condition, visit);
            walk(then, visit);
            walk(otherwise, visit);
        }
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Decimal(_)
        | ExprKind::Text(_)
        | ExprKind::Now
        | ExprKind::Variable(_) => {}
    }
}

/// The name an expression reads from `$env`: `$env.NAME` or `$env["NAME"]`.
pub fn env_name(expr: &Expr) -> Option<(&str, crate::source::Span)> {
    match &expr.kind {
        ExprKind::Field(base, name) if is_env(base) => Some((&name.text, expr.span)),
        ExprKind::Index(base, index) if is_env(base) => match &index.kind {
            ExprKind::Text(name) => Some((name, expr.span)),
            _ => None,
        },
        _ => None,
    }
}

fn is_env(expr: &Expr) -> bool {
    matches!(&expr.kind, ExprKind::Variable(name) if name == "env")
}
