//! Plain Rust types and pure rules for the SPMP domain: no I/O, no terminal, no SQL.
//!
//! A [`Subject`] is one aggregate: the person, their orders (with conditions and notification
//! clocks), the three plan sections, risk assessments, reviews, breaches and visits. Everything
//! derived (order status, notification due dates, next review date, the timeline) is computed by
//! the functions here from plain values and a `today` date passed in, so every rule is testable.

mod authz;
mod combine;
pub mod dates;
mod days;
mod diff;
mod draft;
mod error;
mod governance;
mod identifiers;
mod instrument;
mod merge;
mod officer;
mod order;
mod plan;
mod policy;
mod queue;
mod reassess;
mod redact;
mod review;
mod risk;
mod schedule;
mod scrub;
mod sentences;
mod signoff;
mod stats;
mod subject;
mod summary;
mod target;
mod timeline;
mod username;
mod validate;
mod versions;
mod victim;

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

pub use authz::*;
pub use combine::*;
pub use days::{DayWindow, day_number, day_number_opt};
pub use diff::*;
pub use draft::*;
pub use error::*;
pub use governance::*;
pub use identifiers::*;
pub use instrument::*;
pub use merge::*;
pub use officer::*;
pub use order::*;
pub use plan::*;
pub use policy::*;
pub use queue::*;
pub use reassess::*;
pub use redact::*;
pub use review::*;
pub use risk::*;
pub use schedule::*;
pub use scrub::{Scrubber, WITHHELD, for_each_free_text};
pub use sentences::{FieldLabels, PlainLabels, sentences};
pub use signoff::*;
pub use stats::*;
pub use subject::*;
pub use summary::*;
pub use target::*;
pub use timeline::*;
pub use username::*;
pub use validate::*;
pub use versions::*;
pub use victim::*;

/// Identifier of an item inside one subject (order, condition, device...). Unique within its list.
pub type ItemId = u32;

/// Identifier of a subject, unique within a store.
pub type SubjectId = u64;
