//! Plain Rust types and pure rules for the SPMP domain: no I/O, no terminal, no SQL.
//!
//! A [`Subject`] is one aggregate: the person, their orders (with conditions and notification
//! clocks), the three plan sections, risk assessments, reviews, breaches and visits. Everything
//! derived (order status, notification due dates, next review date, the timeline) is computed by
//! the functions here from plain values and a `today` date passed in, so every rule is testable.

mod diff;
mod order;
mod plan;
mod queue;
mod review;
mod risk;
mod schedule;
mod stats;
mod subject;
mod timeline;
mod validate;

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

pub use diff::*;
pub use order::*;
pub use plan::*;
pub use queue::*;
pub use review::*;
pub use risk::*;
pub use schedule::*;
pub use stats::*;
pub use subject::*;
pub use timeline::*;
pub use validate::*;

/// Identifier of an item inside one subject (order, condition, device...). Unique within its list.
pub type ItemId = u32;

/// Identifier of a subject, unique within a store.
pub type SubjectId = u64;
