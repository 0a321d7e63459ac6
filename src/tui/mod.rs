//! The terminal user interface.
pub mod action;
pub mod theme;
pub mod views;
