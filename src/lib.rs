//! spmp: a keyboard-driven terminal workbench for Subject Profile Management Plans.
//!
//! See `docs/ARCHITECTURE.md` for the module map and the path of a keystroke.

pub mod config;
pub mod domain;
pub mod sanitize;
pub mod search;
pub mod interchange;
pub mod store;
pub mod tui;
pub mod cli;
pub mod demo;
pub mod commands;
