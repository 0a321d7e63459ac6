//! Unit tests for the pure domain rules. Dates are fixed (see [`super::testkit::today`]) so every
//! boundary is spelled out.
mod authz;
mod order;
mod queue;
mod queue_states;
mod schedule;
mod signoff;
mod subject;
mod timeline;
mod validate;
mod versions;
