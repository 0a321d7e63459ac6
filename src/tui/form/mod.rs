//! A reusable form: labelled fields of every [`FieldKind`](crate::edit::FieldKind), edited in
//! place, with faults explained inline next to their field.
//!
//! - [`FormState`] holds the fields, the focus and the faults; the app feeds it keys its keymap
//!   did not claim ([`FormState::handle_key`]) and moves between fields itself
//!   ([`FormState::next_field`]).
//! - [`render`] draws it as a bordered panel that scrolls to the focused field.
//! - The per-field check and the date preview are plain functions held by the form
//!   ([`Checker`], [`DatePreview`]); [`check_field`] and [`preview_date`] are the defaults.
mod check;
mod draw;
mod field;
mod line;
mod render;
mod state;

#[cfg(test)]
mod render_tests;
#[cfg(test)]
mod tests;

pub use check::{Checker, DatePreview, check_field, parse_date, preview_date};
pub use field::{Editor, Field};
pub use line::LineEdit;
pub use render::render;
pub use state::FormState;
