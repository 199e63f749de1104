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
mod dispatch;
mod interrupt;
mod journal;
mod outcome;
mod pacer;
mod progress;
mod reader;
mod record;
mod record_host;
mod recorder;
mod resume;
mod resume_command;
mod source;
mod spool;
mod work;
mod worker;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

use make_core::RateLimiter;

use self::dead_letter::DeadLetters;
use self::dispatch::Dispatch;
use self::pacer::Pacer;
use self::progress::{Progress, Tally};
use self::reader::spawn_line_reader;
pub(crate) use self::record_host::RecordHost;
use self::recorder::Recorder;
pub(crate) use self::source::{BOM, Source};
use self::work::{Done, Work};
use self::worker::Worker;
use crate::cli::BatchArgs;
use crate::error::CliError;
use crate::exit_codes;
use crate::prepare::Prepared;
use crate::redact::Redactor;

pub(crate) fn run(
    prepared: Prepared<'_>,
    args: &BatchArgs,
    source: Source,
    redactor: &Redactor,
    history: Option<crate::history::RunHistory>,
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

    let recording = recorder::Recording {
        job: job.name.clone(),
        function: Arc::clone(prepared.function),
        input: shown.clone(),
    };
    let history =
        crate::history::BatchHistory::start(history, move |ended| recording.run_of(ended));
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
        history: history.as_ref(),
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
    progress.finish();
    if let Some(history) = history {
        history.finish(redactor);
    }
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
