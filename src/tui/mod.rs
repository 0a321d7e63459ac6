//! The terminal user interface.
pub mod theme;
