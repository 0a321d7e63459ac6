//! Plain-text reports for the command line: the same data the TUI shows, as a table, CSV or JSON.
//!
//! Every piece of stored text passes through [`crate::text::line`] before it is written, since
//! reports go to a terminal as often as to a file.

pub mod audit;
pub mod csv;
pub mod queue;
pub mod stats;
