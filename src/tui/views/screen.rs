//! The whole screen: title bar, subject list, header, tabs, detail, status bar, and the dialogs
//! over them (each draws itself). Drawing reports what the next keys need ([`Laid`]).
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::layout::Areas;
use super::{detail, header, list, small, status};
use crate::tui::app::{App, Laid};
use crate::tui::component::Paint;

/// Draw `app` into `frame`. Never mutates the state, never panics at any size.
pub fn draw(frame: &mut Frame, app: &App) -> Laid {
    let size = frame.area();
    let paint = Paint {
        theme: &app.theme,
        keymap: &app.keymap,
        screen: size,
        title: title_line(app, size.width),
        status: status::line(app),
    };
    let mut laid = Laid {
        too_small: Areas::of(size).is_none(),
        list_offset: app.main.list_offset,
        ..Laid::default()
    };
    // A full-screen dialog (the Trends view, the lock) hides everything under it.
    if let Some(from) = app.layers.iter().rposition(|c| c.full_screen()) {
        for c in &app.layers[from..] {
            c.draw(frame, &paint);
        }
        return laid;
    }
    let Some(areas) = Areas::of(size) else {
        small::draw(frame, size, app);
        return laid;
    };
    frame.render_widget(
        Paragraph::new(paint.title.clone()).style(app.theme.base),
        areas.title,
    );
    let (rows, offset) = list::draw(frame, areas.list, app);
    laid.list_rows = rows;
    laid.list_offset = offset;
    header::draw(frame, areas.header, app);
    laid.mark_row = detail::draw(frame, areas.tabs, areas.detail, app);
    laid.main_drawn = true;
    laid.targets = mouse_targets(app, &areas);
    frame.render_widget(Paragraph::new(paint.status.clone()), areas.status);
    for c in &app.layers {
        c.draw(frame, &paint);
    }
    laid
}

/// Where the mouse finds the list's rows, the panes and each tab on this frame.
fn mouse_targets(app: &App, areas: &Areas) -> crate::tui::app::MouseTargets {
    let rows = Block::bordered().inner(areas.list);
    let mut tabs = Vec::new();
    let mut x = areas.tabs.x;
    let bar = detail::tab_bar(app, areas.tabs.width);
    for (span, tab) in bar.spans.iter().zip(crate::domain::PlanPart::ALL) {
        let width = u16::try_from(span.width()).unwrap_or(u16::MAX);
        tabs.push((
            Rect::new(x, areas.tabs.y, width, 1).intersection(areas.tabs),
            tab,
        ));
        x = x.saturating_add(width);
    }
    crate::tui::app::MouseTargets {
        list_rows: rows,
        list: areas.list,
        detail: areas.detail,
        tabs,
    }
}

/// The title bar: the marking, the date and who is logged in, for a screen `width` wide.
pub fn title_line(app: &App, width: u16) -> Line<'static> {
    let t = &app.theme;
    let mut spans = vec![Span::styled(" spmp ", t.tab_active)];
    if width >= 130 {
        spans.push(Span::raw(" Subject Profile Management Plans "));
    }
    if !app.banner.is_empty() {
        spans.push(Span::styled(
            format!("  {} ", crate::text::line(&app.banner)),
            t.warn,
        ));
    }
    spans.push(Span::styled(
        format!(
            "  OFFICIAL-SENSITIVE  {}",
            crate::domain::fmt_date(app.today())
        ),
        t.dim,
    ));
    // Who is logged in, after the marking (which must never be cut): with the roles if they
    // fit, else the name alone.
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = usize::from(width).saturating_sub(used);
    let who = format!("  {}", app.who());
    let name = format!("  {}", crate::text::line(&app.store.actor().label()));
    let who = if who.len() <= room { who } else { name };
    spans.push(Span::styled(who, t.key));
    Line::from(spans)
}
