//! A reusable form: labelled fields of every [`FieldKind`](crate::edit::FieldKind), edited in
//! place, with faults explained inline next to their field.
//!
//! - [`FormState`] holds the fields, the focus and the faults; the app feeds it keys its keymap
//!   did not claim ([`FormState::handle_key`]) and moves between fields itself
//!   ([`FormState::next_field`]).
//! - [`render`] draws it as a bordered panel that scrolls to the focused field.
//! - Each field is checked as it is typed by `edit::parse::check`, the parser `ops` applies
//!   the form with, and a date shows how it was read (`= 23 Nov 2026`).
//! - [`paste`] is what pasted text becomes in a field (one line or several, no control
//!   characters); every text field in the app pastes through it.
mod draw;
mod field;
mod line;
pub mod paste;
mod render;
mod state;

#[cfg(test)]
mod render_tests;
#[cfg(test)]
mod tests;

pub use field::{Editor, Field, Preview};
pub use line::LineEdit;
pub use render::render;
pub use state::FormState;
