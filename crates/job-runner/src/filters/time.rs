//! Timestamp filters. A timestamp is an int of milliseconds since the Unix
//! epoch (what `now` gives); text in ISO 8601 form is accepted wherever a
//! timestamp is expected. Formats use PHP's `date()` letters, as Xano does.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use super::{Filter, FilterContext, FilterError, arg, eager, int_arg, invalid, text_arg};
use crate::value::{Number, Value};

pub(super) const FILTERS: &[Filter] = &[
    eager("format_timestamp", 0, 2, format_timestamp),
    eager("to_timestamp", 0, 1, to_timestamp),
    eager("to_ms", 0, 1, to_ms),
    eager("to_seconds", 0, 1, to_seconds),
    eager("to_minutes", 0, 1, to_minutes),
    eager("to_hours", 0, 1, to_hours),
    eager("to_days", 0, 1, to_days),
    eager("parse_timestamp", 1, 2, parse_timestamp),
    eager("transform_timestamp", 1, 2, transform_timestamp),
    eager("add_secs_to_timestamp", 1, 1, add_secs_to_timestamp),
    eager("add_ms_to_timestamp", 1, 1, add_ms_to_timestamp),
    eager("timestamp_year", 0, 1, timestamp_year),
    eager("timestamp_month", 0, 1, timestamp_month),
    eager("timestamp_day_of_month", 0, 1, timestamp_day_of_month),
    eager("timestamp_day_of_week", 0, 1, timestamp_day_of_week),
    eager("timestamp_day_of_year", 0, 1, timestamp_day_of_year),
    eager("timestamp_hour", 0, 1, timestamp_hour),
    eager("timestamp_minute", 0, 1, timestamp_minute),
    eager("timestamp_second", 0, 1, timestamp_second),
    eager("timestamp_epoch_seconds", 0, 0, timestamp_epoch_seconds),
    eager("timestamp_epoch_ms", 0, 0, timestamp_epoch_ms),
];

type Result = std::result::Result<Value, FilterError>;

/// The time zone named by an argument; `UTC` when absent.
fn zone(filter: &str, args: &[Value], i: usize) -> std::result::Result<TimeZone, FilterError> {
    match arg(args, i) {
        Value::Null => Ok(TimeZone::UTC),
        _ => {
            let name = text_arg(filter, args, i)?;
            if name.eq_ignore_ascii_case("utc") || name.is_empty() {
                return Ok(TimeZone::UTC);
            }
            TimeZone::get(&name).map_err(|_| {
                FilterError::Invalid(format!("`{filter}`: unknown time zone `{name}`"))
            })
        }
    }
}

/// Milliseconds since the epoch from an int, a decimal, or text (`now`, ISO 8601, a date).
fn millis(
    filter: &str,
    value: &Value,
    tz: &TimeZone,
    ctx: &dyn FilterContext,
) -> std::result::Result<i64, FilterError> {
    match value {
        Value::Int(ms) => Ok(*ms),
        Value::Decimal(ms) if ms.is_finite() => Ok(*ms as i64),
        Value::Null => Ok(ctx.now_ms()),
        Value::Text(text) => parse_time(text, tz, ctx.now_ms()).ok_or_else(|| {
            FilterError::Invalid(format!(
                "`{filter}`: cannot read {} as a timestamp",
                value.short_display()
            ))
        }),
        other => invalid(format!(
            "`{filter}` needs a timestamp, got {}",
            other.type_name()
        )),
    }
}

/// Reads `now`, `today`, RFC 3339, `YYYY-MM-DD[ HH:MM[:SS]]`, digits (ms), or a relative phrase.
fn parse_time(text: &str, tz: &TimeZone, now_ms: i64) -> Option<i64> {
    let text = text.trim();
    if let Ok(Number::Int(ms)) = crate::value::parse_number(text).ok_or(()) {
        return Some(ms);
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts.as_millisecond());
    }
    if let Ok(dt) = text.replace(' ', "T").parse::<jiff::civil::DateTime>() {
        return dt
            .to_zoned(tz.clone())
            .ok()
            .map(|z| z.timestamp().as_millisecond());
    }
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return date
            .to_zoned(tz.clone())
            .ok()
            .map(|z| z.timestamp().as_millisecond());
    }
    let now = Timestamp::from_millisecond(now_ms)
        .ok()?
        .to_zoned(tz.clone());
    relative(&now, text).map(|z| z.timestamp().as_millisecond())
}

/// The unit a relative phrase names (`day`, `days`, `hour`...) as a span of `amount`.
fn unit_span(unit: &str, amount: i64) -> Option<jiff::Span> {
    match unit.trim_end_matches('s') {
        "second" | "sec" => jiff::Span::new().try_seconds(amount).ok(),
        "minute" | "min" => jiff::Span::new().try_minutes(amount).ok(),
        "hour" => jiff::Span::new().try_hours(amount).ok(),
        "day" => jiff::Span::new().try_days(amount).ok(),
        "week" => jiff::Span::new().try_weeks(amount).ok(),
        "month" => jiff::Span::new().try_months(amount).ok(),
        "year" => jiff::Span::new().try_years(amount).ok(),
        _ => None,
    }
}

/// `monday` ... `sunday` (or `mon` ... `sun`), as days after Monday.
fn weekday(word: &str) -> Option<i8> {
    DAYS.iter()
        .position(|day| {
            let day = day.to_lowercase();
            word == day || (word.len() == 3 && day.starts_with(word))
        })
        .map(|i| i as i8)
}

/// PHP's weekday phrases, at midnight: `friday` is today or the next one,
/// `next friday` the next one after today, `last friday` the one before.
fn on_weekday(current: &Zoned, target: i8, direction: &str) -> Option<Zoned> {
    let midnight = current.start_of_day().ok()?;
    let today = midnight.weekday().to_monday_zero_offset();
    let ahead = (target - today).rem_euclid(7);
    let days = match direction {
        "next" if ahead == 0 => 7,
        "last" => -i64::from(if ahead == 0 { 7 } else { 7 - ahead }),
        _ => i64::from(ahead),
    };
    midnight.checked_add(jiff::Span::new().days(days)).ok()
}

/// Applies `now`, `today`, `midnight`, `tomorrow`, `yesterday`, `[+-]N unit`,
/// `next|last unit` and weekday terms (`friday`, `next friday`) in order.
fn relative(start: &Zoned, phrase: &str) -> Option<Zoned> {
    let mut current = start.clone();
    let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        match word {
            "now" => {}
            "next" | "last" | "this" => {
                let what = words.get(i + 1)?;
                i += 1;
                current = match weekday(what) {
                    Some(day) => on_weekday(&current, day, word)?,
                    None => {
                        let amount = match word {
                            "next" => 1,
                            "last" => -1,
                            _ => 0,
                        };
                        current.checked_add(unit_span(what, amount)?).ok()?
                    }
                };
            }
            day if weekday(day).is_some() => {
                current = on_weekday(&current, weekday(day)?, "this")?;
            }
            "today" | "midnight" => current = current.start_of_day().ok()?,
            "tomorrow" => {
                current = current
                    .start_of_day()
                    .ok()?
                    .checked_add(jiff::Span::new().days(1))
                    .ok()?
            }
            "yesterday" => {
                current = current
                    .start_of_day()
                    .ok()?
                    .checked_sub(jiff::Span::new().days(1))
                    .ok()?
            }
            _ => {
                let amount: i64 = word.parse().ok()?;
                let unit = words.get(i + 1)?;
                i += 1;
                current = current.checked_add(unit_span(unit, amount)?).ok()?;
            }
        }
        i += 1;
    }
    Some(current)
}

fn zoned(
    filter: &str,
    value: &Value,
    args: &[Value],
    tz_arg: usize,
    ctx: &dyn FilterContext,
) -> std::result::Result<Zoned, FilterError> {
    let tz = zone(filter, args, tz_arg)?;
    let ms = millis(filter, value, &tz, ctx)?;
    Timestamp::from_millisecond(ms)
        .map(|ts| ts.to_zoned(tz))
        .map_err(|_| FilterError::Invalid(format!("`{filter}`: timestamp {ms} is out of range")))
}

/// `format_timestamp:"Y-m-d H:i:s":"Europe/Paris"`.
fn format_timestamp(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    let format = match arg(args, 0) {
        Value::Null => "c".to_owned(),
        _ => text_arg("format_timestamp", args, 0)?,
    };
    let time = zoned("format_timestamp", value, args, 1, ctx)?;
    Ok(Value::Text(php_date(&time, &format)))
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn offset_text(time: &Zoned, colon: bool) -> String {
    let seconds = time.offset().seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let (hours, minutes) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
    if colon {
        format!("{sign}{hours:02}:{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}")
    }
}

/// Renders PHP `date()` letters; `\x` writes `x` as is, unknown letters pass through.
pub(crate) fn php_date(time: &Zoned, format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars();
    let weekday = time.weekday().to_monday_zero_offset() as usize;
    let month = time.month() as usize;
    let hour12 = match time.hour() % 12 {
        0 => 12,
        h => h,
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            'd' => out.push_str(&format!("{:02}", time.day())),
            'D' => out.push_str(&DAYS[weekday][..3]),
            'j' => out.push_str(&time.day().to_string()),
            'S' => out.push_str(match time.day() {
                1 | 21 | 31 => "st",
                2 | 22 => "nd",
                3 | 23 => "rd",
                _ => "th",
            }),
            'l' => out.push_str(DAYS[weekday]),
            'N' => out.push_str(&(weekday + 1).to_string()),
            'w' => out.push_str(&((weekday + 1) % 7).to_string()),
            'z' => out.push_str(&(time.day_of_year() - 1).to_string()),
            'W' => out.push_str(&format!("{:02}", time.date().iso_week_date().week())),
            'F' => out.push_str(MONTHS[month - 1]),
            'm' => out.push_str(&format!("{month:02}")),
            'M' => out.push_str(&MONTHS[month - 1][..3]),
            'n' => out.push_str(&month.to_string()),
            't' => out.push_str(&time.days_in_month().to_string()),
            'L' => out.push(if time.in_leap_year() { '1' } else { '0' }),
            'Y' => out.push_str(&time.year().to_string()),
            'y' => out.push_str(&format!("{:02}", time.year() % 100)),
            'a' => out.push_str(if time.hour() < 12 { "am" } else { "pm" }),
            'A' => out.push_str(if time.hour() < 12 { "AM" } else { "PM" }),
            'g' => out.push_str(&hour12.to_string()),
            'G' => out.push_str(&time.hour().to_string()),
            'h' => out.push_str(&format!("{hour12:02}")),
            'H' => out.push_str(&format!("{:02}", time.hour())),
            'i' => out.push_str(&format!("{:02}", time.minute())),
            's' => out.push_str(&format!("{:02}", time.second())),
            'u' => out.push_str(&format!("{:06}", time.subsec_nanosecond() / 1000)),
            'v' => out.push_str(&format!("{:03}", time.millisecond())),
            'e' => out.push_str(time.time_zone().iana_name().unwrap_or("UTC")),
            'T' => out.push_str(&time.strftime("%Z").to_string()),
            'P' => out.push_str(&offset_text(time, true)),
            'O' => out.push_str(&offset_text(time, false)),
            'p' if time.offset().seconds() == 0 => out.push('Z'),
            'p' => out.push_str(&offset_text(time, true)),
            'c' => out.push_str(&php_date(time, "Y-m-d\\TH:i:sP")),
            'r' => out.push_str(&php_date(time, "D, d M Y H:i:s O")),
            'U' => out.push_str(&time.timestamp().as_second().to_string()),
            other => out.push(other),
        }
    }
    out
}

fn to_timestamp(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    let tz = zone("to_timestamp", args, 0)?;
    Ok(Value::Int(millis("to_timestamp", value, &tz, ctx)?))
}

fn to_ms(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    to_timestamp(value, args, ctx)
}

fn to_seconds(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    let tz = zone("to_seconds", args, 0)?;
    Ok(Value::Int(
        millis("to_seconds", value, &tz, ctx)?.div_euclid(1000),
    ))
}

fn epoch_units(
    filter: &str,
    value: &Value,
    args: &[Value],
    ctx: &dyn FilterContext,
    unit_ms: i64,
) -> Result {
    let tz = zone(filter, args, 0)?;
    Ok(Value::Int(
        millis(filter, value, &tz, ctx)?.div_euclid(unit_ms),
    ))
}

fn to_minutes(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    epoch_units("to_minutes", value, args, ctx, 60_000)
}

fn to_hours(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    epoch_units("to_hours", value, args, ctx, 3_600_000)
}

fn to_days(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    epoch_units("to_days", value, args, ctx, 86_400_000)
}

/// `"2023-08-15 13:45:30"|parse_timestamp:"Y-m-d H:i:s":"America/Los_Angeles"`:
/// text read with PHP's `date()` letters, in the zone given unless the text
/// names its own offset; epoch milliseconds (an int, as `to_timestamp` gives).
fn parse_timestamp(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_arg("parse_timestamp", std::slice::from_ref(value), 0)?;
    let format = text_arg("parse_timestamp", args, 0)?;
    let tz = zone("parse_timestamp", args, 1)?;
    let pattern = strptime_pattern(&format)?;
    let parsed = jiff::fmt::strtime::parse(&pattern, text.trim()).map_err(|error| {
        FilterError::Invalid(format!(
            "`parse_timestamp`: {} does not match the format {format:?} ({error})",
            value.short_display()
        ))
    })?;
    if let Some(seconds) = parsed.timestamp() {
        return Ok(Value::Int(seconds.as_millisecond()));
    }
    let when = parsed.to_datetime().map_err(|error| {
        FilterError::Invalid(format!("`parse_timestamp`: incomplete date ({error})"))
    })?;
    let zoned = match parsed.offset() {
        Some(offset) => when.to_zoned(TimeZone::fixed(offset)),
        None => when.to_zoned(tz),
    }
    .map_err(|error| FilterError::Invalid(format!("`parse_timestamp`: {error}")))?;
    Ok(Value::Int(zoned.timestamp().as_millisecond()))
}

/// PHP `date()` letters as a `strptime` pattern, for the letters that can be read back.
fn strptime_pattern(format: &str) -> std::result::Result<String, FilterError> {
    let mut pattern = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        let piece = match c {
            'Y' => "%Y",
            'y' => "%y",
            'm' | 'n' => "%m",
            'd' | 'j' => "%d",
            'H' | 'G' => "%H",
            'h' | 'g' => "%I",
            'i' => "%M",
            's' => "%S",
            'A' | 'a' => "%p",
            'D' => "%a",
            'l' => "%A",
            'M' => "%b",
            'F' => "%B",
            'U' => "%s",
            'O' => "%z",
            'P' => "%:z",
            'T' | 'e' => "%Z",
            'v' => "%3f",
            'u' => "%6f",
            '%' => "%%",
            '\\' => {
                if let Some(literal) = chars.next() {
                    pattern.push(literal);
                }
                continue;
            }
            c if c.is_ascii_alphabetic() => {
                return invalid(format!(
                    "`parse_timestamp` cannot read the format letter `{c}`"
                ));
            }
            c => {
                pattern.push(c);
                continue;
            }
        };
        pattern.push_str(piece);
    }
    Ok(pattern)
}

/// `transform_timestamp:"-7 days":"UTC"`.
fn transform_timestamp(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    let start = zoned("transform_timestamp", value, args, 1, ctx)?;
    let phrase = text_arg("transform_timestamp", args, 0)?;
    match relative(&start, &phrase) {
        Some(time) => Ok(Value::Int(time.timestamp().as_millisecond())),
        None => invalid(format!(
            "`transform_timestamp` does not understand {phrase:?}; use terms like \"+1 day\" or \"-2 hours\""
        )),
    }
}

fn add_ms(filter: &str, value: &Value, ms: i64, ctx: &dyn FilterContext) -> Result {
    let start = millis(filter, value, &TimeZone::UTC, ctx)?;
    start
        .checked_add(ms)
        .map(Value::Int)
        .ok_or_else(|| FilterError::Invalid(format!("`{filter}`: the timestamp overflows")))
}

fn add_secs_to_timestamp(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    let secs = int_arg("add_secs_to_timestamp", args, 0, None)?;
    add_ms(
        "add_secs_to_timestamp",
        value,
        secs.saturating_mul(1000),
        ctx,
    )
}

fn add_ms_to_timestamp(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    let ms = int_arg("add_ms_to_timestamp", args, 0, None)?;
    add_ms("add_ms_to_timestamp", value, ms, ctx)
}

fn part(
    filter: &str,
    value: &Value,
    args: &[Value],
    ctx: &dyn FilterContext,
    f: fn(&Zoned) -> i64,
) -> Result {
    Ok(Value::Int(f(&zoned(filter, value, args, 0, ctx)?)))
}

fn timestamp_year(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    part("timestamp_year", value, args, ctx, |t| i64::from(t.year()))
}

fn timestamp_month(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    part("timestamp_month", value, args, ctx, |t| {
        i64::from(t.month())
    })
}

fn timestamp_day_of_month(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    part("timestamp_day_of_month", value, args, ctx, |t| {
        i64::from(t.day())
    })
}

/// 0 is Sunday, as the reference says.
fn timestamp_day_of_week(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    part("timestamp_day_of_week", value, args, ctx, |t| {
        i64::from(t.weekday().to_sunday_zero_offset())
    })
}

fn timestamp_day_of_year(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    part("timestamp_day_of_year", value, args, ctx, |t| {
        i64::from(t.day_of_year())
    })
}

fn timestamp_hour(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    part("timestamp_hour", value, args, ctx, |t| i64::from(t.hour()))
}

fn timestamp_minute(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    part("timestamp_minute", value, args, ctx, |t| {
        i64::from(t.minute())
    })
}

fn timestamp_second(value: &Value, args: &[Value], ctx: &mut dyn FilterContext) -> Result {
    part("timestamp_second", value, args, ctx, |t| {
        i64::from(t.second())
    })
}

fn timestamp_epoch_seconds(value: &Value, _: &[Value], ctx: &mut dyn FilterContext) -> Result {
    Ok(Value::Int(
        millis("timestamp_epoch_seconds", value, &TimeZone::UTC, ctx)?.div_euclid(1000),
    ))
}

fn timestamp_epoch_ms(value: &Value, _: &[Value], ctx: &mut dyn FilterContext) -> Result {
    Ok(Value::Int(millis(
        "timestamp_epoch_ms",
        value,
        &TimeZone::UTC,
        ctx,
    )?))
}
