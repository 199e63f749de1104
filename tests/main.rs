//! Workspace-level tests: the crates used together as an embedder would,
//! on the job folders this repository ships.

mod shipped_jobs;
