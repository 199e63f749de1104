//! Job folders: loading, selection, input and environment validation.

pub mod model;
