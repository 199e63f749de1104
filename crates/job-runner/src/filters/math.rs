//! Math filters. Results keep int vs decimal as the operators do: rounding
//! to whole numbers gives ints, roots and trigonometry give decimals.

use super::{Filter, FilterContext, FilterError, arg, eager, int_arg, invalid};
use crate::value::{self, Number, OpError, Value};

pub(super) const FILTERS: &[Filter] = &[
    eager("add", 1, 1, add),
    eager("subtract", 1, 1, subtract),
    eager("multiply", 1, 1, multiply),
    eager("divide", 1, 1, divide),
    eager("modulus", 1, 1, modulus),
    eager("floor", 0, 0, floor),
    eager("ceil", 0, 0, ceil),
    eager("round", 0, 1, round),
    eager("abs", 0, 0, abs),
    eager("sqrt", 0, 0, sqrt),
    eager("pow", 1, 1, pow),
    eager("min", 0, 1, min),
    eager("max", 0, 1, max),
    eager("bitwise_and", 1, 1, bitwise_and),
    eager("bitwise_or", 1, 1, bitwise_or),
    eager("bitwise_xor", 1, 1, bitwise_xor),
    eager("bitwise_not", 0, 0, bitwise_not),
    eager("deg2rad", 0, 0, deg2rad),
    eager("rad2deg", 0, 0, rad2deg),
    eager("sin", 0, 0, sin),
    eager("cos", 0, 0, cos),
    eager("tan", 0, 0, tan),
    eager("asin", 0, 0, asin),
    eager("acos", 0, 0, acos),
    eager("atan", 0, 0, atan),
    eager("sinh", 0, 0, sinh),
    eager("cosh", 0, 0, cosh),
    eager("tanh", 0, 0, tanh),
    eager("asinh", 0, 0, asinh),
    eager("acosh", 0, 0, acosh),
    eager("atanh", 0, 0, atanh),
    eager("ln", 0, 0, ln),
    eager("exp", 0, 0, exp),
    eager("log", 0, 1, log),
    eager("log10", 0, 0, log10),
];

type Result = std::result::Result<Value, FilterError>;

fn op(result: std::result::Result<Value, OpError>) -> Result {
    result.map_err(|error| FilterError::Invalid(error.0))
}

fn number(filter: &str, value: &Value) -> std::result::Result<Number, FilterError> {
    match value {
        Value::Array(_) | Value::Object(_) => {}
        other => {
            if let Some(n) = other.to_number() {
                return Ok(n);
            }
        }
    }
    invalid(format!(
        "`{filter}` needs a number, got {} {}",
        value.type_name(),
        value.short_display()
    ))
}

fn add(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::add(value, arg(args, 0)))
}

fn subtract(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::sub(value, arg(args, 0)))
}

fn multiply(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::mul(value, arg(args, 0)))
}

fn divide(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::div(value, arg(args, 0)))
}

fn modulus(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::rem(value, arg(args, 0)))
}

/// A whole decimal back to an int when it fits, else the decimal.
fn whole(d: f64) -> Value {
    if d.is_finite() && d.abs() < 9.0e18 {
        Value::Int(d as i64)
    } else {
        Value::Decimal(d)
    }
}

fn floor(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(match number("floor", value)? {
        Number::Int(i) => Value::Int(i),
        Number::Decimal(d) => whole(d.floor()),
    })
}

fn ceil(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(match number("ceil", value)? {
        Number::Int(i) => Value::Int(i),
        Number::Decimal(d) => whole(d.ceil()),
    })
}

/// `round:precision` (default 0, half away from zero); precision 0 gives an int.
fn round(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let precision = int_arg("round", args, 0, Some(0))?.clamp(-15, 15) as i32;
    Ok(match number("round", value)? {
        Number::Int(i) if precision >= 0 => Value::Int(i),
        n if precision == 0 => whole(n.as_f64().round()),
        n => {
            let factor = 10f64.powi(precision);
            Value::Decimal((n.as_f64() * factor).round() / factor)
        }
    })
}

fn abs(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(match number("abs", value)? {
        Number::Int(i) => i
            .checked_abs()
            .map_or(Value::Decimal((i as f64).abs()), Value::Int),
        Number::Decimal(d) => Value::Decimal(d.abs()),
    })
}

fn sqrt(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let n = number("sqrt", value)?.as_f64();
    if n < 0.0 {
        return invalid(format!("`sqrt` of a negative number ({})", value.to_text()));
    }
    Ok(Value::Decimal(n.sqrt()))
}

/// Int to a non-negative int power stays an int while it fits.
fn pow(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let base = number("pow", value)?;
    let exponent = number("pow", arg(args, 0))?;
    if let (Number::Int(b), Number::Int(e)) = (base, exponent)
        && let Some(result) = u32::try_from(e).ok().and_then(|e| b.checked_pow(e))
    {
        return Ok(Value::Int(result));
    }
    Ok(Value::Decimal(base.as_f64().powf(exponent.as_f64())))
}

fn pick(filter: &str, value: &Value, other: &Value, wanted: std::cmp::Ordering) -> Result {
    number(filter, value)?;
    number(filter, other)?;
    let ordering = value
        .compare(other)
        .map_err(|e| FilterError::Invalid(e.0))?;
    Ok(if ordering == wanted {
        value.clone()
    } else {
        other.clone()
    })
}

/// `5|min:3` → 3: the smaller of the value and the argument. Without an
/// argument on an array it is `array_min` (`[4,9,2]|min` → 2): Xano's engine
/// picks by the input, as its reference says.
fn min(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    match (value, args.first()) {
        (Value::Array(_), None) => super::array::array_min(value, args, ctx),
        _ => pick("min", value, arg(args, 0), std::cmp::Ordering::Less),
    }
}

fn max(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    match (value, args.first()) {
        (Value::Array(_), None) => super::array::array_max(value, args, ctx),
        _ => pick("max", value, arg(args, 0), std::cmp::Ordering::Greater),
    }
}

fn bitwise_and(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::bit_and(value, arg(args, 0)))
}

fn bitwise_or(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::bit_or(value, arg(args, 0)))
}

fn bitwise_xor(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::bit_xor(value, arg(args, 0)))
}

fn bitwise_not(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    op(value::bit_not(value))
}

fn real(filter: &str, value: &Value, f: fn(f64) -> f64) -> Result {
    Ok(Value::Decimal(f(number(filter, value)?.as_f64())))
}

fn deg2rad(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("deg2rad", value, f64::to_radians)
}

fn rad2deg(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("rad2deg", value, f64::to_degrees)
}

fn sin(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("sin", value, f64::sin)
}

fn cos(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("cos", value, f64::cos)
}

fn tan(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("tan", value, f64::tan)
}

fn asin(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("asin", value, f64::asin)
}

fn acos(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("acos", value, f64::acos)
}

fn atan(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("atan", value, f64::atan)
}

fn sinh(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("sinh", value, f64::sinh)
}

fn cosh(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("cosh", value, f64::cosh)
}

fn tanh(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("tanh", value, f64::tanh)
}

fn asinh(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("asinh", value, f64::asinh)
}

fn acosh(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("acosh", value, f64::acosh)
}

fn atanh(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("atanh", value, f64::atanh)
}

fn ln(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("ln", value, f64::ln)
}

fn exp(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("exp", value, f64::exp)
}

/// Natural log, or log in the base given as argument.
fn log(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let n = number("log", value)?.as_f64();
    Ok(Value::Decimal(match args.first() {
        None | Some(Value::Null) => n.ln(),
        Some(base) => n.log(number("log", base)?.as_f64()),
    }))
}

fn log10(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    real("log10", value, f64::log10)
}
