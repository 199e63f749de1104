//! Durations as a person reads them in messages: `200 ms`, `2 s`, `1.5 s`, `3 min 20 s`.

use std::time::Duration;

pub(crate) fn human(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1_000 {
        return format!("{millis} ms");
    }
    let seconds = duration.as_secs();
    if seconds >= 120 {
        let (minutes, rest) = (seconds / 60, seconds % 60);
        return if rest == 0 {
            format!("{minutes} min")
        } else {
            format!("{minutes} min {rest} s")
        };
    }
    if millis.is_multiple_of(1_000) {
        format!("{seconds} s")
    } else {
        let tenths = (millis % 1_000) / 100;
        format!("{seconds}.{tenths} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human(Duration::from_millis(200)), "200 ms");
        assert_eq!(human(Duration::from_secs(2)), "2 s");
        assert_eq!(human(Duration::from_millis(1_500)), "1.5 s");
        assert_eq!(human(Duration::from_secs(200)), "3 min 20 s");
        assert_eq!(human(Duration::from_secs(3_600)), "60 min");
    }
}
