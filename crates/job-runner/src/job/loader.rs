//! Loading one job folder: `run.xs`, every `function/**/*.xs` (or
//! `functions/`) and `task/**/*.xs` (or `tasks/`), indexed by declared
//! name, with every problem collected rather than stopping at the first.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::job::function_decl;
use crate::job::inputs::check_inputs_fully;
use crate::job::model::{Function, InputSpec, Job, Task};
use crate::job::problem::PathProblem;
use crate::job::run_decl::{RunDecl, read_run_decl};
use crate::job::table_decl::{TableDecl, read_tables};
use crate::source::{SourceFile, Span};
use crate::suggest;
use crate::syntax::parse_document;

/// The folders functions may live in: Xano's docs use both names.
const FUNCTION_FOLDERS: &[&str] = &["function", "functions"];

/// The folders scheduled tasks live in: Xano's `task/`, and `tasks/`.
const TASK_FOLDERS: &[&str] = &["task", "tasks"];

/// The folders tables live in, in a job folder and beside the job folders.
const TABLE_FOLDERS: &[&str] = &["tables", "table"];

/// Folders of Xano's job layout this runner cannot serve yet.
const UNSUPPORTED_FOLDERS: &[(&str, &str)] = &[(
    "apis",
    "API endpoints belong to `run.service`, which this runner does not run",
)];

/// Why a job folder could not be loaded: every problem found in it.
#[derive(Debug)]
pub struct LoadFailure {
    pub folder: PathBuf,
    /// The `run.job` name, when run.xs could be read that far.
    pub job_name: Option<String>,
    /// Problems inside files (errors and the warnings found alongside them).
    pub diagnostics: Vec<Diagnostic>,
    /// Problems with files or folders themselves.
    pub path_problems: Vec<PathProblem>,
}

impl LoadFailure {
    pub fn error_count(&self) -> usize {
        self.path_problems.len() + self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for problem in &self.path_problems {
            if !first {
                write!(f, "\n\n")?;
            }
            first = false;
            write!(f, "{problem}")?;
        }
        for diagnostic in &self.diagnostics {
            if !first {
                write!(f, "\n\n")?;
            }
            first = false;
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadFailure {}

/// Loads and checks one job folder. Warnings of a loaded job are in
/// [`Job::warnings`]; any error fails the load with every problem found.
pub fn load_job(folder: &Path) -> Result<Job, LoadFailure> {
    FolderLoader::new(folder).load()
}

/// The `run.job` name of a folder's run.xs, read the way [`load_job`] reads
/// it (so a job is selected by the same name) but without loading the rest
/// of the folder: how `execute --job` finds its folder cheaply.
pub(crate) fn run_file_job_name(folder: &Path) -> Option<String> {
    let text = fs::read_to_string(folder.join("run.xs")).ok()?;
    let file = SourceFile::new(folder.join("run.xs"), text);
    let document = parse_document(&file).ok()?;
    // Its diagnostics are the full load's to report, if the folder is chosen.
    let mut ignored = Vec::new();
    let decl = read_run_decl(&file, &document, &mut ignored);
    decl.name.map(|(name, _)| name)
}

struct FolderLoader<'a> {
    folder: &'a Path,
    /// A function file failed to parse, so "unknown function" may be its echo.
    function_file_unreadable: bool,
    diagnostics: Vec<Diagnostic>,
    path_problems: Vec<PathProblem>,
    /// Every `$env.NAME` of the function files, checked once `run.xs` is read.
    env_reads: Vec<(Arc<SourceFile>, String, Span)>,
}

/// Every `$env.NAME` (and `$env["NAME"]`) a file reads.
fn env_reads(
    file: &Arc<SourceFile>,
    document: &crate::syntax::ast::Document,
) -> Vec<(Arc<SourceFile>, String, Span)> {
    let mut reads = Vec::new();
    for item in &document.items {
        crate::syntax::visit::each_expr(item, &mut |expr| {
            if let Some((name, span)) = crate::syntax::visit::env_name(expr) {
                reads.push((Arc::clone(file), name.to_owned(), span));
            }
        });
    }
    reads
}

impl<'a> FolderLoader<'a> {
    fn new(folder: &'a Path) -> Self {
        FolderLoader {
            folder,
            function_file_unreadable: false,
            diagnostics: Vec::new(),
            path_problems: Vec::new(),
            env_reads: Vec::new(),
        }
    }

    fn load(mut self) -> Result<Job, LoadFailure> {
        let layout = self.read_layout();
        let run = layout.has_run_file.then(|| self.read_run_file()).flatten();
        let functions = self.read_function_folders(&layout.function_folders);
        let functions = self.index(functions);
        let tasks = self.read_task_folders(&layout.task_folders);
        let tasks = self.index_tasks(tasks);
        // A task's body is checked as a function's is, against the job's functions.
        let task_bodies: IndexMap<String, Arc<Function>> = tasks
            .values()
            .map(|task| (task.name.clone(), Arc::clone(&task.function)))
            .collect();
        let tables = self.read_tables(&layout.table_folders);
        if let Some((run_file, decl)) = &run {
            self.check_main(run_file, decl, &functions);
            self.check_env_reads(&decl.env);
        }
        self.check_function_runs(&functions, &functions);
        self.check_function_runs(&task_bodies, &functions);
        self.check_scheduled_inputs(&tasks);
        if !self.function_file_unreadable {
            super::table_check::check_db_statements(&functions, &tables, &mut self.diagnostics);
            super::table_check::check_db_statements(&task_bodies, &tables, &mut self.diagnostics);
        }
        let has_errors =
            !self.path_problems.is_empty() || self.diagnostics.iter().any(Diagnostic::blocks_run);
        let job_name = run
            .as_ref()
            .and_then(|(_, decl)| decl.name.as_ref().map(|(name, _)| name.clone()));
        match run {
            Some((run_file, decl)) if !has_errors => {
                // Without errors, `run.job` had a name and `main` a known function.
                let (Some((name, _)), Some((main, _))) = (decl.name, decl.main) else {
                    return Err(self.failure(job_name));
                };
                Ok(Job {
                    name,
                    folder: self.folder.to_path_buf(),
                    run_file,
                    // `run.job` has no description in Xano: the main function's stands for the job.
                    description: decl.description.or_else(|| {
                        functions
                            .get(&main)
                            .and_then(|function| function.description.clone())
                    }),
                    main,
                    main_input: decl.main_input,
                    env: decl.env,
                    functions,
                    tables,
                    tasks,
                    warnings: self.diagnostics,
                })
            }
            _ => Err(self.failure(job_name)),
        }
    }

    fn failure(self, job_name: Option<String>) -> LoadFailure {
        LoadFailure {
            folder: self.folder.to_path_buf(),
            job_name,
            diagnostics: self.diagnostics,
            path_problems: self.path_problems,
        }
    }

    /// One directory listing tells which of run.xs, function/, tables/...
    /// exist, instead of a stat per name.
    fn read_layout(&mut self) -> Layout {
        let mut layout = Layout::default();
        let entries = match fs::read_dir(self.folder) {
            Ok(entries) => entries,
            Err(error) => {
                self.path_problems
                    .push(PathProblem::io(self.folder, "the job folder", error));
                return layout;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir())
                || (entry.file_type().is_ok_and(|kind| kind.is_symlink()) && entry.path().is_dir());
            if name == "run.xs" && !is_dir {
                layout.has_run_file = true;
            } else if is_dir && FUNCTION_FOLDERS.contains(&name) {
                layout.function_folders.push(entry.path());
            } else if is_dir && TASK_FOLDERS.contains(&name) {
                layout.task_folders.push(entry.path());
            } else if is_dir && TABLE_FOLDERS.contains(&name) {
                layout.table_folders.push(entry.path());
            } else if let Some((folder, why)) = UNSUPPORTED_FOLDERS
                .iter()
                .find(|(folder, _)| is_dir && *folder == name)
            {
                self.path_problems.push(
                    PathProblem::new(
                        entry.path(),
                        format!("`{folder}/` is not yet supported by this runner: {why}"),
                    )
                    .with_hint(format!(
                        "remove or rename `{folder}/` to run this job locally"
                    )),
                );
            }
        }
        layout.function_folders.sort();
        layout.task_folders.sort();
        layout.table_folders.sort();
        // The tables every job shares: `tables/` beside the job folders.
        if let Some(shared) = self.folder.parent().map(|parent| parent.join("tables"))
            && shared.is_dir()
            && !layout.table_folders.contains(&shared)
        {
            layout.table_folders.push(shared);
        }
        if !layout.has_run_file {
            self.path_problems.push(
                PathProblem::new(self.folder.join("run.xs"), "the job folder has no `run.xs`")
                    .with_hint(
                        "create run.xs with `run.job \"My Job\" { main = { name: \"my_function\" } }`",
                    ),
            );
        }
        layout
    }

    fn read_source(&mut self, path: PathBuf) -> Option<Arc<SourceFile>> {
        match fs::read_to_string(&path) {
            Ok(text) => Some(SourceFile::new(path, text)),
            Err(error) => {
                self.function_file_unreadable = true;
                self.path_problems
                    .push(PathProblem::io(&path, "the file", error));
                None
            }
        }
    }

    fn read_run_file(&mut self) -> Option<(Arc<SourceFile>, RunDecl)> {
        let file = self.read_source(self.folder.join("run.xs"))?;
        match parse_document(&file) {
            Ok(document) => {
                let decl = read_run_decl(&file, &document, &mut self.diagnostics);
                Some((file, decl))
            }
            Err(problems) => {
                self.diagnostics.extend(problems);
                None
            }
        }
    }

    fn read_function_folders(&mut self, folders: &[PathBuf]) -> Vec<Function> {
        let mut paths = Vec::new();
        for folder in folders {
            self.collect_xs_files(folder, &mut paths);
        }
        // Sorted so indexing (and so "defined twice" reports) never depends on the file system's order.
        paths.sort();
        let mut functions = Vec::new();
        for path in paths {
            let Some(file) = self.read_source(path) else {
                continue;
            };
            match parse_document(&file) {
                Ok(document) => {
                    super::literal_check::check_document(&file, &document, &mut self.diagnostics);
                    self.env_reads.extend(env_reads(&file, &document));
                    functions.extend(function_decl::read_functions(
                        &file,
                        &document,
                        &mut self.diagnostics,
                    ));
                }
                Err(problems) => {
                    self.function_file_unreadable = true;
                    self.diagnostics.extend(problems);
                }
            }
        }
        functions
    }

    /// Every task of the `task/` folders, read as function files are.
    fn read_task_folders(&mut self, folders: &[PathBuf]) -> Vec<Task> {
        let mut paths = Vec::new();
        for folder in folders {
            self.collect_xs_files(folder, &mut paths);
        }
        paths.sort();
        let mut tasks = Vec::new();
        for path in paths {
            let Some(file) = self.read_source(path) else {
                continue;
            };
            match parse_document(&file) {
                Ok(document) => {
                    super::literal_check::check_document(&file, &document, &mut self.diagnostics);
                    self.env_reads.extend(env_reads(&file, &document));
                    tasks.extend(super::task_decl::read_tasks(
                        &file,
                        &document,
                        &mut self.diagnostics,
                    ));
                }
                Err(problems) => {
                    self.function_file_unreadable = true;
                    self.diagnostics.extend(problems);
                }
            }
        }
        tasks
    }

    /// Tasks by declared name; a second of one name is an error naming both.
    fn index_tasks(&mut self, tasks: Vec<Task>) -> IndexMap<String, Arc<Task>> {
        let mut index: IndexMap<String, Arc<Task>> = IndexMap::with_capacity(tasks.len());
        for task in tasks {
            if let Some(first) = index.get(&task.name) {
                let first_at = Diagnostic::error(&first.file, first.span, "").location();
                self.diagnostics.push(
                    Diagnostic::error(
                        &task.file,
                        task.span,
                        format!("task `{}` is defined twice", task.name),
                    )
                    .with_hint(format!("also defined at {first_at}; rename or remove one")),
                );
                continue;
            }
            index.insert(task.name.clone(), Arc::new(task));
        }
        index
    }

    /// A schedule has no caller to give an input: each one a scheduled task
    /// requires needs a default, or every occurrence would fail.
    fn check_scheduled_inputs(&mut self, tasks: &IndexMap<String, Arc<Task>>) {
        for task in tasks.values().filter(|task| !task.schedule.is_empty()) {
            for spec in &task.function.inputs {
                if spec.optional || spec.default.is_some() {
                    continue;
                }
                self.diagnostics.push(
                    Diagnostic::error(
                        &task.file,
                        spec.span,
                        format!(
                            "input `{}` of scheduled task `{}` is required, but a schedule gives no inputs",
                            spec.name, task.name
                        ),
                    )
                    .with_hint(format!(
                        "give it a default (`{} {}?=...`) or make it optional (`{}?`)",
                        spec.ty.name(),
                        spec.name,
                        spec.name
                    )),
                );
            }
        }
    }

    /// Every table of the job's table folders and the shared one, by name.
    /// The same table declared twice must be declared alike: one database
    /// holds one table of that name.
    fn read_tables(&mut self, folders: &[PathBuf]) -> IndexMap<String, Arc<TableDecl>> {
        let mut tables: IndexMap<String, Arc<TableDecl>> = IndexMap::new();
        for folder in folders {
            let mut paths = Vec::new();
            self.collect_xs_files(folder, &mut paths);
            paths.sort();
            for path in paths {
                let Some(file) = self.read_source(path) else {
                    continue;
                };
                let document = match parse_document(&file) {
                    Ok(document) => document,
                    Err(problems) => {
                        self.diagnostics.extend(problems);
                        continue;
                    }
                };
                for decl in read_tables(&file, &document, &mut self.diagnostics) {
                    match tables.get(decl.name()) {
                        Some(first) if same_schema(first, &decl) => {}
                        Some(first) => {
                            let first_at =
                                Diagnostic::error(&first.file, first.span, "").location();
                            self.diagnostics.push(
                                Diagnostic::error(
                                    &decl.file,
                                    decl.span,
                                    format!("table `{}` is declared twice with different schemas", decl.name()),
                                )
                                .with_hint(format!("also declared at {first_at}; one database holds one `{}`: make the declarations the same, or rename one", decl.name())),
                            );
                        }
                        None => {
                            tables.insert(decl.name().to_owned(), Arc::new(decl));
                        }
                    }
                }
            }
        }
        tables
    }

    fn collect_xs_files(&mut self, folder: &Path, paths: &mut Vec<PathBuf>) {
        let entries = match fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(error) => {
                self.path_problems
                    .push(PathProblem::io(folder, "the folder", error));
                return;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            // Symlinked folders are not followed, so a link loop cannot hang the loader.
            if kind.is_dir() {
                self.collect_xs_files(&path, paths);
            } else if path.extension().is_some_and(|ext| ext == "xs") {
                paths.push(path);
            }
        }
    }

    /// Indexes functions by declared name; a second definition is an error
    /// that names both places.
    fn index(&mut self, functions: Vec<Function>) -> IndexMap<String, Arc<Function>> {
        let mut index: IndexMap<String, Arc<Function>> = IndexMap::with_capacity(functions.len());
        for function in functions {
            if let Some(first) = index.get(&function.name) {
                let first_at = Diagnostic::error(&first.file, first.span, "").location();
                let message = format!("function `{}` is defined twice", function.name);
                self.diagnostics.push(
                    Diagnostic::error(&function.file, function.span, message)
                        .with_hint(format!("also defined at {first_at}; rename or remove one")),
                );
                continue;
            }
            index.insert(function.name.clone(), Arc::new(function));
        }
        index
    }

    /// Every `function.run` must name a function of the folder: a typo shows
    /// in `check`, not halfway through a run that already sent requests.
    /// `$env.NAME` that `run.xs` does not declare reads as null: say so,
    /// wherever it is written (the stack, `response`, `test` blocks, mocks),
    /// once per name and file.
    fn check_env_reads(&mut self, declared: &[String]) {
        let mut reported = std::collections::HashSet::new();
        for (file, name, span) in std::mem::take(&mut self.env_reads) {
            if declared.contains(&name)
                || !reported.insert((file.path().to_path_buf(), name.clone()))
            {
                continue;
            }
            let hint = match suggest::closest(&name, declared.iter().map(String::as_str)) {
                Some(close) => format!("did you mean `$env.{close}`?"),
                None => format!("add \"{name}\" to `env = [...]` in run.xs"),
            };
            self.diagnostics.push(
                Diagnostic::warning(
                    &file,
                    span,
                    format!(
                        "`$env.{name}` is not in the job's `env` list, so it is never checked and reads as null"
                    ),
                )
                .with_hint(hint),
            );
        }
    }

    fn check_function_runs(
        &mut self,
        callers: &IndexMap<String, Arc<Function>>,
        functions: &IndexMap<String, Arc<Function>>,
    ) {
        if self.function_file_unreadable {
            return;
        }
        for function in callers.values() {
            for (called, span) in crate::program::function_calls(&function.stack) {
                if functions.contains_key(called) {
                    continue;
                }
                let known = functions.keys().map(String::as_str);
                let hint = match suggest::closest(called, known) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => {
                        format!("add function/{called}.xs with `function \"{called}\" {{ ... }}`")
                    }
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        &function.file,
                        span,
                        format!("`function.run` names an unknown function `{called}`"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }

    /// `main.name` must name a function of the folder, and `main.input`'s
    /// values must fit that function's inputs.
    fn check_main(
        &mut self,
        run_file: &Arc<SourceFile>,
        decl: &RunDecl,
        functions: &IndexMap<String, Arc<Function>>,
    ) {
        let Some((main, span)) = &decl.main else {
            return;
        };
        let Some(function) = functions.get(main) else {
            if self.function_file_unreadable {
                return;
            }
            let known: Vec<&str> =
                suggest::by_closeness(main, functions.keys().map(String::as_str));
            let hint = if known.is_empty() {
                format!(
                    "the folder has no functions: add function/{main}.xs with `function \"{main}\" {{ ... }}`"
                )
            } else {
                let listed = suggest::quoted_list(&known);
                match suggest::closest(main, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`? known functions: {listed}"),
                    None => format!("known functions: {listed}"),
                }
            };
            self.diagnostics.push(
                Diagnostic::error(
                    run_file,
                    *span,
                    format!("`main.name` names an unknown function `{main}`"),
                )
                .with_hint(hint),
            );
            return;
        };
        self.check_main_input(run_file, decl, function);
    }

    /// The job's default inputs are checked now, so a typo in run.xs shows in
    /// `check` rather than at run time. Required inputs may be left for the
    /// caller, so missing ones are not reported here.
    fn check_main_input(
        &mut self,
        run_file: &Arc<SourceFile>,
        decl: &RunDecl,
        function: &Function,
    ) {
        let relaxed: Vec<InputSpec> = function
            .inputs
            .iter()
            .map(|spec| InputSpec {
                optional: true,
                // Defaults were checked with their declaration; not again here.
                default: None,
                ..spec.clone()
            })
            .collect();
        let fallback = decl.main_input_span.unwrap_or_default();
        let span_of = |path: &str| -> Span {
            let key = path.split(['.', '[']).next().unwrap_or(path);
            decl.main_input_spans
                .iter()
                .find(|(name, _)| name == key)
                .map_or(fallback, |(_, span)| *span)
        };
        let (problems, ignored) = check_inputs_fully(&relaxed, &decl.main_input);
        for problem in problems {
            let message = format!("`main.input.{}`: {}", problem.path, problem.message);
            let diagnostic = Diagnostic::error(run_file, span_of(&problem.path), message);
            self.diagnostics.push(match problem.hint {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            });
        }
        for ignored in ignored {
            let message = format!(
                "`main.input.{}` is not an input of function `{}`, so it is ignored",
                ignored.path, function.name
            );
            let diagnostic = Diagnostic::warning(run_file, span_of(&ignored.path), message);
            self.diagnostics.push(match ignored.hint {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            });
        }
    }
}

#[derive(Default)]
struct Layout {
    has_run_file: bool,
    function_folders: Vec<PathBuf>,
    task_folders: Vec<PathBuf>,
    /// The job's own table folders first, then the shared one.
    table_folders: Vec<PathBuf>,
}

/// Two declarations of one table agree on what is stored: fields and indexes.
pub(crate) fn same_schema(a: &TableDecl, b: &TableDecl) -> bool {
    a.table.fields == b.table.fields && a.table.indexes == b.table.indexes
}
