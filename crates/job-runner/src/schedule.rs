//! When a task runs: Xano's `schedule = [{starts_on, freq, ends_on}]` as
//! data, and the arithmetic a scheduler needs, as pure functions of times
//! given by the caller (epoch milliseconds): this crate reads no clock.
//!
//! An entry's occurrences are `starts_on + k * freq` for k = 0, 1, 2...,
//! up to and including `ends_on` when it is given. An entry without `freq`
//! runs once, at `starts_on`. A schedule of several entries runs at every
//! occurrence of each; two entries that land on the same millisecond make
//! one occurrence, not two (one run per task and time).

/// One `{starts_on: .., freq: .., ends_on: ..}` of a task's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleEntry {
    /// The first occurrence, epoch milliseconds.
    pub starts_on_ms: i64,
    /// Seconds between occurrences; `None` runs once. Never 0 (the loader
    /// refuses it).
    pub freq_seconds: Option<u64>,
    /// No occurrence after this, epoch milliseconds; never before `starts_on`.
    pub ends_on_ms: Option<i64>,
}

/// What a scheduler missed between two times: how many occurrences, and
/// the latest, which is the one a late start runs (once, not per slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Missed {
    pub count: u64,
    pub latest_ms: Option<i64>,
}

impl ScheduleEntry {
    fn freq_ms(&self) -> Option<i64> {
        self.freq_seconds
            .map(|seconds| i64::try_from(seconds.saturating_mul(1000)).unwrap_or(i64::MAX))
    }

    /// The last occurrence there can be: `ends_on` rounded down to an
    /// occurrence, the start for a one-time entry, none for an open one.
    fn last_ms(&self) -> Option<i64> {
        match (self.freq_ms(), self.ends_on_ms) {
            (None, _) => Some(self.starts_on_ms),
            (Some(_), None) => None,
            (Some(freq), Some(ends)) => {
                let steps = (ends - self.starts_on_ms).div_euclid(freq);
                Some(self.starts_on_ms + steps * freq)
            }
        }
    }

    /// The first occurrence strictly after `t_ms`.
    pub fn next_after(&self, t_ms: i64) -> Option<i64> {
        let next = if t_ms < self.starts_on_ms {
            self.starts_on_ms
        } else {
            let freq = self.freq_ms()?;
            let steps = (t_ms - self.starts_on_ms).div_euclid(freq) + 1;
            self.starts_on_ms.checked_add(steps.checked_mul(freq)?)?
        };
        match self.last_ms() {
            Some(last) if next > last => None,
            _ => Some(next),
        }
    }

    /// The last occurrence at or before `t_ms`.
    pub fn latest_at_or_before(&self, t_ms: i64) -> Option<i64> {
        if t_ms < self.starts_on_ms {
            return None;
        }
        let latest = match self.freq_ms() {
            None => self.starts_on_ms,
            Some(freq) => {
                let steps = (t_ms - self.starts_on_ms).div_euclid(freq);
                self.starts_on_ms + steps * freq
            }
        };
        Some(match self.last_ms() {
            Some(last) => latest.min(last),
            None => latest,
        })
    }

    /// How many occurrences fall at or before `t_ms`.
    fn count_at_or_before(&self, t_ms: i64) -> u64 {
        let Some(latest) = self.latest_at_or_before(t_ms) else {
            return 0;
        };
        match self.freq_ms() {
            None => 1,
            Some(freq) => u64::try_from((latest - self.starts_on_ms) / freq + 1).unwrap_or(0),
        }
    }
}

/// A task's schedule: every entry it declares. Empty means the task runs
/// only when asked (`execute --task`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    pub entries: Vec<ScheduleEntry>,
}

impl Schedule {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first occurrence of any entry strictly after `t_ms`.
    pub fn next_after(&self, t_ms: i64) -> Option<i64> {
        self.entries
            .iter()
            .filter_map(|entry| entry.next_after(t_ms))
            .min()
    }

    /// The latest occurrence of any entry at or before `t_ms`.
    pub fn latest_at_or_before(&self, t_ms: i64) -> Option<i64> {
        self.entries
            .iter()
            .filter_map(|entry| entry.latest_at_or_before(t_ms))
            .max()
    }

    /// The occurrences after `from_ms` and at or before `to_ms`: what a
    /// scheduler that last looked at `from_ms` missed by `to_ms`. Entries
    /// that share an occurrence count it once only when they share every
    /// one (the same entry written twice); otherwise overlaps are rare
    /// enough (two cadences meeting) that the count is an upper bound, and
    /// the latest occurrence, which is what is run, is exact.
    pub fn missed_between(&self, from_ms: i64, to_ms: i64) -> Missed {
        if to_ms <= from_ms {
            return Missed::default();
        }
        let mut distinct: Vec<&ScheduleEntry> = Vec::new();
        for entry in &self.entries {
            if !distinct.contains(&entry) {
                distinct.push(entry);
            }
        }
        let count = distinct
            .iter()
            .map(|entry| {
                entry
                    .count_at_or_before(to_ms)
                    .saturating_sub(entry.count_at_or_before(from_ms))
            })
            .sum();
        let latest_ms = self
            .latest_at_or_before(to_ms)
            .filter(|&latest| latest > from_ms);
        Missed { count, latest_ms }
    }
}

/// Epoch milliseconds as Xano's literal writes them, in UTC:
/// `2026-01-01 00:00:00+0000`.
pub fn utc_text(ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(at) => at.strftime("%Y-%m-%d %H:%M:%S+0000").to_string(),
        Err(_) => format!("{ms} ms since 1970"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_767_225_600_000; // 2026-01-01 00:00:00 UTC
    const DAY: u64 = 86_400;
    const DAY_MS: i64 = 86_400_000;

    fn daily() -> ScheduleEntry {
        ScheduleEntry {
            starts_on_ms: START,
            freq_seconds: Some(DAY),
            ends_on_ms: None,
        }
    }

    #[test]
    fn next_after_is_strictly_after() {
        let entry = daily();
        assert_eq!(entry.next_after(START - 1), Some(START));
        assert_eq!(entry.next_after(START), Some(START + DAY_MS));
        assert_eq!(entry.next_after(START + 1), Some(START + DAY_MS));
        assert_eq!(entry.next_after(START + DAY_MS - 1), Some(START + DAY_MS));
        assert_eq!(entry.next_after(0), Some(START));
    }

    #[test]
    fn ends_on_is_the_last_possible_occurrence_inclusive() {
        let entry = ScheduleEntry {
            ends_on_ms: Some(START + 2 * DAY_MS),
            ..daily()
        };
        assert_eq!(entry.next_after(START + DAY_MS), Some(START + 2 * DAY_MS));
        assert_eq!(entry.next_after(START + 2 * DAY_MS), None);
        // An end between two occurrences keeps the one before it.
        let entry = ScheduleEntry {
            ends_on_ms: Some(START + DAY_MS + 5),
            ..daily()
        };
        assert_eq!(entry.next_after(START), Some(START + DAY_MS));
        assert_eq!(entry.next_after(START + DAY_MS), None);
        assert_eq!(
            entry.latest_at_or_before(START + 10 * DAY_MS),
            Some(START + DAY_MS)
        );
    }

    #[test]
    fn a_one_time_entry_runs_once() {
        let once = ScheduleEntry {
            freq_seconds: None,
            ..daily()
        };
        assert_eq!(once.next_after(START - 1), Some(START));
        assert_eq!(once.next_after(START), None);
        let schedule = Schedule {
            entries: vec![once],
        };
        assert_eq!(
            schedule.missed_between(0, START + 100 * DAY_MS),
            Missed {
                count: 1,
                latest_ms: Some(START)
            }
        );
    }

    #[test]
    fn several_entries_take_the_earliest_next() {
        let morning = daily();
        let evening = ScheduleEntry {
            starts_on_ms: START + 21 * 3_600_000,
            ..daily()
        };
        let schedule = Schedule {
            entries: vec![morning, evening],
        };
        assert_eq!(schedule.next_after(START), Some(START + 21 * 3_600_000));
        assert_eq!(
            schedule.next_after(START + 21 * 3_600_000),
            Some(START + DAY_MS)
        );
    }

    #[test]
    fn missed_counts_slots_in_the_half_open_window_and_keeps_the_latest() {
        let schedule = Schedule {
            entries: vec![daily()],
        };
        // Down from just after the first run to just after the fourth.
        let missed = schedule.missed_between(START, START + 3 * DAY_MS + 10);
        assert_eq!(
            missed,
            Missed {
                count: 3,
                latest_ms: Some(START + 3 * DAY_MS)
            }
        );
        // Nothing was due in the window.
        assert_eq!(
            schedule.missed_between(START + 1, START + DAY_MS - 1),
            Missed::default()
        );
        // The window's end is included, its start is not.
        assert_eq!(schedule.missed_between(START, START + DAY_MS).count, 1);
        assert_eq!(
            schedule.missed_between(START - 1, START).latest_ms,
            Some(START)
        );
        assert_eq!(schedule.missed_between(START, START), Missed::default());
    }

    #[test]
    fn the_same_entry_twice_counts_once() {
        let schedule = Schedule {
            entries: vec![daily(), daily()],
        };
        assert_eq!(schedule.missed_between(START - 1, START + DAY_MS).count, 2);
    }

    #[test]
    fn huge_times_do_not_overflow() {
        let entry = ScheduleEntry {
            freq_seconds: Some(u64::MAX),
            ..daily()
        };
        assert_eq!(entry.next_after(START), None);
        assert_eq!(daily().next_after(i64::MAX - 1), None);
        let schedule = Schedule {
            entries: vec![daily()],
        };
        assert!(schedule.missed_between(i64::MIN, i64::MAX).count > 0);
    }
}
