//! Constant expressions: what `main.input` values and input defaults may be.
//!
//! Xano requires these to be constants (no `$variables`), so they are read
//! once at load time: literals, arrays, objects and negative numbers.

use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind, Name, ObjectKey, UnaryOp};
use crate::value::{Object, Value};

/// Why an expression is not a constant, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct NotConstant {
    pub span: Span,
    pub message: String,
    pub hint: Option<String>,
}

/// How `now` is read: an input default may be `now` (for timestamps), a
/// `main.input` value may not, since a job's defaults are fixed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NowPolicy {
    /// `now` becomes the text `"now"`, which timestamp and date inputs turn
    /// into the time of the run.
    AsText,
    Reject,
}

/// Evaluates a constant expression, or says which part of it is not constant.
pub fn constant_value(expr: &Expr, now: NowPolicy) -> Result<Value, NotConstant> {
    Ok(match &expr.kind {
        ExprKind::Null => Value::Null,
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Int(i) => Value::Int(*i),
        ExprKind::Decimal(d) => Value::Decimal(*d),
        ExprKind::Text(text) => Value::Text(text.clone()),
        ExprKind::Now => match now {
            NowPolicy::AsText => Value::Text("now".to_owned()),
            NowPolicy::Reject => {
                return Err(NotConstant {
                    span: expr.span,
                    message: "`now` is not allowed here: values must be constants".to_owned(),
                    hint: Some(
                        "write the text \"now\": timestamp inputs read it as the time of the run"
                            .to_owned(),
                    ),
                });
            }
        },
        ExprKind::Array(items) => Value::array(
            items
                .iter()
                .map(|item| constant_value(item, now))
                .collect::<Result<_, _>>()?,
        ),
        ExprKind::Object(entries) => {
            let mut object = Object::with_capacity_and_hasher(entries.len(), Default::default());
            for (key, value) in entries {
                let name = literal_key(key)?;
                object.insert(name.text.clone(), constant_value(value, now)?);
            }
            Value::object(object)
        }
        ExprKind::Unary(UnaryOp::Negate, inner) => match constant_value(inner, now)? {
            Value::Int(i) => match i.checked_neg() {
                Some(negated) => Value::Int(negated),
                None => return Err(not_constant(expr.span, "this number is out of range")),
            },
            Value::Decimal(d) => Value::Decimal(-d),
            _ => return Err(not_constant(expr.span, "only numbers can be negated here")),
        },
        _ => return Err(explain_non_constant(expr)),
    })
}

/// Names the variable an expression reads when it reads one, since that is
/// the usual mistake (`$input.x` in `main.input`); otherwise says expressions
/// are not allowed.
fn explain_non_constant(expr: &Expr) -> NotConstant {
    match first_variable(expr) {
        Some((name, span)) => {
            let shown = if name == "$" {
                "$$".to_owned()
            } else {
                format!("${name}")
            };
            NotConstant {
                span,
                message: format!("`{shown}` is a variable: values here must be constants"),
                hint: Some(
                    "write the value itself; pass run-time values with --input NAME=VALUE"
                        .to_owned(),
                ),
            }
        }
        None => not_constant(
            expr.span,
            "values here must be constants (literals, arrays and objects), not expressions",
        ),
    }
}

fn first_variable(expr: &Expr) -> Option<(&str, Span)> {
    match &expr.kind {
        ExprKind::Variable(name) => Some((name, expr.span)),
        ExprKind::Field(inner, _) | ExprKind::Unary(_, inner) | ExprKind::Backtick(inner) => {
            first_variable(inner)
        }
        ExprKind::Index(left, right) | ExprKind::Binary(_, left, right) => {
            first_variable(left).or_else(|| first_variable(right))
        }
        ExprKind::Filter { value, args, .. } => value
            .as_deref()
            .and_then(first_variable)
            .or_else(|| args.iter().find_map(first_variable)),
        ExprKind::Call { args, .. } => args.iter().find_map(first_variable),
        ExprKind::Array(items) => items.iter().find_map(first_variable),
        ExprKind::Object(entries) => entries.iter().find_map(|(key, value)| match key {
            ObjectKey::Computed(key) => first_variable(key).or_else(|| first_variable(value)),
            ObjectKey::Literal(_) => first_variable(value),
        }),
        ExprKind::Ternary {
            condition,
            then,
            otherwise,
        } => first_variable(condition)
            .or_else(|| first_variable(then))
            .or_else(|| first_variable(otherwise)),
        _ => None,
    }
}

/// The written-out key of an object entry; a computed key (`$key:`) is not a constant.
pub fn literal_key(key: &ObjectKey) -> Result<&Name, NotConstant> {
    key.literal().ok_or_else(|| NotConstant {
        span: key.span(),
        message: "a computed key is not allowed here: values must be constants".to_owned(),
        hint: Some("write the key itself: `name: value`".to_owned()),
    })
}

fn not_constant(span: Span, message: &str) -> NotConstant {
    NotConstant {
        span,
        message: message.to_owned(),
        hint: None,
    }
}
