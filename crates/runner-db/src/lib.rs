//! Xano's database on your machine: tables declared as data ([`model`]),
//! the operations of Xano's `db.*` statements as plain requests
//! ([`request`]), and, with the `engine` feature, two backends that serve
//! them alike: an embedded SQLite file and PostgreSQL ([`Database`]).
//!
//! This crate knows no XanoScript: the interpreter reads table files and
//! statements and hands over [`request::Request`]s with every value already
//! evaluated. Values reach SQL only as bound parameters, whatever they hold.
//! Without `engine` the crate is its model and request types alone, which
//! is all the interpreter depends on; it never opens a database itself.
//!
//! [`history`] keeps the runner's own records (every run, its outcome and
//! its Make attempts) in the same database, in tables whose `_runner_`
//! prefix no declared table may take.

pub mod error;
pub mod model;
pub mod request;

#[cfg(feature = "engine")]
mod engine;
#[cfg(feature = "engine")]
pub mod history;

pub use error::{DbError, ErrorKind};
pub use model::{Field, FieldType, Index, IndexKind, Record, Table};
pub use request::Request;

#[cfg(feature = "engine")]
pub use engine::{
    Database, Dialect, Location, Session, SyncReport, password::verify as verify_password,
};
