//! The terminal user interface: `login` (the login screen's state), `app` (state and dispatch),
//! `action` (the vocabulary), `keymap`, `theme`, `views` (one file per pane or dialog) and `run`
//! (the event loops).
pub mod action;
pub mod app;
pub mod form;
pub mod keymap;
pub mod login;
pub mod run;
pub mod theme;
pub mod views;
