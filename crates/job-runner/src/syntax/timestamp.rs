//! Xano's timestamp literal, as task schedules write it:
//! `2026-01-01 00:00:00+0000`.
//!
//! It is not made of tokens (`2026-01-01` alone is arithmetic), so the lexer
//! asks [`scan`] at every number that starts with four digits. The literal
//! is recognised once `YYYY-MM-DD HH:` is seen (a date and the start of a
//! time: arithmetic never looks like that); from there every deviation is an
//! error naming what was expected, never a silent fallback to numbers.
//!
//! Accepted after `YYYY-MM-DD HH:MM:SS` (a `T` may stand for the space):
//! `+HHMM`, `-HHMM`, `+HH:MM`, `Z`, or nothing, which means UTC as Xano's
//! schedules are UTC. The value is epoch milliseconds, as `now` is.

/// What the bytes at a number's start are.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Scan {
    /// Not a timestamp: lex a number.
    NotTimestamp,
    /// A timestamp of `len` bytes, at `ms` epoch milliseconds.
    Timestamp { len: usize, ms: i64 },
    /// A timestamp-shaped literal that is wrong: `len` bytes are taken so the
    /// error underlines the whole literal.
    Bad { len: usize, message: String },
}

const SHAPE_HINT: &str = "write a timestamp as `2026-01-01 00:00:00+0000` (UTC offset `+HHMM`)";

/// The hint for every bad timestamp.
pub(crate) fn hint() -> &'static str {
    SHAPE_HINT
}

fn digits(bytes: &[u8], at: usize, count: usize) -> Option<u32> {
    let slice = bytes.get(at..at + count)?;
    if !slice.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        slice
            .iter()
            .fold(0u32, |total, &b| total * 10 + u32::from(b - b'0')),
    )
}

/// Reads a timestamp literal at the start of `bytes`, if one is there.
pub(crate) fn scan(bytes: &[u8]) -> Scan {
    // `YYYY-MM-DD HH:` commits to a timestamp.
    let committed = digits(bytes, 0, 4).is_some()
        && bytes.get(4) == Some(&b'-')
        && digits(bytes, 5, 2).is_some()
        && bytes.get(7) == Some(&b'-')
        && digits(bytes, 8, 2).is_some()
        && matches!(bytes.get(10), Some(b' ' | b'T'))
        && digits(bytes, 11, 2).is_some()
        && bytes.get(13) == Some(&b':');
    if !committed {
        return Scan::NotTimestamp;
    }
    // The literal runs to the next character that cannot belong to it.
    let len = 11
        + bytes[11..]
            .iter()
            .position(|&b| !(b.is_ascii_digit() || matches!(b, b':' | b'+' | b'-' | b'Z' | b'.')))
            .unwrap_or(bytes.len() - 11);
    let text = String::from_utf8_lossy(&bytes[..len]).into_owned();
    match parse(&bytes[..len]) {
        Ok(ms) => Scan::Timestamp { len, ms },
        Err(why) => Scan::Bad {
            len,
            message: format!("`{text}` is not a valid timestamp: {why}"),
        },
    }
}

/// Parses the whole of `bytes` as a timestamp literal (text `starts_on`
/// values take the same form), to epoch milliseconds.
pub fn parse(bytes: &[u8]) -> Result<i64, String> {
    let field = |at: usize, count: usize, what: &str| {
        digits(bytes, at, count).ok_or_else(|| format!("expected {count} digits of {what}"))
    };
    let year = field(0, 4, "the year")?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return Err("expected `YYYY-MM-DD`".to_owned());
    }
    let month = field(5, 2, "the month")?;
    let day = field(8, 2, "the day")?;
    if !matches!(bytes.get(10), Some(b' ' | b'T')) {
        return Err("expected a space and the time after the date".to_owned());
    }
    let hour = field(11, 2, "the hour")?;
    if bytes.get(13) != Some(&b':') {
        return Err("expected `HH:MM:SS`".to_owned());
    }
    let minute = field(14, 2, "the minutes")?;
    if bytes.get(16) != Some(&b':') {
        return Err("expected `HH:MM:SS` (the seconds are missing)".to_owned());
    }
    let second = field(17, 2, "the seconds")?;
    let offset_seconds = offset(&bytes[19..])?;
    let as_i8 = |n: u32| i8::try_from(n).unwrap_or(i8::MAX);
    let date = jiff::civil::Date::new(
        i16::try_from(year).unwrap_or(i16::MAX),
        as_i8(month),
        as_i8(day),
    )
    .map_err(|_| format!("there is no day {year:04}-{month:02}-{day:02}"))?;
    let time =
        jiff::civil::Time::new(as_i8(hour), as_i8(minute), as_i8(second), 0).map_err(|_| {
            format!("{hour:02}:{minute:02}:{second:02} is not a time of day (00:00:00 to 23:59:59)")
        })?;
    let offset = jiff::tz::Offset::from_seconds(offset_seconds)
        .map_err(|_| "the UTC offset is out of range".to_owned())?;
    let instant = date
        .to_datetime(time)
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .map_err(|error| error.to_string())?;
    Ok(instant.timestamp().as_millisecond())
}

/// `+HHMM`, `-HHMM`, `+HH:MM`, `Z` or nothing (UTC), in seconds east of UTC.
fn offset(rest: &[u8]) -> Result<i32, String> {
    let sign = match rest.first() {
        None => return Ok(0),
        Some(b'Z') if rest.len() == 1 => return Ok(0),
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(_) => {
            return Err("expected a UTC offset such as `+0000` after the seconds".to_owned());
        }
    };
    let (hours, minutes) = match rest.len() {
        5 => (digits(rest, 1, 2), digits(rest, 3, 2)),
        6 if rest[3] == b':' => (digits(rest, 1, 2), digits(rest, 4, 2)),
        _ => (None, None),
    };
    match (hours, minutes) {
        (Some(hours), Some(minutes)) if hours <= 23 && minutes <= 59 => {
            let seconds = i32::try_from(hours * 3600 + minutes * 60).unwrap_or(0);
            Ok(sign * seconds)
        }
        _ => Err("the UTC offset must be `+HHMM` (e.g. `+0000`, `-0500`)".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> i64 {
        match scan(text.as_bytes()) {
            Scan::Timestamp { len, ms } => {
                assert_eq!(len, text.len(), "{text}");
                ms
            }
            other => panic!("{text}: {other:?}"),
        }
    }

    fn bad(text: &str) -> String {
        match scan(text.as_bytes()) {
            Scan::Bad { message, .. } => message,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_xano_literals_as_epoch_milliseconds() {
        assert_eq!(ms("1970-01-01 00:00:00+0000"), 0);
        assert_eq!(ms("2026-01-01 00:00:00+0000"), 1_767_225_600_000);
        assert_eq!(ms("2026-01-01 00:00:00Z"), 1_767_225_600_000);
        assert_eq!(ms("2026-01-01 00:00:00"), 1_767_225_600_000);
        assert_eq!(ms("2026-01-01T01:00:00+01:00"), 1_767_225_600_000);
        assert_eq!(ms("2025-12-31 19:00:00-0500"), 1_767_225_600_000);
    }

    #[test]
    fn arithmetic_and_dates_are_not_timestamps() {
        assert_eq!(scan(b"2026-01-01"), Scan::NotTimestamp);
        assert_eq!(scan(b"2026-01-01 + 3"), Scan::NotTimestamp);
        assert_eq!(scan(b"2026 - 1"), Scan::NotTimestamp);
        assert_eq!(scan(b"12-01-01 00:00:00"), Scan::NotTimestamp);
    }

    #[test]
    fn wrong_values_say_what_is_wrong() {
        assert!(bad("2026-13-01 00:00:00+0000").contains("no day 2026-13-01"));
        assert!(bad("2026-02-30 00:00:00+0000").contains("no day 2026-02-30"));
        assert!(bad("2026-01-01 24:00:00+0000").contains("not a time of day"));
        assert!(bad("2026-01-01 00:00+0000").contains("seconds are missing"));
        assert!(bad("2026-01-01 00:00:00+000").contains("UTC offset"));
        assert!(bad("2026-01-01 00:00:00+2500").contains("UTC offset"));
    }
}
