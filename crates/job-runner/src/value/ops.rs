//! Operators on values, with Xano's (PHP-flavoured) rules: numeric text takes
//! part in arithmetic, int stays int while the result is exact and fits, and
//! loose equality coerces (`100 == "100"`).
//!
//! Decisions where the reference is silent:
//! - int overflow promotes to decimal (as PHP does) instead of failing;
//! - `int / int` is an int when the division is exact (`4 / 2` → `2`),
//!   a decimal otherwise (`5 / 2` → `2.5`); dividing by zero is an error;
//! - `%` on two ints is the int remainder, with a decimal it is `fmod`;
//! - `null` counts as `0` in arithmetic, `true`/`false` as `1`/`0`.

use std::cmp::Ordering;

use super::Value;
use super::equal::{CompareBudget, CompareLimit};

/// A number taken out of a value for arithmetic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Decimal(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Decimal(d) => d,
        }
    }

    pub fn into_value(self) -> Value {
        match self {
            Number::Int(i) => Value::Int(i),
            Number::Decimal(d) => Value::Decimal(d),
        }
    }
}

/// Why an operator could not apply to its operands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OpError(pub String);

/// Parses text the way PHP recognises numeric strings: optional surrounding
/// whitespace, an int or a decimal (with exponent). `"12abc"` is not numeric.
pub fn parse_number(text: &str) -> Option<Number> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(i) = trimmed.parse::<i64>() {
        return Some(Number::Int(i));
    }
    let looks_numeric = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && trimmed.chars().any(|c| c.is_ascii_digit());
    if !looks_numeric {
        return None;
    }
    trimmed
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite())
        .map(Number::Decimal)
}

impl Value {
    /// The number an arithmetic operator sees, or `None` for text that is not
    /// numeric, arrays and objects.
    pub fn to_number(&self) -> Option<Number> {
        match self {
            Value::Null => Some(Number::Int(0)),
            Value::Bool(b) => Some(Number::Int(i64::from(*b))),
            Value::Int(i) => Some(Number::Int(*i)),
            Value::Decimal(d) => Some(Number::Decimal(*d)),
            Value::Text(text) => parse_number(text),
            Value::Bytes(_) | Value::Array(_) | Value::Object(_) => None,
        }
    }

    /// Xano's truthiness: `false`, `null`, `0`, `0.0`, `""`, `"0"`, `[]` and `{}` are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Decimal(d) => *d != 0.0,
            Value::Text(text) => !text.is_empty() && text != "0",
            Value::Bytes(bytes) => !bytes.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(object) => !object.is_empty(),
        }
    }

    /// `==` within `budget`: equality after the coercions PHP 8 applies.
    /// Arrays equal arrays and objects objects when their items are `==`,
    /// compared without recursion (see `equal.rs`); `===` is
    /// [`Value::strict_eq_within`].
    #[inline]
    pub fn loose_eq_within(
        &self,
        other: &Value,
        budget: &mut CompareBudget,
    ) -> Result<bool, CompareLimit> {
        super::equal::deep_equal(self, other, Value::loose_eq_leaf, budget)
    }

    /// [`Value::loose_eq_within`] of a pair that is not two arrays or two objects.
    fn loose_eq_leaf(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) => true,
            (Bool(b), x) | (x, Bool(b)) => *b == x.is_truthy(),
            (Null, Text(t)) | (Text(t), Null) => t.is_empty(),
            (Null, Array(a)) | (Array(a), Null) => a.is_empty(),
            (Null, Object(o)) | (Object(o), Null) => o.is_empty(),
            (Null, x) | (x, Null) => !x.is_truthy(),
            (Int(a), Int(b)) => a == b,
            (Int(_) | Decimal(_), Int(_) | Decimal(_)) => {
                numbers_equal(self.to_number(), other.to_number())
            }
            (Int(_) | Decimal(_), Text(t)) | (Text(t), Int(_) | Decimal(_)) => {
                let number = if let Text(_) = self { other } else { self };
                match parse_number(t) {
                    Some(parsed) => numbers_equal(number.to_number(), Some(parsed)),
                    None => number.to_text() == *t,
                }
            }
            (Text(a), Text(b)) => match (parse_number(a), parse_number(b)) {
                (Some(x), Some(y)) => numbers_equal(Some(x), Some(y)),
                _ => a == b,
            },
            // Bytes are never UTF-8 (that would be text), so they only
            // ever equal other bytes.
            (Bytes(a), Bytes(b)) => a == b,
            _ => false,
        }
    }

    /// Ordering for `<`, `<=`, `>`, `>=` and sorting: numbers (and numeric
    /// text) by value, text by bytes, `null` as `0` or `""`, booleans by truthiness.
    pub fn compare(&self, other: &Value) -> Result<Ordering, OpError> {
        use Value::*;
        let numeric = |v: &Value| match v {
            Int(_) | Decimal(_) | Null => v.to_number(),
            Text(t) => parse_number(t),
            _ => None,
        };
        match (self, other) {
            (Bool(_), _) | (_, Bool(_)) => Ok(self.is_truthy().cmp(&other.is_truthy())),
            (Null, Null) => Ok(Ordering::Equal),
            (Text(a), Text(b)) => match (parse_number(a), parse_number(b)) {
                (Some(x), Some(y)) => compare_numbers(x, y),
                _ => Ok(a.as_str().cmp(b.as_str())),
            },
            (Bytes(_), Text(_) | Bytes(_)) | (Text(_), Bytes(_)) => {
                Ok(self.as_bytes().cmp(&other.as_bytes()))
            }
            (Null, Text(t)) => Ok("".cmp(t.as_str())),
            (Text(t), Null) => Ok(t.as_str().cmp("")),
            (Array(_) | Object(_), _) | (_, Array(_) | Object(_)) => Err(OpError(format!(
                "cannot compare {} with {}",
                self.type_name(),
                other.type_name()
            ))),
            _ => match (numeric(self), numeric(other)) {
                (Some(x), Some(y)) => compare_numbers(x, y),
                // A number against text that is not numeric: compare as text, as PHP 8 does.
                _ => Ok(self.to_text().cmp(&other.to_text())),
            },
        }
    }
}

fn numbers_equal(a: Option<Number>, b: Option<Number>) -> bool {
    match (a, b) {
        (Some(Number::Int(x)), Some(Number::Int(y))) => x == y,
        (Some(x), Some(y)) => x.as_f64() == y.as_f64(),
        _ => false,
    }
}

fn compare_numbers(a: Number, b: Number) -> Result<Ordering, OpError> {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => Ok(x.cmp(&y)),
        _ => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .ok_or_else(|| OpError("cannot compare a value that is not a number (NaN)".into())),
    }
}

/// The operands of an arithmetic operator as numbers, or an error naming the culprit.
fn operands(symbol: &str, a: &Value, b: &Value) -> Result<(Number, Number), OpError> {
    match (a.to_number(), b.to_number()) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => {
            let bad = if a.to_number().is_none() { a } else { b };
            Err(OpError(format!(
                "`{symbol}` needs numbers, got {} {}",
                bad.type_name(),
                bad.short_display()
            )))
        }
    }
}

fn decimal(d: f64) -> Result<Value, OpError> {
    Ok(Value::Decimal(d))
}

pub fn add(a: &Value, b: &Value) -> Result<Value, OpError> {
    match operands("+", a, b)? {
        (Number::Int(x), Number::Int(y)) => Ok(x
            .checked_add(y)
            .map_or(Value::Decimal(x as f64 + y as f64), Value::Int)),
        (x, y) => decimal(x.as_f64() + y.as_f64()),
    }
}

pub fn sub(a: &Value, b: &Value) -> Result<Value, OpError> {
    match operands("-", a, b)? {
        (Number::Int(x), Number::Int(y)) => Ok(x
            .checked_sub(y)
            .map_or(Value::Decimal(x as f64 - y as f64), Value::Int)),
        (x, y) => decimal(x.as_f64() - y.as_f64()),
    }
}

pub fn mul(a: &Value, b: &Value) -> Result<Value, OpError> {
    match operands("*", a, b)? {
        (Number::Int(x), Number::Int(y)) => Ok(x
            .checked_mul(y)
            .map_or(Value::Decimal(x as f64 * y as f64), Value::Int)),
        (x, y) => decimal(x.as_f64() * y.as_f64()),
    }
}

pub fn div(a: &Value, b: &Value) -> Result<Value, OpError> {
    let (x, y) = operands("/", a, b)?;
    if y.as_f64() == 0.0 {
        return Err(OpError("division by zero".into()));
    }
    match (x, y) {
        (Number::Int(x), Number::Int(y)) if x.checked_rem(y) == Some(0) => Ok(x
            .checked_div(y)
            .map_or(Value::Decimal(x as f64 / y as f64), Value::Int)),
        (x, y) => decimal(x.as_f64() / y.as_f64()),
    }
}

pub fn rem(a: &Value, b: &Value) -> Result<Value, OpError> {
    let (x, y) = operands("%", a, b)?;
    if y.as_f64() == 0.0 {
        return Err(OpError("modulo by zero".into()));
    }
    match (x, y) {
        // `i64::MIN % -1` overflows in Rust; mathematically it is 0.
        (Number::Int(x), Number::Int(y)) => Ok(Value::Int(x.checked_rem(y).unwrap_or(0))),
        (x, y) => decimal(x.as_f64() % y.as_f64()),
    }
}

pub fn negate(a: &Value) -> Result<Value, OpError> {
    match a.to_number() {
        Some(Number::Int(i)) => Ok(i
            .checked_neg()
            .map_or(Value::Decimal(-(i as f64)), Value::Int)),
        Some(Number::Decimal(d)) => decimal(-d),
        None => Err(OpError(format!(
            "`-` needs a number, got {} {}",
            a.type_name(),
            a.short_display()
        ))),
    }
}

/// An operand of a bitwise operator: ints, decimals truncated, numeric text.
fn int_operand(what: &str, value: &Value) -> Result<i64, OpError> {
    match value.to_number() {
        Some(Number::Int(i)) => Ok(i),
        Some(Number::Decimal(d)) if d.is_finite() => Ok(d.trunc() as i64),
        _ => Err(OpError(format!(
            "{what} needs ints, got {} {}",
            value.type_name(),
            value.short_display()
        ))),
    }
}

pub fn bit_and(a: &Value, b: &Value) -> Result<Value, OpError> {
    Ok(Value::Int(
        int_operand("bitwise and", a)? & int_operand("bitwise and", b)?,
    ))
}

pub fn bit_or(a: &Value, b: &Value) -> Result<Value, OpError> {
    Ok(Value::Int(
        int_operand("bitwise or", a)? | int_operand("bitwise or", b)?,
    ))
}

pub fn bit_xor(a: &Value, b: &Value) -> Result<Value, OpError> {
    Ok(Value::Int(
        int_operand("bitwise xor", a)? ^ int_operand("bitwise xor", b)?,
    ))
}

pub fn bit_not(a: &Value) -> Result<Value, OpError> {
    Ok(Value::Int(!int_operand("bitwise not", a)?))
}

/// `a << n`, as PHP on 64 bits: bits shifted out are lost, 64 or more gives
/// 0; a negative shift is an error.
pub fn shift_left(a: &Value, n: &Value) -> Result<Value, OpError> {
    let (a, n) = (int_operand("left shift", a)?, shift_amount(n)?);
    Ok(Value::Int(if n >= 64 { 0 } else { a.wrapping_shl(n) }))
}

/// `a >> n`, arithmetic (the sign is kept): 64 or more gives 0 or -1.
pub fn shift_right(a: &Value, n: &Value) -> Result<Value, OpError> {
    let (a, n) = (int_operand("right shift", a)?, shift_amount(n)?);
    Ok(Value::Int(if n >= 64 { a >> 63 } else { a >> n }))
}

fn shift_amount(n: &Value) -> Result<u32, OpError> {
    let n = int_operand("a shift", n)?;
    u32::try_from(n)
        .map_err(|_| OpError(format!("cannot shift by a negative number of bits ({n})")))
}

/// `~`: the text renderings of both sides, joined.
pub fn concat(a: &Value, b: &Value) -> Value {
    let mut text = a.to_text();
    text.push_str(&b.to_text());
    Value::Text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::from(s)
    }

    #[test]
    fn int_arithmetic_stays_int_when_exact() {
        assert_eq!(add(&Value::Int(1), &Value::Int(2)), Ok(Value::Int(3)));
        assert_eq!(div(&Value::Int(4), &Value::Int(2)), Ok(Value::Int(2)));
        assert_eq!(div(&Value::Int(5), &Value::Int(2)), Ok(Value::Decimal(2.5)));
        assert_eq!(rem(&Value::Int(7), &Value::Int(3)), Ok(Value::Int(1)));
        assert_eq!(
            add(&Value::Int(1), &Value::Decimal(1.5)),
            Ok(Value::Decimal(2.5))
        );
    }

    #[test]
    fn overflow_promotes_to_decimal() {
        assert_eq!(
            add(&Value::Int(i64::MAX), &Value::Int(1)),
            Ok(Value::Decimal(i64::MAX as f64 + 1.0))
        );
        assert!(matches!(
            negate(&Value::Int(i64::MIN)),
            Ok(Value::Decimal(_))
        ));
        assert_eq!(
            rem(&Value::Int(i64::MIN), &Value::Int(-1)),
            Ok(Value::Int(0))
        );
    }

    #[test]
    fn bitwise_operators_work_on_ints_as_php_does() {
        assert_eq!(bit_and(&Value::Int(7), &Value::Int(3)), Ok(Value::Int(3)));
        assert_eq!(bit_or(&Value::Int(7), &t("9")), Ok(Value::Int(15)));
        assert_eq!(bit_xor(&Value::Int(7), &Value::Int(9)), Ok(Value::Int(14)));
        assert_eq!(bit_not(&Value::Int(8)), Ok(Value::Int(-9)));
        assert_eq!(
            shift_left(&Value::Int(1), &Value::Int(4)),
            Ok(Value::Int(16))
        );
        assert_eq!(
            shift_left(&Value::Int(1), &Value::Int(64)),
            Ok(Value::Int(0))
        );
        assert_eq!(
            shift_right(&Value::Int(-16), &Value::Int(2)),
            Ok(Value::Int(-4))
        );
        assert_eq!(
            shift_right(&Value::Int(-1), &Value::Int(99)),
            Ok(Value::Int(-1))
        );
        assert!(shift_left(&Value::Int(1), &Value::Int(-1)).is_err());
        assert!(bit_and(&t("x"), &Value::Int(1)).is_err());
    }

    #[test]
    fn division_by_zero_is_an_error() {
        assert!(div(&Value::Int(1), &Value::Int(0)).is_err());
        assert!(rem(&Value::Int(1), &Value::Decimal(0.0)).is_err());
    }

    #[test]
    fn numeric_text_takes_part_in_arithmetic() {
        assert_eq!(add(&t("5"), &Value::Int(1)), Ok(Value::Int(6)));
        let error = add(&t("abc"), &Value::Int(1)).unwrap_err();
        assert_eq!(error.0, "`+` needs numbers, got text \"abc\"");
    }

    #[test]
    fn loose_equality_coerces_like_xano() {
        let loose = |a: &Value, b: &Value| {
            a.loose_eq_within(b, &mut CompareBudget::unlimited()) == Ok(true)
        };
        let strict = |a: &Value, b: &Value| {
            a.strict_eq_within(b, &mut CompareBudget::unlimited()) == Ok(true)
        };
        assert!(loose(&Value::Int(100), &t("100")));
        assert!(loose(&t("1.0"), &t("1")));
        assert!(loose(&Value::Null, &Value::Bool(false)));
        assert!(loose(&Value::Null, &t("")));
        assert!(!loose(&Value::Int(0), &t("a")));
        assert!(loose(&Value::Int(1), &Value::Decimal(1.0)));
        assert!(!strict(&Value::Int(1), &Value::Decimal(1.0)));
        assert!(!strict(&Value::Int(100), &t("100")));
    }

    #[test]
    fn comparison_orders_numbers_and_text() {
        assert_eq!(t("10").compare(&t("9")), Ok(Ordering::Greater));
        assert_eq!(t("b").compare(&t("a")), Ok(Ordering::Greater));
        assert_eq!(
            Value::Int(2).compare(&Value::Decimal(2.5)),
            Ok(Ordering::Less)
        );
        assert!(Value::array(vec![]).compare(&Value::Int(1)).is_err());
    }

    #[test]
    fn truthiness_follows_php() {
        for falsy in [
            Value::Null,
            Value::Int(0),
            t(""),
            t("0"),
            Value::array(vec![]),
        ] {
            assert!(!falsy.is_truthy(), "{falsy:?}");
        }
        assert!(t("false").is_truthy());
    }
}
