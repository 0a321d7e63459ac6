//! The terminal user interface: `app` (state and dispatch), `action` (the vocabulary), `keymap`,
//! `theme`, `views` (one file per pane or dialog) and `run` (the event loop).
pub mod action;
pub mod app;
pub mod form;
pub mod keymap;
pub mod run;
pub mod theme;
pub mod views;
