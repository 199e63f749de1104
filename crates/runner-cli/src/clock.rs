//! The wall clock of `tasks` and `serve`, and the one place tests replace
//! it: schedules are tested without waiting for them.
//!
//! - `System`: the real clock; waits are tokio timers, so an idle `serve`
//!   sleeps in the kernel until its next occurrence.
//! - `File`: `RUNNER_TEST_CLOCK_FILE=PATH` (hidden, for tests of the
//!   binary): the time is the file's content, epoch milliseconds or
//!   `2026-01-01 00:00:00+0000`; a wait polls the file every 20 ms.
//! - `Manual` (unit tests): set by the test, waits wake when it moves.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The hidden variable that puts a process on a clock a test controls.
pub(crate) const CLOCK_FILE_ENV: &str = "RUNNER_TEST_CLOCK_FILE";

/// How often a file clock is read while waiting.
#[cfg_attr(not(test), allow(dead_code))]
const FILE_POLL: Duration = Duration::from_millis(20);

#[derive(Clone)]
pub(crate) enum Clock {
    System,
    File(Arc<FileClock>),
    #[cfg_attr(not(test), allow(dead_code))]
    Manual(Arc<ManualClock>),
}

/// The time a test writes into a file. A read that finds the file empty
/// or half-written (a test rewriting it) keeps the last time read, so time
/// never jumps to the real clock's mid-test.
pub(crate) struct FileClock {
    path: PathBuf,
    last_ms: AtomicI64,
}

impl FileClock {
    fn now_ms(&self) -> i64 {
        match read_clock_file(&self.path) {
            Some(now) => {
                self.last_ms.store(now, Ordering::SeqCst);
                now
            }
            None => self.last_ms.load(Ordering::SeqCst),
        }
    }
}

/// A clock a test moves by hand.
#[derive(Default)]
pub(crate) struct ManualClock {
    now_ms: AtomicI64,
    moved: tokio::sync::Notify,
}

impl ManualClock {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn new(now_ms: i64) -> Arc<Self> {
        Arc::new(ManualClock {
            now_ms: AtomicI64::new(now_ms),
            moved: tokio::sync::Notify::new(),
        })
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn set(&self, now_ms: i64) {
        self.now_ms.store(now_ms, Ordering::SeqCst);
        self.moved.notify_waiters();
    }
}

impl Clock {
    /// The real clock, unless the environment names a test clock file.
    pub(crate) fn from_env() -> Clock {
        match std::env::var_os(CLOCK_FILE_ENV) {
            // Until the file is first read, time is the real clock's.
            Some(path) if !path.is_empty() => Clock::File(Arc::new(FileClock {
                path: PathBuf::from(path),
                last_ms: AtomicI64::new(system_now_ms()),
            })),
            _ => Clock::System,
        }
    }

    pub(crate) fn now_ms(&self) -> i64 {
        match self {
            Clock::System => system_now_ms(),
            Clock::File(file) => file.now_ms(),
            Clock::Manual(manual) => manual.now_ms.load(Ordering::SeqCst),
        }
    }

    /// Returns once the clock reads `at_ms` or later.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) async fn sleep_until(&self, at_ms: i64) {
        match self {
            Clock::System => loop {
                let now = system_now_ms();
                if now >= at_ms {
                    return;
                }
                // Re-read after waking: the system clock may have been set.
                let wait = u64::try_from(at_ms - now).unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(wait.min(3_600_000))).await;
            },
            Clock::File(_) => {
                while self.now_ms() < at_ms {
                    tokio::time::sleep(FILE_POLL).await;
                }
            }
            Clock::Manual(manual) => loop {
                let moved = manual.moved.notified();
                if manual.now_ms.load(Ordering::SeqCst) >= at_ms {
                    return;
                }
                moved.await;
            },
        }
    }
}

fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        })
}

fn read_clock_file(path: &std::path::Path) -> Option<i64> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.trim();
    text.parse::<i64>()
        .ok()
        .or_else(|| job_runner::syntax::timestamp::parse(text.as_bytes()).ok())
}

/// `3 h 12 min`, `45 s`: how far off a time is, for people.
pub(crate) fn describe_wait(ms: i64) -> String {
    let seconds = ms.max(0) / 1000;
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min {} s", seconds / 60, seconds % 60),
        3600..86_400 => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
        _ => format!("{} d {} h", seconds / 86_400, seconds % 86_400 / 3600),
    }
}

/// `every 1 day`, `every 2 hours`, `every 90 s`.
pub(crate) fn describe_freq(seconds: u64) -> String {
    let unit = |count: u64, word: &str| {
        format!("every {count} {word}{}", if count == 1 { "" } else { "s" })
    };
    if seconds.is_multiple_of(86_400) {
        unit(seconds / 86_400, "day")
    } else if seconds.is_multiple_of(3600) {
        unit(seconds / 3600, "hour")
    } else if seconds.is_multiple_of(60) {
        unit(seconds / 60, "minute")
    } else {
        unit(seconds, "second")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_manual_clock_wakes_its_sleepers_when_it_passes_their_time() {
        let manual = ManualClock::new(1_000);
        let clock = Clock::Manual(Arc::clone(&manual));
        let sleeper = tokio::spawn({
            let clock = clock.clone();
            async move { clock.sleep_until(5_000).await }
        });
        manual.set(4_999);
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished());
        manual.set(5_000);
        tokio::time::timeout(Duration::from_secs(5), sleeper)
            .await
            .expect("woke")
            .expect("joined");
        assert_eq!(clock.now_ms(), 5_000);
    }

    #[test]
    fn a_clock_file_holds_milliseconds_or_a_timestamp() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("now");
        let clock = Clock::File(Arc::new(FileClock {
            path: path.clone(),
            last_ms: AtomicI64::new(0),
        }));
        std::fs::write(&path, "1767225600000\n").expect("write");
        assert_eq!(clock.now_ms(), 1_767_225_600_000);
        std::fs::write(&path, "2026-01-01 00:00:01+0000").expect("write");
        assert_eq!(clock.now_ms(), 1_767_225_601_000);
        // Caught mid-rewrite: the last time stands.
        std::fs::write(&path, "").expect("write");
        assert_eq!(clock.now_ms(), 1_767_225_601_000);
    }

    #[test]
    fn waits_and_frequencies_read_as_people_say_them() {
        assert_eq!(describe_wait(45_000), "45 s");
        assert_eq!(describe_wait(3 * 3_600_000 + 12 * 60_000), "3 h 12 min");
        assert_eq!(describe_freq(86_400), "every 1 day");
        assert_eq!(describe_freq(7_200), "every 2 hours");
        assert_eq!(describe_freq(90), "every 90 seconds");
    }
}
