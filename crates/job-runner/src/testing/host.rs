//! The host inline tests run with: it never touches the network and never
//! waits. A request that reaches it had no mock for the running test, so it
//! fails with a message that says which mock to add, and remembers that, so
//! the test fails even when the function catches the error.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::host::{Database, Host, HostError, HttpRequest, HttpResponse, MakeTrigger};
use crate::run::ErrorKind;

pub struct TestHost {
    test_name: String,
    missing_mocks: Mutex<Vec<String>>,
    /// The test's own database, fresh and seeded, when the runner made one;
    /// without it every `db.*` statement needs a mock.
    database: Option<Box<dyn Database>>,
}

impl TestHost {
    pub fn new(test_name: impl Into<String>) -> Self {
        TestHost {
            test_name: test_name.into(),
            missing_mocks: Mutex::new(Vec::new()),
            database: None,
        }
    }

    /// A host whose `db.*` statements run on `database`.
    pub fn with_database(test_name: impl Into<String>, database: Box<dyn Database>) -> Self {
        TestHost {
            database: Some(database),
            ..TestHost::new(test_name)
        }
    }

    /// One message per statement that ran without a mock for this test.
    pub fn missing_mocks(&self) -> Vec<String> {
        self.missing_mocks
            .lock()
            .map(|missing| missing.clone())
            .unwrap_or_default()
    }

    fn refuse(&self, statement: &str) -> HostError {
        let name = &self.test_name;
        let message =
            format!("{statement} has no mock for test `{name}`; add mock = {{ \"{name}\": ... }}");
        if let Ok(mut missing) = self.missing_mocks.lock() {
            missing.push(message.clone());
        }
        HostError::Rejected {
            kind: ErrorKind::Standard,
            message,
        }
    }
}

impl Host for TestHost {
    fn http_request(&self, _request: HttpRequest) -> Result<HttpResponse, HostError> {
        Err(self.refuse("api.request"))
    }

    fn trigger_make(&self, _trigger: MakeTrigger) -> Result<make_core::TriggerReport, HostError> {
        Err(self.refuse("make.trigger_scenario"))
    }

    /// Tests never wait: `util.sleep` returns at once.
    fn sleep(&self, _duration: Duration) -> Result<(), HostError> {
        Ok(())
    }

    fn db(&self, request: runner_db::Request) -> Result<serde_json::Value, HostError> {
        use runner_db::Request;
        let statement = match &request {
            Request::Begin | Request::Commit | Request::Rollback if self.database.is_none() => {
                // A transaction whose statements are all mocked needs no database.
                return Ok(serde_json::Value::Null);
            }
            Request::Query(_) => "db.query",
            Request::Get(_) => "db.get",
            Request::Has(_) => "db.has",
            Request::Add { .. } => "db.add",
            Request::Edit { .. } => "db.edit",
            Request::AddOrEdit { .. } => "db.add_or_edit",
            Request::Delete(_) => "db.del",
            Request::Truncate { .. } => "db.truncate",
            Request::BulkAdd { .. } => "db.bulk.add",
            Request::BulkUpdate { .. } => "db.bulk.update",
            Request::BulkDelete { .. } => "db.bulk.delete",
            Request::DirectQuery { .. } => "db.direct_query",
            Request::Begin | Request::Commit | Request::Rollback => "db.transaction",
        };
        match &self.database {
            Some(database) => database.run(request, self.now_ms()),
            None => Err(self.refuse(statement)),
        }
    }

    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| {
                i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
            })
    }
}
