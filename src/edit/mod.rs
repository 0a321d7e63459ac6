//! Editing the plan without a terminal: what fields each kind of item has, how a form's text
//! values are read from and applied to a subject, and how typed values are parsed.
//!
//! A form is a list of [`FieldSpec`]s and one `String` value per field. Values stay as the user
//! typed them (so a draft can be saved and restored exactly); [`apply`] parses them, builds a new
//! subject with the change and runs the domain's validation, mapping any fault back to the field
//! it concerns. Nothing here touches the store or the screen, so the TUI, the CLI and the tests
//! share one set of rules.

mod apply;
mod items;
pub mod parse;
pub mod review;
mod schema;
mod spec;

#[cfg(test)]
mod tests;

pub use apply::{EditError, apply, delete, values};
pub use items::{addable, items, kind_label, parents};
pub use schema::events::breach_prefill;
pub use schema::fields;
pub use spec::*;
