//! Three `serve` processes on one PostgreSQL database (only when
//! `RUNNER_TEST_POSTGRES` is set; a database of its own per run), a task
//! every second for ten seconds, one process killed with SIGKILL while it
//! runs one: every occurrence ran exactly once to success, and each run
//! the killed process had in flight was marked failed and taken over by
//! another with the same idempotency key. This test waits for real time
//! (about 20 s): the schedule is the point. Children and the database are
//! cleaned up by guards, even when an assertion fails.

mod common;

use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{Serve, ticker_folder};

/// A database of this test's own, dropped when the guard goes.
struct TestDatabase {
    admin_url: String,
    name: String,
}

impl TestDatabase {
    fn create(admin_url: &str) -> TestDatabase {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let database = TestDatabase {
            admin_url: admin_url.to_owned(),
            name: format!("serve_{}_{nanos}", std::process::id()),
        };
        assert!(
            database
                .psql(&format!("CREATE DATABASE {}", database.name))
                .status
                .success()
        );
        database
    }

    fn url(&self) -> String {
        let base = self
            .admin_url
            .rsplit_once('/')
            .map_or(self.admin_url.as_str(), |(base, _)| base);
        format!("{base}/{}", self.name)
    }

    fn psql(&self, sql: &str) -> std::process::Output {
        Command::new("psql")
            .arg(&self.admin_url)
            .args(["-qc", sql])
            .output()
            .expect("psql runs")
    }

    /// Rows of a query in this database, `|`-separated.
    fn rows(&self, sql: &str) -> Vec<String> {
        let output = Command::new("psql")
            .arg(self.url())
            .args(["-qAtc", sql])
            .output()
            .expect("psql runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = self.psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

fn utc_literal(ms: i64) -> String {
    let seconds = ms / 1000;
    let output = Command::new("date")
        .args([
            "-u",
            "-d",
            &format!("@{seconds}"),
            "+%Y-%m-%d %H:%M:%S+0000",
        ])
        .output()
        .expect("date runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn three_serves_run_each_occurrence_once_and_take_over_a_killed_ones_run() {
    let Some(admin_url) = std::env::var("RUNNER_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
    else {
        return;
    };
    let database = TestDatabase::create(&admin_url);
    let began = Instant::now();
    let now_ms = i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("time")
            .as_millis(),
    )
    .expect("ms");
    // Whole seconds, a few from now: the processes are up by then.
    let start_ms = (now_ms / 1000 + 4) * 1000;
    let end_ms = start_ms + 9_000;
    let dir = ticker_folder(&format!(
        "task \"tick\" {{\n  stack {{\n    util.sleep {{ value = 1.5 }}\n  }}\n  response = \"ticked\"\n  schedule = [{{starts_on: {}, freq: 1, ends_on: {}}}]\n  retry = {{max_retries: 1, delay: 0}}\n}}\n",
        utc_literal(start_ms),
        utc_literal(end_ms)
    ));

    let url = database.url();
    let flags = ["--lease", "2", "--database", url.as_str()];
    let mut serves: Vec<Serve> = (0..3)
        .map(|_| Serve::start(dir.path(), None, &flags))
        .collect();
    for serve in &mut serves {
        serve.wait_for("SIGTERM or Ctrl-C stops");
    }
    // In the middle of the ten seconds, kill the first to start a run then.
    let at = |ms: i64| began + Duration::from_millis(u64::try_from(ms - now_ms).unwrap_or(0));
    let kill_from = at(start_ms + 3_000);
    std::thread::sleep(kill_from.saturating_duration_since(Instant::now()));
    let victim = loop {
        let found = serves.iter_mut().position(|serve| {
            serve.drain();
            serve
                .seen
                .last()
                .is_some_and(|line| line.contains("serve: running task"))
        });
        if let Some(found) = found {
            break found;
        }
        assert!(
            Instant::now() < kill_from + Duration::from_secs(6),
            "no serve started a run to kill"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let victim_pid = serves[victim].pid();
    serves[victim].kill();

    // The schedule ends, the lease (2 s) runs out, the retry runs (1.5 s).
    std::thread::sleep(at(end_ms + 8_000).saturating_duration_since(Instant::now()));
    for (i, serve) in serves.iter_mut().enumerate() {
        if i == victim {
            continue;
        }
        serve.signal("TERM");
        let code = serve.exit_within(Duration::from_secs(30));
        assert_eq!(code, 0, "{}", serve.seen.join("\n"));
    }
    let logs: String = serves
        .iter()
        .map(|serve| serve.seen.join("\n"))
        .collect::<Vec<_>>()
        .join("\n----\n");

    let claims = database
        .rows("SELECT scheduled_for, state, attempt FROM _runner_claims ORDER BY scheduled_for");
    let expected: Vec<String> = (0..10)
        .map(|k| format!("{}|done|", start_ms + k * 1000))
        .collect();
    let shown: Vec<String> = claims
        .iter()
        .map(|row| {
            row.rsplit_once('|')
                .map_or(row.clone(), |(head, _)| format!("{head}|"))
        })
        .collect();
    assert_eq!(shown, expected, "{logs}");
    // Every occurrence succeeded exactly once; nothing is left running.
    let per_key = database.rows(
        "SELECT idempotency_key, count(*) FILTER (WHERE state = 'succeeded'), count(*) FILTER (WHERE state = 'failed'), count(*) FILTER (WHERE state = 'running') FROM _runner_runs GROUP BY idempotency_key ORDER BY 1",
    );
    assert_eq!(per_key.len(), 10, "{per_key:?}\n{logs}");
    let mut taken_over = Vec::new();
    for row in &per_key {
        let fields: Vec<&str> = row.split('|').collect();
        assert_eq!(fields[1], "1", "{row}\n{logs}");
        assert_eq!(fields[3], "0", "{row}\n{logs}");
        if fields[2] != "0" {
            taken_over.push(fields[0].to_owned());
        }
    }
    // The victim may have had more than one run in flight (a run lasts
    // 1.5 s, one starts each second): each of them was taken over.
    assert!(!taken_over.is_empty(), "{per_key:?}\n{logs}");
    for key in &taken_over {
        // The failed run was the killed process's; the same key's success another's.
        let runs = database.rows(&format!(
            "SELECT state, pid, error FROM _runner_runs WHERE idempotency_key = '{key}' ORDER BY started_at"
        ));
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert!(
            runs[0].starts_with(&format!("failed|{victim_pid}|")),
            "{runs:?}"
        );
        assert!(runs[0].contains("stopped renewing its lease"), "{runs:?}");
        assert!(runs[1].starts_with("succeeded|"), "{runs:?}");
        assert!(!runs[1].contains(&format!("|{victim_pid}|")), "{runs:?}");
    }
}
