//! Load, validate and run XanoScript run jobs locally, as Xano's Run Jobs do.
//!
//! A job is a folder: `run.xs` declares `run.job "Name" { main = {..} env = [..] }`
//! and `function/**/*.xs` holds the functions. This crate parses those files
//! ([`syntax`]), lowers statements ([`program`]), loads and checks job folders
//! ([`job`]), validates inputs and environment, and runs functions ([`eval`]).
//! It does not talk to the network itself: effects go through a [`host::Host`].

pub mod diagnostic;
pub mod eval;
pub mod filters;
pub mod host;
pub mod job;
pub mod program;
pub mod run;
pub mod schedule;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod testing;
pub mod value;
