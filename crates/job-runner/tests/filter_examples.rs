//! The examples `runner-cli filters` prints stay true: every filter has one,
//! its argument list matches what the filter takes, and each example, run
//! through the interpreter as a function's response, gives the result shown.

use std::collections::BTreeSet;
use std::time::Duration;

use indexmap::IndexMap;
use job_runner::eval::{Limits, execute_function};
use job_runner::filters::{self, examples};
use job_runner::host::{Host, HostError, HttpRequest, HttpResponse, MakeTrigger};
use job_runner::job::load_job;
use job_runner::value::Object;

/// A host for expressions only: a fixed clock, and no effects at all.
struct ClockOnly;

impl Host for ClockOnly {
    fn http_request(&self, _: HttpRequest) -> Result<HttpResponse, HostError> {
        unreachable!("filter examples make no requests")
    }

    fn trigger_make(&self, _: MakeTrigger) -> Result<make_core::TriggerReport, HostError> {
        unreachable!("filter examples trigger nothing")
    }

    fn sleep(&self, _: Duration) -> Result<(), HostError> {
        Ok(())
    }

    fn now_ms(&self) -> i64 {
        1_700_000_000_000
    }
}

/// The filters of the registry under their own names, aliases left out.
fn filter_names() -> BTreeSet<&'static str> {
    filters::names()
        .into_iter()
        .filter_map(filters::lookup)
        .map(|filter| filter.name)
        .collect()
}

#[test]
fn every_filter_has_exactly_one_example() {
    let with_example: Vec<&str> = examples::EXAMPLES.iter().map(|e| e.filter).collect();
    let missing: Vec<_> = filter_names()
        .into_iter()
        .filter(|name| !with_example.contains(name))
        .collect();
    assert_eq!(missing, Vec::<&str>::new(), "filters without an example");
    let unknown: Vec<_> = with_example
        .iter()
        .filter(|name| filters::lookup(name).is_none_or(|f| f.name != **name))
        .collect();
    assert_eq!(unknown, Vec::<&&str>::new(), "examples of no filter");
    let distinct: BTreeSet<_> = with_example.iter().collect();
    assert_eq!(
        distinct.len(),
        with_example.len(),
        "a filter has two examples"
    );
}

#[test]
fn every_argument_list_matches_what_the_filter_takes() {
    let wrong: Vec<String> = examples::EXAMPLES
        .iter()
        .filter_map(|example| {
            let filter = filters::lookup(example.filter)?;
            let names = examples::argument_names(example.arguments);
            let required = names.iter().filter(|(_, optional)| !optional).count();
            let variadic = names.last().is_some_and(|(name, _)| name.ends_with("..."));
            let fits = required == filter.min_args
                && (names.len() == filter.max_args || variadic && filter.max_args > names.len());
            (!fits).then(|| {
                format!(
                    "{}: `{}` names {} ({required} required), the filter takes {} to {}",
                    example.filter,
                    example.arguments,
                    names.len(),
                    filter.min_args,
                    filter.max_args
                )
            })
        })
        .collect();
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn every_example_uses_its_filter() {
    let unused: Vec<_> = examples::EXAMPLES
        .iter()
        .filter(|example| !example.example.contains(&format!("|{}", example.filter)))
        .map(|example| example.filter)
        .collect();
    assert_eq!(unused, Vec::<&str>::new());
}

#[test]
fn every_example_gives_the_result_shown() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let functions = folder.path().join("function");
    std::fs::create_dir(&functions).expect("function folder");
    std::fs::write(
        folder.path().join("run.xs"),
        "run.job \"Filter examples\" {\n  main = { name: \"example_0\" }\n}\n",
    )
    .expect("run.xs");
    for (at, example) in examples::EXAMPLES.iter().enumerate() {
        let source = format!(
            "function \"example_{at}\" {{\n  stack {{\n  }}\n  response = {}\n}}\n",
            example.example
        );
        std::fs::write(functions.join(format!("example_{at}.xs")), source).expect("function");
    }
    let job = match load_job(folder.path()) {
        Ok(job) => job,
        Err(failure) => panic!("the examples do not load:\n{failure}"),
    };
    let wrong: Vec<String> = examples::EXAMPLES
        .iter()
        .enumerate()
        .filter_map(|(at, example)| {
            let result = execute_function(
                &job,
                &format!("example_{at}"),
                Object::default(),
                &IndexMap::new(),
                &ClockOnly,
                &Limits::default(),
                None,
            );
            let given = match (&result.response, &result.error) {
                (_, Some(error)) => format!("error: {}", error.message),
                (Some(value), None) => value.to_json().to_string(),
                (None, None) => "no response".to_owned(),
            };
            (given != example.result).then(|| {
                format!(
                    "{}: `{}` gives {given}, the example shows {}",
                    example.filter, example.example, example.result
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
