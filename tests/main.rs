//! Workspace-level tests
