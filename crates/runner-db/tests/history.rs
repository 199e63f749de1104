//! The run history on every backend: start, finish, the batched insert,
//! listing with filters, lookup by id prefix, and pruning by age, with
//! times the tests choose.

mod support;

use runner_db::history::{
    Attempt, BatchRef, History, LogEntry, Lookup, Run, RunEnd, RunFailure, RunFilter, RunKind,
    RunState, Trigger, Wait, new_run_id,
};
use serde_json::json;
use support::databases;

const HOUR: i64 = 3_600_000;
const NOW: i64 = 1_780_000_000_000;

fn run(name: &str, started_at_ms: i64) -> Run {
    Run {
        id: new_run_id(started_at_ms),
        kind: RunKind::Job,
        name: name.to_owned(),
        trigger: Trigger::Cli,
        inputs: json!({"payload": {"n": 1}, "token": "[redacted]"}),
        redacted_inputs: vec!["token".to_owned()],
        started_at_ms,
        idempotency_key: None,
        host: "box".to_owned(),
        pid: 42,
        replay_of: None,
        batch: None,
        scheduled_for_ms: None,
        alert_for: None,
        end: None,
    }
}

fn ended(state: RunState, at: i64) -> RunEnd {
    RunEnd {
        state,
        ended_at_ms: at,
        exit_code: Some(if state == RunState::Succeeded { 0 } else { 1 }),
        response: Some(json!({"status": "success"})),
        error: (state != RunState::Succeeded).then(|| RunFailure {
            kind: "standard".to_owned(),
            message: "it broke\nsecond line".to_owned(),
            location: Some("run.xs:3:5".to_owned()),
        }),
        logs: vec![LogEntry {
            location: "run.xs:2:3".to_owned(),
            value: json!({"step": 1}),
        }],
        attempts: vec![
            Attempt {
                trigger: 1,
                number: 1,
                idempotency_key: "key-1".to_owned(),
                status: Some(429),
                outcome: "answered 429".to_owned(),
                duration_ms: 12,
                paced: None,
                wait: Some(Wait {
                    ms: 1000,
                    reason: "Retry-After: 1 s, honoured".to_owned(),
                }),
            },
            Attempt {
                trigger: 1,
                number: 2,
                idempotency_key: "key-1".to_owned(),
                status: Some(200),
                outcome: "answered 200".to_owned(),
                duration_ms: 9,
                paced: None,
                wait: None,
            },
        ],
        trigger_keys: vec!["key-1".to_owned()],
    }
}

async fn histories() -> Vec<(String, runner_db::Database, History)> {
    let mut out = Vec::new();
    for (backend, database) in databases(&[]).await {
        let history = History::open(&database).await.expect("history opens");
        out.push((backend, database, history));
    }
    out
}

async fn done(database: runner_db::Database) {
    database.drop_schema().await.expect("schema dropped");
    database.close().await;
}

#[tokio::test]
async fn a_run_is_running_until_finished_then_shows_everything() {
    for (backend, database, history) in histories().await {
        let started = run("Trigger", NOW);
        history.start(&started).await.expect("start");
        let listed = history.list(&RunFilter::default()).await.unwrap();
        assert_eq!(listed.len(), 1, "{backend}");
        assert_eq!(listed[0].state, RunState::Running, "{backend}");
        assert_eq!(listed[0].duration_ms, None, "{backend}");

        history
            .finish(started.id, &ended(RunState::Failed, NOW + 1500))
            .await
            .expect("finish");
        let listed = history.list(&RunFilter::default()).await.unwrap();
        assert_eq!(listed[0].state, RunState::Failed, "{backend}");
        assert_eq!(listed[0].duration_ms, Some(1500), "{backend}");
        assert_eq!(listed[0].exit_code, Some(1), "{backend}");
        assert_eq!(listed[0].error.as_deref(), Some("it broke"), "{backend}");
        assert_eq!(
            listed[0].idempotency_key.as_deref(),
            Some("key-1"),
            "{backend}: the first trigger's key"
        );

        let Lookup::Found(shown) = history.find(&started.id.to_string()).await.unwrap() else {
            panic!("{backend}: the run is found by its id");
        };
        let expected = Run {
            end: Some(ended(RunState::Failed, NOW + 1500)),
            // Named at the end, by the first trigger.
            idempotency_key: Some("key-1".to_owned()),
            ..started.clone()
        };
        assert_eq!(*shown, expected, "{backend}: every field comes back");
        done(database).await;
    }
}

#[tokio::test]
async fn finishing_an_unknown_run_is_not_found() {
    for (backend, database, history) in histories().await {
        let error = history
            .finish(new_run_id(NOW), &ended(RunState::Succeeded, NOW))
            .await
            .expect_err("no such run");
        assert!(
            matches!(error, runner_db::DbError::NotFound { .. }),
            "{backend}: {error}"
        );
        done(database).await;
    }
}

#[tokio::test]
async fn an_alert_run_keeps_its_link_and_finish_running_leaves_an_ended_run_alone() {
    for (backend, database, history) in histories().await {
        let failed = run("nightly", NOW);
        let alert = Run {
            trigger: Trigger::Alert,
            alert_for: Some(failed.id),
            ..run("Alert", NOW + 10)
        };
        history.start(&failed).await.expect("start");
        history.start(&alert).await.expect("start");
        let Lookup::Found(shown) = history.find(&alert.id.to_string()).await.unwrap() else {
            panic!("{backend}: the alert run is found");
        };
        assert_eq!(shown.trigger, Trigger::Alert, "{backend}");
        assert_eq!(shown.alert_for, Some(failed.id), "{backend}");
        // While running, finish_running writes; once ended, it does not.
        let cancelled = ended(RunState::Cancelled, NOW + 500);
        assert!(history.finish_running(failed.id, &cancelled).await.unwrap());
        let lost = ended(RunState::Failed, NOW + 900);
        assert!(!history.finish_running(failed.id, &lost).await.unwrap());
        let listed = history.list(&RunFilter::default()).await.unwrap();
        let state = listed.iter().find(|r| r.id == failed.id).map(|r| r.state);
        assert_eq!(state, Some(RunState::Cancelled), "{backend}");
        done(database).await;
    }
}

#[tokio::test]
async fn list_filters_by_name_state_and_time_newest_first() {
    for (backend, database, history) in histories().await {
        let mut runs = Vec::new();
        for (i, (name, state)) in [
            ("a", RunState::Succeeded),
            ("b", RunState::Failed),
            ("a", RunState::Failed),
            ("a", RunState::RateLimited),
        ]
        .into_iter()
        .enumerate()
        {
            let started = NOW - (4 - i as i64) * HOUR;
            let mut one = run(name, started);
            one.end = Some(ended(state, started + 10));
            runs.push(one);
        }
        history.record_many(&runs).await.expect("recorded");
        let ids = |summaries: Vec<runner_db::history::RunSummary>| {
            summaries.into_iter().map(|s| s.id).collect::<Vec<_>>()
        };
        let all = ids(history.list(&RunFilter::default()).await.unwrap());
        assert_eq!(
            all,
            runs.iter().rev().map(|r| r.id).collect::<Vec<_>>(),
            "{backend}: newest first"
        );
        let only_a = RunFilter {
            name: Some("a".to_owned()),
            ..RunFilter::default()
        };
        assert_eq!(
            ids(history.list(&only_a).await.unwrap()).len(),
            3,
            "{backend}"
        );
        let failed = RunFilter {
            state: Some(RunState::Failed),
            ..RunFilter::default()
        };
        assert_eq!(
            ids(history.list(&failed).await.unwrap()),
            vec![runs[2].id, runs[1].id],
            "{backend}"
        );
        let recent = RunFilter {
            since_ms: Some(NOW - 2 * HOUR - 1),
            ..RunFilter::default()
        };
        assert_eq!(
            ids(history.list(&recent).await.unwrap()),
            vec![runs[3].id, runs[2].id],
            "{backend}: the last two hours"
        );
        let newest = RunFilter {
            limit: Some(1),
            name: Some("a".to_owned()),
            ..RunFilter::default()
        };
        assert_eq!(
            ids(history.list(&newest).await.unwrap()),
            vec![runs[3].id],
            "{backend}"
        );
        done(database).await;
    }
}

#[tokio::test]
async fn many_runs_go_in_one_call_and_all_come_back() {
    for (backend, database, history) in histories().await {
        // More rows than one INSERT statement takes.
        let runs: Vec<Run> = (0..1_050)
            .map(|i| {
                let mut one = run("batch job", NOW + i);
                one.trigger = Trigger::Batch;
                one.batch = Some(BatchRef {
                    input: "records.jsonl".to_owned(),
                    line: i as u64 + 1,
                });
                one.idempotency_key = Some(format!("key-{i}"));
                one.end = Some(ended(RunState::Succeeded, NOW + i + 5));
                one
            })
            .collect();
        history.record_many(&runs).await.expect("recorded");
        let listed = history.list(&RunFilter::default()).await.unwrap();
        assert_eq!(listed.len(), 1_050, "{backend}");
        assert!(
            listed.iter().all(|s| s.trigger == Trigger::Batch),
            "{backend}"
        );
        let Lookup::Found(last) = history.find(&runs[1_049].id.to_string()).await.unwrap() else {
            panic!("{backend}: the last run is there");
        };
        assert_eq!(
            last.batch.as_ref().map(|b| b.line),
            Some(1_050),
            "{backend}"
        );
        done(database).await;
    }
}

#[tokio::test]
async fn a_unique_prefix_finds_a_run_and_a_shared_one_is_ambiguous() {
    for (backend, database, history) in histories().await {
        // UUID v7 ids of one millisecond share their first 12 hex digits.
        let first = run("a", NOW);
        let second = run("a", NOW);
        history
            .record_many(&[first.clone(), second.clone()])
            .await
            .unwrap();
        let shared = &first.id.simple().to_string()[..8];
        assert!(
            matches!(history.find(shared).await.unwrap(), Lookup::Ambiguous(ids) if ids.len() == 2),
            "{backend}"
        );
        let text = first.id.to_string();
        let unique = (9..=text.len())
            .map(|n| &text[..n])
            .find(|prefix| !second.id.to_string().starts_with(prefix))
            .expect("the ids differ");
        assert!(
            matches!(history.find(&unique.to_uppercase()).await.unwrap(), Lookup::Found(run) if run.id == first.id),
            "{backend}: case does not matter"
        );
        for nothing in ["ffffffff", "", "%", "a_"] {
            assert_eq!(
                history.find(nothing).await.unwrap(),
                Lookup::Missing,
                "{backend}: `{nothing}`"
            );
        }
        done(database).await;
    }
}

#[tokio::test]
async fn prune_deletes_the_runs_that_started_before_the_cutoff() {
    for (backend, database, history) in histories().await {
        let day = 24 * HOUR;
        let old = run("a", NOW - 31 * day);
        let recent = run("a", NOW - day);
        history.record_many(&[old, recent.clone()]).await.unwrap();
        assert_eq!(history.prune(NOW - 30 * day).await.unwrap(), 1, "{backend}");
        let left = history.list(&RunFilter::default()).await.unwrap();
        assert_eq!(
            left.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![recent.id],
            "{backend}"
        );
        done(database).await;
    }
}

#[tokio::test]
async fn opening_twice_keeps_the_runs_and_declared_tables_never_see_them() {
    for (backend, database, history) in histories().await {
        history.start(&run("a", NOW)).await.unwrap();
        let again = History::open(&database).await.expect("opens again");
        assert_eq!(
            again.list(&RunFilter::default()).await.unwrap().len(),
            1,
            "{backend}"
        );
        assert!(
            database.counts().await.unwrap().is_empty(),
            "{backend}: no declared table, so nothing to show"
        );
        done(database).await;
    }
}

#[tokio::test]
async fn run_ids_sort_by_their_start_time() {
    let earlier = new_run_id(NOW);
    let later = new_run_id(NOW + 1);
    assert!(earlier.to_string() < later.to_string());
    assert_eq!(earlier.get_version_num(), 7);
}

#[tokio::test]
async fn processes_opening_the_history_at_once_all_get_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut locations = vec![(
        "sqlite file".to_owned(),
        runner_db::Location::SqliteFile(dir.path().join("data.sqlite")),
    )];
    if let Some(url) = support::postgres_url() {
        let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
        locations.push((
            "postgres".to_owned(),
            runner_db::Location::Postgres {
                url,
                schema: Some(schema),
            },
        ));
    }
    for (backend, location) in locations {
        // A pool each, as separate processes would have.
        let tasks: Vec<_> = (0..3)
            .map(|_| {
                let location = location.clone();
                tokio::spawn(async move {
                    let database = runner_db::Database::open(&location).await?;
                    let history = History::open(&database).await?;
                    history.start(&run("a", NOW)).await?;
                    database.close().await;
                    Ok::<_, runner_db::DbError>(())
                })
            })
            .collect();
        for task in tasks {
            task.await
                .expect("the task ends")
                .unwrap_or_else(|error| panic!("{backend}: {error}"));
        }
        let database = runner_db::Database::open(&location).await.unwrap();
        let history = History::open(&database).await.unwrap();
        assert_eq!(
            history.list(&RunFilter::default()).await.unwrap().len(),
            3,
            "{backend}"
        );
        done(database).await;
    }
}
