//! Small drawing helpers shared by the views: borders, truncation, centred popups.
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders};

use crate::tui::theme::Theme;

/// A bordered block in the theme's style; ASCII borders in plain mode.
pub fn block<'a>(theme: &Theme, title: String, focused: bool) -> Block<'a> {
    let style = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    let set = if theme.plain {
        border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        }
    } else if focused {
        border::THICK
    } else {
        border::PLAIN
    };
    let marker = if focused { "* " } else { "" };
    Block::default()
        .borders(Borders::ALL)
        .border_set(set)
        .border_style(style)
        .title(format!(" {marker}{title} "))
        .title_style(if focused { theme.title } else { theme.base })
}

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centered_never_exceeds_the_area() {
        let r = centered(Rect::new(0, 0, 10, 5), 40, 20);
        assert_eq!(r, Rect::new(0, 0, 10, 5));
        let r = centered(Rect::new(0, 0, 100, 40), 40, 20);
        assert_eq!(r, Rect::new(30, 10, 40, 20));
    }
}
