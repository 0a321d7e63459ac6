//! Where each part of the screen goes. Pure, so the run loop and the views agree.
use ratatui::layout::Rect;

/// The smallest terminal the full screen needs; below it a "too small" screen is drawn.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Rows the subject header takes above the tabs.
pub const HEADER_HEIGHT: u16 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub title: Rect,
    pub list: Rect,
    pub header: Rect,
    pub tabs: Rect,
    pub detail: Rect,
    pub status: Rect,
}

impl Areas {
    /// The layout for a screen of `size`, or `None` when it is below the minimum.
    pub fn of(size: Rect) -> Option<Areas> {
        if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
            return None;
        }
        let body_y = size.y + 1;
        let body_h = size.height - 2;
        let list_w = (size.width * 36 / 100).clamp(32, 48);
        let right_x = size.x + list_w;
        let right_w = size.width - list_w;
        Some(Areas {
            title: Rect::new(size.x, size.y, size.width, 1),
            list: Rect::new(size.x, body_y, list_w, body_h),
            header: Rect::new(right_x, body_y, right_w, HEADER_HEIGHT),
            tabs: Rect::new(right_x, body_y + HEADER_HEIGHT, right_w, 1),
            detail: Rect::new(
                right_x,
                body_y + HEADER_HEIGHT + 1,
                right_w,
                body_h - HEADER_HEIGHT - 1,
            ),
            status: Rect::new(size.x, size.y + size.height - 1, size.width, 1),
        })
    }

    /// Rows of subjects the list shows (inside its border).
    pub fn list_rows(&self) -> usize {
        usize::from(self.list.height.saturating_sub(2))
    }

    /// Inner size of the detail pane (inside its border).
    pub fn detail_inner(&self) -> (u16, u16) {
        (
            self.detail.width.saturating_sub(2),
            self.detail.height.saturating_sub(2),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_minimum_has_no_layout() {
        assert_eq!(Areas::of(Rect::new(0, 0, 79, 24)), None);
        assert_eq!(Areas::of(Rect::new(0, 0, 80, 23)), None);
        assert_eq!(Areas::of(Rect::new(0, 0, 0, 0)), None);
    }

    #[test]
    fn areas_tile_the_screen_without_overlap() {
        for (w, h) in [(80, 24), (120, 40), (300, 100)] {
            let a = Areas::of(Rect::new(0, 0, w, h)).expect("big enough");
            assert_eq!(a.list.width + a.detail.width, w);
            assert_eq!(a.title.height + a.list.height + a.status.height, h);
            assert_eq!(
                a.header.height + a.tabs.height + a.detail.height,
                a.list.height
            );
            assert_eq!(a.status.y, h - 1);
        }
    }
}
