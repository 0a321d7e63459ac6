//! Helpers shared by the test crates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod app;
pub mod cli;
pub mod forms;
pub mod offline;
pub mod pty;
pub mod raw;
pub mod server;
pub mod store;
