//! `runner-cli check`: load job folders without running anything and report
//! every problem, errors and warnings, in file and line order.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::job::catalog::{JobCatalog, load_jobs_dir};
use crate::job::problem::PathProblem;
use crate::source::Span;
use crate::suggest;

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// The job folders looked at.
    pub folders: Vec<PathBuf>,
    /// Problems inside files, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems with files and folders, sorted by path.
    pub path_problems: Vec<PathProblem>,
}

impl CheckReport {
    /// True when nothing stops a job from running (warnings allowed).
    pub fn is_ok(&self) -> bool {
        self.error_count() == 0
    }

    pub fn error_count(&self) -> usize {
        self.path_problems.len() + self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
    }
}

/// Prints path problems and diagnostics merged in path order, blank lines
/// between them, as a compiler does.
impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        enum Item<'a> {
            Path(&'a PathProblem),
            File(&'a Diagnostic),
        }
        let mut items: Vec<(&Path, u32, Item<'_>)> = self
            .path_problems
            .iter()
            .map(|problem| (problem.path.as_path(), 0, Item::Path(problem)))
            .chain(self.diagnostics.iter().map(|diagnostic| {
                (
                    diagnostic.file.path(),
                    diagnostic.span.start,
                    Item::File(diagnostic),
                )
            }))
            .collect();
        items.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        for (i, (_, _, item)) in items.iter().enumerate() {
            if i > 0 {
                write!(f, "\n\n")?;
            }
            match item {
                Item::Path(problem) => write!(f, "{problem}")?,
                Item::File(diagnostic) => write!(f, "{diagnostic}")?,
            }
        }
        Ok(())
    }
}

/// Checks a job folder, or every job folder of a jobs directory.
pub fn check_path(path: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    let catalog = match load_jobs_dir(path) {
        Ok(catalog) => catalog,
        Err(error) => {
            report
                .path_problems
                .push(PathProblem::io(path, "the jobs directory", error.source));
            return report;
        }
    };
    if catalog.entries.is_empty() {
        report
            .path_problems
            .push(PathProblem::new(path, "no job folders here").with_hint(
                "a job is a folder with a run.xs; pass a job folder or a directory of them",
            ));
        return report;
    }
    report_duplicate_names(&catalog, &mut report);
    report_conflicting_tables(&catalog, &mut report);
    for entry in catalog.entries {
        report.folders.push(entry.folder);
        match entry.outcome {
            Ok(job) => report.diagnostics.extend(job.warnings),
            Err(failure) => match std::sync::Arc::try_unwrap(failure) {
                Ok(failure) => {
                    report.diagnostics.extend(failure.diagnostics);
                    report.path_problems.extend(failure.path_problems);
                }
                // Only the catalog held it, so this cannot happen; keep what can be cloned.
                Err(shared) => report
                    .diagnostics
                    .extend(shared.diagnostics.iter().cloned()),
            },
        }
    }
    report.diagnostics.sort_by(|a, b| {
        a.file
            .path()
            .cmp(b.file.path())
            .then(a.span.start.cmp(&b.span.start))
    });
    report.path_problems.sort_by(|a, b| a.path.cmp(&b.path));
    report
}

/// Two jobs with one name cannot both be selected by name.
fn report_duplicate_names(catalog: &JobCatalog, report: &mut CheckReport) {
    let jobs: Vec<_> = catalog.jobs().collect();
    for (i, job) in jobs.iter().enumerate() {
        let Some(first) = jobs[..i].iter().find(|other| other.name == job.name) else {
            continue;
        };
        let span = quoted_name_span(job.run_file.text(), &job.name);
        report.diagnostics.push(
            Diagnostic::warning(
                &job.run_file,
                span,
                format!(
                    "job name `{}` is also used by `{}`",
                    job.name,
                    first.folder.display()
                ),
            )
            .with_hint(format!(
                "rename one; until then select them by folder name: {}",
                suggest::quoted_list(&[first.folder_name(), job.folder_name()])
            )),
        );
    }
}

/// Jobs of one folder share one database, so a table two jobs declare
/// (each in its own `tables/`) must be declared alike.
fn report_conflicting_tables(catalog: &JobCatalog, report: &mut CheckReport) {
    let mut seen: Vec<(&crate::job::TableDecl, &str)> = Vec::new();
    for job in catalog.jobs() {
        for decl in job.tables.values() {
            match seen.iter().find(|(first, _)| first.name() == decl.name()) {
                Some((first, _)) if crate::job::loader::same_schema(first, decl) => {}
                Some((first, first_job)) => {
                    let first_at = Diagnostic::error(&first.file, first.span, "").location();
                    report.diagnostics.push(
                        Diagnostic::error(
                            &decl.file,
                            decl.span,
                            format!(
                                "table `{}` of job `{}` differs from the one job `{first_job}` declares",
                                decl.name(),
                                job.name
                            ),
                        )
                        .with_hint(format!(
                            "the jobs share one database: declare it once in the `tables/` folder beside the job folders (the other is at {first_at})"
                        )),
                    );
                }
                None => seen.push((decl, &job.name)),
            }
        }
    }
}

/// Where `"Name"` is written after `run.job`, to underline it.
fn quoted_name_span(text: &str, name: &str) -> Span {
    let quoted = format!("\"{name}\"");
    let after = text.find("run.job").unwrap_or(0);
    match text[after..].find(&quoted) {
        Some(offset) => Span::new(after + offset, after + offset + quoted.len()),
        None => Span::new(after, after + "run.job".len().min(text.len() - after)),
    }
}
