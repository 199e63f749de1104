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
    // The filters ran (`name` trimmed), and `email`, a sensitive field, is
    // hidden in the sandbox's dump of what Make received.
    assert!(next.stderr.contains("\"name\": \"Dee\""), "{}", next.stderr);
    assert!(
        next.stderr.contains("\"email\": \"[redacted]\""),
        "{}",
        next.stderr
    );
    assert!(!next.stderr.contains("dee@example.com"), "{}", next.stderr);
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

/// A job that waits `wait` seconds, then writes a note; with `hold`, it
/// writes it in a transaction that it keeps open (and with it SQLite's
/// write lock) for `hold` seconds.
fn locking_job(dir: &Path) -> PathBuf {
    let jobs = dir.join("jobs");
    let job = jobs.join("notes");
    std::fs::create_dir_all(job.join("function")).unwrap();
    std::fs::create_dir_all(job.join("tables")).unwrap();
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Notes\" {\n  main = { name: \"write_note\" }\n}\n",
    )
    .unwrap();
    std::fs::write(
        job.join("tables/note.xs"),
        "table \"note\" {\n  schema {\n    int id\n    text body\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(
        job.join("function/write_note.xs"),
        r#"function "write_note" {
  input {
    int hold?=0
    int wait?=0
  }
  stack {
    debug.log { value = "started" }
    util.sleep { value = $input.wait }
    conditional {
      if ($input.hold > 0) {
        db.transaction {
          stack {
            db.add "note" { data = { body: "held" } }
            debug.log { value = "holding the lock" }
            util.sleep { value = $input.hold }
          }
        }
      }
      else {
        db.add "note" { data = { body: "second" } }
      }
    }
  }
  response = "written"
}
"#,
    )
    .unwrap();
    jobs
}

/// Starts the job in the background and returns once its `debug.log`
/// printed `line`.
fn start_until(
    dir: &Path,
    jobs: &Path,
    database: &str,
    inputs: &[&str],
    line: &str,
) -> std::process::Child {
    use std::io::{BufRead, BufReader};

    let mut command = Command::new(env!("CARGO_BIN_EXE_runner-cli"));
    command.current_dir(dir).arg("--jobs-dir").arg(jobs).args([
        "execute",
        "Notes",
        "--database",
        database,
    ]);
    for input in inputs {
        command.args(["--input", input]);
    }
    let mut child = command
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runner-cli starts");
    let mut log = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut read = String::new();
    while !read.contains(line) {
        read.clear();
        let bytes = log.read_line(&mut read).expect("stderr is readable");
        assert_ne!(bytes, 0, "the run ended before it logged `{line}`");
    }
    // The rest of its log is not read: keep the pipe drained.
    std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
    child
}

#[test]
fn a_database_locked_by_another_process_at_start_exits_69_naming_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = locking_job(dir.path());
    let database = sqlite_in(dir.path());
    let mut holder = start_until(
        dir.path(),
        &jobs,
        &database,
        &["hold=60"],
        "holding the lock",
    );

    let blocked = runner(dir.path(), &jobs, &database, &["execute", "Notes"]);
    holder.kill().expect("the holding run stops");
    holder.wait().expect("the holding run is reaped");

    assert_eq!(blocked.code, 69, "{}", blocked.stderr);
    assert!(
        blocked.stderr.contains(
            "error: the database is locked by another process: database is locked, \
             so table `note` could not be checked before the run"
        ),
        "{}",
        blocked.stderr
    );
    assert!(
        blocked.stderr.contains("try again when it is done"),
        "{}",
        blocked.stderr
    );
    assert!(
        !blocked.stderr.contains("started"),
        "nothing ran: {}",
        blocked.stderr
    );
}

#[test]
fn a_table_locked_by_another_process_during_the_run_exits_69_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = locking_job(dir.path());
    let database = sqlite_in(dir.path());
    // This run checks its tables, then waits 3 s before its write...
    let mut blocked = start_until(dir.path(), &jobs, &database, &["wait=3"], "started");
    // ...while another takes the write lock and keeps it.
    let mut holder = start_until(
        dir.path(),
        &jobs,
        &database,
        &["hold=60"],
        "holding the lock",
    );
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut blocked.stdout.take().unwrap(), &mut stdout).unwrap();
    let code = blocked.wait().expect("the blocked run ends").code();
    holder.kill().expect("the holding run stops");
    holder.wait().expect("the holding run is reaped");

    assert_eq!(code, Some(69), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("a JSON report");
    assert_eq!(report["status"], "error");
    assert_eq!(report["error"]["type"], "database_unavailable");
    let message = report["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("table `note` is locked by another process")
            && message.ends_with("try again when it is done"),
        "{message}"
    );
}
