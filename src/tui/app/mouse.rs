//! The mouse on the main screen: what the last frame reported where (`MouseTargets`), and what
//! a click or the wheel does there.
use crossterm::event::MouseEvent;

use super::App;
use crate::domain::PlanPart;
use crate::tui::action::Action;
use crate::tui::workbench::Focus;

/// What a click or the wheel finds on the main screen, as the last frame laid it out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MouseTargets {
    /// The list's rows (inside its border): the first is row `list_offset`.
    pub list_rows: ratatui::layout::Rect,
    /// The whole list pane (the wheel).
    pub list: ratatui::layout::Rect,
    /// The detail pane (the wheel).
    pub detail: ratatui::layout::Rect,
    /// Each tab's place in the tab bar.
    pub tabs: Vec<(ratatui::layout::Rect, PlanPart)>,
}

impl App {
    /// The mouse: the wheel moves the list or scrolls the detail pane under it (in a dialog, it
    /// moves as the arrow keys do); a click on a list row puts the cursor there, a click on a
    /// tab shows it. Opening a record stays a key (`enter`): it is recorded with a reason.
    pub fn handle_mouse(&mut self, event: MouseEvent) {
        use crossterm::event::{MouseButton, MouseEventKind};
        if self.locked() || self.too_small {
            return;
        }
        let wheel = match event.kind {
            MouseEventKind::ScrollUp => Some(Action::MoveUp),
            MouseEventKind::ScrollDown => Some(Action::MoveDown),
            _ => None,
        };
        if !self.layers.is_empty() {
            if let Some(action) = wheel {
                self.dispatch(action);
            }
            return;
        }
        let at = ratatui::layout::Position::new(event.column, event.row);
        let t = &self.targets;
        let click = matches!(event.kind, MouseEventKind::Down(MouseButton::Left));
        if let Some(action) = wheel {
            if t.list.contains(at) {
                self.main.focus = Focus::List;
                self.main.move_list(action);
            } else if t.detail.contains(at) {
                self.main.focus = Focus::Detail;
                for _ in 0..3 {
                    self.main.detail.apply(action);
                }
            }
        } else if click && t.list_rows.contains(at) {
            let row = usize::from(event.row - t.list_rows.y);
            self.main.select_row(self.main.list_offset + row);
        } else if click && let Some(&(_, tab)) = t.tabs.iter().find(|(r, _)| r.contains(at)) {
            self.main.set_tab(tab);
            self.main.focus = Focus::Detail;
        }
        self.load_current();
    }
}
