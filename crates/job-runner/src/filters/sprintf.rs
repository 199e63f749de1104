//! `sprintf`, as PHP formats: `%[argnum$][flags][width][.precision]specifier`.
//!
//! A width pads the field to that many characters, so `%999999999d` asks
//! for a gigabyte of spaces: each padded field is checked against the
//! memory left before it is built. A precision is capped at 53 digits, as
//! PHP caps it.

use super::{Budget, FilterContext, FilterError, invalid, text_input};
use crate::value::Value;

type Result<T> = std::result::Result<T, FilterError>;

/// PHP's largest precision; more digits are not printed.
const MAX_PRECISION: usize = 53;

/// One `%...` directive, read.
#[derive(Default)]
struct Spec {
    argnum: Option<usize>,
    left: bool,
    plus: bool,
    pad: Option<char>,
    width: usize,
    precision: Option<usize>,
}

pub(super) fn sprintf(
    value: &Value,
    args: &[Value],
    context: &mut dyn FilterContext,
) -> Result<Value> {
    let format = text_input("sprintf", value)?;
    let budget = Budget::new("sprintf", context);
    let mut out = String::new();
    let mut next = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let spec = read_spec(&mut chars)?;
        let Some(conversion) = chars.next() else {
            out.push('%');
            break;
        };
        let index = match spec.argnum {
            Some(n) => n,
            None => {
                next += 1;
                next - 1
            }
        };
        let arg = super::arg(args, index);
        let (sign, body) = convert(conversion, &spec, arg)?;
        let length = sign.chars().count() + body.chars().count();
        let padding = spec.width.saturating_sub(length);
        budget.check((out.capacity() + padding + sign.len() + body.len()) as u64)?;
        push_padded(&mut out, &spec, conversion, &sign, &body, padding);
    }
    Ok(Value::Text(out))
}

/// Reads what follows `%` up to the conversion letter.
fn read_spec(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<Spec> {
    let mut spec = Spec::default();
    // Digits first are an argument number (`%2$s`) or a width (`%5d`); a
    // leading `0` is the zero-padding flag (`%05d`).
    let mut digits = match chars.peek() {
        Some('1'..='9') => read_digits(chars),
        _ => String::new(),
    };
    if !digits.is_empty() && chars.peek() == Some(&'$') {
        chars.next();
        let n: usize = digits.parse().unwrap_or(0);
        if n == 0 {
            return invalid("`sprintf`: argument numbers start at 1 (`%1$s`)");
        }
        spec.argnum = Some(n - 1);
        digits.clear();
    }
    if digits.is_empty() {
        loop {
            match chars.peek() {
                Some('-') => spec.left = true,
                Some('+') => spec.plus = true,
                Some('0') => spec.pad = Some('0'),
                Some(' ') => spec.pad = Some(' '),
                Some('\'') => {
                    chars.next();
                    match chars.peek() {
                        Some(&c) => spec.pad = Some(c),
                        None => {
                            return invalid(
                                "`sprintf`: `'` must be followed by a padding character",
                            );
                        }
                    }
                }
                _ => break,
            }
            chars.next();
        }
        digits = read_digits(chars);
    }
    if !digits.is_empty() {
        spec.width = digits.parse().map_err(|_| {
            FilterError::Invalid(format!("`sprintf`: the width {digits} is too large"))
        })?;
    }
    if chars.peek() == Some(&'.') {
        chars.next();
        let digits = read_digits(chars);
        spec.precision = Some(digits.parse().map_or(0, |p: usize| p.min(MAX_PRECISION)));
        if digits.len() > 20 {
            spec.precision = Some(MAX_PRECISION);
        }
    }
    Ok(spec)
}

fn read_digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut digits = String::new();
    while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
        digits.push(d);
        chars.next();
    }
    digits
}

/// The sign (empty, `-` or `+`) and the digits or text of one field.
fn convert(conversion: char, spec: &Spec, arg: &Value) -> Result<(String, String)> {
    let number = || arg.to_number().map_or(0.0, |n| n.as_f64());
    let int = || match arg.to_number() {
        Some(crate::value::Number::Int(i)) => i,
        Some(n) => n.as_f64().trunc() as i64,
        None => 0,
    };
    let signed = |negative: bool, body: String| {
        let sign = if negative {
            "-"
        } else if spec.plus {
            "+"
        } else {
            ""
        };
        Ok((sign.to_owned(), body))
    };
    match conversion {
        's' => {
            let text = arg.to_text();
            Ok((
                String::new(),
                match spec.precision {
                    Some(p) => text.chars().take(p).collect(),
                    None => text,
                },
            ))
        }
        'd' | 'i' => {
            let n = int();
            signed(n < 0, n.unsigned_abs().to_string())
        }
        'u' => Ok((String::new(), (int() as u64).to_string())),
        'f' | 'F' => {
            let n = number();
            signed(
                n.is_sign_negative() && n != 0.0,
                format!("{:.*}", spec.precision.unwrap_or(6), n.abs()),
            )
        }
        'e' | 'E' => {
            let n = number();
            let body = scientific(n.abs(), spec.precision.unwrap_or(6));
            let body = if conversion == 'E' {
                body.to_uppercase()
            } else {
                body
            };
            signed(n.is_sign_negative() && n != 0.0, body)
        }
        'x' => Ok((String::new(), format!("{:x}", int()))),
        'X' => Ok((String::new(), format!("{:X}", int()))),
        'o' => Ok((String::new(), format!("{:o}", int()))),
        'b' => Ok((String::new(), format!("{:b}", int()))),
        'c' => Ok((
            String::new(),
            u32::try_from(int())
                .ok()
                .and_then(char::from_u32)
                .map(String::from)
                .unwrap_or_default(),
        )),
        other => invalid(format!("`sprintf` does not know `%{other}`")),
    }
}

/// PHP's `%e`: `1.234500e+3`, the exponent without leading zeros.
fn scientific(n: f64, precision: usize) -> String {
    let text = format!("{n:.precision$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if exponent.starts_with('-') => format!("{mantissa}e{exponent}"),
        Some((mantissa, exponent)) => format!("{mantissa}e+{exponent}"),
        None => text,
    }
}

/// Pads a field to its width: spaces (or the `'c` character) on the left,
/// or on the right with `-`; zeros go between the sign and the digits.
fn push_padded(
    out: &mut String,
    spec: &Spec,
    conversion: char,
    sign: &str,
    body: &str,
    padding: usize,
) {
    if conversion == 'c' {
        out.push_str(body);
        return;
    }
    let pad = spec.pad.unwrap_or(' ');
    let fill = |out: &mut String| out.extend(std::iter::repeat_n(pad, padding));
    if spec.left {
        out.push_str(sign);
        out.push_str(body);
        // PHP pads a left-justified number with spaces, not zeros.
        if pad == '0' && conversion != 's' {
            out.extend(std::iter::repeat_n(' ', padding));
        } else {
            fill(out);
        }
    } else if pad == '0' {
        out.push_str(sign);
        fill(out);
        out.push_str(body);
    } else {
        fill(out);
        out.push_str(sign);
        out.push_str(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLimit;
    impl FilterContext for NoLimit {
        fn now_ms(&self) -> i64 {
            0
        }
    }

    fn format(format: &str, args: &[Value]) -> String {
        match sprintf(&Value::from(format), args, &mut NoLimit) {
            Ok(Value::Text(text)) => text,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pads_and_aligns_as_php_does() {
        assert_eq!(format("[%5d]", &[Value::Int(42)]), "[   42]");
        assert_eq!(format("[%-5d]", &[Value::Int(42)]), "[42   ]");
        assert_eq!(format("[%05d]", &[Value::Int(-42)]), "[-0042]");
        assert_eq!(format("[%+d]", &[Value::Int(7)]), "[+7]");
        assert_eq!(format("[%'*8s]", &[Value::from("ab")]), "[******ab]");
        assert_eq!(format("[%-8s]", &[Value::from("ab")]), "[ab      ]");
        assert_eq!(format("[%08.3f]", &[Value::Decimal(4.56789)]), "[0004.568]");
        assert_eq!(format("[%.2s]", &[Value::from("abcdef")]), "[ab]");
    }

    #[test]
    fn reads_argument_numbers_and_other_conversions() {
        assert_eq!(
            format("%2$s %1$s", &[Value::from("world"), Value::from("hello")]),
            "hello world"
        );
        assert_eq!(
            format(
                "%x %X %o %b",
                &[
                    Value::Int(255),
                    Value::Int(255),
                    Value::Int(8),
                    Value::Int(5)
                ]
            ),
            "ff FF 10 101"
        );
        assert_eq!(format("%e", &[Value::Decimal(1234.5678)]), "1.234568e+3");
        assert_eq!(format("%c", &[Value::Int(65)]), "A");
        assert_eq!(format("100%%", &[]), "100%");
    }

    struct Tight;
    impl FilterContext for Tight {
        fn now_ms(&self) -> i64 {
            0
        }
        fn memory_left(&self) -> Option<u64> {
            Some(1024 * 1024)
        }
    }

    #[test]
    fn a_width_larger_than_the_memory_left_is_refused_before_it_is_padded() {
        let result = sprintf(&Value::from("%999999999d"), &[Value::Int(1)], &mut Tight);
        match result {
            Err(FilterError::OverMemory(message)) => {
                assert!(
                    message.contains("`sprintf` would build about 954 MB"),
                    "{message}"
                );
                assert!(message.contains("--max-memory"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
