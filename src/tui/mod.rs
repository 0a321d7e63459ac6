//! The terminal user interface.
pub mod action;
pub mod keymap;
pub mod theme;
pub mod views;
