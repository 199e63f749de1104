//! Statements that change a variable in place: `var`, `var.update`, `math.*`,
//! `array.push|unshift|merge|pop|shift` and `text.append|prepend`. Each
//! reaches its target through [`Interpreter::slot`], so `$counts[$k]` and
//! `$grid[$r][$c]` work as a plain `$x` does, and nothing is copied.

use std::sync::Arc;

use super::exec::{Interpreter, assign, bind};
use super::runtime::{Flow, Frame};
use super::scope::Scope;
use crate::program::{
    ArrayModify, ArrayOp, ArrayTake, FilterInPlace, MathOp, MathStmt, Place, TakeOp, TextModify,
    VarStmt, VarUpdate,
};
use crate::run::ErrorKind;
use crate::source::Span;
use crate::value::{self, Value};

type Outcome = Result<(), Flow>;

impl Interpreter<'_> {
    /// `var $x { value = e }`: declares, or assigns when declared.
    pub(super) fn var(&mut self, frame: &mut Frame, var: &VarStmt) -> Outcome {
        let value = match self.mocked(frame, &var.mock)? {
            Some(mocked) => mocked,
            None => Scope::new(self.rt, frame).value(&var.value)?,
        };
        assign(frame, &var.name, value);
        Ok(())
    }

    pub(super) fn var_update(
        &mut self,
        frame: &mut Frame,
        span: Span,
        update: &VarUpdate,
    ) -> Outcome {
        let value = Scope::new(self.rt, frame).value(&update.value)?;
        *self.slot(frame, &update.place, span)? = value;
        Ok(())
    }

    pub(super) fn math(&mut self, frame: &mut Frame, span: Span, math: &MathStmt) -> Outcome {
        let operand = match &math.value {
            Some(value) => Scope::new(self.rt, frame).value(value)?,
            None => Value::Null,
        };
        let function = Arc::clone(&frame.function);
        let slot = self.slot(frame, &math.place, span)?;
        *slot = apply_math(math.op, slot, &operand)
            .map_err(|error| self.rt.error(&function, span, ErrorKind::Standard, error.0))?;
        Ok(())
    }

    pub(super) fn array_modify(
        &mut self,
        frame: &mut Frame,
        span: Span,
        modify: &ArrayModify,
    ) -> Outcome {
        let value = Scope::new(self.rt, frame).value(&modify.value)?;
        let more = match (modify.op, value) {
            (ArrayOp::Merge, Value::Array(more)) => Arc::unwrap_or_clone(more).into(),
            (ArrayOp::Merge, Value::Null) => Vec::new(),
            (ArrayOp::Merge, other) => {
                return Err(self.fail(
                    frame,
                    span,
                    format!(
                        "`array.merge` needs an array as `value`, got {}",
                        other.type_name()
                    ),
                ));
            }
            (_, value) => vec![value],
        };
        let function = Arc::clone(&frame.function);
        let items = array_slot(self.slot(frame, &modify.place, span)?, &modify.place)
            .map_err(|message| self.rt.error(&function, span, ErrorKind::Standard, message))?;
        match modify.op {
            ArrayOp::Unshift => {
                items.splice(0..0, more);
            }
            ArrayOp::Push | ArrayOp::Merge => items.extend(more),
        }
        Ok(())
    }

    pub(super) fn array_take(
        &mut self,
        frame: &mut Frame,
        span: Span,
        take: &ArrayTake,
    ) -> Outcome {
        let function = Arc::clone(&frame.function);
        let slot = self.slot(frame, &take.place, span)?;
        let taken = match slot {
            Value::Null => None,
            _ => {
                let items = array_slot(slot, &take.place).map_err(|message| {
                    self.rt.error(&function, span, ErrorKind::Standard, message)
                })?;
                match take.op {
                    TakeOp::Pop => items.pop(),
                    TakeOp::Shift => (!items.is_empty()).then(|| items.remove(0)),
                }
            }
        };
        bind(frame, &take.alias, taken.unwrap_or_default());
        Ok(())
    }

    pub(super) fn text_modify(
        &mut self,
        frame: &mut Frame,
        span: Span,
        modify: &TextModify,
    ) -> Outcome {
        let addition = Scope::new(self.rt, frame).value(&modify.value)?.to_text();
        let function = Arc::clone(&frame.function);
        let slot = self.slot(frame, &modify.place, span)?;
        let statement = if modify.prepend {
            "text.prepend"
        } else {
            "text.append"
        };
        match slot {
            Value::Array(_) | Value::Object(_) => {
                return Err(self.rt.error(
                    &function,
                    span,
                    ErrorKind::Standard,
                    format!(
                        "`{statement}` works on text, but `{}` is {}",
                        modify.place.shown,
                        slot.type_name()
                    ),
                ));
            }
            Value::Text(text) if !modify.prepend => text.push_str(&addition),
            other if modify.prepend => *other = Value::Text(addition + &other.to_text()),
            other => *other = Value::Text(other.to_text() + &addition),
        }
        Ok(())
    }

    /// `text.trim $t` and the other filters that replace their target: the
    /// arguments are evaluated before the target is taken out, and a failing
    /// filter puts the target back as it was.
    pub(super) fn filter_in_place(
        &mut self,
        frame: &mut Frame,
        span: Span,
        filter: &FilterInPlace,
    ) -> Outcome {
        let scope = Scope::new(self.rt, frame);
        let args = filter
            .args
            .iter()
            .map(|arg| scope.value(arg))
            .collect::<Result<Vec<_>, _>>()?;
        let place = &filter.place;
        let steps = self.resolve(frame, place)?;
        let current = std::mem::take(self.slot_at(frame, place, &steps, span)?);
        let result = Scope::new(self.rt, frame).apply_eager(span, filter.filter, &current, &args);
        let slot = self.slot_at(frame, place, &steps, span)?;
        *slot = match result {
            Ok(value) => value,
            Err(flow) => {
                *slot = current;
                return Err(flow);
            }
        };
        Ok(())
    }

    fn fail(&self, frame: &Frame, span: Span, message: String) -> Flow {
        self.rt
            .error(&frame.function, span, ErrorKind::Standard, message)
    }
}

/// `math.*`: the target's value combined with the operand.
fn apply_math(op: MathOp, current: &Value, operand: &Value) -> Result<Value, value::OpError> {
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
        *slot = Value::array(Vec::new());
    }
    match slot {
        Value::Array(items) => Ok(&mut **Arc::make_mut(items)),
        other => Err(format!(
            "`{}` is {}, not an array",
            place.shown,
            other.type_name()
        )),
    }
}
