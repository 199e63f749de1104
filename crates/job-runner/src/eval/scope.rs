//! Evaluating expressions against a function's variables.
//!
//! Evaluation borrows wherever it can: reading `$items` or `$input.payload`
//! hands out a reference into the frame, and only operators and filters that
//! build a new value allocate. That keeps loops over large values linear.

use std::borrow::Cow;

use super::runtime::{Flow, Frame, Runtime};
use crate::filters::{Filter, FilterContext, FilterError, FilterFn, Item, LazyArgs};
use crate::program::{Element, Expr, ExprKind, FieldName, Key, VarName};
use crate::run::ErrorKind;
use crate::source::Span;
use crate::syntax::ast::{BinaryOp, UnaryOp};
use crate::value::{self, Object, Value};

static NULL: Value = Value::Null;

/// The most items `start..end` may make, the same as the `range` filter.
const MAX_RANGE_ITEMS: u64 = 10_000_000;

/// What an expression can see: the run, the function's frame and, inside a
/// higher-order filter or array statement, the current item.
pub(crate) struct Scope<'s> {
    pub rt: &'s Runtime<'s>,
    pub frame: &'s Frame,
    pub item: Option<&'s Item<'s>>,
}

impl<'s> Scope<'s> {
    pub(crate) fn new(rt: &'s Runtime<'s>, frame: &'s Frame) -> Self {
        Scope {
            rt,
            frame,
            item: None,
        }
    }

    /// Evaluates to an owned value.
    pub(crate) fn value(&self, expr: &Expr) -> Result<Value, Flow> {
        self.eval(expr).map(Cow::into_owned)
    }

    /// Evaluates, lending values where they already are. The leaves
    /// (literals, variables, `$input`) are answered here, inlined into every
    /// caller, so `$i + 1` costs no call for `$i` or `1`; the rest goes
    /// through [`Scope::eval_node`].
    #[inline(always)]
    pub(crate) fn eval<'e>(&'e self, expr: &'e Expr) -> Result<Cow<'e, Value>, Flow> {
        match &expr.kind {
            ExprKind::Const(value) => Ok(Cow::Borrowed(value)),
            ExprKind::Var(name) if self.item.is_none() => {
                Ok(Cow::Borrowed(self.frame.vars.get(name).unwrap_or(&NULL)))
            }
            ExprKind::Input => Ok(Cow::Borrowed(&self.frame.input)),
            // `$input.name`, read in a loop of nearly every function.
            ExprKind::Field(base, key) if matches!(base.kind, ExprKind::Input) => {
                Ok(field(Cow::Borrowed(&self.frame.input), key))
            }
            _ => self.eval_node(expr),
        }
    }

    /// Whether `expr` is truthy, as `eval(expr)?.is_truthy()` says, for the
    /// conditions of `if`, `while` and `? :`: `&&`, `||`, `!` and
    /// comparisons answer with a bool directly, without making a value for
    /// each operator. Both sides are evaluated in the same order, and only
    /// when `eval` would evaluate them.
    pub(crate) fn truthy(&self, expr: &Expr) -> Result<bool, Flow> {
        match &expr.kind {
            ExprKind::Binary(BinaryOp::And, left, right) => {
                Ok(self.truthy(left)? && self.truthy(right)?)
            }
            ExprKind::Binary(BinaryOp::Or, left, right) => {
                Ok(self.truthy(left)? || self.truthy(right)?)
            }
            ExprKind::Unary(UnaryOp::Not, operand) => Ok(!self.truthy(operand)?),
            ExprKind::Binary(op, left, right) if !op.short_circuits() => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                if let (Value::Int(x), Value::Int(y)) = (&*l, &*r)
                    && let Some(result) = int_op(*op, *x, *y)
                {
                    return Ok(result.is_truthy());
                }
                Ok(self.apply(expr.span, *op, &l, &r)?.is_truthy())
            }
            _ => Ok(self.eval(expr)?.is_truthy()),
        }
    }

    /// The expressions loops evaluate most: operators, field reads and
    /// filters. Kept apart from the rarer kinds ([`Scope::eval_rare`]) so
    /// that this function, entered once per operator, stays small.
    #[inline(never)]
    fn eval_node<'e>(&'e self, expr: &'e Expr) -> Result<Cow<'e, Value>, Flow> {
        Ok(match &expr.kind {
            ExprKind::Field(base, key) => field(self.eval(base)?, key),
            ExprKind::Binary(op, left, right) if !op.short_circuits() => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                if let (Value::Int(x), Value::Int(y)) = (&*l, &*r)
                    && let Some(result) = int_op(*op, *x, *y)
                {
                    return Ok(Cow::Owned(result));
                }
                Cow::Owned(self.apply(expr.span, *op, &l, &r)?)
            }
            ExprKind::Binary(op, left, right) => self.short_circuit(*op, left, right)?,
            ExprKind::Filter {
                value,
                filter,
                args,
            } => {
                let input = self.eval(value)?;
                if let (Some(peek), [key]) = (filter.peek, args.as_slice()) {
                    let key = self.eval(key)?;
                    if let Some(found) = lend(&input, |value| peek(value, &key)) {
                        return Ok(found);
                    }
                    // `peek` declined: the filter runs on the same values.
                    return Ok(Cow::Owned(self.apply_eager(
                        expr.span,
                        filter,
                        &input,
                        std::slice::from_ref(key.as_ref()),
                    )?));
                }
                Cow::Owned(self.apply_filter(expr.span, filter, &input, args)?)
            }
            ExprKind::Index(base, index) => {
                let index = self.eval(index)?;
                index_into(self.eval(base)?, &index)
            }
            ExprKind::Unary(UnaryOp::Not, operand) => {
                Cow::Owned(Value::Bool(!self.truthy(operand)?))
            }
            ExprKind::Ternary {
                condition,
                then,
                otherwise,
            } => {
                if self.truthy(condition)? {
                    self.eval(then)?
                } else {
                    self.eval(otherwise)?
                }
            }
            _ => self.eval_rare(expr)?,
        })
    }

    /// Every other kind of expression: literals that build values, the
    /// environment, ranges, `[condition]`, and variables inside filters.
    #[inline(never)]
    fn eval_rare<'e>(&'e self, expr: &'e Expr) -> Result<Cow<'e, Value>, Flow> {
        Ok(match &expr.kind {
            ExprKind::Const(value) => Cow::Borrowed(value),
            ExprKind::Now => Cow::Owned(Value::Int(self.rt.host.now_ms())),
            // A literal can copy a large value many times (`[$s, $s, ...]`)
            // within one step: memory is checked between its items.
            ExprKind::Array(items) => {
                let mut array = Vec::with_capacity(items.len());
                for item in items {
                    array.push(self.value(item)?);
                    self.rt.check_memory(&self.frame.function, item.span)?;
                }
                Cow::Owned(Value::array(array))
            }
            ExprKind::Object(entries) => Cow::Owned(Value::object(self.object_literal(entries)?)),
            ExprKind::Input => Cow::Borrowed(&self.frame.input),
            ExprKind::EnvAll => Cow::Owned(self.rt.env_object()),
            ExprKind::Env(name) => Cow::Owned(self.rt.env_var(name)),
            ExprKind::VarsAll => Cow::Owned(Value::object(
                self.frame
                    .vars
                    .iter()
                    .map(|(k, v)| (k.to_owned(), v.clone()))
                    .collect(),
            )),
            ExprKind::Var(name) => self.variable(name),
            ExprKind::Item => match self.item {
                Some(item) => Cow::Borrowed(item.value),
                None => {
                    return Err(self.rt.error(
                        &self.frame.function,
                        expr.span,
                        ErrorKind::Standard,
                        "`$$` is only defined inside filters such as `map` and `filter`",
                    ));
                }
            },
            ExprKind::Unary(UnaryOp::Negate, operand) => {
                let operand = self.eval(operand)?;
                Cow::Owned(self.op(expr.span, value::negate(&operand))?)
            }
            ExprKind::Where(base, condition) => self.filter_where(expr.span, base, condition)?,
            ExprKind::Range(start, end) => Cow::Owned(self.range(expr.span, start, end)?),
            ExprKind::SpreadArray(elements) => Cow::Owned(self.spread_array(elements)?),
            // The kinds `eval` and `eval_node` answer themselves.
            ExprKind::Field(..)
            | ExprKind::Binary(..)
            | ExprKind::Filter { .. }
            | ExprKind::Index(..)
            | ExprKind::Unary(UnaryOp::Not, _)
            | ExprKind::Ternary { .. } => self.eval_node(expr)?,
        })
    }

    /// Runs a filter on `input`: eager filters get their arguments
    /// evaluated, lazy ones evaluate them per item through the context.
    pub(crate) fn apply_filter(
        &self,
        span: Span,
        filter: &Filter,
        input: &Value,
        args: &[Expr],
    ) -> Result<Value, Flow> {
        if args.len() < filter.min_args || args.len() > filter.max_args {
            return Err(self.error(
                span,
                format!("filter `{}` got {} arguments", filter.name, args.len()),
            ));
        }
        let mut context = FilterScope { scope: self };
        let result = match filter.func {
            // Most filters take one or two arguments: those are evaluated
            // onto the stack, sparing an allocation per filter call.
            FilterFn::Eager(func) => match args {
                [] => func(input, &[], &mut context),
                [a] => func(input, &[self.value(a)?], &mut context),
                [a, b] => func(input, &[self.value(a)?, self.value(b)?], &mut context),
                _ => {
                    let values = args
                        .iter()
                        .map(|arg| self.value(arg))
                        .collect::<Result<Vec<_>, _>>()?;
                    func(input, &values, &mut context)
                }
            },
            FilterFn::Lazy(func) => func(input, &mut ArgExprs { scope: self, args }),
        };
        self.filter_outcome(span, result)
    }

    /// Runs an eager filter whose arguments are already values (a statement
    /// that changes its target evaluates them before taking the target out).
    pub(crate) fn apply_eager(
        &self,
        span: Span,
        filter: &Filter,
        input: &Value,
        args: &[Value],
    ) -> Result<Value, Flow> {
        let mut context = FilterScope { scope: self };
        let result = match filter.func {
            FilterFn::Eager(func) => func(input, args, &mut context),
            FilterFn::Lazy(_) => Err(FilterError::Invalid(format!(
                "filter `{}` needs its arguments as expressions here",
                filter.name
            ))),
        };
        self.filter_outcome(span, result)
    }

    fn filter_outcome(
        &self,
        span: Span,
        result: Result<Value, FilterError>,
    ) -> Result<Value, Flow> {
        match result {
            Ok(value) => Ok(value),
            Err(FilterError::Invalid(message)) => Err(self.error(span, message)),
            Err(FilterError::Interrupted) => Err(self.rt.take_pending()),
            Err(FilterError::OverMemory(message)) => {
                Err(self.rt.limit(&self.frame.function, span, message))
            }
        }
    }

    fn error(&self, span: Span, message: impl Into<String>) -> Flow {
        self.rt.error(
            &self.frame.function,
            span,
            ErrorKind::Standard,
            message.into(),
        )
    }

    /// The fields of an object literal, in order; memory is checked between
    /// them, as one literal can copy a large value many times.
    pub(crate) fn object_literal(&self, entries: &[(Key, Expr)]) -> Result<Object, Flow> {
        let mut object = Object::with_capacity_and_hasher(entries.len(), Default::default());
        for (key, value) in entries {
            let key = match key {
                Key::Text(text) => text.clone(),
                Key::Computed(expr) => self.object_key(expr)?,
            };
            object.insert(key, self.value(value)?);
            self.rt.check_memory(&self.frame.function, value.span)?;
        }
        Ok(object)
    }

    /// The key a computed object key stands for: text as it is, numbers and
    /// booleans as their text. Null, arrays and objects are refused, since a
    /// key made from them is almost always a mistake.
    fn object_key(&self, expr: &Expr) -> Result<String, Flow> {
        match &*self.eval(expr)? {
            Value::Text(text) => Ok(text.clone()),
            key @ (Value::Int(_) | Value::Decimal(_) | Value::Bool(_)) => Ok(key.to_text()),
            Value::Null => Err(self.error(
                expr.span,
                "an object key must be text or a number, got null",
            )),
            other => Err(self.error(
                expr.span,
                format!(
                    "an object key must be text or a number, got {} {}",
                    other.type_name(),
                    other.short_display()
                ),
            )),
        }
    }

    /// `array[condition]`: keeps the elements for which `condition`, with
    /// `$$` bound to the element, is truthy. Null stays null, as a lookup on
    /// missing data should not fail.
    fn filter_where<'e>(
        &'e self,
        span: Span,
        base: &'e Expr,
        condition: &'e Expr,
    ) -> Result<Cow<'e, Value>, Flow> {
        let array = self.eval(base)?;
        let items = match &*array {
            Value::Array(items) => items,
            Value::Null => return Ok(Cow::Owned(Value::Null)),
            other => {
                return Err(self.error(
                    span,
                    format!(
                        "a `[condition]` filter needs an array, got {}",
                        other.type_name()
                    ),
                ));
            }
        };
        let mut kept = Vec::new();
        for (index, value) in items.iter().enumerate() {
            let item = Item {
                value,
                index,
                parent: &array,
                result: None,
            };
            if self.truthy_item(condition, item)? {
                kept.push(value.clone());
            }
        }
        Ok(Cow::Owned(Value::array(kept)))
    }

    /// `start..end`: every integer from `start` to `end`, both included,
    /// counting down when `end` is smaller; as large as `|range` allows.
    fn range(&self, span: Span, start: &Expr, end: &Expr) -> Result<Value, Flow> {
        let bound = |expr: &Expr, which: &str| -> Result<i64, Flow> {
            match &*self.eval(expr)? {
                Value::Int(n) => Ok(*n),
                Value::Decimal(d) if d.fract() == 0.0 && d.abs() < 9e15 => Ok(*d as i64),
                other => Err(self.error(
                    expr.span,
                    format!(
                        "the {which} of a range must be an integer, got {}",
                        other.type_name()
                    ),
                )),
            }
        };
        let (from, to) = (bound(start, "start")?, bound(end, "end")?);
        let count = from.abs_diff(to).saturating_add(1);
        if count > MAX_RANGE_ITEMS {
            return Err(self.error(
                span,
                format!("the range `{from}..{to}` would make {count} items; the limit is {MAX_RANGE_ITEMS}"),
            ));
        }
        Ok(Value::array(if from <= to {
            (from..=to).map(Value::Int).collect()
        } else {
            (to..=from).rev().map(Value::Int).collect()
        }))
    }

    /// An array literal with `...` elements: each spread array's elements
    /// take its place.
    fn spread_array(&self, elements: &[Element]) -> Result<Value, Flow> {
        let mut items = Vec::with_capacity(elements.len());
        for element in elements {
            let (Element::One(expr) | Element::Spread(expr)) = element;
            self.rt.check_memory(&self.frame.function, expr.span)?;
            match element {
                Element::One(expr) => items.push(self.value(expr)?),
                Element::Spread(expr) => match self.value(expr)? {
                    Value::Array(more) => items.extend(std::sync::Arc::unwrap_or_clone(more)),
                    other => {
                        return Err(self.error(
                            expr.span,
                            format!("`...` spreads an array, got {}", other.type_name()),
                        ));
                    }
                },
            }
        }
        Ok(Value::array(items))
    }

    /// `$name`: the bindings of a higher-order filter first (`$this`,
    /// `$index`, `$parent`, `$result`), then the function's variables; an
    /// unset variable reads as null.
    fn variable<'e>(&'e self, name: &VarName) -> Cow<'e, Value> {
        if let Some(item) = self.item {
            match name.as_str() {
                "this" => return Cow::Borrowed(item.value),
                "index" => return Cow::Owned(Value::Int(item.index as i64)),
                "parent" => return Cow::Borrowed(item.parent),
                "result" if item.result.is_some() => {
                    return Cow::Borrowed(item.result.unwrap_or(&NULL));
                }
                _ => {}
            }
        }
        Cow::Borrowed(self.frame.vars.get(name).unwrap_or(&NULL))
    }

    fn op(&self, span: Span, result: Result<Value, value::OpError>) -> Result<Value, Flow> {
        result.map_err(|error| {
            self.rt
                .error(&self.frame.function, span, ErrorKind::Standard, error.0)
        })
    }

    /// `&&`, `||` and `??`: they return one of their operands, as the
    /// reference's `$count || 10` example shows, and evaluate the right one
    /// only when the left does not decide.
    fn short_circuit<'e>(
        &'e self,
        op: BinaryOp,
        left: &'e Expr,
        right: &'e Expr,
    ) -> Result<Cow<'e, Value>, Flow> {
        let l = self.eval(left)?;
        let decided = match op {
            BinaryOp::And => !l.is_truthy(),
            BinaryOp::Or => l.is_truthy(),
            _ => !l.is_null(),
        };
        if decided { Ok(l) } else { self.eval(right) }
    }

    /// A binary operator that evaluates both sides, applied to their values.
    #[inline(never)]
    fn apply(&self, span: Span, op: BinaryOp, l: &Value, r: &Value) -> Result<Value, Flow> {
        if let (Value::Int(x), Value::Int(y)) = (l, r)
            && let Some(result) = int_op(op, *x, *y)
        {
            return Ok(result);
        }
        let compare = |wanted: fn(std::cmp::Ordering) -> bool| -> Result<Value, Flow> {
            let ordering = l.compare(r).map_err(|error| {
                self.rt
                    .error(&self.frame.function, span, ErrorKind::Standard, error.0)
            })?;
            Ok(Value::Bool(wanted(ordering)))
        };
        Ok(match op {
            BinaryOp::Add => self.op(span, value::add(l, r))?,
            BinaryOp::Sub => self.op(span, value::sub(l, r))?,
            BinaryOp::Mul => self.op(span, value::mul(l, r))?,
            BinaryOp::Div => self.op(span, value::div(l, r))?,
            BinaryOp::Rem => self.op(span, value::rem(l, r))?,
            BinaryOp::Concat => self.concat(span, l, r)?,
            BinaryOp::Eq => Value::Bool(self.equal(span, l, r, Value::loose_eq_within)?),
            BinaryOp::NotEq => Value::Bool(!self.equal(span, l, r, Value::loose_eq_within)?),
            BinaryOp::StrictEq => Value::Bool(self.equal(span, l, r, Value::strict_eq_within)?),
            BinaryOp::StrictNotEq => {
                Value::Bool(!self.equal(span, l, r, Value::strict_eq_within)?)
            }
            BinaryOp::Lt => compare(std::cmp::Ordering::is_lt)?,
            BinaryOp::LtEq => compare(std::cmp::Ordering::is_le)?,
            BinaryOp::Gt => compare(std::cmp::Ordering::is_gt)?,
            BinaryOp::GtEq => compare(std::cmp::Ordering::is_ge)?,
            // "Ignore if null": a missing right side does not constrain.
            BinaryOp::NullSafe(_) if r.is_null() => Value::Bool(true),
            BinaryOp::NullSafe(comparison) => self.apply(span, comparison.op(), l, r)?,
            BinaryOp::Match(op) => {
                let mut budget = self.rt.compare_budget();
                let matched = value::matches(op, l, r, &mut budget);
                let matched = matched.map_err(|limit| self.compare_limit(span, limit))?;
                self.rt.compared(&budget, &self.frame.function, span)?;
                Value::Bool(matched)
            }
            BinaryOp::And | BinaryOp::Or | BinaryOp::NullCoalesce => Value::Null,
        })
    }

    /// `~`: both sides as text, refused before it is built when the two
    /// together do not fit in the memory left (a chain `$s ~ $s ~ ...` grows
    /// within one step).
    /// `l` and `r` compared by `eq` within one step's budget. Two scalars
    /// take the budget's fast path: no walk, nothing spent.
    #[inline]
    fn equal(
        &self,
        span: Span,
        l: &Value,
        r: &Value,
        eq: impl Fn(&Value, &Value, &mut value::CompareBudget) -> Result<bool, value::CompareLimit>,
    ) -> Result<bool, Flow> {
        let mut budget = self.rt.compare_budget();
        let same = eq(l, r, &mut budget).map_err(|limit| self.compare_limit(span, limit))?;
        self.rt.compared(&budget, &self.frame.function, span)?;
        Ok(same)
    }

    #[cold]
    fn compare_limit(&self, span: Span, limit: value::CompareLimit) -> Flow {
        self.rt.limit(&self.frame.function, span, limit.to_string())
    }

    fn concat(&self, span: Span, l: &Value, r: &Value) -> Result<Value, Flow> {
        // Arrays and objects are written as JSON: check that it fits first,
        // since shared parts can make it astronomically large.
        for operand in [l, r] {
            if let Value::Array(_) | Value::Object(_) = operand {
                self.rt
                    .check_written_size(&self.frame.function, span, operand)?;
            }
        }
        // Text and binary text are read where they are; only other values
        // are rendered first.
        let rendered = |value: &Value| match value {
            Value::Text(_) | Value::Bytes(_) => None,
            other => Some(other.to_text()),
        };
        let (left_text, right_text) = (rendered(l), rendered(r));
        let (left_bytes, right_bytes) =
            (operand_bytes(&left_text, l), operand_bytes(&right_text, r));
        let size = (left_bytes.len() + right_bytes.len()) as u64;
        if let Some(left) = self.rt.memory_left()
            && size > left
        {
            return Err(self.rt.limit(
                &self.frame.function,
                span,
                crate::filters::over_memory("`~`", size, left),
            ));
        }
        if let (Value::Bytes(_), _) | (_, Value::Bytes(_)) = (l, r) {
            // Byte strings join as PHP's do; the result may be text again.
            return Ok(Value::from_bytes([left_bytes, right_bytes].concat()));
        }
        let mut text = String::with_capacity(left_bytes.len() + right_bytes.len());
        text.push_str(left_text.as_deref().or(l.as_str()).unwrap_or_default());
        text.push_str(right_text.as_deref().or(r.as_str()).unwrap_or_default());
        Ok(Value::Text(text))
    }

    /// [`Scope::truthy`] with an item bound, counting one step, for `[condition]`.
    fn truthy_item(&self, expr: &Expr, item: Item<'_>) -> Result<bool, Flow> {
        self.rt.step(&self.frame.function, expr.span)?;
        let inner = Scope {
            rt: self.rt,
            frame: self.frame,
            item: Some(&item),
        };
        inner.truthy(expr)
    }

    /// Evaluates with an item bound, counting one step, for array statements and filters.
    pub(crate) fn eval_item(&self, expr: &Expr, item: Item<'_>) -> Result<Value, Flow> {
        self.rt.step(&self.frame.function, expr.span)?;
        let inner = Scope {
            rt: self.rt,
            frame: self.frame,
            item: Some(&item),
        };
        inner.value(expr)
    }
}

/// The operators loops and counters use most, on two ints, without the
/// general path's conversions; `None` leaves the rest (overflow, division,
/// a zero divisor) to it, so results are the same either way.
#[inline(always)]
fn int_op(op: BinaryOp, x: i64, y: i64) -> Option<Value> {
    Some(match op {
        BinaryOp::Add => Value::Int(x.checked_add(y)?),
        BinaryOp::Sub => Value::Int(x.checked_sub(y)?),
        BinaryOp::Mul => Value::Int(x.checked_mul(y)?),
        BinaryOp::Rem if y != 0 => Value::Int(x.checked_rem(y).unwrap_or(0)),
        BinaryOp::Eq | BinaryOp::StrictEq => Value::Bool(x == y),
        BinaryOp::NotEq | BinaryOp::StrictNotEq => Value::Bool(x != y),
        BinaryOp::Lt => Value::Bool(x < y),
        BinaryOp::LtEq => Value::Bool(x <= y),
        BinaryOp::Gt => Value::Bool(x > y),
        BinaryOp::GtEq => Value::Bool(x >= y),
        _ => return None,
    })
}

/// An operand of `~` as bytes: its rendered text, or its own text or bytes.
fn operand_bytes<'a>(rendered: &'a Option<String>, value: &'a Value) -> &'a [u8] {
    rendered
        .as_deref()
        .map(str::as_bytes)
        .or(value.as_bytes())
        .unwrap_or_default()
}

/// `value.key`: a key of an object, a numeric position of an array; anything else is null.
#[inline]
fn field<'e>(base: Cow<'e, Value>, key: &FieldName) -> Cow<'e, Value> {
    match base {
        Cow::Borrowed(Value::Object(object)) => Cow::Borrowed(key.find_in(object).unwrap_or(&NULL)),
        base => field_text(base, key),
    }
}

/// [`field`] for a key known only as text (`$row[$name]`).
fn field_text<'e>(base: Cow<'e, Value>, key: &str) -> Cow<'e, Value> {
    match base {
        Cow::Borrowed(value) => Cow::Borrowed(child(value, key).unwrap_or(&NULL)),
        Cow::Owned(Value::Object(object)) => Cow::Owned(match std::sync::Arc::try_unwrap(object) {
            Ok(mut object) => object.swap_remove(key).unwrap_or_default(),
            Err(shared) => shared.get(key).cloned().unwrap_or_default(),
        }),
        Cow::Owned(value) => Cow::Owned(child(&value, key).cloned().unwrap_or_default()),
    }
}

/// What `pick` finds inside `base`: lent when `base` is itself lent (a
/// variable, `$input`), copied out of it when `base` was built here.
fn lend<'e>(
    base: &Cow<'e, Value>,
    pick: impl FnOnce(&Value) -> Option<&Value>,
) -> Option<Cow<'e, Value>> {
    match base {
        Cow::Borrowed(value) => pick(value).map(Cow::Borrowed),
        Cow::Owned(value) => pick(value).cloned().map(Cow::Owned),
    }
}

/// Item `i` of an array value, borrowed when the array is; null past the end.
fn item_at(base: Cow<'_, Value>, i: usize) -> Cow<'_, Value> {
    match base {
        Cow::Borrowed(Value::Array(items)) => Cow::Borrowed(items.get(i).unwrap_or(&NULL)),
        Cow::Owned(Value::Array(items)) => Cow::Owned(match std::sync::Arc::try_unwrap(items) {
            Ok(mut items) if i < items.len() => items.swap_remove(i),
            Ok(_) => Value::Null,
            Err(shared) => shared.get(i).cloned().unwrap_or_default(),
        }),
        _ => Cow::Owned(Value::Null),
    }
}

fn child<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Object(object) => object.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

/// `value[index]`: arrays by int position, objects by key text, text by character.
fn index_into<'e>(base: Cow<'e, Value>, index: &Value) -> Cow<'e, Value> {
    match (&*base, index) {
        (Value::Array(items), Value::Int(_) | Value::Decimal(_) | Value::Text(_)) => {
            let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let position = match index.to_number() {
                Some(value::Number::Int(i)) => Some(i),
                Some(value::Number::Decimal(d)) if d.fract() == 0.0 && d.abs() < 9e15 => {
                    Some(d as i64)
                }
                _ => None,
            }
            // A negative index counts from the end, as the reference's `$letters[-1]` does.
            .map(|i| if i < 0 { i.saturating_add(len) } else { i })
            .and_then(|i| usize::try_from(i).ok());
            match position {
                Some(i) => item_at(base, i),
                None => Cow::Owned(Value::Null),
            }
        }
        (Value::Object(_), key) => {
            let key = key.to_text();
            field_text(base, &key)
        }
        (Value::Text(text), Value::Int(i)) => Cow::Owned(
            usize::try_from(*i)
                .ok()
                .and_then(|i| text.chars().nth(i))
                .map_or(Value::Null, |c| Value::Text(c.to_string())),
        ),
        _ => Cow::Owned(Value::Null),
    }
}

/// The interpreter as filters see it.
struct FilterScope<'a, 's> {
    scope: &'a Scope<'s>,
}

impl FilterContext for FilterScope<'_, '_> {
    fn now_ms(&self) -> i64 {
        self.scope.rt.host.now_ms()
    }

    fn evaluate_source(&mut self, source: &str) -> Result<Value, FilterError> {
        let file = crate::source::SourceFile::new("to_expr", source);
        let syntax = crate::syntax::parse_expression(&file).map_err(|problems| {
            FilterError::Invalid(format!(
                "`to_expr`: {}",
                problems
                    .first()
                    .map_or("not an expression", |p| p.message.as_str())
            ))
        })?;
        let (compiled, problems) = crate::program::lower_expr(&file, &syntax);
        if let Some(problem) = problems.iter().find(|p| p.is_error()) {
            return Err(FilterError::Invalid(format!(
                "`to_expr`: {}",
                problem.message
            )));
        }
        self.scope
            .value(&compiled)
            .map_err(|flow| self.scope.rt.set_pending(flow))
    }

    fn memory_left(&self) -> Option<u64> {
        self.scope.rt.memory_left()
    }

    fn compare_budget(&self) -> crate::value::CompareBudget {
        self.scope.rt.compare_budget()
    }
}

/// A lazy filter's argument expressions, evaluated in the filter's scope
/// when it asks for them.
struct ArgExprs<'a, 's> {
    scope: &'a Scope<'s>,
    args: &'a [Expr],
}

impl LazyArgs for ArgExprs<'_, '_> {
    fn len(&self) -> usize {
        self.args.len()
    }

    fn eval(&mut self, index: usize) -> Result<Value, FilterError> {
        let expr = self.arg(index)?;
        self.scope
            .value(expr)
            .map_err(|flow| self.scope.rt.set_pending(flow))
    }

    fn eval_item(&mut self, index: usize, item: Item<'_>) -> Result<Value, FilterError> {
        let expr = self.arg(index)?;
        self.scope
            .eval_item(expr, item)
            .map_err(|flow| self.scope.rt.set_pending(flow))
    }
}

impl ArgExprs<'_, '_> {
    fn arg(&self, index: usize) -> Result<&Expr, FilterError> {
        self.args.get(index).ok_or_else(|| {
            FilterError::Invalid(format!("the filter has no argument {}", index + 1))
        })
    }
}
