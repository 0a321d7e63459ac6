//! [`Scroll`]: the one scroll position of everything that scrolls (the detail pane, help,
//! history, audit trail, Trends). How far content can scroll is known only when it is drawn, so
//! drawing records the limit ([`Scroll::fit`]) and the next key stops at it: state never asks
//! the views how long anything is.
use std::cell::Cell;

use crate::tui::action::Action;

/// Rows moved by a page.
pub const PAGE: u16 = 10;

#[derive(Debug, Clone, Default)]
pub struct Scroll {
    offset: u16,
    /// The furthest offset the last frame could show (`u16::MAX` until one was drawn).
    max: Cell<Option<u16>>,
}

impl Scroll {
    /// The first row to show.
    pub fn offset(&self) -> u16 {
        self.offset
    }

    /// Back to the top.
    pub fn reset(&mut self) {
        self.offset = 0;
    }

    /// Show row `row` (clamped at the next frame).
    pub fn set(&mut self, row: u16) {
        self.offset = row;
    }

    /// Apply a movement action; false for any other action.
    pub fn apply(&mut self, action: Action) -> bool {
        let max = self.max.get().unwrap_or(u16::MAX);
        self.offset = match action {
            Action::MoveDown => self.offset.saturating_add(1),
            Action::MoveUp => self.offset.saturating_sub(1),
            Action::PageDown => self.offset.saturating_add(PAGE),
            Action::PageUp => self.offset.saturating_sub(PAGE),
            Action::Top => 0,
            Action::Bottom => max,
            _ => return false,
        }
        .min(max);
        true
    }

    /// While drawing: `lines` of content in `rows` rows. Records how far it can scroll and
    /// returns the offset to draw at.
    pub fn fit(&self, lines: usize, rows: u16) -> u16 {
        self.fit_from(self.offset, lines, rows)
    }

    /// [`Scroll::fit`] drawing from `offset` instead of the kept one (a jump to an item).
    pub fn fit_from(&self, offset: u16, lines: usize, rows: u16) -> u16 {
        let max = max_offset(lines, rows);
        self.max.set(Some(max));
        offset.min(max)
    }
}

/// The furthest content of `lines` can scroll in `rows` rows so its last line sits at the bottom.
pub fn max_offset(lines: usize, rows: u16) -> u16 {
    u16::try_from(lines.saturating_sub(usize::from(rows))).unwrap_or(u16::MAX)
}

/// The first row of a list of `height` rows to show so that `selected` is on screen.
pub fn first_row(selected: usize, height: usize) -> usize {
    if height == 0 {
        return selected;
    }
    selected.saturating_sub(height - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_within_what_the_last_frame_showed() {
        let mut s = Scroll::default();
        assert!(s.apply(Action::PageDown));
        assert_eq!(s.offset(), PAGE, "no frame yet: no limit");
        assert_eq!(s.fit(25, 20), 5, "drawn at the limit");
        assert!(s.apply(Action::MoveDown));
        assert_eq!(s.offset(), 5, "kept at the limit");
        assert!(s.apply(Action::Top));
        assert_eq!(s.offset(), 0);
        assert!(s.apply(Action::Bottom));
        assert_eq!(s.offset(), 5);
        assert!(!s.apply(Action::Open));
        assert_eq!(max_offset(3, 20), 0);
    }

    #[test]
    fn first_row_keeps_the_selection_visible() {
        assert_eq!(first_row(0, 10), 0);
        assert_eq!(first_row(9, 10), 0);
        assert_eq!(first_row(10, 10), 1);
        assert_eq!(first_row(99_999, 20), 99_980);
        assert_eq!(first_row(5, 0), 5);
    }
}
