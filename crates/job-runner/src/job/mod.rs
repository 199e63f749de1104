//! Job folders: loading, selection, input and environment validation.

pub mod catalog;
pub mod check;
pub mod constant;
pub mod env;
mod function_decl;
pub mod inline_test;
pub mod inputs;
mod literal_check;
pub mod loader;
pub mod model;
pub mod problem;
pub mod records;
mod run_decl;
mod table_check;
pub mod table_decl;
mod task_decl;
mod test_decl;

pub use catalog::{
    CatalogEntry, FindError, JobCatalog, JobsDirError, load_jobs_dir, load_jobs_dir_for,
};
pub use check::{CheckReport, check_path};
pub use env::{MissingEnv, check_env};
pub use inputs::{
    InputErrors, InputProblem, ValidatedInputs, build_input_specs, check_inputs, parse_cli_value,
    validate_inputs, validate_inputs_owned,
};
pub use loader::{LoadFailure, load_job};
pub use model::{Function, InputSpec, InputType, Job, Task, TaskRetry};
pub use problem::PathProblem;
pub use table_decl::TableDecl;
