//! `db.*` statements over `tests/inputs/db/*.xs`, one behaviour per file,
//! on a real database: SQLite in memory, and the same files against
//! PostgreSQL (each in a schema of its own) when `RUNNER_TEST_POSTGRES`
//! holds a URL; both must match the one snapshot.
//!
//! A file holds `table` declarations and functions; the first function is
//! the job's main. The harness writes the tables to the job folder's
//! `tables/` and the functions to `function/` (other lines blanked, so
//! line and column stay those of the input), then loads the folder as the
//! CLI does. Leading comments configure the run: `// input: {json}`,
//! `// dump: ["table", ..]` (tables shown after the run), and `// tests`
//! (run the inline tests, each on a fresh database, instead of the job).

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use job_runner::eval::{Limits, execute};
use job_runner::host::{
    Database, Host, HostError, HttpRequest, HttpResponse, MakeTrigger, TestDatabases,
};
use job_runner::job::{load_job, validate_inputs};
use job_runner::testing::run_job_tests_with;
use job_runner::value::{Object, Value};
use runner_db::Location;

/// 2023-11-14T22:13:20Z, so `now` is the same on every run.
const NOW_MS: i64 = 1_700_000_000_000;

/// A database the interpreter's (blocking) thread drives on a runtime of its own.
struct Served {
    runtime: Arc<tokio::runtime::Runtime>,
    database: runner_db::Database,
    session: runner_db::Session,
}

impl Served {
    fn open(
        runtime: &Arc<tokio::runtime::Runtime>,
        location: &Location,
        tables: &[runner_db::Table],
    ) -> Result<Served, HostError> {
        let database = runtime
            .block_on(async {
                let database = runner_db::Database::open(location).await?;
                database.sync(tables).await?;
                Ok::<_, runner_db::DbError>(database)
            })
            .map_err(|error| HostError::from_db(&error))?;
        Ok(Served {
            runtime: Arc::clone(runtime),
            session: database.session(),
            database,
        })
    }
}

/// Each PostgreSQL schema is dropped with its database, inline tests' too.
impl Drop for Served {
    fn drop(&mut self) {
        self.runtime.block_on(async {
            let _ = self.database.drop_schema().await;
            self.database.close().await;
        });
    }
}

impl Database for Served {
    fn run(
        &self,
        request: runner_db::Request,
        now_ms: i64,
    ) -> Result<serde_json::Value, HostError> {
        self.runtime
            .block_on(self.session.execute(request, now_ms))
            .map_err(|error| HostError::from_db(&error))
    }
}

struct DbHost<'a> {
    served: &'a Served,
}

impl Host for DbHost<'_> {
    fn http_request(&self, _request: HttpRequest) -> Result<HttpResponse, HostError> {
        Err(HostError::Transport {
            message: "no network in these tests".into(),
        })
    }

    fn trigger_make(&self, _trigger: MakeTrigger) -> Result<make_core::TriggerReport, HostError> {
        Err(HostError::Transport {
            message: "no network in these tests".into(),
        })
    }

    fn sleep(&self, _duration: std::time::Duration) -> Result<(), HostError> {
        Ok(())
    }

    fn now_ms(&self) -> i64 {
        NOW_MS
    }

    fn db(&self, request: runner_db::Request) -> Result<serde_json::Value, HostError> {
        self.served.run(request, NOW_MS)
    }
}

/// A fresh database per inline test, on the backend the file runs on.
struct Fresh {
    runtime: Arc<tokio::runtime::Runtime>,
    backend: Backend,
}

impl TestDatabases for Fresh {
    fn fresh(&self, tables: &[runner_db::Table]) -> Result<Box<dyn Database>, HostError> {
        Ok(Box::new(Served::open(
            &self.runtime,
            &self.backend.location(),
            tables,
        )?))
    }
}

#[derive(Clone)]
enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    fn location(&self) -> Location {
        match self {
            Backend::Sqlite => Location::SqliteMemory,
            Backend::Postgres(url) => Location::Postgres {
                url: url.clone(),
                schema: Some(format!("test_{}", uuid::Uuid::new_v4().simple())),
            },
        }
    }
}

fn directive(text: &str, key: &str) -> Option<serde_json::Value> {
    let prefix = format!("// {key}:");
    text.lines()
        .take_while(|line| line.starts_with("//") || line.trim().is_empty())
        .find_map(|line| line.strip_prefix(&prefix))
        .map(|json| serde_json::from_str(json.trim()).expect("directive is JSON"))
}

/// The text with every line outside `keep` blanked (newlines kept).
fn only_lines(text: &str, keep: &dyn Fn(usize) -> bool) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            if keep(i) {
                line.to_owned()
            } else if line.ends_with('\n') {
                "\n".to_owned()
            } else {
                String::new()
            }
        })
        .collect()
}

/// Writes the input as a job folder: its `table` items in tables/, the rest in function/.
fn job_folder(text: &str, dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("job");
    std::fs::create_dir_all(folder.join("tables")).unwrap();
    std::fs::create_dir_all(folder.join("function")).unwrap();
    let mut table_lines = vec![false; text.lines().count() + 1];
    let mut in_table = false;
    let mut depth: i64 = 0;
    for (i, line) in text.lines().enumerate() {
        if depth == 0 && line.starts_with("table ") {
            in_table = true;
        }
        if in_table {
            table_lines[i] = true;
        }
        depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
        if depth == 0 {
            in_table = false;
        }
    }
    let tables = only_lines(text, &|i| table_lines.get(i).copied().unwrap_or(false));
    let functions = only_lines(text, &|i| {
        !table_lines.get(i).copied().unwrap_or(false)
            && !text.lines().nth(i).unwrap_or("").starts_with("//")
    });
    std::fs::write(folder.join("tables/tables.xs"), tables).unwrap();
    std::fs::write(folder.join("function/main.xs"), &functions).unwrap();
    let main = functions
        .lines()
        .find_map(|line| {
            line.strip_prefix("function \"")
                .and_then(|rest| rest.split('"').next())
        })
        .unwrap_or("main");
    std::fs::write(
        folder.join("run.xs"),
        format!("run.job \"db test\" {{\n  main = {{ name: \"{main}\" }}\n}}\n"),
    )
    .unwrap();
    folder
}

fn run_file(path: &Path, backend: &Backend) -> String {
    let text = std::fs::read_to_string(path).expect("test input is readable");
    let dir = tempfile::tempdir().unwrap();
    let folder = job_folder(&text, dir.path());
    let hide = |shown: String| shown.replace(&format!("{}/", folder.display()), "");
    let job = match load_job(&folder) {
        Ok(job) => job,
        Err(failure) => return hide(format!("diagnostics:\n{failure}\n")),
    };
    let runtime = Arc::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap(),
    );
    let limits = Limits::default();
    if text.lines().any(|line| line.trim() == "// tests") {
        let fresh = Fresh {
            runtime: Arc::clone(&runtime),
            backend: backend.clone(),
        };
        let outcomes = run_job_tests_with(&job, &limits, Some(&fresh));
        let shown: Vec<String> = outcomes
            .iter()
            .map(|outcome| {
                let failures: Vec<String> =
                    outcome.failures.iter().map(ToString::to_string).collect();
                if failures.is_empty() {
                    format!("ok     {}", outcome.test)
                } else {
                    format!("FAILED {}\n    {}", outcome.test, failures.join("\n    "))
                }
            })
            .collect();
        return hide(format!("{}\n", shown.join("\n")));
    }
    let served = Served::open(&runtime, &backend.location(), &job.table_models())
        .expect("the database opens");
    let provided = match directive(&text, "input").map(|json| Value::from_json(&json)) {
        Some(Value::Object(object)) => std::sync::Arc::unwrap_or_clone(object).into(),
        _ => Object::default(),
    };
    let main = job.main_function().expect("a main function");
    let input = validate_inputs(&main.inputs, &provided).expect("valid input");
    let result = execute(
        &job,
        input,
        &IndexMap::new(),
        &DbHost { served: &served },
        &limits,
    );
    let mut shown = serde_json::to_value(&result).expect("a run result serialises");
    if let Some(serde_json::Value::Array(tables)) = directive(&text, "dump") {
        let mut dumped = serde_json::Map::new();
        for table in tables {
            let name = table.as_str().unwrap_or_default().to_owned();
            let rows = runtime
                .block_on(served.database.dump(&name))
                .expect("the table dumps");
            dumped.insert(
                name,
                serde_json::Value::Array(rows.into_iter().map(serde_json::Value::Object).collect()),
            );
        }
        shown["tables"] = serde_json::Value::Object(dumped);
    }
    drop(served);
    hide(format!(
        "{}\n",
        serde_json::to_string_pretty(&shown).expect("JSON renders")
    ))
}

#[test]
fn db_inputs_on_sqlite() {
    insta::glob!("inputs/db/*.xs", |path| {
        insta::assert_snapshot!("db", run_file(path, &Backend::Sqlite));
    });
}

#[test]
fn db_inputs_on_postgres_match_sqlite() {
    let Some(url) = std::env::var("RUNNER_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
    else {
        return;
    };
    let backend = Backend::Postgres(url);
    insta::glob!("inputs/db/*.xs", |path| {
        insta::assert_snapshot!("db", run_file(path, &backend));
    });
}
