//! Statements that change a variable in place: `var.update`, `math.*`,
//! `array.push|unshift|merge|pop|shift` and `text.append|prepend`. Each
//! reaches its target through [`Interpreter::slot`], so `$counts[$k]` and
//! `$grid[$r][$c]` work as a plain `$x` does, and nothing is copied.

use std::sync::Arc;

use super::exec::{Interpreter, bind};
use super::runtime::{Flow, Frame};
use super::scope::Scope;
use crate::program::{ArrayOp, ArrayTake, MathOp, Place, Stmt, StmtKind};
use crate::value::{self, Value};

impl Interpreter<'_> {
    /// Runs a statement that changes its target; other statements are not
    /// sent here.
    pub(super) fn modify(&mut self, frame: &mut Frame, stmt: &Stmt) -> Result<(), Flow> {
        let span = stmt.span;
        let function = Arc::clone(&frame.function);
        let fail = |message: String| self.rt.error(&function, span, "standard", message);
        match &stmt.kind {
            StmtKind::VarUpdate { place, value } => {
                let value = Scope::new(self.rt, frame).value(value)?;
                *self.slot(frame, place, span)? = value;
            }
            StmtKind::Math { op, place, value } => {
                let operand = match value {
                    Some(value) => Scope::new(self.rt, frame).value(value)?,
                    None => Value::Null,
                };
                let slot = self.slot(frame, place, span)?;
                *slot = math(*op, slot, &operand).map_err(|error| fail(error.0))?;
            }
            StmtKind::ArrayModify { op, place, value } => {
                let value = Scope::new(self.rt, frame).value(value)?;
                let more = match (op, value) {
                    (ArrayOp::Merge, Value::Array(more)) => more,
                    (ArrayOp::Merge, Value::Null) => Vec::new(),
                    (ArrayOp::Merge, other) => {
                        return Err(fail(format!(
                            "`array.merge` needs an array as `value`, got {}",
                            other.type_name()
                        )));
                    }
                    (_, value) => vec![value],
                };
                let items = array_slot(self.slot(frame, place, span)?, place).map_err(fail)?;
                match op {
                    ArrayOp::Unshift => {
                        items.splice(0..0, more);
                    }
                    ArrayOp::Push | ArrayOp::Merge => items.extend(more),
                }
            }
            StmtKind::ArrayTake { op, place, alias } => {
                let slot = self.slot(frame, place, span)?;
                let taken = match slot {
                    Value::Null => None,
                    _ => {
                        let items = array_slot(slot, place).map_err(fail)?;
                        match op {
                            ArrayTake::Pop => items.pop(),
                            ArrayTake::Shift => (!items.is_empty()).then(|| items.remove(0)),
                        }
                    }
                };
                bind(frame, alias, taken.unwrap_or_default());
            }
            StmtKind::TextModify {
                prepend,
                place,
                value,
            } => {
                let addition = Scope::new(self.rt, frame).value(value)?.to_text();
                let slot = self.slot(frame, place, span)?;
                let statement = if *prepend {
                    "text.prepend"
                } else {
                    "text.append"
                };
                match slot {
                    Value::Array(_) | Value::Object(_) => {
                        return Err(fail(format!(
                            "`{statement}` works on text, but `{}` is {}",
                            place.shown,
                            slot.type_name()
                        )));
                    }
                    Value::Text(text) if !*prepend => text.push_str(&addition),
                    other if *prepend => *other = Value::Text(addition + &other.to_text()),
                    other => *other = Value::Text(other.to_text() + &addition),
                }
            }
            StmtKind::FilterInPlace {
                place,
                filter,
                args,
            } => {
                let scope = Scope::new(self.rt, frame);
                let args = args
                    .iter()
                    .map(|arg| scope.value(arg))
                    .collect::<Result<Vec<_>, _>>()?;
                let steps = self.resolve(frame, place)?;
                let current = std::mem::take(self.slot_at(frame, place, &steps, span)?);
                let result = Scope::new(self.rt, frame).apply_eager(span, filter, &current, &args);
                let slot = self.slot_at(frame, place, &steps, span)?;
                *slot = match result {
                    Ok(value) => value,
                    Err(flow) => {
                        *slot = current;
                        return Err(flow);
                    }
                };
            }
            _ => {}
        }
        Ok(())
    }
}

/// `math.*`: the target's value combined with the operand.
fn math(op: MathOp, current: &Value, operand: &Value) -> Result<Value, value::OpError> {
    match op {
        MathOp::Add => value::add(current, operand),
        MathOp::Sub => value::sub(current, operand),
        MathOp::Mul => value::mul(current, operand),
        MathOp::Div => value::div(current, operand),
        MathOp::BitAnd => value::bit_and(current, operand),
        MathOp::BitOr => value::bit_or(current, operand),
        MathOp::BitXor => value::bit_xor(current, operand),
        MathOp::BitNot => value::bit_not(current),
        MathOp::ShiftLeft => value::shift_left(current, operand),
        MathOp::ShiftRight => value::shift_right(current, operand),
    }
}

/// The array at a slot; null becomes an empty array, anything else is refused.
fn array_slot<'v>(slot: &'v mut Value, place: &Place) -> Result<&'v mut Vec<Value>, String> {
    if slot.is_null() {
        *slot = Value::Array(Vec::new());
    }
    match slot {
        Value::Array(items) => Ok(items),
        other => Err(format!(
            "`{}` is {}, not an array",
            place.shown,
            other.type_name()
        )),
    }
}
