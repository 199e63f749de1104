//! Job folders: loading, selection, input and environment validation.

pub mod constant;
pub mod env;
pub mod inputs;
pub mod model;
pub mod suggest;

pub use env::{MissingEnv, check_env};
pub use inputs::{
    InputErrors, InputProblem, ValidatedInputs, build_input_specs, check_inputs, parse_cli_value,
    validate_inputs,
};
pub use model::{Function, InputSpec, InputType, Job};
