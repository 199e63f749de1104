//! `execute --each FILE`: the job once per record of a JSON Lines file, at
//! most `--concurrency` runs in flight and `--rate` starts per window, every
//! outcome journaled before it is reported, failures dead-lettered, and
//! `--resume` to finish what a crash or Ctrl-C left.
//!
//! Threads: one reads lines (detached, since a read of stdin cannot be
//! interrupted), one dispatches them (parse, validate, skip delivered), N
//! workers run the synchronous interpreter with the shared runtime doing the
//! I/O, and the calling thread records outcomes: journal, dead letters,
//! stdout, progress. Every channel is bounded, so memory stays flat.

mod dead_letter;
mod interrupt;
mod journal;
mod outcome;
mod pacer;
mod progress;
mod record;
mod record_host;
mod resume;
mod resume_command;
mod source;

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use job_runner::run::RunResult;
use job_runner::value::Object;
use make_core::RateLimiter;
use tokio_util::sync::CancellationToken;

use self::dead_letter::DeadLetters;
use self::journal::Journal;
use self::outcome::Outcome;
use self::pacer::Pacer;
use self::progress::{Progress, Tally};
use self::record_host::RecordHost;
use self::resume::{Class, Resume};
pub(crate) use self::source::{BOM, Source};
use self::source::{Body, Line, LineHash, Lines};
use crate::cli::BatchArgs;
use crate::commands::execute::Prepared;
use crate::error::CliError;
use crate::exit_codes;
use crate::host::{Driver, LiveHost};
use crate::redact::{Redactor, Secrets};

/// How often idle threads look at the Ctrl-C flag.
const POLL: Duration = Duration::from_millis(50);

/// Where a record sits: its line in this input (what the journal names)
/// and the line it is reported under (a dead letter's original line).
#[derive(Debug, Clone, Copy)]
struct Place {
    line: u64,
    hash: LineHash,
    shown_line: u64,
}

/// A record on its way to a worker.
struct Work {
    place: Place,
    key: String,
    text: String,
    inputs: Object,
    secrets: Secrets,
}

/// What an invalid line brings to its dead letter.
enum LineKept {
    Text(String),
    Raw(Vec<u8>),
    NotKept,
}

impl LineKept {
    fn as_original(&self) -> dead_letter::Original<'_> {
        match self {
            LineKept::Text(text) => dead_letter::Original::Text(text),
            LineKept::Raw(bytes) => dead_letter::Original::Raw(bytes),
            LineKept::NotKept => dead_letter::Original::NotKept,
        }
    }
}

/// A record's end, on its way to the recorder.
enum Done {
    Ran {
        work: Work,
        result: Box<RunResult>,
    },
    Invalid {
        place: Place,
        key: String,
        line: LineKept,
        reason: String,
    },
    Skipped,
}

pub(crate) fn run(
    prepared: Prepared<'_>,
    args: &BatchArgs,
    source: Source,
    redactor: &Redactor,
) -> Result<i32, CliError> {
    let job = prepared.job;
    let journal_path = args
        .journal
        .clone()
        .unwrap_or_else(|| source.sibling(".journal.jsonl"));
    let dead_letter_path = args
        .dead_letter
        .clone()
        .unwrap_or_else(|| source.sibling(".dead-letter.jsonl"));
    refuse_overwriting_input(&source, &journal_path, "--journal")?;
    refuse_overwriting_input(&source, &dead_letter_path, "--dead-letter")?;
    if same_file(&journal_path, &dead_letter_path) {
        return Err(CliError::usage(format!(
            "`--journal` and `--dead-letter` are the same file `{}`",
            journal_path.display()
        ))
        .with_hint("give each its own path: the dead letters would overwrite the journal"));
    }
    let total = source.count_records();

    let identity = source.identity();
    let shown = source.shown();
    let (lines, read_failed) = spawn_line_reader(source.lines(), redactor)?;
    let request = resume::Request {
        path: &journal_path,
        job: &job.name,
        identity: &identity,
        shown: &shown,
        resume: args.resume,
        force_mismatch: args.force_mismatch,
        batch_id: args.batch_id.as_deref(),
    };
    let opened = resume::open(&request, &lines, &mut |note| {
        crate::output::info(redactor, note);
    })?;
    let resume::Opened {
        mut journal,
        resume,
        held,
        skipped,
        batch_id,
    } = opened;
    // `--batch-id` goes into every key through the input's identity.
    let key_source = match &batch_id {
        Some(id) => format!("{identity}\nbatch {id}"),
        None => identity.clone(),
    };
    let mut dead_letters = DeadLetters::new(&dead_letter_path)?;

    let stopping = interrupt::install(prepared.runtime.handle(), prepared.cancel.clone(), redactor);
    let rate = args.rate.map(RateLimiter::new);
    let pacer = Arc::new(Pacer::new());
    let concurrency = usize::from(args.concurrency).max(1);

    let mut recorder = Recorder {
        journal: &mut journal,
        dead_letters: &mut dead_letters,
        progress: Progress::new(
            redactor,
            total,
            args.rate
                .map(|rate| f64::from(rate.max_starts) / rate.period.as_secs_f64().max(1e-9)),
        ),
        tally: Tally {
            skipped,
            ..Tally::default()
        },
        redactor,
        failure: None,
        stopping: &stopping,
        stdout_closed: false,
    };
    let (work_tx, work_rx) = sync_channel::<Work>(concurrency);
    let (done_tx, done_rx) = sync_channel::<Done>(concurrency * 2);
    let work_rx = Mutex::new(work_rx);
    let differing = AtomicU64::new(0);
    std::thread::scope(|scope| {
        let dispatch = Dispatch {
            prepared: &prepared,
            identity: &key_source,
            resume: resume.as_ref(),
            differing: &differing,
            stopping: &stopping,
        };
        let dispatch_done = done_tx.clone();
        scope.spawn(move || dispatch.run(held, &lines, &work_tx, &dispatch_done));
        for _ in 0..concurrency {
            let worker = Worker {
                prepared: &prepared,
                rate: rate.as_ref(),
                pacer: &pacer,
                stopping: &stopping,
            };
            let (work_rx, done_tx) = (&work_rx, done_tx.clone());
            // Workers run records in place, on a stack as large as the
            // interpreter's own thread would have: no thread per record.
            let started = job_runner::eval::spawn_interpreter_thread(
                scope,
                "batch-worker",
                &prepared.limits,
                move || {
                    worker.run(work_rx, &done_tx);
                },
            );
            if let Err(error) = started {
                // Without its workers the batch would wait forever: stop it
                // as Ctrl-C would, so what ran is journaled and resumable.
                tracing::error!("could not start a batch worker: {error}");
                stopping.cancel();
            }
        }
        drop(done_tx);
        recorder.record_all(&done_rx);
    });
    let Recorder {
        mut progress,
        tally,
        failure,
        stdout_closed,
        ..
    } = recorder;

    let synced = journal.sync().and_then(|()| dead_letters.finish());
    progress.clear();
    let elapsed = progress.elapsed();
    let Prepared {
        runtime, sandbox, ..
    } = prepared;
    if let Some(sandbox) = sandbox {
        let received = runtime.block_on(sandbox.stop());
        crate::output::info(
            redactor,
            &format!(
                "sandbox: received {}",
                crate::output::count(received.len() as u64, "request")
            ),
        );
    }
    crate::output::info(redactor, &progress::summary(&tally, elapsed));
    let differing = differing.load(Ordering::SeqCst);
    if differing > 0 {
        crate::output::info(
            redactor,
            &format!(
                "--force-mismatch: {differing} line{} held another record than the journal shows, and {} sent",
                if differing == 1 { "" } else { "s" },
                if differing == 1 {
                    "it was"
                } else {
                    "they were"
                }
            ),
        );
    }
    let slowdowns = pacer.slowdowns();
    if slowdowns > 0 {
        crate::output::info(
            redactor,
            &format!(
                "rate limit: Make answered 429 {}; the batch slowed its pace for every record",
                crate::output::count(slowdowns, "time")
            ),
        );
    }
    if dead_letters.count() > 0 {
        let hint = if tally.rate_limited > 0 {
            format!(
                "{} rate limited: wait a few minutes, then run the same command with `--resume` to send them; feed the other dead letters back with `--each` once fixed",
                if tally.rate_limited == 1 {
                    "1 record ended".to_owned()
                } else {
                    format!("{} records ended", tally.rate_limited)
                }
            )
        } else {
            "feed it back with `--each` once fixed".to_owned()
        };
        crate::output::eprint(
            redactor,
            &format!("dead letters: `{}` ({hint})", dead_letters.path().display()),
        );
    }
    if let Some(error) = failure {
        return Err(error);
    }
    synced?;
    if read_failed.load(Ordering::SeqCst) {
        return Err(CliError::new(
            exit_codes::JOB_FAILED,
            format!("the input `{shown}` could not be read to its end"),
        )
        .with_hint(
            "the journal has every outcome so far: fix the input, then run again with `--resume`",
        ));
    }
    if stopping.is_cancelled() {
        let why = if stdout_closed {
            "stdout was closed"
        } else {
            "interrupted"
        };
        let command = resume_command::from_args(std::env::args_os());
        let mut note = format!(
            "{why}: the journal `{}` has every outcome so far; resume with\n  {}",
            journal.path().display(),
            command.text
        );
        if command.env_values_left_out {
            note.push_str("\n(put the values of `--env` back in place of `...`, or set them in the environment)");
        }
        crate::output::eprint(redactor, &note);
        return Ok(if stdout_closed {
            exit_codes::STDOUT_CLOSED
        } else {
            crate::signals::stop_code()
        });
    }
    Ok(exit_code(&tally))
}

/// 130 or 143 (interrupted) wins, then 75 (some records ended rate limited: run
/// again later with `--resume`), then 1 (some were dead-lettered), then 0.
fn exit_code(tally: &Tally) -> i32 {
    if tally.cancelled > 0 {
        crate::signals::stop_code()
    } else if tally.rate_limited > 0 {
        exit_codes::RATE_LIMITED
    } else if tally.dead_lettered() > 0 {
        exit_codes::JOB_FAILED
    } else {
        exit_codes::SUCCESS
    }
}

/// Whether two paths name one file, whether or not it exists yet.
fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |path: &Path| {
        path.canonicalize()
            .or_else(|_| std::path::absolute(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    resolve(a) == resolve(b)
}

fn refuse_overwriting_input(source: &Source, path: &Path, flag: &str) -> Result<(), CliError> {
    let same = source
        .canonical_path()
        .is_some_and(|input| same_file(input, path));
    if same {
        return Err(CliError::usage(format!(
            "`{flag}` `{}` is the input file itself",
            path.display()
        ))
        .with_hint(format!("pass another `{flag}` path")));
    }
    Ok(())
}

/// Reads lines on a thread of its own, detached: when Ctrl-C stops a batch
/// fed from a terminal or a pipe that stays open, no one waits for it.
/// The flag turns true when the input could not be read to its end.
fn spawn_line_reader(
    mut lines: Lines,
    redactor: &Redactor,
) -> Result<(Receiver<Line>, Arc<AtomicBool>), CliError> {
    let (sender, receiver) = sync_channel::<Line>(256);
    let redactor = redactor.clone();
    let read_failed = Arc::new(AtomicBool::new(false));
    let failed = Arc::clone(&read_failed);
    let spawned = std::thread::Builder::new()
        .name("batch-reader".to_owned())
        .spawn(move || {
            loop {
                match lines.next_line() {
                    Ok(Some(line)) => {
                        if sender.send(line).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(error) => {
                        failed.store(true, Ordering::SeqCst);
                        crate::output::eprint(
                            &redactor,
                            &format!("error: cannot read the rest of the input: {error}"),
                        );
                        return;
                    }
                }
            }
        });
    spawned.map_err(|error| {
        CliError::new(exit_codes::JOB_FAILED, "cannot start the reader thread").caused_by(&error)
    })?;
    Ok((receiver, read_failed))
}

/// Turns lines into work: skips what the journal shows delivered,
/// dead-letters what cannot run, and stops at the first Ctrl-C.
struct Dispatch<'a, 'p> {
    prepared: &'a Prepared<'p>,
    identity: &'a str,
    resume: Option<&'a Resume>,
    /// Lines sent though the journal shows another record on them (`--force-mismatch`).
    differing: &'a AtomicU64,
    stopping: &'a CancellationToken,
}

impl Dispatch<'_, '_> {
    /// `held` are the lines read while comparing the input with the journal.
    fn run(
        &self,
        held: Vec<Line>,
        lines: &Receiver<Line>,
        work: &SyncSender<Work>,
        done: &SyncSender<Done>,
    ) {
        for line in held {
            if self.stopping.is_cancelled() || self.dispatch(line, work, done).is_err() {
                return;
            }
        }
        loop {
            if self.stopping.is_cancelled() {
                return;
            }
            let line = match lines.recv_timeout(POLL) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if self.dispatch(line, work, done).is_err() {
                return;
            }
        }
    }

    /// Sends one line on its way; `Err` when the other side hung up.
    fn dispatch(
        &self,
        line: Line,
        work: &SyncSender<Work>,
        done: &SyncSender<Done>,
    ) -> Result<(), ()> {
        match self.resume.map(|resume| resume.classify(&line)) {
            Some(Class::Skip) => return done.send(Done::Skipped).map_err(|_| ()),
            Some(Class::Differs) => {
                self.differing.fetch_add(1, Ordering::SeqCst);
            }
            Some(Class::Run) | None => {}
        }
        let job = self.prepared.job;
        let mut place = Place {
            line: line.number,
            hash: line.hash,
            shown_line: line.number,
        };
        let key_of =
            |text: &str| record::idempotency_key(&job.name, self.identity, line.number, text);
        let next = match line.body {
            Body::Text(text) => {
                let key = key_of(&text);
                let record = record::read(job, self.prepared.function, &text);
                place.shown_line = record.original_line.unwrap_or(line.number);
                match record.inputs {
                    Ok(inputs) => {
                        let item = Work {
                            place,
                            key,
                            text,
                            inputs: inputs.values,
                            secrets: inputs.secrets,
                        };
                        return self.send_work(work, item);
                    }
                    Err(reason) => Done::Invalid {
                        place,
                        key,
                        line: LineKept::Text(text),
                        reason,
                    },
                }
            }
            Body::TooLong { bytes } => Done::Invalid {
                place,
                key: key_of(""),
                line: LineKept::NotKept,
                reason: format!(
                    "the line is {bytes} bytes long; a record must be under {} bytes (Make takes at most 5 MB)",
                    source::MAX_LINE_BYTES
                ),
            },
            Body::NotUtf8(bytes) => Done::Invalid {
                place,
                key: key_of(""),
                line: LineKept::Raw(bytes),
                reason: "the line is not UTF-8 text".to_owned(),
            },
        };
        done.send(next).map_err(|_| ())
    }

    /// Waits for a free worker. It cannot wait forever: workers keep
    /// taking work after Ctrl-C (and drop it) until this side hangs up.
    fn send_work(&self, work: &SyncSender<Work>, item: Work) -> Result<(), ()> {
        work.send(item).map_err(|_| ())
    }
}

/// Runs records, one at a time, on the interpreter.
struct Worker<'a, 'p> {
    prepared: &'a Prepared<'p>,
    rate: Option<&'a RateLimiter>,
    pacer: &'a Arc<Pacer>,
    stopping: &'a CancellationToken,
}

impl Worker<'_, '_> {
    fn run(&self, work: &Mutex<Receiver<Work>>, done: &SyncSender<Done>) {
        let prepared = self.prepared;
        let own_host = own_host(&prepared.host, self.pacer);
        let live = own_host.as_ref().unwrap_or(&prepared.host);
        loop {
            let next = {
                let receiver = work.lock().unwrap_or_else(|poison| poison.into_inner());
                receiver.recv_timeout(POLL)
            };
            let item = match next {
                Ok(item) => item,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            // Taken but not started: not journaled, so `--resume` runs it.
            if self.stopping.is_cancelled() || !self.wait_for_rate() {
                continue;
            }
            let host = RecordHost::new(live, &item.key, &item.secrets);
            let result = job_runner::eval::execute(
                prepared.job,
                item.inputs.clone(),
                &prepared.env_values,
                &host,
                &prepared.limits,
            );
            if Outcome::delivered(&result) {
                self.pacer.went_through();
            }
            let ran = Done::Ran {
                work: item,
                result: Box::new(result),
            };
            if done.send(ran).is_err() {
                return;
            }
        }
    }

    /// Waits for the pace 429s set, then for the `--rate` window; false
    /// when Ctrl-C came first.
    fn wait_for_rate(&self) -> bool {
        let paced = self.pacer.reserve();
        if self.rate.is_none() && paced.is_zero() {
            return true;
        }
        self.prepared.runtime.block_on(async {
            tokio::select! {
                biased;
                () = self.stopping.cancelled() => false,
                () = async {
                    tokio::time::sleep(paced).await;
                    if let Some(limiter) = self.rate {
                        limiter.acquire("batch").await;
                    }
                } => true,
            }
        })
    }
}

/// A host for one worker, on a single-threaded runtime of its own: a
/// record's requests then run on the thread that waits for them, which
/// spares two thread wake-ups per request. The Make client's settings, its
/// rate limiter included, are shared. `None` (the shared host is used) if
/// the runtime cannot start.
fn own_host(shared: &LiveHost, pacer: &Arc<Pacer>) -> Option<LiveHost> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let observer: Arc<dyn make_core::RateLimitObserver> = pacer.clone();
    let options = make_core::TriggerOptions {
        on_rate_limited: Some(observer),
        ..shared.make_options()
    };
    let make = make_core::MakeClient::new(options).ok()?;
    LiveHost::driven_by(
        Driver::Own(std::sync::Arc::new(runtime)),
        make,
        shared.cancel_token(),
        shared.redactor(),
    )
    .ok()
    .map(|mut host| {
        host.set_database(shared.database_session());
        host
    })
}

/// Writes each outcome to the journal, then the dead-letter file, then
/// stdout, in that order: what was reported is always journaled.
struct Recorder<'a> {
    journal: &'a mut Journal,
    dead_letters: &'a mut DeadLetters,
    progress: Progress,
    tally: Tally,
    redactor: &'a Redactor,
    failure: Option<CliError>,
    stopping: &'a CancellationToken,
    /// stdout was closed (`| head`): no new runs start, those in flight are journaled.
    stdout_closed: bool,
}

impl Recorder<'_> {
    fn record_all(&mut self, done: &Receiver<Done>) {
        // Lines are redacted by `record`, which knows each record's own secrets.
        let mut stdout = std::io::stdout().lock();
        loop {
            let next = match done.recv_timeout(POLL) {
                Ok(next) => next,
                Err(RecvTimeoutError::Timeout) => {
                    self.progress.tick(&self.tally);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            if let Err(error) = self.record(next, &mut stdout) {
                // Without a journal nothing more may be reported as done.
                self.progress.message(&error.to_string());
                self.failure.get_or_insert(error);
                self.stopping.cancel();
            }
            self.progress.tick(&self.tally);
        }
        let _ = stdout.flush();
    }

    fn record(&mut self, done: Done, stdout: &mut impl Write) -> Result<(), CliError> {
        let (place, key, text, secrets, outcome) = match done {
            Done::Skipped => {
                self.tally.skipped += 1;
                return Ok(());
            }
            Done::Ran { work, result } => {
                let outcome = Outcome::of_run(&result);
                (
                    work.place,
                    work.key,
                    LineKept::Text(work.text),
                    work.secrets,
                    outcome,
                )
            }
            Done::Invalid {
                place,
                key,
                line,
                reason,
            } => (
                place,
                key,
                line,
                Secrets::default(),
                Outcome::invalid(&reason),
            ),
        };
        if self.failure.is_some() {
            return Ok(());
        }
        self.journal.append(
            place.line,
            place.hash,
            &key,
            outcome.state,
            outcome.attempts,
        )?;
        let line = place.shown_line;
        let mut secrets_here = self.redactor.snapshot();
        secrets_here.extend(&secrets);
        if outcome.state.is_dead_letter() {
            let reason = secrets_here.redact_text(&outcome.reason()).into_owned();
            self.dead_letters.append(
                line,
                outcome.state,
                text.as_original(),
                &reason,
                outcome.attempts,
                &secrets_here,
            )?;
        }
        self.tally.count(outcome.state);
        let shown = crate::redact::json_text(&secrets_here, &outcome.to_json(line, &key), false);
        self.progress.clear();
        if !self.stdout_closed {
            let written = writeln!(stdout, "{shown}").and_then(|()| stdout.flush());
            if written.is_err() {
                self.stdout_closed = true;
                self.stopping.cancel();
            }
        }
        Ok(())
    }
}
