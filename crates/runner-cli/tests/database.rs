//! The database from the command line: the shipped "Sync Changed Rows to
//! Make" job against the embedded sandbox (a run that Make refuses moves
//! no mark, the next one sends the same rows), `runner-cli db` commands,
//! and the failures of a database that is unreachable or refuses a change.
//! Every test works in a database file of its own in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

const JOB: &str = "Sync Changed Rows to Make";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn jobs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../jobs")
}

/// Runs the binary in `cwd` on `jobs` with `database`, and a clean environment.
fn runner(cwd: &Path, jobs: &Path, database: &str, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(cwd)
        .arg("--jobs-dir")
        .arg(jobs)
        .args(args)
        .arg("--database")
        .arg(database)
        .env_remove("RUST_LOG")
        .env_remove("RUNNER_DATABASE_URL")
        .env_remove("make_webhook_url")
        .env("NO_COLOR", "1")
        .output()
        .expect("runner-cli runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn sqlite_in(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("data.sqlite").display())
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}\n{}", run.stdout, run.stderr))
}

#[test]
fn the_sync_job_sends_changed_rows_once_and_again_after_a_refused_run() {
    let dir = tempfile::tempdir().unwrap();
    let database = sqlite_in(dir.path());
    let jobs = jobs_dir();

    // Make refuses (410: no scenario listens): nothing is recorded.
    let refused = runner(
        dir.path(),
        &jobs,
        &database,
        &["execute", "--job", JOB, "--sandbox", "gone"],
    );
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    let response = json(&refused);
    assert_eq!(
        (response["status"].as_str(), response["sent"].as_u64()),
        (Some("error"), Some(0))
    );
    assert_eq!(response["high_water"], 0);

    // The next run sends the same three seeded rows, and records the mark.
    let first = runner(
        dir.path(),
        &jobs,
        &database,
        &["execute", "--job", JOB, "--sandbox"],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let response = json(&first);
    assert_eq!(response["sent"], 3);
    assert_eq!(
        (
            response["high_water"].as_i64(),
            response["last_id"].as_i64()
        ),
        (Some(1_735_776_000_000), Some(3))
    );
    assert!(
        first.stderr.contains("sandbox: received 1 request"),
        "{}",
        first.stderr
    );
    assert!(
        first.stderr.contains("\"name\": \"Cleo\""),
        "the rows reached the sandbox: {}",
        first.stderr
    );

    // Nothing changed since: nothing is sent.
    let idle = runner(
        dir.path(),
        &jobs,
        &database,
        &["execute", "--job", JOB, "--sandbox"],
    );
    assert_eq!(json(&idle)["sent"], 0);
    assert!(
        idle.stderr.contains("sandbox: received 0 requests"),
        "{}",
        idle.stderr
    );

    // A new row (loaded with the table's filters applied) is the only one sent next.
    let rows = dir.path().join("new.jsonl");
    std::fs::write(&rows, "{\"name\": \" Dee \", \"email\": \" DEE@example.com\", \"plan\": \"team\", \"updated_at\": 1740000000000}\n").unwrap();
    let load = runner(
        dir.path(),
        &jobs,
        &database,
        &["db", "load", "customer", rows.to_str().unwrap()],
    );
    assert_eq!(load.code, 0, "{}", load.stderr);
    let next = runner(
        dir.path(),
        &jobs,
        &database,
        &["execute", "--job", JOB, "--sandbox"],
    );
    let response = json(&next);
    assert_eq!(
        (response["sent"].as_u64(), response["last_id"].as_u64()),
        (Some(1), Some(4))
    );
    assert!(
        next.stderr.contains("\"email\": \"dee@example.com\""),
        "{}",
        next.stderr
    );
}

#[test]
fn db_commands_list_dump_query_and_reset_tables() {
    let dir = tempfile::tempdir().unwrap();
    let database = sqlite_in(dir.path());
    let jobs = jobs_dir();
    let tables = runner(dir.path(), &jobs, &database, &["db", "tables"]);
    assert_eq!(
        (tables.code, tables.stdout.as_str()),
        (0, "customer\t3\nsync_state\t0\n"),
        "{}",
        tables.stderr
    );

    let dump = runner(
        dir.path(),
        &jobs,
        &database,
        &["db", "dump", "customer", "--format", "csv"],
    );
    assert_eq!(
        dump.stdout,
        "id,name,email,plan,updated_at\n1,Ana,[redacted],premium,1735689600000\n2,Bo,[redacted],free,1735689600000\n3,Cleo,[redacted],team,1735776000000\n"
    );
    let lines = runner(dir.path(), &jobs, &database, &["db", "dump", "customer"]);
    assert_eq!(lines.stdout.lines().count(), 3);
    assert!(
        !lines.stdout.contains("ana@example.com"),
        "sensitive values never print: {}",
        lines.stdout
    );

    let sql = runner(
        dir.path(),
        &jobs,
        &database,
        &["db", "sql", "SELECT name FROM customer WHERE plan = 'team'"],
    );
    assert_eq!(sql.stdout, "{\"name\":\"Cleo\"}\n");
    let write = runner(
        dir.path(),
        &jobs,
        &database,
        &["db", "sql", "DELETE FROM customer"],
    );
    assert_eq!(write.code, 65, "{}", write.stderr);
    assert!(
        write.stderr.contains("`db sql` only reads"),
        "{}",
        write.stderr
    );

    let duplicate = dir.path().join("dup.jsonl");
    std::fs::write(&duplicate, "{\"name\": \"X\", \"email\": \"x@example.com\"}\n{\"name\": \"Y\", \"email\": \"ana@example.com\"}\n").unwrap();
    let load = runner(
        dir.path(),
        &jobs,
        &database,
        &["db", "load", "customer", duplicate.to_str().unwrap()],
    );
    assert_eq!(load.code, 65);
    assert!(
        load.stderr
            .contains("`customer` already has a record with `email` = (sensitive)"),
        "{}",
        load.stderr
    );
    assert!(!load.stderr.contains("ana@example.com"), "{}", load.stderr);
    let after = runner(dir.path(), &jobs, &database, &["db", "tables"]);
    assert_eq!(
        after.stdout, "customer\t3\nsync_state\t0\n",
        "all records or none"
    );

    let reset = runner(dir.path(), &jobs, &database, &["db", "reset", "customer"]);
    assert_eq!(reset.code, 0, "{}", reset.stderr);
}

/// A copy of the shipped job whose `customer` table can then be changed.
fn copied_job(dir: &Path) -> PathBuf {
    let jobs = dir.join("jobs");
    let from = jobs_dir().join("make-sync-changed-rows");
    let to = jobs.join("make-sync-changed-rows");
    for sub in ["", "function", "tables"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for entry in std::fs::read_dir(from.join(sub)).unwrap().flatten() {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), to.join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    jobs
}

#[test]
fn a_destructive_schema_change_stops_with_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = copied_job(dir.path());
    let database = sqlite_in(dir.path());
    assert_eq!(
        runner(dir.path(), &jobs, &database, &["db", "tables"]).code,
        0
    );
    let table = jobs.join("make-sync-changed-rows/tables/customer.xs");
    let text = std::fs::read_to_string(&table).unwrap();
    let retyped = text.replace(
        "enum plan?=\"free\" {\n      values = [\"free\", \"team\", \"premium\"]\n    }",
        "text plan?=\"free\"",
    );
    assert_ne!(retyped, text, "the declaration to change is there");
    std::fs::write(&table, &retyped).unwrap();

    let refused = runner(
        dir.path(),
        &jobs,
        &database,
        &["execute", "--job", JOB, "--sandbox"],
    );
    assert_eq!(refused.code, 78, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("table `customer`: field `plan` changed from enum to text"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("runner-cli db reset customer"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused.stdout.contains("sent"),
        "the job did not run: {}",
        refused.stdout
    );

    // The way out: the table starts again under its new declaration.
    let reset = runner(dir.path(), &jobs, &database, &["db", "reset", "customer"]);
    assert_eq!(reset.code, 0, "{}", reset.stderr);
    let tables = runner(dir.path(), &jobs, &database, &["db", "tables"]);
    assert_eq!(
        tables.stdout, "customer\t3\nsync_state\t0\n",
        "{}",
        tables.stderr
    );

    // A new optional field is simply added.
    std::fs::write(
        &table,
        retyped.replace(
            "timestamp updated_at?=now",
            "timestamp updated_at?=now\n    text note?",
        ),
    )
    .unwrap();
    let grown = runner(dir.path(), &jobs, &database, &["db", "tables"]);
    assert_eq!(grown.code, 0, "{}", grown.stderr);
    let dump = runner(dir.path(), &jobs, &database, &["db", "dump", "customer"]);
    assert!(dump.stdout.contains("\"note\":null"), "{}", dump.stdout);
}

#[test]
fn an_unreachable_postgres_exits_69_without_showing_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let run = runner(
        dir.path(),
        &jobs_dir(),
        "postgres://app:hunter2-secret@127.0.0.1:1/app",
        &["execute", "--job", JOB, "--sandbox"],
    );
    assert_eq!(run.code, 69, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cannot reach the database at postgres://app:***@127.0.0.1:1/app"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
}

#[test]
fn the_sync_job_runs_alike_on_postgres() {
    let Some(url) = std::env::var("RUNNER_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
    else {
        return;
    };
    // A database of its own for this test, dropped at the end.
    let name = format!("sync_{}", std::process::id());
    let admin = |sql: &str| {
        Command::new("psql")
            .arg(&url)
            .arg("-qc")
            .arg(sql)
            .output()
            .expect("psql runs")
    };
    admin(&format!("DROP DATABASE IF EXISTS {name}"));
    assert!(admin(&format!("CREATE DATABASE {name}")).status.success());
    let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
    let database = format!("{base}/{name}");
    let dir = tempfile::tempdir().unwrap();
    let first = runner(
        dir.path(),
        &jobs_dir(),
        &database,
        &["execute", "--job", JOB, "--sandbox"],
    );
    let second = runner(
        dir.path(),
        &jobs_dir(),
        &database,
        &["execute", "--job", JOB, "--sandbox"],
    );
    admin(&format!("DROP DATABASE IF EXISTS {name}"));
    assert_eq!(json(&first)["sent"], 3, "{}", first.stderr);
    assert_eq!(json(&second)["sent"], 0, "{}", second.stderr);
}
