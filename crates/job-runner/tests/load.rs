//! Loading job folders from `tests/fixtures/jobs/` (and single ones from
//! `tests/fixtures/lone/`): a valid job, each kind of
//! broken job (snapshotted diagnostics), selection from a jobs directory and
//! `check`. Paths are relative to the crate, so snapshots are stable.

use std::path::Path;

use job_runner::job::{
    FindError, JobCatalog, check_path, load_job, load_jobs_dir, load_jobs_dir_for,
};
use job_runner::value::Value;
use serde_json::json;

const JOBS: &str = "tests/fixtures/jobs";

fn folder(name: &str) -> std::path::PathBuf {
    Path::new(JOBS).join(name)
}

/// The rendered problems of a folder that must fail to load.
fn failure(name: &str) -> String {
    match load_job(&folder(name)) {
        Ok(job) => panic!("`{name}` loaded but should fail: {}", job.name),
        Err(failure) => failure.to_string(),
    }
}

#[test]
fn valid_job_loads_with_nested_function_folders() {
    let job = load_job(&folder("valid")).unwrap_or_else(|failure| panic!("{failure}"));
    assert_eq!(job.name, "Weekly Digest");
    assert_eq!(job.folder_name(), "valid");
    assert_eq!(job.description.as_deref(), Some("Post a digest message"));
    assert_eq!(job.main, "send_digest");
    assert_eq!(job.env, ["slack_webhook_url", "api_key"]);
    assert_eq!(
        Value::object(job.main_input.clone()).to_json(),
        json!({"channel": "#general", "limits": {"max": 10, "min": -1}, "tags": ["a", "b"]})
    );
    let names: Vec<&str> = job.functions.keys().map(String::as_str).collect();
    // Sorted by path: function/make/nested/..., function/send_digest.xs, functions/helper.xs.
    assert_eq!(names, ["format_line", "send_digest", "helper"]);
    assert!(job.warnings.is_empty(), "{:?}", job.warnings);

    let main = job.main_function().expect("main exists");
    let inputs: Vec<String> = main
        .inputs
        .iter()
        .map(|spec| {
            format!(
                "{} {}{}{}{}{}",
                spec.ty.name(),
                spec.name,
                if spec.is_array { " array" } else { "" },
                if spec.optional { " optional" } else { "" },
                if spec.nullable { " nullable" } else { "" },
                if spec.sensitive { " sensitive" } else { "" },
            )
        })
        .collect();
    insta::assert_snapshot!(inputs.join("\n"), @r"
    text channel
    int limit optional
    json limits
    text tags array optional
    text note optional nullable
    object owner optional
    text token optional sensitive
    ");
    assert_eq!(main.inputs[1].default, Some(Value::Int(20)));
    assert_eq!(main.inputs[5].schema.len(), 2);
    assert_eq!(main.tests.len(), 1);
    assert!(main.response.is_some());
    assert!(!main.stack.statements.is_empty());
}

#[test]
fn missing_main_is_reported_on_the_run_job() {
    insta::assert_snapshot!(failure("missing_main"));
}

#[test]
fn unknown_functions_in_main_and_function_run_suggest_the_closest() {
    insta::assert_snapshot!(failure("unknown_function"));
}

#[test]
fn duplicate_function_names_point_at_both_files() {
    insta::assert_snapshot!(failure("duplicate_functions"));
}

#[test]
fn parse_errors_name_the_file_line_and_column() {
    insta::assert_snapshot!(failure("parse_error"));
}

#[test]
fn tables_folder_is_loaded_into_the_job() {
    let job = load_job(&folder("with_tables")).unwrap_or_else(|failure| panic!("{failure}"));
    let tables: Vec<&str> = job.tables.keys().map(String::as_str).collect();
    assert_eq!(tables, ["users"]);
    assert_eq!(job.tables["users"].table.fields[0].name, "id");
}

#[test]
fn the_same_table_declared_differently_is_an_error() {
    insta::assert_snapshot!(failure("conflicting_tables"));
}

#[test]
fn a_shared_tables_folder_is_seen_by_every_job() {
    let jobs = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = jobs.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "tables/user.xs",
        "table \"user\" {\n  schema {\n    int id\n    text name\n  }\n}\n",
    );
    write(
        "one/run.xs",
        "run.job \"One\" {\n  main = { name: \"f\" }\n}\n",
    );
    write(
        "one/function/f.xs",
        "function \"f\" {\n  stack {\n    db.query \"user\" { where = $db.user.name == \"x\" } as $u\n  }\n  response = $u\n}\n",
    );
    write(
        "two/run.xs",
        "run.job \"Two\" {\n  main = { name: \"f\" }\n}\n",
    );
    write("two/function/f.xs", "function \"f\" {\n  response = 1\n}\n");
    // Declared again alike in a job's own folder: not a conflict.
    write(
        "two/tables/user.xs",
        "table \"user\" {\n  schema {\n    int id\n    text name\n  }\n}\n",
    );
    let catalog = load_jobs_dir(jobs.path()).unwrap();
    for job in catalog.entries.iter().map(|entry| {
        entry
            .outcome
            .as_ref()
            .unwrap_or_else(|failure| panic!("{failure}"))
    }) {
        assert!(job.tables.contains_key("user"), "{}", job.name);
    }
    // Two jobs declaring one table differently: `check` says so.
    write(
        "one/tables/item.xs",
        "table \"item\" {\n  schema {\n    int id\n  }\n}\n",
    );
    write(
        "two/tables/item.xs",
        "table \"item\" {\n  schema {\n    int id\n    text label\n  }\n}\n",
    );
    let report = check_path(jobs.path()).to_string();
    assert!(
        report.contains("table `item` of job `Two` differs from the one job `One` declares"),
        "{report}"
    );
    // Declared differently beside the shared one: an error naming both places.
    write(
        "two/tables/user.xs",
        "table \"user\" {\n  schema {\n    int id\n    int name\n  }\n}\n",
    );
    let failure = load_job(&jobs.path().join("two")).unwrap_err().to_string();
    assert!(
        failure.contains("table `user` is declared twice with different schemas"),
        "{failure}"
    );
    assert!(failure.contains("tables/user.xs:1:1"), "{failure}");
}

#[test]
fn main_input_must_be_constants() {
    insta::assert_snapshot!(failure("variable_input"));
}

#[test]
fn missing_run_file_is_reported_with_its_path() {
    insta::assert_snapshot!(failure("no_run_file"));
}

#[test]
fn main_input_values_are_checked_against_the_function_inputs() {
    insta::assert_snapshot!(failure("bad_main_input"));
}

#[test]
fn unknown_attributes_warn_and_unknown_types_fail() {
    insta::assert_snapshot!(failure("unknown_attributes"));
}

#[test]
fn jobs_are_selected_by_name_folder_or_name_in_any_case() {
    let catalog = load_jobs_dir(Path::new(JOBS)).expect("fixtures readable");
    assert_eq!(
        catalog
            .find("Weekly Digest")
            .expect("by name")
            .folder_name(),
        "valid"
    );
    assert_eq!(
        catalog.find("valid").expect("by folder").name,
        "Weekly Digest"
    );
    assert_eq!(
        catalog.find("weekly digest").expect("any case").name,
        "Weekly Digest"
    );
    assert_eq!(catalog.jobs().count(), 2);
    // Every fixture folder with a run.xs is an entry; `no_run_file` is not a job.
    assert_eq!(catalog.entries.len(), 12);
}

#[test]
fn unknown_job_lists_the_available_ones_with_a_suggestion() {
    let catalog = load_jobs_dir(Path::new(JOBS)).expect("fixtures readable");
    let error = catalog.find("Weekly Digst").expect_err("unknown");
    let FindError::Unknown { suggestion, .. } = &error else {
        panic!("expected an unknown-job error, got {error}");
    };
    assert_eq!(suggestion.as_deref(), Some("Weekly Digest"));
    insta::assert_snapshot!(error.to_string(), @"no job named `Weekly Digst` in `tests/fixtures/jobs` (hint: did you mean `Weekly Digest`? available jobs: `Bad Inputs`, `Bad Main Input`, `Bad Statements`, `Conflicting Tables`, `Duplicate Functions`, `Missing Main`, `Parse Error`, `Unknown Attributes`, `Unknown Function`, `Weekly Digest`, `Variable Input`, `With Tables`)");
}

#[test]
fn selecting_a_broken_job_gives_its_problems() {
    let catalog = load_jobs_dir(Path::new(JOBS)).expect("fixtures readable");
    let error = catalog.find("Missing Main").expect_err("broken");
    assert!(matches!(error, FindError::Invalid { .. }), "{error}");
    insta::assert_snapshot!(error.to_string());
}

#[test]
fn a_job_folder_is_also_a_jobs_directory_of_one() {
    let catalog = load_jobs_dir(&folder("valid")).expect("readable");
    assert_eq!(catalog.entries.len(), 1);
    assert_eq!(
        catalog.find("Weekly Digest").expect("found").main,
        "send_digest"
    );
}

#[test]
fn check_reports_every_problem_of_every_job_sorted() {
    let report = check_path(Path::new(JOBS));
    assert!(!report.is_ok());
    insta::assert_snapshot!(format!(
        "{} errors, {} warnings in {} job folders\n\n{report}",
        report.error_count(),
        report.warning_count(),
        report.folders.len()
    ));
}

#[test]
fn check_of_a_valid_job_is_ok() {
    let report = check_path(&folder("valid"));
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.folders.len(), 1);
}

#[test]
fn check_of_a_missing_path_says_so() {
    let report = check_path(Path::new("tests/fixtures/no-such-dir"));
    assert!(!report.is_ok());
    insta::assert_snapshot!(report.to_string(), @r"
    error: cannot read the jobs directory: no such file or directory (os error 2)
     --> tests/fixtures/no-such-dir
      = hint: check the path
    ");
}

#[test]
fn the_repository_jobs_pass_check() {
    let report = check_path(Path::new("../../jobs"));
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.warning_count(), 0, "{report}");
    let catalog = load_jobs_dir(Path::new("../../jobs")).expect("readable");
    let job = catalog
        .find("Trigger Make Scenario")
        .expect("the flagship job");
    assert_eq!(job.env, ["make_webhook_url"]);
}

#[test]
fn statement_and_response_problems_are_reported_at_load() {
    insta::assert_snapshot!(failure("bad_statements"));
}

#[test]
fn bad_input_declarations_are_reported_with_their_line() {
    insta::assert_snapshot!(failure("bad_inputs"));
}

#[test]
fn two_jobs_with_one_name_are_ambiguous_by_name_but_found_by_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["first", "second"] {
        let job = dir.path().join(folder);
        std::fs::create_dir_all(job.join("function")).expect("create");
        std::fs::write(
            job.join("run.xs"),
            "run.job \"Same\" {\n  main = { name: \"f\" }\n}\n",
        )
        .expect("write");
        std::fs::write(
            job.join("function/f.xs"),
            "function \"f\" {\n  response = 1\n}\n",
        )
        .expect("write");
    }
    let catalog = load_jobs_dir(dir.path()).expect("readable");
    let error = catalog.find("Same").expect_err("two jobs named Same");
    assert!(
        matches!(&error, FindError::Ambiguous { folders, .. } if folders.len() == 2),
        "{error}"
    );
    assert_eq!(
        catalog.find("second").expect("by folder").folder_name(),
        "second"
    );

    let report = check_path(dir.path());
    assert!(report.is_ok(), "a shared name is a warning: {report}");
    assert_eq!(report.warning_count(), 1);
    assert!(
        report
            .to_string()
            .contains("job name `Same` is also used by"),
        "{report}"
    );
}

#[test]
fn env_the_job_does_not_declare_is_flagged_with_the_name_meant() {
    let job = load_job(Path::new("tests/fixtures/lone/undeclared-env"))
        .expect("warnings do not stop a job");
    let warnings: Vec<String> = job.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings[0].contains("`$env.make_webhok_url` is not in the job's `env` list"));
    assert!(
        warnings[0].contains("did you mean `$env.make_webhook_url`?"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("send.xs:3:"), "{}", warnings[0]);
    assert!(
        warnings[1].contains("add \"api_token\" to `env = [...]` in run.xs"),
        "{}",
        warnings[1]
    );
}

/// `check` on each job folder of `tests/inputs/check/`: what a user sees
/// before pushing the job to Xano.
#[test]
fn check_inputs() {
    insta::glob!("inputs/check/*/run.xs", |path| {
        let folder = path.parent().expect("run.xs is in a job folder");
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let report = check_path(&Path::new("tests/inputs/check").join(name));
        insta::assert_snapshot!(format!(
            "{} errors, {} warnings\n\n{report}",
            report.error_count(),
            report.warning_count()
        ));
    });
}

/// A job that `check` refuses only because of Xano's validator still loads and
/// runs; an array of arrays for an `object[]` input is kept as given.
#[test]
fn a_job_xano_would_reject_for_a_bare_filter_still_runs() {
    let job = load_job(Path::new("tests/inputs/check/bare_filter_before_operator"))
        .unwrap_or_else(|failure| panic!("{failure}"));
    assert!(job.warnings.iter().any(|d| d.is_error() && !d.blocks_run()));
    let job = load_job(Path::new("tests/inputs/check/array_of_arrays_input"))
        .unwrap_or_else(|failure| panic!("{failure}"));
    assert_eq!(
        Value::object(job.main_input.clone()).to_json(),
        json!({"rows": [[1, 2], [3, 4]], "any": [[5]]})
    );
}

/// What selecting `wanted` gives, in a form two catalogues can be compared by.
fn selection(catalog: &JobCatalog, wanted: &str) -> String {
    match catalog.find(wanted) {
        Ok(job) => format!(
            "{} in {} with functions {:?}, tables {:?}, tasks {:?}, {} warnings",
            job.name,
            job.folder.display(),
            job.functions.keys().collect::<Vec<_>>(),
            job.tables.keys().collect::<Vec<_>>(),
            job.tasks.keys().collect::<Vec<_>>(),
            job.warnings.len()
        ),
        Err(error) => format!("error: {error}"),
    }
}

#[test]
fn selecting_one_job_loads_only_its_folder_and_agrees_with_the_full_catalogue() {
    let full = load_jobs_dir(Path::new(JOBS)).expect("fixtures readable");
    let mut wanted: Vec<String> = full.available_names();
    wanted.extend(full.entries.iter().map(|entry| entry.folder_name()));
    wanted.extend(
        full.available_names()
            .iter()
            .map(|name| name.to_uppercase()),
    );
    wanted.extend(["Weekly Digst", "nothing like it", "no_run_file", ""].map(str::to_owned));
    for wanted in &wanted {
        let narrowed = load_jobs_dir_for(Path::new(JOBS), wanted).expect("fixtures readable");
        assert_eq!(
            selection(&narrowed, wanted),
            selection(&full, wanted),
            "selecting `{wanted}`"
        );
    }
    // A good job among broken ones: only its own folder is read.
    let narrowed = load_jobs_dir_for(Path::new(JOBS), "Weekly Digest").expect("readable");
    assert_eq!(narrowed.entries.len(), 1);
    // A broken one: only its folder, with every problem, as before.
    let narrowed = load_jobs_dir_for(Path::new(JOBS), "Missing Main").expect("readable");
    assert_eq!(narrowed.entries.len(), 1);
    assert!(matches!(
        narrowed.find("Missing Main"),
        Err(FindError::Invalid { .. })
    ));
    // Unknown: every folder, for the list of jobs and the "did you mean".
    let narrowed = load_jobs_dir_for(Path::new(JOBS), "Weekly Digst").expect("readable");
    assert_eq!(narrowed.entries.len(), full.entries.len());
}

#[test]
fn a_job_loaded_alone_still_sees_the_shared_tables_and_ignores_unreadable_neighbours() {
    let jobs = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = jobs.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "tables/user.xs",
        "table \"user\" {\n  schema {\n    int id\n  }\n}\n",
    );
    write(
        "one/run.xs",
        "run.job \"One\" {\n  main = { name: \"f\" }\n}\n",
    );
    write("one/function/f.xs", "function \"f\" {\n  response = 1\n}\n");
    // A neighbour whose function file is not text and whose run.xs does not parse.
    write("two/run.xs", "run.job \"Two\" {\n  main = \n");
    std::fs::create_dir_all(jobs.path().join("two/function")).unwrap();
    std::fs::write(jobs.path().join("two/function/f.xs"), [0xff, 0xfe]).unwrap();
    let catalog = load_jobs_dir_for(jobs.path(), "One").unwrap();
    assert_eq!(catalog.entries.len(), 1);
    let job = catalog
        .find("One")
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(job.tables.contains_key("user"));
    // The broken one, selected by its folder, reports as the full load does.
    let full = load_jobs_dir(jobs.path()).unwrap();
    let alone = load_jobs_dir_for(jobs.path(), "two").unwrap();
    assert_eq!(alone.entries.len(), 1);
    assert_eq!(selection(&alone, "two"), selection(&full, "two"));
}
