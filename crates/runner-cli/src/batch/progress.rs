//! What a batch tells people on stderr while it runs: a progress bar with
//! rate and ETA on a terminal, a line every few seconds otherwise (logs of CI
//! and cron), and the final summary. Drawn by hand rather than with a
//! progress-bar crate, so every byte passes through the redactor like the
//! rest of the output, and the build stays lean.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use super::outcome::State;
use crate::redact::Redactor;

const BAR_EVERY: Duration = Duration::from_millis(100);
const LINE_EVERY: Duration = Duration::from_secs(5);
const BAR_WIDTH: usize = 24;

/// How many records ended in each way.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Tally {
    pub(crate) delivered: u64,
    pub(crate) failed: u64,
    pub(crate) rate_limited: u64,
    pub(crate) invalid: u64,
    pub(crate) cancelled: u64,
    pub(crate) skipped: u64,
}

impl Tally {
    pub(crate) fn count(&mut self, state: State) {
        let slot = match state {
            State::Delivered => &mut self.delivered,
            State::Failed => &mut self.failed,
            State::RateLimited => &mut self.rate_limited,
            State::Invalid => &mut self.invalid,
            State::Cancelled => &mut self.cancelled,
        };
        *slot += 1;
    }

    pub(crate) fn dead_lettered(&self) -> u64 {
        self.failed + self.rate_limited + self.invalid
    }

    /// Records this run ended (skipped ones excluded).
    pub(crate) fn done(&self) -> u64 {
        self.delivered + self.dead_lettered() + self.cancelled
    }
}

pub(crate) struct Progress {
    redactor: Redactor,
    started: Instant,
    /// Records in the input, when it is a file.
    total: Option<u64>,
    bar: bool,
    /// `-q`: no progress at all.
    quiet: bool,
    last_drawn: Instant,
    drawn: bool,
    /// Starts per second that `--rate` allows, when it is given.
    pace: Option<f64>,
    /// When the last record ended, and the rate then: the ETA counts down
    /// from there instead of growing while a paced batch waits.
    last_done: (u64, Instant, f64),
}

impl Progress {
    pub(crate) fn new(redactor: &Redactor, total: Option<u64>, pace: Option<f64>) -> Progress {
        let started = Instant::now();
        Progress {
            redactor: redactor.clone(),
            started,
            total,
            bar: std::io::stderr().is_terminal(),
            quiet: crate::output::is_quiet(),
            last_drawn: started,
            drawn: false,
            pace,
            last_done: (0, started, 0.0),
        }
    }

    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Redraws when enough time has passed since the last time.
    pub(crate) fn tick(&mut self, tally: &Tally) {
        let every = if self.bar { BAR_EVERY } else { LINE_EVERY };
        if self.quiet || self.last_drawn.elapsed() < every {
            return;
        }
        self.last_drawn = Instant::now();
        let status = self.status(tally);
        let mut err = self.redactor.stderr();
        if self.bar {
            let _ = write!(err, "\r\x1b[2K{status}");
            self.drawn = true;
        } else {
            let _ = writeln!(err, "progress: {status}");
        }
        let _ = err.flush();
    }

    /// Prints a message above the bar, which the next tick redraws.
    pub(crate) fn message(&mut self, text: &str) {
        self.clear();
        crate::output::eprint(&self.redactor, text);
    }

    /// Removes the bar so the summary starts on a clean line.
    pub(crate) fn clear(&mut self) {
        if self.drawn {
            let mut err = self.redactor.stderr();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }

    fn status(&mut self, tally: &Tally) -> String {
        let done = tally.done();
        let rate = per_second(done, self.elapsed());
        if done != self.last_done.0 {
            let expected = self.pace.map_or(rate, |pace| rate.min(pace));
            self.last_done = (done, Instant::now(), expected);
        }
        let finished = done + tally.skipped;
        let mut text = String::new();
        match self.total {
            Some(total) if total > 0 => {
                let fraction = (finished as f64 / total as f64).min(1.0);
                if self.bar {
                    let filled = (fraction * BAR_WIDTH as f64).round() as usize;
                    text.push_str(&format!(
                        "[{}{}] ",
                        "#".repeat(filled),
                        "-".repeat(BAR_WIDTH - filled.min(BAR_WIDTH))
                    ));
                }
                text.push_str(&format!(
                    "{finished}/{} ({:.0}%), {rate:.0}/s",
                    crate::output::count(total, "record"),
                    fraction * 100.0
                ));
                let (_, at, expected) = self.last_done;
                if expected > 0.0 {
                    let left = eta(
                        total.saturating_sub(finished),
                        expected,
                        at.elapsed().as_secs_f64(),
                    );
                    text.push_str(&format!(", ETA {}", short_duration(left)));
                }
            }
            _ => text.push_str(&format!(
                "{}, {rate:.0}/s",
                crate::output::count(finished, "record")
            )),
        }
        if tally.dead_lettered() > 0 {
            text.push_str(&format!(", {} dead-lettered", tally.dead_lettered()));
        }
        text
    }
}

/// `batch: 1000 records in 3.4 s (294/s): 990 delivered, 10 dead-lettered (...), 0 skipped`.
pub(crate) fn summary(tally: &Tally, elapsed: Duration) -> String {
    let done = tally.done();
    let mut text = format!(
        "batch: {done} record{} in {} ({:.0}/s): {} delivered, {} dead-lettered",
        if done == 1 { "" } else { "s" },
        short_duration(elapsed.as_secs_f64()),
        per_second(done, elapsed),
        tally.delivered,
        tally.dead_lettered()
    );
    if tally.dead_lettered() > 0 {
        text.push_str(&format!(
            " ({} failed, {} rate limited, {} invalid)",
            tally.failed, tally.rate_limited, tally.invalid
        ));
    }
    if tally.cancelled > 0 {
        text.push_str(&format!(", {} cancelled", tally.cancelled));
    }
    text.push_str(&format!(", {} skipped", tally.skipped));
    text
}

/// Seconds left: the records left at the rate measured when the last one
/// ended (never above `--rate`), less the time since, so it counts down.
fn eta(left: u64, rate_then: f64, since_then: f64) -> f64 {
    (left as f64 / rate_then - since_then).max(0.0)
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds <= 0.0 {
        0.0
    } else {
        count as f64 / seconds
    }
}

/// `420 ms`, `4.2 s`, `12 s`, `3 min 20 s`, `2 h 5 min`.
fn short_duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "?".to_owned();
    }
    if seconds < 1.0 {
        return format!("{:.0} ms", seconds * 1000.0);
    }
    if seconds < 10.0 {
        return format!("{seconds:.1} s");
    }
    let whole = seconds.round() as u64;
    match whole {
        0..60 => format!("{whole} s"),
        60..3_600 => format!("{} min {} s", whole / 60, whole % 60),
        _ => format!("{} h {} min", whole / 3_600, whole % 3_600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_every_count() {
        let tally = Tally {
            delivered: 990,
            failed: 6,
            rate_limited: 2,
            invalid: 2,
            cancelled: 0,
            skipped: 5,
        };
        assert_eq!(
            summary(&tally, Duration::from_secs(4)),
            "batch: 1000 records in 4.0 s (250/s): 990 delivered, 10 dead-lettered (6 failed, 2 rate limited, 2 invalid), 5 skipped"
        );
        assert_eq!(short_duration(200.0), "3 min 20 s");
    }

    fn progress_started_ago(seconds: u64, total: Option<u64>, bar: bool) -> Progress {
        let started = Instant::now()
            .checked_sub(Duration::from_secs(seconds))
            .expect("the clock is past the epoch of this test");
        Progress {
            redactor: Redactor::default(),
            started,
            total,
            bar,
            quiet: false,
            last_drawn: started,
            drawn: false,
            pace: None,
            last_done: (0, started, 0.0),
        }
    }

    #[test]
    fn a_paced_batch_counts_its_eta_down_between_records() {
        // `--rate 1/1h`, 1 of 3 done: 2 left at one an hour, less the time since.
        assert_eq!(eta(2, 1.0 / 3600.0, 0.0), 7200.0);
        assert_eq!(eta(2, 1.0 / 3600.0, 600.0), 6600.0);
        assert_eq!(eta(2, 1.0 / 3600.0, 9000.0), 0.0);
        let mut progress = progress_started_ago(0, Some(3), false);
        progress.pace = Some(1.0 / 3600.0);
        let tally = Tally {
            delivered: 1,
            ..Tally::default()
        };
        let status = progress.status(&tally);
        // The first record ended at once, yet the pace, not that, sets the ETA.
        assert!(
            status.contains("ETA 2 h") || status.contains("ETA 1 h 59"),
            "{status}"
        );
    }

    #[test]
    fn a_terminal_gets_a_bar_with_rate_and_eta() {
        let tally = Tally {
            delivered: 48,
            failed: 2,
            ..Tally::default()
        };
        let status = progress_started_ago(2, Some(100), true).status(&tally);
        // 50 done in 2 s: 25/s, 50 left: 2 s.
        assert!(
            status.starts_with("[############------------] 50/100 records (50%), 2"),
            "{status}"
        );
        assert!(status.contains(", ETA "), "{status}");
        assert!(status.ends_with(", 2 dead-lettered"), "{status}");
    }

    #[test]
    fn logs_get_a_plain_line_and_stdin_has_no_total() {
        let tally = Tally {
            delivered: 10,
            skipped: 5,
            ..Tally::default()
        };
        let line = progress_started_ago(2, Some(30), false).status(&tally);
        assert!(line.starts_with("15/30 records (50%), "), "{line}");
        assert!(!line.contains('['), "no bar in logs: {line}");
        let from_stdin = progress_started_ago(2, None, false).status(&tally);
        assert!(from_stdin.starts_with("15 records, "), "{from_stdin}");
        assert!(!from_stdin.contains("ETA"), "{from_stdin}");
    }
}
