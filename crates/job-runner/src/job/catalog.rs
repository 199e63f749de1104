//! A jobs directory: every job folder in it, loaded or not, and selection of
//! one job by its `run.job` name or its folder name.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::job::loader::{LoadFailure, load_job, run_file_job_name};
use crate::job::model::Job;
use crate::suggest;

/// One job folder of a directory and how loading it went.
#[derive(Debug)]
pub struct CatalogEntry {
    pub folder: PathBuf,
    pub outcome: Result<Job, Arc<LoadFailure>>,
}

impl CatalogEntry {
    /// The folder's last component, by which the job can be selected.
    pub fn folder_name(&self) -> String {
        self.folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.folder.display().to_string())
    }

    /// The `run.job` name when run.xs could be read that far.
    pub fn job_name(&self) -> Option<&str> {
        match &self.outcome {
            Ok(job) => Some(&job.name),
            Err(failure) => failure.job_name.as_deref(),
        }
    }
}

/// Every job of a jobs directory, in folder-name order.
#[derive(Debug)]
pub struct JobCatalog {
    pub dir: PathBuf,
    pub entries: Vec<CatalogEntry>,
}

/// The jobs directory itself could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the jobs directory `{}`: {source}", path.display())]
pub struct JobsDirError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// Loads a jobs directory: each immediate subfolder with a `run.xs` is a
/// job; `dir` may also be a job folder itself. Folders without `run.xs` are
/// skipped. Jobs that fail to load are kept with their problems.
pub fn load_jobs_dir(dir: &Path) -> Result<JobCatalog, JobsDirError> {
    if dir.join("run.xs").is_file() {
        return Ok(JobCatalog {
            dir: dir.to_path_buf(),
            entries: vec![load_entry(dir.to_path_buf())],
        });
    }
    Ok(JobCatalog {
        dir: dir.to_path_buf(),
        entries: job_folders(dir)?.into_iter().map(load_entry).collect(),
    })
}

/// The immediate subfolders of `dir` with a `run.xs`, sorted.
fn job_folders(dir: &Path) -> Result<Vec<PathBuf>, JobsDirError> {
    let io_error = |source| JobsDirError {
        path: dir.to_path_buf(),
        source,
    };
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let entry = entry.map_err(io_error)?;
        let path = entry.path();
        if path.join("run.xs").is_file() {
            folders.push(path);
        }
    }
    folders.sort();
    Ok(folders)
}

/// The catalogue [`JobCatalog::find`] needs to select `wanted`: when only
/// one folder's `run.job` name or folder name matches it (judged from each
/// run.xs alone), just that folder is loaded, so a big jobs directory or a
/// broken unrelated job costs nothing. Otherwise (unknown, ambiguous, or a
/// folder that loads under another name than its run.xs suggested) every
/// folder is loaded, so the error and its "did you mean" are as they were.
pub fn load_jobs_dir_for(dir: &Path, wanted: &str) -> Result<JobCatalog, JobsDirError> {
    if dir.join("run.xs").is_file() {
        return load_jobs_dir(dir);
    }
    let folders = job_folders(dir)?;
    let names: Vec<Option<String>> = folders.iter().map(|f| run_file_job_name(f)).collect();
    let folder_name = |folder: &Path| {
        folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| folder.display().to_string())
    };
    // The same three passes as `find`, in the same order.
    let exact = |name: Option<&str>, _: &str| name == Some(wanted);
    let by_folder = |_: Option<&str>, folder: &str| folder == wanted;
    let ignoring_case = |name: Option<&str>, folder: &str| {
        name.is_some_and(|name| name.eq_ignore_ascii_case(wanted))
            || folder.eq_ignore_ascii_case(wanted)
    };
    for matches in [
        &exact as &dyn Fn(Option<&str>, &str) -> bool,
        &by_folder,
        &ignoring_case,
    ] {
        let found: Vec<usize> = (0..folders.len())
            .filter(|&i| matches(names[i].as_deref(), &folder_name(&folders[i])))
            .collect();
        match found.as_slice() {
            [] => continue,
            [one] => {
                let entry = load_entry(folders[*one].clone());
                if entry.job_name() != names[*one].as_deref() {
                    break;
                }
                return Ok(JobCatalog {
                    dir: dir.to_path_buf(),
                    entries: vec![entry],
                });
            }
            _ => break,
        }
    }
    load_jobs_dir(dir)
}

fn load_entry(folder: PathBuf) -> CatalogEntry {
    let outcome = load_job(&folder).map_err(Arc::new);
    CatalogEntry { folder, outcome }
}

/// Why no job was selected.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("{}", unknown_message(.wanted, .dir, .available, .suggestion.as_deref()))]
    Unknown {
        wanted: String,
        dir: PathBuf,
        /// Names of every job that loaded, then folder names of those that did not.
        available: Vec<String>,
        suggestion: Option<String>,
    },
    #[error("job `{wanted}` in `{}` has problems:\n\n{failure}", failure.folder.display())]
    Invalid {
        wanted: String,
        failure: Arc<LoadFailure>,
    },
    #[error(
        "several jobs are named `{wanted}`: {} (hint: select one by its folder name)",
        suggest::quoted_list(&folders.iter().map(|folder| folder.display().to_string()).collect::<Vec<_>>())
    )]
    Ambiguous {
        wanted: String,
        folders: Vec<PathBuf>,
    },
}

fn unknown_message(
    wanted: &str,
    dir: &Path,
    available: &[String],
    suggestion: Option<&str>,
) -> String {
    if available.is_empty() {
        return format!(
            "no job named `{wanted}`: `{}` has no job folders (hint: a job is a folder with a run.xs; pass --jobs-dir to look elsewhere)",
            dir.display()
        );
    }
    let listed = suggest::quoted_list(available);
    match suggestion {
        Some(close) => format!(
            "no job named `{wanted}` in `{}` (hint: did you mean `{close}`? available jobs: {listed})",
            dir.display()
        ),
        None => format!(
            "no job named `{wanted}` in `{}` (hint: available jobs: {listed})",
            dir.display()
        ),
    }
}

impl JobCatalog {
    /// The jobs that loaded.
    pub fn jobs(&self) -> impl Iterator<Item = &Job> {
        self.entries
            .iter()
            .filter_map(|entry| entry.outcome.as_ref().ok())
    }

    /// The job folders that failed to load.
    pub fn failures(&self) -> impl Iterator<Item = &Arc<LoadFailure>> {
        self.entries
            .iter()
            .filter_map(|entry| entry.outcome.as_ref().err())
    }

    /// Selects a job by `run.job` name (exact, then ignoring case) or by
    /// folder name. A job that failed to load gives its problems.
    pub fn find(&self, wanted: &str) -> Result<&Job, FindError> {
        let exact = |entry: &&CatalogEntry| entry.job_name() == Some(wanted);
        let by_folder = |entry: &&CatalogEntry| entry.folder_name() == wanted;
        let ignoring_case = |entry: &&CatalogEntry| {
            entry
                .job_name()
                .is_some_and(|name| name.eq_ignore_ascii_case(wanted))
                || entry.folder_name().eq_ignore_ascii_case(wanted)
        };
        for matches in [
            &exact as &dyn Fn(&&CatalogEntry) -> bool,
            &by_folder,
            &ignoring_case,
        ] {
            let found: Vec<&CatalogEntry> = self.entries.iter().filter(matches).collect();
            match found.as_slice() {
                [] => continue,
                [entry] => return self.selected(wanted, entry),
                several => {
                    return Err(FindError::Ambiguous {
                        wanted: wanted.to_owned(),
                        folders: several.iter().map(|entry| entry.folder.clone()).collect(),
                    });
                }
            }
        }
        let available = self.available_names();
        let suggestion =
            suggest::closest(wanted, available.iter().map(String::as_str)).map(str::to_owned);
        Err(FindError::Unknown {
            wanted: wanted.to_owned(),
            dir: self.dir.clone(),
            available,
            suggestion,
        })
    }

    fn selected<'a>(&'a self, wanted: &str, entry: &'a CatalogEntry) -> Result<&'a Job, FindError> {
        match &entry.outcome {
            Ok(job) => Ok(job),
            Err(failure) => Err(FindError::Invalid {
                wanted: wanted.to_owned(),
                failure: Arc::clone(failure),
            }),
        }
    }

    /// What a user can type to select each job: its name, or its folder
    /// name when the name is unknown.
    pub fn available_names(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|entry| {
                entry
                    .job_name()
                    .map_or_else(|| entry.folder_name(), str::to_owned)
            })
            .collect()
    }
}

impl fmt::Display for CatalogEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.job_name() {
            Some(name) => write!(f, "{name} ({})", self.folder.display()),
            None => write!(f, "{}", self.folder.display()),
        }
    }
}
