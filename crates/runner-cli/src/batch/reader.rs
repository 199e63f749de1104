//! The thread that reads the input's lines, detached from the others.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

use super::source::{Line, Lines};
use crate::error::CliError;
use crate::exit_codes;
use crate::redact::Redactor;

/// Reads lines on a thread of its own, detached: when Ctrl-C stops a batch
/// fed from a terminal or a pipe that stays open, no one waits for it.
/// The flag turns true when the input could not be read to its end.
pub(super) fn spawn_line_reader(
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
