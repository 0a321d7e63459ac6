//! The screen drawn when the terminal is below the minimum size.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use super::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Layer;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let quit = app
        .keymap
        .hint(Layer::Normal, Action::Quit)
        .unwrap_or_else(|| "ctrl-c".to_string());
    let text = format!(
        "Terminal too small: {}x{}. spmp needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge the window, or press {quit} to quit.",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.warn)
            .wrap(Wrap { trim: true }),
        area,
    );
}
