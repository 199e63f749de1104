//! Expressions ready to run: literals folded into values, variable roots
//! resolved (`$input`, `$env.NAME`, `$var.x` / `$x`, `$$`), filters looked up.
//! Compiling once means the interpreter never re-parses names or re-checks
//! filters inside a loop.

use std::sync::Arc;

use super::{FieldName, VarName};
use crate::diagnostic::Diagnostic;
use crate::filters::{self, Filter};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{self, BinaryOp, UnaryOp};
use crate::value::{Object, Value};

/// A compiled expression with the span it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A literal, or a literal array/object with only literals inside.
    Const(Value),
    /// `now`: the host's clock, in epoch milliseconds.
    Now,
    Array(Vec<Expr>),
    /// An object literal with a computed key or a value that is not constant.
    Object(Vec<(Key, Expr)>),
    /// `$input`: the function's inputs.
    Input,
    /// `$env`: every declared environment variable, as an object.
    EnvAll,
    /// `$env.NAME`.
    Env(String),
    /// `$var`: every variable of the function, as an object.
    VarsAll,
    /// `$x` or `$var.x`. `$this`, `$index`, `$parent` and `$result` resolve to
    /// the bindings of a higher-order filter first, when inside one.
    Var(VarName),
    /// `$$`: the current item of a higher-order filter.
    Item,
    Field(Box<Expr>, FieldName),
    Index(Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Filter {
        value: Box<Expr>,
        filter: &'static Filter,
        args: Vec<Expr>,
    },
    /// `array[condition]`: the elements for which the condition, with `$$`
    /// bound to each, is truthy.
    Where(Box<Expr>, Box<Expr>),
    /// `condition ? then : otherwise`: only the branch taken is evaluated.
    Ternary {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `start..end`: the integers from `start` to `end`, both included.
    Range(Box<Expr>, Box<Expr>),
    /// An array literal with at least one `...` element; plain literals stay
    /// `Array`, so they pay nothing for spreading.
    SpreadArray(Vec<Element>),
}

/// The key of an object literal's entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// Written out: `name:`, `"$type":`.
    Text(String),
    /// `$key:` or `(expr):`: the expression's value, as text, is the key.
    Computed(Expr),
}

/// One element of an array literal that spreads.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// `value`
    One(Expr),
    /// `...value`: every element of the array `value`.
    Spread(Expr),
}

impl Expr {
    pub fn constant(value: Value, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Const(value),
            span,
        }
    }

    /// The literal value, when the expression is one.
    pub fn as_const(&self) -> Option<&Value> {
        match &self.kind {
            ExprKind::Const(value) => Some(value),
            _ => None,
        }
    }
}

/// Compiles a syntax-tree expression, reporting unknown filters and bad argument counts.
pub fn compile(
    file: &Arc<SourceFile>,
    expr: &ast::Expr,
    diagnostics: &mut Vec<Diagnostic>,
) -> Expr {
    Compiler { file, diagnostics }.compile(expr)
}

/// Whether a bracket holds a condition rather than an index: its outermost
/// operator yields a boolean (a comparison, `!`, or `&&`/`||` over one). An
/// index never is a boolean, so this cannot change what an index means.
fn is_condition(expr: &ast::Expr) -> bool {
    match &expr.kind {
        ast::ExprKind::Unary(UnaryOp::Not, _) => true,
        ast::ExprKind::Binary(BinaryOp::And | BinaryOp::Or, left, right) => {
            is_condition(left) || is_condition(right)
        }
        ast::ExprKind::Binary(op, _, _) => matches!(
            op,
            BinaryOp::Eq
                | BinaryOp::NotEq
                | BinaryOp::StrictEq
                | BinaryOp::StrictNotEq
                | BinaryOp::Lt
                | BinaryOp::LtEq
                | BinaryOp::Gt
                | BinaryOp::GtEq
                | BinaryOp::NullSafe(_)
                | BinaryOp::Match(_)
        ),
        ast::ExprKind::Backtick(inner) => is_condition(inner),
        _ => false,
    }
}

struct Compiler<'a> {
    file: &'a Arc<SourceFile>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Compiler<'_> {
    fn compile(&mut self, expr: &ast::Expr) -> Expr {
        let span = expr.span;
        let kind = match &expr.kind {
            ast::ExprKind::Null => ExprKind::Const(Value::Null),
            ast::ExprKind::Bool(b) => ExprKind::Const(Value::Bool(*b)),
            ast::ExprKind::Int(i) => ExprKind::Const(Value::Int(*i)),
            ast::ExprKind::Decimal(d) => ExprKind::Const(Value::Decimal(*d)),
            ast::ExprKind::Text(text) => ExprKind::Const(Value::Text(text.clone())),
            ast::ExprKind::Now => ExprKind::Now,
            ast::ExprKind::Array(items)
                if items
                    .iter()
                    .any(|item| matches!(item.kind, ast::ExprKind::Spread(_))) =>
            {
                ExprKind::SpreadArray(
                    items
                        .iter()
                        .map(|item| match &item.kind {
                            ast::ExprKind::Spread(inner) => Element::Spread(self.compile(inner)),
                            _ => Element::One(self.compile(item)),
                        })
                        .collect(),
                )
            }
            ast::ExprKind::Array(items) => {
                let items: Vec<Expr> = items.iter().map(|item| self.compile(item)).collect();
                match items.iter().map(Expr::as_const).collect::<Option<Vec<_>>>() {
                    Some(values) => {
                        ExprKind::Const(Value::array(values.into_iter().cloned().collect()))
                    }
                    None => ExprKind::Array(items),
                }
            }
            ast::ExprKind::Object(entries) => {
                let entries: Vec<(Key, Expr)> = entries
                    .iter()
                    .map(|(key, value)| {
                        let key = match key {
                            ast::ObjectKey::Literal(name) => Key::Text(name.text.clone()),
                            ast::ObjectKey::Computed(expr) => Key::Computed(self.compile(expr)),
                        };
                        (key, self.compile(value))
                    })
                    .collect();
                let constant = entries
                    .iter()
                    .all(|(key, value)| matches!(key, Key::Text(_)) && value.as_const().is_some());
                if constant {
                    let object: Object = entries
                        .into_iter()
                        .filter_map(|(key, value)| match key {
                            Key::Text(key) => {
                                Some((key, value.as_const().cloned().unwrap_or_default()))
                            }
                            Key::Computed(_) => None,
                        })
                        .collect();
                    ExprKind::Const(Value::object(object))
                } else {
                    ExprKind::Object(entries)
                }
            }
            ast::ExprKind::Variable(name) => match name.as_str() {
                "input" => ExprKind::Input,
                "env" => ExprKind::EnvAll,
                "var" => ExprKind::VarsAll,
                "$" => ExprKind::Item,
                anchor if anchor.bytes().all(|b| b.is_ascii_digit()) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            self.file,
                            span,
                            format!("anchoring variable `${anchor}` is not supported by runner-cli"),
                        )
                        .with_hint("use `$$` for the element a `[condition]` tests; to reach an outer element, loop with `foreach ($items) { each as $item { ... } }` and read `$item`"),
                    );
                    ExprKind::Const(Value::Null)
                }
                other => ExprKind::Var(VarName::new(other)),
            },
            ast::ExprKind::Field(base, field) => {
                let base = self.compile(base);
                match base.kind {
                    ExprKind::EnvAll => ExprKind::Env(field.text.clone()),
                    ExprKind::VarsAll => ExprKind::Var(VarName::new(&field.text)),
                    _ => ExprKind::Field(Box::new(base), FieldName::new(field.text.clone())),
                }
            }
            // A bracketed boolean expression filters the array before it
            // (`$stores[$$.category == "retail"]`); any other bracket indexes.
            ast::ExprKind::Index(base, index) if is_condition(index) => {
                ExprKind::Where(Box::new(self.compile(base)), Box::new(self.compile(index)))
            }
            ast::ExprKind::Index(base, index) => {
                ExprKind::Index(Box::new(self.compile(base)), Box::new(self.compile(index)))
            }
            ast::ExprKind::Range(start, end) => {
                ExprKind::Range(Box::new(self.compile(start)), Box::new(self.compile(end)))
            }
            ast::ExprKind::Ternary {
                condition,
                then,
                otherwise,
            } => ExprKind::Ternary {
                condition: Box::new(self.compile(condition)),
                then: Box::new(self.compile(then)),
                otherwise: Box::new(self.compile(otherwise)),
            },
            // The parser puts `...` only in array literals, handled above.
            ast::ExprKind::Spread(inner) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        self.file,
                        span,
                        "`...` spreads only inside an array literal",
                    )
                    .with_hint("write `[...$items, 4]`"),
                );
                return self.compile(inner);
            }
            ast::ExprKind::Unary(op, operand) => {
                ExprKind::Unary(*op, Box::new(self.compile(operand)))
            }
            ast::ExprKind::Binary(op, left, right) => {
                self.check_bare_filter_before_operator(*op, left, right);
                ExprKind::Binary(
                    *op,
                    Box::new(self.compile(left)),
                    Box::new(self.compile(right)),
                )
            }
            ast::ExprKind::Filter { value, name, args } => {
                // No subject (`|range:1:5`): the filter sees null.
                let value = match value {
                    Some(value) => self.compile(value),
                    None => Expr::constant(Value::Null, name.span),
                };
                let mut args: Vec<Expr> = args.iter().map(|arg| self.compile(arg)).collect();
                match self.filter(name) {
                    Some(filter) => {
                        self.check_arity(
                            filter,
                            &mut args,
                            name.span,
                            &format!("filter `{}`", name.text),
                        );
                        ExprKind::Filter {
                            value: Box::new(value),
                            filter,
                            args,
                        }
                    }
                    // Already reported: keep the value so later checks still run.
                    None => return value,
                }
            }
            ast::ExprKind::Call { name, args } => return self.function_call(span, name, args),
            ast::ExprKind::Backtick(inner) => return self.compile(inner),
        };
        Expr { kind, span }
    }

    /// `$arr|count > 0`: Xano reads `count > 0` as the filter's argument and
    /// its validator refuses the line, so `check` reports it; runner-cli runs
    /// it as `($arr|count) > 0`. Only an argument-less filter written without
    /// parentheses, before a comparison, arithmetic or `~`: `&&`, `||` and
    /// `??` are left alone, as Xano's own documentation does not flag them.
    fn check_bare_filter_before_operator(
        &mut self,
        op: BinaryOp,
        left: &ast::Expr,
        right: &ast::Expr,
    ) {
        let ast::ExprKind::Filter { name, args, .. } = &left.kind else {
            return;
        };
        let parenthesised = left.span.end != name.span.end;
        if !args.is_empty()
            || parenthesised
            || matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::NullCoalesce)
        {
            return;
        }
        let (filtered, operand) = (self.file.slice(left.span), self.file.slice(right.span));
        self.diagnostics.push(
            Diagnostic::xano_rejects(
                self.file,
                left.span.to(right.span),
                format!(
                    "Xano reads `{filtered} {} {operand}` as the filter `{}` with the argument `{} {operand}`, and its validator rejects it",
                    op.symbol(),
                    name.text,
                    op.symbol()
                ),
            )
            .with_hint(format!(
                "put the filter in parentheses: `({filtered}) {} {operand}` (runner-cli runs it so)",
                op.symbol()
            )),
        );
    }

    /// `math.add(5, 3)`: the filter the function names, applied to the first
    /// argument with the others as its arguments.
    fn function_call(&mut self, span: Span, name: &ast::Name, args: &[ast::Expr]) -> Expr {
        let mut args: Vec<Expr> = args.iter().map(|arg| self.compile(arg)).collect();
        let Some(filter) = filters::function(&name.text) else {
            let mut diagnostic = Diagnostic::error(
                self.file,
                name.span,
                format!("unknown function `{}`", name.text),
            );
            diagnostic = match filters::suggest_function(&name.text) {
                Some(close) => diagnostic.with_hint(format!("did you mean `{close}`?")),
                None => diagnostic.with_hint(
                    "functions are the filters of the `math`, `array`, `text` and `object` namespaces: `math.add(5, 3)` is `5|add:3`",
                ),
            };
            self.diagnostics.push(diagnostic);
            return Expr::constant(Value::Null, span);
        };
        if args.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(
                    self.file,
                    span,
                    format!(
                        "`{}()` needs the value to work on as its first argument",
                        name.text
                    ),
                )
                .with_hint(format!(
                    "write `{}(value, ...)`; it means `value|{}:...`",
                    name.text, filter.name
                )),
            );
            return Expr::constant(Value::Null, span);
        }
        let value = args.remove(0);
        self.check_arity(
            filter,
            &mut args,
            name.span,
            &format!("`{}()` after its value", name.text),
        );
        Expr {
            kind: ExprKind::Filter {
                value: Box::new(value),
                filter,
                args,
            },
            span,
        }
    }

    /// Too few arguments is an error. Extra arguments are a warning and are
    /// dropped, as Xano's validator accepts them (`$x|to_int:0`).
    fn check_arity(&mut self, filter: &Filter, args: &mut Vec<Expr>, span: Span, what: &str) {
        let count = args.len();
        if count >= filter.min_args && count <= filter.max_args {
            return;
        }
        let expected = match (filter.min_args, filter.max_args) {
            (0, 0) => "no arguments".to_owned(),
            (min, max) if min == max => {
                format!("{min} argument{}", if min == 1 { "" } else { "s" })
            }
            (min, max) => format!("{min} to {max} arguments"),
        };
        if count < filter.min_args {
            self.diagnostics.push(
                Diagnostic::error(self.file, span, format!("{what} takes {expected}, got {count}"))
                    .with_hint("arguments follow the filter name, separated by `:`, e.g. `|get:\"key\":\"default\"`"),
            );
            return;
        }
        let extra = args.split_off(filter.max_args);
        let extra_span = extra
            .iter()
            .map(|arg| arg.span)
            .reduce(Span::to)
            .unwrap_or(span);
        self.diagnostics.push(
            Diagnostic::warning(
                self.file,
                extra_span,
                format!("{what} takes {expected}, got {count}: the extra ones are ignored"),
            )
            .with_hint("Xano accepts and ignores them too; remove them to say what runs"),
        );
    }

    fn filter(&mut self, name: &ast::Name) -> Option<&'static Filter> {
        let Some(filter) = filters::lookup(&name.text) else {
            if let Some(reason) = filters::unsupported_reason(&name.text) {
                self.diagnostics.push(
                    Diagnostic::error(
                        self.file,
                        name.span,
                        format!("filter `{}` {reason}, which runner-cli does not provide", name.text),
                    )
                    .with_hint("use the expression filters (`map`, `filter`, `reduce`...) with `$$` instead"),
                );
                return None;
            }
            let mut diagnostic = Diagnostic::error(
                self.file,
                name.span,
                format!("unknown filter `{}`", name.text),
            );
            if let Some(close) = filters::suggest(&name.text) {
                diagnostic = diagnostic.with_hint(format!("did you mean `{close}`?"));
            }
            self.diagnostics.push(diagnostic);
            return None;
        };
        Some(filter)
    }
}
