//! The loop of `serve`: when each task is due, who runs it, and what
//! happens to runs whose process died. It knows tasks only by name and
//! schedule; running one is the [`Runner`]'s job, so tests drive this loop
//! with a fake runner and a clock they move.
//!
//! - Each occurrence is claimed in the database before it runs
//!   ([`Claims`]): of several schedulers, one runs it.
//! - On start, the latest claim of a task says what was missed while no
//!   scheduler was up: the latest missed occurrence runs once, not once per
//!   slot, and the log says how many were missed. A task never run before
//!   starts from now.
//! - A running attempt renews its lease every third of the lease time. A
//!   claim whose lease ran out (its process died) is marked failed and, for
//!   a task with `retry`, run again with the same idempotency key, the
//!   task's `delay` later, as any failed attempt is. A holder still alive
//!   that loses its lease (see [`Lease::hold`]) stops its run ([`Stop`]).
//! - Stopping: no new attempt starts; those running get `shutdown_timeout`
//!   to finish, then are cancelled.
//! - Idle, the loop sleeps until the next occurrence or the next look at
//!   the claims (half a lease), never spinning.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use job_runner::job::TaskRetry;
use job_runner::schedule::{Schedule, utc_text};
use runner_db::history::{Claim, ClaimEnd, Claims, Stale, new_run_id};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::clock::Clock;

/// A task as the scheduler sees it.
#[derive(Debug, Clone)]
pub(crate) struct ScheduledTask {
    pub(crate) name: String,
    pub(crate) schedule: Schedule,
    pub(crate) retry: Option<TaskRetry>,
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Succeeded,
    Failed(String),
    Cancelled,
}

/// Why an attempt runs, for its log line and its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    /// The occurrence came due.
    OnTime,
    /// The latest of `missed` occurrences that passed with no scheduler up.
    CatchUp { missed: u64 },
    /// A retry after a failure or a lost lease.
    Retry,
}

/// Runs attempts and records them; the scheduler decides when.
pub(crate) trait Runner: Send + Sync + 'static {
    /// Runs one attempt of `claim`'s occurrence, until it ends or `stop`
    /// asks it to (see [`Stop`]); it records the attempt either way.
    fn run(&self, claim: Claim, reason: Reason, stop: Stop)
    -> impl Future<Output = Outcome> + Send;

    /// The attempt `claim` names was running in a process that stopped
    /// renewing its lease: record its run as failed.
    fn lease_lost(&self, claim: &Claim, now_ms: i64) -> impl Future<Output = ()> + Send;

    /// The occurrence failed for good (no retries left).
    fn failed_for_good(&self, claim: &Claim, error: &str) -> impl Future<Output = ()> + Send;

    /// A line for the operator (stderr).
    fn log(&self, line: &str);
}

/// Why a running attempt is asked to stop; either ends it at once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stop {
    /// `serve` is stopping and the shutdown timeout passed (or a second
    /// signal came): the run ends as cancelled.
    pub(crate) shutdown: CancellationToken,
    /// This scheduler lost the attempt's lease (another took the claim, or
    /// no renewal got through before it ran out): another scheduler may
    /// run the occurrence now, so this run stops rather than overlap it,
    /// and is recorded as stopped for that reason.
    pub(crate) lease_lost: CancellationToken,
}

#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Who this scheduler is in the claims: host, pid and a random id.
    pub(crate) owner: String,
    pub(crate) lease_ms: i64,
    pub(crate) shutdown_timeout: Duration,
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stopped {
    /// Every running attempt finished within the timeout.
    Clean,
    /// Some had to be cancelled.
    Cancelled { runs: usize },
}

pub(crate) struct Scheduler<R: Runner> {
    pub(crate) tasks: Vec<ScheduledTask>,
    pub(crate) claims: Claims,
    pub(crate) clock: Clock,
    pub(crate) runner: Arc<R>,
    pub(crate) settings: Settings,
}

/// The `Idempotency-Key` of an occurrence, the same for all its attempts:
/// `TASK-2026-01-02` for one at midnight UTC (a nightly task's date),
/// else `TASK-2026-01-02T21:00:00Z`.
pub(crate) fn occurrence_key(task: &str, scheduled_for_ms: i64) -> String {
    let text = utc_text(scheduled_for_ms);
    match text.strip_suffix(" 00:00:00+0000") {
        Some(date) => format!("{task}-{date}"),
        None => format!(
            "{task}-{}Z",
            text.trim_end_matches("+0000").replacen(' ', "T", 1)
        ),
    }
}

/// An error of the claims table, logged: a scheduler keeps going, and
/// the next pass tries again.
fn db_problem(runner: &impl Runner, what: &str, error: &runner_db::DbError) {
    runner.log(&format!(
        "serve: could not {what}: {error}; trying again shortly"
    ));
}

impl<R: Runner> Scheduler<R> {
    /// Runs until `stop` fires, then lets running attempts finish (until
    /// the timeout, or `force` fires: a second signal).
    /// Borrows the scheduler, so what it holds (the jobs' runtimes, inside
    /// the runner) is dropped by the caller, outside any async context.
    pub(crate) async fn serve(&self, stop: CancellationToken, force: CancellationToken) -> Stopped {
        let mut running: JoinSet<()> = JoinSet::new();
        let cancel_runs = CancellationToken::new();
        let mut cursors: HashMap<String, i64> = HashMap::new();
        let now = self.clock.now_ms();
        for task in &self.tasks {
            let cursor = self
                .start_cursor(task, now, &mut running, &cancel_runs)
                .await;
            cursors.insert(task.name.clone(), cursor);
        }
        // Said once the schedule is picked up: from here, a due run runs.
        self.runner
            .log("serve: scheduling; SIGTERM or Ctrl-C stops");
        while !stop.is_cancelled() {
            let now = self.clock.now_ms();
            for task in &self.tasks {
                let cursor = cursors.get(&task.name).copied().unwrap_or(now);
                let Some(slot) = task.schedule.latest_at_or_before(now) else {
                    continue;
                };
                if slot <= cursor {
                    continue;
                }
                let passed = task.schedule.missed_between(cursor, now).count;
                let reason = if passed > 1 {
                    Reason::CatchUp { missed: passed }
                } else {
                    Reason::OnTime
                };
                self.claim_and_start(task, slot, reason, &mut running, &cancel_runs)
                    .await;
                cursors.insert(task.name.clone(), slot);
            }
            self.take_stale(now, &mut running, &cancel_runs).await;
            let next_slot = self
                .tasks
                .iter()
                .filter_map(|task| task.schedule.next_after(now))
                .min();
            let next_scan = now.saturating_add((self.settings.lease_ms / 2).max(1));
            // Retries and other processes' leases are found by the scan.
            let wake = next_slot.map_or(next_scan, |slot| slot.min(next_scan));
            tokio::select! {
                () = self.clock.sleep_until(wake) => {}
                () = stop.cancelled() => {}
                Some(_) = running.join_next(), if !running.is_empty() => {}
            }
        }
        self.drain(running, cancel_runs, force).await
    }

    /// Where a task's schedule picks up: after its latest claim, running
    /// the latest occurrence missed since then once.
    async fn start_cursor(
        &self,
        task: &ScheduledTask,
        now: i64,
        running: &mut JoinSet<()>,
        cancel_runs: &CancellationToken,
    ) -> i64 {
        let latest = match self.claims.latest(&task.name).await {
            Ok(latest) => latest,
            Err(error) => {
                db_problem(self.runner.as_ref(), "read the task's last run", &error);
                None
            }
        };
        let Some(last) = latest else {
            return now;
        };
        let missed = task.schedule.missed_between(last, now);
        if let Some(slot) = missed.latest_ms {
            self.runner.log(&format!(
                "serve: task `{}` missed {} run{} while no serve was up (the last ran for {}); running it once now, for {}",
                task.name,
                missed.count,
                if missed.count == 1 { "" } else { "s" },
                utc_text(last),
                utc_text(slot)
            ));
            self.claim_and_start(
                task,
                slot,
                Reason::CatchUp {
                    missed: missed.count,
                },
                running,
                cancel_runs,
            )
            .await;
            return slot;
        }
        last.max(now)
    }

    async fn claim_and_start(
        &self,
        task: &ScheduledTask,
        slot: i64,
        reason: Reason,
        running: &mut JoinSet<()>,
        cancel_runs: &CancellationToken,
    ) {
        let now = self.clock.now_ms();
        let claim = Claim {
            task: task.name.clone(),
            scheduled_for_ms: slot,
            attempt: 1,
            run_id: new_run_id(now),
            owner: self.settings.owner.clone(),
            idempotency_key: occurrence_key(&task.name, slot),
        };
        let lease_until = now.saturating_add(self.settings.lease_ms);
        match self.claims.claim(&claim, lease_until).await {
            Ok(true) => self.spawn_attempt(task, claim, lease_until, reason, running, cancel_runs),
            Ok(false) => tracing::debug!(
                "task `{}` for {} is claimed by another serve",
                task.name,
                utc_text(slot)
            ),
            Err(error) => db_problem(self.runner.as_ref(), "claim a task's run", &error),
        }
    }

    /// Takes over what schedulers left: claims whose lease ran out (their
    /// process died), retries that are due (this process's too).
    async fn take_stale(
        &self,
        now: i64,
        running: &mut JoinSet<()>,
        cancel_runs: &CancellationToken,
    ) {
        let stale = match self.claims.stale(now).await {
            Ok(stale) => stale,
            Err(error) => {
                db_problem(self.runner.as_ref(), "look for abandoned runs", &error);
                return;
            }
        };
        for stale in stale {
            let task = self.tasks.iter().find(|task| task.name == stale.claim.task);
            if stale.lease_lost {
                self.end_lost_lease(task, stale, now, running, cancel_runs)
                    .await;
                continue;
            }
            match task {
                Some(task) if retries_left(task.retry, stale.claim.attempt) => {
                    self.retry(task, &stale, running, cancel_runs).await;
                }
                // A parked retry that will not run: no retry left (the task
                // changed), or a task this scheduler does not know.
                _ => {
                    let ended = Ended {
                        claim: &stale.claim,
                        failure: None,
                        by: Ender::Parked,
                    };
                    conclude(
                        self.runner.as_ref(),
                        &self.claims,
                        ended,
                        ClaimEnd::Done,
                        now,
                    )
                    .await;
                }
            }
        }
    }

    /// The holder of `stale` stopped renewing its lease mid-run (its
    /// process died): its attempt failed, and ends as a failed attempt of
    /// a live run would, parked for a retry the task's `delay` from now
    /// while retries are left (not at once), else done and reported. A
    /// retry already due (`delay = 0`) starts here, without waiting for
    /// the next scan.
    async fn end_lost_lease(
        &self,
        task: Option<&ScheduledTask>,
        stale: Stale,
        now: i64,
        running: &mut JoinSet<()>,
        cancel_runs: &CancellationToken,
    ) {
        let end = failed_end(task.and_then(|task| task.retry), stale.claim.attempt, now);
        let ended = Ended {
            claim: &stale.claim,
            failure: Some(LEASE_LOST),
            by: Ender::LeaseLost,
        };
        let released = conclude(self.runner.as_ref(), &self.claims, ended, end, now).await;
        if let (true, Some(task), ClaimEnd::RetryAt(due)) = (released, task, end)
            && due <= now
        {
            let parked = Stale {
                lease_lost: false,
                ..stale
            };
            self.retry(task, &parked, running, cancel_runs).await;
        }
    }

    /// Runs the parked retry `stale` here, if this scheduler takes it over
    /// first.
    async fn retry(
        &self,
        task: &ScheduledTask,
        stale: &Stale,
        running: &mut JoinSet<()>,
        cancel_runs: &CancellationToken,
    ) {
        let now = self.clock.now_ms();
        let next = Claim {
            attempt: stale.claim.attempt + 1,
            run_id: new_run_id(now),
            owner: self.settings.owner.clone(),
            ..stale.claim.clone()
        };
        let lease_until = now.saturating_add(self.settings.lease_ms);
        match self.claims.take_over(stale, &next, lease_until).await {
            Ok(true) => {
                self.spawn_attempt(task, next, lease_until, Reason::Retry, running, cancel_runs);
            }
            Ok(false) => {}
            Err(error) => db_problem(self.runner.as_ref(), "take over a run", &error),
        }
    }

    /// Runs `claim`'s attempt, which holds its lease until `lease_until`.
    fn spawn_attempt(
        &self,
        task: &ScheduledTask,
        claim: Claim,
        lease_until: i64,
        reason: Reason,
        running: &mut JoinSet<()>,
        cancel_runs: &CancellationToken,
    ) {
        let runner = Arc::clone(&self.runner);
        let claims = self.claims.clone();
        let clock = self.clock.clone();
        let lease_ms = self.settings.lease_ms;
        let retry = task.retry;
        let stop = Stop {
            shutdown: cancel_runs.child_token(),
            lease_lost: CancellationToken::new(),
        };
        running.spawn(async move {
            // Renewing in the same task as the run: whatever ends one ends
            // the other, so a lease never outlives its run.
            let run = runner.run(claim.clone(), reason, stop.clone());
            tokio::pin!(run);
            let lease = Lease {
                claims: &claims,
                claim: &claim,
                clock: &clock,
                lease_ms,
            };
            let outcome = tokio::select! {
                outcome = &mut run => outcome,
                () = lease.hold(lease_until, runner.as_ref()) => {
                    // Another scheduler may run the occurrence now: stop
                    // this run (it records why) rather than overlap it.
                    // The claim is no longer this attempt's to end: the
                    // taker ends it, or the scan does as a lost lease.
                    stop.lease_lost.cancel();
                    run.await;
                    return;
                }
            };
            let now = clock.now_ms();
            let (failure, end) = match &outcome {
                Outcome::Failed(error) => {
                    (Some(error.as_str()), failed_end(retry, claim.attempt, now))
                }
                Outcome::Succeeded | Outcome::Cancelled => (None, ClaimEnd::Done),
            };
            let ended = Ended {
                claim: &claim,
                failure,
                by: Ender::Holder,
            };
            conclude(runner.as_ref(), &claims, ended, end, now).await;
        });
    }

    /// Lets running attempts finish, up to the timeout; then cancels them
    /// and waits for them to record that.
    async fn drain(
        &self,
        mut running: JoinSet<()>,
        cancel_runs: CancellationToken,
        force: CancellationToken,
    ) -> Stopped {
        if running.is_empty() {
            return Stopped::Clean;
        }
        self.runner.log(&format!(
            "serve: stopping: waiting up to {} s for {} running task{} to finish (a second signal cancels now)",
            self.settings.shutdown_timeout.as_secs_f64(),
            running.len(),
            if running.len() == 1 { "" } else { "s" }
        ));
        let finished = tokio::select! {
            finished = tokio::time::timeout(self.settings.shutdown_timeout, async {
                while running.join_next().await.is_some() {}
            }) => finished.is_ok(),
            () = force.cancelled() => false,
        };
        if finished {
            return Stopped::Clean;
        }
        let runs = running.len();
        self.runner.log(&format!(
            "serve: {runs} task run{} still going: cancelling {}",
            if runs == 1 { " is" } else { "s are" },
            if runs == 1 { "it" } else { "them" }
        ));
        cancel_runs.cancel();
        while running.join_next().await.is_some() {}
        Stopped::Cancelled { runs }
    }
}

/// Why a run whose process stopped renewing its lease failed.
const LEASE_LOST: &str = "its serve process stopped renewing the lease mid-run";

/// Whether a task may run again after attempt `attempt` of an occurrence.
fn retries_left(retry: Option<TaskRetry>, attempt: u32) -> bool {
    retry.is_some_and(|retry| attempt.saturating_sub(1) < retry.max_retries)
}

/// How the claim of failed attempt `attempt` ends at `now_ms`: parked for
/// a retry the task's `delay` later while retries are left, else done.
fn failed_end(retry: Option<TaskRetry>, attempt: u32, now_ms: i64) -> ClaimEnd {
    match retry {
        Some(retry) if retries_left(Some(retry), attempt) => {
            let delay = i64::try_from(retry.delay_seconds.saturating_mul(1000)).unwrap_or(i64::MAX);
            ClaimEnd::RetryAt(now_ms.saturating_add(delay))
        }
        _ => ClaimEnd::Done,
    }
}

/// An attempt that is over, as the scheduler ending it sees it.
struct Ended<'a> {
    claim: &'a Claim,
    /// Why it failed; `None` when it succeeded or was cancelled.
    failure: Option<&'a str>,
    by: Ender,
}

/// Who ends an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ender {
    /// The scheduler that ran it, when its run returned.
    Holder,
    /// Another scheduler, after the holder's lease ran out mid-run (its
    /// process died): it records the run as failed.
    LeaseLost,
    /// Any scheduler, for a parked retry that will not run (no retry
    /// left, or a task this scheduler does not know).
    Parked,
}

/// Ends an attempt, the one way for every case: its claim is released as
/// `end` (done, or parked for a retry) by a compare-and-set, so of the
/// schedulers that may try, one does; only that one then records a lost
/// run as failed and either hands a failure for good to the runner (the
/// `--on-failure` job) or says when the retry is due. When the claim
/// cannot be written, nothing more is done here: the claim stays running,
/// its lease runs out, and the scan ends it then as a lost lease.
/// Returns whether this call released the claim.
async fn conclude<R: Runner>(
    runner: &R,
    claims: &Claims,
    ended: Ended<'_>,
    end: ClaimEnd,
    now_ms: i64,
) -> bool {
    let claim = ended.claim;
    let released = match ended.by {
        Ender::Holder => claims.finish(claim, end).await,
        Ender::LeaseLost | Ender::Parked => {
            let stale = Stale {
                claim: claim.clone(),
                lease_lost: ended.by == Ender::LeaseLost,
            };
            claims.abandon(&stale, end, now_ms).await
        }
    };
    match released {
        Ok(true) => {}
        // Another scheduler ended or took it over: what it does stands.
        Ok(false) if ended.by != Ender::Holder => return false,
        Ok(false) => {
            runner.log(&format!(
                "serve: task `{}` for {}: another serve took this run over when its lease ran out; its outcome stands",
                claim.task,
                utc_text(claim.scheduled_for_ms)
            ));
            return false;
        }
        Err(error) => {
            db_problem(runner, "record the end of a claim", &error);
            return false;
        }
    }
    if ended.by == Ender::LeaseLost {
        runner.lease_lost(claim, now_ms).await;
        runner.log(&format!(
            "serve: task `{}` for {}: run {} failed: {LEASE_LOST}{}",
            claim.task,
            utc_text(claim.scheduled_for_ms),
            claim.run_id,
            if end == ClaimEnd::Done {
                " (no retry left)"
            } else {
                ""
            }
        ));
    }
    match (ended.failure, end) {
        (Some(error), ClaimEnd::Done) => runner.failed_for_good(claim, error).await,
        (Some(_), ClaimEnd::RetryAt(at)) => runner.log(&format!(
            "serve: task `{}` will be retried at {} (attempt {})",
            claim.task,
            utc_text(at),
            claim.attempt + 1
        )),
        (None, _) => {}
    }
    true
}

/// The lease of a running attempt.
struct Lease<'a> {
    claims: &'a Claims,
    claim: &'a Claim,
    clock: &'a Clock,
    lease_ms: i64,
}

impl Lease<'_> {
    /// Renews the lease every third of it, starting from one held until
    /// `held_until`; returns only when it is lost: a renewal found the
    /// claim taken over or ended, or none got through before the lease ran
    /// out (the database is unreachable, say), after which another
    /// scheduler may take the run over at any time.
    async fn hold(&self, mut held_until: i64, runner: &impl Runner) {
        let every = (self.lease_ms / 3).max(1);
        loop {
            let next = self.clock.now_ms().saturating_add(every).min(held_until);
            self.clock.sleep_until(next).await;
            let now = self.clock.now_ms();
            if now >= held_until {
                return self.lost(runner, "no renewal got through before the lease ran out");
            }
            let until = now.saturating_add(self.lease_ms);
            // A renewal that hangs past the lease's end is as good as none.
            let renewed = tokio::select! {
                renewed = self.claims.renew(self.claim, until) => renewed,
                () = self.clock.sleep_until(held_until) => continue,
            };
            match renewed {
                Ok(true) => held_until = until,
                Ok(false) => return self.lost(runner, "another serve took the run over"),
                Err(error) => db_problem(runner, "renew a lease", &error),
            }
        }
    }

    fn lost(&self, runner: &impl Runner, why: &str) {
        runner.log(&format!(
            "serve: task `{}` for {}: lost the lease of run {} ({why}): stopping the run here",
            self.claim.task,
            utc_text(self.claim.scheduled_for_ms),
            self.claim.run_id
        ));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use job_runner::schedule::ScheduleEntry;

    use super::*;
    use crate::clock::ManualClock;

    const T0: i64 = 1_767_225_600_000; // 2026-01-01 00:00:00 UTC
    const SECOND: i64 = 1000;

    /// An attempt as the fake saw it: task, occurrence, attempt, reason, key.
    type Seen = (String, i64, u32, Reason, String);

    /// Records every attempt; fails the attempts it is told to.
    #[derive(Default)]
    struct FakeRunner {
        runs: Mutex<Vec<Seen>>,
        lost: Mutex<Vec<Claim>>,
        final_failures: Mutex<Vec<String>>,
        /// Attempts stopped because their scheduler lost the lease.
        stopped_for_lost_lease: Mutex<Vec<Claim>>,
        fail_attempts_below: u32,
        /// Attempts wait for this before they end (to hold a lease).
        hold: Option<CancellationToken>,
    }

    impl Runner for FakeRunner {
        async fn run(&self, claim: Claim, reason: Reason, stop: Stop) -> Outcome {
            self.runs.lock().expect("lock").push((
                claim.task.clone(),
                claim.scheduled_for_ms,
                claim.attempt,
                reason,
                claim.idempotency_key.clone(),
            ));
            if let Some(hold) = &self.hold {
                tokio::select! {
                    () = hold.cancelled() => {}
                    () = stop.shutdown.cancelled() => return Outcome::Cancelled,
                    () = stop.lease_lost.cancelled() => {
                        self.stopped_for_lost_lease.lock().expect("lock").push(claim.clone());
                        return Outcome::Failed("lease lost".to_owned());
                    }
                }
            }
            if claim.attempt < self.fail_attempts_below {
                Outcome::Failed("boom".to_owned())
            } else {
                Outcome::Succeeded
            }
        }

        async fn lease_lost(&self, claim: &Claim, _now_ms: i64) {
            self.lost.lock().expect("lock").push(claim.clone());
        }

        async fn failed_for_good(&self, claim: &Claim, error: &str) {
            self.final_failures
                .lock()
                .expect("lock")
                .push(format!("{} {}", claim.task, error));
        }

        fn log(&self, _line: &str) {}
    }

    fn every_second(retry: Option<TaskRetry>) -> ScheduledTask {
        ScheduledTask {
            name: "tick".to_owned(),
            schedule: Schedule {
                entries: vec![ScheduleEntry {
                    starts_on_ms: T0,
                    freq_seconds: Some(1),
                    ends_on_ms: None,
                }],
            },
            retry,
        }
    }

    async fn claims() -> Claims {
        let database = runner_db::Database::open(&runner_db::Location::SqliteMemory)
            .await
            .expect("database");
        Claims::open(&database).await.expect("claims")
    }

    /// Serves on a task of its own until `stop` is cancelled.
    fn serving(
        scheduler: Scheduler<FakeRunner>,
        stop: &CancellationToken,
    ) -> tokio::task::JoinHandle<Stopped> {
        let stop = stop.clone();
        tokio::spawn(async move { scheduler.serve(stop, CancellationToken::new()).await })
    }

    fn scheduler(
        claims: &Claims,
        clock: &Arc<ManualClock>,
        runner: &Arc<FakeRunner>,
        owner: &str,
        task: ScheduledTask,
    ) -> Scheduler<FakeRunner> {
        Scheduler {
            tasks: vec![task],
            claims: claims.clone(),
            clock: Clock::Manual(Arc::clone(clock)),
            runner: Arc::clone(runner),
            settings: Settings {
                owner: owner.to_owned(),
                lease_ms: 3 * SECOND,
                shutdown_timeout: Duration::from_secs(5),
            },
        }
    }

    /// Moves the clock one step at a time, letting the schedulers run.
    async fn advance(clock: &ManualClock, from: i64, to: i64, step: i64) {
        let mut now = from;
        while now < to {
            now = (now + step).min(to);
            clock.set(now);
            for _ in 0..20 {
                tokio::task::yield_now().await;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test]
    async fn two_schedulers_run_each_occurrence_once() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 500);
        let first = Arc::new(FakeRunner::default());
        let second = Arc::new(FakeRunner::default());
        let stop = CancellationToken::new();
        let a = serving(
            scheduler(&claims, &clock, &first, "a", every_second(None)),
            &stop,
        );
        let b = serving(
            scheduler(&claims, &clock, &second, "b", every_second(None)),
            &stop,
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        advance(&clock, T0 + 500, T0 + 10 * SECOND + 500, 250).await;
        stop.cancel();
        assert_eq!(a.await.expect("a"), Stopped::Clean);
        assert_eq!(b.await.expect("b"), Stopped::Clean);
        let mut slots: Vec<i64> = first
            .runs
            .lock()
            .expect("lock")
            .iter()
            .chain(second.runs.lock().expect("lock").iter())
            .map(|run| run.1)
            .collect();
        slots.sort_unstable();
        let expected: Vec<i64> = (1..=10).map(|k| T0 + k * SECOND).collect();
        assert_eq!(slots, expected);
    }

    #[tokio::test]
    async fn a_start_after_downtime_runs_the_missed_occurrence_once() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 2 * SECOND + 10);
        let runner = Arc::new(FakeRunner::default());
        let stop = CancellationToken::new();
        let first = serving(
            scheduler(&claims, &clock, &runner, "a", every_second(None)),
            &stop,
        );
        advance(&clock, T0 + 2 * SECOND + 10, T0 + 3 * SECOND + 10, 500).await;
        stop.cancel();
        first.await.expect("first");
        assert_eq!(runner.runs.lock().expect("lock").len(), 1);
        // Down for seven slots: one catch-up run, for the latest.
        clock.set(T0 + 10 * SECOND + 10);
        let runner = Arc::new(FakeRunner::default());
        let stop = CancellationToken::new();
        let second = serving(
            scheduler(&claims, &clock, &runner, "b", every_second(None)),
            &stop,
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.cancel();
        second.await.expect("second");
        let runs = runner.runs.lock().expect("lock").clone();
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(runs[0].1, T0 + 10 * SECOND);
        assert_eq!(runs[0].3, Reason::CatchUp { missed: 7 });
    }

    #[tokio::test]
    async fn a_dead_schedulers_run_is_taken_over_with_the_same_key_when_retry_is_declared() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 500);
        let retry = Some(TaskRetry {
            max_retries: 1,
            delay_seconds: 0,
        });
        let task = ScheduledTask {
            schedule: Schedule {
                entries: vec![ScheduleEntry {
                    starts_on_ms: T0 + SECOND,
                    freq_seconds: None,
                    ends_on_ms: None,
                }],
            },
            ..every_second(retry)
        };
        // The first scheduler claims the run, then dies holding it.
        let doomed = Arc::new(FakeRunner {
            hold: Some(CancellationToken::new()),
            ..FakeRunner::default()
        });
        let dies = {
            let scheduler = scheduler(&claims, &clock, &doomed, "doomed", task.clone());
            tokio::spawn(async move {
                scheduler
                    .serve(CancellationToken::new(), CancellationToken::new())
                    .await
            })
        };
        advance(&clock, T0 + 500, T0 + SECOND + 100, 300).await;
        assert_eq!(doomed.runs.lock().expect("lock").len(), 1);
        dies.abort();
        let _ = dies.await;
        let survivor = Arc::new(FakeRunner::default());
        let stop = CancellationToken::new();
        let lives = serving(
            scheduler(&claims, &clock, &survivor, "survivor", task),
            &stop,
        );
        // Past the lease (3 s) the survivor takes it over.
        advance(&clock, T0 + SECOND + 100, T0 + 6 * SECOND, 500).await;
        stop.cancel();
        lives.await.expect("survivor");
        let doomed_key = doomed.runs.lock().expect("lock")[0].4.clone();
        let runs = survivor.runs.lock().expect("lock").clone();
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(runs[0].2, 2, "the second attempt");
        assert_eq!(runs[0].3, Reason::Retry);
        assert_eq!(runs[0].4, doomed_key);
        assert_eq!(survivor.lost.lock().expect("lock").len(), 1);
    }

    /// A task that runs once, at T0 + 1 s.
    fn once(retry: Option<TaskRetry>) -> ScheduledTask {
        ScheduledTask {
            schedule: Schedule {
                entries: vec![ScheduleEntry {
                    starts_on_ms: T0 + SECOND,
                    freq_seconds: None,
                    ends_on_ms: None,
                }],
            },
            ..every_second(retry)
        }
    }

    /// A scheduler claims `task`'s run at T0 + 1 s, then dies holding it
    /// (the clock ends at T0 + 1.1 s); returns what its runner saw.
    async fn die_holding_a_run(
        claims: &Claims,
        clock: &Arc<ManualClock>,
        task: ScheduledTask,
    ) -> Arc<FakeRunner> {
        let doomed = Arc::new(FakeRunner {
            hold: Some(CancellationToken::new()),
            ..FakeRunner::default()
        });
        let dies = {
            let scheduler = scheduler(claims, clock, &doomed, "doomed", task);
            tokio::spawn(async move {
                scheduler
                    .serve(CancellationToken::new(), CancellationToken::new())
                    .await
            })
        };
        advance(clock, T0 + 500, T0 + SECOND + 100, 300).await;
        assert_eq!(doomed.runs.lock().expect("lock").len(), 1);
        dies.abort();
        let _ = dies.await;
        doomed
    }

    #[tokio::test]
    async fn a_dead_schedulers_run_without_retry_is_recorded_lost_and_reported_once() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 500);
        die_holding_a_run(&claims, &clock, once(None)).await;
        // Two survivors look at the claims past the lease (3 s): one ends it.
        let survivors = [
            Arc::new(FakeRunner::default()),
            Arc::new(FakeRunner::default()),
        ];
        let stop = CancellationToken::new();
        let serving: Vec<_> = survivors
            .iter()
            .enumerate()
            .map(|(i, survivor)| {
                serving(
                    scheduler(&claims, &clock, survivor, &format!("s{i}"), once(None)),
                    &stop,
                )
            })
            .collect();
        advance(&clock, T0 + SECOND + 100, T0 + 8 * SECOND, 500).await;
        stop.cancel();
        for serving in serving {
            serving.await.expect("survivor");
        }
        let lost: usize = survivors
            .iter()
            .map(|s| s.lost.lock().expect("lock").len())
            .sum();
        let reported: Vec<String> = survivors
            .iter()
            .flat_map(|s| s.final_failures.lock().expect("lock").clone())
            .collect();
        assert_eq!(lost, 1);
        assert_eq!(reported, [format!("tick {LEASE_LOST}")]);
        assert!(
            survivors
                .iter()
                .all(|s| s.runs.lock().expect("lock").is_empty())
        );
    }

    #[tokio::test]
    async fn a_lost_leases_retry_waits_for_the_tasks_delay() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 500);
        let task = once(Some(TaskRetry {
            max_retries: 1,
            delay_seconds: 4,
        }));
        let doomed = die_holding_a_run(&claims, &clock, task.clone()).await;
        let survivor = Arc::new(FakeRunner::default());
        let stop = CancellationToken::new();
        let lives = serving(
            scheduler(&claims, &clock, &survivor, "survivor", task),
            &stop,
        );
        // The lease (3 s from T0 + 1.1 s) is found lost by T0 + 5.6 s (a
        // look every half lease): recorded failed at once, retried 4 s on.
        advance(&clock, T0 + SECOND + 100, T0 + 8 * SECOND, 250).await;
        assert_eq!(survivor.lost.lock().expect("lock").len(), 1);
        assert!(
            survivor.runs.lock().expect("lock").is_empty(),
            "retried before its delay: {:?}",
            survivor.runs.lock().expect("lock")
        );
        advance(&clock, T0 + 8 * SECOND, T0 + 14 * SECOND, 250).await;
        stop.cancel();
        lives.await.expect("survivor");
        let runs = survivor.runs.lock().expect("lock").clone();
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!((runs[0].2, &runs[0].3), (2, &Reason::Retry));
        assert_eq!(runs[0].4, doomed.runs.lock().expect("lock")[0].4);
        assert!(survivor.final_failures.lock().expect("lock").is_empty());
    }

    #[tokio::test]
    async fn a_run_whose_claim_another_took_over_is_stopped_here_not_ended() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 500);
        let runner = Arc::new(FakeRunner {
            hold: Some(CancellationToken::new()),
            ..FakeRunner::default()
        });
        let stop = CancellationToken::new();
        let serving = serving(
            scheduler(&claims, &clock, &runner, "slow", once(None)),
            &stop,
        );
        advance(&clock, T0 + 500, T0 + SECOND + 100, 300).await;
        assert_eq!(runner.runs.lock().expect("lock").len(), 1);
        // Another scheduler took the claim over (as if this one had stalled).
        let stale = claims.stale(T0 + 99 * SECOND).await.expect("stale");
        let next = Claim {
            attempt: 2,
            run_id: new_run_id(T0 + 2 * SECOND),
            owner: "taker".to_owned(),
            ..stale[0].claim.clone()
        };
        assert!(
            claims
                .take_over(&stale[0], &next, T0 + 60 * SECOND)
                .await
                .expect("take over")
        );
        // The next renewal (every second) finds it gone and stops the run.
        advance(&clock, T0 + SECOND + 100, T0 + 3 * SECOND, 250).await;
        let stopped = runner.stopped_for_lost_lease.lock().expect("lock").clone();
        assert_eq!(stopped.len(), 1, "{stopped:?}");
        assert_eq!(stopped[0].attempt, 1);
        stop.cancel();
        assert_eq!(serving.await.expect("serve"), Stopped::Clean);
        // Neither reported nor ended here: the taker's claim is untouched.
        assert!(runner.final_failures.lock().expect("lock").is_empty());
        assert!(claims.finish(&next, ClaimEnd::Done).await.expect("finish"));
    }

    #[tokio::test]
    async fn a_run_whose_lease_ran_out_unrenewed_is_stopped_here() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 500);
        let runner = Arc::new(FakeRunner {
            hold: Some(CancellationToken::new()),
            ..FakeRunner::default()
        });
        let stop = CancellationToken::new();
        let serving = serving(
            scheduler(&claims, &clock, &runner, "stalled", once(None)),
            &stop,
        );
        advance(&clock, T0 + 500, T0 + SECOND + 100, 300).await;
        assert_eq!(runner.runs.lock().expect("lock").len(), 1);
        // The clock leaps past the lease (3 s) before any renewal: as when
        // the process stalled or the database did not answer in time.
        advance(&clock, T0 + SECOND + 100, T0 + 6 * SECOND, 5 * SECOND).await;
        advance(&clock, T0 + 6 * SECOND, T0 + 7 * SECOND, 250).await;
        assert_eq!(runner.stopped_for_lost_lease.lock().expect("lock").len(), 1);
        stop.cancel();
        serving.await.expect("serve");
        // Its own scan then ends the lost attempt: recorded lost, reported once.
        assert_eq!(runner.lost.lock().expect("lock").len(), 1);
        assert_eq!(
            *runner.final_failures.lock().expect("lock"),
            [format!("tick {LEASE_LOST}")]
        );
    }

    #[tokio::test]
    async fn a_failed_run_is_retried_then_reported_once_for_good() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 500);
        let runner = Arc::new(FakeRunner {
            fail_attempts_below: 10,
            ..FakeRunner::default()
        });
        let task = ScheduledTask {
            schedule: Schedule {
                entries: vec![ScheduleEntry {
                    starts_on_ms: T0 + SECOND,
                    freq_seconds: None,
                    ends_on_ms: None,
                }],
            },
            ..every_second(Some(TaskRetry {
                max_retries: 2,
                delay_seconds: 2,
            }))
        };
        let stop = CancellationToken::new();
        let serving = serving(scheduler(&claims, &clock, &runner, "a", task), &stop);
        advance(&clock, T0 + 500, T0 + 12 * SECOND, 250).await;
        stop.cancel();
        serving.await.expect("serve");
        let attempts: Vec<u32> = runner
            .runs
            .lock()
            .expect("lock")
            .iter()
            .map(|run| run.2)
            .collect();
        assert_eq!(attempts, [1, 2, 3]);
        assert_eq!(*runner.final_failures.lock().expect("lock"), ["tick boom"]);
    }

    #[tokio::test]
    async fn a_stop_cancels_runs_that_outlast_the_timeout() {
        let claims = claims().await;
        let clock = ManualClock::new(T0 + 500);
        let runner = Arc::new(FakeRunner {
            hold: Some(CancellationToken::new()),
            ..FakeRunner::default()
        });
        let mut scheduler = scheduler(&claims, &clock, &runner, "a", every_second(None));
        scheduler.settings.shutdown_timeout = Duration::from_millis(100);
        let stop = CancellationToken::new();
        let serving = serving(scheduler, &stop);
        advance(&clock, T0 + 500, T0 + SECOND + 100, 300).await;
        stop.cancel();
        assert_eq!(
            serving.await.expect("serve"),
            Stopped::Cancelled { runs: 1 }
        );
    }

    #[test]
    fn keys_carry_the_date_of_a_midnight_occurrence() {
        assert_eq!(occurrence_key("nightly", T0), "nightly-2026-01-01");
        assert_eq!(
            occurrence_key("hourly", T0 + 3_600_000),
            "hourly-2026-01-01T01:00:00Z"
        );
    }
}
