//! What a loaded job is: its `run.job` declaration and the functions of its folder.

use std::path::PathBuf;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::job::inline_test::InlineTest;
use crate::program::{Block, Expr};
use crate::source::{SourceFile, Span};
use crate::syntax::ast;
use crate::value::{Object, Value};

/// One job folder, parsed and checked.
#[derive(Debug)]
pub struct Job {
    /// The quoted name of `run.job "Name"`.
    pub name: String,
    /// The folder that holds `run.xs`.
    pub folder: PathBuf,
    pub run_file: Arc<SourceFile>,
    pub description: Option<String>,
    /// The declared name of the function `main` runs.
    pub main: String,
    /// `main.input`: default inputs, constants only.
    pub main_input: Object,
    /// `env = [...]`: the environment variables the job needs.
    pub env: Vec<String>,
    /// Every function of the folder, by declared name.
    pub functions: IndexMap<String, Arc<Function>>,
    /// The tables the job sees: its own `tables/` (or `table/`) and the
    /// shared `tables/` beside the job folders, by name.
    pub tables: IndexMap<String, Arc<crate::job::table_decl::TableDecl>>,
    /// Every task of the folder's `task/` (or `tasks/`), by declared name.
    pub tasks: IndexMap<String, Arc<Task>>,
    /// Problems that do not stop the job (unknown attributes, ignored
    /// `main.input` keys...), for the caller to show.
    pub warnings: Vec<Diagnostic>,
}

impl Job {
    /// The declared tables, as the database layer takes them.
    pub fn table_models(&self) -> Vec<runner_db::Table> {
        self.tables
            .values()
            .map(|decl| decl.table.clone())
            .collect()
    }

    pub fn main_function(&self) -> Option<&Arc<Function>> {
        self.functions.get(&self.main)
    }

    /// The folder's name, by which a job can also be selected.
    pub fn folder_name(&self) -> String {
        self.folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// `function "name" { input {..} stack {..} response = .. test ".." {..} }`.
#[derive(Debug)]
pub struct Function {
    pub name: String,
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub description: Option<String>,
    pub inputs: Vec<InputSpec>,
    pub stack: Block,
    /// `response = ...`, lowered with the stack.
    pub response: Option<Expr>,
    /// The inline `test "..." { ... }` blocks that can run, lowered at load.
    pub tests: Vec<InlineTest>,
}

/// `task "name" { description input stack response schedule retry }`: a
/// body run as a function is, on a schedule, in its job's environment.
#[derive(Debug)]
pub struct Task {
    pub name: String,
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub description: Option<String>,
    /// The task's input, stack and response, named after the task: it runs
    /// as a function does.
    pub function: Arc<Function>,
    /// Empty when the task declares none: it runs only when asked.
    pub schedule: crate::schedule::Schedule,
    /// `retry = {max_retries, delay}`: failed occurrences run again.
    pub retry: Option<TaskRetry>,
}

/// How a task's failed occurrence is run again (`task_decl` says why this shape).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskRetry {
    /// Runs after the first failed one.
    pub max_retries: u32,
    /// Seconds from a failure to its retry.
    pub delay_seconds: u64,
}

/// The base type of an input declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    Text,
    Int,
    Decimal,
    Bool,
    Json,
    Email,
    Timestamp,
    Date,
    Uuid,
    Enum,
    Object,
    Password,
}

impl InputType {
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "text" => InputType::Text,
            "int" => InputType::Int,
            "decimal" => InputType::Decimal,
            "bool" => InputType::Bool,
            "json" => InputType::Json,
            "email" => InputType::Email,
            "timestamp" => InputType::Timestamp,
            "date" => InputType::Date,
            "uuid" => InputType::Uuid,
            "enum" => InputType::Enum,
            "object" => InputType::Object,
            "password" => InputType::Password,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            InputType::Text => "text",
            InputType::Int => "int",
            InputType::Decimal => "decimal",
            InputType::Bool => "bool",
            InputType::Json => "json",
            InputType::Email => "email",
            InputType::Timestamp => "timestamp",
            InputType::Date => "date",
            InputType::Uuid => "uuid",
            InputType::Enum => "enum",
            InputType::Object => "object",
            InputType::Password => "password",
        }
    }
}

/// One declared input, ready for validation.
#[derive(Debug, Clone)]
pub struct InputSpec {
    pub name: String,
    pub ty: InputType,
    pub is_array: bool,
    /// `type[min:max]`: bounds on an array's length.
    pub array_bounds: Option<ast::ArrayBounds>,
    /// `type?`: null is allowed.
    pub nullable: bool,
    /// `name?`: may be left out.
    pub optional: bool,
    pub default: Option<Value>,
    /// Input filters (`trim`, `lower`, `min:3`...), applied in order.
    pub filters: Vec<ast::InputFilter>,
    /// `sensitive = true`: the value is redacted wherever it would be shown.
    pub sensitive: bool,
    pub description: Option<String>,
    /// For `enum`: the allowed values.
    pub enum_values: Vec<String>,
    /// For `object`: the schema of its fields (empty when it has none).
    pub schema: Vec<InputSpec>,
    pub span: Span,
}
