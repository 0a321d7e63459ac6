//! Small drawing helpers shared by the views: borders, truncation, centred popups.
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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

/// Cut `text` to at most `width` cells, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Pad or cut `text` to exactly `width` cells.
pub fn fit(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let pad = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
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
    fn truncate_respects_wide_characters() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn centered_never_exceeds_the_area() {
        let r = centered(Rect::new(0, 0, 10, 5), 40, 20);
        assert_eq!(r, Rect::new(0, 0, 10, 5));
        let r = centered(Rect::new(0, 0, 100, 40), 40, 20);
        assert_eq!(r, Rect::new(30, 10, 40, 20));
    }
}
