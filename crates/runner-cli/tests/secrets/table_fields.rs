//! Fields declared `sensitive = true` in a table: a job that reads records
//! and prints them every way it can (`debug.log`, its response, a Make
//! payload the sandbox dumps, an error a batch dead-letters) shows none of
//! their values on any channel, and stdout stays valid JSON.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::table::{echoing_make, files_written, forms, run};

const API_KEY_FIELD: &str = "mbr-Api-K3y-Qx7Lz0Wp4";
const SSN: &str = "ssn-998-Zk-441";

fn assert_hidden(channel: &str, text: &str) {
    for secret in [API_KEY_FIELD, SSN] {
        for form in forms(secret) {
            assert!(
                !text.contains(&form),
                "{channel}: the sensitive field value {secret:?} leaked as {form:?}:\n{text}"
            );
        }
    }
}

fn write_job(dir: &Path) -> PathBuf {
    let jobs = dir.join("jobs");
    let job = jobs.join("members");
    std::fs::create_dir_all(job.join("function")).expect("job folder");
    std::fs::create_dir_all(job.join("tables")).expect("tables folder");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Members\" {\n  main = { name: \"leak_members\" }\n  env = [\"make_webhook_url\"]\n}\n",
    )
    .expect("run.xs");
    std::fs::write(
        job.join("tables/member.xs"),
        format!(
            r#"table "member" {{
  schema {{
    int id
    text name
    text api_key {{
      sensitive = true
    }}
    json profile? {{
      sensitive = true
    }}
  }}
  items = [
    {{id: 1, name: "Ana", api_key: "{API_KEY_FIELD}", profile: {{ssn: "{SSN}"}}}}
  ]
}}
"#
        ),
    )
    .expect("table");
    std::fs::write(
        job.join("function/leak_members.xs"),
        r#"function "leak_members" {
  input {
    bool fail?=false
  }
  stack {
    db.query "member" {
      return = { type: "list" }
    } as $members
    db.get "member" {
      field_name = "id"
      field_value = 1
    } as $one
    debug.log { value = $members }
    debug.log { value = "key " ~ $one.api_key ~ " ssn " ~ $one.profile.ssn }
    conditional {
      if ($input.fail) {
        throw { name = "Leak" value = "could not use " ~ $one.api_key }
      }
    }
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "members"
      payload = { members: $members }
    } as $sent
  }
  response = { members: $members, key: $one.api_key, name: $one.name, sent: $sent }
}
"#,
    )
    .expect("function");
    jobs
}

/// The database lives outside the folder whose files are grepped: it is
/// where the values are kept, not something the tool prints.
fn database_flag(store: &Path) -> String {
    format!(
        "--database=sqlite://{}",
        store.join("data.sqlite").display()
    )
}

#[tokio::test]
async fn sensitive_field_values_are_hidden_in_logs_the_response_and_the_files_written() {
    let make = echoing_make(200).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = tempfile::tempdir().expect("database dir");
    let jobs = write_job(dir.path());
    let database = database_flag(store.path());
    let ran = run(
        dir.path(),
        &jobs,
        &["execute", "Members", &database],
        Some(&format!("{}/hook-token-Zq81", make.uri())),
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let response: Json = serde_json::from_str(&ran.stdout).expect("stdout is JSON");
    assert_eq!(response["name"], "Ana", "other fields stay: {response:#}");
    assert!(
        response["key"]
            .as_str()
            .is_some_and(|key| key.starts_with("[redacted")),
        "{response:#}"
    );
    assert!(
        ran.stderr.contains("xanoscript::debug_log"),
        "{}",
        ran.stderr
    );
    assert_hidden("stdout", &ran.stdout);
    assert_hidden("stderr -vv", &ran.stderr);
    for (path, text) in files_written(dir.path(), &[]) {
        assert_hidden(&path.display().to_string(), &text);
    }
}

#[tokio::test]
async fn sensitive_field_values_are_hidden_in_the_sandbox_dump() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = tempfile::tempdir().expect("database dir");
    let jobs = write_job(dir.path());
    let database = database_flag(store.path());
    let ran = run(
        dir.path(),
        &jobs,
        &["execute", "Members", "--sandbox", &database],
        Some("https://hook.eu1.make.com/hook-token-Zq81"),
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr.contains("members"),
        "the dump is there: {}",
        ran.stderr
    );
    assert_hidden("sandbox stdout", &ran.stdout);
    assert_hidden("sandbox stderr -vv", &ran.stderr);
}

#[tokio::test]
async fn sensitive_field_values_are_hidden_in_batch_lines_journal_and_dead_letters() {
    let make = echoing_make(200).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = tempfile::tempdir().expect("database dir");
    let jobs = write_job(dir.path());
    let database = database_flag(store.path());
    let input = dir.path().join("records.jsonl");
    std::fs::write(&input, "{\"fail\": false}\n{\"fail\": true}\n").expect("records");
    let ran = run(
        dir.path(),
        &jobs,
        &["execute", "Members", "--each", "records.jsonl", &database],
        Some(&format!("{}/hook-token-Zq81", make.uri())),
    );
    assert_eq!(
        ran.code, 1,
        "one record fails: {}{}",
        ran.stdout, ran.stderr
    );
    for line in ran.stdout.lines() {
        serde_json::from_str::<Json>(line).expect("each line is JSON");
    }
    assert_hidden("batch stdout", &ran.stdout);
    assert_hidden("batch stderr -vv", &ran.stderr);
    let written = files_written(dir.path(), &[&input]);
    assert!(
        written
            .iter()
            .any(|(path, _)| path.ends_with("records.jsonl.dead-letter.jsonl")),
        "{written:?}"
    );
    for (path, text) in &written {
        assert_hidden(&path.display().to_string(), text);
    }
}
