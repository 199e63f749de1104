//! `check` of attribute values written as literals: a value that can be
//! seen in the file and that every run would refuse (`timeout = 0`,
//! `chunk_size = 0`, `return = { type: "lists" }`) is an error at load,
//! with the values that work. Computed values are checked when they run.
//!
//! Decisions where the reference is silent: `precondition`'s `error_type`
//! outside the four the reference lists (and the three Xano also answers
//! with: `unauthorized`, `badrequest`, `toomanyrequests`) is a warning,
//! not an error, since the runner raises any name it is given.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};
use crate::suggest;
use crate::syntax::ast::{Call, Document, Entry, Expr, ExprKind, UnaryOp};
use crate::syntax::visit;

/// The error types of the reference, then those Xano also knows.
const ERROR_TYPES: &[&str] = &[
    "inputerror",
    "accessdenied",
    "notfound",
    "standard",
    "unauthorized",
    "badrequest",
    "toomanyrequests",
];
const RETURN_TYPES: &[&str] = &["list", "single", "count", "exists"];
const RESPONSE_TYPES: &[&str] = &["list", "single"];

/// Checks every statement of a function file, nested ones included.
pub(crate) fn check_document(
    file: &Arc<SourceFile>,
    document: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut checker = Checker { file, diagnostics };
    for item in &document.items {
        visit::each_call(item, &mut |call| checker.statement(call));
    }
}

struct Checker<'a> {
    file: &'a Arc<SourceFile>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// A literal as the check sees it.
enum Literal<'e> {
    Number(f64),
    Text(&'e str),
    Bool,
    Null,
    Object(&'e [(crate::syntax::ast::ObjectKey, Expr)]),
    Other,
}

fn literal(expr: &Expr) -> Option<Literal<'_>> {
    Some(match &expr.kind {
        ExprKind::Int(n) => Literal::Number(*n as f64),
        ExprKind::Decimal(d) => Literal::Number(*d),
        ExprKind::Unary(UnaryOp::Negate, inner) => match inner.kind {
            ExprKind::Int(n) => Literal::Number(-(n as f64)),
            ExprKind::Decimal(d) => Literal::Number(-d),
            _ => return None,
        },
        ExprKind::Text(text) => Literal::Text(text),
        ExprKind::Bool(_) => Literal::Bool,
        ExprKind::Null => Literal::Null,
        ExprKind::Object(entries) => Literal::Object(entries),
        ExprKind::Array(_) => Literal::Other,
        _ => return None,
    })
}

fn attribute<'c>(call: &'c Call, key: &str) -> Option<&'c Expr> {
    call.body
        .as_ref()?
        .entries
        .iter()
        .find_map(|entry| match entry {
            Entry::Attribute(attribute) if attribute.key.text == key => Some(&attribute.value),
            _ => None,
        })
}

/// A field of an object literal.
fn field<'e>(entries: &'e [(crate::syntax::ast::ObjectKey, Expr)], key: &str) -> Option<&'e Expr> {
    entries
        .iter()
        .find(|(name, _)| name.literal().is_some_and(|name| name.text == key))
        .map(|(_, value)| value)
}

impl Checker<'_> {
    fn statement(&mut self, call: &Call) {
        let name = call.name.text.as_str();
        match name {
            "api.request" => {
                self.positive_number(call, "timeout", "seconds, e.g. `timeout = 30`");
                self.boolean(call, "verify_host");
                self.boolean(call, "follow_location");
            }
            "make.trigger_scenario" => {
                self.whole_number(
                    call,
                    "chunk_size",
                    1,
                    "records per trigger, e.g. `chunk_size = 500`",
                );
            }
            "util.sleep" => self.number_at_least(call, "value", 0.0, "seconds, e.g. `value = 1.5`"),
            "security.random_number" => self.random_bounds(call),
            "precondition" => self.error_type(call),
            "db.query" => self.query_return(call),
            "db.direct_query" => self.one_of(call, "response_type", RESPONSE_TYPES),
            "db.truncate" => self.boolean(call, "reset"),
            "for" => self.loop_count(call),
            _ => {}
        }
    }

    fn report(&mut self, span: Span, message: String, hint: String) {
        self.diagnostics
            .push(Diagnostic::error(self.file, span, message).with_hint(hint));
    }

    fn positive_number(&mut self, call: &Call, key: &str, unit: &str) {
        let Some(value) = attribute(call, key) else {
            return;
        };
        match literal(value) {
            Some(Literal::Number(n)) if n > 0.0 && n.is_finite() => {}
            Some(Literal::Null) | None => {}
            Some(_) => self.report(
                value.span,
                format!("`{}`: `{key}` must be a positive number", call.name.text),
                format!("give it in {unit}"),
            ),
        }
    }

    fn number_at_least(&mut self, call: &Call, key: &str, min: f64, unit: &str) {
        let Some(value) = attribute(call, key) else {
            return;
        };
        match literal(value) {
            Some(Literal::Number(n)) if n >= min && n.is_finite() => {}
            None => {}
            Some(_) => self.report(
                value.span,
                format!(
                    "`{}`: `{key}` must be a number of at least {min}",
                    call.name.text
                ),
                format!("give it in {unit}"),
            ),
        }
    }

    fn whole_number(&mut self, call: &Call, key: &str, min: i64, example: &str) {
        let Some(value) = attribute(call, key) else {
            return;
        };
        match literal(value) {
            Some(Literal::Number(n)) if n >= min as f64 && n.fract() == 0.0 => {}
            Some(Literal::Null) | None => {}
            Some(_) => self.report(
                value.span,
                format!(
                    "`{}`: `{key}` must be a whole number of at least {min}",
                    call.name.text
                ),
                format!("give the number of {example}"),
            ),
        }
    }

    fn boolean(&mut self, call: &Call, key: &str) {
        let Some(value) = attribute(call, key) else {
            return;
        };
        if let Some(Literal::Number(_) | Literal::Text(_) | Literal::Object(_) | Literal::Other) =
            literal(value)
        {
            self.report(
                value.span,
                format!("`{}`: `{key}` must be `true` or `false`", call.name.text),
                format!("write `{key} = true` or `{key} = false`"),
            );
        }
    }

    /// A literal text that must be one of `known`.
    fn one_of(&mut self, call: &Call, key: &str, known: &[&str]) {
        let Some(value) = attribute(call, key) else {
            return;
        };
        self.text_in(&call.name.text, key, value, known);
    }

    fn text_in(&mut self, statement: &str, key: &str, value: &Expr, known: &[&str]) {
        let shown = suggest::quoted_list(known);
        match literal(value) {
            Some(Literal::Text(text)) if known.contains(&text) => {}
            Some(Literal::Text(text)) => {
                let hint = match suggest::closest(text, known.iter().copied()) {
                    Some(close) => format!("did you mean `\"{close}\"`? it is one of {shown}"),
                    None => format!("use one of {shown}"),
                };
                self.report(
                    value.span,
                    format!("`{statement}`: `{key}` is `\"{text}\"`, which is not one of {shown}"),
                    hint,
                );
            }
            None => {}
            Some(_) => self.report(
                value.span,
                format!("`{statement}`: `{key}` must be text, one of {shown}"),
                format!("write `\"{}\"`", known[0]),
            ),
        }
    }

    fn error_type(&mut self, call: &Call) {
        let Some(value) = attribute(call, "error_type") else {
            return;
        };
        let Some(Literal::Text(text)) = literal(value) else {
            return;
        };
        if ERROR_TYPES.contains(&text) {
            return;
        }
        let hint = match suggest::closest(text, ERROR_TYPES.iter().copied()) {
            Some(close) => format!("did you mean `\"{close}\"`?"),
            None => format!(
                "Xano's error types are {}",
                suggest::quoted_list(ERROR_TYPES)
            ),
        };
        self.diagnostics.push(
            Diagnostic::warning(
                self.file,
                value.span,
                format!(
                    "`precondition`: `error_type` `\"{text}\"` is not an error type Xano knows"
                ),
            )
            .with_hint(hint),
        );
    }

    /// `return = { type: "list", paging: { page: 1, per_page: 25, totals: true } }`.
    fn query_return(&mut self, call: &Call) {
        let Some(value) = attribute(call, "return") else {
            return;
        };
        let Some(Literal::Object(entries)) = literal(value) else {
            if let Some(Literal::Number(_) | Literal::Text(_) | Literal::Bool | Literal::Other) =
                literal(value)
            {
                self.report(
                    value.span,
                    "`db.query`: `return` must be an object".to_owned(),
                    "write `return = { type: \"list\" }`".to_owned(),
                );
            }
            return;
        };
        if let Some(kind) = field(entries, "type") {
            self.text_in("db.query", "return.type", kind, RETURN_TYPES);
        }
        let Some(paging) = field(entries, "paging") else {
            return;
        };
        let Some(Literal::Object(paging)) = literal(paging) else {
            if !matches!(literal(paging), None | Some(Literal::Null)) {
                self.report(
                    paging.span,
                    "`db.query`: `return.paging` must be an object".to_owned(),
                    "write `paging: { page: 1, per_page: 25 }`".to_owned(),
                );
            }
            return;
        };
        for key in ["page", "per_page"] {
            let Some(number) = field(paging, key) else {
                continue;
            };
            match literal(number) {
                Some(Literal::Number(n)) if n >= 1.0 && n.fract() == 0.0 => {}
                None | Some(Literal::Null) => {}
                Some(_) => self.report(
                    number.span,
                    format!("`db.query`: `paging.{key}` must be a whole number of at least 1"),
                    format!("e.g. `{key}: 1`"),
                ),
            }
        }
        if let Some(totals) = field(paging, "totals")
            && let Some(Literal::Number(_) | Literal::Text(_) | Literal::Object(_) | Literal::Other) =
                literal(totals)
        {
            self.report(
                totals.span,
                "`db.query`: `paging.totals` must be `true` or `false`".to_owned(),
                "write `totals: true` to count every matching record".to_owned(),
            );
        }
    }

    fn random_bounds(&mut self, call: &Call) {
        let bound = |key: &str| attribute(call, key).map(|value| (value, literal(value)));
        let mut numbers = Vec::new();
        for key in ["min", "max"] {
            match bound(key) {
                Some((_, Some(Literal::Number(n)))) if n.fract() == 0.0 => numbers.push(n),
                Some((value, Some(_))) => self.report(
                    value.span,
                    format!("`security.random_number`: `{key}` must be a whole number"),
                    format!("e.g. `{key} = 10`"),
                ),
                _ => {}
            }
        }
        if let ([min, max], Some((value, _))) = (numbers.as_slice(), bound("max"))
            && min > max
        {
            self.report(
                value.span,
                format!("`security.random_number`: `max` ({max}) is below `min` ({min})"),
                "swap them: `min` is the smallest number drawn".to_owned(),
            );
        }
    }

    fn loop_count(&mut self, call: &Call) {
        let Some(count) = &call.arg else {
            return;
        };
        match literal(count) {
            Some(Literal::Number(n)) if n >= 0.0 && n.fract() == 0.0 => {}
            None => {}
            Some(_) => self.report(
                count.span,
                "`for` counts a whole number of iterations, 0 or more".to_owned(),
                "write `for (10) { each as $i { ... } }`".to_owned(),
            ),
        }
    }
}
