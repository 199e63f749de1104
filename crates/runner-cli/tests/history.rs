//! The run history end to end: every `execute`, batch record and replay
//! recorded; `runs list|show|replay|prune`; recording that fails without
//! changing the run; and no secret anywhere in the database or in what
//! `runs` prints.

use std::path::{Path, PathBuf};

use runner_db::history::{History, Run, RunEnd, RunKind, RunState, Trigger, new_run_id};
use runner_db::{Database, Location};
use serde_json::{Value, json};

const ENV_SECRET: &str = "pk-live-0123456789abcdef";
const INPUT_SECRET: &str = "sk-live-fedcba9876543210";
const BATCH_SECRETS: [&str; 2] = ["sk-live-batch-aaaa1111", "sk-live-batch-bbbb2222"];

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A folder with the secret-handling job and its own history: a file in
/// it, or a PostgreSQL schema of its own.
struct Project {
    dir: tempfile::TempDir,
    postgres: Option<(String, Location)>,
}

impl Project {
    /// The same project with its history in a fresh schema of the
    /// PostgreSQL at `url` (dropped by [`Project::drop_schema`]).
    async fn on_postgres(url: &str) -> Project {
        let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
        let location = Location::Postgres {
            url: url.to_owned(),
            schema: Some(schema.clone()),
        };
        // Creates the schema; the CLI then works in it through the URL.
        Database::open(&location)
            .await
            .expect("postgres opens")
            .close()
            .await;
        let separator = if url.contains('?') { '&' } else { '?' };
        let cli_url = format!("{url}{separator}options=-c%20search_path%3D{schema}");
        Project {
            postgres: Some((cli_url, location)),
            ..Project::new()
        }
    }

    async fn drop_schema(&self) {
        if let Some((_, location)) = &self.postgres {
            let database = Database::open(location).await.expect("opens");
            database.drop_schema().await.expect("dropped");
            database.close().await;
        }
    }

    fn new() -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        let job = dir.path().join("jobs/secret-sync");
        std::fs::create_dir_all(job.join("function")).expect("mkdir");
        std::fs::write(
            job.join("run.xs"),
            "run.job \"Secret Sync\" {\n  main = { name: \"sync\" }\n  env = [\"make_webhook_url\", \"partner_api_key\"]\n}\n",
        )
        .expect("run.xs");
        std::fs::write(
            job.join("function/sync.xs"),
            r#"function "sync" {
  input {
    text api_token {
      sensitive = true
    }
    int n?=1
  }
  stack {
    debug.log { value = "token " ~ $input.api_token ~ " key " ~ $env.partner_api_key }
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "secret-sync"
      payload = { token: $input.api_token, key: $env.partner_api_key, n: $input.n }
    } as $result
  }
  response = { status: $result.status, echoed: $input.api_token, key: $env.partner_api_key, n: $input.n }
}
"#,
        )
        .expect("sync.xs");
        Project {
            dir,
            postgres: None,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn database_file(&self) -> PathBuf {
        self.path().join("history.sqlite")
    }

    fn location(&self) -> Location {
        match &self.postgres {
            Some((_, location)) => location.clone(),
            None => Location::SqliteFile(self.database_file()),
        }
    }

    fn database_url(&self) -> String {
        match &self.postgres {
            Some((url, _)) => url.clone(),
            None => format!("sqlite://{}", self.database_file().display()),
        }
    }

    async fn cli(&self, args: &[&str]) -> Output {
        self.cli_with(args, &[]).await
    }

    async fn cli_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"));
        command
            .current_dir(self.path())
            .arg("--jobs-dir")
            .arg(self.path().join("jobs"))
            .args(args)
            .env_remove("RUST_LOG")
            .env_remove("RUNNER_JOBS_DIR")
            .env_remove("RUNNER_MAKE_RATE")
            .env_remove("make_webhook_url")
            .env("RUNNER_DATABASE_URL", self.database_url())
            .env("partner_api_key", ENV_SECRET)
            .env("NO_COLOR", "1")
            .kill_on_drop(true);
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().await.expect("runner-cli runs");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `execute` with the secret input, `--sandbox` unless `extra` sets its mode.
    async fn execute(&self, extra: &[&str]) -> Output {
        let token = format!("api_token={INPUT_SECRET}");
        let mut args = vec!["execute", "Secret Sync", "--input", &token];
        if !extra.iter().any(|arg| arg.starts_with("--sandbox")) {
            args.push("--sandbox");
        }
        args.extend_from_slice(extra);
        self.cli(&args).await
    }

    async fn runs_json(&self, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["runs", "list", "--format", "json"];
        args.extend_from_slice(extra);
        let listed = self.cli(&args).await;
        assert_eq!(listed.code, 0, "{}", listed.stderr);
        serde_json::from_str::<Value>(&listed.stdout)
            .expect("a JSON list")
            .as_array()
            .cloned()
            .expect("an array")
    }

    async fn show(&self, id: &str) -> Value {
        let shown = self.cli(&["runs", "show", id, "--format", "json"]).await;
        assert_eq!(shown.code, 0, "{}", shown.stderr);
        serde_json::from_str(&shown.stdout).expect("a JSON run")
    }

    async fn history(&self) -> (Database, History) {
        let database = Database::open(&self.location()).await.expect("opens");
        let history = History::open(&database).await.expect("history");
        (database, history)
    }
}

#[tokio::test]
async fn an_execute_is_recorded_with_its_inputs_response_logs_and_attempts() {
    let project = Project::new();
    let ran = project
        .execute(&["--sandbox=rate-limited:1:retry-after=0"])
        .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);

    let runs = project.runs_json(&[]).await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    let summary = &runs[0];
    assert_eq!(summary["name"], "Secret Sync");
    assert_eq!(summary["trigger"], "cli");
    assert_eq!(summary["state"], "succeeded");
    assert_eq!(summary["exit_code"], 0);
    assert_eq!(summary["pid"].as_i64().map(|pid| pid > 0), Some(true));

    let id = summary["id"].as_str().expect("an id");
    let run = project.show(&id[..13]).await;
    assert_eq!(run["id"], id, "a prefix finds the run");
    assert_eq!(run["inputs"]["api_token"], "[redacted]");
    assert_eq!(run["inputs"]["n"], 1);
    assert_eq!(run["redacted_inputs"], json!(["api_token"]));
    let end = &run["end"];
    assert_eq!(end["response"]["status"], "success");
    assert_eq!(end["logs"].as_array().map(Vec::len), Some(1));
    let attempts = end["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert_eq!(attempts[0]["status"], 429);
    assert!(
        attempts[0]["wait"]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("Retry-After")),
        "{attempts:?}"
    );
    assert_eq!(attempts[1]["status"], 200);
    let key = &end["trigger_keys"][0];
    assert_eq!(&attempts[0]["idempotency_key"], key);
    assert_eq!(&run["idempotency_key"], key);

    let text = project.cli(&["runs", "list"]).await;
    assert_eq!(text.stdout.lines().count(), 1, "{}", text.stdout);
    assert!(text.stdout.starts_with(id), "{}", text.stdout);
    assert!(text.stdout.contains("succeeded"), "{}", text.stdout);
    assert!(!text.stdout.contains('\u{1b}'), "no colour off a terminal");
    let shown = project.cli(&["runs", "show", id]).await;
    assert!(shown.stdout.contains("answered 429"), "{}", shown.stdout);
    assert!(shown.stdout.contains("debug.log"), "{}", shown.stdout);

    // The history's table is the runner's own: `db` shows declared tables only.
    let tables = project.cli(&["db", "tables"]).await;
    assert!(
        !tables.stdout.contains("_runner") && !tables.stderr.contains("_runner"),
        "{}{}",
        tables.stdout,
        tables.stderr
    );
}

#[tokio::test]
async fn a_failed_run_is_recorded_with_its_exit_code_and_error() {
    let project = Project::new();
    let ran = project.execute(&["--sandbox=gone"]).await;
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    let runs = project.runs_json(&["--state", "failed"]).await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["exit_code"], 1);
    assert!(
        project
            .runs_json(&["--state", "succeeded"])
            .await
            .is_empty()
    );
    let bad = project.cli(&["runs", "list", "--state", "done"]).await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("succeeded"), "{}", bad.stderr);
}

#[tokio::test]
async fn a_replay_reuses_the_key_unless_told_and_links_to_the_original() {
    let project = Project::new();
    assert_eq!(project.execute(&[]).await.code, 0);
    let original = project.runs_json(&[]).await[0].clone();
    let id = original["id"].as_str().expect("id").to_owned();
    let key = project.show(&id).await["end"]["trigger_keys"][0].clone();

    // The sensitive input was not kept: the replay asks for it.
    let refused = project.cli(&["runs", "replay", &id, "--sandbox"]).await;
    assert_eq!(refused.code, 65, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("`api_token`") && refused.stderr.contains("--input api_token="),
        "{}",
        refused.stderr
    );

    let token = format!("api_token={INPUT_SECRET}");
    let replayed = project
        .cli(&["runs", "replay", &id, "--sandbox", "--input", &token])
        .await;
    assert_eq!(replayed.code, 0, "{}", replayed.stderr);
    let replay = project.runs_json(&["--limit", "1"]).await[0].clone();
    assert_eq!(replay["trigger"], "replay");
    assert_eq!(replay["replay_of"], id.as_str());
    let shown = project.show(replay["id"].as_str().unwrap()).await;
    assert_eq!(
        shown["end"]["trigger_keys"][0], key,
        "the original key again"
    );
    assert_eq!(shown["inputs"]["n"], 1, "the same inputs");

    let fresh = project
        .cli(&[
            "runs",
            "replay",
            &id,
            "--new-key",
            "--sandbox",
            "--input",
            &token,
        ])
        .await;
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    let newest = project.runs_json(&["--limit", "1"]).await[0].clone();
    let shown = project.show(newest["id"].as_str().unwrap()).await;
    assert_ne!(shown["end"]["trigger_keys"][0], key, "--new-key");

    let unknown = project.cli(&["runs", "show", "ffffffff"]).await;
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("runs list"), "{}", unknown.stderr);
}

#[tokio::test]
async fn each_batch_record_is_recorded_with_its_line_and_key() {
    let project = Project::new();
    let records = project.path().join("records.jsonl");
    std::fs::write(
        &records,
        format!(
            "{{\"api_token\": \"{}\", \"n\": 1}}\nnot json\n{{\"api_token\": \"{}\", \"n\": 3}}\n",
            BATCH_SECRETS[0], BATCH_SECRETS[1]
        ),
    )
    .expect("records");
    let ran = project
        .cli(&[
            "execute",
            "Secret Sync",
            "--sandbox",
            "--each",
            records.to_str().unwrap(),
        ])
        .await;
    assert_eq!(ran.code, 1, "one line is dead-lettered: {}", ran.stderr);
    let runs = project.runs_json(&[]).await;
    assert_eq!(runs.len(), 3, "{runs:?}");
    assert!(runs.iter().all(|run| run["trigger"] == "batch"));
    let mut lines = Vec::new();
    for run in &runs {
        let shown = project.show(run["id"].as_str().unwrap()).await;
        lines.push((
            shown["batch"]["line"].as_u64().unwrap(),
            shown["state"].as_str().unwrap().to_owned(),
            shown["idempotency_key"].is_string(),
        ));
    }
    lines.sort();
    assert_eq!(
        lines,
        [
            (1, "succeeded".to_owned(), true),
            (2, "failed".to_owned(), true),
            (3, "succeeded".to_owned(), true)
        ]
    );
}

fn seeded(name: &str, started_at_ms: i64) -> Run {
    Run {
        id: new_run_id(started_at_ms),
        kind: RunKind::Job,
        name: name.to_owned(),
        trigger: Trigger::Cli,
        inputs: json!({}),
        redacted_inputs: Vec::new(),
        started_at_ms,
        idempotency_key: None,
        host: "elsewhere".to_owned(),
        pid: 7,
        replay_of: None,
        batch: None,
        scheduled_for_ms: None,
        alert_for: None,
        end: Some(RunEnd {
            state: RunState::Succeeded,
            ended_at_ms: started_at_ms + 10,
            exit_code: Some(0),
            response: None,
            error: None,
            logs: Vec::new(),
            attempts: Vec::new(),
            trigger_keys: Vec::new(),
        }),
    }
}

/// Runs at times the test picks, relative to now: the CLI's `--since` and
/// `--keep-runs` count back from the real clock, the runs' times are ours.
#[tokio::test]
async fn since_limit_and_prune_count_back_from_now() {
    let project = Project::new();
    let now = jiff::Timestamp::now().as_millisecond();
    let hour = 3_600_000;
    let (database, history) = project.history().await;
    let runs = [
        seeded("old", now - 40 * 24 * hour),
        seeded("a", now - 3 * hour),
        seeded("b", now - hour),
        seeded("a", now - hour / 2),
    ];
    history.record_many(&runs).await.expect("seeded");
    database.close().await;

    let names = |runs: Vec<Value>| {
        runs.iter()
            .map(|run| run["name"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(project.runs_json(&["--since", "2h"]).await),
        ["a", "b"]
    );
    assert_eq!(names(project.runs_json(&["--job", "a"]).await), ["a", "a"]);
    assert_eq!(names(project.runs_json(&["--limit", "1"]).await), ["a"]);
    assert_eq!(project.runs_json(&[]).await.len(), 4);

    let pruned = project.cli(&["runs", "prune"]).await;
    assert_eq!(pruned.code, 0, "{}", pruned.stderr);
    assert!(
        pruned.stderr.contains("pruned 1 run older than 30d"),
        "{}",
        pruned.stderr
    );
    assert_eq!(names(project.runs_json(&[]).await), ["a", "b", "a"]);
    let pruned = project.cli(&["runs", "prune", "--keep-runs", "2h"]).await;
    assert!(pruned.stderr.contains("pruned 1 run"), "{}", pruned.stderr);
    assert_eq!(names(project.runs_json(&[]).await), ["a", "b"]);
}

#[tokio::test]
async fn a_history_that_cannot_be_written_changes_nothing_but_says_so() {
    let project = Project::new();
    std::fs::write(
        project.database_file(),
        b"this is not a SQLite database, it is text\n".repeat(200),
    )
    .expect("garbage");
    let ran = project.execute(&[]).await;
    assert_eq!(ran.code, 0, "the run still happens: {}", ran.stderr);
    let response: Value = serde_json::from_str(&ran.stdout).expect("the response");
    assert_eq!(response["status"], "success");
    assert!(
        ran.stderr.contains("warning: the run history") && ran.stderr.contains("not recorded"),
        "{}",
        ran.stderr
    );
    let failed = project.execute(&["--sandbox=gone"]).await;
    assert_eq!(
        failed.code, 1,
        "the exit code is the run's: {}",
        failed.stderr
    );

    // A folder where the file should be: cannot even be opened.
    let other = Project::new();
    std::fs::create_dir(other.database_file()).expect("a folder");
    let ran = other.execute(&[]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stderr.contains("not recorded"), "{}", ran.stderr);
    let listed = other.cli(&["runs", "list"]).await;
    assert_eq!(
        listed.code, 69,
        "`runs` itself needs the history: {}",
        listed.stderr
    );
}

#[tokio::test]
async fn a_locked_history_does_not_hold_up_the_outcome() {
    let project = Project::new();
    let (database, history) = project.history().await;
    drop(history);
    // Another process's write transaction, held for the whole run.
    let session = database.session();
    session
        .execute(runner_db::Request::Begin, 0)
        .await
        .expect("a write lock");
    let ran = project.execute(&[]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("warning: the run history") && ran.stderr.contains("locked"),
        "{}",
        ran.stderr
    );
    let response: Value = serde_json::from_str(&ran.stdout).expect("the response");
    assert_eq!(response["status"], "success");
    session
        .execute(runner_db::Request::Rollback, 0)
        .await
        .expect("released");
    database.close().await;
}

#[tokio::test]
async fn no_history_records_nothing() {
    let project = Project::new();
    assert_eq!(project.execute(&["--no-history"]).await.code, 0);
    assert!(!project.database_file().exists());
}

/// The issue's test: an env secret and a sensitive input through execute,
/// a batch and a replay; then nothing of them in the database's bytes
/// (the WAL included) nor in anything `runs` prints.
#[tokio::test]
async fn no_secret_reaches_the_history_or_what_runs_prints() {
    let project = Project::new();
    let secrets = run_everything_and_check_the_output(&project).await;
    let mut files = 0;
    for entry in std::fs::read_dir(project.path()).expect("the folder") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("history.sqlite") {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).expect("readable");
        for secret in &secrets {
            assert!(
                !contains(&bytes, secret.as_bytes()),
                "`{secret}` is in {name}"
            );
        }
    }
    assert!(files >= 1, "the database file was written");
}

/// The same on PostgreSQL, when `RUNNER_TEST_POSTGRES` names one: every
/// stored row, read back whole, holds none of the secrets.
#[tokio::test]
async fn no_secret_reaches_a_postgres_history_either() {
    let Some(url) = std::env::var("RUNNER_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.trim().is_empty())
    else {
        return;
    };
    let project = Project::on_postgres(&url).await;
    let secrets = run_everything_and_check_the_output(&project).await;
    let (database, _history) = project.history().await;
    let rows = database
        .read_only_query("SELECT * FROM _runner_runs")
        .await
        .expect("the rows");
    assert_eq!(rows.len(), 4);
    let stored = serde_json::to_string(&rows).expect("JSON");
    for secret in &secrets {
        assert!(!stored.contains(secret), "`{secret}` is stored");
    }
    database.close().await;
    project.drop_schema().await;
}

/// Runs the job with its secrets through execute, a batch and a replay,
/// checks that no `runs` output shows them, and returns them.
async fn run_everything_and_check_the_output(project: &Project) -> Vec<&'static str> {
    let ran = project.execute(&[]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);

    let records = project.path().join("records.jsonl");
    std::fs::write(
        &records,
        BATCH_SECRETS
            .iter()
            .map(|secret| format!("{{\"api_token\": \"{secret}\"}}\n"))
            .collect::<String>(),
    )
    .expect("records");
    let batch = project
        .cli(&[
            "execute",
            "Secret Sync",
            "--sandbox",
            "--each",
            records.to_str().unwrap(),
        ])
        .await;
    assert_eq!(batch.code, 0, "{}", batch.stderr);

    let first = project.runs_json(&["--limit", "10"]).await;
    let cli_run = first
        .iter()
        .find(|run| run["trigger"] == "cli")
        .expect("the execute");
    let token = format!("api_token={INPUT_SECRET}");
    let replayed = project
        .cli(&[
            "runs",
            "replay",
            cli_run["id"].as_str().unwrap(),
            "--sandbox",
            "--input",
            &token,
        ])
        .await;
    assert_eq!(replayed.code, 0, "{}", replayed.stderr);

    let secrets: Vec<&'static str> = [ENV_SECRET, INPUT_SECRET]
        .into_iter()
        .chain(BATCH_SECRETS)
        .collect();
    let mut printed = Vec::new();
    for args in [
        &["runs", "list"][..],
        &["runs", "list", "--format", "json"][..],
    ] {
        printed.push(project.cli(args).await);
    }
    let runs = project.runs_json(&[]).await;
    assert_eq!(runs.len(), 4, "execute, two records, replay: {runs:?}");
    let triggers: Vec<&str> = runs
        .iter()
        .map(|run| run["trigger"].as_str().unwrap())
        .collect();
    assert!(
        triggers.contains(&"replay") && triggers.contains(&"batch") && triggers.contains(&"cli")
    );
    for run in &runs {
        let id = run["id"].as_str().unwrap();
        printed.push(project.cli(&["runs", "show", id]).await);
        printed.push(project.cli(&["runs", "show", id, "--format", "json"]).await);
        // The records were kept, redacted: the secrets' places are there.
        let shown = project.show(id).await;
        assert_eq!(shown["inputs"]["api_token"], "[redacted]", "{shown}");
        assert!(
            shown["end"]["response"]["key"]
                .as_str()
                .is_some_and(|key| key.starts_with("[redacted")),
            "{shown}"
        );
    }
    for output in &printed {
        assert_eq!(output.code, 0, "{}", output.stderr);
        for secret in &secrets {
            assert!(
                !output.stdout.contains(secret) && !output.stderr.contains(secret),
                "`{secret}` printed:\n{}{}",
                output.stdout,
                output.stderr
            );
        }
    }
    secrets
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
