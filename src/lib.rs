//! spmp: a keyboard-driven terminal workbench for Subject Profile Management Plans.
//!
//! See `docs/ARCHITECTURE.md` for the module map and the path of a keystroke.

pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod document;
pub mod domain;
pub mod edit;
pub mod generate;
pub mod interchange;
pub mod login;
pub mod memory;
pub mod ops;
pub mod progress;
pub mod report;
pub mod search;
pub mod store;
pub mod text;
pub mod tracker;
pub mod tui;
