//! Integration tests of the JSON interchange format: the demo data set, round trips, and the
//! all-or-nothing import with faults named by record and field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "interchange/demo_coverage.rs"]
mod demo_coverage;
#[path = "interchange/docs.rs"]
mod docs;
#[path = "interchange/faults.rs"]
mod faults;
#[path = "interchange/round_trip.rs"]
mod round_trip;
