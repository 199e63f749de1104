//! The environment a job declares (`env = ["NAME", ...]`): every name must be
//! set and non-empty before any statement runs. Values never appear in a
//! message, since env vars hold webhook URLs and API keys.

use std::fmt;

use indexmap::IndexMap;

use crate::job::model::Job;

/// Declared variables that are unset or empty, all of them at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingEnv {
    /// The job's `run.job` name.
    pub job: String,
    /// Every declared name without a usable value, in declaration order.
    pub names: Vec<String>,
    /// Those of `names` that are set but empty.
    pub empty: Vec<String>,
}

impl fmt::Display for MissingEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = crate::suggest::quoted_list(&self.names);
        write!(
            f,
            "job `{}` needs environment variables that are not set: {list}",
            self.job
        )?;
        if !self.empty.is_empty() {
            let verb = if self.empty.len() == 1 { "is" } else { "are" };
            write!(
                f,
                " ({} {verb} empty)",
                crate::suggest::quoted_list(&self.empty)
            )?;
        }
        let first = self.names.first().map_or("NAME", String::as_str);
        write!(
            f,
            " (hint: pass --env {first}=VALUE, add {first}=VALUE to a .env file, or export {first})"
        )
    }
}

impl std::error::Error for MissingEnv {}

/// Looks up every declared name; returns their values in declaration order,
/// or every name that is missing or empty.
pub fn check_env(
    job: &Job,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<IndexMap<String, String>, MissingEnv> {
    let mut values = IndexMap::with_capacity(job.env.len());
    let mut missing = MissingEnv {
        job: job.name.clone(),
        names: Vec::new(),
        empty: Vec::new(),
    };
    for name in &job.env {
        match lookup(name) {
            Some(value) if !value.is_empty() => {
                values.insert(name.clone(), value);
            }
            Some(_) => {
                missing.names.push(name.clone());
                missing.empty.push(name.clone());
            }
            None => missing.names.push(name.clone()),
        }
    }
    if missing.names.is_empty() {
        Ok(values)
    } else {
        Err(missing)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::source::SourceFile;
    use crate::value::Object;

    fn job(env: &[&str]) -> Job {
        Job {
            name: "Trigger Make Scenario".to_owned(),
            folder: PathBuf::from("jobs/make"),
            run_file: SourceFile::new("jobs/make/run.xs", ""),
            description: None,
            main: "f".to_owned(),
            main_input: Object::default(),
            env: env.iter().map(|name| (*name).to_owned()).collect(),
            functions: IndexMap::new(),
            tables: IndexMap::new(),
            tasks: IndexMap::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn every_declared_name_is_returned_in_order() {
        let job = job(&["b", "a"]);
        let values = check_env(&job, |name| Some(format!("value of {name}"))).expect("all set");
        assert_eq!(values.keys().collect::<Vec<_>>(), ["b", "a"]);
    }

    #[test]
    fn all_missing_and_empty_names_are_reported_without_values() {
        let job = job(&["make_webhook_url", "api_key", "region"]);
        let lookup = |name: &str| match name {
            "region" => Some("eu1-secret-value".to_owned()),
            "api_key" => Some(String::new()),
            _ => None,
        };
        let missing = check_env(&job, lookup).expect_err("two missing");
        assert_eq!(missing.names, ["make_webhook_url", "api_key"]);
        let text = missing.to_string();
        assert!(!text.contains("eu1-secret-value"));
        assert_eq!(
            text,
            "job `Trigger Make Scenario` needs environment variables that are not set: `make_webhook_url`, `api_key` (`api_key` is empty) (hint: pass --env make_webhook_url=VALUE, add make_webhook_url=VALUE to a .env file, or export make_webhook_url)"
        );
    }

    #[test]
    fn a_job_without_env_needs_nothing() {
        assert!(
            check_env(&job(&[]), |_| None)
                .expect("nothing needed")
                .is_empty()
        );
    }
}
