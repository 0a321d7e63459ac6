//! The main screen's panes, one file each, and the drawing helpers dialogs share (`widgets`,
//! `text`). Views take `&App` (or plain values) and draw; they never mutate. Dialogs draw
//! themselves (`tui/dialogs/`).
use chrono::NaiveDate;

use crate::domain::Policy;
use crate::tui::theme::Theme;

#[cfg(test)]
pub(crate) mod fixtures;
pub mod reviews;
pub mod risk;
pub mod section1;
pub mod section2;
pub mod text;
pub mod timeline;
pub mod victim;

/// What every pane needs besides the subject: today's date (passed in so tests are stable),
/// force policy, the theme and the width available.
#[derive(Debug, Clone, Copy)]
pub struct ViewCtx<'a> {
    pub today: NaiveDate,
    pub config: &'a Policy,
    pub theme: &'a Theme,
    /// Inner width of the pane in cells, for wrapping and charts.
    pub width: u16,
}

pub mod detail;
pub mod header;
pub mod layout;
pub mod list;
pub mod loading;
pub mod login;
pub mod reader;
pub mod screen;
pub mod small;
pub mod status;
pub mod widgets;
