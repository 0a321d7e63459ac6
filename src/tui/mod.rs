//! The terminal user interface: `app` (the main screen under a stack of dialogs, and the key
//! router), `workbench` (the main screen's state), `component` (what a dialog is), `dialogs`
//! (one file per dialog: state, keys, drawing), `views` (the main screen's panes and shared
//! drawing helpers), `form` (the form widget and the one line editor), `scroll`, `action` (the
//! vocabulary), `keymap`, `theme`, `login` (the login screen's state) and `run` (the event
//! loops).
pub mod action;
pub mod app;
pub mod component;
pub mod dialogs;
pub mod form;
pub mod keymap;
pub mod login;
pub mod run;
pub mod scroll;
pub mod theme;
pub mod views;
pub mod workbench;
