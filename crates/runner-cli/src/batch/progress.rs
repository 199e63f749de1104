//! What a batch tells people on stderr while it runs: a progress bar with
//! rate and ETA on a terminal (drawn by indicatif through [`RedactedTerm`],
//! so every byte passes the redactor like the rest of the output), a line
//! every few seconds otherwise (logs of CI and cron), and the final summary.
//!
//! The ETA is ours, rendered by a custom key: indicatif's own divides the
//! time so far by the records done, so with `--rate 1/1h` it would grow
//! while the batch waits for its next start; ours counts down from the
//! moment the last record ended, at the pace `--rate` allows.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle, TermLike};

use super::outcome::State;
use crate::redact::Redactor;

const BAR_HZ: u8 = 10;
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
    /// The bar, on a terminal (and without `-q`).
    bar: Option<Bar>,
    /// `-q`: no progress at all.
    quiet: bool,
    last_line: Instant,
    /// Starts per second that `--rate` allows, when it is given.
    pace: Option<f64>,
    /// When the last record ended, and the rate then: the ETA counts down
    /// from there instead of growing while a paced batch waits.
    last_done: (u64, Instant, f64),
}

/// indicatif's bar, and the text of our `{status}` key it shows beside it.
struct Bar {
    bar: ProgressBar,
    term: RedactedTerm,
    status: Arc<Mutex<String>>,
    /// Whether the bar is on the screen now.
    drawn: bool,
}

impl Bar {
    fn new(total: Option<u64>, term: RedactedTerm) -> Bar {
        let status = Arc::new(Mutex::new(String::new()));
        let shown = Arc::clone(&status);
        let template = if total.is_some_and(|total| total > 0) {
            format!("[{{bar:{BAR_WIDTH}}}] {{status}}")
        } else {
            "{status}".to_owned()
        };
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("#-")
            .with_key(
                "status",
                move |_: &ProgressState, out: &mut dyn std::fmt::Write| {
                    let text = shown.lock().map(|text| text.clone()).unwrap_or_default();
                    let _ = out.write_str(&text);
                },
            );
        let bar = ProgressBar::with_draw_target(
            total.filter(|total| *total > 0),
            ProgressDrawTarget::term_like_with_hz(Box::new(term.clone()), BAR_HZ),
        )
        .with_style(style);
        Bar {
            bar,
            term,
            status,
            drawn: false,
        }
    }
}

impl Progress {
    pub(crate) fn new(redactor: &Redactor, total: Option<u64>, pace: Option<f64>) -> Progress {
        let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let term = on_terminal.then(|| RedactedTerm::stderr(redactor));
        Progress::with_term(redactor, total, pace, term)
    }

    /// A batch's progress drawn on `term`, or in log lines without one.
    fn with_term(
        redactor: &Redactor,
        total: Option<u64>,
        pace: Option<f64>,
        term: Option<RedactedTerm>,
    ) -> Progress {
        let started = Instant::now();
        let quiet = crate::output::is_quiet();
        Progress {
            redactor: redactor.clone(),
            started,
            total,
            bar: term.filter(|_| !quiet).map(|term| Bar::new(total, term)),
            quiet,
            last_line: started,
            pace,
            last_done: (0, started, 0.0),
        }
    }

    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Redraws: the bar as often as indicatif's refresh rate allows, the
    /// log line every few seconds.
    pub(crate) fn tick(&mut self, tally: &Tally) {
        if self.quiet {
            return;
        }
        if self.bar.is_none() && self.last_line.elapsed() < LINE_EVERY {
            return;
        }
        let status = self.status(tally);
        let finished = tally.done() + tally.skipped;
        match &mut self.bar {
            Some(bar) => {
                if let Ok(mut shown) = bar.status.lock() {
                    *shown = status;
                }
                // Either draws (at most as often as `BAR_HZ`), never both.
                if bar.bar.position() == finished {
                    bar.bar.tick();
                } else {
                    bar.bar.set_position(finished);
                }
                bar.drawn = true;
            }
            None => {
                self.last_line = Instant::now();
                crate::output::eprint(&self.redactor, &format!("progress: {status}"));
            }
        }
    }

    /// Prints a message above the bar, which the next tick redraws.
    pub(crate) fn message(&mut self, text: &str) {
        self.clear();
        crate::output::eprint(&self.redactor, text);
    }

    /// Takes the bar off the screen (before a line of output, or the
    /// summary); the next tick draws it again.
    pub(crate) fn clear(&mut self) {
        if let Some(bar) = &mut self.bar
            && std::mem::take(&mut bar.drawn)
        {
            // The bar is one line: clearing it here leaves indicatif's idea
            // of the screen right, since its next draw starts by clearing
            // the line it is on.
            let _ = bar.term.clear_line().and_then(|()| bar.term.flush());
        }
    }

    /// The batch is over: the bar goes for good, so nothing draws it again
    /// after the summary.
    pub(crate) fn finish(&mut self) {
        self.clear();
        if let Some(bar) = self.bar.take() {
            bar.bar.set_draw_target(ProgressDrawTarget::hidden());
            bar.bar.finish();
        }
    }

    /// Counts, rate, ETA and dead letters: the log line, and the text
    /// beside the bar.
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

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The terminal indicatif draws on: each write goes through the redactor.
/// The bar keeps a clone, to clear its line between draws.
#[derive(Clone)]
struct RedactedTerm {
    out: Arc<Mutex<Box<dyn Write + Send>>>,
    width: u16,
}

impl std::fmt::Debug for RedactedTerm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedactedTerm")
    }
}

impl RedactedTerm {
    fn stderr(redactor: &Redactor) -> RedactedTerm {
        let width = console::Term::stderr()
            .size_checked()
            .map_or(80, |(_, columns)| columns);
        RedactedTerm::over(Box::new(redactor.stderr()), width)
    }

    fn over(out: Box<dyn Write + Send>, width: u16) -> RedactedTerm {
        RedactedTerm {
            out: Arc::new(Mutex::new(out)),
            width,
        }
    }

    fn write(&self, text: &str) -> io::Result<()> {
        let mut out = self
            .out
            .lock()
            .map_err(|_| io::Error::other("the terminal's lock is poisoned"))?;
        out.write_all(text.as_bytes())
    }
}

impl TermLike for RedactedTerm {
    fn width(&self) -> u16 {
        self.width
    }

    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.write(&format!("\x1b[{n}A"))
        }
    }

    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.write(&format!("\x1b[{n}B"))
        }
    }

    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.write(&format!("\x1b[{n}C"))
        }
    }

    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.write(&format!("\x1b[{n}D"))
        }
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        self.write(&format!("{s}\n"))
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        self.write(s)
    }

    fn clear_line(&self) -> io::Result<()> {
        self.write("\r\x1b[2K")
    }

    fn flush(&self) -> io::Result<()> {
        self.out
            .lock()
            .map_err(|_| io::Error::other("the terminal's lock is poisoned"))?
            .flush()
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

    /// What a terminal was sent, shared with the term that writes it.
    #[derive(Clone, Default)]
    struct Screen(Arc<Mutex<Vec<u8>>>);

    impl Write for Screen {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().expect("screen").extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Screen {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().expect("screen")).into_owned()
        }
    }

    fn progress_started_ago(
        seconds: u64,
        total: Option<u64>,
        screen: Option<(&Redactor, &Screen)>,
    ) -> Progress {
        let redactor = screen.map_or_else(Redactor::default, |(redactor, _)| redactor.clone());
        let term = screen.map(|(redactor, screen)| {
            RedactedTerm::over(Box::new(redactor.writer(screen.clone())), 200)
        });
        let mut progress = Progress::with_term(&redactor, total, None, term);
        let started = Instant::now()
            .checked_sub(Duration::from_secs(seconds))
            .expect("the clock is past the epoch of this test");
        progress.started = started;
        progress.last_done = (0, started, 0.0);
        progress
    }

    #[test]
    fn a_paced_batch_counts_its_eta_down_between_records() {
        // `--rate 1/1h`, 1 of 3 done: 2 left at one an hour, less the time since.
        assert_eq!(eta(2, 1.0 / 3600.0, 0.0), 7200.0);
        assert_eq!(eta(2, 1.0 / 3600.0, 600.0), 6600.0);
        assert_eq!(eta(2, 1.0 / 3600.0, 9000.0), 0.0);
        let mut progress = progress_started_ago(0, Some(3), None);
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
    fn a_terminal_gets_indicatifs_bar_with_our_rate_and_eta() {
        let redactor = Redactor::default();
        let screen = Screen::default();
        let mut progress = progress_started_ago(2, Some(100), Some((&redactor, &screen)));
        let tally = Tally {
            delivered: 48,
            failed: 2,
            ..Tally::default()
        };
        progress.tick(&tally);
        let drawn = screen.text();
        // 50 done in 2 s: 25/s, 50 left: 2 s.
        assert!(
            drawn.contains("[############------------] 50/100 records (50%), 25/s, ETA 2"),
            "{drawn:?}"
        );
        assert!(drawn.contains(", 2 dead-lettered"), "{drawn:?}");
        assert_eq!(drawn.matches("50/100").count(), 1, "drawn once: {drawn:?}");
        progress.clear();
        assert!(
            screen.text().ends_with("\r\x1b[2K"),
            "cleared before output"
        );
        progress.finish();
        let after = screen.text().len();
        progress.tick(&tally);
        assert_eq!(
            screen.text().len(),
            after,
            "nothing is drawn after the summary"
        );
    }

    #[test]
    fn what_the_bar_draws_passes_the_redactor() {
        let redactor = Redactor::default();
        redactor.add("hunter2-bar-secret");
        let screen = Screen::default();
        let term = RedactedTerm::over(Box::new(redactor.writer(screen.clone())), 200);
        term.write_str("rate for hunter2-bar-secret")
            .expect("writes");
        assert_eq!(screen.text(), "rate for [redacted:…cret]");
    }

    #[test]
    fn logs_get_a_plain_line_and_stdin_has_no_total() {
        let tally = Tally {
            delivered: 10,
            skipped: 5,
            ..Tally::default()
        };
        let line = progress_started_ago(2, Some(30), None).status(&tally);
        assert!(line.starts_with("15/30 records (50%), "), "{line}");
        assert!(!line.contains('['), "no bar in logs: {line}");
        let from_stdin = progress_started_ago(2, None, None).status(&tally);
        assert!(from_stdin.starts_with("15 records, "), "{from_stdin}");
        assert!(!from_stdin.contains("ETA"), "{from_stdin}");
    }
}
