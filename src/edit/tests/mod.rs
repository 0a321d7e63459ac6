//! Tests of the editing model: parsing, forms of every kind, apply, delete and item lists.
//! Dates are fixed (`today` is Monday 15 June 2026, see [`crate::domain::testkit::today`]).
mod parse;
