//! Small drawing helpers shared by the views and the dialogs: borders, centred popups, the
//! boxed panel of the full-screen gates (login, lock) and their input lines.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::theme::Theme;

/// A bordered block in the theme's style; in the screen-reader mode (`--plain`) a title line
/// and no border.
pub fn block<'a>(theme: &Theme, title: String, focused: bool) -> Block<'a> {
    let style = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    if theme.plain {
        // The screen-reader mode draws no borders (a reader would read them out line by line):
        // the title is a line of its own above the content.
        return Block::default()
            .borders(Borders::NONE)
            .title(title)
            .title_style(theme.heading);
    }
    let set = if focused {
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

/// A passphrase of `chars` characters as typed, masked: one `*` per character.
pub fn masked(chars: usize) -> String {
    "*".repeat(chars)
}

/// A titled box of `lines` centred on a cleared screen; when the screen is too small for the
/// box, the `compact` lines alone, one row each from the top left, cut at the right edge (never
/// a panic, at any size).
pub fn panel(
    frame: &mut Frame,
    theme: &Theme,
    title: &str,
    lines: Vec<Line<'static>>,
    compact: Vec<Line<'static>>,
) {
    let area = frame.area();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new("").style(theme.base), area);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let width = area.width.min(80);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let needed: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let height = u16::try_from(needed + 2).unwrap_or(u16::MAX);
    if area.width < 40 || height > area.height {
        frame.render_widget(Paragraph::new(compact).style(theme.base), area);
        return;
    }
    let boxed = centered(area, width, height);
    let b = block(theme, title.to_string(), true);
    let inner = b.inner(boxed);
    frame.render_widget(b, boxed);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A labelled input line: `> Label: value_` when focused.
pub fn field_line(theme: &Theme, label: &str, value: &str, focused: bool) -> Line<'static> {
    let marker = if focused { "> " } else { "  " };
    let mut spans = vec![
        Span::styled(format!("{marker}{label}: "), theme.heading),
        Span::raw(value.to_string()),
    ];
    if focused {
        spans.push(Span::styled("_", theme.key));
    }
    Line::from(spans)
}

pub fn error_line(theme: &Theme, error: &Option<String>) -> Option<Line<'static>> {
    error
        .as_ref()
        .map(|e| Line::styled(crate::text::line(e).into_owned(), theme.warn))
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
